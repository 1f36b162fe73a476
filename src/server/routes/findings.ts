/**
 * Findings: `GET /api/v1/findings` (filters, search, pagination; filtered by team in SQL),
 * `GET /api/v1/findings/:id` (with history), `POST /api/v1/findings/:id/status` (false
 * positive, risk acceptance with owner, reason and expiry, reactivation; checked with Cedar).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { SEVERITIES, severityRank } from '../../core/severity.js';
import { visibleTeams } from '../access.js';
import { audit } from '../audit.js';
import { authorize, HttpError, requireScope, type ServerContext } from '../context.js';
import type { Finding } from '../db/schema.js';
import { decide } from '../findings/lifecycle.js';

const STATUSES = ['new', 'open', 'reopened', 'fixed', 'false_positive', 'risk_accepted', 'active'] as const;
const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(values)).optional());

const ListQuery = z.object({
  repository: z.string().max(200).optional(),
  team: z.string().max(100).optional(),
  severity: list(SEVERITIES),
  status: list(STATUSES),
  category: list(['sast', 'secrets', 'sca', 'iac', 'iam', 'pipeline']),
  rule: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const Status = z.discriminatedUnion('status', [
  z.object({ status: z.literal('false_positive'), reason: z.string().trim().min(10, 'give the reason (at least a sentence)').max(2000) }),
  z.object({ status: z.literal('risk_accepted'), reason: z.string().trim().min(10, 'give the reason (at least a sentence)').max(2000), days: z.number().int().min(1).max(3650) }),
  z.object({ status: z.literal('open'), reason: z.string().trim().min(3).max(2000) }),
]);

/** Counting stops here: past it the list says "1000+" (an exact count over a million rows costs more than the page). */
const COUNT_CAP = 1000;

/** A finding as the API shows it (JSON columns parsed, camelCase). */
function present(f: Finding & { repository: string }) {
  return {
    id: f.id,
    repository: f.repository,
    tool: f.tool,
    ruleId: f.rule_id,
    category: f.category,
    severity: f.severity,
    status: f.status,
    title: f.title,
    message: f.message,
    location: { path: f.path, startLine: f.start_line, snippet: f.snippet },
    cwe: JSON.parse(f.cwe) as string[],
    remediation: f.remediation,
    fingerprint: f.fingerprint,
    firstSeenAt: f.first_seen_at,
    lastSeenAt: f.last_seen_at,
    fixedAt: f.fixed_at,
    slaDueAt: f.sla_due_at,
    acceptedUntil: f.accepted_until,
    acceptedBy: f.accepted_by,
    statusReason: f.status_reason,
  };
}

async function loadFinding(ctx: ServerContext, id: string) {
  const row = await ctx.db
    .selectFrom('findings as f')
    .innerJoin('repositories as r', 'r.id', 'f.repository_id')
    .selectAll('f')
    .select(['r.name as repository', 'r.team_id as team_id'])
    .where('f.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new HttpError(404, `no finding ${id}`);
  return row;
}

const resourceOf = (row: Awaited<ReturnType<typeof loadFinding>>) => ({ type: 'Finding' as const, id: row.id, severity: row.severity, status: row.status, repository: { id: row.repository_id, name: row.repository, teamId: row.team_id } });

export function findingRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/v1/findings', async (request: FastifyRequest) => {
    requireScope(request, 'findings:read');
    const query = ListQuery.parse(request.query);
    const teams = visibleTeams(request.principal);
    if (teams && !teams.length) return { total: 0, totalIsExact: true, findings: [] };
    let select = ctx.db.selectFrom('findings as f');
    if (teams) select = select.where('f.team_id', 'in', teams);
    if (query.repository) select = select.where('f.repository_id', 'in', ctx.db.selectFrom('repositories').select('id').where('name', '=', query.repository));
    if (query.team) select = select.where('f.repository_id', 'in', ctx.db.selectFrom('repositories as r').innerJoin('teams as t', 't.id', 'r.team_id').select('r.id').where('t.name', '=', query.team));
    // By rank, so the index that gives the list its order also serves the filter.
    if (query.severity?.length) select = select.where('f.severity_rank', 'in', query.severity.map(severityRank));
    if (query.status?.length) {
      const statuses = query.status.flatMap((s) => (s === 'active' ? ['new', 'open', 'reopened'] : [s])) as Finding['status'][];
      select = select.where('f.status', 'in', statuses);
    }
    if (query.category?.length) select = select.where('f.category', 'in', query.category);
    if (query.rule) select = select.where('f.rule_id', '=', query.rule);
    if (query.q) {
      const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      select = select.where((eb) => eb.or([sql<boolean>`lower(f.title) like ${like} escape '\\'`, sql<boolean>`lower(f.path) like ${like} escape '\\'`, sql<boolean>`lower(f.rule_id) like ${like} escape '\\'`]));
    }
    const counted = await ctx.db
      .selectFrom(select.select('f.id').limit(COUNT_CAP + 1).as('page'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Math.min(Number(counted.n), COUNT_CAP);
    const rows = await select
      .innerJoin('repositories as r', 'r.id', 'f.repository_id')
      .selectAll('f')
      .select('r.name as repository')
      .orderBy('f.severity_rank', 'desc')
      .orderBy('f.last_seen_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    return { total, totalIsExact: Number(counted.n) <= COUNT_CAP, findings: rows.map(present) };
  });

  app.get('/api/v1/findings/:id', async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const row = await loadFinding(ctx, request.params.id);
    authorize(ctx, request, 'readFinding', resourceOf(row));
    const history = await ctx.db.selectFrom('finding_events').select(['at', 'kind', 'actor', 'scan_id', 'detail']).where('finding_id', '=', row.id).orderBy('at').orderBy('id').execute();
    const tokenIds = [...new Set(history.map((h) => /^token:(.+)$/.exec(h.actor)?.[1]).filter((id): id is string => !!id))];
    const names = new Map(tokenIds.length ? (await ctx.db.selectFrom('tokens').select(['id', 'name']).where('id', 'in', tokenIds).execute()).map((t) => [`token:${t.id}`, t.name]) : []);
    return {
      finding: present(row),
      history: history.map((h) => ({ at: h.at, kind: h.kind, actor: h.actor, actorName: names.get(h.actor) ?? h.actor, scan: h.scan_id, ...(h.detail ? { detail: JSON.parse(h.detail) as unknown } : {}) })),
    };
  });

  app.post('/api/v1/findings/:id/status', async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const body = Status.parse(request.body);
    const row = await loadFinding(ctx, request.params.id);
    if (body.status === 'risk_accepted') authorize(ctx, request, 'acceptRisk', resourceOf(row), { days: body.days });
    else authorize(ctx, request, 'triageFinding', resourceOf(row));
    if (body.status === 'open' && !['false_positive', 'risk_accepted'].includes(row.status)) throw new HttpError(409, `finding ${row.id} is ${row.status}; only a false positive or an accepted risk can be reopened by hand`);
    const decision = body.status === 'risk_accepted' ? { status: body.status, reason: body.reason, until: new Date(Date.now() + body.days * 86_400_000).toISOString() } : body;
    await decide(ctx.db, row.id, decision, request.principal.id);
    ctx.metricsCache.clear();
    await audit(ctx.db, request.principal.id, `finding.${body.status}`, { type: 'finding', id: row.id }, { reason: body.reason, ...('until' in decision ? { until: decision.until } : {}) });
    return { finding: present(await loadFinding(ctx, row.id)) };
  });
}
