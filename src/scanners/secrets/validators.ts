/**
 * Checks that turn a regex match into a finding, or drop it: shape and randomness of
 * keys, decoding of JWTs and Basic credentials, placeholders in URLs, PEM bodies.
 * Each returns a Verdict (keep, maybe adjusted) or undefined (not a secret).
 */
import { characterClasses, looksRandom, shannonEntropy } from './entropy.js';
import type { Verdict } from './hit.js';
import { DOCUMENTED_EXAMPLE_VALUES, isExampleSecret, isNonSecretShape, isPlaceholder } from './placeholders.js';

/** Named groups of a regex match (absent groups are undefined). */
export type Groups = Readonly<Record<string, string | undefined>>;

/** AWS access key ID: flags temporary STS keys; EXAMPLE keys are documentation. */
export function awsAccessKeyId(secret: string): Verdict {
  return { example: isExampleSecret(secret, 4), ...(secret.startsWith('ASIA') ? { detail: 'temporary STS key' } : {}) };
}

/**
 * AWS secret access key candidate (40 characters of base64): must mix upper case,
 * lower case and digits (so 40-hex SHA-1 hashes and words never match) and have the
 * entropy of random data (≥ 4 bits/char; random base64 scores ~4.6–5).
 */
export function awsSecretAccessKey(secret: string): Verdict | undefined {
  if (secret.length !== 40) return undefined;
  if (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/[0-9]/.test(secret)) return undefined;
  if (shannonEntropy(secret) < 4) return undefined;
  return { example: isExampleSecret(secret) };
}

/** PEM/OpenSSH/PGP header lines inside a key body (`Proc-Type: 4,ENCRYPTED`, `Version: …`). */
const PEM_HEADER_LINE = /^[ \t]*[A-Za-z-]+:[^\n]*$/gm;

/**
 * Private key block: the body (between BEGIN and END) must hold at least 64 base64
 * characters once headers, whitespace, JSON `\n` escapes and string quoting are
 * removed. Encrypted keys (PKCS#8 ENCRYPTED or `Proc-Type: 4,ENCRYPTED`) are `high`.
 */
export function privateKey(body: string, groups: Groups): Verdict | undefined {
  const encrypted = /ENCRYPTED/.test(groups.kind ?? '') || /Proc-Type:\s*4,ENCRYPTED/.test(body);
  const base64 = body
    .replace(/\\[nrt]/g, '\n')
    .replace(PEM_HEADER_LINE, '')
    .replace(/["'+,\s]/g, '');
  if (base64.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(base64)) return undefined;
  if (isExampleSecret(base64) && new Set(base64).size < 10) return undefined;
  const kind = (groups.kind ?? '').trim();
  const detail = [kind && kind !== 'ENCRYPTED' ? kind : '', encrypted ? 'encrypted' : ''].filter(Boolean).join(', ');
  return { ...(encrypted ? { severity: 'high' as const } : {}), ...(detail ? { detail } : {}) };
}

const SCHEME_NAMES: Readonly<Record<string, string>> = {
  postgres: 'PostgreSQL', postgresql: 'PostgreSQL', mysql: 'MySQL', mysqlx: 'MySQL', mariadb: 'MariaDB', mongodb: 'MongoDB',
  'mongodb+srv': 'MongoDB', redis: 'Redis', rediss: 'Redis', amqp: 'AMQP', amqps: 'AMQP', mssql: 'SQL Server', sqlserver: 'SQL Server',
};

/** Documentation hosts (RFC 2606 / RFC 6761 reserved names). */
const EXAMPLE_HOST = /(^|\.)(example\.(com|org|net)|[\w-]+\.example|[\w-]+\.invalid)(:\d+)?$/i;

/** Readable name of a connection URL scheme (`postgresql` → `PostgreSQL`). */
export function schemeName(scheme: string): string {
  const key = scheme.toLowerCase().replace(/^jdbc:/, '');
  return SCHEME_NAMES[key] ?? key.toUpperCase();
}

/**
 * Password of a credential URL: drops placeholders, template references and
 * well-known defaults (`postgres:postgres`, `guest:guest`); a password equal to the
 * user name is a default too. Hosts reserved for documentation make it an example.
 */
export function urlPassword(password: string, groups: Groups): Verdict | undefined {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keep the raw text
  }
  if (decoded.length < 3 || isPlaceholder(decoded) || decoded === groups.user || /^x-oauth-basic$/i.test(decoded)) return undefined;
  const host = groups.host ?? '';
  return {
    example: EXAMPLE_HOST.test(host) || /^(host|hostname|server|your[-_]?host|db-host)(:\d+)?$/i.test(host),
    ...(groups.scheme ? { detail: schemeName(groups.scheme) } : {}),
  };
}

/**
 * Cut a URL found by a regex at the first character that cannot be part of it (quote,
 * backtick, angle bracket, whitespace, backslash) and drop trailing punctuation:
 * `postgres://u:p@h/db",` → `postgres://u:p@h/db`.
 */
export function trimUrl(match: string): string {
  const cut = match.search(/["'`<>\s\\]/);
  return (cut === -1 ? match : match.slice(0, cut)).replace(/[.,;:!?)\]}]+$/, '');
}

/** `scheme://user:password@host` at the start of a string, with the password's offsets. */
const CREDENTIAL_URL = /^(?<scheme>[A-Za-z][\w+.:-]*?):\/\/(?<user>[^\s:@/]*):(?<secret>[^\s@/]+)@(?<host>[^\s/?#]+)/d;

/** Parse a credential URL: its named parts and the password's `[start, end)` offsets in `url`. */
export function parseCredentialUrl(url: string): { groups: Groups; passwordStart: number; passwordEnd: number } | undefined {
  const match = CREDENTIAL_URL.exec(url);
  const at = match?.indices?.groups?.secret;
  if (!match || !at) return undefined;
  return { groups: { ...match.groups }, passwordStart: at[0], passwordEnd: at[1] };
}

/** Decode base64url (RFC 4648 §5) text to UTF-8; undefined when it is not valid. */
export function decodeBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return undefined;
  try {
    return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JSON Web Token (RFC 7519): header and payload must decode to JSON objects and the
 * header must name an `alg`. The jwt.io sample (and tokens for "John Doe") are examples.
 */
export function jwt(token: string): Verdict | undefined {
  const [header, payload] = token.split('.');
  const h = parseJsonObject(decodeBase64Url(header ?? ''));
  const p = parseJsonObject(decodeBase64Url(payload ?? ''));
  if (!h || !p || typeof h.alg !== 'string') return undefined;
  if (h.alg.toLowerCase() === 'none') return { detail: 'unsigned' };
  return { example: isExampleSecret(token) || p.name === 'John Doe' };
}

/** Bearer token value: random-looking, not a placeholder or a word. */
export function bearerToken(token: string): Verdict | undefined {
  if (DOCUMENTED_EXAMPLE_VALUES.has(token)) return { example: true };
  if (isPlaceholder(token) || isNonSecretShape(token) || !looksRandom(token, 'token')) return undefined;
  return {};
}

/**
 * HTTP Basic credentials (RFC 7617): base64 of printable `user:password`, with a
 * password that is not a placeholder.
 */
export function basicAuthHeader(encoded: string): Verdict | undefined {
  let decoded: string;
  try {
    decoded = Buffer.from(encoded, 'base64').toString('latin1');
  } catch {
    return undefined;
  }
  const match = /^([\x20-\x7e]*):([\x20-\x7e]+)$/.exec(decoded);
  if (!match) return undefined;
  const password = match[2]!;
  if (DOCUMENTED_EXAMPLE_VALUES.has(encoded) || DOCUMENTED_EXAMPLE_VALUES.has(password)) return { example: true };
  if (password.length < 4 || isPlaceholder(password) || password === match[1]) return undefined;
  return {};
}

/** Stripe key: test-mode keys (`sk_test_`, `rk_test_`) are `low`; documented docs keys are examples. */
export function stripeKey(secret: string): Verdict {
  const test = /^[a-z]{2}_test_/.test(secret);
  return { example: isExampleSecret(secret, 8), ...(test ? { severity: 'low' as const, detail: 'test mode' } : { detail: 'live mode' }) };
}

/** Lower-case hex of at least 32 characters that is not filler. */
export function hexSecret(secret: string): Verdict | undefined {
  if (new Set(secret.toLowerCase()).size < 8) return undefined;
  return { example: isExampleSecret(secret) };
}

/** A key whose body after a public prefix must not be filler; filler is an example. */
export function prefixed(prefixLength: number): (secret: string) => Verdict | undefined {
  return (secret) => {
    const body = secret.slice(prefixLength);
    if (characterClasses(body) < 2 && new Set(body).size < 6) return { example: true };
    return { example: isExampleSecret(secret, prefixLength) };
  };
}
