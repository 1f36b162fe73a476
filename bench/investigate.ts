/**
 * End-to-end investigation benchmark: N simulated CloudTrail events with a leaked-key
 * attack injected, in the S3 export layout (`.json.gz`), ingested into a case store, then
 * investigated (detections, scoping, analysis) and rendered in every format. Prints ingest
 * events/s, time to a finished report, and peak RSS; checks the attack was found exactly.
 *
 *   npm run bench:investigate -- --events 1000000
 *   npm run bench:investigate -- --events 10000000
 *
 * The export is generated once into bench/.work/ (generation time is printed separately
 * and not part of the figures) and reused; the store is rebuilt on each run.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ingestCloudTrail } from '../src/investigate/evidence/ingest.js';
import { EvidenceStore } from '../src/investigate/evidence/store.js';
import type { CaseSummary } from '../src/investigate/model.js';
import { INVESTIGATION_FORMATS, renderInvestigation } from '../src/investigate/report/index.js';
import { investigate } from '../src/investigate/run.js';
import { type ScenarioTruth, writeS3ExportStream } from '../src/investigate/simulate/index.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } } });
const total = Number(values.events);
const EVENTS_PER_DAY = 100_000;
const days = Math.max(2, Math.ceil(total / (EVENTS_PER_DAY * 0.75)));
const work = join(import.meta.dirname, '.work', `investigate-${total}`);
const tree = join(work, 'export');
const storePath = join(work, 'evidence.duckdb');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);

if (!existsSync(join(tree, 'truth.json'))) {
  const t = performance.now();
  const stats = await writeS3ExportStream(
    { seed: 11, start: new Date('2024-06-03T00:00:00Z'), days, eventsPerDay: EVENTS_PER_DAY, scenarios: [{ name: 'leaked-access-key', at: new Date(Date.parse('2024-06-03T00:00:00Z') + Math.floor(days / 2) * 86_400_000 + 3 * 3_600_000 + 13 * 60_000) }] },
    tree,
  );
  console.log(`generated ${stats.records.toLocaleString('en')} events in ${stats.files.toLocaleString('en')} files over ${days} days in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
}
const truth = (JSON.parse(readFileSync(join(tree, 'truth.json'), 'utf8')) as { scenarios: ScenarioTruth[] }).scenarios[0]!;
rmSync(storePath, { force: true });
peak = process.memoryUsage().rss;

const t0 = performance.now();
const store = await EvidenceStore.open(storePath);
const ingest = await ingestCloudTrail(store, [join(tree, 'AWSLogs')]);
const t1 = performance.now();
const theCase: CaseSummary = {
  id: 'bench',
  title: 'Leaked access key',
  concern: 'leaked-credentials',
  entities: { accessKeyIds: [truth.compromised!.accessKeyId], principals: [], userNames: [], roleNames: [], ips: [], accountIds: [], regions: [], instanceIds: [], buckets: [], times: [] },
  facts: {},
  missingFacts: [],
};
const result = await investigate(store, theCase, { load: { eventsRead: ingest.records, duplicates: ingest.duplicates, malformed: ingest.malformed, warnings: [] } });
const t2 = performance.now();
for (const format of INVESTIGATION_FORMATS) renderInvestigation(result, format);
const t3 = performance.now();
await store.close();
clearInterval(sampler);

const found = new Set(result.timeline.map((e) => e.eventId));
const exact = found.size === truth.eventIds.length && truth.eventIds.every((id) => found.has(id));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`events stored       ${ingest.inserted.toLocaleString('en')} (${ingest.files.toLocaleString('en')} files, ${ingest.duplicates} duplicates, ${ingest.malformed} malformed)`);
console.log(`ingest              ${s(t1 - t0)}  (${Math.round(ingest.records / ((t1 - t0) / 1000)).toLocaleString('en')} events/s)`);
console.log(`investigate         ${s(t2 - t1)}  (${result.detections.length} detections in scope, ${result.otherDetections.length} elsewhere, ${result.timeline.length} events in scope)`);
console.log(`render all formats  ${s(t3 - t2)}`);
console.log(`total to report     ${s(t3 - t0)}`);
console.log(`peak RSS            ${mib(peak)}`);
console.log(`attack found exactly: ${exact ? 'yes' : 'NO'} (${result.containment.length} containment steps)`);
if (!values.keep) rmSync(storePath, { force: true });
