import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { type OsvRecord, validateOsv } from './osv.js';

/** A record file that could not be used, with the reason. */
export interface RecordProblem {
  file: string;
  message: string;
}

/**
 * OSV records from a directory tree (`*.json`, `*.yaml`, `*.yml`, one record per file,
 * as in osv.dev exports, the GitHub Advisory Database and the PyPA advisory database)
 * or from a zip of such files (`https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip`).
 * Unreadable or invalid files are passed to `onProblem` and skipped.
 */
export function* readOsvRecords(source: string, onProblem: (problem: RecordProblem) => void): Generator<OsvRecord> {
  if (statSync(source).isDirectory()) {
    for (const file of walk(source)) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        onProblem({ file, message: (error as Error).message });
        continue;
      }
      const record = parseRecord(text, file.endsWith('.json') ? 'json' : 'yaml', relative(source, file), onProblem);
      if (record) yield record;
    }
    return;
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(source), { filter: (f) => /\.(json|ya?ml)$/.test(f.name) });
  } catch (error) {
    onProblem({ file: source, message: `not a readable zip archive: ${(error as Error).message}` });
    return;
  }
  const decoder = new TextDecoder();
  for (const name of Object.keys(entries).sort()) {
    const record = parseRecord(decoder.decode(entries[name]), name.endsWith('.json') ? 'json' : 'yaml', name, onProblem);
    if (record) yield record;
  }
}

function parseRecord(text: string, format: 'json' | 'yaml', file: string, onProblem: (p: RecordProblem) => void): OsvRecord | undefined {
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    onProblem({ file, message: `invalid ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
  const problem = validateOsv(data);
  if (problem) {
    onProblem({ file, message: `not an OSV record: ${problem}` });
    return undefined;
  }
  return data as OsvRecord;
}

function* walk(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && /\.(json|ya?ml)$/.test(entry.name)) yield path;
  }
}
