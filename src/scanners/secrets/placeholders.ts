import { shannonEntropy } from './entropy.js';

/**
 * Recognising values that are not real secrets: placeholders, template and environment
 * references, documentation examples, and values whose shape (URL, path, number, call)
 * shows they are not credentials. Also: which paths are tests.
 */

/** Whole values (case-insensitive) that are placeholders or defaults, never real secrets. */
const PLACEHOLDER_VALUES = new Set([
  'changeme', 'change_me', 'change-me', 'changeit', 'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey',
  'api_key', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'yes', 'no', 'on', 'off', 'redacted', 'hidden',
  'masked', 'todo', 'fixme', 'tbd', 'placeholder', 'default', 'string', 'str', 'value', 'sample', 'dummy', 'test',
  'testing', 'foo', 'bar', 'baz', 'foobar', 'admin', 'root', 'guest', 'user', 'username', 'mypassword', 'mysecret',
  'postgres', 'mysql', 'secret123', 'password123', 'letmein', 'qwerty', 'empty', 'required', 'optional', 'xxx',
]);

/** Substrings (lower-case) that mark a value as an example or placeholder. */
const PLACEHOLDER_PARTS = [
  'example', 'dummy', 'placeholder', 'changeme', 'change_me', 'change-me', 'replace', 'your_', 'your-', 'yourpass',
  'yoursecret', 'yourtoken', 'yourkey', 'insert', 'redacted', 'xxxx', '****', '....', '…', 'test', 'fake', 'sample',
  'lorem', 'todo', 'fixme', 'not-a-secret', 'notasecret', 'not_a_secret', 'not-real', 'notreal', 'secret-here',
  'here>', 'goes-here', 'goes_here', '_here', '-here', 'asdf', 'qwerty',
];

/**
 * Template, interpolation and reference syntaxes: `${VAR}`, `{{ var }}`, `%(var)s`,
 * `%s`, `$VAR`, `$(cmd)`, `#{var}`, `%VAR%`, `{0}`, `{name}`, `<value>`, `@Value`,
 * `ENC(...)`, and environment/secret-store lookups written as text.
 */
const REFERENCE_PATTERNS: readonly RegExp[] = [
  /\$\{[^}]*\}/,
  /\{\{[^}]*\}\}/,
  /%\([^)]+\)[sdr]/,
  /%[sdrv](?![A-Za-z0-9])/,
  /^\$[A-Za-z_]\w*$/,
  /\$[A-Z_][A-Z0-9_]{2,}\b/,
  /\$\(/,
  /#\{[^}]*\}/,
  /%[A-Za-z_][A-Za-z0-9_]*%/,
  /\{\d*\}/,
  /^\{[A-Za-z_][\w.-]*\}$/,
  /^<[^<>]*>$/,
  /<[A-Za-z_][\w -]*>/,
  /^\[[A-Za-z_][\w -]*\]$/,
  /^@[A-Za-z]/,
  /^ENC\(/i,
  /^![A-Za-z]+(\s|$)/,
  /\b(process\.env|os\.environ|getenv|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|env\(|secrets\.|vars\.)/i,
  /^(vault|ssm|secretsmanager|arn|env|ref|file|keyvault|op|awssm|gcpsm|azkv|sops|k8s|secret):/i,
];

/**
 * True when `value` is a placeholder, a default or a reference to a secret kept
 * elsewhere: empty, a known placeholder word, a repeated character, a sequential
 * run (`12345678`, `abcdefgh`), a template/interpolation or an env lookup.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) return true;
  if (/^(.)\1*$/.test(v)) return true;
  if (/^[x*.#_\-•]+$/i.test(v)) return true;
  if (PLACEHOLDER_PARTS.some((part) => lower.includes(part))) return true;
  if (/0123456789|123456789|abcdefgh|qwertyui/.test(lower)) return true;
  return REFERENCE_PATTERNS.some((re) => re.test(v));
}

/** A URL with a scheme; with no `user:password@` part it carries no credential. */
const URL_WITHOUT_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/(?![^/\s@]*:[^/\s@]*@)/i;

/**
 * True when `value` is a sequence of words (an identifier, a label, a constant name):
 * `db_password_field`, `auth.token.label`, `API_KEY`, `mySecretName`. Tokens are split
 * at separators and camel-case boundaries; all must be letters, at least 2 long, 3 on
 * average. One long random-looking run of letters (≥ 16, entropy ≥ 3.8) is not words.
 */
export function isWordSequence(value: string): boolean {
  const tokens = value
    .split(/[_.\- ]+/)
    .filter(Boolean)
    .flatMap((t) => t.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/));
  if (!tokens.length || !tokens.every((t) => /^[A-Za-z]{2,}$/.test(t))) return false;
  const average = tokens.reduce((n, t) => n + t.length, 0) / tokens.length;
  if (average < 3) return false;
  return !(tokens.length === 1 && value.length >= 16 && shannonEntropy(value) >= 3.8);
}

/**
 * True when the shape of `value` shows it is not a credential: a URL without
 * credentials, a file path, a function call, a number, an e-mail address, text with
 * spaces, a piece of string-concatenation code, a stored password hash (bcrypt
 * `$2b$…`, Django `pbkdf2_sha256$…`, argon2), or a word/identifier sequence
 * (see `isWordSequence`).
 */
export function isNonSecretShape(value: string): boolean {
  const v = value.trim();
  if (URL_WITHOUT_CREDENTIALS.test(v)) return true;
  if (/^[A-Za-z]:\\/.test(v) || /^(\.{1,2}|~)\//.test(v)) return true;
  // A reference to where the secret lives: an ARN, or a buildspec/ECS Secrets Manager
  // reference `secret/name:json-key[:version-stage[:version-id]]`.
  if (/^arn:aws[\w-]*:(secretsmanager|ssm|kms):\S+$/.test(v)) return true;
  if (/^[\w+=.@-]+(\/[\w+=.@-]+)+:[\w.-]+(:[\w-]*){0,2}$/.test(v) && shannonEntropy(v) < 4.2) return true;
  if (/^\/[^/\s]+\/[^\s]*$/.test(v) && shannonEntropy(v) < 4.2) return true;
  if (/\.(pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|env|ini|cfg|conf|toml|xml|properties|pub|gpg|asc)$/i.test(v)) return true;
  if (/^[\w.$]+\(.*\)$/.test(v)) return true;
  if (/^-?\d+(\.\d+)?$/.test(v)) return true;
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v)) return true;
  if (/\s/.test(v)) return true;
  // A fragment of string-building code: `password='"+password+"'` in an SQL string.
  if (/["'`]\s*\+|\+\s*["'`]/.test(v)) return true;
  // A stored password hash (bcrypt, Django, argon2, scrypt): not usable as the credential.
  if (/^\$(2[abxy]?|argon2(id?|d)|scrypt|pbkdf2[-_]sha\d+)\$|^(pbkdf2_sha\d+|bcrypt_sha256|argon2|scrypt)\$/.test(v)) return true;
  return isWordSequence(v);
}

/**
 * Well-known values published in vendor documentation. They are not live credentials
 * but are still reported (as `info`) so that real keys pasted next to them are noticed.
 * Sources: AWS IAM user guide (access key example), jwt.io default token, Stripe API
 * reference (test-mode example keys), RFC 6749 (OAuth 2.0) and RFC 5849 (OAuth 1.0)
 * example tokens, client secret and Basic credentials.
 */
export const DOCUMENTED_EXAMPLE_VALUES: ReadonlySet<string> = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  'pk_test_TYooMQauvdEDq54NiTphI7jx',
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  'SplxlOBeZQQYbYS6WxSbIA',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  'gX1fBat3bV',
  'ad180jjd733klru7',
  'kd94hf93k423kf44',
  'dh893hdasih9',
  'hh5s93j4hdidpola',
  'hdhd0244k9j7ao03',
  'nnch734d00sl2jdk',
  'pfkkdhi9sl3r4s00',
]);

/**
 * True when a value in a provider's key shape is a documentation example: a
 * documented example value, contains `EXAMPLE`, or its body after `prefixLength`
 * characters is filler (one or two distinct characters, `xxxx…`, `0000…`).
 */
export function isExampleSecret(value: string, prefixLength = 0): boolean {
  if (DOCUMENTED_EXAMPLE_VALUES.has(value)) return true;
  if (/example/i.test(value)) return true;
  const body = value.slice(prefixLength).replace(/[^A-Za-z0-9]/g, '');
  if (/^(.)\1*$/.test(body) || (body.length >= 8 && new Set(body.toLowerCase()).size <= 2)) return true;
  return /x{8,}|X{8,}|0{10,}|1234567890/.test(body);
}
