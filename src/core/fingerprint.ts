import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

/**
 * A finding as a scanner emits it: everything but `id` and `fingerprint`, plus the
 * content the fingerprint is derived from.
 *
 * `fingerprintKey` must not contain line numbers: use the matched source text, the
 * enclosing function, a hash of a secret, `name@version` of a package, and so on.
 */
export type FindingDraft = Omit<Finding, 'id' | 'fingerprint'> & { fingerprintKey: string };

/** Collapse whitespace so re-indentation and reformatting keep the fingerprint. */
export function normalizeForFingerprint(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Assign `fingerprint` and `id` to drafts.
 *
 * The fingerprint is sha256(ruleId, path, normalized key, occurrence) in hex (first 32
 * characters). It has no line number, so inserting lines above a finding keeps it; the
 * occurrence index (0, 1, …, in line order) separates identical matches in one file.
 * Used as SARIF `partialFingerprints["guardian/v1"]` and for baselines and server
 * de-duplication.
 */
export function finalizeFindings(drafts: FindingDraft[]): Finding[] {
  const ordered = [...drafts].sort(
    (a, b) =>
      a.location.path.localeCompare(b.location.path) ||
      a.location.startLine - b.location.startLine ||
      (a.location.startColumn ?? 0) - (b.location.startColumn ?? 0),
  );
  const seen = new Map<string, number>();
  return ordered.map(({ fingerprintKey, ...draft }) => {
    const base = [draft.ruleId, draft.location.path, normalizeForFingerprint(fingerprintKey)].join('\u0000');
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    const fingerprint = sha256Hex(`${base}\u0000${occurrence}`).slice(0, 32);
    return { id: `${draft.ruleId}:${fingerprint.slice(0, 12)}`, ...draft, fingerprint };
  });
}

/** Stable hash for secret values: lets fingerprints differ per secret without storing it. */
export function secretDigest(value: string): string {
  return sha256Hex(`guardian-secret\u0000${value}`).slice(0, 16);
}
