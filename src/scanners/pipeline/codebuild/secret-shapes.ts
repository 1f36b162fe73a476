/**
 * What a secret-bearing build variable looks like, as data: name words, name parts that
 * say "this is not the secret itself", and value shapes of well-known credentials.
 * Value shapes: AWS access key IDs (IAM user guide, "Understanding unique ID prefixes"),
 * GitHub tokens (GitHub docs, "About authentication to GitHub": token prefixes).
 */

/** Upper-case words that mark a variable name as holding a secret. */
export const SECRET_NAME_WORDS: readonly string[] = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'KEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATE', 'AUTH'];

/**
 * Name words that mean the variable holds a reference, identifier or setting rather than
 * the secret (`KMS_KEY_ID`, `SECRET_ARN`, `TOKEN_URL`, `PUBLIC_KEY`, `KEY_PAIR_NAME`).
 */
export const NON_SECRET_NAME_WORDS: readonly string[] = ['ID', 'ARN', 'NAME', 'PATH', 'FILE', 'URL', 'URI', 'ENDPOINT', 'REGION', 'ALIAS', 'TYPE', 'LENGTH', 'SIZE', 'TTL', 'EXPIRY', 'PUBLIC', 'HEADER', 'FORMAT', 'VERSION', 'PARAM', 'PARAMETER'];

/** A credential recognised by the shape of its value, whatever the variable's name. */
export interface SecretValueShape {
  /** What the value is, for messages. */
  label: string;
  /** Searched in the value; the first match is the secret. */
  pattern: RegExp;
  /** Characters of the public prefix kept when masking (see secrets/mask.ts). */
  visible: number;
}

/** Value shapes of well-known credentials. */
export const SECRET_VALUE_SHAPES: readonly SecretValueShape[] = [
  { label: 'an AWS access key ID', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/, visible: 4 },
  { label: 'a GitHub token', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])/, visible: 4 },
  { label: 'a GitHub fine-grained token', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,255}/, visible: 4 },
];
