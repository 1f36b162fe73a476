/**
 * `guardian hook install|uninstall`: a git pre-commit hook that runs the secrets and SAST
 * scanners on the staged content (`guardian scan --staged`) and blocks the commit on a
 * high or critical finding. The hook goes where git looks for hooks (`git rev-parse
 * --git-path hooks`, so `core.hooksPath` is honoured). A hook that is not Guardian's is
 * never overwritten without `--force`, and then it is kept as `pre-commit.guardian-backup`.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

const MARKER = '# guardian pre-commit hook v1';
const SCAN_ARGS = 'scan --staged --only secrets,sast --fail-on high --no-progress';

/** The hook script. `command` runs Guardian; without one, the project's install is preferred over a global one. */
export function hookScript(command?: string): string {
  const run = command
    ? `exec ${command} ${SCAN_ARGS}`
    : [
        'if [ -x ./node_modules/.bin/guardian ]; then',
        `  exec ./node_modules/.bin/guardian ${SCAN_ARGS}`,
        'elif command -v guardian >/dev/null 2>&1; then',
        `  exec guardian ${SCAN_ARGS}`,
        'fi',
        // Fail closed: a security check that silently stops running is worse than a loud one.
        'echo "guardian: not installed, so the pre-commit scan cannot run. Install it (npm install --save-dev guardian-appsec)," >&2',
        'echo "  remove the hook (guardian hook uninstall), or skip it once with git commit --no-verify." >&2',
        'exit 1',
      ].join('\n');
  return [
    '#!/bin/sh',
    MARKER,
    '# Installed by `guardian hook install`: secrets and fast SAST on what this commit adds.',
    '# Skip once with `git commit --no-verify` (nothing records that it was skipped).',
    run,
    '',
  ].join('\n');
}

async function hooksDir(cwd: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', '--git-path', 'hooks'], { cwd, encoding: 'utf8' });
    const dir = stdout.trim();
    return isAbsolute(dir) ? dir : resolve(cwd, dir);
  } catch (error) {
    const reason = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
    throw new UsageError(`guardian hook: ${cwd} is not a git repository (${reason})`);
  }
}

const readOptional = (path: string) => readFile(path, 'utf8').catch(() => undefined);

/** Register `guardian hook`. */
export function registerHook(program: Command): void {
  const hook = program.command('hook').description('Install or remove the git pre-commit hook (secrets and SAST on staged changes).');
  hook
    .command('install')
    .description('Write .git/hooks/pre-commit (or core.hooksPath) running guardian scan --staged.')
    .option('--repo <dir>', 'repository directory', '.')
    .option('--force', "replace a pre-commit hook that is not Guardian's (it is kept as pre-commit.guardian-backup)")
    .option('--command <cmd>', 'how the hook runs Guardian (default: ./node_modules/.bin/guardian, else guardian on PATH)')
    .action(async (flags: { repo: string; force?: boolean; command?: string }) => {
      if (flags.command !== undefined && (/[\n\r]/.test(flags.command) || !flags.command.trim())) throw new UsageError('--command: one line, e.g. "npx guardian"');
      const dir = await hooksDir(resolve(flags.repo));
      const path = join(dir, 'pre-commit');
      const existing = await readOptional(path);
      if (existing !== undefined && !existing.includes(MARKER)) {
        if (!flags.force) throw new UsageError(`${path} exists and is not Guardian's hook; run with --force to replace it (it will be kept as pre-commit.guardian-backup), or call guardian from it yourself: guardian ${SCAN_ARGS}`);
        await rename(path, join(dir, 'pre-commit.guardian-backup'));
      }
      await mkdir(dir, { recursive: true });
      await writeFile(path, hookScript(flags.command?.trim()));
      await chmod(path, 0o755);
      process.stdout.write(`installed ${path}: commits with high or critical secrets or SAST findings in staged files are blocked\n`);
    });
  hook
    .command('uninstall')
    .description("Remove Guardian's pre-commit hook (restoring a hook it replaced).")
    .option('--repo <dir>', 'repository directory', '.')
    .action(async (flags: { repo: string }) => {
      const dir = await hooksDir(resolve(flags.repo));
      const path = join(dir, 'pre-commit');
      const existing = await readOptional(path);
      if (existing === undefined || !existing.includes(MARKER)) throw new UsageError(`${path} is not Guardian's hook; nothing removed`);
      await rm(path);
      const backup = join(dir, 'pre-commit.guardian-backup');
      if ((await readOptional(backup)) !== undefined) await rename(backup, path);
      process.stdout.write(`removed ${path}\n`);
    });
}
