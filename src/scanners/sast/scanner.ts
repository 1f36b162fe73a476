import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import type { RuleDescriptor } from '../../core/finding.js';
import type { FindingDraft } from '../../core/fingerprint.js';
import { cweUrl } from '../../core/references.js';
import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import { extname } from 'node:path';
import { WorkerPool, workerCount } from '../../core/worker-pool.js';
import { type CompiledRule, analyzeSource, compileRules } from './analyze.js';
import type { WorkerRequest, WorkerResponse } from './worker.js';
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
    const candidates = ctx.files.filter((f) => f.language || !f.path.slice(f.path.lastIndexOf('/') + 1).includes('.'));
    const findings: FindingDraft[] = [];
    const failedRules = new Set<string>();
    const collect = (result: ReturnType<typeof analyzeSource>, path: string) => {
      findings.push(...result.findings);
      for (const failure of result.failures) {
        if (failedRules.has(failure.ruleId)) continue;
        failedRules.add(failure.ruleId);
        ctx.warnings.add({ source: 'sast', code: 'rule-error', path, message: `Rule ${failure.ruleId} failed and was skipped for this file: ${failure.message}` });
      }
    };

    // Worker threads only run the bundled rules; custom rule sets (tests) run in-process.
    const workers = this.rules === bundled ? workerCount(candidates.length) : 0;
    const pool = workers ? new WorkerPool<WorkerRequest, WorkerResponse>(new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url), workers) : undefined;
    let compiled: CompiledRule[] | undefined;
    const ruleIds = active.map((r) => r.id);
    let lines = 0;
    let analyzed = 0;
    let done = 0;
    const pending: Promise<void>[] = [];
    let batch: WorkerRequest['files'] = [];
    let batchBytes = 0;
    const flush = () => {
      if (!batch.length || !pool) return;
      const files = batch;
      batch = [];
      batchBytes = 0;
      pending.push(
        pool.run({ ruleIds, files }).then(
          (result) => {
            collect(result, files[0]!.path);
            done += files.length;
            ctx.progress.update(done, candidates.length, files[files.length - 1]!.path);
          },
          (error: Error) => {
            ctx.warnings.add({ source: 'sast', code: 'worker-error', message: `A SAST worker failed (${error.message}); ${files.length} files were analysed in-process instead.` });
            compiled ??= compileRules(active);
            for (const f of files) collect(analyzeSource(f.path, f.text, f.language, compiled), f.path);
            done += files.length;
          },
        ),
      );
    };
    try {
      for (const [i, file] of candidates.entries()) {
        if (!pool && i % 25 === 0) {
          ctx.progress.update(i, candidates.length, file.path);
          await new Promise((resolve) => setImmediate(resolve));
        }
        const text = await ctx.workspace.readText(file);
        if (text === undefined || !file.language) {
          done++;
          continue;
        }
        analyzed++;
        lines += countLines(text);
        if (pool) {
          batch.push({ path: file.path, language: file.language, text });
          batchBytes += text.length;
          if (batchBytes > 256 * 1024 || batch.length >= 64) flush();
          // Keep memory bounded: wait when many batches are in flight.
          if (pending.length > workers * 4) await Promise.race(pending.splice(0, 1));
        } else {
          compiled ??= compileRules(active);
          collect(analyzeSource(file.path, text, file.language, compiled), file.path);
        }
      }
      flush();
      await Promise.all(pending);
    } finally {
      await pool?.close();
    }
    ctx.progress.update(candidates.length, candidates.length);
    return { findings, rules: active.map(describeRule), stats: { files: analyzed, lines, rules: active.length, workers } };
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
