/**
 * The investigation's conclusions in words: the critical findings (credential exposure
 * pattern, what was done by tactic, what was created and is still there, what it cost),
 * the summary paragraph, and the limiting factors (what the evidence cannot show).
 * Every sentence is built from counted evidence; nothing here guesses.
 */
import { bySeverityDesc, severityRank } from '../../core/severity.js';
import type { AffectedResource, ContainmentFacts, CostImpact, CriticalFinding, DetectionHit, Indicators } from '../model.js';
import type { ScopeResult } from '../scope/scope.js';
import type { EvidenceCoverage } from './coverage.js';

/** Everything the conclusions are drawn from. */
export interface FindingsInput {
  scope: ScopeResult;
  /** Detections on in-scope events only. */
  hits: DetectionHit[];
  facts: ContainmentFacts;
  resources: AffectedResource[];
  indicators: Indicators;
  coverage: EvidenceCoverage;
  cost?: CostImpact;
  /** Number of containment steps. */
  steps: number;
  firstStep?: string;
}

const minute = (iso: string) => iso.replace(/:\d\d(\.\d+)?Z$/, '').replace('T', ' ');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : /(s|sh|ch|x)$/.test(word) ? 'es' : 's'}`;
const list = (items: string[], max = 4) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);

/** The critical findings, most severe first. */
export function criticalFindings(input: FindingsInput): CriticalFinding[] {
  const { scope, hits, facts, indicators } = input;
  const findings: CriticalFinding[] = [];
  const events = scope.events;
  if (events.length) {
    const first = events[0]!.row.eventtime;
    const last = events.at(-1)!.row.eventtime;
    const failed = events.filter((e) => e.row.errorcode).length;
    const keys = facts.compromisedKeys.map((k) => (k.userName ? `${k.accessKeyId} (IAM user ${k.userName})` : k.accessKeyId));
    const roles = facts.compromisedRoles;
    const creds = [...keys, ...roles.map((r) => `sessions of ${r}`)];
    const ips = indicators.ips.map((i) => i.value);
    findings.push({
      title: creds.length ? `Compromised credentials used: ${list(creds, 3)}` : 'Activity in scope',
      severity: hits.some((h) => h.severity === 'critical') ? 'critical' : 'high',
      detail:
        `${plural(events.length, 'call')} (${failed} failed) from ${plural(ips.length, 'address')} (${list(ips)}) between ${minute(first)} and ${minute(last)} UTC` +
        (scope.baselines.length ? `; the owner's own use from ${list(scope.baselines.flatMap((b) => b.networks))} is left out.` : '.'),
      eventIds: events.slice(0, 1).map((e) => e.row.eventid),
    });
  }
  // One finding per ATT&CK tactic, from its detections.
  const byTactic = new Map<string, DetectionHit[]>();
  for (const hit of hits) byTactic.set(hit.tactic, [...(byTactic.get(hit.tactic) ?? []), hit]);
  for (const [tactic, group] of byTactic) {
    const top = [...group].sort((a, b) => bySeverityDesc(a.severity, b.severity))[0]!;
    if (severityRank(top.severity) < severityRank('medium')) continue;
    findings.push({
      title: `${tactic}: ${list([...new Set(group.map((h) => h.title))], 3)}`,
      severity: top.severity,
      detail: group.map((h) => `${h.title} (${h.technique}, ${plural(h.eventIds.length, 'event')})`).join('; ') + '.',
      eventIds: [...new Set(group.flatMap((h) => h.eventIds))],
    });
  }
  const created = [
    ...facts.createdUsers.map((u) => `IAM user ${u.userName}${u.attachedPolicies.length ? ` with ${u.attachedPolicies.map((p) => p.split('/').at(-1)).join(', ')}` : ''}`),
    ...facts.createdAccessKeys.map((k) => `access key ${k.accessKeyId} for ${k.userName}`),
    ...facts.createdRoles.map((r) => `role ${r.roleName}${r.attachedPolicies.length ? ` with ${r.attachedPolicies.map((p) => p.split('/').at(-1)).join(', ')}` : ''}`),
    ...(facts.launchedInstances.length ? [`${plural(facts.launchedInstances.length, 'EC2 instance')} in ${[...new Set(facts.launchedInstances.map((i) => i.region))].join(', ')}`] : []),
  ];
  if (created.length) {
    const createdIds = input.resources.filter((r) => r.change === 'created').flatMap((r) => r.eventIds);
    findings.push({ title: 'The attacker created resources that persist until removed', severity: 'critical', detail: `${list(created, 6)}.`, eventIds: [...new Set(createdIds)] });
  }
  if (input.cost && (input.cost.anomalies.length || input.cost.attributed.amount > 0)) {
    const c = input.cost;
    const money = (n: number) => `${c.currency} ${n.toFixed(2)}`;
    const rises = c.anomalies.map((a) => `${a.service}${a.region ? ` in ${a.region}` : ''}: ${money(a.amount)} (${a.baselineDaily ? `usually ${money(a.baselineDaily)} a day` : 'no cost before the window'})`);
    const attributed = c.attributed.amount > 0;
    findings.push({
      title: attributed ? `Cost impact: ${money(c.attributed.amount)} from the attacker's resources` : `Cost rose from ${c.since} (not from resources in this scope)`,
      severity: attributed ? 'high' : 'medium',
      detail:
        (attributed ? `${plural(c.attributed.resources.length, 'resource')} the attacker created cost ${money(c.attributed.amount)} from ${c.since} to ${c.until}. ` : '') +
        `All lines: ${money(c.total)} in the window${rises.length ? `; over the baseline: ${rises.join('; ')}` : ''}.`,
      eventIds: [],
    });
  }
  return findings.sort((a, b) => bySeverityDesc(a.severity, b.severity));
}

/** The summary paragraph. */
export function summaryText(input: FindingsInput): string {
  const { scope, hits, facts, indicators } = input;
  if (!scope.events.length) return 'No event in the evidence matches the case: nothing to contain. See the limiting factors for what the evidence covers.';
  const first = scope.events[0]!.row.eventtime;
  const last = scope.events.at(-1)!.row.eventtime;
  const who = facts.compromisedKeys.length
    ? `Access key ${list(facts.compromisedKeys.map((k) => k.accessKeyId + (k.userName ? ` of IAM user ${k.userName}` : '')), 2)} was used`
    : facts.compromisedRoles.length
      ? `Credentials of role ${list(facts.compromisedRoles.map((r) => r.split('/').at(-1)!), 2)} were used`
      : 'The case’s credentials were used';
  const ips = indicators.ips.map((i) => i.value);
  const parts = [`${who} from ${plural(ips.length, 'unfamiliar address')} (${list(ips, 3)}) between ${minute(first)} and ${minute(last)} UTC: ${plural(scope.events.length, 'call')}, ${scope.events.filter((e) => e.row.errorcode).length} failed.`];
  const did: string[] = [];
  if (facts.createdUsers.length) did.push(`created ${plural(facts.createdUsers.length, 'IAM user')} (${facts.createdUsers.map((u) => u.userName).join(', ')})`);
  if (facts.createdRoles.length) did.push(`created ${plural(facts.createdRoles.length, 'role')} (${facts.createdRoles.map((r) => r.roleName).join(', ')})`);
  if (facts.backdooredRoles.length) did.push(`opened the trust policy of ${facts.backdooredRoles.map((r) => r.roleName).join(', ')}`);
  if (facts.launchedInstances.length) did.push(`launched ${plural(facts.launchedInstances.length, 'instance')} in ${[...new Set(facts.launchedInstances.map((i) => i.region))].join(', ')}`);
  if (facts.secretsRead.length) did.push(`read ${plural(facts.secretsRead.length, 'secret')}`);
  if (facts.bucketPolicies.length) did.push(`changed the policy of bucket ${facts.bucketPolicies.join(', ')}`);
  const reads = input.resources.filter((r) => r.type === 'AWS::S3::Bucket' && r.change === 'read');
  if (reads.length) did.push(`read from ${plural(reads.length, 'bucket')} (${list(reads.map((r) => r.id), 3)})`);
  if (facts.sharedImages.length) did.push(`shared ${plural(facts.sharedImages.length, 'snapshot or image')} with other accounts`);
  const tampering = facts.loggingTampering;
  if (tampering.length) did.push(`${tampering.every((t) => !t.succeeded) ? 'tried and failed' : 'tried'} to disable logging (${[...new Set(tampering.map((t) => t.service))].join(', ')})`);
  if (did.length) parts.push(`The attacker ${list(did, 8)}.`);
  const critical = hits.filter((h) => h.severity === 'critical').length;
  parts.push(`${plural(hits.length, 'detection')} fired on these events${critical ? ` (${critical} critical)` : ''}.`);
  if (input.steps) parts.push(`Contain in ${plural(input.steps, 'step')}, starting with: ${input.firstStep?.replace(/\.$/, '')}.`);
  return parts.join(' ');
}

/** What the evidence cannot show, one sentence each. */
export function limitingFactors(input: FindingsInput): string[] {
  const { coverage, scope } = input;
  const factors = [...scope.notes];
  if (!coverage.dataEvents)
    factors.push('The evidence has no data events (S3 object reads and writes, Lambda invokes): object-level access cannot be seen. Enable data events on the trail, or add S3 server access logs.');
  if (coverage.regions.length === 1)
    factors.push(`The evidence has events from one region only (${coverage.regions[0]}): activity in other regions is not seen unless the trail is multi-region and all of it was exported.`);
  if (coverage.start && scope.window.since && coverage.start > scope.window.since)
    factors.push(`The evidence starts at ${minute(coverage.start)} UTC, after the case window opens (${minute(scope.window.since)} UTC): earlier activity is missing.`);
  for (const gap of coverage.gaps.slice(0, 5)) factors.push(`No events at all between ${minute(gap.from)} and ${minute(gap.to)} UTC: delivery gap or logging stopped.`);
  const outside = input.indicators.accounts.map((a) => a.value);
  if (outside.length) factors.push(`What the attacker did inside outside account${outside.length === 1 ? '' : 's'} ${list(outside)} is not in this evidence; only calls into the investigated account are.`);
  if (input.facts.loggingTampering.some((t) => t.succeeded)) factors.push('Logging was switched off or narrowed during the incident: events after that point may be missing from this trail.');
  return factors;
}
