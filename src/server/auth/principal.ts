/**
 * Who a request is: an API token from `Authorization: Bearer gdn_…` (checked for format
 * and checksum before the database is asked, then for revocation and expiry), or a browser
 * session cookie, which stands for the credential it was opened with and is re-checked
 * against it on every request.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../authz/cedar.js';
import type { Database, Token } from '../db/schema.js';
import { hashToken, isWellFormedToken } from './tokens.js';

/** Why a credential was refused (the HTTP layer answers 401 with this text). */
export class Unauthenticated extends Error {
  override readonly name = 'Unauthenticated';
}

async function fromRow(db: Kysely<Database>, row: Token | undefined, now: Date): Promise<Principal> {
  if (!row || row.revoked_at) throw new Unauthenticated('the token is unknown or revoked');
  if (row.expires_at && row.expires_at <= now.toISOString()) throw new Unauthenticated(`the token expired at ${row.expires_at}`);
  await db.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return { id: `token:${row.id}`, role: row.role, teams: JSON.parse(row.teams) as string[], scopes: JSON.parse(row.scopes) as string[] };
}

/** The principal of an API token's text. Throws {@link Unauthenticated}. */
export async function principalOfToken(db: Kysely<Database>, token: string, now = new Date()): Promise<Principal> {
  if (!isWellFormedToken(token)) throw new Unauthenticated('the token is malformed (wrong prefix, length or checksum)');
  return fromRow(db, await db.selectFrom('tokens').selectAll().where('hash', '=', hashToken(token)).executeTakeFirst(), now);
}

/** The principal of an `Authorization` header value. Throws {@link Unauthenticated}. */
export async function principalOf(db: Kysely<Database>, authorization: string | undefined, now = new Date()): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new Unauthenticated('send an API token: Authorization: Bearer gdn_…');
  return principalOfToken(db, match[1]!, now);
}

/** The principal a session was opened for (`token:<id>`), re-checked now. */
export async function principalById(db: Kysely<Database>, id: string, now = new Date()): Promise<Principal> {
  const tokenId = /^token:(.+)$/.exec(id)?.[1];
  if (!tokenId) throw new Unauthenticated('the session names no credential');
  return fromRow(db, await db.selectFrom('tokens').selectAll().where('id', '=', tokenId).executeTakeFirst(), now);
}
