/**
 * The scheduler: every repository whose scan configuration (its own, else the default)
 * has a clone URL and a weekly or monthly schedule is queued once its last scan is older
 * than the period. `scan_queued_at` keeps a repository from being queued again while its
 * scan waits or runs (and lets it be queued again if that scan never finished).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { JobQueue } from './queue.js';
import { SCAN_QUEUE, type ScanJob } from './scan-job.js';

const PERIOD_DAYS = { weekly: 7, monthly: 30 } as const;

/** Queue the scans that are due at `now`; returns the repository names queued. */
export async function queueDueScans(db: Kysely<Database>, queue: JobQueue, now = new Date()): Promise<string[]> {
  const fallback = await db.selectFrom('scan_configs').selectAll().where('repository_id', 'is', null).executeTakeFirst();
  const rows = await db
    .selectFrom('repositories as r')
    .leftJoin('scan_configs as c', 'c.repository_id', 'r.id')
    .select(['r.id', 'r.name', 'r.last_scan_at', 'r.scan_queued_at', 'c.schedule', 'c.clone_url'])
    .execute();
  const queued: string[] = [];
  for (const row of rows) {
    const schedule = row.schedule ?? fallback?.schedule;
    const cloneUrl = row.schedule ? row.clone_url : fallback?.clone_url;
    if (!cloneUrl || (schedule !== 'weekly' && schedule !== 'monthly')) continue;
    const due = new Date(now.getTime() - PERIOD_DAYS[schedule] * 86_400_000).toISOString();
    if (row.last_scan_at && row.last_scan_at > due) continue;
    if (row.scan_queued_at && row.scan_queued_at > due && (!row.last_scan_at || row.scan_queued_at > row.last_scan_at)) continue;
    const job: ScanJob = { repositoryId: row.id, trigger: 'schedule' };
    await queue.send(SCAN_QUEUE, job);
    await db.updateTable('repositories').set({ scan_queued_at: now.toISOString() }).where('id', '=', row.id).execute();
    queued.push(row.name);
  }
  return queued;
}
