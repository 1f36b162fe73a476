/**
 * The SQLite job queue: rows in `jobs`, taken in one transaction (SQLite has one writer,
 * so two workers never take the same row), leased for `leaseSeconds`, retried with
 * exponential backoff, and taken again when a lease runs out with the job unfinished.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { JobHandler, JobQueue, QueueSettings } from './queue.js';

export class TableQueue implements JobQueue {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly retries: number;
  private readonly retryDelay: number;
  private readonly lease: number;
  private readonly poll: number;

  constructor(
    private readonly db: Kysely<Database>,
    settings: QueueSettings = {},
  ) {
    this.retries = settings.retries ?? 3;
    this.retryDelay = settings.retryDelaySeconds ?? 30;
    this.lease = settings.leaseSeconds ?? 1800;
    this.poll = settings.pollMs ?? 1000;
  }

  async send<T extends object>(name: string, data: T): Promise<string> {
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.insertInto('jobs').values({ id, name, data: JSON.stringify(data), state: 'created', attempts: 0, run_after: now, lease_until: null, last_error: null, created_at: now, finished_at: null }).execute();
    return id;
  }

  /** Lease the next ready job of `name`: new or due for retry, or active with an expired lease. */
  async take(name: string, now = new Date()): Promise<{ id: string; data: string; attempts: number } | undefined> {
    const at = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('jobs')
        .select(['id', 'data', 'attempts'])
        .where('name', '=', name)
        .where((eb) => eb.or([eb.and([eb('state', 'in', ['created', 'retry']), eb('run_after', '<=', at)]), eb.and([eb('state', '=', 'active'), eb('lease_until', '<', at)])]))
        .orderBy('run_after')
        .limit(1)
        .executeTakeFirst();
      if (!job) return undefined;
      await trx
        .updateTable('jobs')
        .set({ state: 'active', attempts: job.attempts + 1, lease_until: new Date(now.getTime() + this.lease * 1000).toISOString() })
        .where('id', '=', job.id)
        .execute();
      return { ...job, attempts: job.attempts + 1 };
    });
  }

  /** Record the outcome of a taken job: completed, or retried with backoff, or failed after the last retry. */
  async finish(id: string, attempts: number, error?: Error, now = new Date()): Promise<void> {
    if (!error) {
      await this.db.updateTable('jobs').set({ state: 'completed', lease_until: null, finished_at: now.toISOString() }).where('id', '=', id).execute();
      return;
    }
    const last = attempts > this.retries;
    await this.db
      .updateTable('jobs')
      .set({
        state: last ? 'failed' : 'retry',
        lease_until: null,
        last_error: error.message.slice(0, 2000),
        run_after: new Date(now.getTime() + this.retryDelay * 1000 * 2 ** (attempts - 1)).toISOString(),
        ...(last ? { finished_at: now.toISOString() } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async work<T>(name: string, handler: JobHandler<T>): Promise<void> {
    const loop = async () => {
      while (!this.stopped) {
        const job = await this.take(name).catch(() => undefined);
        if (!job) {
          await new Promise((done) => setTimeout(done, this.poll));
          continue;
        }
        try {
          await handler(JSON.parse(job.data) as T, { id: job.id, attempt: job.attempts });
          await this.finish(job.id, job.attempts);
        } catch (error) {
          await this.finish(job.id, job.attempts, error as Error);
        }
      }
    };
    this.loops.push(loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}
