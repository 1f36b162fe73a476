/**
 * Enforcing standards on a scan: findings of a section's rules cite that section and are
 * raised to its severity (never lowered: a standard sets a floor, `severity-overrides` in
 * guardian.yml sets an exact value), and each forbidden pattern is searched for line by
 * line and reported as a finding of rule `standard.<standard id>.<pattern id>`.
 */
import { type Severity, severityRank } from '../core/severity.js';
import type { RuleDescriptor, StandardCitation } from '../core/finding.js';
import { type FindingDraft, normalizeForFingerprint } from '../core/fingerprint.js';
import type { Workspace, WorkspaceFile } from '../core/workspace.js';
import type { Standard } from './document.js';

/** The sections of `standards` whose rules include `ruleId`, in document order. */
export function citationsFor(ruleId: string, standards: readonly Standard[]): { citation: StandardCitation; severity?: Severity }[] {
  return standards.flatMap((standard) =>
    standard.sections
      .filter((section) => section.matchesRule(ruleId))
      .map((section) => ({
        citation: { standard: standard.id, title: standard.title, section: section.id, sectionTitle: section.title, path: standard.path },
        ...(section.severity ? { severity: section.severity } : {}),
      })),
  );
}

/** Cite sections on `drafts` and raise their severity to each section's floor (in place). */
export function applyStandards(drafts: FindingDraft[], standards: readonly Standard[]): void {
  if (!standards.length) return;
  const cache = new Map<string, ReturnType<typeof citationsFor>>();
  for (const draft of drafts) {
    let cited = cache.get(draft.ruleId);
    if (!cited) cache.set(draft.ruleId, (cited = citationsFor(draft.ruleId, standards)));
    if (!cited.length) continue;
    draft.standards = cited.map((c) => c.citation);
    for (const { severity } of cited) if (severity && severityRank(severity) > severityRank(draft.severity)) draft.severity = severity;
  }
}

/** The rule id of a forbidden pattern. */
export const forbiddenRuleId = (standard: string, pattern: string) => `standard.${standard}.${pattern}`;

/**
 * Findings of the forbidden patterns over `files` (read through the workspace, so size
 * and binary limits hold), with a rule descriptor per pattern. Category `sast`: they are
 * patterns in source.
 */
export async function forbiddenPatternFindings(standards: readonly Standard[], workspace: Workspace, files: readonly WorkspaceFile[]): Promise<{ drafts: FindingDraft[]; rules: RuleDescriptor[] }> {
  const patterns = standards.flatMap((standard) =>
    standard.sections.flatMap((section) =>
      section.forbidden.map((pattern) => ({
        pattern,
        citation: { standard: standard.id, title: standard.title, section: section.id, sectionTitle: section.title, path: standard.path },
        severity: pattern.severity ?? section.severity ?? ('medium' as Severity),
        remediation: section.controls.join(' ') || `Follow ${standard.title}, "${section.title}".`,
      })),
    ),
  );
  const drafts: FindingDraft[] = [];
  if (!patterns.length) return { drafts, rules: [] };
  for (const file of files) {
    const applicable = patterns.filter((p) => p.pattern.matchesPath(file.path));
    if (!applicable.length) continue;
    const text = await workspace.readText(file);
    if (text === undefined) continue;
    const lines = text.split('\n');
    for (const p of applicable) {
      let line = 1;
      let counted = 0;
      for (const match of text.matchAll(p.pattern.regex)) {
        for (; counted < match.index; counted++) if (text.charCodeAt(counted) === 10) line++;
        const snippet = lines[line - 1]!.trimEnd();
        drafts.push({
          ruleId: forbiddenRuleId(p.citation.standard, p.pattern.id),
          category: 'sast',
          severity: p.severity,
          title: `${p.citation.sectionTitle}: forbidden pattern`,
          message: p.pattern.message,
          cwe: p.pattern.cwe ?? [],
          location: { path: file.path, startLine: line, snippet },
          remediation: { text: p.remediation },
          standards: [p.citation],
          fingerprintKey: normalizeForFingerprint(snippet),
        });
      }
    }
  }
  const rules = patterns.map(
    (p): RuleDescriptor => ({
      id: forbiddenRuleId(p.citation.standard, p.pattern.id),
      title: `${p.citation.sectionTitle}: forbidden pattern`,
      description: `${p.pattern.message} (${p.citation.title}, section "${p.citation.sectionTitle}", ${p.citation.path}.)`,
      severity: p.severity,
      category: 'sast',
      cwe: p.pattern.cwe ?? [],
      remediation: p.remediation,
    }),
  );
  return { drafts, rules };
}
