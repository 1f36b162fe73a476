/**
 * A case's evidence store: one embedded DuckDB database (https://duckdb.org/docs/) holding
 * the `cloudtrail` table of ./schema.ts. A case keeps it at
 * `.guardian/cases/<id>/evidence.duckdb`; tests use `':memory:'`.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { EVIDENCE_SCHEMA } from './schema.js';

/** DuckDB's memory bound for a store (https://duckdb.org/docs/configuration/overview); override with GUARDIAN_DUCKDB_MEMORY. */
const MEMORY_LIMIT = process.env.GUARDIAN_DUCKDB_MEMORY ?? '4GB';

/** A plain JS value as returned by {@link EvidenceStore.query}. */
export type EvidenceValue = string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };

/** Positional (`$1`, `?`) or named (`$name`) query parameters. */
export type QueryParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** BigInt → number when it fits in a double exactly, else its decimal string. */
const fromBigInt = (value: bigint): number | string =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();

/** Turn DuckDB's JS forms into plain JSON-friendly values: Date → ISO string, BigInt → number, bytes → base64. */
function plain(value: unknown): EvidenceValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return fromBigInt(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value as string | number | boolean;
}

/** Parse a JSON-typed column's text; text that is not JSON stays a string. */
function parseJson(text: unknown): EvidenceValue {
  if (typeof text !== 'string') return plain(text);
  try {
    return JSON.parse(text) as EvidenceValue;
  } catch {
    return text;
  }
}

/** The embedded evidence database of one case. */
export class EvidenceStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** The database file, or `':memory:'`. */
    readonly path: string,
  ) {}

  /**
   * Open (creating if missing) the store at `path` and create the schema when absent.
   * `':memory:'` gives a throwaway store. Throws when the file cannot be opened (e.g. it is
   * not a DuckDB database, or another process holds its lock).
   */
  static async open(path: string): Promise<EvidenceStore> {
    const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
    // Insertion order is not needed (every query orders explicitly); dropping it lets
    // DuckDB write in parallel and keeps memory flat on 10M-event ingests. DuckDB takes 80%
    // of RAM by default; a bound makes large ingests spill to disk instead (11M events
    // peaked at 16 GiB unbounded).
    const instance = await Instance.create(path, { preserve_insertion_order: 'false', memory_limit: MEMORY_LIMIT });
    const connection = await instance.connect();
    // eventtime is UTC; casting ISO 8601 with offsets must not depend on the machine's zone.
    await connection.run("SET TimeZone = 'UTC'").catch(() => undefined);
    for (const ddl of EVIDENCE_SCHEMA) await connection.run(ddl);
    return new EvidenceStore(instance, connection, path);
  }

  /**
   * Run a query and return its rows as plain objects keyed by column name: BIGINT/HUGEINT →
   * number (decimal string beyond 2^53), TIMESTAMP → ISO 8601 string (UTC, ms), JSON-typed
   * columns → parsed JS values, STRUCT → object, LIST → array. Throws DuckDB's error on bad SQL.
   */
  async query<T = Record<string, EvidenceValue>>(sql: string, params?: QueryParams): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const names = reader.columnNames();
    const json = new Set(reader.columnTypes().flatMap((type, i) => (type.alias === 'JSON' ? [names[i]] : [])));
    return reader.getRowObjectsJS().map((row) => {
      const out: Record<string, EvidenceValue> = {};
      for (const [key, value] of Object.entries(row)) out[key] = json.has(key) ? parseJson(value) : plain(value);
      return out as T;
    });
  }

  /** Run a statement without reading rows; returns the number of rows it changed (INSERT/DELETE/UPDATE), else 0. */
  async execute(sql: string, params?: QueryParams): Promise<number> {
    const result = await this.connection.run(sql, params);
    return result.rowsChanged;
  }

  /** Flush and close; the store must not be used afterwards. */
  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
