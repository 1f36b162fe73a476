/**
 * Opening the server's database: a SQLite file by default (nothing to install), PostgreSQL
 * when a `postgres://` URL is given (the `DATABASE_URL` convention). Migrations run on open.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { UsageError } from '../../core/errors.js';
import { type Dialect, migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

/** An open database: the query builder, which engine it is, and how to close it. */
export interface ServerDb {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives, with any password removed (for logs). */
  location: string;
  /** What it was opened with, password included: for the job queue's own connection, never for logs. */
  target: string;
  close(): Promise<void>;
}

/**
 * Open (creating if needed) and migrate the database at `target`: a `postgres://` or
 * `postgresql://` URL, or a SQLite file path (`:memory:` for tests). Throws
 * {@link UsageError} when PostgreSQL cannot be reached or a migration fails.
 */
export async function openDatabase(target: string): Promise<ServerDb> {
  const postgres = /^postgres(?:ql)?:\/\//.test(target);
  let db: Kysely<Database>;
  let location: string;
  if (postgres) {
    const url = new URL(target);
    if (url.password) url.password = '***';
    location = url.toString();
    // PostgreSQL's BIGINT counts arrive as strings; counts here are far below 2^53.
    pg.types.setTypeParser(20, (value) => Number(value));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target, max: 10 }) }) });
  } else {
    if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
    location = target;
    const file = new SQLite(target);
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  }
  const dialect: Dialect = postgres ? 'postgres' : 'sqlite';
  const { error, results } = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new UsageError(`Cannot prepare the database at ${location}${failed ? ` (migration ${failed})` : ''}: ${(error as Error).message}`);
  }
  return { db, dialect, location, target, close: () => db.destroy() };
}
