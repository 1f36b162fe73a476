/**
 * A problem with how Guardian was invoked: unknown flag, bad config, missing path.
 * The CLI prints the message (no stack) and exits with code 2 (ARCHITECTURE.md).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of `guardian scan` (ARCHITECTURE.md "Contracts"). */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  internal: 3,
} as const;
