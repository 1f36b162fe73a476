/**
 * The three generated attack scenarios in one 3-day dataset, exported in the S3 layout
 * with the account's snapshots (IAM authorization details, describe-instances, a Cost and
 * Usage Report, GuardDuty findings) and loaded into an in-memory evidence store: the
 * shared input of the scope and end-to-end scenario tests. Call `open` in beforeAll and
 * `close` in afterAll.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IngestStats } from '../../src/investigate/evidence/ingest.js';
import { type EvidenceLoad, loadEvidence } from '../../src/investigate/evidence/load.js';
import { EvidenceStore } from '../../src/investigate/evidence/store.js';
import { type Dataset, type ScenarioTruth, accountSnapshots, generateDataset, writeS3Export } from '../../src/investigate/simulate/index.js';

/** A loaded scenario dataset. */
export interface ScenarioEvidence {
  dataset: Dataset;
  store: EvidenceStore;
  ingest: IngestStats;
  load: EvidenceLoad;
  /** Directory holding `AWSLogs/` and `snapshots/`. */
  dir: string;
  truth(name: string): ScenarioTruth;
  close(): Promise<void>;
}

/** Generate, export and ingest the dataset (about 8,500 events). */
export async function openScenarioEvidence(): Promise<ScenarioEvidence> {
  const dataset = generateDataset({
    seed: 7,
    start: new Date('2024-06-03T00:00:00Z'),
    days: 3,
    eventsPerDay: 3000,
    scenarios: [
      { name: 'stolen-instance-credentials', at: new Date('2024-06-03T15:20:00Z') },
      { name: 'leaked-access-key', at: new Date('2024-06-04T03:13:00Z') },
      { name: 'insider-s3-exfiltration', at: new Date('2024-06-05T07:40:00Z') },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'guardian-scenarios-'));
  await writeS3Export(dataset, dir);
  const snapshots = accountSnapshots(dataset);
  mkdirSync(join(dir, 'snapshots'));
  writeFileSync(join(dir, 'snapshots', 'authorization-details.json'), JSON.stringify(snapshots.authorizationDetails, null, 2));
  writeFileSync(join(dir, 'snapshots', 'describe-instances.json'), JSON.stringify(snapshots.describeInstances, null, 2));
  writeFileSync(join(dir, 'snapshots', 'cost-and-usage.csv'), snapshots.costReportCsv);
  writeFileSync(join(dir, 'snapshots', 'guardduty-findings.json'), JSON.stringify(snapshots.guardDutyFindings, null, 2));
  const store = await EvidenceStore.open(':memory:');
  const load = await loadEvidence(store, [join(dir, 'AWSLogs'), join(dir, 'snapshots')]);
  return {
    dataset,
    store,
    ingest: load.ingest,
    load,
    dir,
    truth: (name) => {
      const found = dataset.truth.find((t) => t.scenario === name);
      if (!found) throw new Error(`no scenario ${name}`);
      return found;
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
