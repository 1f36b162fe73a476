import type { FindingDraft } from '../../../core/fingerprint.js';
import type { Severity } from '../../../core/severity.js';
import { type RuleName, ruleByName, ruleId } from './rules.js';
import type { YamlSource } from './source.js';

/** What a check reports; `report.ts` turns it into a FindingDraft. */
export interface Hit {
  rule: RuleName;
  /** File offset of the offending text (an expression, a `uses:` value, a key). */
  offset: number;
  /** Length of the offending text in the file, for the end column (same line only). */
  length?: number;
  /** Fills the rule's message template. */
  values: Record<string, string | number>;
  /** When this finding differs from the rule's default severity. */
  severity?: Severity;
  /**
   * What identifies the finding without line numbers: job id, step label and a
   * rule-specific part (the expression, the action, the scope…).
   */
  key: string[];
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}

/** Collects a file's hits as FindingDrafts (category `pipeline`). */
export class FindingCollector {
  readonly drafts: FindingDraft[] = [];

  constructor(private readonly source: YamlSource) {}

  add(hit: Hit): void {
    const rule = ruleByName(hit.rule);
    const start = this.source.position(hit.offset);
    const snippet = this.source.lineText(start.line).trim();
    const end = hit.length ? this.source.position(hit.offset + hit.length) : undefined;
    this.drafts.push({
      ruleId: ruleId(rule.name),
      category: 'pipeline',
      severity: hit.severity ?? rule.severity,
      confidence: rule.confidence,
      title: rule.title,
      message: fill(rule.message, hit.values),
      cwe: rule.cwe,
      owasp: rule.owasp,
      location: {
        path: this.source.path,
        startLine: start.line,
        startColumn: start.column,
        ...(end && end.line === start.line ? { endLine: end.line, endColumn: end.column } : { endLine: start.line }),
        snippet,
      },
      remediation: { text: rule.remediation, example: rule.example },
      references: rule.references,
      fingerprintKey: hit.key.join('\u0000'),
    });
  }
}
