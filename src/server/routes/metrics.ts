/**
 * `GET /api/v1/metrics`: where the programme stands. Open findings by severity, team and
 * repository; new vs fixed per ISO week (last 12); mean time to remediate; SLA breaches;
 * scan coverage (share of repositories scanned in the last 7 days); the rules open in the
 * most repositories (systemic issues). Developers see their teams' numbers.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { visibleTeams } from '../access.js';
import { authorize, type ServerContext } from '../context.js';

const ACTIVE = ['new', 'open', 'reopened'] as const;
const WEEKS = 12;

/** Monday 00:00 UTC of the week holding `iso`, as YYYY-MM-DD. */
function weekOf(iso: string): string {
  const d = new Date(iso);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

export function metricRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/metrics', async (request) => {
    authorize(ctx, request, 'readMetrics', { type: 'Organization' });
    const teams = visibleTeams(request.principal);
    const scope = teams && !teams.length ? [''] : teams;
    const findings = () => {
      const q = ctx.db.selectFrom('findings as f').innerJoin('repositories as r', 'r.id', 'f.repository_id');
      return scope ? q.where('r.team_id', 'in', scope) : q;
    };
    const now = new Date();
    const count = sql<number>`count(*)`;
    const bySeverity = await findings().select(['f.severity', count.as('n')]).where('f.status', 'in', ACTIVE).groupBy('f.severity').execute();
    const byTeam = await findings().leftJoin('teams as t', 't.id', 'r.team_id').select(['t.name as team', count.as('n')]).where('f.status', 'in', ACTIVE).groupBy('t.name').orderBy('n', 'desc').execute();
    const byRepository = await findings().select(['r.name as repository', count.as('n')]).where('f.status', 'in', ACTIVE).groupBy('r.name').orderBy('n', 'desc').limit(20).execute();
    const breaches = await findings().select(count.as('n')).where('f.status', 'in', ACTIVE).where('f.sla_due_at', '<', now.toISOString()).executeTakeFirst();
    const days = ctx.dialect === 'postgres' ? sql<number>`avg(extract(epoch from (f.fixed_at::timestamptz - f.first_seen_at::timestamptz)) / 86400)` : sql<number>`avg(julianday(f.fixed_at) - julianday(f.first_seen_at))`;
    const mttr = await findings().select(days.as('days')).where('f.status', '=', 'fixed').executeTakeFirst();
    const since = new Date(now.getTime() - WEEKS * 7 * 86_400_000).toISOString();
    let events = ctx.db.selectFrom('finding_events as e').innerJoin('findings as f', 'f.id', 'e.finding_id').innerJoin('repositories as r', 'r.id', 'f.repository_id').select(['e.kind', 'e.at']).where('e.kind', 'in', ['new', 'fixed']).where('e.at', '>=', since);
    if (scope) events = events.where('r.team_id', 'in', scope);
    const weeks = new Map<string, { week: string; new: number; fixed: number }>();
    for (let i = WEEKS - 1; i >= 0; i--) {
      const week = weekOf(new Date(now.getTime() - i * 7 * 86_400_000).toISOString());
      weeks.set(week, { week, new: 0, fixed: 0 });
    }
    for (const e of await events.execute()) {
      const bucket = weeks.get(weekOf(e.at));
      if (bucket) bucket[e.kind as 'new' | 'fixed']++;
    }
    let repos = ctx.db.selectFrom('repositories as r');
    if (scope) repos = repos.where('r.team_id', 'in', scope);
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const coverage = await repos.select([count.as('total'), sql<number>`sum(case when r.last_scan_at >= ${weekAgo} then 1 else 0 end)`.as('scanned')]).executeTakeFirst();
    const systemic = await findings()
      .select(['f.rule_id as rule', sql<number>`count(distinct f.repository_id)`.as('repositories'), count.as('findings')])
      .where('f.status', 'in', ACTIVE)
      .groupBy('f.rule_id')
      .orderBy('repositories', 'desc')
      .orderBy('findings', 'desc')
      .limit(10)
      .execute();
    const total = Number(coverage?.total ?? 0);
    return {
      open: {
        bySeverity: Object.fromEntries(['critical', 'high', 'medium', 'low', 'info'].map((s) => [s, Number(bySeverity.find((r) => r.severity === s)?.n ?? 0)])),
        byTeam: byTeam.map((r) => ({ team: r.team ?? '(no team)', open: Number(r.n) })),
        byRepository: byRepository.map((r) => ({ repository: r.repository, open: Number(r.n) })),
      },
      weekly: [...weeks.values()],
      meanTimeToRemediateDays: mttr?.days === null || mttr?.days === undefined ? null : Math.round(Number(mttr.days) * 10) / 10,
      slaBreaches: Number(breaches?.n ?? 0),
      coverage: { repositories: total, scannedLast7Days: Number(coverage?.scanned ?? 0), share: total ? Number(coverage?.scanned ?? 0) / total : null },
      systemic: systemic.map((r) => ({ rule: r.rule, repositories: Number(r.repositories), findings: Number(r.findings) })),
    };
  });
}
