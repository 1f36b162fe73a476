/**
 * The containment plan: which actions of actions.yaml a case needs, in what order, with
 * each command and check filled in. The order follows the AWS Security Incident Response
 * Guide's containment priorities
 * (https://docs.aws.amazon.com/whitepapers/latest/aws-security-incident-response-guide/containment.html):
 *
 *   1. stop data leaving now (a bucket policy granting another account);
 *   2. cut the victim's credentials (deactivate the key, revoke the sessions it minted),
 *      then the attacker's own keys, then every role session the attacker holds;
 *   3. isolate compromised instances (kept for forensics);
 *   4. stop what runs up cost (instances the attacker launched, their key pairs);
 *   5. remove persistence (created keys, policies, passwords, users, roles; trust
 *      policies, shares, opened ports, changed functions);
 *   6. rotate what was read (secrets, parameters);
 *   7. restore and check logging;
 *   8. look for what the evidence may not show (every user's new keys) and harden
 *      (IMDSv2, a new key for the exposed key's legitimate owner).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Concern, ContainmentFacts, ContainmentStep } from '../model.js';

const Action = z.object({ description: z.string(), command: z.string(), verify: z.string() }).strict();
const Actions = z.record(z.string(), Action);
type ActionId = string;

let catalog: Record<ActionId, z.infer<typeof Action>> | undefined;
/** The action catalog, validated on first use (a malformed catalog is a packaging bug: throws naming the file). */
export function containmentActions(): Record<ActionId, z.infer<typeof Action>> {
  if (!catalog) {
    const url = new URL('./actions.yaml', import.meta.url);
    const parsed = Actions.safeParse(parseYaml(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`${url.pathname}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    catalog = parsed.data;
  }
  return catalog;
}

/** Plan options. */
export interface PlanOptions {
  /** The case's concern: an insider (`data-access`) keeps no key to rotate to. */
  concern?: Concern;
  /** The plan's time (ISO 8601): sessions issued before it are revoked. Default: now. */
  now?: string;
  /** Start of the incident window (ISO 8601), for the access-key review. */
  since?: string;
}

/** A step before its command is filled: action, target and the values its placeholders need. */
interface Draft {
  action: ActionId;
  target: string;
  region?: string;
  detail?: string;
  values?: Record<string, string>;
}

/** Quote a value for a POSIX shell: bare when it is only safe characters, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@=+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const lastSegment = (arn: string) => arn.split('/').at(-1) ?? arn;
const regionOfArn = (arn: string) => (arn.startsWith('arn:') ? arn.split(':')[3] || undefined : undefined);

/** The steps a case needs, in order, without commands. */
function drafts(f: ContainmentFacts, options: PlanOptions): Draft[] {
  const out: Draft[] = [];
  const add = (d: Draft) => out.push(d);
  // 1. Data leaving now.
  for (const bucket of f.bucketPolicies) add({ action: 'revert-bucket-policy', target: bucket });
  // 2. Credentials: the victim's, the attacker's keys, every role session the attacker holds.
  const usersDone = new Set<string>();
  for (const key of f.compromisedKeys) {
    add({ action: 'deactivate-access-key', target: key.accessKeyId, detail: key.userName });
    const user = f.compromisedUsers.find((u) => lastSegment(u) === key.userName);
    if (user && !usersDone.has(user)) {
      usersDone.add(user);
      add({ action: 'revoke-user-sessions', target: user });
    }
  }
  for (const user of f.compromisedUsers) if (!usersDone.has(user)) add({ action: 'revoke-user-sessions', target: user });
  for (const user of f.createdUsers) for (const key of user.accessKeyIds) add({ action: 'deactivate-access-key', target: key, detail: user.userName });
  for (const key of f.createdAccessKeys) add({ action: 'deactivate-access-key', target: key.accessKeyId, detail: key.userName });
  for (const role of [...f.compromisedRoles, ...f.createdRoles.map((r) => r.arn), ...f.backdooredRoles.map((r) => r.arn)]) add({ action: 'revoke-role-sessions', target: role });
  // 3. Compromised instances, kept for forensics.
  for (const i of f.compromisedInstances) add({ action: 'isolate-instance', target: i.instanceId, region: i.region });
  // 4. What runs up cost.
  const byRegion = new Map<string, string[]>();
  for (const i of f.launchedInstances) byRegion.set(i.region, [...(byRegion.get(i.region) ?? []), i.instanceId]);
  for (const [region, ids] of byRegion) add({ action: 'terminate-instances', target: ids.join(' '), region });
  for (const k of f.keyPairs) add({ action: 'delete-key-pair', target: k.name, region: k.region });
  // 5. Persistence.
  for (const user of f.createdUsers) {
    for (const key of user.accessKeyIds) add({ action: 'delete-access-key', target: key, detail: user.userName });
    for (const policy of user.attachedPolicies) add({ action: 'detach-user-policy', target: user.arn, detail: policy });
    for (const policy of user.inlinePolicies) add({ action: 'delete-user-policy', target: user.arn, detail: policy });
    if (user.loginProfile) add({ action: 'delete-login-profile', target: user.userName });
    add({ action: 'delete-user', target: user.arn });
  }
  for (const key of f.createdAccessKeys) add({ action: 'delete-access-key', target: key.accessKeyId, detail: key.userName });
  for (const p of f.loginProfiles) add({ action: 'delete-login-profile', target: p.userName });
  for (const p of f.attachedPolicies) if (p.kind !== 'group') add({ action: p.kind === 'user' ? 'detach-user-policy' : 'detach-role-policy', target: p.principalArn, detail: p.policyArn });
  for (const role of f.createdRoles) {
    for (const policy of role.attachedPolicies) add({ action: 'detach-role-policy', target: role.arn, detail: policy });
    for (const policy of role.inlinePolicies) add({ action: 'delete-role-policy', target: role.arn, detail: policy });
    add({ action: 'delete-role', target: role.arn });
  }
  for (const role of f.backdooredRoles) add({ action: 'revert-trust-policy', target: role.arn });
  const unshare = { 'ebs-snapshot': 'unshare-snapshot', ami: 'unshare-image', 'db-snapshot': 'unshare-db-snapshot' } as const;
  for (const s of f.sharedImages) add({ action: unshare[s.kind], target: s.id, region: s.region, values: { accounts: s.accounts.join(' ') } });
  for (const g of f.openedSecurityGroups) add({ action: 'revoke-security-group-ingress', target: g.groupId, region: g.region, values: { port: g.port ?? '<port>', cidr: g.cidr ?? '<cidr>' } });
  for (const fn of f.changedFunctions) add({ action: 'restore-function', target: fn.name, region: fn.region, detail: fn.change });
  // 6. What was read.
  for (const secret of f.secretsRead) add({ action: 'rotate-secret', target: secret, region: regionOfArn(secret) });
  for (const name of f.parametersRead) add({ action: 'rotate-parameter', target: name });
  // 7. Logging.
  const restore = { guardduty: 'restore-guardduty', 'flow-logs': 'restore-flow-logs', 'dns-logs': 'restore-dns-logs' } as const;
  for (const trail of f.trailArns) add({ action: 'verify-trail-logging', target: trail });
  for (const t of f.loggingTampering) {
    const action = restore[t.service as keyof typeof restore];
    if (action && !out.some((d) => d.action === action && d.target === t.target)) add({ action, target: t.target, region: t.region });
  }
  // 8. What the evidence may not show, and hardening.
  if (f.createdUsers.length || f.createdAccessKeys.length || f.createdRoles.length) add({ action: 'review-access-keys', target: `arn:aws:iam::${f.account ?? '<account>'}:root` });
  for (const i of f.compromisedInstances) add({ action: 'enforce-imdsv2', target: i.instanceId, region: i.region });
  if (options.concern !== 'data-access') for (const key of f.compromisedKeys) add({ action: 'rotate-access-key', target: key.accessKeyId, detail: key.userName });
  return out;
}

/**
 * The ordered containment plan for the facts, each step with its AWS CLI command and its
 * check. Every value put into a command is shell-quoted. Empty facts give an empty plan.
 */
export function planContainment(facts: ContainmentFacts, options: PlanOptions = {}): ContainmentStep[] {
  const actions = containmentActions();
  const now = options.now ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return drafts(facts, options).map((d, index) => {
    const action = actions[d.action];
    if (!action) throw new Error(`containment action '${d.action}' is not in actions.yaml`);
    const values: Record<string, string> = {
      target: d.target,
      detail: d.detail ?? '',
      region: d.region ?? '',
      name: lastSegment(d.target),
      account: facts.account ?? '<account>',
      now,
      since: options.since ?? '<incident start>',
      ...d.values,
    };
    // In commands each value is quoted; a space-separated list (instance ids, accounts) is quoted item by item.
    const fill = (template: string, quote: boolean) =>
      template.replace(/\{(\w+)\}/g, (whole, key: string) => {
        const value = values[key];
        if (value === undefined) return whole;
        if (!quote || key === 'now') return value;
        return value.split(' ').filter(Boolean).map(shellQuote).join(' ');
      });
    return {
      step: index + 1,
      action: d.action,
      target: d.target,
      ...(d.region ? { region: d.region } : {}),
      ...(d.detail ? { detail: d.detail } : {}),
      description: fill(action.description, false),
      command: fill(action.command, true),
      verify: fill(action.verify, true),
    };
  });
}
