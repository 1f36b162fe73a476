/**
 * `POST /api/v1/scans`: upload a Guardian JSON report or any tool's SARIF log for a
 * repository. The repository is registered on first upload (to the uploader's team when
 * it acts for exactly one).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../audit.js';
import { authorize, HttpError, type ServerContext } from '../context.js';
import { expireAcceptances, importScan } from '../findings/lifecycle.js';
import { fromGuardianReport, fromSarif, type IncomingScan } from '../findings/incoming.js';

const UploadBody = z
  .object({
    repository: z.string().trim().min(1).max(200).regex(/^[\w.\-/@:]+$/, 'letters, digits and . - _ / @ : only'),
    url: z.string().url().max(500).optional(),
    commit: z.string().regex(/^[0-9a-f]{7,64}$/i).optional(),
    branch: z.string().max(200).optional(),
    full: z.boolean().default(true),
    report: z.unknown().optional(),
    sarif: z.unknown().optional(),
  })
  .refine((b) => (b.report === undefined) !== (b.sarif === undefined), { message: 'send exactly one of "report" (Guardian JSON) or "sarif" (a SARIF 2.1.0 log)' });

export function scanRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/api/v1/scans', async (request, reply) => {
    const body = UploadBody.parse(request.body);
    let scan: IncomingScan;
    try {
      scan = body.sarif !== undefined ? fromSarif(body.sarif) : fromGuardianReport(body.report);
    } catch (error) {
      throw new HttpError(400, (error as Error).message);
    }
    let repository = await ctx.db.selectFrom('repositories').selectAll().where('name', '=', body.repository).executeTakeFirst();
    const teamId = repository ? repository.team_id : request.principal.teams.length === 1 ? request.principal.teams[0]! : null;
    authorize(ctx, request, 'uploadScan', { type: 'Repository', id: repository?.id ?? 'new', name: body.repository, teamId });
    if (!repository) {
      const id = randomUUID();
      await ctx.db.insertInto('repositories').values({ id, name: body.repository, url: body.url ?? null, team_id: teamId, created_at: new Date().toISOString(), last_scan_at: null, scan_queued_at: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
      repository = await ctx.db.selectFrom('repositories').selectAll().where('name', '=', body.repository).executeTakeFirstOrThrow();
      if (repository.id === id) await audit(ctx.db, request.principal.id, 'repository.register', { type: 'repository', id }, { name: body.repository, team: teamId });
    }
    await expireAcceptances(ctx.db);
    const { scanId, counts } = await importScan(ctx.db, ctx.dialect, { repositoryId: repository.id, scan, full: body.full, commit: body.commit, branch: body.branch, actor: request.principal.id, sla: ctx.sla });
    ctx.metricsCache.clear();
    await audit(ctx.db, request.principal.id, 'scan.upload', { type: 'scan', id: scanId }, { repository: body.repository, ...counts });
    return reply.code(201).send({ scan: scanId, repository: { id: repository.id, name: repository.name }, counts, skipped: scan.skipped.reasons });
  });
}
