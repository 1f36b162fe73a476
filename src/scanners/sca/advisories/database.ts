import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type Ecosystem, type OsvRecord, normalizePackageName, toEcosystem } from './osv.js';

/** Default location of the offline advisory database: `$XDG_CACHE_HOME/guardian/osv.db` (or `~/.cache/…`). */
export function defaultDatabasePath(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'guardian', 'osv.db');
}

/** What a database holds, from its `meta` table. */
export interface DatabaseInfo {
  builtAt: string;
  sources: string[];
  advisories: number;
  packages: number;
}

const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE advisory (id TEXT PRIMARY KEY, modified TEXT, record TEXT NOT NULL);
  CREATE TABLE affected (ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ecosystem, name, id)) WITHOUT ROWID;
`;

/**
 * Build a database file from OSV records, replacing any previous file atomically
 * (written beside it, then renamed). Records for ecosystems other than npm and PyPI
 * are kept out; a record seen twice keeps its newest `modified` version.
 */
export function buildDatabase(path: string, records: Iterable<OsvRecord>, sources: string[], now: Date = new Date()): DatabaseInfo {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  const db = new Database(temp);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    const existing = db.prepare<[string], { modified: string | null }>('SELECT modified FROM advisory WHERE id = ?');
    const putAdvisory = db.prepare('INSERT OR REPLACE INTO advisory (id, modified, record) VALUES (?, ?, ?)');
    const putAffected = db.prepare('INSERT OR IGNORE INTO affected (ecosystem, name, id) VALUES (?, ?, ?)');
    const insertAll = db.transaction((batch: OsvRecord[]) => {
      for (const record of batch) {
        const keys = packageKeys(record);
        if (!keys.length) continue;
        const prior = existing.get(record.id);
        if (prior && (prior.modified ?? '') > (record.modified ?? '')) continue;
        putAdvisory.run(record.id, record.modified ?? null, JSON.stringify(record));
        for (const [ecosystem, name] of keys) putAffected.run(ecosystem, name, record.id);
      }
    });
    let batch: OsvRecord[] = [];
    for (const record of records) {
      batch.push(record);
      if (batch.length >= 1000) {
        insertAll(batch);
        batch = [];
      }
    }
    insertAll(batch);
    const info: DatabaseInfo = {
      builtAt: now.toISOString(),
      sources,
      advisories: (db.prepare('SELECT count(*) AS n FROM advisory').get() as { n: number }).n,
      packages: (db.prepare('SELECT count(DISTINCT ecosystem || name) AS n FROM affected').get() as { n: number }).n,
    };
    const putMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    putMeta.run('builtAt', info.builtAt);
    putMeta.run('sources', JSON.stringify(sources));
    putMeta.run('schema', '1');
    db.close();
    renameSync(temp, path);
    return info;
  } catch (error) {
    if (db.open) db.close();
    rmSync(temp, { force: true });
    throw error;
  }
}

function packageKeys(record: OsvRecord): [Ecosystem, string][] {
  const keys = new Map<string, [Ecosystem, string]>();
  for (const affected of record.affected ?? []) {
    const ecosystem = affected.package && toEcosystem(affected.package.ecosystem);
    if (!ecosystem || !affected.package?.name) continue;
    const name = normalizePackageName(ecosystem, affected.package.name);
    keys.set(`${ecosystem}\u0000${name}`, [ecosystem, name]);
  }
  return [...keys.values()];
}

/** Read access to a database built by `buildDatabase`. */
export class AdvisoryDatabase {
  private readonly db: Database.Database;
  private readonly lookupStmt: Database.Statement<[string, string], { record: string }>;

  private constructor(readonly path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.lookupStmt = this.db.prepare(
      'SELECT a.record FROM affected f JOIN advisory a ON a.id = f.id WHERE f.ecosystem = ? AND f.name = ? ORDER BY a.id',
    );
  }

  /** Open an existing database, or return undefined when the file does not exist. */
  static openIfExists(path: string): AdvisoryDatabase | undefined {
    return existsSync(path) ? new AdvisoryDatabase(path) : undefined;
  }

  /** Every record that names the package in `affected` (versions are not checked here). */
  lookup(ecosystem: Ecosystem, name: string): OsvRecord[] {
    return this.lookupStmt.all(ecosystem, normalizePackageName(ecosystem, name)).map((row) => JSON.parse(row.record) as OsvRecord);
  }

  info(): DatabaseInfo {
    const meta = new Map(
      (this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
    );
    return {
      builtAt: meta.get('builtAt') ?? 'unknown',
      sources: JSON.parse(meta.get('sources') ?? '[]') as string[],
      advisories: (this.db.prepare('SELECT count(*) AS n FROM advisory').get() as { n: number }).n,
      packages: (this.db.prepare('SELECT count(DISTINCT ecosystem || name) AS n FROM affected').get() as { n: number }).n,
    };
  }

  close(): void {
    this.db.close();
  }
}
