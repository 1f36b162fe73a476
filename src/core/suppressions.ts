import picomatch from 'picomatch';
import type { Finding } from './finding.js';
import type { SuppressionRule } from './config.js';
import type { ScanWarning } from './warnings.js';

/** Days before expiry at which a suppression starts to warn. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Inline suppression comment: `guardian-ignore: <rule-id-or-glob> <reason>` in any
 * comment syntax, on the finding's first line or the line above it. The reason is
 * required; a comment without one does not suppress and raises a warning.
 */
const INLINE = /guardian-ignore:\s*([\w.*/-]+)(?:[ \t]+(.*?))?\s*(?:\*\/|-->|$)/;

/** The rules from `guardian.yml` that apply `today`, plus warnings for expired and soon-expiring ones. */
export function activeSuppressions(rules: SuppressionRule[], today: Date): { active: SuppressionRule[]; warnings: ScanWarning[] } {
  const active: SuppressionRule[] = [];
  const warnings: ScanWarning[] = [];
  for (const rule of rules) {
    if (rule.expires) {
      // An expiry date includes that whole day (UTC).
      const end = Date.parse(`${rule.expires}T23:59:59.999Z`);
      const label = `suppression of ${rule.rule}${rule.path ? ` in ${rule.path}` : ''}`;
      if (end < today.getTime()) {
        warnings.push({ source: 'config', code: 'suppression-expired', message: `The ${label} expired on ${rule.expires}; its findings count again.` });
        continue;
      }
      const days = Math.floor((end - today.getTime()) / DAY_MS);
      if (days < EXPIRY_WARNING_DAYS) {
        warnings.push({ source: 'config', code: 'suppression-expiring', message: `The ${label} expires on ${rule.expires} (in ${days} day${days === 1 ? '' : 's'}).` });
      }
    }
    active.push(rule);
  }
  return { active, warnings };
}

/** Compiled matcher over config suppressions: returns the first rule that covers a finding. */
export function configMatcher(rules: SuppressionRule[]): (finding: Finding) => SuppressionRule | undefined {
  const compiled = rules.map((rule) => ({
    rule,
    ruleId: picomatch(rule.rule),
    path: rule.path ? picomatch(rule.path, { dot: true }) : () => true,
  }));
  return (finding) =>
    compiled.find(
      (c) => c.ruleId(finding.ruleId) && c.path(finding.location.path) && (!c.rule.fingerprint || c.rule.fingerprint === finding.fingerprint),
    )?.rule;
}

/** Result of looking for an inline comment above or on a finding's line. */
export type InlineMatch = { reason: string } | { missingReason: true } | undefined;

/**
 * Look for a `guardian-ignore:` comment covering `ruleId` on line `line` (1-based) or
 * the line before it, in the file's `lines`.
 */
export function inlineSuppression(lines: readonly string[], line: number, ruleId: string): InlineMatch {
  for (const candidate of [line, line - 1]) {
    const text = lines[candidate - 1];
    if (!text?.includes('guardian-ignore:')) continue;
    const match = INLINE.exec(text);
    if (!match || !picomatch.isMatch(ruleId, match[1]!)) continue;
    const reason = match[2]?.trim();
    return reason ? { reason } : { missingReason: true };
  }
  return undefined;
}
