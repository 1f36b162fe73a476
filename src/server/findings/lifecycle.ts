/**
 * Importing a scan into a repository's findings, and every later change of a finding's
 * state. Findings are deduplicated by `(repository, tool, fingerprint)`. A finding is
 * `new` when first reported, `open` once a later scan reports it again, `fixed` when a
 * later full scan of the same tool and category no longer reports it, `reopened` if it
 * comes back; `false_positive` and `risk_accepted` are decisions by people, and an
 * acceptance past its expiry returns the finding to `open`. Every change is a
 * finding_events row.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type Severity, severityRank } from '../../core/severity.js';
import type { Database, FindingStatus, NewFinding } from '../db/schema.js';
import { ACTIVE_STATUSES } from '../db/schema.js';
import type { IncomingScan } from './incoming.js';

/** Days to fix by severity (counted from first seen); a finding open past it is an SLA breach. */
export type SlaDays = Record<Severity, number | null>;
/** DefectDojo's defaults. */
export const DEFAULT_SLA_DAYS: SlaDays = { critical: 7, high: 30, medium: 90, low: 120, info: null };

/** What an import changed. */
export interface ImportCounts {
  received: number;
  new: number;
  reopened: number;
  fixed: number;
  unchanged: number;
  /** Results that appeared twice in the upload (same fingerprint): stored once. */
  duplicates: number;
  skipped: number;
}

export interface ImportRequest {
  repositoryId: string;
  scan: IncomingScan;
  /** Whether the scan covered the whole repository: only a full scan marks findings fixed. */
  full: boolean;
  commit?: string;
  branch?: string;
  /** Audit actor (`token:<id>`, `user:<id>`). */
  actor: string;
  now?: Date;
  sla?: SlaDays;
}

const CHUNK = 200;
const chunks = <T>(items: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const addDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

type Db = Kysely<Database> | Transaction<Database>;

async function addEvents(db: Db, events: { finding_id: string; kind: string; actor: string; at: string; scan_id: string | null; detail: string | null }[]): Promise<void> {
  for (const chunk of chunks(events, 500)) await db.insertInto('finding_events').values(chunk).execute();
}

/**
 * Store one uploaded scan, in one transaction (concurrent uploads to one repository are
 * serialised by a row lock on PostgreSQL and by SQLite's single writer). Returns the scan
 * id and what changed.
 */
export async function importScan(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', request: ImportRequest): Promise<{ scanId: string; counts: ImportCounts }> {
  const now = (request.now ?? new Date()).toISOString();
  const sla = request.sla ?? DEFAULT_SLA_DAYS;
  const scanId = randomUUID();
  const counts: ImportCounts = { received: 0, new: 0, reopened: 0, fixed: 0, unchanged: 0, duplicates: 0, skipped: request.scan.skipped.count };
  await db.transaction().execute(async (trx) => {
    const lock = trx.selectFrom('repositories').select('team_id').where('id', '=', request.repositoryId);
    const { team_id: teamId } = await (dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirstOrThrow();
    const tools = [...new Set(request.scan.runs.map((r) => r.tool))].join(', ') || 'unknown';
    await trx
      .insertInto('scans')
      .values({
        id: scanId,
        repository_id: request.repositoryId,
        tool: tools,
        categories: JSON.stringify([...new Set(request.scan.runs.flatMap((r) => r.categories))].sort()),
        full: request.full ? 1 : 0,
        commit_sha: request.commit ?? null,
        branch: request.branch ?? null,
        started_at: request.scan.startedAt ?? now,
        imported_at: now,
        uploaded_by: request.actor,
        counts: '{}',
      })
      .execute();
    const events: Parameters<typeof addEvents>[1] = [];
    for (const run of request.scan.runs) {
      counts.received += run.findings.length;
      const existing = new Map(
        (await trx.selectFrom('findings').select(['id', 'fingerprint', 'status', 'category']).where('repository_id', '=', request.repositoryId).where('tool', '=', run.tool).execute()).map((row) => [row.fingerprint, row]),
      );
      const seen = new Set<string>();
      const inserts: NewFinding[] = [];
      const reopened: string[] = [];
      const confirmed: string[] = [];
      const refreshed: string[] = [];
      for (const f of run.findings) {
        if (seen.has(f.fingerprint)) {
          counts.duplicates++;
          continue;
        }
        seen.add(f.fingerprint);
        const row = existing.get(f.fingerprint);
        if (!row) {
          const id = randomUUID();
          const days = sla[f.severity];
          inserts.push({
            id,
            repository_id: request.repositoryId,
            team_id: teamId,
            tool: run.tool,
            fingerprint: f.fingerprint,
            rule_id: f.ruleId,
            category: f.category,
            severity: f.severity,
            severity_rank: severityRank(f.severity),
            title: f.title,
            message: f.message,
            path: f.path,
            start_line: f.startLine,
            snippet: f.snippet,
            cwe: JSON.stringify(f.cwe),
            remediation: f.remediation,
            status: 'new',
            first_seen_at: now,
            last_seen_at: now,
            last_scan_id: scanId,
            fixed_at: null,
            sla_due_at: days === null ? null : addDays(now, days),
            accepted_until: null,
            accepted_by: null,
            status_reason: null,
          });
          events.push({ finding_id: id, kind: 'new', actor: request.actor, at: now, scan_id: scanId, detail: null });
          counts.new++;
        } else if (row.status === 'fixed') {
          reopened.push(row.id);
          events.push({ finding_id: row.id, kind: 'reopened', actor: request.actor, at: now, scan_id: scanId, detail: null });
          counts.reopened++;
        } else {
          (row.status === 'new' ? confirmed : refreshed).push(row.id);
          counts.unchanged++;
        }
      }
      for (const chunk of chunks(inserts)) await trx.insertInto('findings').values(chunk).execute();
      const touch = async (ids: string[], status?: FindingStatus) => {
        for (const chunk of chunks(ids, 500)) {
          await trx
            .updateTable('findings')
            .set({ last_seen_at: now, last_scan_id: scanId, ...(status ? { status, ...(status === 'reopened' ? { fixed_at: null } : {}) } : {}) })
            .where('id', 'in', chunk)
            .execute();
        }
      };
      await touch(reopened, 'reopened');
      await touch(confirmed, 'open');
      await touch(refreshed);
      if (request.full) {
        const covered = new Set(run.categories);
        const gone = [...existing.values()].filter((row) => !seen.has(row.fingerprint) && covered.has(row.category) && (ACTIVE_STATUSES as string[]).includes(row.status));
        for (const chunk of chunks(gone.map((g) => g.id), 500)) await trx.updateTable('findings').set({ status: 'fixed', fixed_at: now }).where('id', 'in', chunk).execute();
        for (const row of gone) events.push({ finding_id: row.id, kind: 'fixed', actor: request.actor, at: now, scan_id: scanId, detail: null });
        counts.fixed += gone.length;
      }
    }
    await addEvents(trx, events);
    await trx.updateTable('scans').set({ counts: JSON.stringify(counts) }).where('id', '=', scanId).execute();
    await trx.updateTable('repositories').set({ last_scan_at: now }).where('id', '=', request.repositoryId).execute();
  });
  return { scanId, counts };
}

/** A person's decision on one finding. */
export type Decision =
  | { status: 'false_positive'; reason: string }
  | { status: 'risk_accepted'; reason: string; until: string }
  | { status: 'open'; reason: string };

/** Apply a decision: status, reason, who, until when; one event. */
export async function decide(db: Kysely<Database>, findingId: string, decision: Decision, actor: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('findings')
      .set({
        status: decision.status,
        status_reason: decision.reason,
        accepted_by: decision.status === 'risk_accepted' ? actor : null,
        accepted_until: decision.status === 'risk_accepted' ? decision.until : null,
      })
      .where('id', '=', findingId)
      .execute();
    await addEvents(trx, [{ finding_id: findingId, kind: decision.status === 'open' ? 'reactivated' : decision.status, actor, at, scan_id: null, detail: JSON.stringify({ reason: decision.reason, ...(decision.status === 'risk_accepted' ? { until: decision.until } : {}) }) }]);
  });
}

/** Return every risk acceptance past its expiry to `open` (event `risk_expired`); returns how many. */
export async function expireAcceptances(db: Kysely<Database>, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const expired = await db.selectFrom('findings').select('id').where('status', '=', 'risk_accepted').where('accepted_until', '<=', at).execute();
  if (!expired.length) return 0;
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunks(expired.map((e) => e.id), 500)) await trx.updateTable('findings').set({ status: 'open', accepted_until: null }).where('id', 'in', chunk).execute();
    await addEvents(trx, expired.map((e) => ({ finding_id: e.id, kind: 'risk_expired', actor: 'system', at, scan_id: null, detail: null })));
  });
  return expired.length;
}
