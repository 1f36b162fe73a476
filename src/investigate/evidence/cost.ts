/**
 * Cost evidence into the store's `cost_lines` table (./schema.ts), one row per usage day,
 * service, region and resource, from:
 *
 * - Cost and Usage Reports as CSV: legacy CUR (`lineItem/UsageStartDate`,
 *   `lineItem/UnblendedCost`, https://docs.aws.amazon.com/cur/latest/userguide/data-dictionary.html)
 *   and CUR 2.0 (`line_item_usage_start_date`, `line_item_unblended_cost`,
 *   https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html). Hourly
 *   lines are summed per day. Read by DuckDB's CSV reader, so large reports stay in C++.
 * - The Cost Explorer console's "Download CSV": the first column is the group-by dimension
 *   (`Service`, `Region`, …) with one row per day, the other columns are groups with the
 *   currency in parentheses (`EC2-Instances($)`); `… total` rows and columns are skipped.
 * - `aws ce get-cost-and-usage --granularity DAILY` JSON (`ResultsByTime`,
 *   https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html),
 *   grouped by SERVICE and/or REGION or not at all.
 *
 * Loading a file again replaces its lines. Lines without a valid day or amount are counted
 * and reported, never fatal.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { EvidenceStore } from './store.js';

const gunzipAsync = promisify(gunzip);

/** One cost line before storing. `day` is `YYYY-MM-DD`. */
interface CostLine {
  day: string;
  account?: string;
  service: string;
  region?: string;
  resourceId?: string;
  usageType?: string;
  amount: number;
  currency: string;
}

/** What loading a cost file did. */
export type CostLoad = { path: string; format: string; lines: number; skipped: number } | { path: string; error: string };

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Column names of the two CUR layouts, by meaning. */
const CUR_LAYOUTS = [
  {
    format: 'Cost and Usage Report',
    start: 'lineItem/UsageStartDate',
    cost: 'lineItem/UnblendedCost',
    account: 'lineItem/UsageAccountId',
    service: ['product/ProductName', 'lineItem/ProductCode'],
    region: ['product/region', 'product/regionCode'],
    resource: 'lineItem/ResourceId',
    usageType: 'lineItem/UsageType',
    currency: 'lineItem/CurrencyCode',
  },
  {
    format: 'Cost and Usage Report 2.0',
    start: 'line_item_usage_start_date',
    cost: 'line_item_unblended_cost',
    account: 'line_item_usage_account_id',
    service: ['product_product_name', 'line_item_product_code'],
    region: ['product_region_code', 'product_region'],
    resource: 'line_item_resource_id',
    usageType: 'line_item_usage_type',
    currency: 'line_item_currency_code',
  },
] as const;

/** Load the cost file at `path` (absolute): `.csv`, `.csv.gz` or Cost Explorer JSON. Never throws for bad input. */
export async function loadCost(store: EvidenceStore, path: string): Promise<CostLoad> {
  try {
    if (/\.json(\.gz)?$/i.test(path)) return await loadCostExplorerJson(store, path);
    const columns = (await store.query<{ column_name: string }>(`DESCRIBE SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)`)).map((c) => c.column_name);
    const cur = CUR_LAYOUTS.find((layout) => columns.includes(layout.start) && columns.includes(layout.cost));
    if (cur) return await loadCur(store, path, cur, new Set(columns));
    return await loadCostExplorerCsv(store, path);
  } catch (error) {
    return { path, error: `cannot read: ${(error as Error).message.split('\n')[0]}` };
  }
}

async function loadCur(store: EvidenceStore, path: string, layout: (typeof CUR_LAYOUTS)[number], columns: Set<string>): Promise<CostLoad> {
  const col = (name: string | undefined) => (name && columns.has(name) ? `nullif("${name}", '')` : 'NULL');
  const first = (names: readonly string[]) => `coalesce(${names.map(col).join(', ')}, NULL)`;
  const day = `try_cast(substr(${col(layout.start)}, 1, 10) AS DATE)`;
  const amount = `try_cast(${col(layout.cost)} AS DOUBLE)`;
  const source = `read_csv(${sqlString(path)}, header = true, all_varchar = true)`;
  await store.execute('DELETE FROM cost_lines WHERE source_file = $1', [path]);
  const lines = await store.execute(
    `INSERT INTO cost_lines
     SELECT day, account, service, region, resource_id, usage_type, sum(amount), currency, $1
     FROM (SELECT ${day} AS day, ${col(layout.account)} AS account, coalesce(${first(layout.service)}, 'unknown') AS service,
             ${first(layout.region)} AS region, ${col(layout.resource)} AS resource_id, ${col(layout.usageType)} AS usage_type,
             ${amount} AS amount, coalesce(${col(layout.currency)}, 'USD') AS currency
           FROM ${source})
     WHERE day IS NOT NULL AND amount IS NOT NULL
     GROUP BY ALL`,
    [path],
  );
  const [bad] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${source} WHERE ${day} IS NULL OR ${amount} IS NULL`);
  return { path, format: layout.format, lines, skipped: bad?.n ?? 0 };
}

/** Currency codes of the symbols the console puts in column names. */
const CURRENCY: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };

async function loadCostExplorerCsv(store: EvidenceStore, path: string): Promise<CostLoad> {
  const rows = await store.query<Record<string, string | null>>(`SELECT * FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)`);
  const [dimension, ...groups] = rows.length ? Object.keys(rows[0]!) : [];
  if (!dimension || !groups.some((g) => /\(.+\)$/.test(g)))
    return { path, error: 'not a cost export: expected CUR columns (lineItem/UsageStartDate, lineItem/UnblendedCost) or a Cost Explorer CSV (a dimension column, then groups like "EC2-Instances($)")' };
  const lines: CostLine[] = [];
  let skipped = 0;
  for (const row of rows) {
    const day = row[dimension]?.trim() ?? '';
    if (/total$/i.test(day)) continue;
    for (const group of groups) {
      const [, name, symbol] = /^(.*?)\s*\((.+)\)$/.exec(group) ?? [];
      if (!name || /^total costs?$/i.test(name)) continue;
      const cell = row[group]?.trim() ?? '';
      if (cell === '') continue;
      const amount = Number(cell);
      if (!/^\d{4}-\d{2}-\d{2}/.test(day) || !Number.isFinite(amount)) {
        skipped++;
        continue;
      }
      const isRegion = /^region$/i.test(dimension);
      lines.push({ day: day.slice(0, 10), service: isRegion ? 'all services' : /^service$/i.test(dimension) ? name : `${dimension}: ${name}`, ...(isRegion ? { region: name } : {}), amount, currency: CURRENCY[symbol!] ?? symbol! });
    }
  }
  await replaceLines(store, path, lines);
  return { path, format: 'Cost Explorer CSV', lines: lines.length, skipped };
}

async function loadCostExplorerJson(store: EvidenceStore, path: string): Promise<CostLoad> {
  const bytes = await readFile(path);
  const body = JSON.parse((/\.gz$/i.test(path) ? await gunzipAsync(bytes) : bytes).toString('utf8')) as {
    ResultsByTime?: { TimePeriod?: { Start?: string }; Groups?: { Keys?: string[]; Metrics?: Record<string, { Amount?: string; Unit?: string }> }[]; Total?: Record<string, { Amount?: string; Unit?: string }> }[];
    GroupDefinitions?: { Key?: string }[];
  };
  if (!Array.isArray(body.ResultsByTime)) return { path, error: 'no ResultsByTime (expected aws ce get-cost-and-usage output)' };
  const keys = (body.GroupDefinitions ?? []).map((g) => g.Key ?? '');
  const lines: CostLine[] = [];
  let skipped = 0;
  const metric = (metrics: Record<string, { Amount?: string; Unit?: string }> | undefined) => metrics?.UnblendedCost ?? metrics?.BlendedCost ?? metrics?.AmortizedCost ?? metrics?.NetUnblendedCost;
  for (const period of body.ResultsByTime) {
    const day = period.TimePeriod?.Start ?? '';
    const entries = period.Groups?.length ? period.Groups.map((g) => ({ keys: g.Keys ?? [], value: metric(g.Metrics) })) : [{ keys: [], value: metric(period.Total) }];
    for (const { keys: values, value } of entries) {
      const amount = Number(value?.Amount);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !value || !Number.isFinite(amount)) {
        skipped++;
        continue;
      }
      const at = (name: string) => values[keys.indexOf(name)];
      lines.push({ day, service: at('SERVICE') ?? 'all services', ...(at('REGION') ? { region: at('REGION') } : {}), ...(at('LINKED_ACCOUNT') ? { account: at('LINKED_ACCOUNT') } : {}), amount, currency: value.Unit ?? 'USD' });
    }
  }
  await replaceLines(store, path, lines);
  return { path, format: 'Cost Explorer (get-cost-and-usage)', lines: lines.length, skipped };
}

async function replaceLines(store: EvidenceStore, path: string, lines: CostLine[]): Promise<void> {
  await store.execute('DELETE FROM cost_lines WHERE source_file = $1', [path]);
  if (!lines.length) return;
  await store.execute(
    `INSERT INTO cost_lines
     SELECT (l->>'day')::DATE, l->>'account', l->>'service', l->>'region', l->>'resourceId', l->>'usageType', (l->>'amount')::DOUBLE, l->>'currency', $1
     FROM (SELECT unnest(from_json($2::JSON, '["JSON"]')) AS l)`,
    [path, JSON.stringify(lines)],
  );
}
