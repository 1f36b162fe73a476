/**
 * Scan configurations, like a hosted code-security service: per repository or as the
 * default for new ones, a schedule (weekly, monthly, never) and/or a scan on every push to
 * the default branch, and the scanners to run. `POST …/scan` queues a scan now.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SCANNER_IDS } from '../../core/config.js';
import { audit } from '../audit.js';
import { authorize, HttpError, type ServerContext } from '../context.js';
import { CLONE_URL, SCAN_QUEUE, type ScanJob } from '../jobs/scan-job.js';

const ConfigBody = z.object({
  cloneUrl: z.string().max(500).regex(CLONE_URL, 'https://, ssh://, git@host:path, file:// or an absolute path').nullable().default(null),
  branch: z.string().max(200).regex(/^[\w./-]+$/).nullable().default(null),
  schedule: z.enum(['weekly', 'monthly', 'never']).default('weekly'),
  onPush: z.boolean().default(false),
  scanners: z.array(z.enum(SCANNER_IDS as unknown as [string, ...string[]])).min(1).default(['sast', 'secrets', 'sca', 'iac']),
});

const present = (row: { clone_url: string | null; branch: string | null; schedule: string; on_push: number; scanners: string; updated_at: string; updated_by: string }) => ({
  cloneUrl: row.clone_url,
  branch: row.branch,
  schedule: row.schedule,
  onPush: !!row.on_push,
  scanners: JSON.parse(row.scanners) as string[],
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export function scanConfigRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const repositoryOf = async (name: string) => {
    const repository = await ctx.db.selectFrom('repositories').select(['id', 'name', 'team_id']).where('name', '=', name).executeTakeFirst();
    if (!repository) throw new HttpError(404, `no repository ${name}`);
    return repository;
  };

  app.get('/api/v1/repositories/:name/scan-config', async (request: FastifyRequest<{ Params: { name: string } }>) => {
    const repository = await repositoryOf(request.params.name);
    authorize(ctx, request, 'readRepository', { type: 'Repository', id: repository.id, name: repository.name, teamId: repository.team_id });
    const own = await ctx.db.selectFrom('scan_configs').selectAll().where('repository_id', '=', repository.id).executeTakeFirst();
    const fallback = own ? undefined : await ctx.db.selectFrom('scan_configs').selectAll().where('repository_id', 'is', null).executeTakeFirst();
    return { config: own ? present(own) : fallback ? present(fallback) : null, inherited: !own && !!fallback };
  });

  const save = async (request: FastifyRequest, repositoryId: string | null, label: string) => {
    const body = ConfigBody.parse(request.body);
    const now = new Date().toISOString();
    const values = { clone_url: body.cloneUrl, branch: body.branch, schedule: body.schedule, on_push: body.onPush ? 1 : 0, scanners: JSON.stringify(body.scanners), updated_at: now, updated_by: request.principal.id };
    const existing = await (repositoryId === null ? ctx.db.selectFrom('scan_configs').select('id').where('repository_id', 'is', null) : ctx.db.selectFrom('scan_configs').select('id').where('repository_id', '=', repositoryId)).executeTakeFirst();
    if (existing) await ctx.db.updateTable('scan_configs').set(values).where('id', '=', existing.id).execute();
    else await ctx.db.insertInto('scan_configs').values({ id: randomUUID(), repository_id: repositoryId, ...values }).execute();
    await audit(ctx.db, request.principal.id, 'scan-config.update', { type: 'scan-config', id: label }, body);
    return { config: present(values) };
  };

  app.put('/api/v1/repositories/:name/scan-config', async (request: FastifyRequest<{ Params: { name: string } }>) => {
    const repository = await repositoryOf(request.params.name);
    authorize(ctx, request, 'manageScanConfig', { type: 'Repository', id: repository.id, name: repository.name, teamId: repository.team_id });
    return save(request, repository.id, repository.name);
  });

  app.put('/api/v1/scan-config/default', async (request) => {
    authorize(ctx, request, 'manageRepositories', { type: 'Organization' });
    return save(request, null, 'default');
  });

  app.post('/api/v1/repositories/:name/scan', async (request: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const repository = await repositoryOf(request.params.name);
    authorize(ctx, request, 'manageScanConfig', { type: 'Repository', id: repository.id, name: repository.name, teamId: repository.team_id });
    if (!ctx.queue) throw new HttpError(503, 'this server has no job queue');
    const job: ScanJob = { repositoryId: repository.id, trigger: 'manual' };
    const id = await ctx.queue.send(SCAN_QUEUE, job);
    await audit(ctx.db, request.principal.id, 'scan.queue', { type: 'repository', id: repository.id }, { job: id });
    return reply.code(202).send({ job: id });
  });
}
