/**
 * What every investigation report shows the same way: short actor names, `service:Action`
 * labels, error codes, the severity an event carries from its detections, ATT&CK links and
 * UTC times. Reports (Markdown, HTML, terminal) format these; they compute nothing else.
 */
import { SEVERITIES, type Severity, severityRank } from '../../core/severity.js';
import type { CostImpact, DetectionHit, InvestigationResult, TimelineEntry } from '../model.js';

/**
 * The result with every list and object present, so a report read back from an older or
 * hand-edited JSON file (missing `otherDetections`, `indicators.accounts`, …) renders
 * instead of throwing. Values that are there are kept as they are.
 */
export function withDefaults(result: InvestigationResult): InvestigationResult {
  const r = (result ?? {}) as Partial<InvestigationResult>;
  const c = (r.case ?? {}) as Partial<InvestigationResult['case']>;
  const e = (c.entities ?? {}) as Partial<InvestigationResult['case']['entities']>;
  const i = (r.indicators ?? {}) as Partial<InvestigationResult['indicators']>;
  const s = (r.stats ?? {}) as Partial<InvestigationResult['stats']>;
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  return {
    ...r,
    tool: r.tool ?? { name: 'guardian', version: '' },
    generatedAt: r.generatedAt ?? '',
    case: {
      ...c,
      id: c.id ?? '',
      title: c.title ?? '',
      concern: c.concern ?? 'unusual-activity',
      entities: {
        accessKeyIds: list(e.accessKeyIds),
        principals: list(e.principals),
        userNames: list(e.userNames),
        roleNames: list(e.roleNames),
        ips: list(e.ips),
        accountIds: list(e.accountIds),
        regions: list(e.regions),
        instanceIds: list(e.instanceIds),
        buckets: list(e.buckets),
        times: list(e.times),
      },
      facts: c.facts ?? {},
      missingFacts: list(c.missingFacts),
    },
    summary: r.summary ?? '',
    criticalFindings: list(r.criticalFindings),
    detections: list(r.detections).map((d) => ({ ...d, eventIds: list(d.eventIds) })),
    otherDetections: list(r.otherDetections).map((d) => ({ ...d, eventIds: list(d.eventIds) })),
    timeline: list(r.timeline).map((t) => ({ ...t, resources: list(t.resources), detectionIds: list(t.detectionIds), scope: t.scope ?? { kind: '', via: '', text: '' } })),
    affectedResources: list(r.affectedResources).map((a) => ({ ...a, eventIds: list(a.eventIds) })),
    indicators: { ips: list(i.ips), userAgents: list(i.userAgents), accessKeyIds: list(i.accessKeyIds), accounts: list(i.accounts) },
    containment: list(r.containment),
    limitingFactors: list(r.limitingFactors),
    warnings: list(r.warnings),
    stats: { ...s, eventsRead: s.eventsRead ?? 0, eventsStored: s.eventsStored ?? 0, duplicates: s.duplicates ?? 0, malformed: s.malformed ?? 0, inScope: s.inScope ?? 0, durationMs: s.durationMs ?? 0 },
  };
}

/**
 * An actor as a person reads it: the resource part of an ARN (`user/svc-reporting`,
 * `assumed-role/AWSSupportOpsRole/ops`, `root`), anything else unchanged
 * (`account 777788889999`). ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function shortActor(actor: string): string {
  if (!actor.startsWith('arn:')) return actor;
  const resource = actor.split(':').slice(5).join(':');
  return resource || actor;
}

/** `iam:CreateUser` from eventSource `iam.amazonaws.com` and eventName `CreateUser` (the IAM action prefix form). */
export function actionOf(entry: Pick<TimelineEntry, 'eventSource' | 'eventName'>): string {
  const service = (entry.eventSource ?? '').replace(/\.amazonaws\.com$/, '');
  return service ? `${service}:${entry.eventName}` : entry.eventName;
}

/** The errorCode part of a timeline `error` (`AccessDenied` of `AccessDenied: User: … is not authorized …`). */
export function errorCode(error: string | undefined): string | undefined {
  if (!error) return undefined;
  const colon = error.indexOf(': ');
  return colon > 0 ? error.slice(0, colon) : error;
}

/** Detections by id (in-scope first, then the others), to look titles and severities up from timeline entries. */
export function detectionIndex(result: Pick<InvestigationResult, 'detections' | 'otherDetections'>): Map<string, DetectionHit> {
  const index = new Map<string, DetectionHit>();
  for (const hit of [...result.detections, ...result.otherDetections]) if (!index.has(hit.id)) index.set(hit.id, hit);
  return index;
}

/** The most severe of the entry's detections, or undefined when none fired on it. */
export function entrySeverity(entry: Pick<TimelineEntry, 'detectionIds'>, index: Map<string, DetectionHit>): Severity | undefined {
  let worst: Severity | undefined;
  for (const id of entry.detectionIds) {
    const s = index.get(id)?.severity;
    if (s && (worst === undefined || severityRank(s) > severityRank(worst))) worst = s;
  }
  return worst;
}

/** Detections counted by severity, most severe first, every level present (zero when none). */
export function severityCounts(hits: readonly DetectionHit[]): [Severity, number][] {
  return SEVERITIES.map((s) => [s, hits.filter((h) => h.severity === s).length]);
}

/** Detections most severe first, ties by first event order then id (stable across runs). */
export function bySeverity(hits: readonly DetectionHit[]): DetectionHit[] {
  return [...hits].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
}

/**
 * The MITRE ATT&CK page of a technique id: `T1098.001` → https://attack.mitre.org/techniques/T1098/001/.
 * Undefined for anything that is not a technique id (nothing is built from free text).
 */
export function attackTechniqueUrl(technique: string): string | undefined {
  const m = /^T(\d{4})(?:\.(\d{3}))?$/.exec(technique);
  return m ? `https://attack.mitre.org/techniques/T${m[1]}/${m[2] ? `${m[2]}/` : ''}` : undefined;
}

/** The MITRE ATT&CK page of a tactic id: `TA0003` → https://attack.mitre.org/tactics/TA0003/. */
export function attackTacticUrl(tacticId: string): string | undefined {
  return /^TA\d{4}$/.test(tacticId) ? `https://attack.mitre.org/tactics/${tacticId}/` : undefined;
}

/** `2024-06-04 03:13:29` (UTC, seconds) from an ISO 8601 time; the input unchanged when it is not one. */
export function utc(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** `03:13:29` from an ISO 8601 time (the date left out when the reader has it already). */
export function clock(iso: string): string {
  return /T(\d{2}:\d{2}:\d{2})/.exec(iso)?.[1] ?? iso;
}

/** `n word` / `n words`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Concern ids in words, for headings. */
export const CONCERN_TEXT: Record<string, string> = {
  'leaked-credentials': 'Leaked credentials',
  'suspicious-ip': 'Suspicious IP address',
  'unusual-activity': 'Unusual activity',
  'data-access': 'Data access',
  'compromised-instance': 'Compromised instance',
};

/** The case's entities as labelled lists, empty ones left out. */
export function entityLists(entities: InvestigationResult['case']['entities']): [string, string[]][] {
  const labels: [keyof typeof entities, string][] = [
    ['accessKeyIds', 'Access keys'],
    ['principals', 'Principals'],
    ['userNames', 'IAM users'],
    ['roleNames', 'IAM roles'],
    ['ips', 'IP addresses'],
    ['accountIds', 'Accounts'],
    ['regions', 'Regions'],
    ['instanceIds', 'Instances'],
    ['buckets', 'Buckets'],
    ['times', 'Times'],
  ];
  return labels.map(([key, label]): [string, string[]] => [label, entities[key] ?? []]).filter(([, values]) => values.length > 0);
}

/** The case's facts as label/value pairs, unset ones left out. */
export function factList(facts: InvestigationResult['case']['facts']): [string, string][] {
  const out: [string, string][] = [];
  if (facts.exposedAt) out.push(['Exposed at', facts.exposedAt]);
  if (facts.since) out.push(['Since', facts.since]);
  if (facts.until) out.push(['Until', facts.until]);
  if (facts.account) out.push(['Account', facts.account]);
  if (facts.rotated !== undefined) out.push(['Already rotated', facts.rotated ? 'yes' : 'no']);
  if (facts.knownIps?.length) out.push(['Known addresses', facts.knownIps.join(', ')]);
  if (facts.knownPrincipals?.length) out.push(['Known principals', facts.knownPrincipals.join(', ')]);
  return out;
}

/** The cost section's opening sentence: window, total, baseline and what the attacker's resources cost. */
export function costSentence(c: CostImpact, money: (n: number) => string): string {
  const baseline = c.baselineDaily !== undefined ? ` (daily baseline before the window: ${money(c.baselineDaily)})` : '';
  const attributed = c.attributed.amount > 0 ? ` Of this, ${money(c.attributed.amount)} is billed to ${plural(c.attributed.resources.length, 'resource')} the attacker created.` : '';
  return `From ${c.since} to ${c.until}: ${money(c.total)} in total${baseline}.${attributed}`;
}

/** The run's counts as label/value rows, for the statistics section of every format. */
export function statsRows(r: InvestigationResult): [string, string][] {
  const s = r.stats;
  return [
    ['Events read', String(s.eventsRead)],
    ['Events stored (deduplicated)', String(s.eventsStored)],
    ['Duplicates', String(s.duplicates)],
    ['Malformed records', String(s.malformed)],
    ['Events in scope', String(s.inScope)],
    ['Evidence from', s.evidenceStart ? `${utc(s.evidenceStart)} UTC` : ''],
    ['Evidence to', s.evidenceEnd ? `${utc(s.evidenceEnd)} UTC` : ''],
    ['Duration', `${(s.durationMs / 1000).toFixed(1)} s`],
  ];
}
