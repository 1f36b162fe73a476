import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readCloudTrail } from '../core/cloudtrail.js';
import { loadConfig } from '../core/config.js';
import { EXIT, UsageError } from '../core/errors.js';
import { openWorkspace } from '../core/run.js';
import { loadActionCatalog } from '../scanners/iam/actions.js';
import { explain, formatExplanation } from '../scanners/iam/explain.js';
import { generatePolicy } from '../scanners/iam/generate.js';
import { collectPrincipals } from '../scanners/iam/scanner.js';

interface ExplainOptions {
  principal: string;
  action: string;
  resource: string;
  context?: string[];
  json?: boolean;
}

interface GenerateOptions {
  cloudtrail: string;
  principal: string;
  output?: string;
}

/** `guardian iam explain|generate`: the IAM evaluation engine and policy generator on their own. */
export function registerIam(program: Command, setExitCode: (code: number) => void): void {
  const iam = program.command('iam').description('Ask the IAM engine: effective permissions and least-privilege policies.');
  iam
    .command('explain')
    .description('May this principal do this? Evaluates the principal\'s policies (IaC in [path], and get-account-authorization-details exports) with AWS\'s policy evaluation logic and prints the statements that decide.')
    .argument('[path]', 'repository or directory with templates, Terraform or authorization-details exports', '.')
    .requiredOption('--principal <arn|name>', 'user or role: ARN, logical id or name')
    .requiredOption('--action <action>', 'IAM action, e.g. s3:GetObject')
    .option('--resource <arn>', "resource ARN ('*' for actions without a resource)", '*')
    .option('--context <key=value...>', 'request context keys, e.g. aws:SourceIp=203.0.113.9 aws:MultiFactorAuthPresent=true')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExit codes: 0 allowed; 1 denied or unknown; 2 usage error (unknown principal, bad action).')
    .action(async (path: string, options: ExplainOptions) => {
      const root = resolve(path);
      if (!existsSync(root)) throw new UsageError(`No such directory: ${path}`);
      const { config } = await loadConfig(root);
      const { warnings, workspace, files } = await openWorkspace(root, config);
      const collected = await collectPrincipals({ root, workspace, files, config, configDir: root, warnings, progress: { update: () => {} }, offline: true, now: new Date() });
      const catalog = await loadActionCatalog();
      const result = explain(collected.all, { principal: options.principal, action: options.action, resource: options.resource, ...(options.context ? { context: parseContext(options.context) } : {}) }, { catalog });
      if ('error' in result) throw new UsageError(result.error);
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatExplanation(result)}\n`);
      setExitCode(result.evaluation.decision === 'allowed' ? EXIT.ok : EXIT.findings);
    });

  iam
    .command('generate')
    .description('Least-privilege policy from what a principal really did: the actions in its CloudTrail events, resources narrowed to those the events name (IAM Access Analyzer policy generation, offline).')
    .requiredOption('--cloudtrail <path>', 'CloudTrail log file (.json, .json.gz) or directory of them')
    .requiredOption('--principal <arn>', 'IAM user or role ARN (assumed-role sessions of the role count)')
    .option('-o, --output <file>', 'write the policy JSON to this file instead of stdout')
    .action(async (options: GenerateOptions) => {
      const source = resolve(options.cloudtrail);
      if (!existsSync(source)) throw new UsageError(`--cloudtrail: no such file or directory: ${options.cloudtrail}`);
      if (!/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/.test(options.principal)) throw new UsageError(`--principal must be an IAM user or role ARN (got '${options.principal}')`);
      const stream = readCloudTrail(source);
      const generated = await generatePolicy(stream, options.principal);
      for (const warning of stream.stats.warnings) process.stderr.write(`warning: ${warning.path}: ${warning.message}\n`);
      if (generated.matchedEvents === 0) throw new UsageError(`No events of ${options.principal} in ${stream.stats.events} events read from ${options.cloudtrail}`);
      const policy = `${JSON.stringify(generated.policy, null, 2)}\n`;
      if (options.output) await writeFile(resolve(options.output), policy);
      else process.stdout.write(policy);
      const summary = [
        `${generated.matchedEvents} of ${stream.stats.events} events are ${options.principal}'s: ${generated.actions.length} actions granted`,
        ...generated.denied.map((d) => `  not granted (denied in the logs ${d.count}×): ${d.action}`),
        ...(generated.skipped.length ? [`  ${generated.skipped.length} events map to no IAM action (e.g. ${generated.skipped[0]!.eventSource} ${generated.skipped[0]!.eventName}: ${generated.skipped[0]!.reason})`] : []),
        ...(options.output ? [`Wrote ${resolve(options.output)}`] : []),
      ];
      process.stderr.write(`${summary.join('\n')}\n`);
    });
}

/** `key=value` pairs; repeated keys become lists (multi-valued context keys). */
function parseContext(pairs: string[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--context expects key=value (got '${pair}')`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const existing = context[key];
    context[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return context;
}
