/**
 * Browser sessions: a random id in an HttpOnly, SameSite=Strict cookie, stored as its
 * SHA-256 with the principal, a CSRF token and an expiry. Credentials never reach the
 * browser's JavaScript; changes made with the cookie must echo the CSRF token in
 * `x-csrf-token` (OWASP CSRF Prevention Cheat Sheet, synchronizer token pattern).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'guardian_session';
/** Sessions last 12 hours. */
export const SESSION_HOURS = 12;

const hash = (id: string) => createHash('sha256').update(id).digest('hex');

/** Open a session for `principal`; returns the cookie value and the CSRF token. */
export async function openSession(db: Kysely<Database>, principal: string, now = new Date()): Promise<{ id: string; csrf: string; expiresAt: string }> {
  const id = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  await db.insertInto('sessions').values({ hash: hash(id), principal, csrf, created_at: now.toISOString(), expires_at: expiresAt }).execute();
  return { id, csrf, expiresAt };
}

/** The live session of a cookie value, or undefined. */
export async function findSession(db: Kysely<Database>, id: string, now = new Date()): Promise<{ principal: string; csrf: string } | undefined> {
  const row = await db.selectFrom('sessions').select(['principal', 'csrf', 'expires_at']).where('hash', '=', hash(id)).executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? row : undefined;
}

export async function closeSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('hash', '=', hash(id)).execute();
}
