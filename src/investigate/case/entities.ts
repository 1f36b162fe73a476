/**
 * Deterministic extraction of the identifiers a case description names: access key ids,
 * IAM/STS ARNs (and the user and role names in them), user, role and bucket names
 * introduced as such, IP addresses, account ids, Regions, instance ids and times.
 *
 * Formats followed:
 * - access key ids: `AKIA` (long-term) / `ASIA` (temporary) + 16 upper-case letters or
 *   digits (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids);
 * - ARNs (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html): iam `user/…`,
 *   `role/…`, `root`, sts `assumed-role/<role>/<session>`, `federated-user/…`; s3 `arn:aws:s3:::<bucket>`;
 * - names: IAM names `[\w+=,.@-]{1,64}`; bucket names per
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html;
 * - instance ids: `i-` + 8 or 17 lower-case hex digits; account ids: 12 digits (or the
 *   console's `1111-2222-3333`); Regions: the codes in vocabulary.yaml;
 * - times: see times.ts (a time without a zone is UTC, and a note says so).
 *
 * Deliberately not extracted: an address inside an ARN or a URL path, dotted version
 * numbers (`1.2.3`, `version 10.0.0.1`), 12 digits inside a longer number or after a
 * telephone cue or `+`, key-like strings inside longer words, CIDR ranges other than /32,
 * Regions that are not in vocabulary.yaml.
 * Nothing here throws: an unexpected failure yields what was found so far and a note.
 */
import { isIPv6 } from 'node:net';
import type { CaseEntities } from '../model.js';
import { findTimes } from './times.js';
import { alternation, vocabulary } from './vocabulary.js';

/** The entity lists, in the order of {@link CaseEntities}. */
export const ENTITY_KINDS = ['accessKeyIds', 'principals', 'userNames', 'roleNames', 'ips', 'accountIds', 'regions', 'instanceIds', 'buckets', 'times'] as const satisfies readonly (keyof CaseEntities)[];
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** A case with no entities. */
export function emptyEntities(): CaseEntities {
  return { accessKeyIds: [], principals: [], userNames: [], roleNames: [], ips: [], accountIds: [], regions: [], instanceIds: [], buckets: [], times: [] };
}

/** Union of entity sets, each list deduplicated in first-seen order (earlier arguments first). Non-string values are dropped. */
export function mergeEntities(...parts: (Partial<CaseEntities> | undefined)[]): CaseEntities {
  const out = emptyEntities();
  for (const kind of ENTITY_KINDS) {
    const seen = new Set<string>();
    for (const part of parts) {
      const list: unknown = part?.[kind];
      if (!Array.isArray(list)) continue;
      for (const value of list) {
        if (typeof value !== 'string' || seen.has(value)) continue;
        seen.add(value);
        out[kind].push(value);
      }
    }
  }
  return out;
}

/** Options of {@link extractEntities}. */
export interface ExtractOptions {
  /** The clock relative times ("yesterday", "2 hours ago") are resolved against (default: now). */
  now?: Date;
}

/** Entities with the notes on what was assumed (times read as UTC, years supplied…). */
export interface EntityExtraction {
  entities: CaseEntities;
  notes: string[];
}

interface Hit {
  kind: EntityKind;
  value: string;
  at: number;
}

const ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const ARN = /(?<![\w:-])arn:aws(?:-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:[\w+=.@/:*-]+/g;
const INSTANCE_ID = /(?<![\w-])i-(?:[0-9a-f]{17}|[0-9a-f]{8})(?![\w-])/g;
const S3_URL = /(?<![\w-])s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/[^\s"'`<>]*)?/g;
const IPV4 = /(?<![\w.:/-])((?:\d{1,3}\.){3}\d{1,3})(?:\/(\d{1,2}))?(?![\w/]|\.\d)/g;
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]{1,44}(?:\/(\d{1,3}))?(?![\w:])/g;
const ACCOUNT = /(?<![\w+./-])(\d{12}|\d{4}-\d{4}-\d{4})(?![\w-]|[.,]\d)/g;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const QUOTES = '`\'"\u2018\u2019\u201C\u201D';

interface CuePatterns {
  user: RegExp;
  role: RegExp;
  bucket: RegExp;
  region: RegExp;
  notNames: Set<string>;
  version: RegExp;
  phone: RegExp;
}

let cues: CuePatterns | undefined;
function cuePatterns(): CuePatterns {
  if (cues) return cues;
  const v = vocabulary();
  const links = alternation(v.nameLinks);
  // `<cue> [named|called] [:|=] name`, the name quoted (any IAM characters) or bare; or `name` <cue> when quoted.
  const after = (words: string[]) =>
    new RegExp(
      String.raw`(?<![\w-])(?:${alternation(words)})(?:\s+(?:${links}))?(?:\s*[:=]\s*|\s+|\s*(?=[${QUOTES}]))(?:[${QUOTES}]([^${QUOTES}\s]{1,128})[${QUOTES}]|([\w+=,.@-]{1,128}))|[${QUOTES}]([^${QUOTES}\s]{1,128})[${QUOTES}]\s+(?:${alternation(words)})(?![\w-])`,
      'gi',
    );
  cues = {
    user: after(v.userCues),
    role: after(v.roleCues),
    bucket: after(v.bucketCues),
    region: new RegExp(String.raw`(?<![\w-])(${alternation(v.regions)})[a-f]?(?![\w-])`, 'g'),
    notNames: new Set(v.notNames.map((w) => w.toLowerCase())),
    version: new RegExp(String.raw`(?:^|[^a-z])(?:${alternation(v.versionCues)})\s*$`, 'i'),
    phone: new RegExp(String.raw`(?:^|[^a-z])(?:${alternation(v.phoneCues)})[^\d\n]{0,16}$`, 'i'),
  };
  return cues;
}

/** Replace `[start, end)` by spaces so later patterns cannot see it (offsets stay the same). */
function mask(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/** What an IAM/STS or S3 ARN names: the principal, user or role name, bucket, account and Region. */
function arnHits(arn: string, at: number): Hit[] {
  const [, , service = '', region = '', account = '', ...rest] = arn.split(':');
  const resource = rest.join(':');
  const hits: Hit[] = [];
  if (account) hits.push({ kind: 'accountIds', value: account, at });
  if (region && vocabulary().regions.includes(region)) hits.push({ kind: 'regions', value: region, at });
  if (service === 'iam' || service === 'sts') {
    const parts = resource.split('/');
    const type = parts[0];
    if (type === 'root' && parts.length === 1) hits.push({ kind: 'principals', value: arn, at });
    else if (type === 'user' && parts.length >= 2 && parts.at(-1)) hits.push({ kind: 'principals', value: arn, at }, { kind: 'userNames', value: parts.at(-1) ?? '', at });
    else if (type === 'role' && parts.length >= 2 && parts.at(-1)) hits.push({ kind: 'principals', value: arn, at }, { kind: 'roleNames', value: parts.at(-1) ?? '', at });
    else if (type === 'assumed-role' && parts.length >= 3 && parts[1]) hits.push({ kind: 'principals', value: arn, at }, { kind: 'roleNames', value: parts[1], at });
    else if (type === 'federated-user' && parts.length >= 2) hits.push({ kind: 'principals', value: arn, at });
  } else if (service === 's3' && !account && resource) {
    const bucket = resource.split('/')[0] ?? '';
    if (BUCKET_NAME.test(bucket)) hits.push({ kind: 'buckets', value: bucket, at });
  }
  return hits;
}

/** A name after a cue, or undefined when it is a common word or not a valid name. Bare names lose sentence punctuation. */
function cueName(quoted: string | undefined, bare: string | undefined, valid: RegExp): string | undefined {
  if (quoted !== undefined) return valid.test(quoted) ? quoted : undefined;
  const name = (bare ?? '').replace(/[.,]+$/, '');
  if (!name || cuePatterns().notNames.has(name.toLowerCase()) || !/[A-Za-z]/.test(name)) return undefined;
  return valid.test(name) ? name : undefined;
}

/**
 * A dotted quad that is an address: octets 0-255, not a version, not a range. Zero-padded
 * octets (`08.1.250.216`) are accepted and kept as written: evidence is matched literally,
 * and anonymised recordings (the Stratus Red Team fixtures) carry them.
 */
function ipv4At(text: string, m: RegExpExecArray): string | undefined {
  const [, address = '', prefix] = m;
  if (address.split('.').some((o) => Number(o) > 255)) return undefined;
  if (prefix !== undefined && prefix !== '32') return undefined;
  if (cuePatterns().version.test(text.slice(Math.max(0, (m.index ?? 0) - 12), m.index))) return undefined;
  return address;
}

function ipv6At(m: RegExpExecArray): string | undefined {
  const candidate = m[0].replace(/\/\d+$/, '').replace(/\.+$/, '');
  if (m[1] !== undefined && m[1] !== '128') return undefined;
  return /[0-9a-f]/i.test(candidate) && isIPv6(candidate) ? candidate.toLowerCase() : undefined;
}

function collect(text: string, options: ExtractOptions, hits: Hit[], notes: string[]): void {
  let rest = text;
  const take = (re: RegExp, fn: (m: RegExpExecArray) => Hit[] | undefined, hide = true) => {
    for (const m of rest.matchAll(re)) {
      const found = fn(m);
      if (!found?.length) continue;
      hits.push(...found);
      if (hide) rest = mask(rest, m.index, m.index + m[0].length);
    }
  };
  // Keys and instance ids also count inside ARNs (an instance role's session is named after the instance).
  take(ACCESS_KEY, (m) => [{ kind: 'accessKeyIds', value: m[0], at: m.index }], false);
  take(INSTANCE_ID, (m) => [{ kind: 'instanceIds', value: m[0], at: m.index }], false);
  take(ARN, (m) => arnHits(m[0].replace(/[.:]+$/, ''), m.index));
  take(S3_URL, (m) => (m[1] && BUCKET_NAME.test(m[1]) ? [{ kind: 'buckets', value: m[1], at: m.index }] : undefined));
  for (const t of findTimes(rest, options)) {
    hits.push({ kind: 'times', value: t.iso, at: t.start });
    if (t.note) notes.push(t.note);
    rest = mask(rest, t.start, t.end);
  }
  const p = cuePatterns();
  take(p.user, (m) => named('userNames', m, IAM_NAME));
  take(p.role, (m) => named('roleNames', m, IAM_NAME));
  take(p.bucket, (m) => named('buckets', m, BUCKET_NAME));
  take(IPV4, (m) => {
    const ip = ipv4At(rest, m);
    return ip ? [{ kind: 'ips', value: ip, at: m.index }] : undefined;
  });
  take(IPV6, (m) => {
    const ip = ipv6At(m);
    return ip ? [{ kind: 'ips', value: ip, at: m.index }] : undefined;
  });
  take(ACCOUNT, (m) => {
    if (p.phone.test(rest.slice(Math.max(0, m.index - 24), m.index))) return undefined;
    return [{ kind: 'accountIds', value: (m[1] ?? '').replace(/-/g, ''), at: m.index }];
  });
  take(p.region, (m) => [{ kind: 'regions', value: m[1] ?? '', at: m.index }]);
}

function named(kind: EntityKind, m: RegExpExecArray, valid: RegExp): Hit[] | undefined {
  const name = cueName(m[1] ?? m[3], m[2], valid);
  return name ? [{ kind, value: name, at: m.index ?? 0 }] : undefined;
}

/**
 * {@link extractEntities} with the notes on what was assumed, e.g.
 * `"2024-06-04 02:13" has no time zone: read as UTC`. Never throws.
 */
export function extractEntitiesWithNotes(text: string, options: ExtractOptions = {}): EntityExtraction {
  const hits: Hit[] = [];
  const notes: string[] = [];
  if (typeof text === 'string' && text) {
    try {
      collect(text, options, hits, notes);
    } catch (error) {
      notes.push(`entity extraction stopped early: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  hits.sort((a, b) => a.at - b.at);
  const entities = emptyEntities();
  for (const hit of hits) if (!entities[hit.kind].includes(hit.value)) entities[hit.kind].push(hit.value);
  return { entities, notes: [...new Set(notes)] };
}

/**
 * The identifiers a plain-language description names, each list deduplicated in the
 * order they appear (see the module comment for the formats). Times are ISO 8601 UTC;
 * relative ones are resolved against `options.now`. Deterministic for a given text and
 * `now`; never throws (a non-string gives empty lists).
 *
 * @example extractEntities('Key AKIAIOSFODNN7EXAMPLE of IAM user svc-reporting leaked on 2024-06-04 02:00 UTC')
 *   // → accessKeyIds ['AKIAIOSFODNN7EXAMPLE'], userNames ['svc-reporting'], times ['2024-06-04T02:00:00Z'], the rest []
 */
export function extractEntities(text: string, options: ExtractOptions = {}): CaseEntities {
  return extractEntitiesWithNotes(text, options).entities;
}
