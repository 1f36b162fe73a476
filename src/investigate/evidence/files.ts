/**
 * Finding evidence files: inputs are files or directories (walked recursively, entries in
 * name order, so a run is reproducible), and a file's first bytes tell what it holds.
 * Nothing here throws for bad input: what cannot be read is returned with the reason.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

/** A regular file found under the inputs; `size` in bytes (compressed size for `.gz`). */
export interface EvidenceFile {
  path: string;
  size: number;
}

/** The files under `inputs` (in input order, then name order), and paths that could not be read. */
export async function walkEvidence(inputs: readonly string[]): Promise<{ files: EvidenceFile[]; unreadable: { path: string; reason: string }[] }> {
  const files: EvidenceFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const visit = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      unreadable.push({ path, reason: `cannot read: ${(error as Error).message}` });
      return;
    }
    if (info.isDirectory()) {
      let entries;
      try {
        entries = (await readdir(path)).sort();
      } catch (error) {
        unreadable.push({ path, reason: `cannot read directory: ${(error as Error).message}` });
        return;
      }
      for (const entry of entries) await visit(join(path, entry));
    } else if (info.isFile()) files.push({ path, size: info.size });
  };
  for (const input of inputs) await visit(input);
  return { files, unreadable };
}

const PEEK_BYTES = 64 * 1024;

/** About the first 64 KiB of a file as text, gunzipped when the name ends in `.gz`. Rejects when the file cannot be read. */
export async function peek(path: string): Promise<string> {
  const stream = createReadStream(path, { end: PEEK_BYTES * 4 });
  const source = /\.gz$/i.test(path) ? stream.pipe(createGunzip()) : stream;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= PEEK_BYTES) break;
    }
  } catch (error) {
    // A gzip stream cut at the read limit ends early; anything read so far is enough to peek.
    if (length === 0 || (error as NodeJS.ErrnoException).code !== 'Z_BUF_ERROR') throw error;
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
