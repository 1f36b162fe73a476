/**
 * Writes records in CloudTrail's S3 delivery layout
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html):
 *
 *   AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz
 *
 * each file holding `{"Records":[...]}` for one region and one 5-minute delivery window
 * (the timestamp and date folders are the window's end, when CloudTrail would deliver it),
 * plus `truth.json` at the top. Gzip output is deterministic: node's zlib writes mtime 0
 * and no file name in the header, and the random suffix comes from the seeded PRNG.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { DAY_MS } from './background.js';
import { type Dataset, type GenerateOptions, generateDays, planSimulation } from './generate.js';
import { Prng } from './prng.js';
import type { CloudTrailRecord } from './record.js';
import type { ScenarioTruth } from './scenarios/context.js';
import type { ScanWarning } from '../../core/warnings.js';

const gzipAsync = promisify(gzip);
const WINDOW_MS = 5 * 60_000;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Export options. */
export interface ExportOptions {
  /** zlib level 1 (fastest) .. 9 (smallest); default 6, zlib's own default. */
  gzipLevel?: number;
}

/** What an export wrote. */
export interface ExportStats {
  dir: string;
  files: number;
  records: number;
  /** Compressed bytes written (log files only). */
  bytes: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The object key of one delivery file, relative to the export root. `part` numbers the
 * further files of the same region and window (CloudTrail too delivers several per window).
 */
export function deliveryPath(account: string, region: string, windowStartMs: number, seed: number, part = 0): string {
  const stamp = new Date(windowStartMs + WINDOW_MS);
  const [y, m, d] = [stamp.getUTCFullYear(), pad(stamp.getUTCMonth() + 1), pad(stamp.getUTCDate())];
  const hhmm = `${pad(stamp.getUTCHours())}${pad(stamp.getUTCMinutes())}`;
  const suffix = (part ? new Prng(seed, 'file', region, windowStartMs, part) : new Prng(seed, 'file', region, windowStartMs)).chars(SUFFIX_ALPHABET, 16);
  return `AWSLogs/${account}/CloudTrail/${region}/${y}/${m}/${d}/${account}_CloudTrail_${region}_${y}${m}${d}T${hhmm}Z_${suffix}.json.gz`;
}

/** Group time-sorted records by region and 5-minute window; files in (window, region) order. */
function groupFiles(records: CloudTrailRecord[]): { region: string; windowStartMs: number; records: CloudTrailRecord[] }[] {
  const groups = new Map<string, { region: string; windowStartMs: number; records: CloudTrailRecord[] }>();
  for (const record of records) {
    const ms = Date.parse(record.eventTime);
    const windowStartMs = ms - (ms % WINDOW_MS);
    const key = `${windowStartMs}|${record.awsRegion}`;
    let group = groups.get(key);
    if (!group) {
      group = { region: record.awsRegion, windowStartMs, records: [] };
      groups.set(key, group);
    }
    group.records.push(record);
  }
  return [...groups.values()].sort((a, b) => a.windowStartMs - b.windowStartMs || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

class Writer {
  readonly stats: ExportStats;
  /** Folder creations, shared so concurrent writers into one folder wait for the same mkdir. */
  private readonly dirs = new Map<string, Promise<unknown>>();
  /** Files written per (region, window): a window can recur across write() calls (a day's last records), and must not overwrite. */
  private readonly parts = new Map<string, number>();

  constructor(
    dir: string,
    private readonly account: string,
    private readonly seed: number,
    private readonly options: ExportOptions,
  ) {
    this.stats = { dir, files: 0, records: 0, bytes: 0 };
  }

  /**
   * Serialise every file of `records` now and hand the compression to libuv's thread pool;
   * the returned promise settles when all are on disk. Returning before then lets the caller
   * generate the next day on the main thread while the pool compresses this one.
   */
  write(records: CloudTrailRecord[]): Promise<void> {
    const level = Math.min(9, Math.max(1, Math.round(this.options.gzipLevel ?? 6)));
    const jobs = groupFiles(records).map(async (file) => {
      const key = `${file.region}|${file.windowStartMs}`;
      const part = this.parts.get(key) ?? 0;
      this.parts.set(key, part + 1);
      const path = join(this.stats.dir, deliveryPath(this.account, file.region, file.windowStartMs, this.seed, part));
      const folder = path.slice(0, path.lastIndexOf('/'));
      let made = this.dirs.get(folder);
      if (!made) {
        made = mkdir(folder, { recursive: true });
        this.dirs.set(folder, made);
      }
      const compressed = gzipAsync(JSON.stringify({ Records: file.records }), { level });
      await made;
      const body = await compressed;
      await writeFile(path, body);
      this.stats.files++;
      this.stats.records += file.records.length;
      this.stats.bytes += body.length;
    });
    return Promise.all(jobs).then(() => undefined);
  }
}

async function writeTruth(dir: string, head: { accountId: string; seed: number; start: string; end: string }, truth: ScenarioTruth[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'truth.json'), JSON.stringify({ ...head, scenarios: truth }, null, 2) + '\n');
}

/**
 * Write an in-memory dataset under `dir` in the S3 export layout, with `truth.json`
 * (`{accountId, seed, start, end, scenarios: ScenarioTruth[]}`) at its top.
 * File system errors reject the promise (the caller owns `dir`).
 */
export async function writeS3Export(dataset: Dataset, dir: string, options: ExportOptions = {}): Promise<ExportStats> {
  const writer = new Writer(dir, dataset.accountId, dataset.seed, options);
  await writer.write(dataset.records);
  await writeTruth(dir, { accountId: dataset.accountId, seed: dataset.seed, start: dataset.start, end: dataset.end }, dataset.truth);
  return writer.stats;
}

/**
 * Generate and write day by day, so memory holds one day of records at most: the path for
 * millions of events. Output is byte-identical to `writeS3Export(generateDataset(options))`.
 */
export async function writeS3ExportStream(
  options: GenerateOptions,
  dir: string,
  exportOptions: ExportOptions = {},
): Promise<ExportStats & { truth: ScenarioTruth[]; warnings: ScanWarning[] }> {
  const plan = planSimulation(options);
  const account = plan.world.profile.accounts.victim;
  const writer = new Writer(dir, account, plan.world.seed, exportOptions);
  // One day compresses while the next is generated: memory holds at most two days.
  let previous: Promise<void> = Promise.resolve();
  for (const day of generateDays(plan)) {
    const current = writer.write(day.records);
    await previous;
    previous = current;
  }
  await previous;
  await writeTruth(
    dir,
    { accountId: account, seed: plan.world.seed, start: new Date(plan.firstEpochDay * DAY_MS).toISOString(), end: new Date((plan.firstEpochDay + plan.days) * DAY_MS).toISOString() },
    plan.truth,
  );
  return { ...writer.stats, truth: plan.truth, warnings: plan.warnings };
}
