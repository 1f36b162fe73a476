import { ATTACKER_CONTROLLED_CONTEXTS } from '../contexts.js';
import { exposedContext, findExpressions } from '../expressions.js';
import type { FindingCollector } from '../report.js';
import type { SourceText } from '../source.js';
import { type Workflow, actionName, stepInput } from '../workflow.js';

/**
 * Rule `script-injection`: an attacker-controlled context (issue title, branch name,
 * commit message…) interpolated with `${{ }}` into a `run:` script or the `script:` of
 * actions/github-script. Expressions in `env:`, `with:` of other actions and `if:` are
 * values, not code, and are not looked at. Each offending expression is reported at
 * its own line, inside multi-line scripts too.
 */
export function checkScriptInjection(workflow: Workflow, findings: FindingCollector): void {
  const source = workflow.source;
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const sinks: { text: SourceText; sink: string; language: string }[] = [];
      if (step.run) sinks.push({ text: step.run, sink: `the \`run:\` script of step '${step.label}'`, language: 'shell script' });
      if (actionName(step.uses?.value) === 'actions/github-script') {
        const script = stepInput(source, step, 'script');
        if (script) sinks.push({ text: script, sink: `the github-script \`script:\` of step '${step.label}'`, language: 'JavaScript code' });
      }
      for (const { text, sink, language } of sinks) {
        for (const expression of findExpressions(text)) {
          const exposed = exposedContext(expression.body, ATTACKER_CONTROLLED_CONTEXTS);
          if (!exposed) continue;
          findings.add({
            rule: 'script-injection',
            offset: expression.offset,
            length: expression.body.length + 6,
            values: { expression: expression.body, sink, job: job.id, context: exposed.reference, language },
            key: [job.id, step.key, expression.body],
          });
        }
      }
    }
  }
}
