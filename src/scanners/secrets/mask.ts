/**
 * Masking of secret values for every output (messages, snippets).
 *
 * A masked value always has the same length, MASKED_LENGTH, whatever the length of the
 * secret, so a report never tells how long a password is. It keeps at most the first
 * 4 characters when they are a public prefix (`AKIA`, `ghp_`, `sk_l`…) and at most 2
 * otherwise, and never more than a quarter of the secret.
 */

/** Length of every masked value, in characters. */
export const MASKED_LENGTH = 12;

/** Most characters ever kept visible (for keys whose prefix names the key type). */
export const MAX_VISIBLE = 4;

/** Characters kept visible by default (no known prefix). */
export const DEFAULT_VISIBLE = 2;

/**
 * Mask `secret`: its first `visible` characters (capped at 4 and at a quarter of the
 * secret's length) followed by `*` up to MASKED_LENGTH characters.
 *
 * @example maskSecret('AKIAIOSFODNN7EXAMPLE', 4) === 'AKIA********'
 * @example maskSecret('hunter2', 2) === 'h***********'
 */
export function maskSecret(secret: string, visible: number = DEFAULT_VISIBLE): string {
  const chars = [...secret];
  const keep = Math.max(0, Math.min(visible, MAX_VISIBLE, Math.floor(chars.length / 4)));
  return chars.slice(0, keep).join('') + '*'.repeat(MASKED_LENGTH - keep);
}

/** A region of a text to hide, `[start, end)` in UTF-16 offsets, and the mask to show instead. */
export interface MaskRegion {
  start: number;
  end: number;
  /** Replacement text (normally `maskSecret(...)` of the secret starting at `start`). */
  replacement: string;
}

/**
 * Replace the parts of `text[from, to)` covered by `regions` and return that slice.
 * A region that starts before `from` (a secret continued from a previous line) is
 * replaced by `****`. Overlapping regions are merged and show one mask: the one of the
 * region that starts first, or for equal starts the one listed first.
 */
export function maskSlice(text: string, from: number, to: number, regions: readonly MaskRegion[]): string {
  const relevant = regions.filter((r) => r.start < to && r.end > from && r.end > r.start).sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = from;
  let first = true;
  for (const region of relevant) {
    if (region.end <= cursor) continue;
    if (region.start < cursor && !first) {
      // Overlaps the region just masked: extend it without a second mask.
      cursor = Math.min(region.end, to);
      continue;
    }
    first = false;
    out += text.slice(cursor, Math.max(region.start, cursor));
    out += region.start >= from ? region.replacement : '****';
    cursor = Math.min(region.end, to);
  }
  return out + text.slice(cursor, to);
}
