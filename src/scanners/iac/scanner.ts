import type { Scanner, ScanContext, ScannerOutput } from '../../core/scanner.js';
import { resourceGraphOf } from './context.js';
import { type IacRule, loadIacRules } from './engine/rule.js';
import { describeIacRule, runIacRules } from './engine/run.js';

/**
 * Infrastructure as code: loads CloudFormation, SAM, CDK output, Terraform and
 * serverless.yml into one ResourceGraph and runs the IaC rule packs over it.
 */
export class IacScanner implements Scanner {
  readonly id = 'iac' as const;
  readonly title = 'Infrastructure (IaC)';
  private rules?: IacRule[];

  async scan(ctx: ScanContext): Promise<ScannerOutput> {
    const { graph, templates } = await resourceGraphOf(ctx);
    this.rules ??= loadIacRules();
    const stats = { checks: 0, unknown: 0 };
    ctx.progress.update(0, graph.size, 'checking resources');
    const findings = runIacRules(this.rules, graph, stats);
    ctx.progress.update(graph.size, graph.size);
    return {
      findings,
      rules: this.rules.map(describeIacRule),
      stats: { templates, resources: graph.size, rules: this.rules.length, checks: stats.checks, unknown: stats.unknown },
    };
  }
}
