import type { Component } from '../../../core/inventory.js';

/** What a lockfile parser receives. */
export interface LockfileInput {
  /** Repository-relative path of the lockfile, forward slashes (e.g. `app/package-lock.json`). */
  path: string;
  text: string;
  /**
   * Text of a file in the same directory (e.g. `package.json`, `pyproject.toml`,
   * `Pipfile`), or undefined when it does not exist or cannot be read. Used to tell
   * direct dependencies from transitive ones.
   */
  readSibling(name: string): string | undefined;
}

/** A problem in a lockfile that did not stop parsing; `line` is 1-based when known. */
export interface LockfileProblem {
  message: string;
  line?: number;
}

/**
 * Packages found in one lockfile. A parser never throws for bad content: a file it
 * cannot parse at all gives no components and one problem naming the reason.
 */
export interface LockfileResult {
  components: Component[];
  problems: LockfileProblem[];
}

export type LockfileParser = (input: LockfileInput) => LockfileResult;
