import { type Ecosystem, type OsvRecord, normalizePackageName, toEcosystem } from './osv.js';
import type { AdvisoryDatabase } from './database.js';
import { readOsvRecords, type RecordProblem } from './records.js';

/** One installed package to look up. */
export interface PackageQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

/**
 * Where advisories come from. `candidates` returns, for each query in order, the
 * records that name the package; version matching is done by the caller
 * (`matchAdvisory`), so every source is judged by the same rules.
 */
export interface AdvisorySource {
  /** For reports: "OSV API (https://api.osv.dev)", "offline database …". */
  readonly description: string;
  candidates(queries: PackageQuery[]): Promise<OsvRecord[][]>;
}

/** The offline SQLite database built by `guardian db update`. */
export class DatabaseSource implements AdvisorySource {
  readonly description: string;

  constructor(private readonly db: AdvisoryDatabase) {
    const info = db.info();
    this.description = `offline database ${db.path} (${info.advisories} advisories, built ${info.builtAt.slice(0, 10)})`;
  }

  async candidates(queries: PackageQuery[]): Promise<OsvRecord[][]> {
    return queries.map((q) => this.db.lookup(q.ecosystem, q.name));
  }
}

/** OSV records read from a directory (or zip) into memory: `sca.advisories` in guardian.yml. */
export class DirectorySource implements AdvisorySource {
  readonly description: string;
  private readonly index = new Map<string, OsvRecord[]>();

  constructor(dir: string, onProblem: (problem: RecordProblem) => void) {
    let count = 0;
    for (const record of readOsvRecords(dir, onProblem)) {
      count++;
      const keys = new Set<string>();
      for (const affected of record.affected ?? []) {
        const ecosystem = affected.package && toEcosystem(affected.package.ecosystem);
        if (ecosystem && affected.package?.name) keys.add(`${ecosystem}:${normalizePackageName(ecosystem, affected.package.name)}`);
      }
      for (const key of keys) this.index.set(key, [...(this.index.get(key) ?? []), record]);
    }
    this.description = `OSV records in ${dir} (${count})`;
  }

  async candidates(queries: PackageQuery[]): Promise<OsvRecord[][]> {
    return queries.map((q) => this.index.get(`${q.ecosystem}:${normalizePackageName(q.ecosystem, q.name)}`) ?? []);
  }
}

/** Default OSV API endpoint; `GUARDIAN_OSV_API` overrides it (tests use a loopback server). */
export const OSV_API = 'https://api.osv.dev';
const BATCH = 1000;
const TIMEOUT_MS = 15_000;
const PARALLEL_FETCHES = 8;

/**
 * The OSV API: `POST /v1/querybatch` for the ids affecting each package version, then
 * `GET /v1/vulns/{id}` for each record (https://google.github.io/osv.dev/api/).
 * Throws when the API cannot be reached; the caller decides on a fallback.
 */
export class OsvApiSource implements AdvisorySource {
  readonly description: string;

  constructor(private readonly base: string = process.env.GUARDIAN_OSV_API || OSV_API) {
    this.description = `OSV API (${this.base})`;
  }

  async candidates(queries: PackageQuery[]): Promise<OsvRecord[][]> {
    const idsPerQuery: string[][] = [];
    for (let i = 0; i < queries.length; i += BATCH) {
      const chunk = queries.slice(i, i + BATCH);
      const body = { queries: chunk.map((q) => ({ package: { ecosystem: q.ecosystem, name: q.name }, version: q.version })) };
      const response = await this.request<{ results?: { vulns?: { id: string }[] }[] }>('/v1/querybatch', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const results = response.results ?? [];
      chunk.forEach((_, j) => idsPerQuery.push((results[j]?.vulns ?? []).map((v) => v.id)));
    }
    const unique = [...new Set(idsPerQuery.flat())];
    const records = new Map<string, OsvRecord>();
    for (let i = 0; i < unique.length; i += PARALLEL_FETCHES) {
      const fetched = await Promise.all(unique.slice(i, i + PARALLEL_FETCHES).map((id) => this.request<OsvRecord>(`/v1/vulns/${encodeURIComponent(id)}`)));
      for (const record of fetched) records.set(record.id, record);
    }
    return idsPerQuery.map((ids) => ids.map((id) => records.get(id)).filter((r): r is OsvRecord => r !== undefined));
  }

  private async request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(`${this.base}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} returned HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
