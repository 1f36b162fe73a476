/**
 * Who a request is: an API token from `Authorization: Bearer gdn_…`, checked for format
 * and checksum before the database is asked, then for revocation and expiry.
 */
import type { Kysely } from 'kysely';
import type { Principal } from '../authz/cedar.js';
import type { Database } from '../db/schema.js';
import { hashToken, isWellFormedToken } from './tokens.js';

/** Why a credential was refused (the HTTP layer answers 401 with this text). */
export class Unauthenticated extends Error {
  override readonly name = 'Unauthenticated';
}

/** The principal of an `Authorization` header value. Throws {@link Unauthenticated}. */
export async function principalOf(db: Kysely<Database>, authorization: string | undefined, now = new Date()): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new Unauthenticated('send an API token: Authorization: Bearer gdn_…');
  const token = match[1]!;
  if (!isWellFormedToken(token)) throw new Unauthenticated('the token is malformed (wrong prefix, length or checksum)');
  const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.revoked_at) throw new Unauthenticated('the token is unknown or revoked');
  if (row.expires_at && row.expires_at <= now.toISOString()) throw new Unauthenticated(`the token expired at ${row.expires_at}`);
  await db.updateTable('tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  return { id: `token:${row.id}`, role: row.role, teams: JSON.parse(row.teams) as string[], scopes: JSON.parse(row.scopes) as string[] };
}
