/**
 * Starting the server: open and migrate the database, load and validate the Cedar
 * policies, and on an empty database issue the one-time bootstrap admin token (there is
 * no default password).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { Authorizer } from './authz/cedar.js';
import { SCOPES } from './auth/tokens.js';
import type { ServerContext } from './context.js';
import { openDatabase, type ServerDb } from './db/connect.js';
import { DEFAULT_SLA_DAYS, type SlaDays } from './findings/lifecycle.js';
import { openQueue, type QueueSettings } from './jobs/queue.js';
import { queueDueScans } from './jobs/schedule.js';
import { runScanJob, SCAN_QUEUE, type ScanJob } from './jobs/scan-job.js';
import { issueToken } from './routes/organization.js';

export interface StartOptions {
  /** SQLite file or postgres:// URL. */
  database: string;
  /** A Cedar policy file replacing the built-in policies. */
  policies?: string;
  /** Directory of organisation standards served at /api/v1/standards. */
  standards?: string;
  sla?: SlaDays;
  logger?: boolean;
  /**
   * Run scan jobs: queue them (manual, webhook, schedule) and, on SQLite, work them in
   * this process (on PostgreSQL `guardian worker` processes do). Off for read-only uses.
   */
  jobs?: { worker?: boolean; scheduleEveryMs?: number; queue?: QueueSettings; offline?: boolean };
  /** Shared secret of the GitHub webhook (GUARDIAN_WEBHOOK_SECRET). */
  webhookSecret?: string;
}

export interface Started {
  app: FastifyInstance;
  ctx: ServerContext;
  store: ServerDb;
  /** Set only on the first start of an empty database: print it once, it is never shown again. */
  bootstrapToken?: string;
  /** Stop the scheduler, the queue, the HTTP server and the database, in that order. */
  stop(): Promise<void>;
}

/** Everything but listening: the app ready for `app.listen()` or `app.inject()`. */
export async function startServer(options: StartOptions): Promise<Started> {
  const authorizer = Authorizer.load(options.policies);
  const store = await openDatabase(options.database);
  const ctx: ServerContext = { db: store.db, dialect: store.dialect, authorizer, sla: options.sla ?? DEFAULT_SLA_DAYS, metricsCache: new Map(), ...(options.standards ? { standardsDir: options.standards } : {}) };
  let bootstrapToken: string | undefined;
  const anyToken = await store.db.selectFrom('tokens').select('id').limit(1).executeTakeFirst();
  const anyUser = await store.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!anyToken && !anyUser) {
    bootstrapToken = (await issueToken(ctx, { name: 'bootstrap admin', role: 'admin', teams: [], scopes: [...SCOPES], expiresInDays: 1, createdBy: 'system' })).token;
  }
  let timer: NodeJS.Timeout | undefined;
  if (options.jobs) {
    const queue = await openQueue(store, options.jobs.queue);
    ctx.queue = queue;
    if (options.jobs.worker ?? store.dialect === 'sqlite') await queue.work<ScanJob>(SCAN_QUEUE, (job) => runScanJob(store.db, store.dialect, job, { sla: ctx.sla, offline: options.jobs?.offline }));
    const every = options.jobs.scheduleEveryMs ?? 60_000;
    if (every > 0) {
      timer = setInterval(() => void queueDueScans(store.db, queue).catch(() => undefined), every);
      timer.unref();
    }
  }
  if (options.webhookSecret) ctx.webhookSecret = options.webhookSecret;
  const app = buildApp(ctx, { logger: options.logger });
  return {
    app,
    ctx,
    store,
    bootstrapToken,
    async stop() {
      if (timer) clearInterval(timer);
      await ctx.queue?.stop();
      await app.close();
      await store.close();
    },
  };
}
