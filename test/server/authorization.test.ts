/**
 * Authorization: every cross-team read and write is denied, roles get exactly what the
 * built-in Cedar policies give them, scopes narrow tokens, lists show only what Cedar
 * would allow one by one, and a bad policy file stops the server with file:line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorizer, BUILTIN_POLICIES } from '../../src/server/authz/cedar.js';
import { startServer } from '../../src/server/start.js';
import { readFileSync } from 'node:fs';
import { ENGINES, type TestServer, testServer, token } from './helpers.js';

const ALL = ['findings:read', 'findings:triage', 'scan:upload', 'config:write', 'audit:read', 'admin'];
const sarif = (file: string) => ({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'Semgrep OSS' } }, results: ['a', 'b'].map((x) => ({ ruleId: `rule.${x}`, level: 'error', message: { text: x }, locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 1 } } }] })) }],
});

describe.each(ENGINES)('on %s', (engine, available) => {
  if (!available) {
    it.skip('needs GUARDIAN_TEST_POSTGRES (a PostgreSQL server; .ci/run starts one)', () => {});
    return;
  }
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const findingOf: Record<string, string> = {};

  beforeAll(async () => {
    server = await testServer(engine);
    for (const team of ['payments', 'identity']) await server.call('POST', '/api/v1/teams', server.admin, { name: team });
    tokens.payments = await token(server, 'developer', ['payments'], ALL);
    tokens.identity = await token(server, 'developer', ['identity'], ALL);
    tokens.security = await token(server, 'security', [], ALL);
    tokens.auditor = await token(server, 'auditor', [], ALL);
    tokens.uploadOnly = await token(server, 'developer', ['payments'], ['scan:upload']);
    for (const team of ['payments', 'identity']) {
      const up = await server.call('POST', '/api/v1/scans', tokens[team], { repository: `acme/${team}-api`, sarif: sarif(`${team}.py`) });
      expect(up.status).toBe(201);
      findingOf[team] = (await server.call('GET', `/api/v1/findings?repository=acme/${team}-api&limit=1`, tokens[team])).body.findings[0].id;
    }
  });
  afterAll(() => server?.close());

  describe('cross-team access', () => {
    const attempts = (finding: string, repo: string) => [
      ['GET', `/api/v1/findings/${finding}`, undefined],
      ['POST', `/api/v1/findings/${finding}/status`, { status: 'false_positive', reason: 'Not reachable from any route in this service.' }],
      ['POST', `/api/v1/findings/${finding}/status`, { status: 'risk_accepted', reason: 'Compensating control: the WAF blocks it.', days: 10 }],
      ['POST', '/api/v1/scans', { repository: repo, sarif: sarif('x.py') }],
    ] as const;

    it('denies every read and write on another team\'s repository and findings', async () => {
      for (const [me, them] of [['payments', 'identity'], ['identity', 'payments']] as const) {
        for (const [method, url, body] of attempts(findingOf[them]!, `acme/${them}-api`)) {
          const { status, body: answer } = await server.call(method, url, tokens[me], body);
          expect({ me, method, url, status }).toEqual({ me, method, url, status: 403 });
          expect(answer.error).toMatch(/^developer token:\S+ may not (readFinding|triageFinding|acceptRisk|uploadScan) on /);
        }
        const listed = (await server.call('GET', '/api/v1/findings', tokens[me])).body.findings as { repository: string }[];
        expect(new Set(listed.map((f) => f.repository))).toEqual(new Set([`acme/${me}-api`]));
        expect((await server.call('GET', '/api/v1/repositories', tokens[me])).body.repositories.map((r: { name: string }) => r.name)).toEqual([`acme/${me}-api`]);
        expect((await server.call('GET', `/api/v1/findings?repository=acme/${them}-api`, tokens[me])).body).toEqual({ total: 0, totalIsExact: true, findings: [] });
      }
    });

    it('lets developers read and triage their own team\'s findings but not accept risk', async () => {
      expect((await server.call('GET', `/api/v1/findings/${findingOf.payments}`, tokens.payments)).status).toBe(200);
      expect((await server.call('POST', `/api/v1/findings/${findingOf.payments}/status`, tokens.payments, { status: 'false_positive', reason: 'The value is a constant from settings.py.' })).status).toBe(200);
      expect((await server.call('POST', `/api/v1/findings/${findingOf.payments}/status`, tokens.payments, { status: 'risk_accepted', reason: 'We will fix it next quarter, promise.', days: 5 })).status).toBe(403);
    });

    it('lets the security team accept risk for at most 90 days', async () => {
      const accept = (days: number) => server.call('POST', `/api/v1/findings/${findingOf.identity}/status`, tokens.security, { status: 'risk_accepted', reason: 'Legacy endpoint, removed in Q3.', days });
      expect((await accept(91)).status).toBe(403);
      expect((await accept(90)).status).toBe(200);
    });

    it('gives auditors read-only access and keeps admin actions to admins', async () => {
      expect((await server.call('GET', `/api/v1/findings/${findingOf.identity}`, tokens.auditor)).status).toBe(200);
      expect((await server.call('GET', '/api/v1/audit', tokens.auditor)).status).toBe(200);
      expect((await server.call('POST', `/api/v1/findings/${findingOf.identity}/status`, tokens.auditor, { status: 'false_positive', reason: 'Auditors cannot decide this.' })).status).toBe(403);
      expect((await server.call('POST', '/api/v1/scans', tokens.auditor, { repository: 'acme/identity-api', sarif: sarif('x.py') })).status).toBe(403);
      for (const who of ['auditor', 'security', 'payments']) {
        expect((await server.call('POST', '/api/v1/tokens', tokens[who], { name: 'x', role: 'admin', scopes: ['admin'] })).status).toBe(403);
        expect((await server.call('POST', '/api/v1/teams', tokens[who], { name: 'rogue' })).status).toBe(403);
      }
    });

    it('narrows a token to its scopes whatever its role', async () => {
      expect((await server.call('GET', '/api/v1/findings', tokens.uploadOnly)).body).toEqual({ error: 'the credential lacks the findings:read scope' });
      expect((await server.call('GET', `/api/v1/findings/${findingOf.payments}`, tokens.uploadOnly)).status).toBe(403);
      expect((await server.call('POST', '/api/v1/scans', tokens.uploadOnly, { repository: 'acme/payments-api', sarif: sarif('payments.py') })).status).toBe(201);
    });

    it('lists only what Cedar allows one by one', async () => {
      for (const who of ['payments', 'identity', 'security', 'auditor']) {
        for (const f of (await server.call('GET', '/api/v1/findings?limit=500', tokens[who])).body.findings as { id: string }[]) {
          expect((await server.call('GET', `/api/v1/findings/${f.id}`, tokens[who])).status).toBe(200);
        }
      }
    });

    it('refuses revoked and expired tokens', async () => {
      const list = (await server.call('GET', '/api/v1/tokens', server.admin)).body.tokens as { id: string; name: string; display: string }[];
      expect(list.every((t) => /^gdn_\w{4}…$/.test(t.display))).toBe(true);
      const victim = list.find((t) => t.name === 'auditor')!;
      expect((await server.call('DELETE', `/api/v1/tokens/${victim.id}`, server.admin)).status).toBe(200);
      expect((await server.call('GET', '/api/v1/findings', tokens.auditor)).body).toEqual({ error: 'the token is unknown or revoked' });
      await server.ctx.db.updateTable('tokens').set({ expires_at: '2020-01-01T00:00:00.000Z' }).where('name', '=', 'security').execute();
      expect((await server.call('GET', '/api/v1/findings', tokens.security)).body).toEqual({ error: 'the token expired at 2020-01-01T00:00:00.000Z' });
    });
  });
});

describe('policy files', () => {
  it('stops the server on a policy that does not parse or validate, naming the file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardian-cedar-'));
    try {
      const typo = join(dir, 'typo.cedar');
      writeFileSync(typo, `${readFileSync(BUILTIN_POLICIES, 'utf8')}\npermit (principal, action, resource) when { principal.rol == "admin" };\n`);
      const lines = readFileSync(typo, 'utf8').split('\n').length - 1;
      await expect(startServer({ database: ':memory:', policies: typo })).rejects.toThrow(new RegExp(`Cedar policies do not validate against the schema:\\n${typo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${lines}:\\d+: .*rol`));
      const broken = join(dir, 'broken.cedar');
      writeFileSync(broken, 'permit (principal, action, resource\n');
      expect(() => Authorizer.load(broken)).toThrow(`Invalid Cedar policy file:\n${broken}:`);
      expect(() => Authorizer.load(join(dir, 'missing.cedar'))).toThrow('Cannot read the authorization policies');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
