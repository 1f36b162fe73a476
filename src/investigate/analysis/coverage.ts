/**
 * What the evidence covers, so the report can say what it cannot show: the regions and
 * accounts it has events from, whether data events (S3 object reads, Lambda invokes) were
 * delivered at all, and hours without any event inside its time range.
 */
import type { EvidenceStore } from '../evidence/store.js';

/** Coverage of the `cloudtrail` table. Times are ISO 8601 UTC. */
export interface EvidenceCoverage {
  events: number;
  start?: string;
  end?: string;
  regions: string[];
  accounts: string[];
  /** Whether any data event (`eventcategory = 'Data'` or an S3 object-level call) is present. */
  dataEvents: boolean;
  /** Gaps of three hours or more with no event between the first and last event. */
  gaps: { from: string; to: string }[];
}

/** Gap length (hours) worth reporting: trails deliver every ~5 minutes, and quiet nights rarely go three hours without a service call. */
const GAP_HOURS = 3;

/** Read the coverage of the store's CloudTrail evidence. */
export async function evidenceCoverage(store: EvidenceStore): Promise<EvidenceCoverage> {
  const [totals] = await store.query<{ events: number; start: string | null; end: string | null; data: number }>(
    "SELECT count(*) AS events, min(eventtime) AS start, max(eventtime) AS \"end\", count(*) FILTER (WHERE eventcategory = 'Data' OR eventname IN ('GetObject', 'PutObject', 'DeleteObject', 'Invoke')) AS data FROM cloudtrail",
  );
  const regions = await store.query<{ r: string }>('SELECT DISTINCT awsregion AS r FROM cloudtrail WHERE awsregion IS NOT NULL ORDER BY 1');
  const accounts = await store.query<{ a: string }>('SELECT DISTINCT recipientaccountid AS a FROM cloudtrail WHERE recipientaccountid IS NOT NULL ORDER BY 1');
  const gaps = await store.query<{ from: string; to: string }>(
    `SELECT prev AS "from", eventtime AS "to" FROM (SELECT eventtime, lag(eventtime) OVER (ORDER BY eventtime) AS prev FROM cloudtrail)
     WHERE prev IS NOT NULL AND eventtime - prev >= INTERVAL ${GAP_HOURS} HOUR ORDER BY prev LIMIT 20`,
  );
  return {
    events: totals?.events ?? 0,
    ...(totals?.start ? { start: totals.start } : {}),
    ...(totals?.end ? { end: totals.end } : {}),
    regions: regions.map((r) => r.r),
    accounts: accounts.map((a) => a.a),
    dataEvents: (totals?.data ?? 0) > 0,
    gaps,
  };
}
