/**
 * Scan configurations and jobs: a GitHub push webhook (signature checked) queues a scan of
 * a local git repository, a worker clones, scans and stores it; the scheduler queues due
 * repositories once; a job whose worker dies is taken again when its lease runs out; a
 * failing job is retried with backoff. On SQLite (job table, in-process worker) and on
 * PostgreSQL (pg-boss).
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanJob } from '../../src/server/jobs/scan-job.js';
import { queueDueScans } from '../../src/server/jobs/schedule.js';
import { TableQueue } from '../../src/server/jobs/table-queue.js';
import { ENGINES, type TestServer, testServer, token } from './helpers.js';

const SECRET = 'webhook-test-secret';
const FRY = join(import.meta.dirname, '..', '..', 'examples', 'fry-factory');
let source: string;

beforeAll(() => {
  source = mkdtempSync(join(tmpdir(), 'guardian-clone-source-'));
  cpSync(FRY, source, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: source, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-qm', 'fry factory');
});
afterAll(() => rmSync(source, { recursive: true, force: true }));

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe.each(ENGINES)('on %s', (engine, available) => {
  if (!available) {
    it.skip('needs GUARDIAN_TEST_POSTGRES (a PostgreSQL server; .ci/run starts one)', () => {});
    return;
  }
  let server: TestServer;
  let security: string;
  beforeAll(async () => {
    server = await testServer(engine, { jobs: { worker: true, scheduleEveryMs: 0, offline: true, queue: { pollMs: 200, retryDelaySeconds: 1 } }, webhookSecret: SECRET });
    security = await token(server, 'security', [], ['findings:read', 'config:write', 'scan:upload']);
    expect((await server.call('POST', '/api/v1/repositories', server.admin, { name: 'acme/fry-factory' })).status).toBe(201);
  }, 60_000);
  afterAll(() => server?.close());

  const webhook = (body: object, signature?: string, event = 'push') =>
    server.app.inject({ method: 'POST', url: '/webhooks/github', headers: { 'content-type': 'application/json', 'x-github-event': event, ...(signature !== undefined ? { 'x-hub-signature-256': signature } : {}) }, payload: JSON.stringify(body) });

  it('scans the repository when GitHub reports a push to its default branch', async () => {
    const saved = await server.call('PUT', '/api/v1/repositories/acme%2Ffry-factory/scan-config', security, { cloneUrl: source, branch: 'main', schedule: 'never', onPush: true, scanners: ['sast', 'secrets'] });
    expect(saved.status).toBe(200);
    expect(saved.body.config).toMatchObject({ cloneUrl: source, onPush: true, scanners: ['sast', 'secrets'] });
    const push = { ref: 'refs/heads/main', after: 'a'.repeat(40), repository: { full_name: 'acme/fry-factory', default_branch: 'main' } };
    expect((await webhook(push, 'sha256=00')).statusCode).toBe(401);
    expect((await webhook(push)).statusCode).toBe(401);
    expect(JSON.parse((await webhook({ ...push, ref: 'refs/heads/feature' }, sign(JSON.stringify({ ...push, ref: 'refs/heads/feature' })))).body)).toEqual({ ignored: 'not a push to the default branch' });
    const queued = await webhook(push, sign(JSON.stringify(push)));
    expect(queued.statusCode).toBe(202);
    expect(JSON.parse(queued.body).job).toEqual(expect.any(String));
    await expect.poll(async () => (await server.call('GET', '/api/v1/findings?repository=acme/fry-factory&limit=1', security)).body.total, { timeout: 60_000, interval: 500 }).toBeGreaterThan(5);
    const scans = await server.ctx.db.selectFrom('scans').select(['commit_sha', 'uploaded_by', 'full']).execute();
    expect(scans).toEqual([{ commit_sha: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: source }).toString().trim(), uploaded_by: 'worker:push', full: 1 }]);
  }, 90_000);

  it('refuses configurations that are not clone URLs, and scan configuration by developers of other teams', async () => {
    const bad = await server.call('PUT', '/api/v1/repositories/acme%2Ffry-factory/scan-config', security, { cloneUrl: '--upload-pack=touch /tmp/x', schedule: 'weekly' });
    expect(bad.body.issues).toEqual([{ field: 'cloneUrl', message: 'https://, ssh://, git@host:path, file:// or an absolute path' }]);
    await server.call('POST', '/api/v1/teams', server.admin, { name: 'other' });
    const dev = await token(server, 'developer', ['other'], ['findings:read', 'config:write']);
    expect((await server.call('PUT', '/api/v1/repositories/acme%2Ffry-factory/scan-config', dev, { cloneUrl: source })).status).toBe(403);
    expect((await server.call('POST', '/api/v1/repositories/acme%2Ffry-factory/scan', dev, {})).status).toBe(403);
  });

  it('queues a repository once when its weekly scan is due', async () => {
    await server.call('PUT', '/api/v1/scan-config/default', server.admin, { cloneUrl: source, schedule: 'weekly', scanners: ['secrets'] });
    expect((await server.call('POST', '/api/v1/repositories', server.admin, { name: 'acme/new-service' })).status).toBe(201);
    const sent: string[] = [];
    const recorder = {
      send: async <T extends object>(_name: string, data: T) => {
        sent.push((data as unknown as ScanJob).repositoryId);
        return 'id';
      },
      work: async () => {},
      stop: async () => {},
    };
    // acme/fry-factory was scanned just now and scans on push only; acme/new-service inherits the weekly default.
    expect(await queueDueScans(server.ctx.db, recorder)).toEqual(['acme/new-service']);
    expect(await queueDueScans(server.ctx.db, recorder)).toEqual([]);
    expect(await queueDueScans(server.ctx.db, recorder, new Date(Date.now() + 8 * 86_400_000))).toEqual(['acme/new-service']);
    expect(sent).toHaveLength(2);
  });
});

describe('the SQLite job queue', () => {
  it('gives a job whose worker died to the next worker once the lease runs out, and retries failures with backoff', async () => {
    const server = await testServer('sqlite');
    try {
      const queue = new TableQueue(server.ctx.db, { leaseSeconds: 60, retries: 2, retryDelaySeconds: 10 });
      const id = await queue.send('q', { n: 1 });
      const t0 = new Date();
      const first = await queue.take('q', t0);
      expect(first).toMatchObject({ id, attempts: 1 });
      // The first worker dies holding the job: nobody else gets it during the lease...
      expect(await queue.take('q', new Date(t0.getTime() + 59_000))).toBeUndefined();
      // ...and the next worker does once it has run out.
      const second = await queue.take('q', new Date(t0.getTime() + 61_000));
      expect(second).toMatchObject({ id, attempts: 2 });
      await queue.finish(id, 2, new Error('clone failed'), new Date(t0.getTime() + 62_000));
      expect(await server.ctx.db.selectFrom('jobs').select(['state', 'last_error', 'run_after']).where('id', '=', id).executeTakeFirst()).toEqual({ state: 'retry', last_error: 'clone failed', run_after: new Date(t0.getTime() + 62_000 + 20_000).toISOString() });
      expect(await queue.take('q', new Date(t0.getTime() + 81_000))).toBeUndefined();
      const third = await queue.take('q', new Date(t0.getTime() + 82_000));
      expect(third?.attempts).toBe(3);
      await queue.finish(id, 3, new Error('clone failed again'), new Date(t0.getTime() + 83_000));
      expect((await server.ctx.db.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('failed');
      const ok = await queue.send('q', { n: 2 });
      const taken = await queue.take('q');
      await queue.finish(taken!.id, taken!.attempts);
      expect((await server.ctx.db.selectFrom('jobs').select('state').where('id', '=', ok).executeTakeFirstOrThrow()).state).toBe('completed');
    } finally {
      await server.close();
    }
  });
});
