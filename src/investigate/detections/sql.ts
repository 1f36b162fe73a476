/**
 * Renders a detection's portable condition to SQL for two engines: DuckDB (the case's
 * evidence store, ../evidence/schema.ts) and Amazon Athena (Trino SQL over the standard
 * CloudTrail table, https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html).
 *
 * A condition is SQL over the `cloudtrail` columns with a few portable helpers, rewritten
 * per dialect:
 *
 * | helper | DuckDB | Athena |
 * |---|---|---|
 * | `req('$.userName')` | `json_extract_string(requestparameters, '$.userName')` | `json_extract_scalar(requestparameters, '$.userName')` |
 * | `res(…)`, `extra(…)` | the same on `responseelements`, `additionaleventdata` | |
 * | `req_json('$.layers')` | `CAST(json_extract(requestparameters, '$.layers') AS VARCHAR)` | `json_format(json_extract(requestparameters, '$.layers'))` |
 * | `matches(x, 'regex')` | `regexp_matches(x, 'regex')` | `regexp_like(x, 'regex')` |
 * | `outside_account(x)` | a 12-digit number in `x` other than `recipientaccountid` | the same with `filter`/`cardinality` |
 *
 * The flattened identity columns of the DuckDB table (`useridentity_type`, …) become
 * Athena's struct paths (`useridentity.type`, …), from the schema's own mapping.
 */
import { CLOUDTRAIL_COLUMNS } from '../evidence/schema.js';

/** The two SQL dialects detections render to. */
export type Dialect = 'duckdb' | 'athena';

/** Aggregation: a detection that fires on a burst, not on one event. */
export interface Threshold {
  /** Columns the burst is counted per (e.g. `useridentity_accesskeyid`). */
  by: string[];
  /** Window length in seconds; events are counted in fixed windows aligned to the epoch. */
  windowSeconds: number;
  /** Minimum count of events, or of distinct values of `distinct`, in one window. */
  count: number;
  /** Portable expression whose distinct values are counted (e.g. `eventname`). */
  distinct?: string;
}

/** DuckDB-only flattened identity columns → Athena struct paths (from schema.ts). */
const ATHENA_PATHS: [RegExp, string][] = CLOUDTRAIL_COLUMNS.filter((c) => /^(useridentity_|sessionissuer_)/.test(c.name)).map((c) => [new RegExp(`\\b${c.name}\\b`, 'g'), c.athena]);

const JSON_COLUMN = { req: 'requestparameters', res: 'responseelements', extra: 'additionaleventdata' } as const;

/** Rewrite a portable condition (or expression) for a dialect. */
export function renderExpression(portable: string, dialect: Dialect): string {
  // outside_account first: its argument is still one helper call deep.
  let sql = portable;
  sql = sql.replace(/\boutside_account\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, (_, inner: string) =>
    dialect === 'duckdb'
      ? `(len(list_filter(regexp_extract_all(coalesce(${inner}, ''), '\\d{12}'), a -> a <> recipientaccountid)) > 0)`
      : `(cardinality(filter(regexp_extract_all(coalesce(${inner}, ''), '\\d{12}'), a -> a <> recipientaccountid)) > 0)`,
  );
  sql = sql.replace(/\b(req|res|extra)_json\(\s*('(?:[^']|'')*')\s*\)/g, (_, fn: keyof typeof JSON_COLUMN, path: string) =>
    dialect === 'duckdb' ? `CAST(json_extract(${JSON_COLUMN[fn]}, ${path}) AS VARCHAR)` : `json_format(json_extract(${JSON_COLUMN[fn]}, ${path}))`,
  );
  sql = sql.replace(/\b(req|res|extra)\(\s*('(?:[^']|'')*')\s*\)/g, (_, fn: keyof typeof JSON_COLUMN, path: string) =>
    dialect === 'duckdb' ? `json_extract_string(${JSON_COLUMN[fn]}, ${path})` : `json_extract_scalar(${JSON_COLUMN[fn]}, ${path})`,
  );
  sql = sql.replace(/\bmatches\(/g, dialect === 'duckdb' ? 'regexp_matches(' : 'regexp_like(');
  if (dialect === 'athena') {
    for (const [pattern, path] of ATHENA_PATHS) sql = sql.replace(pattern, path);
    sql = sql.replace(/\bmfaauthenticated\b/g, "useridentity.sessioncontext.attributes.mfaauthenticated = 'true'");
  }
  return sql;
}

/** A time bound for a dialect: DuckDB's TIMESTAMP column, Athena's ISO 8601 string column. */
function timeBound(op: '>=' | '<=', iso: string, dialect: Dialect): string {
  const text = new Date(iso).toISOString();
  return dialect === 'duckdb'
    ? `eventtime ${op} TIMESTAMP '${text.replace('T', ' ').replace('Z', '')}'`
    : `from_iso8601_timestamp(eventtime) ${op} from_iso8601_timestamp('${text}')`;
}

/**
 * The full query of one detection. Without a threshold: one row per matching event
 * (`eventid`), in time order. With one: one row per burst (`eventids`, a list in time
 * order). `since`/`until` (ISO 8601) narrow the events considered.
 */
export function renderQuery(where: string, threshold: Threshold | undefined, dialect: Dialect, window: { since?: string; until?: string } = {}): string {
  const conditions = [`(${renderExpression(where, dialect)})`];
  if (window.since) conditions.push(timeBound('>=', window.since, dialect));
  if (window.until) conditions.push(timeBound('<=', window.until, dialect));
  const filter = conditions.join('\n  AND ');
  if (!threshold) return `SELECT eventid\nFROM cloudtrail\nWHERE ${filter}\nORDER BY eventtime, eventid`;
  const by = threshold.by.map((column, i) => `${renderExpression(column, dialect)} AS g${i}`);
  const epoch = dialect === 'duckdb' ? 'epoch(eventtime)' : 'to_unixtime(from_iso8601_timestamp(eventtime))';
  const bucket = `floor(${epoch} / ${threshold.windowSeconds}) AS bucket`;
  const counted = threshold.distinct ? `${renderExpression(threshold.distinct, dialect)} AS d` : 'eventid AS d';
  const agg = dialect === 'duckdb' ? 'list(eventid ORDER BY eventtime, eventid)' : 'array_agg(eventid ORDER BY eventtime, eventid)';
  const groups = [...threshold.by.map((_, i) => `g${i}`), 'bucket'].join(', ');
  return [
    `SELECT ${agg} AS eventids`,
    `FROM (SELECT eventid, eventtime, ${[...by, bucket, counted].join(', ')}`,
    `  FROM cloudtrail`,
    `  WHERE ${filter}) AS matched`,
    `GROUP BY ${groups}`,
    `HAVING count(DISTINCT d) >= ${threshold.count}`,
    `ORDER BY min(eventtime)`,
  ].join('\n');
}
