/**
 * One CloudTrail event as scoping and the analysis read it back from the evidence store:
 * the columns of the `cloudtrail` table they need (../evidence/schema.ts), with the JSON
 * columns parsed. Field meanings:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import type { EvidenceValue } from '../evidence/store.js';

/** An event row. JSON columns hold parsed values (objects, or null when absent). */
export interface EventRow {
  eventid: string;
  /** ISO 8601, UTC, millisecond precision. */
  eventtime: string;
  eventsource: string;
  eventname: string;
  awsregion: string | null;
  sourceipaddress: string | null;
  useragent: string | null;
  errorcode: string | null;
  errormessage: string | null;
  requestparameters: EvidenceValue;
  responseelements: EvidenceValue;
  additionaleventdata: EvidenceValue;
  useridentity_type: string | null;
  useridentity_arn: string | null;
  useridentity_accountid: string | null;
  useridentity_accesskeyid: string | null;
  useridentity_username: string | null;
  sessionissuer_arn: string | null;
  recipientaccountid: string | null;
  resources: { arn: string | null; accountid: string | null; type: string | null }[] | null;
}

/**
 * The principal that owns a request's credentials: the role for role sessions, else the
 * caller's ARN (IAM users, including their GetSessionToken sessions, and root).
 */
export const OWNER_SQL = "CASE WHEN useridentity_type = 'AssumedRole' THEN sessionissuer_arn ELSE useridentity_arn END";

/** The SELECT list producing an {@link EventRow}. */
export const EVENT_COLUMNS = [
  'eventid',
  'eventtime',
  'eventsource',
  'eventname',
  'awsregion',
  'sourceipaddress',
  'useragent',
  'errorcode',
  'errormessage',
  'requestparameters',
  'responseelements',
  'additionaleventdata',
  'useridentity_type',
  'useridentity_arn',
  'useridentity_accountid',
  'useridentity_accesskeyid',
  'useridentity_username',
  'sessionissuer_arn',
  'recipientaccountid',
  'resources',
].join(', ');

/** A SQL string literal (single quotes doubled). Every value put into SQL text goes through here. */
export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `(…)` list of SQL string literals; `(NULL)` when empty so `IN` stays valid and matches nothing. */
export function sqlList(values: Iterable<string>): string {
  const items = [...values].map(sqlText);
  return items.length ? `(${items.join(', ')})` : '(NULL)';
}

/**
 * A value at a dotted path inside a parsed JSON column (`requestparameters`, …), or
 * undefined. `path` like `credentials.accessKeyId` or `instancesSet.items`.
 */
export function at(value: EvidenceValue | undefined, path: string): EvidenceValue | undefined {
  let current: EvidenceValue | undefined = value;
  for (const part of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** A string at a path, or undefined when absent or not a string. */
export function textAt(value: EvidenceValue | undefined, path: string): string | undefined {
  const found = at(value, path);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/** The 12-digit account of an ARN (`arn:aws:iam::111122223333:user/x`), or undefined. */
export function accountOfArn(arn: string | undefined | null): string | undefined {
  return arn?.split(':')[4] || undefined;
}

/** The actor as the timeline shows it: the caller's ARN, or `account <id>` for cross-account callers without one. */
export function actorOf(row: EventRow): string {
  if (row.useridentity_arn) return row.useridentity_arn;
  if (row.useridentity_accountid) return `account ${row.useridentity_accountid}`;
  return row.useridentity_type ?? 'unknown';
}

/** Whether the request succeeded (no `errorCode`). */
export const succeeded = (row: EventRow): boolean => row.errorcode === null;
