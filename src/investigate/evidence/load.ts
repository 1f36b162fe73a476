/**
 * Loading a case's evidence. Each file is sorted by what it holds:
 *
 * - CloudTrail (S3 delivery names are trusted without reading; other JSON is peeked) goes
 *   to the bulk ingest (./ingest.ts) in one pass;
 * - IAM authorization details, EC2 describe-instances output and GuardDuty / Security Hub
 *   findings are stored as documents (./documents.ts);
 * - cost exports (`.csv`, `.csv.gz`, Cost Explorer JSON) go to ./cost.ts.
 *
 * What could not be read becomes a warning naming the file. Nothing here throws for bad input.
 */
import { basename } from 'node:path';
import type { EvidenceLoadSummary } from '../run.js';
import { loadCost } from './cost.js';
import { type DocumentKind, documentKindOf, loadDocument } from './documents.js';
import { mapConcurrent, peek, walkEvidence } from './files.js';
import { type IngestStats, ingestCloudTrail } from './ingest.js';
import type { EvidenceStore } from './store.js';

/** The kind of evidence a file was loaded as. */
export type EvidenceKind = 'cloudtrail' | 'cost' | DocumentKind;

/** What loading did: the summary the result reports, the raw ingest counts, and what each other file held. */
export interface EvidenceLoad extends EvidenceLoadSummary {
  ingest: IngestStats;
  /** Files loaded as something other than CloudTrail, with the number of items (users and roles, instances, findings, cost lines) each gave. */
  other: { path: string; kind: Exclude<EvidenceKind, 'cloudtrail'>; items: number }[];
}

/** CloudTrail's S3 object names (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html). */
const DELIVERY_NAME = /^\d{12}_CloudTrail_[a-z0-9-]+_\d{8}T\d{4}Z_[A-Za-z0-9]+\.json(\.gz)?$/;
const COST_CSV = /\.csv(\.gz)?$/i;
const JSON_NAME = /\.json(\.gz)?$/i;
const COST_EXPLORER_JSON = /^\s*\{\s*"(ResultsByTime|GroupDefinitions|DimensionValueAttributes)"\s*:/;

/** Load `paths` (files or directories) into the store. `onProgress(done, total)` counts CloudTrail files. */
export async function loadEvidence(store: EvidenceStore, paths: string[], options: { onProgress?(done: number, total: number): void } = {}): Promise<EvidenceLoad> {
  const { files, unreadable } = await walkEvidence(paths);
  const undecided = files.filter((f) => JSON_NAME.test(f.path) && !DELIVERY_NAME.test(basename(f.path)));
  const heads = await mapConcurrent(undecided, 16, (f) => peek(f.path).catch(() => ''));
  const headOf = new Map(undecided.map((f, i) => [f.path, heads[i]!]));
  // In file order, so a run lists (and a later snapshot overrides) reproducibly.
  const kindOf = new Map<string, 'cost' | DocumentKind>();
  for (const { path } of files) {
    const head = headOf.get(path);
    const kind = COST_CSV.test(path) || (head !== undefined && COST_EXPLORER_JSON.test(head)) ? 'cost' : head !== undefined ? documentKindOf(head) : undefined;
    if (kind) kindOf.set(path, kind);
  }

  const warnings: EvidenceLoadSummary['warnings'] = [];
  const other: EvidenceLoad['other'] = [];
  for (const [path, kind] of kindOf) {
    if (kind === 'cost') {
      const cost = await loadCost(store, path);
      if ('error' in cost) warnings.push({ path, message: cost.error });
      else {
        other.push({ path, kind, items: cost.lines });
        if (cost.skipped) warnings.push({ path, message: `${cost.skipped} cost lines without a valid date or amount skipped` });
      }
      continue;
    }
    const doc = await loadDocument(store, kind, path);
    if ('error' in doc) warnings.push({ path, message: doc.error });
    else {
      other.push({ path, kind, items: doc.items });
      warnings.push(...doc.problems.slice(0, 20).map((message) => ({ path, message })));
    }
  }

  // Directories are given whole to the ingest, which skips what it does not read; files loaded above are left out.
  const cloudTrailInputs = kindOf.size ? [...files.map((f) => f.path).filter((p) => !kindOf.has(p)), ...unreadable.map((u) => u.path)] : paths;
  const ingest = await ingestCloudTrail(store, cloudTrailInputs, { onProgress: options.onProgress });
  warnings.push(
    ...ingest.problems.map((p) => ({ path: p.path, message: p.index === undefined ? p.reason : `record ${p.index}: ${p.reason}` })),
    ...ingest.skippedFiles.filter((s) => !/digest/i.test(s.reason)).map((s) => ({ path: s.path, message: `skipped: ${s.reason}` })),
  );
  const shown = ingest.problems.length;
  if (ingest.malformed + ingest.invalidFiles > shown) warnings.push({ message: `${ingest.malformed + ingest.invalidFiles - shown} more malformed records or invalid files not listed` });
  return { eventsRead: ingest.records, duplicates: ingest.duplicates, malformed: ingest.malformed, warnings, ingest, other };
}
