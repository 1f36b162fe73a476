/**
 * Loading a case's evidence: CloudTrail files and directories go to the bulk ingest
 * (./ingest.ts) in one pass; what ingest skipped or could not read becomes warnings that
 * name the file. Nothing here throws for bad input.
 */
import type { EvidenceLoadSummary } from '../run.js';
import { type IngestStats, ingestCloudTrail } from './ingest.js';
import type { EvidenceStore } from './store.js';

/** What loading did: the summary the result reports, and the raw ingest counts. */
export interface EvidenceLoad extends EvidenceLoadSummary {
  ingest: IngestStats;
}

/** Load `paths` into the store. `onProgress(done, total)` counts files. */
export async function loadEvidence(store: EvidenceStore, paths: string[], options: { onProgress?(done: number, total: number): void } = {}): Promise<EvidenceLoad> {
  const ingest = await ingestCloudTrail(store, paths, { onProgress: options.onProgress });
  const warnings: EvidenceLoadSummary['warnings'] = [
    ...ingest.problems.map((p) => ({ path: p.path, message: p.index === undefined ? p.reason : `record ${p.index}: ${p.reason}` })),
    ...ingest.skippedFiles.filter((s) => !/digest/i.test(s.reason)).map((s) => ({ path: s.path, message: `skipped: ${s.reason}` })),
  ];
  const shown = ingest.problems.length;
  if (ingest.malformed + ingest.invalidFiles > shown) warnings.push({ message: `${ingest.malformed + ingest.invalidFiles - shown} more malformed records or invalid files not listed` });
  return { eventsRead: ingest.records, duplicates: ingest.duplicates, malformed: ingest.malformed, warnings, ingest };
}
