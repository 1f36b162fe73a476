/**
 * A minimal CloudTrail reader: `.json` files (the S3 delivery envelope
 * `{"Records": [...]}`, a JSON array, or JSON lines), `.json.gz` versions of them, and
 * directories of both (walked recursively, e.g. `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/`),
 * yielding normalised events with CloudTrail's own field names
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 *
 * A record without `eventTime` (a valid date), `eventSource` or `eventName` is malformed:
 * it is counted and skipped. An unreadable file becomes a warning. Nothing throws out of
 * the iteration.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { ScanWarning } from './warnings.js';

const gunzipAsync = promisify(gunzip);

/** The session's issuer: the role (or user, for federation tokens) whose credentials were used. */
export interface CloudTrailSessionIssuer {
  type?: string;
  arn?: string;
  accountId?: string;
  principalId?: string;
  userName?: string;
}

/** `userIdentity`: who made the request. */
export interface CloudTrailUserIdentity {
  /** `Root`, `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`, `AWSAccount`, `IdentityCenterUser`, ... */
  type?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  principalId?: string;
  userName?: string;
  /** The AWS service that made the request on the principal's behalf, e.g. `lambda.amazonaws.com`. */
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: CloudTrailSessionIssuer;
    /** From `sessionContext.attributes.mfaAuthenticated` (`"true"`/`"false"`). */
    mfaAuthenticated?: boolean;
    creationDate?: Date;
    sourceIdentity?: string;
  };
}

/** A resource the event names (`resources[]`). */
export interface CloudTrailResource {
  ARN?: string;
  accountId?: string;
  type?: string;
}

/** One CloudTrail record, normalised. Absent optional fields are `undefined`; parameters keep CloudTrail's JSON. */
export interface CloudTrailEvent {
  eventTime: Date;
  /** Service endpoint, e.g. `s3.amazonaws.com`. */
  eventSource: string;
  /** API operation, e.g. `GetObject`, `CreateFunction20150331`. */
  eventName: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  userIdentity: CloudTrailUserIdentity;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  eventID?: string;
  /** `AwsApiCall`, `AwsConsoleSignIn`, `AwsServiceEvent`, ... */
  eventType?: string;
  readOnly?: boolean;
  recipientAccountId?: string;
  resources: CloudTrailResource[];
  /** Where the record was read from: file and 0-based position in it (evidence). */
  origin?: { path: string; index: number };
}

/** Counts of one read, filled in as the iteration goes. */
export interface CloudTrailReadStats {
  files: number;
  events: number;
  malformed: number;
  warnings: ScanWarning[];
}

/** An async iterable of events whose `stats` are complete once the iteration ends. */
export interface CloudTrailStream extends AsyncIterable<CloudTrailEvent> {
  readonly stats: CloudTrailReadStats;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined);
const date = (value: unknown): Date | undefined => {
  const parsed = typeof value === 'string' ? new Date(value) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
};
/** Copy only the defined entries, so absent fields stay absent. */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Normalise one raw record; `undefined` when it lacks eventTime, eventSource or eventName. */
export function normaliseCloudTrailRecord(record: unknown, origin?: { path: string; index: number }): CloudTrailEvent | undefined {
  const raw = obj(record);
  const eventTime = date(raw?.eventTime);
  const eventSource = str(raw?.eventSource);
  const eventName = str(raw?.eventName);
  if (!raw || !eventTime || !eventSource || !eventName) return undefined;
  const identity = obj(raw.userIdentity) ?? {};
  const session = obj(identity.sessionContext);
  const issuer = obj(session?.sessionIssuer);
  const attributes = obj(session?.attributes);
  const userIdentity: CloudTrailUserIdentity = defined({
    type: str(identity.type),
    arn: str(identity.arn),
    accountId: str(identity.accountId),
    accessKeyId: str(identity.accessKeyId),
    principalId: str(identity.principalId),
    userName: str(identity.userName),
    invokedBy: str(identity.invokedBy),
    sessionContext: session
      ? defined({
          sessionIssuer: issuer
            ? defined({ type: str(issuer.type), arn: str(issuer.arn), accountId: str(issuer.accountId), principalId: str(issuer.principalId), userName: str(issuer.userName) })
            : undefined,
          mfaAuthenticated: bool(attributes?.mfaAuthenticated),
          creationDate: date(attributes?.creationDate),
          sourceIdentity: str(session.sourceIdentity),
        })
      : undefined,
  });
  const resources = (Array.isArray(raw.resources) ? raw.resources : [])
    .map(obj)
    .filter((r): r is Record<string, unknown> => r !== undefined)
    .map((r) => defined({ ARN: str(r.ARN), accountId: str(r.accountId), type: str(r.type) }));
  return defined({
    eventTime,
    eventSource,
    eventName,
    awsRegion: str(raw.awsRegion),
    sourceIPAddress: str(raw.sourceIPAddress),
    userAgent: str(raw.userAgent),
    userIdentity,
    requestParameters: obj(raw.requestParameters) ?? null,
    responseElements: obj(raw.responseElements) ?? null,
    errorCode: str(raw.errorCode),
    errorMessage: str(raw.errorMessage),
    eventID: str(raw.eventID),
    eventType: str(raw.eventType),
    readOnly: bool(raw.readOnly),
    recipientAccountId: str(raw.recipientAccountId),
    resources,
    origin,
  });
}

/**
 * Parse the text of one CloudTrail file: `{"Records": [...]}`, a JSON array, one record, or
 * JSON lines. Returns the events and the number of malformed records; a file that is none
 * of these gives `error`.
 */
export function parseCloudTrailText(text: string, path = '<input>'): { events: CloudTrailEvent[]; malformed: number; error?: string } {
  let records: unknown[];
  const body = text.trim();
  if (body === '') return { events: [], malformed: 0 };
  try {
    const parsed: unknown = JSON.parse(body);
    const envelope = obj(parsed);
    records = Array.isArray(parsed) ? parsed : envelope && Array.isArray(envelope.Records) ? envelope.Records : [parsed];
  } catch {
    // JSON lines: one record per line; a line that does not parse is one malformed record.
    records = body.split('\n').map((line) => {
      try {
        return line.trim() ? (JSON.parse(line) as unknown) : undefined;
      } catch {
        return null;
      }
    });
    records = records.filter((r) => r !== undefined);
    if (records.every((r) => r === null)) return { events: [], malformed: 0, error: 'not JSON, a JSON array or JSON lines' };
  }
  const events: CloudTrailEvent[] = [];
  let malformed = 0;
  records.forEach((record, index) => {
    const event = normaliseCloudTrailRecord(record, { path, index });
    if (event) events.push(event);
    else malformed++;
  });
  return { events, malformed };
}

const isTrailFile = (name: string): boolean => /\.(json|jsonl|json\.gz|jsonl\.gz)$/i.test(name);

async function* files(path: string, warn: (message: string, file: string) => void): AsyncGenerator<string> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    warn(`cannot read: ${(error as Error).message}`, path);
    return;
  }
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* files(child, warn);
    else if (entry.isFile() && isTrailFile(entry.name)) yield child;
  }
}

/**
 * Read CloudTrail events from a file or a directory tree (files in name order), one file
 * in memory at a time. Iterate with `for await`; `stats` counts files, events, malformed
 * records and warnings (`cloudtrail-unreadable`, `cloudtrail-malformed`).
 */
export function readCloudTrail(path: string): CloudTrailStream {
  const stats: CloudTrailReadStats = { files: 0, events: 0, malformed: 0, warnings: [] };
  const warn = (message: string, file: string, code = 'cloudtrail-unreadable') => stats.warnings.push({ code, message, path: file, source: 'cloudtrail' });
  return {
    stats,
    async *[Symbol.asyncIterator]() {
      for await (const file of files(path, (m, f) => warn(m, f))) {
        let text: string;
        try {
          const bytes = await readFile(file);
          text = (/\.gz$/i.test(file) ? await gunzipAsync(bytes) : bytes).toString('utf8');
        } catch (error) {
          warn(`cannot read: ${(error as Error).message}`, file);
          continue;
        }
        stats.files++;
        const { events, malformed, error } = parseCloudTrailText(text, file);
        if (error) warn(error, file);
        if (malformed) {
          stats.malformed += malformed;
          warn(`${malformed} malformed record(s) skipped (no valid eventTime, eventSource or eventName)`, file, 'cloudtrail-malformed');
        }
        for (const event of events) {
          stats.events++;
          yield event;
        }
      }
    },
  };
}
