/** The audit log: every change a person, token or the system makes, with who and when. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema.js';

export async function audit(db: Kysely<Database> | Transaction<Database>, actor: string, action: string, resource: { type: string; id: string }, detail?: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: new Date().toISOString(), actor, action, resource_type: resource.type, resource_id: resource.id, detail: detail ? JSON.stringify(detail) : null })
    .execute();
}
