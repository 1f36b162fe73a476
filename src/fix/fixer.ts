/**
 * The contract between src/fix/index.ts and the fixers in src/fix/fixers: a fixer reads
 * what it needs from the repository and proposes text edits, or says why it will not.
 */
import type { Finding } from '../core/finding.js';

/** Replace characters `start..end` (UTF-16 offsets into the file's text) of `path` with `text`. */
export interface TextEdit {
  path: string;
  start: number;
  end: number;
  text: string;
}

/** What a fixer proposes for one finding. */
export interface FixProposal {
  /** One sentence: what the fix changes and why that removes the weakness. */
  description: string;
  edits: TextEdit[];
  /** What a person still has to do (e.g. refresh the lockfile), when anything. */
  followUp?: string;
}

/** Why there is no fix: the rule has none, or this code is not in a shape it can rewrite safely. */
export interface NoFix {
  reason: string;
}

/**
 * Resolves a GitHub repository ref (tag, branch, short SHA) to the full 40-hex commit SHA.
 * `repository` is `owner/name`. Rejects with a message naming the repository and ref.
 */
export type CommitResolver = (repository: string, ref: string) => Promise<string>;

/** What every fixer receives. */
export interface FixContext {
  /** Absolute repository root. */
  root: string;
  finding: Finding;
  /** Text of `finding.location.path`, already checked to still hold the flagged code. */
  source: string;
  resolveCommit: CommitResolver;
  /** The other findings of the same scan (e.g. every advisory of one package). */
  related: readonly Finding[];
}

export type Fixer = (context: FixContext) => Promise<FixProposal | NoFix> | FixProposal | NoFix;
