/** The PostgreSQL job queue: pg-boss, in its own `pgboss` schema of the same database. */
import PgBoss from 'pg-boss';
import type { JobHandler, JobQueue, QueueSettings } from './queue.js';

export class PgBossQueue implements JobQueue {
  private readonly queues = new Set<string>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly settings: QueueSettings,
  ) {}

  static async start(url: string, settings: QueueSettings = {}): Promise<PgBossQueue> {
    const boss = new PgBoss({ connectionString: url, max: 4 });
    boss.on('error', () => {
      // Connection hiccups are retried by pg-boss; failed jobs keep their error in the job row.
    });
    await boss.start();
    return new PgBossQueue(boss, settings);
  }

  private async queue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    await this.boss.createQueue(name, {
      name,
      retryLimit: this.settings.retries ?? 3,
      retryDelay: this.settings.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: this.settings.leaseSeconds ?? 1800,
    });
    this.queues.add(name);
  }

  async send<T extends object>(name: string, data: T): Promise<string> {
    await this.queue(name);
    const id = await this.boss.send(name, data);
    if (!id) throw new Error(`pg-boss did not accept a ${name} job`);
    return id;
  }

  async work<T>(name: string, handler: JobHandler<T>): Promise<void> {
    await this.queue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds: Math.max(0.5, (this.settings.pollMs ?? 1000) / 1000), batchSize: 1 }, async ([job]) => {
      if (job) await handler(job.data, { id: job.id, attempt: 1 });
    });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
