/**
 * A scan job: clone the repository (shallow, the configured branch), run the configured
 * scanners, import the results as a full scan, remove the clone. git runs through
 * `execFile` with an argument list and `--` before the URL, prompts disabled; only
 * https, ssh, scp-style, file:// URLs and absolute paths are accepted.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { ScannerId } from '../../core/config.js';
import { loadConfig } from '../../core/config.js';
import { runScan } from '../../core/run.js';
import { toJson } from '../../report/json.js';
import { createScanners } from '../../scanners/index.js';
import type { Database } from '../db/schema.js';
import { fromGuardianReport } from '../findings/incoming.js';
import { type SlaDays, importScan } from '../findings/lifecycle.js';

const run = promisify(execFile);

/** The job's payload. */
export interface ScanJob {
  repositoryId: string;
  /** `schedule`, `push` or `manual`, for the audit trail. */
  trigger: string;
  /** The pushed commit, when a webhook sent it. */
  commit?: string;
}

export const SCAN_QUEUE = 'scan-repository';

/** Clone URLs git may be given: no `ext::` or other transports, no option-looking values. */
export const CLONE_URL = /^(?:https:\/\/|ssh:\/\/|file:\/\/|git@[\w.-]+:|\/)[^\s]*$/;

/** Run one scan job against the database. Throws (so the queue retries) when clone or scan fails. */
export async function runScanJob(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', job: ScanJob, options: { sla?: SlaDays; offline?: boolean } = {}): Promise<void> {
  const repository = await db.selectFrom('repositories').select(['id', 'name']).where('id', '=', job.repositoryId).executeTakeFirst();
  if (!repository) return; // Deleted since: nothing to do, and nothing to retry.
  const config =
    (await db.selectFrom('scan_configs').selectAll().where('repository_id', '=', repository.id).executeTakeFirst()) ??
    (await db.selectFrom('scan_configs').selectAll().where('repository_id', 'is', null).executeTakeFirst());
  if (!config?.clone_url) throw new Error(`${repository.name} has no clone URL in its scan configuration`);
  if (!CLONE_URL.test(config.clone_url)) throw new Error(`${repository.name}: refusing clone URL ${config.clone_url}`);
  const dir = await mkdtemp(join(tmpdir(), 'guardian-worker-'));
  try {
    await run('git', ['clone', '--quiet', '--depth', '1', ...(config.branch ? ['--branch', config.branch] : []), '--', config.clone_url, join(dir, 'repo')], { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, timeout: 600_000 });
    const root = join(dir, 'repo');
    const commit = (await run('git', ['rev-parse', 'HEAD'], { cwd: root })).stdout.trim();
    const { config: repoConfig } = await loadConfig(root);
    const scanners = JSON.parse(config.scanners) as ScannerId[];
    const result = await runScan({ root, config: repoConfig, scanners: await createScanners(scanners), offline: options.offline });
    await importScan(db, dialect, { repositoryId: repository.id, scan: fromGuardianReport(JSON.parse(toJson(result))), full: true, commit, branch: config.branch ?? undefined, actor: `worker:${job.trigger}`, sla: options.sla });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
