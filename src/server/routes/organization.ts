/**
 * The organisation's structure and credentials: teams, repositories (and their team),
 * API tokens (shown once, stored hashed, scoped, expiring, revocable) and the audit log.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { visibleTeams } from '../access.js';
import { audit } from '../audit.js';
import { displayToken, generateToken, hashToken, SCOPES } from '../auth/tokens.js';
import { authorize, HttpError, requireScope, type ServerContext } from '../context.js';
import type { Role } from '../db/schema.js';

const ORG = { type: 'Organization' } as const;
const ROLES = ['admin', 'security', 'developer', 'auditor'] as const satisfies readonly Role[];
const Name = z.string().trim().min(1).max(200);

const NewToken = z.object({
  name: Name,
  role: z.enum(ROLES),
  teams: z.array(z.string().trim().min(1)).max(50).default([]),
  scopes: z.array(z.enum(SCOPES)).min(1),
  expiresInDays: z.number().int().min(1).max(366).default(90),
});

/** Insert a token row and return the token (the only time it exists in clear). */
export async function issueToken(ctx: ServerContext, fields: { name: string; role: Role; teams: string[]; scopes: string[]; expiresInDays: number | null; createdBy: string }): Promise<{ id: string; token: string; expiresAt: string | null }> {
  const token = generateToken();
  const id = randomUUID();
  const now = new Date();
  const expiresAt = fields.expiresInDays === null ? null : new Date(now.getTime() + fields.expiresInDays * 86_400_000).toISOString();
  await ctx.db
    .insertInto('tokens')
    .values({ id, name: fields.name, hash: hashToken(token), display: displayToken(token), role: fields.role, teams: JSON.stringify(fields.teams), scopes: JSON.stringify(fields.scopes), created_by: fields.createdBy, created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null, last_used_at: null })
    .execute();
  return { id, token, expiresAt };
}

export function organizationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/v1/teams', async (request, reply) => {
    authorize(ctx, request, 'manageRepositories', ORG);
    const { name } = z.object({ name: Name }).parse(request.body);
    if (await ctx.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst()) throw new HttpError(409, `team ${name} exists`);
    const id = randomUUID();
    await ctx.db.insertInto('teams').values({ id, name, created_at: new Date().toISOString() }).execute();
    await audit(ctx.db, request.principal.id, 'team.create', { type: 'team', id }, { name });
    return reply.code(201).send({ id, name });
  });

  app.get('/api/v1/teams', async (request) => {
    requireScope(request, 'findings:read');
    const teams = visibleTeams(request.principal);
    let select = ctx.db.selectFrom('teams').select(['id', 'name']).orderBy('name');
    if (teams) select = select.where('id', 'in', teams.length ? teams : ['']);
    return { teams: await select.execute() };
  });

  app.post('/api/v1/repositories', async (request, reply) => {
    authorize(ctx, request, 'manageRepositories', ORG);
    const body = z.object({ name: Name.regex(/^[\w.\-/@:]+$/, 'letters, digits and . - _ / @ : only'), team: Name.optional(), url: z.string().url().max(500).optional() }).parse(request.body);
    const team = body.team ? await ctx.db.selectFrom('teams').select('id').where('name', '=', body.team).executeTakeFirst() : undefined;
    if (body.team && !team) throw new HttpError(400, `team: no team ${body.team}`);
    if (await ctx.db.selectFrom('repositories').select('id').where('name', '=', body.name).executeTakeFirst()) throw new HttpError(409, `repository ${body.name} exists`);
    const id = randomUUID();
    await ctx.db.insertInto('repositories').values({ id, name: body.name, url: body.url ?? null, team_id: team?.id ?? null, created_at: new Date().toISOString(), last_scan_at: null, scan_queued_at: null }).execute();
    await audit(ctx.db, request.principal.id, 'repository.register', { type: 'repository', id }, body);
    return reply.code(201).send({ id, name: body.name, team: body.team ?? null });
  });

  app.put('/api/v1/repositories/:name/team', async (request: FastifyRequest<{ Params: { name: string } }>) => {
    authorize(ctx, request, 'manageRepositories', ORG);
    const { team } = z.object({ team: Name }).parse(request.body);
    const row = await ctx.db.selectFrom('teams').select('id').where('name', '=', team).executeTakeFirst();
    if (!row) throw new HttpError(404, `no team ${team}`);
    const repository = await ctx.db.selectFrom('repositories').select('id').where('name', '=', request.params.name).executeTakeFirst();
    if (!repository) throw new HttpError(404, `no repository ${request.params.name}`);
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('repositories').set({ team_id: row.id }).where('id', '=', repository.id).execute();
      await trx.updateTable('findings').set({ team_id: row.id }).where('repository_id', '=', repository.id).execute();
    });
    await audit(ctx.db, request.principal.id, 'repository.assign-team', { type: 'repository', id: request.params.name }, { team });
    return { repository: request.params.name, team };
  });

  app.get('/api/v1/repositories', async (request) => {
    requireScope(request, 'findings:read');
    const teams = visibleTeams(request.principal);
    let select = ctx.db.selectFrom('repositories as r').leftJoin('teams as t', 't.id', 'r.team_id').select(['r.id', 'r.name', 'r.url', 'r.last_scan_at', 't.name as team']).orderBy('r.name');
    if (teams) select = select.where('r.team_id', 'in', teams.length ? teams : ['']);
    const rows = await select.execute();
    // One grouped count over the covering index, rather than a count per repository.
    let counts = ctx.db.selectFrom('findings as f').select(['f.repository_id', sql<number>`count(*)`.as('n')]).where('f.status', 'in', ['new', 'open', 'reopened']).groupBy('f.repository_id');
    if (teams) counts = counts.where('f.team_id', 'in', teams.length ? teams : ['']);
    const open = new Map((await counts.execute()).map((c) => [c.repository_id, Number(c.n)]));
    return { repositories: rows.map((r) => ({ id: r.id, name: r.name, url: r.url, team: r.team, lastScanAt: r.last_scan_at, openFindings: open.get(r.id) ?? 0 })) };
  });

  app.post('/api/v1/tokens', async (request, reply) => {
    authorize(ctx, request, 'manageTokens', ORG);
    const body = NewToken.parse(request.body);
    const teamIds: string[] = [];
    for (const name of body.teams) {
      const row = await ctx.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
      if (!row) throw new HttpError(400, `teams: no team ${name}`);
      teamIds.push(row.id);
    }
    const issued = await issueToken(ctx, { name: body.name, role: body.role, teams: teamIds, scopes: body.scopes, expiresInDays: body.expiresInDays, createdBy: request.principal.id });
    await audit(ctx.db, request.principal.id, 'token.create', { type: 'token', id: issued.id }, { name: body.name, role: body.role, teams: body.teams, scopes: body.scopes, expiresAt: issued.expiresAt });
    return reply.code(201).send({ id: issued.id, token: issued.token, expiresAt: issued.expiresAt, note: 'This token is shown once; store it in your CI secret store.' });
  });

  app.get('/api/v1/tokens', async (request) => {
    authorize(ctx, request, 'manageTokens', ORG);
    const rows = await ctx.db.selectFrom('tokens').select(['id', 'name', 'display', 'role', 'teams', 'scopes', 'created_by', 'created_at', 'expires_at', 'revoked_at', 'last_used_at']).orderBy('created_at').execute();
    return { tokens: rows.map((r) => ({ ...r, teams: JSON.parse(r.teams) as string[], scopes: JSON.parse(r.scopes) as string[] })) };
  });

  app.delete('/api/v1/tokens/:id', async (request: FastifyRequest<{ Params: { id: string } }>) => {
    authorize(ctx, request, 'manageTokens', ORG);
    const result = await ctx.db.updateTable('tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', request.params.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!Number(result.numUpdatedRows)) throw new HttpError(404, `no active token ${request.params.id}`);
    await audit(ctx.db, request.principal.id, 'token.revoke', { type: 'token', id: request.params.id });
    return { revoked: request.params.id };
  });

  app.get('/api/v1/audit', async (request) => {
    authorize(ctx, request, 'readAudit', ORG);
    const { limit } = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).parse(request.query);
    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return { events: rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, resource: { type: r.resource_type, id: r.resource_id }, ...(r.detail ? { detail: JSON.parse(r.detail) as unknown } : {}) })) };
  });
}
