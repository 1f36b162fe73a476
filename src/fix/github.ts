/**
 * Resolving an action's ref to its commit with the GitHub REST API: `GET
 * /repos/{owner}/{repo}/commits/{ref}` with `Accept: application/vnd.github.sha` answers the
 * bare 40-hex SHA (https://docs.github.com/en/rest/commits/commits#get-a-commit).
 */
import type { CommitResolver } from './fixer.js';

export interface GithubResolverOptions {
  /** API root; default `$GITHUB_API_URL` (set by Actions, right for GitHub Enterprise Server) or https://api.github.com. */
  apiUrl?: string;
  /** Token for private repositories and the higher rate limit; default `$GITHUB_TOKEN`. Never logged. */
  token?: string;
  /** Milliseconds per request (default 15 000). */
  timeoutMs?: number;
}

const NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const SHA = /^[0-9a-f]{40}$/;

/** A resolver that asks the GitHub API once per repository and ref. */
export function githubCommitResolver(options: GithubResolverOptions = {}): CommitResolver {
  const apiUrl = (options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const token = options.token ?? process.env.GITHUB_TOKEN;
  const cache = new Map<string, Promise<string>>();
  return (repository, ref) => {
    if (!NAME.test(repository)) return Promise.reject(new Error(`${repository} is not an owner/name repository`));
    const key = `${repository}@${ref}`;
    let pending = cache.get(key);
    if (!pending) {
      pending = (async () => {
        let response: Response;
        try {
          response = await fetch(`${apiUrl}/repos/${repository}/commits/${encodeURIComponent(ref)}`, {
            headers: { accept: 'application/vnd.github.sha', 'user-agent': 'guardian-fix', 'x-github-api-version': '2022-11-28', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
          });
        } catch (error) {
          throw new Error(`cannot reach ${apiUrl} to resolve ${key}: ${(error as Error).message}`);
        }
        const body = (await response.text()).trim();
        if (!response.ok) throw new Error(`${apiUrl} answered HTTP ${response.status} for ${key}${response.status === 404 ? ' (no such repository or ref, or a private one: set GITHUB_TOKEN)' : ''}`);
        if (!SHA.test(body)) throw new Error(`${apiUrl} did not answer a commit SHA for ${key}`);
        return body;
      })();
      cache.set(key, pending);
    }
    return pending;
  };
}
