/**
 * The extractor's vocabularies (vocabulary.yaml), validated once on first use. A
 * malformed file is a packaging bug, so it throws naming the file; callers that must not
 * throw (extractEntities) only reach it after the module is known good in tests.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const Words = z.array(z.string().min(1));
const Vocabulary = z
  .object({
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/)),
    userCues: Words,
    roleCues: Words,
    bucketCues: Words,
    nameLinks: Words,
    notNames: Words,
    clockLinks: Words,
    months: z.record(z.string(), z.number().int().min(1).max(12)),
    timeZones: z.record(z.string(), z.number().int().min(-720).max(840)),
    relativeDays: z.array(
      z.object({ phrase: z.string().min(1), dayOffset: z.number().int(), at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), meaning: z.string() }).strict(),
    ),
    agoUnits: z.record(z.string(), z.number().int().positive()),
    numberWords: z.record(z.string(), z.number().int().positive()),
    versionCues: Words,
    phoneCues: Words,
  })
  .strict();

/** The validated vocabulary.yaml: see that file for what each list means. */
export type Vocabulary = z.infer<typeof Vocabulary>;

let cached: Vocabulary | undefined;

/** The vocabularies, read and validated on first use. Throws `Error("<path>: <issues>")` on a malformed file. */
export function vocabulary(): Vocabulary {
  if (!cached) {
    const url = new URL('./vocabulary.yaml', import.meta.url);
    const parsed = Vocabulary.safeParse(parseYaml(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`${url.pathname}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    cached = parsed.data;
  }
  return cached;
}

/** Escape a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An alternation of `words` (longest first, so "user name" wins over "user"), spaces matching any whitespace. */
export function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escapeRegExp(w).replace(/ /g, '\\s+'))
    .join('|');
}
