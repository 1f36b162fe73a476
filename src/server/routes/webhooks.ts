/**
 * `POST /webhooks/github`: a push to a repository's default branch queues a scan when its
 * configuration says `onPush`. The body's HMAC-SHA256 under the shared secret must match
 * `X-Hub-Signature-256`, compared in constant time
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.js';
import { HttpError, type ServerContext } from '../context.js';
import { SCAN_QUEUE, type ScanJob } from '../jobs/scan-job.js';

/** Does `signature` (`sha256=<hex>`) sign `body` with `secret`? */
export function validSignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface PushEvent {
  ref?: string;
  after?: string;
  repository?: { full_name?: string; default_branch?: string };
}

export function webhookRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.register(async (scope) => {
    // The signature covers the exact bytes: parse after checking them.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/github', async (request, reply) => {
      if (!ctx.webhookSecret) throw new HttpError(404, 'webhooks are off: start the server with GUARDIAN_WEBHOOK_SECRET');
      const raw = request.body as Buffer;
      if (!validSignature(ctx.webhookSecret, raw, request.headers['x-hub-signature-256'] as string | undefined)) throw new HttpError(401, 'bad or missing X-Hub-Signature-256');
      const event = request.headers['x-github-event'];
      if (event === 'ping') return { ok: true };
      if (event !== 'push') return reply.code(202).send({ ignored: `event ${String(event)}` });
      let push: PushEvent;
      try {
        push = JSON.parse(raw.toString('utf8')) as PushEvent;
      } catch {
        throw new HttpError(400, 'the body is not JSON');
      }
      const name = push.repository?.full_name;
      const branch = push.repository?.default_branch;
      if (!name || !branch || push.ref !== `refs/heads/${branch}`) return reply.code(202).send({ ignored: 'not a push to the default branch' });
      const repository = await ctx.db.selectFrom('repositories').select('id').where('name', '=', name).executeTakeFirst();
      const config = repository && (await ctx.db.selectFrom('scan_configs').select('on_push').where('repository_id', '=', repository.id).executeTakeFirst());
      if (!repository || !config?.on_push) return reply.code(202).send({ ignored: `${name} does not scan on push` });
      if (!ctx.queue) throw new HttpError(503, 'this server has no job queue');
      const job: ScanJob = { repositoryId: repository.id, trigger: 'push', ...(push.after ? { commit: push.after } : {}) };
      const id = await ctx.queue.send(SCAN_QUEUE, job);
      await audit(ctx.db, 'github-webhook', 'scan.queue', { type: 'repository', id: repository.id }, { job: id, commit: push.after });
      return reply.code(202).send({ job: id });
    });
  });
}
