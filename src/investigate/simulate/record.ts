/**
 * Builds one raw CloudTrail record from an API spec, an actor and a moment, with the
 * field order, ids, TLS details and AccessDenied wording of real records
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
import type { ApiSpec } from './catalog.js';
import type { Actor } from './identity.js';
import type { Prng } from './prng.js';
import type { Compiled, TemplateScope } from './template.js';

/** A raw CloudTrail record as written to the S3 export (CloudTrail's field names and order). */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  /** ISO 8601 UTC, seconds precision: `2024-08-02T08:23:24Z`. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: unknown;
  responseElements: unknown;
  additionalEventData?: unknown;
  requestID: string;
  /** UUID v4 shape, unique per record. */
  eventID: string;
  readOnly: boolean;
  resources?: unknown[];
  eventType: string;
  managementEvent: boolean;
  recipientAccountId: string;
  serviceEventDetails?: unknown;
  eventCategory: 'Management' | 'Data';
  tlsDetails?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };
  sessionCredentialFromConsole?: string;
}

/** Everything needed to emit one record. */
export interface EmitRequest {
  api: ApiSpec;
  /** Event time, epoch milliseconds. */
  timeMs: number;
  /** Region the call is made in (a global service's own region wins). */
  region: string;
  account: string;
  actor: Actor;
  sourceIPAddress: string;
  userAgent: string;
  /** A service making the call on the actor's behalf: sets `invokedBy`, the source IP and user agent. */
  via?: string;
  /** Refuse the call: AccessDenied (or `Client.UnauthorizedOperation` for EC2). */
  denied?: boolean;
  /** An error other than AccessDenied, e.g. `Client.VcpuLimitExceeded`. */
  error?: { code: string; message: string };
  /** Per-call placeholder values (win over everything). */
  overrides?: Record<string, unknown>;
  /** Per-API compiled values, then the principal's value lists. */
  choiceVars?: Map<string, Compiled>;
  principalVars?: Map<string, Compiled[]>;
  /** Console sessions add `sessionCredentialFromConsole: "true"`. */
  fromConsole?: boolean;
  prng: Prng;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CloudTrail's human date in responseElements: `Aug 1, 2024, 1:33:28 PM` (UTC). */
export function amzTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = NaN;
let cachedDayPrefix = '';
/** `2024-08-02T08:23:24Z` for epoch ms (seconds precision); the date part is cached per day, the rest is table lookups. */
export function isoSecond(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  const s = Math.floor((ms - day * 86_400_000) / 1000);
  return `${cachedDayPrefix}${TWO_DIGITS[Math.floor(s / 3600)]}:${TWO_DIGITS[Math.floor(s / 60) % 60]}:${TWO_DIGITS[s % 60]}Z`;
}

/** `n` base64 characters, five per 32-bit draw. */
function base64(prng: Prng, n: number): string {
  let out = '';
  while (out.length < n) {
    const v = prng.next();
    out += B64[v & 63]! + B64[(v >>> 6) & 63]! + B64[(v >>> 12) & 63]! + B64[(v >>> 18) & 63]! + B64[(v >>> 24) & 63]!;
  }
  return out.slice(0, n);
}
const HEX_UPPER = '0123456789ABCDEF';

/** Resolves placeholders for one record, each once. */
class RecordScope implements TemplateScope {
  private readonly memo = new Map<string, unknown>();

  constructor(
    private readonly req: EmitRequest,
    private readonly region: string,
    private readonly requestID: string,
  ) {}

  resolve(token: string): unknown {
    const cached = this.memo.get(token);
    if (cached !== undefined || this.memo.has(token)) return cached;
    const value = this.compute(token);
    this.memo.set(token, value);
    return value;
  }

  private compute(token: string): unknown {
    const { req } = this;
    const prng = req.prng;
    if (req.overrides && token in req.overrides) return req.overrides[token];
    const choice = req.choiceVars?.get(token);
    if (choice) return choice(this);
    switch (token) {
      case 'account':
        return req.account;
      case 'region':
        return this.region;
      case 'time':
        return isoSecond(req.timeMs);
      case 'amzTime':
        return amzTime(req.timeMs);
      case 'expiration':
        return amzTime(req.timeMs + 3_600_000);
      case 'requestID':
        return this.requestID;
      case 'principalArn':
        return req.actor.arn;
      case 'userName':
        return req.actor.userName ?? '';
      case 'uuid':
        return prng.uuid();
      case 'amzId2':
        return base64(prng, 76);
      case 'sessionToken':
        return 'IQoJb3JpZ2luX2VjE' + base64(prng, 180);
      case 'objectBytes':
        return Math.round(Math.exp(5 + prng.float() * 10)); // log-uniform, ~150 B .. 3 MB
    }
    const [kind, a, b] = token.split(':');
    if (kind === 'hex' && a) return prng.hex(Number(a));
    if (kind === 'upper' && a) return prng.upper(Number(a));
    if (kind === 'digits' && a) return prng.chars('0123456789', Number(a));
    if (kind === 'int' && a && b) return prng.int(Number(a), Number(b));
    const values = req.principalVars?.get(token);
    if (values && values.length > 0) return prng.pick(values)(this);
    return `{${token}}`; // unknown: left visible so tests catch it
  }
}

const TLS = [
  { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' },
  { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256' },
];

function deniedError(spec: ApiSpec, actorArn: string, region: string, account: string, prng: Prng): { code: string; message: string } {
  const resource = spec.globalRegion ? `arn:aws:${spec.iamAction.split(':')[0]}::${account}:*` : `arn:aws:${spec.iamAction.split(':')[0]}:${region}:${account}:*`;
  const why = `User: ${actorArn} is not authorized to perform: ${spec.iamAction} on resource: ${resource} because no identity-based policy allows the ${spec.iamAction} action`;
  if (spec.errorStyle === 's3') return { code: 'AccessDenied', message: 'Access Denied' };
  if (spec.errorStyle === 'ec2')
    return {
      code: 'Client.UnauthorizedOperation',
      message: `You are not authorized to perform this operation. ${why}. Encoded authorization failure message: ${prng.chars(B64.replace('+', '-').replace('/', '_'), 120)}`,
    };
  return { code: 'AccessDenied', message: why };
}

/** Build one record. `eventID`/`requestID` come from `req.prng`, so equal inputs give equal records. */
export function buildRecord(req: EmitRequest): CloudTrailRecord {
  const { api: spec, prng } = req;
  const region = spec.globalRegion ?? req.region;
  const requestID = spec.eventSource === 's3.amazonaws.com' ? prng.chars(HEX_UPPER, 16) : prng.uuid();
  const eventID = prng.uuid();
  const scope = new RecordScope(req, region, requestID);
  const error = req.error ?? (req.denied ? deniedError(spec, req.actor.arn, region, req.account, prng) : undefined);
  const requestParameters = spec.request(scope);
  const responseElements = error ? null : spec.response(scope);
  const additionalEventData = spec.additionalEventData?.(scope);
  const resources = spec.resources?.(scope) as unknown[] | undefined;
  const serviceEventDetails = spec.serviceEventDetails?.(scope);
  const serviceSource = req.via !== undefined || spec.eventType === 'AwsServiceEvent' || req.sourceIPAddress.endsWith('.amazonaws.com');
  const tls = serviceSource ? undefined : prng.chance(0.9) ? TLS[0] : TLS[1];
  // One object literal in CloudTrail's field order; absent optional fields are dropped by JSON.stringify.
  return {
    eventVersion: spec.eventVersion,
    userIdentity: req.via ? { ...req.actor.identity, invokedBy: req.via } : req.actor.identity,
    eventTime: isoSecond(req.timeMs),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: region,
    sourceIPAddress: req.via ?? req.sourceIPAddress,
    userAgent: req.via ?? req.userAgent,
    errorCode: error?.code,
    errorMessage: error?.message,
    requestParameters,
    responseElements,
    additionalEventData,
    requestID,
    eventID,
    readOnly: spec.readOnly,
    resources,
    eventType: spec.eventType,
    managementEvent: spec.category === 'Management',
    recipientAccountId: req.account,
    serviceEventDetails,
    eventCategory: spec.category,
    tlsDetails: tls && { tlsVersion: tls.tlsVersion, cipherSuite: tls.cipherSuite, clientProvidedHostHeader: String(spec.host(scope)) },
    sessionCredentialFromConsole: req.fromConsole ? 'true' : undefined,
  };
}
