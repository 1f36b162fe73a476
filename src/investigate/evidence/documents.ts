/**
 * Evidence documents other than CloudTrail, recognised by their top-level shape and kept
 * whole in the store's `documents` table (./schema.ts) for the analysis to parse:
 *
 * - `iam-authorization-details`: `aws iam get-account-authorization-details` output
 *   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html),
 *   keys `UserDetailList`, `GroupDetailList`, `RoleDetailList`, `Policies`.
 * - `ec2-instances`: `aws ec2 describe-instances` output
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html), key `Reservations`.
 * - `findings`: `aws guardduty get-findings` / `aws securityhub get-findings` output
 *   (`Findings`), or a bare array of GuardDuty or ASFF findings.
 *
 * Loading a file again replaces what it loaded before. Nothing here throws for bad input.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { findingsOf } from '../triage/findings.js';
import type { EvidenceStore } from './store.js';

const gunzipAsync = promisify(gunzip);

/** The kinds of document evidence. */
export type DocumentKind = 'iam-authorization-details' | 'ec2-instances' | 'findings';

/** First top-level key of each document kind (the AWS CLI prints keys in this order). */
const FIRST_KEYS: Record<string, DocumentKind> = {
  UserDetailList: 'iam-authorization-details',
  GroupDetailList: 'iam-authorization-details',
  RoleDetailList: 'iam-authorization-details',
  Policies: 'iam-authorization-details',
  Reservations: 'ec2-instances',
  Findings: 'findings',
};

/** ASFF's only schema version, and GuardDuty's `Service.ServiceName`. */
const ASFF = /"SchemaVersion"\s*:\s*"2018-10-08"/;
const GUARDDUTY = /"ServiceName"\s*:\s*"guardduty"/;

/**
 * The document kind a file's first bytes show, or undefined for anything else (CloudTrail
 * and unknown JSON, which the CloudTrail ingest reads or reports).
 */
export function documentKindOf(head: string): DocumentKind | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  const key = /^\{\s*"([A-Za-z]+)"\s*:/.exec(text)?.[1];
  if (key) return FIRST_KEYS[key];
  if (text.startsWith('[') && !/"eventTime"\s*:/.test(text.slice(0, 4096)) && (ASFF.test(text) || GUARDDUTY.test(text))) return 'findings';
  return undefined;
}

/** What loading one document did: how many items it holds (users + groups + roles, instances, findings), or why it was not stored. */
export type DocumentLoad = { kind: DocumentKind; path: string; items: number; problems: string[] } | { kind: DocumentKind; path: string; error: string };

/** Read, check and store the document at `path` (absolute) as `kind`. */
export async function loadDocument(store: EvidenceStore, kind: DocumentKind, path: string): Promise<DocumentLoad> {
  let body: unknown;
  try {
    const bytes = await readFile(path);
    body = JSON.parse((/\.gz$/i.test(path) ? await gunzipAsync(bytes) : bytes).toString('utf8'));
  } catch (error) {
    return { kind, path, error: `cannot read as JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  const checked = check(kind, body, path);
  if ('error' in checked) return { kind, path, error: checked.error };
  await store.execute('DELETE FROM documents WHERE source_file = $1', [path]);
  await store.execute('INSERT INTO documents VALUES ($1, $2, now(), $3::JSON)', [kind, path, JSON.stringify(body)]);
  return { kind, path, items: checked.items, problems: checked.problems };
}

/** The stored documents of `kind`, oldest load first (a later snapshot overrides an earlier one). */
export async function readDocuments(store: EvidenceStore, kind: DocumentKind): Promise<{ path: string; body: unknown }[]> {
  const rows = await store.query<{ path: string; body: unknown }>('SELECT source_file AS path, body FROM documents WHERE kind = $1 ORDER BY loaded_at, source_file', [kind]);
  return rows;
}

const array = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);
const field = (value: unknown, key: string): unknown => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined);

/** Count a document's items; an error when it is not the kind at all. */
function check(kind: DocumentKind, body: unknown, path: string): { items: number; problems: string[] } | { error: string } {
  switch (kind) {
    case 'iam-authorization-details': {
      const lists = ['UserDetailList', 'GroupDetailList', 'RoleDetailList'].map((k) => array(field(body, k)));
      if (lists.every((l) => l === undefined)) return { error: 'no UserDetailList, GroupDetailList or RoleDetailList (expected aws iam get-account-authorization-details output)' };
      return { items: lists.reduce((n, l) => n + (l?.length ?? 0), 0), problems: [] };
    }
    case 'ec2-instances': {
      const reservations = array(field(body, 'Reservations'));
      if (!reservations) return { error: 'no Reservations array (expected aws ec2 describe-instances output)' };
      return { items: reservations.reduce<number>((n, r) => n + (array(field(r, 'Instances'))?.length ?? 0), 0), problems: [] };
    }
    case 'findings': {
      const { findings, problems } = findingsOf(body, path);
      if (!findings.length && problems.length === 1 && problems[0]!.index === undefined) return { error: problems[0]!.reason };
      return { items: findings.length, problems: problems.map((p) => (p.index === undefined ? p.reason : `finding ${p.index}: ${p.reason}`)) };
    }
  }
}
