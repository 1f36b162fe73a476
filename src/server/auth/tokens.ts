/**
 * API tokens for CI and the CLI, in the shape secret scanners recognise: a fixed prefix, 30
 * random base62 characters and a 6-character base62 CRC32 of them (the layout GitHub uses
 * for `ghp_` tokens, https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/),
 * so a leaked token is found by a regex and verified offline without a database. Only a
 * SHA-256 of the token is stored.
 */
import { createHash, randomInt } from 'node:crypto';

/** Prefix of every Guardian API token. */
export const TOKEN_PREFIX = 'gdn_';
const BODY = 30;
const CHECK = 6;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A Guardian token anywhere in text (for Guardian's own secret rule and for log redaction). */
export const TOKEN_PATTERN = /\bgdn_[0-9A-Za-z]{36}\b/;

/** What a token may do; a token's rights are its role's rights narrowed to its scopes. */
export const SCOPES = ['findings:read', 'findings:triage', 'scan:upload', 'config:write', 'audit:read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3) of an ASCII string. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(value: number, width: number): string {
  let out = '';
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = ALPHABET[v % 62] + out;
  return out.padStart(width, '0');
}

/** A new random token (`gdn_` + 36 characters). */
export function generateToken(): string {
  let body = '';
  for (let i = 0; i < BODY; i++) body += ALPHABET[randomInt(62)];
  return `${TOKEN_PREFIX}${body}${base62(crc32(body), CHECK)}`;
}

/** Is this a well-formed token whose checksum matches (a typo or a truncated paste fails)? */
export function isWellFormedToken(token: string): boolean {
  if (!token.startsWith(TOKEN_PREFIX) || token.length !== TOKEN_PREFIX.length + BODY + CHECK || !/^[0-9A-Za-z]+$/.test(token.slice(TOKEN_PREFIX.length))) return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY);
  return base62(crc32(body), CHECK) === token.slice(-CHECK);
}

/** The stored form: SHA-256 hex. Tokens carry 178 bits of randomness, so no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What lists show: the prefix and the first four random characters. */
export function displayToken(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX.length + 4)}…`;
}
