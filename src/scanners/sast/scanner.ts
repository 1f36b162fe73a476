import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import type { RuleDescriptor } from '../../core/finding.js';
import type { FindingDraft } from '../../core/fingerprint.js';
import { cweUrl } from '../../core/references.js';
import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import { type CompiledRule, analyzeSource, compileRules } from './analyze.js';
import { type SastRule, loadRules } from './rule.js';

/** Directory of the bundled rule packs (`rules/<language>/*.yml`). */
export const RULES_DIR = fileURLToPath(new URL('./rules', import.meta.url));

let bundled: SastRule[] | undefined;

/** The rules shipped with Guardian, loaded once. */
export function bundledRules(): SastRule[] {
  return (bundled ??= loadRules(RULES_DIR));
}

/** SARIF-ready description of a SAST rule. */
export function describeRule(rule: SastRule): RuleDescriptor {
  return {
    id: rule.id,
    title: rule.title,
    description: rule.message.replace(/\{source\}/g, 'untrusted input').replace(/\{sink\}/g, 'the sink').replace(/\{match\}/g, 'this code'),
    severity: rule.severity,
    category: 'sast',
    cwe: rule.cwe,
    owasp: rule.owasp,
    remediation: rule.example ? `${rule.remediation}\n\nExample:\n${rule.example}` : rule.remediation,
    references: [...rule.references, ...rule.cwe.map(cweUrl)],
    precision: rule.confidence === 'high' ? 'high' : rule.confidence === 'medium' ? 'medium' : 'low',
  };
}

/**
 * Static analysis of Python and JavaScript/TypeScript with ast-grep pattern rules and
 * the taint engine. Rules come from `rules/`; `guardian.yml` `sast.disable` turns
 * rules off by id or glob.
 */
export class SastScanner implements Scanner {
  readonly id = 'sast' as const;
  readonly title = 'Code (SAST)';

  constructor(private readonly rules: SastRule[] = bundledRules()) {}

  async scan(ctx: ScanContext): Promise<ScannerOutput> {
    const disabled = ctx.config.sast?.disable?.length ? picomatch(ctx.config.sast.disable) : () => false;
    const active = this.rules.filter((r) => !disabled(r.id));
    const compiled: CompiledRule[] = compileRules(active);
    const candidates = ctx.files.filter((f) => f.language || !f.path.slice(f.path.lastIndexOf('/') + 1).includes('.'));
    const findings: FindingDraft[] = [];
    const failedRules = new Set<string>();
    let lines = 0;
    let analyzed = 0;
    for (const [i, file] of candidates.entries()) {
      if (i % 25 === 0) {
        ctx.progress.update(i, candidates.length, file.path);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const text = await ctx.workspace.readText(file);
      if (text === undefined || !file.language) continue;
      analyzed++;
      lines += countLines(text);
      const result = analyzeSource(file.path, text, file.language, compiled);
      findings.push(...result.findings);
      for (const failure of result.failures) {
        if (failedRules.has(failure.ruleId)) continue;
        failedRules.add(failure.ruleId);
        ctx.warnings.add({ source: 'sast', code: 'rule-error', path: file.path, message: `Rule ${failure.ruleId} failed and was skipped for this file: ${failure.message}` });
      }
    }
    ctx.progress.update(candidates.length, candidates.length);
    return { findings, rules: active.map(describeRule), stats: { files: analyzed, lines, rules: active.length } };
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
