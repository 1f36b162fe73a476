/**
 * Deterministic UUIDs for Threat Composer ids. Threat Composer expects UUID v4 ids; random
 * ones would change on every run, so Guardian derives them from its own stable ids and the
 * same model always gives the same file.
 */
import { createHash } from 'node:crypto';

/**
 * A UUID v4-shaped id (RFC 9562 §5.4 layout: version nibble 4, variant bits 10) whose 122
 * other bits are the first bits of SHA-256(`key`, UTF-8). Lower-case, 36 characters.
 * The same key always gives the same UUID; different keys collide with probability ~2^-122.
 */
export function deterministicUuid(key: string): string {
  const bytes = createHash('sha256').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Any UUID in the 8-4-4-4-12 hexadecimal form (the version is not checked: hand-made files vary). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
