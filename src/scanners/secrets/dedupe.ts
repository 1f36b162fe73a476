/**
 * One finding per secret: when hits of one file overlap (secretlint and Guardian
 * reporting the same key, a provider key inside a generic `token = "…"` assignment,
 * a private key inside a GCP key file), the most specific rule keeps the place.
 */
import type { SecretHit } from './hit.js';
import { type SecretRule, fallbackRule, secretRule } from './rules.js';

function ruleOf(hit: SecretHit): SecretRule {
  return secretRule(hit.ruleId) ?? fallbackRule(hit.ruleId);
}

/** True when the reported regions of `a` and `b` share at least one character. */
export function overlaps(a: SecretHit, b: SecretHit): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Resolve overlaps: hits are ranked by rule specificity (higher first), then Guardian's
 * own detectors before secretlint (their ranges are exact), then a non-example before an
 * example, then the narrower region; each hit is kept unless it overlaps one already kept.
 * Returns the kept hits in text order.
 */
export function dedupeHits(hits: readonly SecretHit[]): SecretHit[] {
  const ranked = [...hits].sort(
    (a, b) =>
      ruleOf(b).specificity - ruleOf(a).specificity ||
      Number(a.engine === 'secretlint') - Number(b.engine === 'secretlint') ||
      Number(Boolean(a.example)) - Number(Boolean(b.example)) ||
      a.end - a.start - (b.end - b.start) ||
      a.start - b.start,
  );
  const kept: SecretHit[] = [];
  for (const hit of ranked) if (!kept.some((k) => overlaps(k, hit))) kept.push(hit);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
