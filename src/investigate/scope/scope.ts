/**
 * Scoping: which events are the attacker's. Starting from the case's entities, follow the
 * credentials until nothing new turns up:
 *
 *   seed key / principal / IP / instance / outside account
 *     → the temporary credentials it minted (GetSessionToken, GetFederationToken,
 *       AssumeRole*: `responseElements.credentials.accessKeyId`)
 *     → the users and access keys it created (CreateUser, CreateAccessKey), the users whose
 *       password it set (CreateLoginProfile, UpdateLoginProfile)
 *     → the roles it created or whose trust it opened to outside accounts (CreateRole,
 *       UpdateAssumeRolePolicy), their sessions and those accounts
 *     → the accounts it granted a bucket through PutBucketPolicy
 *     → their activity, and so on, within the case window.
 *
 * Seed credentials are usually shared with their legitimate owner (a leaked key keeps
 * running its nightly job). Their events from the owner's usual networks are left out:
 * the networks (IPv4 /24, IPv6 /48: office NAT pools and VPN ranges hand out neighbouring
 * addresses) the owning principal used before the case window (`since`, else
 * `exposedAt`), or, without a window, on two or more different UTC days; plus
 * `knownIps`, the organisation's own instance addresses, and AWS services acting for the
 * owner.
 * Credentials the attacker minted or created are theirs alone: every use is in scope.
 * Each event records the thread that reached it ({@link ScopeReason}).
 */
import type { CaseEntities, CaseFacts, DetectionHit, ScopeReason } from '../model.js';
import type { EvidenceStore } from '../evidence/store.js';
import { EVENT_COLUMNS, type EventRow, OWNER_SQL, accountOfArn, sqlList, sqlText, succeeded, textAt } from './event-row.js';

/** What scoping starts from. */
export interface ScopeInput {
  entities: CaseEntities;
  facts: CaseFacts;
  /** Detections over the whole evidence: their high and critical events seed the scope when the case names nothing. */
  detections?: DetectionHit[];
  /** Addresses of the organisation's own instances (from EC2 evidence): never the attacker's. */
  ownIps?: Iterable<string>;
}

/** One in-scope event with the reason it is in scope. */
export interface ScopedEvent {
  row: EventRow;
  reason: ScopeReason;
}

/** A credential or principal scoping followed, with how many events it added. */
export interface ScopeThread {
  kind: string;
  via: string;
  text: string;
  /** Events this thread reached first. */
  events: number;
}

/** The scope: events in time order, the threads followed, and what limits the result. */
export interface ScopeResult {
  events: ScopedEvent[];
  threads: ScopeThread[];
  /** Per owner of shared seed credentials, the networks taken as the owner's own (`198.51.100.0/24`). */
  baselines: { owner: string; networks: string[]; rule: string }[];
  /** Outside AWS accounts the attacker used, trusted or granted access to. */
  outsideAccounts: string[];
  /** The window applied (ISO 8601), when any. */
  window: { since?: string; until?: string };
  /** Sentences for the report's limiting factors. */
  notes: string[];
}

interface Thread {
  key: string;
  where: string;
  reason: ScopeReason;
  /** The credentials are shared with their legitimate owner: leave out the owner's usual addresses. */
  shared: boolean;
  /** Only events at or after this time (ISO 8601). */
  from?: string;
}

/** STS calls whose response carries new credentials. */
const MINTING = new Set(['GetSessionToken', 'GetFederationToken', 'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);
/** Safety bound on threads: a scope this wide is no longer one attacker. */
const MAX_THREADS = 500;
/** Severities whose events seed the scope when the case names nothing. */
const SEEDING_SEVERITIES = new Set(['critical', 'high']);

/** A timestamp literal DuckDB reads as UTC. */
function sqlTime(iso: string): string {
  return `TIMESTAMP ${sqlText(new Date(iso).toISOString().replace('T', ' ').replace('Z', ''))}`;
}

/** The kind of an IAM/STS ARN and its name: `user`, `role`, `assumed-role`, `root`, `federated-user`. */
function parseArn(arn: string): { kind: string; account?: string; name?: string } {
  const account = accountOfArn(arn);
  const resource = arn.split(':').slice(5).join(':');
  if (resource === 'root') return { kind: 'root', account };
  const [kind = '', ...rest] = resource.split('/');
  return { kind, account, name: rest.at(-1) };
}

/** Threads for the case's own entities. */
function seedThreads(entities: CaseEntities, victimAccounts: Set<string>): Thread[] {
  const threads: Thread[] = [];
  const seed = (key: string, where: string, kind: string, via: string, text: string, shared = true) =>
    threads.push({ key, where, shared, reason: { kind, via, text } });
  for (const key of entities.accessKeyIds) seed(`key:${key}`, `useridentity_accesskeyid = ${sqlText(key)}`, 'seed-access-key', key, `Uses access key ${key}, named in the case.`);
  for (const arn of entities.principals) {
    const { kind, account, name } = parseArn(arn);
    if (kind === 'role') seed(`role:${arn}`, `sessionissuer_arn = ${sqlText(arn)}`, 'seed-principal', arn, `A session of role ${name ?? arn}, named in the case.`);
    else if (kind === 'root' && account) seed(`root:${account}`, `useridentity_type = 'Root' AND useridentity_accountid = ${sqlText(account)}`, 'seed-principal', arn, `The root user of ${account}, named in the case.`);
    else seed(`arn:${arn}`, `useridentity_arn = ${sqlText(arn)}`, 'seed-principal', arn, `Acts as ${arn}, named in the case.`);
  }
  for (const name of entities.userNames)
    seed(`user:${name}`, `useridentity_type = 'IAMUser' AND useridentity_username = ${sqlText(name)}`, 'seed-principal', name, `Acts as IAM user ${name}, named in the case.`);
  for (const name of entities.roleNames)
    seed(`role-name:${name}`, `useridentity_type = 'AssumedRole' AND sessionissuer_username = ${sqlText(name)}`, 'seed-principal', name, `A session of role ${name}, named in the case.`);
  for (const id of entities.instanceIds)
    seed(`instance:${id}`, `useridentity_type = 'AssumedRole' AND useridentity_principalid LIKE ${sqlText(`%:${id}`)}`, 'seed-principal', id, `Uses the role credentials of instance ${id}, named in the case.`);
  for (const ip of entities.ips) seed(`ip:${ip}`, `sourceipaddress = ${sqlText(ip)}`, 'seed-ip', ip, `Comes from ${ip}, named in the case.`, false);
  for (const account of entities.accountIds) {
    if (victimAccounts.has(account)) continue;
    seed(`account:${account}`, `useridentity_accountid = ${sqlText(account)}`, 'seed-account', account, `Made by outside account ${account}, named in the case.`, false);
  }
  return threads;
}

/** Threads for the access keys behind high and critical detections (cases that name nothing). */
function detectionThreads(rows: { key: string; id: string; title: string }[]): Thread[] {
  return rows.map(({ key, id, title }) => ({
    key: `key:${key}`,
    where: `useridentity_accesskeyid = ${sqlText(key)}`,
    shared: true,
    reason: { kind: 'detection', via: key, text: `Uses access key ${key}, which triggered ${id} (${title}).` },
  }));
}

/** The outside accounts a trust or resource policy document (JSON, maybe URL-encoded) lets in. */
export function outsideAccountsOfPolicy(document: string | undefined, victimAccounts: Set<string>): string[] {
  if (!document) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(document.trim().startsWith('%7B') ? decodeURIComponent(document) : document);
  } catch {
    return [];
  }
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      const account = /^\d{12}$/.test(value) ? value : /^arn:aws[\w-]*:iam::(\d{12}):/.exec(value)?.[1];
      if (account && !victimAccounts.has(account)) found.add(account);
      if (value === '*') found.add('*');
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  const statements = (parsed as { Statement?: unknown }).Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const s = statement as { Effect?: string; Principal?: unknown } | undefined;
    if (s?.Effect === 'Allow') visit(typeof s.Principal === 'object' ? (s.Principal as { AWS?: unknown }).AWS : s.Principal);
  }
  return [...found];
}

/** Threads the attacker's own (successful) calls open. */
function expand(row: EventRow, victimAccounts: Set<string>, outside: Set<string>): Thread[] {
  if (!succeeded(row)) return [];
  const threads: Thread[] = [];
  const at = `${row.eventname} (event ${row.eventid}, ${row.eventtime})`;
  const req = row.requestparameters;
  const res = row.responseelements;
  const account = row.recipientaccountid ?? row.useridentity_accountid ?? '';
  const accountThread = (id: string, kind: string, text: string) => {
    if (id === '*') return;
    outside.add(id);
    threads.push({ key: `account:${id}`, where: `useridentity_accountid = ${sqlText(id)}`, shared: false, reason: { kind, via: id, text } });
  };
  if (MINTING.has(row.eventname)) {
    const minted = textAt(res, 'credentials.accessKeyId');
    if (minted) threads.push({ key: `key:${minted}`, where: `useridentity_accesskeyid = ${sqlText(minted)}`, shared: false, reason: { kind: 'minted-credentials', via: minted, text: `Uses ${minted}, minted by ${at}.` } });
  }
  switch (row.eventname) {
    case 'CreateUser': {
      const name = textAt(req, 'userName');
      if (name)
        threads.push({
          key: `user:${name}`,
          where: `useridentity_type = 'IAMUser' AND useridentity_username = ${sqlText(name)} AND useridentity_accountid = ${sqlText(account)}`,
          shared: false,
          reason: { kind: 'created-user', via: name, text: `Acts as IAM user ${name}, created by ${at}.` },
        });
      break;
    }
    case 'CreateAccessKey': {
      const key = textAt(res, 'accessKey.accessKeyId');
      if (key) threads.push({ key: `key:${key}`, where: `useridentity_accesskeyid = ${sqlText(key)}`, shared: false, reason: { kind: 'created-access-key', via: key, text: `Uses access key ${key}, created by ${at}.` } });
      break;
    }
    case 'CreateLoginProfile':
    case 'UpdateLoginProfile': {
      const name = textAt(req, 'userName');
      if (name)
        threads.push({
          key: `login:${name}`,
          where: `useridentity_type = 'IAMUser' AND useridentity_username = ${sqlText(name)} AND (eventname = 'ConsoleLogin' OR sessioncredentialfromconsole = 'true')`,
          shared: false,
          from: row.eventtime,
          reason: { kind: 'console-password', via: name, text: `Signs in to the console as ${name}, whose password was set by ${at}.` },
        });
      break;
    }
    case 'CreateRole':
    case 'UpdateAssumeRolePolicy': {
      const name = textAt(req, 'roleName');
      const arn = textAt(res, 'role.arn') ?? (name ? `arn:aws:iam::${account}:role/${name}` : undefined);
      const trusted = outsideAccountsOfPolicy(textAt(req, 'assumeRolePolicyDocument') ?? textAt(req, 'policyDocument'), victimAccounts);
      if (!arn) break;
      if (row.eventname === 'CreateRole')
        threads.push({ key: `role:${arn}`, where: `sessionissuer_arn = ${sqlText(arn)}`, shared: false, reason: { kind: 'created-role', via: arn, text: `A session of role ${name}, created by ${at}.` } });
      if (trusted.length) {
        threads.push({
          key: `assume:${arn}`,
          where: `eventname LIKE 'AssumeRole%' AND json_extract_string(requestparameters, '$.roleArn') = ${sqlText(arn)} AND useridentity_accountid IN ${sqlList(trusted)}`,
          shared: false,
          reason: { kind: 'trusted-account', via: arn, text: `Assumes ${name}, whose trust policy ${at} opened to ${trusted.join(', ')}.` },
        });
        for (const id of trusted) accountThread(id, 'trusted-account', `Made by account ${id}, trusted by role ${name} through ${at}.`);
      }
      break;
    }
    case 'PutBucketPolicy': {
      const bucket = textAt(req, 'bucketName');
      const policy = req && typeof req === 'object' && !Array.isArray(req) ? req.bucketPolicy : undefined;
      const text = typeof policy === 'string' ? policy : policy ? JSON.stringify(policy) : undefined;
      for (const id of outsideAccountsOfPolicy(text, victimAccounts)) accountThread(id, 'granted-account', `Made by account ${id}, granted bucket ${bucket} by ${at}.`);
      break;
    }
  }
  return threads;
}

/**
 * Scope the evidence for a case. Reads only; never throws for odd evidence (an event
 * whose parameters are not what the API documents is simply not followed further).
 * Throws only what the store throws (e.g. a closed store).
 */
export async function scopeInvestigation(store: EvidenceStore, input: ScopeInput): Promise<ScopeResult> {
  const { entities, facts } = input;
  const since = facts.since ?? facts.exposedAt;
  const window = { since, until: facts.until };
  const notes: string[] = [];
  const recipients = await store.query<{ a: string }>('SELECT DISTINCT recipientaccountid AS a FROM cloudtrail WHERE recipientaccountid IS NOT NULL');
  const victimAccounts = new Set([...recipients.map((r) => r.a), ...(facts.account ? [facts.account] : [])]);

  let queue = seedThreads(entities, victimAccounts);
  if (queue.length === 0) {
    const seeding = (input.detections ?? []).filter((d) => SEEDING_SEVERITIES.has(d.severity));
    const ids = [...new Set(seeding.flatMap((d) => d.eventIds))];
    const keys = ids.length
      ? await store.query<{ key: string; eventid: string }>(
          `SELECT DISTINCT useridentity_accesskeyid AS key, eventid FROM cloudtrail WHERE eventid IN ${sqlList(ids)} AND useridentity_accesskeyid IS NOT NULL`,
        )
      : [];
    const firstHit = new Map<string, { key: string; id: string; title: string }>();
    for (const { key, eventid } of keys) {
      const hit = seeding.find((d) => d.eventIds.includes(eventid))!;
      if (!firstHit.has(key)) firstHit.set(key, { key, id: hit.id, title: hit.title });
    }
    queue = detectionThreads([...firstHit.values()]);
    if (queue.length) notes.push('The case named no credentials, principals or addresses: the scope starts from the access keys behind high and critical detections.');
    else notes.push('The case named no credentials, principals or addresses, and no high or critical detection fired: nothing is in scope.');
  }

  const known = new Set([...(facts.knownIps ?? []), ...(input.ownIps ?? [])]);
  const windowSql = [since ? `eventtime >= ${sqlTime(since)}` : '', facts.until ? `eventtime <= ${sqlTime(facts.until)}` : ''].filter(Boolean);
  const events = new Map<string, ScopedEvent>();
  const threads: ScopeThread[] = [];
  const baselines: ScopeResult['baselines'] = [];
  const outside = new Set<string>();
  const seen = new Set<string>();

  while (queue.length && seen.size < MAX_THREADS) {
    const thread = queue.shift()!;
    if (seen.has(thread.key)) continue;
    seen.add(thread.key);
    const conditions = [`(${thread.where})`, ...windowSql];
    if (thread.from) conditions.push(`eventtime >= ${sqlTime(thread.from)}`);
    if (thread.shared) {
      const usual = await ownersUsualIps(store, thread.where, since);
      for (const b of usual) baselines.push(b);
      if (known.size) conditions.push(`coalesce(sourceipaddress, '') NOT IN ${sqlList(known)}`);
      const networks = usual.flatMap((b) => b.networks.map((n) => n.replace(/\.0\/24$|::\/48$/, '')));
      if (networks.length) conditions.push(`coalesce(${NETWORK_SQL}, '') NOT IN ${sqlList(networks)}`);
      conditions.push("NOT (coalesce(sourceipaddress, '') LIKE '%.amazonaws.com' OR sourceipaddress = 'AWS Internal')");
    }
    const rows = await store.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM cloudtrail WHERE ${conditions.join(' AND ')} ORDER BY eventtime, eventid`);
    let added = 0;
    for (const row of rows) {
      if (!events.has(row.eventid)) {
        events.set(row.eventid, { row, reason: thread.reason });
        added++;
      }
      queue.push(...expand(row, victimAccounts, outside).filter((t) => !seen.has(t.key)));
    }
    threads.push({ ...thread.reason, events: added });
  }
  if (queue.length) notes.push(`Scoping stopped after ${MAX_THREADS} credentials and principals; the scope may be incomplete.`);
  if (!since) notes.push('No start time (--since or --exposed-at) was given: the whole evidence was searched, and the owner’s usual addresses were taken from habit (two or more days) rather than from before the exposure.');
  for (const b of baselines.filter((x) => x.networks.length === 0))
    notes.push(`No earlier activity of ${b.owner} was found to learn its usual addresses: every use of its credentials in the window is in scope.`);

  const ordered = [...events.values()].sort((a, b) => a.row.eventtime.localeCompare(b.row.eventtime) || a.row.eventid.localeCompare(b.row.eventid));
  for (const account of entities.accountIds) if (!victimAccounts.has(account)) outside.add(account);
  return { events: ordered, threads, baselines: dedupeBaselines(baselines), outsideAccounts: [...outside], window, notes };
}

/**
 * The network of `sourceipaddress`: the first three octets of an IPv4 address, the first
 * three groups of an IPv6 one, NULL for service names (`lambda.amazonaws.com`).
 */
const NETWORK_SQL =
  "CASE WHEN contains(sourceipaddress, ':') THEN array_to_string(string_split(sourceipaddress, ':')[1:3], ':') " +
  "ELSE nullif(regexp_extract(sourceipaddress, '^(\\d+\\.\\d+\\.\\d+)\\.\\d+$', 1), '') END";

/**
 * The usual networks of the principals that own the credentials `where` selects: those
 * they used before `since`, or without it, on two or more different UTC days.
 */
async function ownersUsualIps(store: EvidenceStore, where: string, since: string | undefined): Promise<ScopeResult['baselines']> {
  const owners = await store.query<{ owner: string }>(`SELECT DISTINCT ${OWNER_SQL} AS owner FROM cloudtrail WHERE (${where}) AND ${OWNER_SQL} IS NOT NULL`);
  const result: ScopeResult['baselines'] = [];
  for (const { owner } of owners) {
    const habit = since ? `min(eventtime) < ${sqlTime(since)}` : 'count(DISTINCT CAST(eventtime AS DATE)) >= 2';
    const rows = await store.query<{ network: string }>(
      `SELECT ${NETWORK_SQL} AS network FROM cloudtrail WHERE ${OWNER_SQL} = ${sqlText(owner)} AND ${NETWORK_SQL} IS NOT NULL GROUP BY 1 HAVING ${habit} ORDER BY 1`,
    );
    const networks = rows.map((r) => (r.network.includes(':') ? `${r.network}::/48` : `${r.network}.0/24`));
    result.push({ owner, networks, rule: since ? `used before ${since}` : 'used on two or more days' });
  }
  return result;
}

function dedupeBaselines(list: ScopeResult['baselines']): ScopeResult['baselines'] {
  const byOwner = new Map<string, ScopeResult['baselines'][number]>();
  for (const b of list) if (!byOwner.has(b.owner)) byOwner.set(b.owner, b);
  return [...byOwner.values()];
}
