/**
 * Evidence-store ingest benchmark: generate N synthetic CloudTrail events in the S3 export
 * layout (`AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`, `{"Records":[...]}`),
 * ingest them into a DuckDB file and print events/s, wall time and peak RSS.
 *
 *   node --import tsx bench/investigate-ingest.ts --events 1000000
 *   node --import tsx bench/investigate-ingest.ts --events 10000000 --per-file 8000
 *
 * Events are the 310 recorded Stratus Red Team events cloned with fresh eventIDs and times
 * shifted forward, so their shape (nested identities, request/response bodies) is real.
 * The tree is generated once into bench/.work/ and reused; the store is rebuilt each run.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const STRATUS = join(import.meta.dirname, '..', 'test', 'fixtures', 'cloudtrail', 'stratus-red-team');
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'per-file': { type: 'string', default: '8000' },
    stratus: { type: 'string', default: STRATUS },
    keep: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
});
const total = Number(values.events);
const perFile = Number(values['per-file']);
const root = join(import.meta.dirname, '.work', `cloudtrail-${total}`);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A deterministic UUID-shaped id for clone number `n`. */
const eventId = (n: number) => {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
};

async function generate(): Promise<void> {
  const templates: Record<string, unknown>[] = [];
  for (const name of readdirSync(values.stratus).filter((f) => f.endsWith('.json')).sort()) {
    templates.push(...(JSON.parse(readFileSync(join(values.stratus, name), 'utf8')) as Record<string, unknown>[]));
  }
  // Events spread evenly over 30 days starting 2024-01-01; one file per (region, run of perFile events).
  const start = Date.parse('2024-01-01T00:00:00Z');
  const stepMs = (30 * 86_400_000) / total;
  const started = performance.now();
  let written = 0;
  const pending: Promise<void>[] = [];
  for (let fileNo = 0; written < total; fileNo++) {
    const count = Math.min(perFile, total - written);
    const region = REGIONS[fileNo % REGIONS.length]!;
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const n = written + i;
      const template = templates[n % templates.length]!;
      records.push({ ...template, eventID: eventId(n), eventTime: new Date(start + n * stepMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), awsRegion: region });
    }
    const stamp = new Date(start + written * stepMs);
    const dir = join(root, 'AWSLogs', ACCOUNT, 'CloudTrail', region, String(stamp.getUTCFullYear()), pad(stamp.getUTCMonth() + 1), pad(stamp.getUTCDate()));
    const file = join(dir, `${ACCOUNT}_CloudTrail_${region}_${stamp.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z_${pad(fileNo, 8)}.json.gz`);
    written += count;
    pending.push(
      (async () => {
        await mkdir(dir, { recursive: true });
        await writeFile(file, await gzipAsync(JSON.stringify({ Records: records }), { level: 6 }));
      })(),
    );
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  writeFileSync(join(root, '.done'), String(written));
  console.log(`generated ${written.toLocaleString('en-US')} events → ${root} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (!existsSync(join(root, '.done'))) {
  rmSync(root, { recursive: true, force: true });
  await generate();
}

if (values['generate-only']) process.exit(0);
// Imported after generation so `--generate-only` works while the store is being changed.
const { ingestCloudTrail } = await import('../src/investigate/evidence/ingest.js');
const { EvidenceStore } = await import('../src/investigate/evidence/store.js');

const dbPath = join(import.meta.dirname, '.work', `evidence-${total}.duckdb`);
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const started = performance.now();
const store = await EvidenceStore.open(dbPath);
let lastReport = 0;
const stats = await ingestCloudTrail(store, [join(root, 'AWSLogs')], {
  onProgress(done, all) {
    const now = performance.now();
    if (now - lastReport > 5000) {
      lastReport = now;
      console.log(`  ${done}/${all} files, ${((now - started) / 1000).toFixed(1)} s`);
    }
  },
});
const ingestMs = performance.now() - started;
const [count] = await store.query<{ n: number; first: string; last: string }>('SELECT count(*) AS n, min(eventtime) AS first, max(eventtime) AS last FROM cloudtrail');
await store.close();
const seconds = ingestMs / 1000;
console.log(`\nGuardian evidence ingest: ${root}`);
console.log(`  files           ${stats.files.toLocaleString('en-US')} (${stats.skippedFiles.length} skipped)`);
console.log(`  records         ${stats.records.toLocaleString('en-US')} read, ${stats.inserted.toLocaleString('en-US')} inserted, ${stats.duplicates} duplicates, ${stats.malformed} malformed`);
console.log(`  rows in store   ${count?.n.toLocaleString('en-US')} (${count?.first} .. ${count?.last})`);
console.log(`  events/s        ${Math.round(stats.records / seconds).toLocaleString('en-US')}`);
console.log(`  wall time       ${seconds.toFixed(1)} s`);
console.log(`  peak RSS        ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
if (!values.keep) {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
}
