/**
 * `GET /api/v1/metrics`: where the programme stands. Open findings by severity, team and
 * repository; new vs fixed per ISO week (last 12); mean time to remediate (findings fixed in the
 * last 90 days); SLA breaches;
 * scan coverage (share of repositories scanned in the last 7 days); the rules open in the
 * most repositories (systemic issues). Developers see their teams' numbers. Every
 * aggregate reads one table through a covering index; names are joined in memory, and
 * the result is kept for 30 s per audience (`cachedAt` says when it was computed).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { visibleTeams } from '../access.js';
import { authorize, type ServerContext } from '../context.js';

const ACTIVE = ['new', 'open', 'reopened'] as const;
const WEEKS = 12;
/** Mean time to remediate counts findings fixed in this many days. */
const MTTR_DAYS = 90;

/** Monday 00:00 UTC of the week holding `iso`, as YYYY-MM-DD. */
function weekOf(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

/** Metrics are recomputed at most this often per audience (they aggregate every finding). */
const CACHE_MS = 30_000;

export function metricRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const cache = ctx.metricsCache;
  app.get('/api/v1/metrics', async (request) => {
    authorize(ctx, request, 'readMetrics', { type: 'Organization' });
    const teams = visibleTeams(request.principal);
    const key = teams ? [...teams].sort().join(',') : '*';
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return { ...((await hit.value) as object), cachedAt: new Date(hit.at).toISOString() };
    const value = computeMetrics(ctx, teams);
    cache.set(key, { at: Date.now(), value });
    value.catch(() => cache.delete(key));
    return { ...(await value), cachedAt: null };
  });
}

/** Every figure of the metrics response for the repositories of `teams` (all when undefined). */
async function computeMetrics(ctx: ServerContext, teams: string[] | undefined) {
  const now = new Date();
  let repoQuery = ctx.db.selectFrom('repositories as r').leftJoin('teams as t', 't.id', 'r.team_id').select(['r.id', 'r.name', 'r.last_scan_at', 't.name as team']);
  if (teams) repoQuery = repoQuery.where('r.team_id', 'in', teams.length ? teams : ['']);
  const repositories = new Map((await repoQuery.execute()).map((r) => [r.id, r]));
  // Single-table aggregates over covering indexes; names and teams are joined here, per repository.
  const findings = () => {
    const q = ctx.db.selectFrom('findings as f');
    return teams ? q.where('f.repository_id', 'in', ctx.db.selectFrom('repositories').select('id').where('team_id', 'in', teams.length ? teams : [''])) : q;
  };
  const count = sql<number>`count(*)`;
  const open = await findings().select(['f.repository_id', 'f.severity', count.as('n')]).where('f.status', 'in', ACTIVE).groupBy(['f.repository_id', 'f.severity']).execute();
  const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const byTeam = new Map<string, number>();
  const byRepository = new Map<string, number>();
  for (const row of open) {
    const n = Number(row.n);
    const repo = repositories.get(row.repository_id);
    bySeverity[row.severity] = (bySeverity[row.severity] ?? 0) + n;
    byTeam.set(repo?.team ?? '(no team)', (byTeam.get(repo?.team ?? '(no team)') ?? 0) + n);
    if (repo) byRepository.set(repo.name, (byRepository.get(repo.name) ?? 0) + n);
  }
  const breaches = await findings().select(count.as('n')).where('f.status', 'in', ACTIVE).where('f.sla_due_at', '<', now.toISOString()).executeTakeFirst();
  const window = new Date(now.getTime() - MTTR_DAYS * 86_400_000).toISOString();
  const days = ctx.dialect === 'postgres' ? sql<number>`avg(extract(epoch from (f.fixed_at::timestamptz - f.first_seen_at::timestamptz)) / 86400)` : sql<number>`avg(julianday(f.fixed_at) - julianday(f.first_seen_at))`;
  const mttr = await findings().select([days.as('days'), count.as('n')]).where('f.status', '=', 'fixed').where('f.fixed_at', '>=', window).executeTakeFirst();
  const since = new Date(now.getTime() - WEEKS * 7 * 86_400_000).toISOString();
  let events = ctx.db.selectFrom('finding_events as e').select(['e.kind', 'e.at']).where('e.kind', 'in', ['new', 'fixed']).where('e.at', '>=', since);
  if (teams) events = events.where('e.finding_id', 'in', findings().select('f.id'));
  const weeks = new Map<string, { week: string; new: number; fixed: number }>();
  for (let i = WEEKS - 1; i >= 0; i--) {
    const week = weekOf(new Date(now.getTime() - i * 7 * 86_400_000).toISOString());
    weeks.set(week, { week, new: 0, fixed: 0 });
  }
  for (const e of await events.execute()) {
    const bucket = weeks.get(weekOf(e.at));
    if (bucket) bucket[e.kind as 'new' | 'fixed']++;
  }
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const scanned = [...repositories.values()].filter((r) => r.last_scan_at && r.last_scan_at >= weekAgo).length;
  const systemic = await findings()
    .select(['f.rule_id as rule', sql<number>`count(distinct f.repository_id)`.as('repositories'), count.as('findings')])
    .where('f.status', 'in', ACTIVE)
    .groupBy('f.rule_id')
    .orderBy('repositories', 'desc')
    .orderBy('findings', 'desc')
    .limit(10)
    .execute();
  const top = (map: Map<string, number>, key: string, limit?: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([name, n]) => ({ [key]: name, open: n }));
  return {
    open: { bySeverity, byTeam: top(byTeam, 'team'), byRepository: top(byRepository, 'repository', 20) },
    weekly: [...weeks.values()],
    meanTimeToRemediateDays: mttr && Number(mttr.n) ? Math.round(Number(mttr.days) * 10) / 10 : null,
    remediationWindowDays: MTTR_DAYS,
    slaBreaches: Number(breaches?.n ?? 0),
    coverage: { repositories: repositories.size, scannedLast7Days: scanned, share: repositories.size ? scanned / repositories.size : null },
    systemic: systemic.map((r) => ({ rule: r.rule, repositories: Number(r.repositories), findings: Number(r.findings) })),
  };
}
