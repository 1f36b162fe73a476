/**
 * Guardian's own secret detectors, as data: for each, the rule it reports under,
 * literal keywords for a fast prefilter, a regular expression and a validator.
 * These fill gaps in secretlint's recommended preset (documentation example keys,
 * AWS secret keys next to key IDs, Redis/AMQP URLs, encrypted and PGP private keys,
 * Stripe, Google, Azure, Twilio, JWTs, …). Generic `password = "…"` assignments are
 * in `generic.ts`.
 *
 * Every regex is global with the `d` flag (match indices); the named group `secret`
 * is the secret value, otherwise the whole match is. Patterns avoid nested
 * quantifiers so matching stays linear.
 */
import type { Verdict } from './hit.js';
import * as v from './validators.js';

/** A regex-based detector. */
export interface PatternDetector {
  /** Guardian rule id (see rules.ts). */
  rule: string;
  /** The detector runs only if the text contains one of these literals. */
  keywords: readonly string[];
  /** Compare keywords case-insensitively (they must then be written in lower case). */
  ignoreCase?: boolean;
  /** A regex that must also match before `pattern` runs (cheap shape check after the keywords). */
  prefilter?: RegExp;
  pattern: RegExp;
  /** Decide on a candidate: undefined drops it. Without one, the hit is kept as is. */
  validate?: (secret: string, groups: v.Groups) => Verdict | undefined;
  /**
   * The reported region: `secret` (default) is the secret alone; `match` is the whole
   * match, for structures shown with the secret masked inside (URLs, PEM blocks).
   */
  region?: 'secret' | 'match';
}

/**
 * A detector that looks for a secret only near another rule's hits: within
 * `windowLines` lines before or after (used for AWS secret keys next to key IDs).
 */
export interface ContextDetector {
  rule: string;
  /** Rule whose hits anchor the search. */
  anchorRule: string;
  windowLines: number;
  pattern: RegExp;
  validate?: (secret: string, groups: v.Groups) => Verdict | undefined;
}

/** Separator between a name and its value: `=`, `:`, `:=`, `=>`, optionally quoted names. */
const ASSIGN = String.raw`["'\x60]?\]?[ \t]*(?:=>|:=|=|:)[ \t]*["'\x60]?`;

/** `scheme://[user]:password@` — required by both credential-URL detectors. */
const CREDENTIAL_URL_SHAPE = /:\/\/[^\s:/]*:[^\s@/]+@/;

/** The pattern detectors, most specific first (order does not affect results). */
export const PATTERN_DETECTORS: readonly PatternDetector[] = [
  {
    rule: 'secrets.aws-access-key-id',
    keywords: ['AKIA', 'ASIA', 'A3T'],
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Za-z0-9])/dg,
    validate: v.awsAccessKeyId,
  },
  {
    rule: 'secrets.aws-secret-access-key',
    keywords: ['secret'],
    ignoreCase: true,
    pattern: new RegExp(String.raw`(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key)${ASSIGN}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'dgi'),
    validate: v.awsSecretAccessKey,
  },
  {
    // AWS's documentation secret key (…EXAMPLEKEY) anywhere, even unlabelled and far from a key ID.
    rule: 'secrets.aws-secret-access-key',
    keywords: ['EXAMPLEKEY'],
    pattern: /(?<![A-Za-z0-9/+=])(?<secret>[A-Za-z0-9/+]{30}EXAMPLEKEY)(?![A-Za-z0-9/+=])/dg,
    validate: () => ({ example: true }),
  },
  {
    rule: 'secrets.private-key',
    region: 'match',
    keywords: ['PRIVATE KEY'],
    pattern:
      /-----BEGIN[ ]?(?<kind>(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----(?<secret>[\s\S]{1,16384}?)-----END[ ]?(?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/dg,
    validate: v.privateKey,
  },
  {
    rule: 'secrets.database-url',
    region: 'match',
    keywords: ['://'],
    prefilter: CREDENTIAL_URL_SHAPE,
    pattern:
      /(?<![\w+.-])(?<scheme>(?:jdbc:)?(?:postgres(?:ql)?|mysqlx?|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver)):\/\/(?<user>[^\s:@/"'`<>]{0,100}):(?<secret>[^\s@/"'`<>]{1,200})@(?<host>[^\s/"'`<>?#,;)]{1,200})/dgi,
    validate: v.urlPassword,
  },
  {
    rule: 'secrets.url-credentials',
    region: 'match',
    keywords: ['://'],
    prefilter: CREDENTIAL_URL_SHAPE,
    pattern: /(?<![\w+.-])(?<scheme>https?|ftps?|sftp|ssh|git|smtps?|ldaps?):\/\/(?<user>[^\s:@/"'`<>]{1,100}):(?<secret>[^\s@/"'`<>]{1,200})@(?<host>[\w.-]{1,200}(?::\d+)?)/dgi,
    validate: (secret, groups) => {
      const verdict = v.urlPassword(secret, groups);
      return verdict && { ...(verdict.example ? { example: true } : {}) };
    },
  },
  {
    rule: 'secrets.stripe-secret-key',
    keywords: ['k_live_', 'k_test_'],
    pattern: /(?<![\w])(?<secret>[sr]k_(?:live|test)_[0-9a-zA-Z]{24,247})(?![\w])/dg,
    validate: v.stripeKey,
  },
  {
    rule: 'secrets.stripe-webhook-secret',
    keywords: ['whsec_'],
    pattern: /(?<![\w])(?<secret>whsec_[A-Za-z0-9+/]{32,88})(?![\w+/])/dg,
    validate: v.prefixed(6),
  },
  {
    rule: 'secrets.google-api-key',
    keywords: ['AIza'],
    pattern: /(?<![\w-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![\w-])/dg,
    validate: v.prefixed(4),
  },
  {
    rule: 'secrets.azure-storage-key',
    keywords: ['AccountKey'],
    pattern: /AccountKey[ \t]*=[ \t]*(?<secret>[A-Za-z0-9+/]{86}==)/dg,
    validate: v.prefixed(0),
  },
  {
    rule: 'secrets.azure-ad-client-secret',
    keywords: ['Q~'],
    pattern: /(?<![\w~.-])(?<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/dg,
    validate: v.prefixed(0),
  },
  {
    rule: 'secrets.twilio-auth-token',
    keywords: ['twilio'],
    ignoreCase: true,
    pattern: new RegExp(String.raw`twilio[\w.-]{0,30}?(?:auth[_.-]?token|token|secret)${ASSIGN}(?<secret>[0-9a-f]{32})(?![0-9a-z])`, 'dgi'),
    validate: v.hexSecret,
  },
  {
    rule: 'secrets.mailchimp-api-key',
    keywords: ['-us'],
    pattern: /(?<![\w])(?<secret>[0-9a-f]{32}-us\d{1,2})(?![\w])/dg,
    validate: (secret) => v.hexSecret(secret.slice(0, 32)),
  },
  {
    rule: 'secrets.pypi-token',
    keywords: ['pypi-AgEIcHlwaS5vcmc'],
    pattern: /(?<![\w-])(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000})(?![\w-])/dg,
  },
  {
    rule: 'secrets.discord-webhook',
    region: 'match',
    keywords: ['discord'],
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/(?<secret>[\w-]{60,80})(?![\w-])/dg,
    validate: v.prefixed(0),
  },
  {
    rule: 'secrets.telegram-bot-token',
    keywords: [':AA'],
    pattern: /(?<![\w:])(?<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![\w-])/dg,
    validate: v.prefixed(13),
  },
  {
    rule: 'secrets.digitalocean-token',
    keywords: ['_v1_'],
    pattern: /(?<![\w])(?<secret>do[por]_v1_[a-f0-9]{64})(?![\w])/dg,
    validate: v.prefixed(7),
  },
  {
    rule: 'secrets.jwt',
    keywords: ['eyJ'],
    pattern: /(?<![\w-])(?<secret>eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{4,8000}\.[A-Za-z0-9_-]{0,1000})(?![\w-])/dg,
    validate: v.jwt,
  },
  {
    rule: 'secrets.bearer-token',
    keywords: ['bearer'],
    ignoreCase: true,
    pattern: /(?<![\w])[Bb]earer[ \t]+(?<secret>[A-Za-z0-9\-._~+/]{20,1000}=*)(?![\w\-.~+/=])/dg,
    validate: v.bearerToken,
  },
  {
    rule: 'secrets.basic-auth-header',
    keywords: ['Basic '],
    pattern: /(?<![\w])Basic[ \t]+(?<secret>[A-Za-z0-9+/]{8,400}={0,2})(?![\w+/=])/dg,
    validate: v.basicAuthHeader,
  },
];

/** Detectors that search only near another rule's hits. */
export const CONTEXT_DETECTORS: readonly ContextDetector[] = [
  {
    // A 40-character base64 string within 3 lines of an AWS access key ID.
    rule: 'secrets.aws-secret-access-key',
    anchorRule: 'secrets.aws-access-key-id',
    windowLines: 3,
    pattern: /(?<![A-Za-z0-9/+=])(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg,
    validate: v.awsSecretAccessKey,
  },
];
