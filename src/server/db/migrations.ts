/**
 * Schema migrations, in order, for SQLite and PostgreSQL alike (Kysely's portable column
 * types only). Append new migrations; never edit one that has shipped.
 */
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Migration, MigrationProvider } from 'kysely';

/** The database a migration runs on, where the portable types are not enough (auto-increment keys). */
export type Dialect = 'sqlite' | 'postgres';

/** An integer key the database numbers: `serial` on PostgreSQL, `integer … autoincrement` on SQLite. */
function withSerialId<T extends string>(table: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres' ? table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey()) : table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

const initial = (dialect: Dialect): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('teams').addColumn('id', 'text', (c) => c.primaryKey()).addColumn('name', 'text', (c) => c.notNull().unique()).addColumn('created_at', 'text', (c) => c.notNull()).execute();
    await db.schema
      .createTable('repositories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('url', 'text')
      .addColumn('team_id', 'text', (c) => c.references('teams.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_scan_at', 'text')
      .addColumn('scan_queued_at', 'text')
      .execute();
    await db.schema.createIndex('repositories_team').on('repositories').column('team_id').execute();
    await db.schema
      .createTable('scans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id'))
      .addColumn('tool', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('full', 'integer', (c) => c.notNull())
      .addColumn('commit_sha', 'text')
      .addColumn('branch', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('scans_repository').on('scans').columns(['repository_id', 'imported_at']).execute();
    await db.schema
      .createTable('findings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('repository_id', 'text', (c) => c.notNull().references('repositories.id'))
      .addColumn('team_id', 'text')
      .addColumn('tool', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('severity_rank', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('start_line', 'integer', (c) => c.notNull())
      .addColumn('snippet', 'text')
      .addColumn('cwe', 'text', (c) => c.notNull())
      .addColumn('remediation', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_scan_id', 'text', (c) => c.notNull())
      .addColumn('fixed_at', 'text')
      .addColumn('sla_due_at', 'text')
      .addColumn('accepted_until', 'text')
      .addColumn('accepted_by', 'text')
      .addColumn('status_reason', 'text')
      .addUniqueConstraint('findings_identity', ['repository_id', 'tool', 'fingerprint'])
      .execute();
    // The list's default order (severity, then most recently seen), walked backwards.
    await db.schema.createIndex('findings_order').on('findings').columns(['severity_rank', 'last_seen_at', 'id']).execute();
    await db.schema.createIndex('findings_team_order').on('findings').columns(['team_id', 'severity_rank', 'last_seen_at', 'id']).execute();
    await db.schema.createIndex('findings_repository_status').on('findings').columns(['repository_id', 'status']).execute();
    // Covering indexes of the metrics: open work by repository and severity, rules across repositories, SLA, remediation time.
    await db.schema.createIndex('findings_active').on('findings').columns(['status', 'repository_id', 'severity']).execute();
    await db.schema.createIndex('findings_rule').on('findings').columns(['status', 'rule_id', 'repository_id']).execute();
    await db.schema.createIndex('findings_sla').on('findings').columns(['status', 'sla_due_at']).execute();
    await db.schema.createIndex('findings_fixed').on('findings').columns(['status', 'fixed_at', 'first_seen_at']).execute();
    await withSerialId(db.schema.createTable('finding_events'), dialect)
      .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('scan_id', 'text')
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('finding_events_finding').on('finding_events').columns(['finding_id', 'at']).execute();
    await db.schema.createIndex('finding_events_kind').on('finding_events').columns(['kind', 'at']).execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text')
      .addColumn('name', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('memberships')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'team_id'])
      .execute();
    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('teams', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('scan_configs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('repository_id', 'text', (c) => c.unique().references('repositories.id'))
      .addColumn('clone_url', 'text')
      .addColumn('branch', 'text')
      .addColumn('schedule', 'text', (c) => c.notNull())
      .addColumn('on_push', 'integer', (c) => c.notNull())
      .addColumn('scanners', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('run_after', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('jobs_ready').on('jobs').columns(['name', 'state', 'run_after']).execute();
    await withSerialId(db.schema.createTable('audit_log'), dialect)
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  },
});

/** Every migration by name (names sort in the order they run), for Kysely's Migrator, which reads them from here rather than from files on disk. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => ({ '0001-initial': initial(dialect) }) };
}
