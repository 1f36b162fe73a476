/**
 * Bulk CloudTrail ingest into the evidence store's `cloudtrail` table (./schema.ts).
 *
 * Accepts files and directories (walked recursively, names in order): `.json`, `.jsonl`,
 * `.ndjson` and their `.gz` forms, each holding the S3 delivery envelope `{"Records":[...]}`,
 * a JSON array of records, JSON lines, or one record; hence whole S3 export trees
 * `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz` and organisation trails
 * `AWSLogs/o-<org id>/<account>/CloudTrail/...`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html).
 * Digest files (`CloudTrail-Digest/`,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html)
 * and other extensions are skipped with a reason.
 *
 * Speed: files are read by DuckDB's own JSON reader (gzip, parsing and typing in C++, in
 * parallel over files) straight into the table, in batches; one INSERT per batch, never one
 * per row. Measured against parsing in Node + the Appender, this was the faster path.
 *
 * Exactness: every record gets a row at its position (`source_file`, `source_index`); after
 * the batches, rows breaking the record rules of src/core/cloudtrail.ts (an object with
 * `eventTime` a valid date, `eventSource`, `eventName`) are counted, reported and deleted, and
 * copies of an `eventid` are deleted down to one: the copy with the smallest (`source_file`,
 * `source_index`), so the store is the same whatever order the same files arrive in.
 * Records without an eventID cannot be matched and are all kept.
 * Nothing here throws for bad input: unreadable or invalid files become problems naming
 * the file, and work goes on.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { mapConcurrent, peek, walkEvidence } from './files.js';
import { CLOUDTRAIL_COLUMNS, RECORD_STRUCTURE } from './schema.js';
import type { EvidenceStore } from './store.js';

const gunzipAsync = promisify(gunzip);

/** A problem with one file, or with one record of it (`index`: 0-based position in the file). */
export interface IngestProblem {
  path: string;
  index?: number;
  reason: string;
}

/** What one ingest did. Counts are records (events) unless named otherwise. */
export interface IngestStats {
  /** Files read (digest and other skipped files not included; invalid files included). */
  files: number;
  /** Records found in the files read, valid or not. */
  records: number;
  /** Records stored. `records = inserted + duplicates + malformed`. */
  inserted: number;
  /** Records whose eventID was stored twice (within this ingest or with an earlier one); one copy stays. */
  duplicates: number;
  /** Records that are not objects or lack eventTime (a valid date), eventSource or eventName. */
  malformed: number;
  /** Files that could not be read or are not JSON (each also in `problems`). */
  invalidFiles: number;
  /** Invalid files, then malformed records in (file, index) order: the first 100. */
  problems: IngestProblem[];
  /** Files deliberately not read, with the reason (digest files, other extensions). */
  skippedFiles: { path: string; reason: string }[];
  /** Earliest and latest eventTime in the store after this ingest (ISO 8601, UTC). */
  firstEventTime?: string;
  lastEventTime?: string;
}

/** Ingest options. */
export interface IngestOptions {
  /** Called after each batch with files done and files to do (skipped files excluded). */
  onProgress?(done: number, total: number): void;
}

const MAX_PROBLEMS = 100;
/**
 * Batch size: about this many bytes of input files per INSERT (~0.5M events of .json.gz),
 * and at most this many files. Real trails deliver many small files (one per region every
 * ~5 minutes); measured on 10,404 such files (1.19M events), 256 files per INSERT took
 * 75 s and 1,024 took 31 s: each statement has a fixed cost.
 */
const BATCH_BYTES = 256 * 1024 * 1024;
const BATCH_FILES = 1024;
/** Largest single JSON document DuckDB will parse (one S3 delivery file is one document). */
const MAX_OBJECT_BYTES = 512 * 1024 * 1024;
const PEEK_CONCURRENCY = 16;

const LOG_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
const DIGEST = /(^|[\\/])CloudTrail-Digest([\\/]|$)|_CloudTrail-Digest_/;
/** DuckDB expands these in file names; such paths are read by Node instead. */
const GLOB_CHARS = /[*?[\]{}]/;

/** How a file's records are laid out, decided from its first bytes. */
type Layout = 'envelope' | 'array' | 'lines' | 'document' | 'empty';
interface Candidate {
  path: string;
  size: number;
  layout: Layout;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
const sqlList = (values: string[]) => `[${values.map(sqlString).join(', ')}]`;
const RECORD_TYPE = `STRUCT(${Object.entries(RECORD_STRUCTURE)
  .map(([key, type]) => `"${key}" ${type}`)
  .join(', ')})`;
const COLUMNS_SQL = CLOUDTRAIL_COLUMNS.map((column) => `${column.from} AS ${column.name}`).join(',\n  ');

/** The rows of S3 envelope files, one per element of `Records`. */
const envelopeRows = (files: string[]) =>
  `SELECT filename AS source_file, unnest(Records) AS x, (generate_subscripts(Records, 1) - 1)::INTEGER AS source_index
   FROM read_json(${sqlList(files)}, format = 'unstructured', filename = true, ignore_errors = true,
     maximum_object_size = ${MAX_OBJECT_BYTES}, columns = {Records: ${sqlString(`${RECORD_TYPE}[]`)}})`;
/** The rows of JSON-array files, one per element. */
const arrayRows = (files: string[]) =>
  `SELECT filename AS source_file, unnest(json) AS x, (generate_subscripts(json, 1) - 1)::INTEGER AS source_index
   FROM read_json(${sqlList(files)}, format = 'unstructured', records = false, filename = true, ignore_errors = true,
     maximum_object_size = ${MAX_OBJECT_BYTES}, columns = {json: ${sqlString(`${RECORD_TYPE}[]`)}})`;
/** The rows of one JSON-lines file (a line that is not JSON becomes an all-NULL row at its place). */
const lineRows = (file: string, label: string) =>
  `SELECT ${sqlString(label)} AS source_file, json AS x, (ordinality - 1)::INTEGER AS source_index
   FROM read_json(${sqlString(file)}, format = 'newline_delimited', records = false, ignore_errors = true,
     maximum_object_size = ${MAX_OBJECT_BYTES}, columns = {json: ${sqlString(RECORD_TYPE)}}) WITH ORDINALITY`;
const insertSql = (rows: string) => `INSERT INTO cloudtrail SELECT\n  ${COLUMNS_SQL}\nFROM (${rows})`;

/** Rows breaking the record rules; eventtime is -infinity when present but not a date (schema.ts). */
const MALFORMED = `(eventtime IS NULL OR isinf(eventtime) OR coalesce(eventsource, '') = '' OR coalesce(eventname, '') = '')`;
const MALFORMED_REASON = `CASE
  WHEN eventtime IS NULL AND eventsource IS NULL AND eventname IS NULL AND eventid IS NULL AND useridentity IS NULL
    THEN 'not a CloudTrail record (not a JSON object, or none of its fields)'
  WHEN eventtime IS NULL THEN 'no eventTime'
  WHEN isinf(eventtime) THEN 'eventTime is not a valid date'
  WHEN coalesce(eventsource, '') = '' THEN 'no eventSource'
  ELSE 'no eventName' END`;

/** Decide a file's layout from its first bytes; a string is a reason it is not JSON. */
function layoutOf(head: string): Layout | string {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return 'empty';
  if (text.startsWith('[')) return 'array';
  if (/^\{\s*"Records"\s*:\s*\[/.test(text)) return 'envelope';
  if (!text.startsWith('{')) return `not JSON (starts with ${JSON.stringify(text.slice(0, 20))})`;
  const newline = text.indexOf('\n');
  if (newline < 0) return 'document';
  try {
    JSON.parse(text.slice(0, newline));
    return 'lines';
  } catch {
    // A first line that is not a whole value: a pretty-printed document.
    return 'document';
  }
}

/** Ingest CloudTrail files and directories into `store` (see the module comment). Never throws for bad input. */
export async function ingestCloudTrail(store: EvidenceStore, inputs: string[], options: IngestOptions = {}): Promise<IngestStats> {
  const stats: IngestStats = { files: 0, records: 0, inserted: 0, duplicates: 0, malformed: 0, invalidFiles: 0, problems: [], skippedFiles: [] };
  const invalid = (path: string, reason: string) => {
    stats.invalidFiles++;
    if (stats.problems.length < MAX_PROBLEMS) stats.problems.push({ path, reason });
  };

  const candidates: Candidate[] = [];
  const walked = await walkEvidence(inputs);
  for (const { path, reason } of walked.unreadable) invalid(path, reason);
  for (const { path, size } of walked.files) {
    if (DIGEST.test(path)) stats.skippedFiles.push({ path, reason: 'CloudTrail digest file (log integrity hashes, no events)' });
    else if (!LOG_FILE.test(basename(path)))
      stats.skippedFiles.push({ path, reason: 'not a CloudTrail log file name (expected .json, .jsonl, .ndjson or their .gz)' });
    else candidates.push({ path, size, layout: 'empty' });
  }

  const total = candidates.length;
  let done = 0;
  const progress = (files: number) => {
    done += files;
    options.onProgress?.(done, total);
  };

  // Peek every file; group the bulk layouts, leave the rest to per-file paths.
  const bulk: Record<'envelope' | 'array', Candidate[]> = { envelope: [], array: [] };
  const single: Candidate[] = [];
  // Peeks overlap (file opens and gunzip starts dominate on many small delivery files); results keep file order.
  const heads = await mapConcurrent(candidates, PEEK_CONCURRENCY, (c) => peek(c.path).then(layoutOf, (error: Error) => new Error(error.message)));
  for (const [i, candidate] of candidates.entries()) {
    stats.files++;
    const layout = heads[i]!;
    if (layout instanceof Error) {
      invalid(candidate.path, `cannot read: ${layout.message}`);
      progress(1);
      continue;
    }
    if (layout === 'empty') {
      progress(1);
      continue;
    }
    if (layout !== 'envelope' && layout !== 'array' && layout !== 'lines' && layout !== 'document') {
      invalid(candidate.path, layout);
      progress(1);
      continue;
    }
    candidate.layout = layout;
    if ((layout === 'envelope' || layout === 'array') && !GLOB_CHARS.test(candidate.path)) bulk[layout].push(candidate);
    else single.push(candidate);
  }

  const insert = async (rows: string): Promise<number> => store.execute(insertSql(rows));
  for (const layout of ['envelope', 'array'] as const) {
    const rowsOf = layout === 'envelope' ? envelopeRows : arrayRows;
    for (const batch of batches(bulk[layout])) {
      try {
        stats.records += await insert(rowsOf(batch.map((c) => c.path)));
      } catch {
        // One bad file fails the whole statement (which is rolled back): retry file by file.
        for (const candidate of batch) {
          try {
            stats.records += await insert(rowsOf([candidate.path]));
          } catch (error) {
            invalid(candidate.path, `invalid JSON: ${firstLine(error)}`);
          }
        }
      }
      progress(batch.length);
    }
  }
  for (const candidate of single) {
    stats.records += await ingestOne(store, candidate, invalid, insert);
    progress(1);
  }

  await removeMalformed(store, stats);
  stats.duplicates = await store.execute(
    `DELETE FROM cloudtrail WHERE rowid IN (
       SELECT rowid FROM (
         SELECT rowid, row_number() OVER (PARTITION BY eventid ORDER BY source_file, source_index) AS copy
         FROM cloudtrail
         WHERE eventid IN (SELECT eventid FROM cloudtrail WHERE eventid IS NOT NULL GROUP BY eventid HAVING count(*) > 1))
       WHERE copy > 1)`,
  );
  stats.inserted = stats.records - stats.malformed - stats.duplicates;
  const [range] = await store.query<{ first: string | null; last: string | null }>('SELECT min(eventtime) AS first, max(eventtime) AS last FROM cloudtrail');
  if (range?.first) stats.firstEventTime = range.first;
  if (range?.last) stats.lastEventTime = range.last;
  return stats;
}

/** Lines files, pretty-printed documents and paths DuckDB would glob: one file at a time. */
async function ingestOne(
  store: EvidenceStore,
  candidate: Candidate,
  invalid: (path: string, reason: string) => void,
  insert: (rows: string) => Promise<number>,
): Promise<number> {
  if (candidate.layout === 'lines' && !GLOB_CHARS.test(candidate.path)) {
    try {
      return await insert(lineRows(candidate.path, candidate.path));
    } catch (error) {
      invalid(candidate.path, `cannot read: ${firstLine(error)}`);
      return 0;
    }
  }
  // Rare layouts: parse in Node, then hand DuckDB one record per line of a temporary file,
  // so positions (and malformed records) come out exactly as for the bulk path.
  let records: unknown[];
  try {
    const bytes = await readFile(candidate.path);
    const text = (/\.gz$/i.test(candidate.path) ? await gunzipAsync(bytes) : bytes).toString('utf8');
    records = candidate.layout === 'lines' ? text.split('\n').filter((line) => line.trim() !== '').map(parseOrNull) : recordsOf(JSON.parse(text));
  } catch (error) {
    invalid(candidate.path, `invalid JSON: ${firstLine(error)}`);
    return 0;
  }
  const dir = await mkdtemp(join(tmpdir(), 'guardian-ingest-'));
  try {
    const file = join(dir, 'records.jsonl');
    await writeFile(file, records.map((record) => JSON.stringify(record) ?? 'null').join('\n') + '\n');
    return await insert(lineRows(file, candidate.path));
  } catch (error) {
    invalid(candidate.path, `cannot read: ${firstLine(error)}`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The records of a parsed document: the envelope's Records, an array's elements, or the value itself. */
function recordsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const records = typeof value === 'object' && value !== null ? (value as { Records?: unknown }).Records : undefined;
  return Array.isArray(records) ? records : [value];
}

function parseOrNull(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return null;
  }
}

/** Count, report (first 100 overall) and delete the malformed rows. */
async function removeMalformed(store: EvidenceStore, stats: IngestStats): Promise<void> {
  const [count] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM cloudtrail WHERE ${MALFORMED}`);
  stats.malformed = count?.n ?? 0;
  if (stats.malformed === 0) return;
  const room = MAX_PROBLEMS - stats.problems.length;
  if (room > 0) {
    const rows = await store.query<{ path: string; index: number; reason: string }>(
      `SELECT source_file AS path, source_index AS "index", ${MALFORMED_REASON} AS reason
       FROM cloudtrail WHERE ${MALFORMED} ORDER BY source_file, source_index LIMIT ${room}`,
    );
    stats.problems.push(...rows);
  }
  await store.execute(`DELETE FROM cloudtrail WHERE ${MALFORMED}`);
}

/** Split files into batches of about BATCH_BYTES (and at most BATCH_FILES files). */
function* batches(files: Candidate[]): Generator<Candidate[]> {
  let batch: Candidate[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && (bytes + file.size > BATCH_BYTES || batch.length >= BATCH_FILES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.size;
  }
  if (batch.length > 0) yield batch;
}

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
