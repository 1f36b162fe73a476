/**
 * `uses: owner/repo[/path]@ref` becomes `uses: owner/repo[/path]@<full commit SHA> # ref`,
 * GitHub's hardening advice for third-party actions and reusable workflows
 * (https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions).
 * The SHA comes from the {@link CommitResolver} (by default the GitHub REST API); the ref
 * stays as a comment so Dependabot and Renovate keep updating the pin.
 */
import type { FixContext, FixProposal, NoFix } from '../fixer.js';

/** `uses:` with an optional list dash, an optional quote, `target@ref`, and an optional comment. */
const USES = /^(\s*(?:-\s+)?uses:\s*)(["']?)([^@\s"'#]+)@([^\s"'#]+)\2([ \t]*#.*)?$/;

export async function pinAction({ finding, source, resolveCommit }: FixContext): Promise<FixProposal | NoFix> {
  const lines = source.split('\n');
  const lineIndex = finding.location.startLine - 1;
  const line = lines[lineIndex] ?? '';
  if (/uses:\s*["']?docker:\/\//.test(line)) return { reason: 'pin a docker:// image by its digest (image@sha256:…), which only its registry can tell' };
  const match = USES.exec(line);
  if (!match) return { reason: 'the line has no `uses: owner/repo@ref` the fix can read' };
  const [, lead, quote, target, ref] = match as unknown as [string, string, string, string, string];
  const [owner, repo] = target.split('/');
  if (!owner || !repo) return { reason: `${target} does not name a repository` };
  let sha: string;
  try {
    sha = await resolveCommit(`${owner}/${repo}`, ref);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const start = lines.slice(0, lineIndex).reduce((sum, l) => sum + l.length + 1, 0);
  return {
    description: `Pin ${target} to commit ${sha} (what ${ref} points at now), so a moved or compromised ${ref} cannot change the code this workflow runs.`,
    edits: [{ path: finding.location.path, start, end: start + line.length, text: `${lead}${quote}${target}@${sha}${quote} # ${ref}` }],
    followUp: `Review ${owner}/${repo} at ${sha.slice(0, 12)} before merging; let Dependabot or Renovate propose future updates of the pin.`,
  };
}
