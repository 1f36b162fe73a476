import type { Severity } from '../../core/severity.js';

/**
 * One detected secret in one file, before de-duplication and before it becomes a
 * finding. Offsets are UTF-16 code-unit indices into the file text, end exclusive.
 */
export interface SecretHit {
  /** Guardian rule id (`secrets.…`). */
  ruleId: string;
  /** The reported region: the key itself, or a whole URL / PEM block around the secret. */
  start: number;
  end: number;
  /** Where the secret value is (masked in snippets; digested for the fingerprint). */
  secretStart: number;
  secretEnd: number;
  /** Which engine found it: secretlint's preset or Guardian's own detectors. */
  engine: 'secretlint' | 'guardian';
  /** A documentation example or filler value: reported at `info`. */
  example?: boolean;
  /** Severity instead of the rule's (e.g. `low` for a Stripe test key, `high` for an encrypted private key). */
  severity?: Severity;
  /** Short qualifier for the message, e.g. `PostgreSQL`, `encrypted`, `temporary STS key`. */
  detail?: string;
}

/** A detector's judgement on a candidate: undefined drops it; fields adjust the hit. */
export interface Verdict {
  example?: boolean;
  severity?: Severity;
  detail?: string;
}
