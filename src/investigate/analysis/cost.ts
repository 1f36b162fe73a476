/**
 * Cost impact from the `cost_lines` table (../evidence/cost.ts): the cost from the day the
 * incident began to the end of the cost data (an attacker's instances keep billing after
 * their last API call), against each service and region's average daily cost before it.
 *
 * A (service, region) line is an anomaly when its daily average in the window is more than
 * twice its baseline and at least 1 currency unit a day above it; lines without any
 * baseline day count when they reach 1 a day (a service the account never used before).
 */
import type { CostImpact } from '../model.js';
import type { EvidenceStore } from '../evidence/store.js';

/** Days of history before the window used for the baseline. */
const BASELINE_DAYS = 30;
const FACTOR = 2;
const MIN_DAILY_EXCESS = 1;

/**
 * The cost impact from `since` (ISO 8601; its UTC day is the first day counted), or
 * undefined when no cost evidence was loaded or none reaches that day. `resources` are the
 * ids the attacker created in scope (instances), whose lines are the attributed cost.
 */
export async function costImpact(store: EvidenceStore, since: string | undefined, resources: readonly string[] = []): Promise<CostImpact | undefined> {
  if (!since) return undefined;
  const start = since.slice(0, 10);
  const [range] = await store.query<{ last: string | null; lines: number; currency: string | null }>(
    `SELECT max(day)::VARCHAR AS last, count(*) AS lines, mode(currency) AS currency FROM cost_lines`,
  );
  if (!range?.lines || !range.last || range.last < start) return undefined;
  const currency = range.currency ?? 'USD';
  const windowDays = Math.round((Date.parse(range.last) - Date.parse(start)) / 86_400_000) + 1;
  const rows = await store.query<{ service: string; region: string | null; amount: number; baseline_total: number; baseline_days: number }>(
    `WITH lines AS (SELECT * FROM cost_lines WHERE currency = $currency),
     history AS (SELECT count(DISTINCT day) AS days FROM lines WHERE day < $start::DATE AND day >= $start::DATE - INTERVAL ${BASELINE_DAYS} DAY)
     SELECT service, region,
       sum(amount) FILTER (WHERE day >= $start::DATE) AS amount,
       coalesce(sum(amount) FILTER (WHERE day < $start::DATE AND day >= $start::DATE - INTERVAL ${BASELINE_DAYS} DAY), 0) AS baseline_total,
       (SELECT days FROM history) AS baseline_days
     FROM lines GROUP BY service, region ORDER BY amount DESC NULLS LAST, service, region`,
    { currency, start },
  );
  const total = rows.reduce((sum, r) => sum + (r.amount ?? 0), 0);
  const [attributed] = resources.length
    ? await store.query<{ amount: number | null; ids: string[] }>(
        `SELECT sum(amount) AS amount, list(DISTINCT resource_id ORDER BY resource_id) AS ids FROM cost_lines
         WHERE currency = $1 AND day >= $2::DATE AND resource_id IN (SELECT unnest(from_json($3, '["VARCHAR"]')))`,
        [currency, start, JSON.stringify(resources)],
      )
    : [];
  const baselineDays = rows[0]?.baseline_days ?? 0;
  const anomalies: CostImpact['anomalies'] = [];
  let baselineTotal = 0;
  for (const r of rows) {
    baselineTotal += r.baseline_total;
    const amount = r.amount ?? 0;
    const daily = amount / windowDays;
    const usual = baselineDays ? r.baseline_total / baselineDays : undefined;
    const anomalous = usual === undefined || usual === 0 ? daily >= MIN_DAILY_EXCESS : daily > usual * FACTOR && daily - usual >= MIN_DAILY_EXCESS;
    if (anomalous) anomalies.push({ service: r.service, ...(r.region ? { region: r.region } : {}), amount: round(amount), ...(usual !== undefined ? { baselineDaily: round(usual) } : {}) });
  }
  return {
    currency,
    since: start,
    until: range.last,
    total: round(total),
    ...(baselineDays ? { baselineDaily: round(baselineTotal / baselineDays) } : {}),
    attributed: { amount: round(attributed?.amount ?? 0), resources: attributed?.ids ?? [] },
    anomalies,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
