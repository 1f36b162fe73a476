/**
 * The durable queue scan jobs go through. On PostgreSQL it is pg-boss
 * (https://github.com/timgit/pg-boss): any number of `guardian worker` processes on any
 * number of machines take jobs with SKIP LOCKED. On SQLite it is a job table worked by the
 * server process itself. Both retry with exponential backoff, and a job whose worker dies
 * mid-run is taken again once its lease (pg-boss: expiry) runs out: nothing is lost.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Delivery settings shared by both queues. */
export interface QueueSettings {
  /** Tries after the first (default 3). */
  retries?: number;
  /** Seconds before the first retry, doubled each time (default 30). */
  retryDelaySeconds?: number;
  /** Seconds a worker may hold a job before another may take it (default 1800). */
  leaseSeconds?: number;
  /** How often an idle worker looks for work, in ms (default 1000). */
  pollMs?: number;
}

export type JobHandler<T> = (data: T, job: { id: string; attempt: number }) => Promise<void>;

export interface JobQueue {
  /** Enqueue; returns the job id. */
  send<T extends object>(name: string, data: T): Promise<string>;
  /** Take jobs of `name` until stopped, one at a time per call. */
  work<T>(name: string, handler: JobHandler<T>): Promise<void>;
  stop(): Promise<void>;
}

/** The queue for an open database: pg-boss on PostgreSQL, the job table on SQLite. */
export async function openQueue(store: { db: Kysely<Database>; dialect: 'sqlite' | 'postgres'; target: string }, settings: QueueSettings = {}): Promise<JobQueue> {
  if (store.dialect === 'postgres') {
    const { PgBossQueue } = await import('./pg-boss-queue.js');
    return PgBossQueue.start(store.target, settings);
  }
  const { TableQueue } = await import('./table-queue.js');
  return new TableQueue(store.db, settings);
}
