/**
 * Case ids: `YYYYMMDD-<slug>-<4 chars>`, e.g. `20240604-leaked-key-of-svc-reporting-k3f9`.
 * Ids become folder names under `.guardian/cases/`, so every id a user hands in is
 * checked against the same pattern first: no separators, dots or upper case, hence no
 * path traversal.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../core/errors.js';

/** Lower-case letters, digits and single hyphens, starting with a date: what createCase makes. */
export const CASE_ID = /^\d{8}(?:-[a-z0-9]+)+$/;
const MAX_ID = 80;
const MAX_SLUG = 40;

/** True when `id` is a well-formed case id (see {@link CASE_ID}, at most 80 characters). */
export function isCaseId(id: unknown): id is string {
  return typeof id === 'string' && id.length <= MAX_ID && CASE_ID.test(id);
}

/** `id`, or a UsageError naming it when it is not a case id (e.g. `../x`, `a/b`, ``). */
export function assertCaseId(id: unknown): string {
  if (isCaseId(id)) return id;
  const shown = typeof id === 'string' ? `'${id.slice(0, 100)}'` : String(id);
  throw new UsageError(`invalid case id ${shown}: a case id looks like 20240604-leaked-key-k3f9 (date, lower-case words, hyphens)`);
}

/** Lower-case words of `text` joined by hyphens, cut at a word boundary to at most 40 characters. */
export function slugify(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // accents off: é → e
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG) return slug || word.slice(0, MAX_SLUG);
    slug = next;
  }
  return slug;
}

/**
 * A case id for a case created at `createdAt` (ISO 8601) with `title`: the UTC date, the
 * title's slug (or `fallback`) and four base-36 characters derived from the inputs and
 * `attempt`, so the same inputs give the same id and a clash is resolved by the next attempt.
 */
export function newCaseId(createdAt: string, title: string, fallback: string, attempt: number, salt = ''): string {
  const day = createdAt.slice(0, 10).replace(/-/g, '');
  const slug = slugify(title) || slugify(fallback) || 'case';
  const digest = createHash('sha256').update(`${createdAt}\n${title}\n${salt}\n${attempt}`).digest();
  const suffix = (digest.readUInt32BE(0) % 36 ** 4).toString(36).padStart(4, '0');
  return `${/^\d{8}$/.test(day) ? day : '19700101'}-${slug}-${suffix}`;
}
