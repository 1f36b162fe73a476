import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../core/errors.js';
import { TOOL } from '../core/tool.js';

type SetExitCode = (code: number) => void;

/**
 * The sub-commands, each loaded only when it runs (or for the full help), so a quick
 * command such as the pre-commit hook's scan does not pay for loading the PDF writer,
 * DuckDB bindings and every scanner. Order is the order of `guardian --help`.
 */
const COMMANDS: Record<string, (program: Command, setExitCode: SetExitCode) => Promise<void>> = {
  scan: async (p, set) => (await import('./scan.js')).registerScan(p, set),
  db: async (p) => (await import('./db.js')).registerDb(p),
  iam: async (p, set) => (await import('./iam.js')).registerIam(p, set),
  'threat-model': async (p) => (await import('./threat-model.js')).registerThreatModel(p),
  investigate: async (p, set) => (await import('./investigate.js')).registerInvestigate(p, set),
  case: async (p, set) => (await import('./case.js')).registerCase(p, set),
  triage: async (p, set) => (await import('./triage.js')).registerTriage(p, set),
  hook: async (p) => (await import('./hook.js')).registerHook(p),
  mcp: async (p) => (await import('./mcp.js')).registerMcp(p),
  fix: async (p, set) => (await import('./fix.js')).registerFix(p, set),
  serve: async (p) => (await import('./serve.js')).registerServe(p),
  worker: async (p) => (await import('./worker.js')).registerWorker(p),
};

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
  const setExitCode = (code: number) => (exitCode = code);
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
  for (const name of wanted) await COMMANDS[name]!(program, setExitCode);
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
