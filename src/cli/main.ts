import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { TOOL } from '../core/tool.js';
import { registerCase } from './case.js';
import { registerDb } from './db.js';
import { registerIam } from './iam.js';
import { registerInvestigate } from './investigate.js';
import { registerScan } from './scan.js';
import { registerThreatModel } from './threat-model.js';
import { registerTriage } from './triage.js';

/**
 * Entry point of the `guardian` command. Parses arguments, dispatches to one command
 * module per sub-command, and maps errors to exit codes: usage and configuration
 * errors print a one-line message and exit 2; anything unexpected exits 3.
 */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = new Command()
    .name('guardian')
    .description('Application security in one command: code, secrets, dependencies and SBOM, infrastructure as code, IAM and CI/CD pipelines; threat models; incident investigation over AWS evidence.')
    .version(TOOL.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  let exitCode: number = EXIT.ok;
  registerScan(program, (code) => (exitCode = code));
  registerDb(program);
  registerIam(program, (code) => (exitCode = code));
  registerThreatModel(program);
  registerInvestigate(program, (code) => (exitCode = code));
  registerCase(program, (code) => (exitCode = code));
  registerTriage(program, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`guardian: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`guardian: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}
