/**
 * Generic credential detector: a name that says "password", "secret", "token",
 * "api key"… assigned a literal value, in code (`password = "…"`, `apiKey: '…'`,
 * `'password' => '…'`), configuration (YAML, .env, properties, INI, TOML, shell) and
 * connection strings (`…;Password=…;`). The value must look like a real credential:
 * long and varied enough (entropy.ts), not a placeholder or reference, not a URL,
 * path, call or word (placeholders.ts).
 */
import { type SecretKind, looksRandom } from './entropy.js';
import type { SecretHit } from './hit.js';
import { isTestPath } from '../../core/test-paths.js';
import { DOCUMENTED_EXAMPLE_VALUES, isNonSecretShape, isPlaceholder } from './placeholders.js';

/** The rule the generic detector reports under. */
export const GENERIC_RULE = 'secrets.generic-credential';

/** Lower-case literals one of which a file must contain for the generic detector to run. */
export const GENERIC_KEYWORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'signing'];

/** Name fragments that start a candidate: each occurrence is expanded to the whole name around it. */
const NAME_FRAGMENTS = /pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|signing|encryption[_-]?key|master[_-]?key|auth[_-]?key/gi;

/** Normalised name endings (lower-case, letters and digits only) and the kind of value they hold. */
const NAME_ENDINGS: readonly [string, SecretKind][] = [
  ['password', 'password'], ['passwd', 'password'], ['passphrase', 'password'], ['pwd', 'password'],
  ['secret', 'token'], ['token', 'token'], ['apikey', 'token'], ['accesskey', 'token'], ['secretkey', 'token'],
  ['privatekey', 'token'], ['signingkey', 'token'], ['encryptionkey', 'token'], ['masterkey', 'token'], ['authkey', 'token'],
];

/** Names that end like a credential but are not one (CSRF tokens, pagination cursors, public keys…). */
const NAME_EXCLUDED = /csrf|xsrf|public|pagetoken|nexttoken|continuation|cancellation|synctoken|resumetoken|placeholder|label|hint|prompt|regex|pattern|lexer|parser/;

/** Names that mark a value as test data: reported at low severity. */
const NAME_TESTISH = /test|mock|fake|dummy|example|sample|stub/;

/**
 * What may follow a name: the closing quote of a quoted name (`cq`), `]`, then `=`,
 * `:`, `:=`, `=>`, `??=`, `||=` or a typed declaration (`: str =`, `: string =`), then
 * a quoted value (`qv`) or an unquoted one (`uv`). Sticky: matched right after the name.
 */
const AFTER_NAME =
  /(?<cq>["'`]?)\]?[ \t]*(?<op>:=|=>|\?\?=|\|\|=|=(?![=~>])|:(?![:=])(?:[ \t]*[A-Za-z_][\w.<>[\]|, ]{0,60}?[ \t]*=(?![=>]))?)[ \t]*(?:(?<vq>["'`])(?<qv>(?:\\.|(?!\k<vq>)[^\\\r\n]){1,500})\k<vq>|(?<uv>[^\s"'`,;]{1,500}))/dy;

/** Characters of a name: letters, digits, `_`, `$`, `@`, `.`, `-`. */
function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code === 64 || code === 46 || code === 45
  );
}

/** Files where `name: value` / `NAME=value` without quotes is a literal (config, env, shell). */
const UNQUOTED_FILES = /(^|\/)(\.env[^/]*|[^/]*\.env|\.envrc|\.npmrc|\.pypirc|Dockerfile[^/]*|Makefile|[^/]*\.(ya?ml|properties|ini|cfg|conf|toml|sh|bash|zsh|env|tfvars|mk|service))$/i;

/** Documentation files: generic findings there are usually examples (reported low). */
const DOC_FILES = /(^|\/)docs?\/|\.(md|mdx|rst|adoc|txt)$/i;

/** The kind of value a name holds, or undefined when it does not name a credential. */
export function credentialKind(rawName: string): SecretKind | undefined {
  const name = rawName.replace(/^[-$@:]+/, '');
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!normalized || NAME_EXCLUDED.test(normalized)) return undefined;
  for (const [ending, kind] of NAME_ENDINGS) if (normalized.endsWith(ending)) return kind;
  // `pass` only as its own word: db_pass, DB_PASS, dbPass — not bypass or compass.
  if (/(^|[^A-Za-z])pass$/i.test(name) || /[a-z0-9]Pass$/.test(name)) return 'password';
  return undefined;
}

/** True when `value` could be a real credential of `kind`. */
export function isCredentialValue(value: string, kind: SecretKind): boolean {
  if (value.length > 300) return false;
  if (isPlaceholder(value) || isNonSecretShape(value)) return false;
  return looksRandom(value, kind);
}

/**
 * Generic credential hits in `text` (the file at repository path `path`). Each
 * occurrence of a name fragment (`pass`, `secret`, `token`…) is expanded to the whole
 * name; names that end like a credential and are followed by an assignment of a
 * credential-looking value are hits. Unquoted values count only in configuration-like
 * files, or as `…;Password=value;` in connection strings. Severity is `low` in tests,
 * fixtures and documentation, and for names like `test_password`.
 */
export function detectGeneric(text: string, path: string): SecretHit[] {
  const unquotedAllowed = UNQUOTED_FILES.test(path);
  const lowPath = isTestPath(path) || DOC_FILES.test(path);
  const hits: SecretHit[] = [];
  const fragments = new RegExp(NAME_FRAGMENTS.source, 'gi');
  for (let m = fragments.exec(text); m; m = fragments.exec(text)) {
    let start = m.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    fragments.lastIndex = end;
    while (end > start && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const name = text.slice(start, end);
    const kind = credentialKind(name);
    if (!kind) continue;
    AFTER_NAME.lastIndex = end;
    const after = AFTER_NAME.exec(text);
    if (!after?.groups) continue;
    const before = start > 0 ? text[start - 1]! : '';
    const openQuote = /["'`]/.test(before) ? before : '';
    if ((after.groups.cq ?? '') !== openQuote) continue;
    const quoted = after.groups.qv !== undefined;
    const value = quoted ? after.groups.qv! : after.groups.uv!;
    if (!quoted) {
      const following = text[after.index + after[0].length] ?? '';
      // `…;Password=value;` inside a connection string: no spaces, delimited by `;` or quotes.
      const connectionString = /^(password|pwd)$/i.test(name) && /[;"']/.test(before) && after[0] === `=${after.groups.uv}` && /[;"']/.test(following);
      if (!unquotedAllowed && !connectionString) continue;
      // Unquoted text with brackets is code or a template (`randomBytes(32)`, `[a, b]`), not a literal.
      if (/[(){}[\]<>]/.test(value)) continue;
    }
    const example = DOCUMENTED_EXAMPLE_VALUES.has(value);
    if (!example && !isCredentialValue(value, kind)) continue;
    const valueStart = after.indices!.groups![quoted ? 'qv' : 'uv']![0];
    const low = lowPath || NAME_TESTISH.test(name.toLowerCase());
    const detail = name.replace(/^[-$@:]+/, '').slice(-60);
    hits.push({
      ruleId: GENERIC_RULE,
      start: valueStart,
      end: valueStart + value.length,
      secretStart: valueStart,
      secretEnd: valueStart + value.length,
      engine: 'guardian',
      detail,
      ...(example ? { example: true } : {}),
      ...(low ? { severity: 'low' as const } : {}),
    });
  }
  return hits;
}
