import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Finding } from './finding.js';
import { UsageError } from './errors.js';

const baselineSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  findings: z.array(z.object({ fingerprint: z.string(), ruleId: z.string(), path: z.string() })),
});

/**
 * A baseline: the fingerprints of findings that existed when it was written. With a
 * baseline, CI fails only on findings that are new since then.
 * File format (JSON): `{ version: 1, createdAt, findings: [{ fingerprint, ruleId, path }] }`.
 */
export type Baseline = z.infer<typeof baselineSchema>;

/** Read a baseline file; a missing or malformed file is a `UsageError` naming it. */
export async function readBaseline(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read baseline ${path}: ${(error as Error).message}. Create one with --write-baseline ${path}.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`Baseline ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`Baseline ${path}: '${issue.path.join('.')}': ${issue.message}`);
  }
  return new Set(parsed.data.findings.map((f) => f.fingerprint));
}

/** Write the findings' fingerprints as a baseline (sorted, so the file diffs well). */
export async function writeBaseline(path: string, findings: Finding[], now: Date): Promise<void> {
  const baseline: Baseline = {
    version: 1,
    createdAt: now.toISOString(),
    findings: findings
      .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path }))
      .sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint)),
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(baseline, null, 2)}\n`);
}
