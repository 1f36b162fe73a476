/**
 * The git questions diff-aware scans ask: which files a branch changed (PR diff mode,
 * `guardian scan --changed-since <ref>`) and which are staged (`--staged`, the pre-commit
 * hook), with the staged content checked out for scanning.
 *
 * git runs through `execFile` with an argument list (never a shell); refs are validated
 * first, so a value such as `--output=x` is never read as an option. Failures throw
 * {@link GitError} with a message that says what to do.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A git question that could not be answered: not a repository, an unknown ref, git missing. */
export class GitError extends Error {}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new GitError('git is not installed (needed for --changed-since and --staged)');
    const reason = (e.stderr ?? e.message).trim().split('\n')[0]!;
    if (/not a git repository/i.test(reason)) throw new GitError(`${cwd} is not inside a git repository`);
    throw new GitError(reason);
  }
}

const nulList = (text: string) => text.split('\0').filter(Boolean);

/** The repository's top-level directory for a path inside it. */
export async function repositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
}

/** Paths (repository-relative, `/`) → paths relative to `root`, dropping those outside it. */
function underRoot(top: string, root: string, paths: string[]): string[] {
  const prefix = relative(top, root).split(sep).join('/');
  if (!prefix) return paths;
  return paths.filter((p) => p.startsWith(`${prefix}/`)).map((p) => p.slice(prefix.length + 1));
}

/**
 * Files changed since the merge base of `ref` and HEAD, plus uncommitted and untracked
 * ones: what a pull request's diff shows, as paths relative to `root`. Renamed files
 * count under their new name; deleted files are left out.
 */
export async function changedSince(root: string, ref: string): Promise<string[]> {
  if (!/^[\w./@{}~^-]+$/.test(ref) || ref.startsWith('-')) throw new GitError(`--changed-since: '${ref}' is not a git ref`);
  const top = await repositoryRoot(root);
  let base: string;
  try {
    base = (await git(top, ['merge-base', ref, 'HEAD'])).trim();
  } catch {
    await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
      throw new GitError(`--changed-since: unknown ref '${ref}' (fetch it first, e.g. git fetch origin ${ref.replace(/^origin\//, '')})`);
    });
    throw new GitError(`--changed-since: '${ref}' has no common ancestor with HEAD (a shallow clone? fetch with enough depth)`);
  }
  const changed = nulList(await git(top, ['diff', '--name-only', '-z', '--diff-filter=ACMR', base, '--']));
  const untracked = nulList(await git(top, ['ls-files', '--others', '--exclude-standard', '-z']));
  return underRoot(top, root, [...new Set([...changed, ...untracked])].sort());
}

/** Files staged for commit (added, copied, modified, renamed), repository-relative. */
export async function stagedFiles(top: string): Promise<string[]> {
  return nulList(await git(top, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'])).sort();
}

/** Tracked files under `dir` (repository-relative), e.g. the committed security standards. */
export async function trackedFiles(top: string, dir: string): Promise<string[]> {
  return nulList(await git(top, ['ls-files', '-z', '--', dir]));
}

/**
 * Write the staged (index) content of `paths` into a new temporary directory, keeping
 * their relative paths, so a scan sees exactly what the commit will contain. The caller
 * removes the directory.
 */
export async function checkoutStaged(top: string, paths: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'guardian-staged-'));
  for (let i = 0; i < paths.length; i += 500) await git(top, ['checkout-index', `--prefix=${dir}${sep}`, '--', ...paths.slice(i, i + 500)]);
  return dir;
}

/**
 * What an upload says about where a scan came from: the commit, the branch, and the
 * repository's name as `owner/name` from the `origin` remote (GitHub, GitLab, CodeCommit,
 * ssh or https). Each is undefined when git cannot tell (not a repository, detached, no remote).
 */
export async function revision(root: string): Promise<{ commit?: string; branch?: string; name?: string }> {
  const ask = async (args: string[]) => (await git(root, args).catch(() => '')).trim() || undefined;
  const remote = await ask(['config', '--get', 'remote.origin.url']);
  const branch = await ask(['rev-parse', '--abbrev-ref', 'HEAD']);
  const name = remote ? /[/:]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(remote)?.[1] : undefined;
  return { commit: await ask(['rev-parse', 'HEAD']), branch: branch === 'HEAD' ? undefined : branch, name };
}
