/**
 * `guardian worker`: take scan jobs from the server's queue (pg-boss on the PostgreSQL of
 * DATABASE_URL) until stopped: clone, scan, store. Run as many as you like, anywhere that
 * reaches the database and the repositories.
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { openDatabase } from '../server/db/connect.js';
import { openQueue } from '../server/jobs/queue.js';
import { runScanJob, SCAN_QUEUE, type ScanJob } from '../server/jobs/scan-job.js';

/** Register `guardian worker`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run scan jobs for a Guardian server on PostgreSQL (DATABASE_URL): clone, scan, store; any number of workers on any machines.')
    .option('--database <url>', 'postgres:// URL of the server database (default: $DATABASE_URL)')
    .option('--offline', 'scan dependencies with the local advisory database only')
    .action(async (flags: { database?: string; offline?: boolean }) => {
      const database = flags.database ?? process.env.DATABASE_URL;
      if (!database || !/^postgres(?:ql)?:\/\//.test(database)) throw new UsageError('guardian worker needs the server\'s PostgreSQL: set DATABASE_URL (on SQLite, guardian serve runs the jobs itself)');
      const store = await openDatabase(database);
      const queue = await openQueue(store);
      await queue.work<ScanJob>(SCAN_QUEUE, async (job) => {
        const started = Date.now();
        await runScanJob(store.db, store.dialect, job, { offline: flags.offline });
        process.stderr.write(`scanned repository ${job.repositoryId} (${job.trigger}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      });
      process.stderr.write(`guardian worker: taking ${SCAN_QUEUE} jobs from ${store.location}\n`);
      const stop = async () => {
        await queue.stop();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
