/**
 * Uploads and the finding lifecycle over the HTTP API on SQLite: a real Guardian report of
 * examples/fry-factory and a foreign tool's SARIF; deduplication, fixed, reopened, partial
 * scans, risk acceptance and its expiry, metrics and the audit log.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { runScan } from '../../src/core/run.js';
import { toJson } from '../../src/report/json.js';
import { createScanners } from '../../src/scanners/index.js';
import { expireAcceptances } from '../../src/server/findings/lifecycle.js';
import { ENGINES, type TestServer, testServer, token } from './helpers.js';

const FRY = join(import.meta.dirname, '..', '..', 'examples', 'fry-factory');
describe.each(ENGINES)('on %s', (engine, available) => {
  if (!available) {
    it.skip('needs GUARDIAN_TEST_POSTGRES (a PostgreSQL server; .ci/run starts one)', () => {});
    return;
  }
  let server: TestServer;
  let report: { findings: { fingerprint: string; ruleId: string; severity: string }[]; [key: string]: unknown };
  let ci: string;
  let security: string;

  const semgrepSarif = {
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'python.flask.security.injection.tainted-sql-string', shortDescription: { text: 'Tainted SQL string' }, properties: { 'security-severity': '7.5', tags: ['CWE-89: Improper Neutralization of Special Elements used in an SQL Command', 'OWASP-A03:2021'] } }] } },
        results: [
          { ruleId: 'python.flask.security.injection.tainted-sql-string', level: 'error', message: { text: 'User data flows into this SQL string' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'app/db.py' }, region: { startLine: 12, snippet: { text: 'cur.execute(f"SELECT {x}")' } } } }] },
          { ruleId: 'python.flask.security.injection.tainted-sql-string', message: { text: 'no location' } },
          { level: 'warning', message: { text: 'no rule' }, locations: [] },
        ],
      },
    ],
  };

  beforeAll(async () => {
    server = await testServer(engine);
    const { config } = await loadConfig(FRY);
    const result = await runScan({ root: FRY, config, scanners: await createScanners(['sast', 'secrets', 'sca']), offline: true });
    report = JSON.parse(toJson(result));
    expect(report.findings.length).toBe(20);
    expect((await server.call('POST', '/api/v1/teams', server.admin, { name: 'kitchen' })).status).toBe(201);
    ci = await token(server, 'developer', ['kitchen'], ['scan:upload']);
    security = await token(server, 'security', [], ['findings:read', 'findings:triage', 'scan:upload']);
  });
  afterAll(() => server?.close());

  const upload = (body: Record<string, unknown>, as = ci) => server.call('POST', '/api/v1/scans', as, { repository: 'acme/fry-factory', ...body });
  const openCount = async () => (await server.call('GET', '/api/v1/findings?repository=acme/fry-factory&status=active&limit=1', security)).body.total as number;

  describe('uploading scans', () => {
    it('stores a Guardian report once, whatever the number of uploads', async () => {
      const n = report.findings.length;
      const first = await upload({ report, commit: 'a'.repeat(40), branch: 'main' });
      expect(first.status).toBe(201);
      expect(first.body.counts).toEqual({ received: n, new: n, reopened: 0, fixed: 0, unchanged: 0, duplicates: 0, skipped: 0 });
      const again = await upload({ report });
      expect(again.body.counts).toMatchObject({ received: n, new: 0, unchanged: n, fixed: 0 });
      expect(await openCount()).toBe(n);
      const repos = (await server.call('GET', '/api/v1/repositories', security)).body.repositories;
      expect(repos).toEqual([expect.objectContaining({ name: 'acme/fry-factory', team: 'kitchen', openFindings: n })]);
    });

    it('marks a finding fixed when a full scan no longer reports it, reopens it when it returns, and ignores partial scans', async () => {
      const n = report.findings.length;
      const [gone, ...rest] = report.findings;
      const partial = await upload({ report: { ...report, findings: rest }, full: false });
      expect(partial.body.counts).toMatchObject({ fixed: 0, unchanged: n - 1 });
      const full = await upload({ report: { ...report, findings: rest } });
      expect(full.body.counts).toMatchObject({ fixed: 1, unchanged: n - 1 });
      expect(await openCount()).toBe(n - 1);
      const fixed = (await server.call('GET', '/api/v1/findings?repository=acme/fry-factory&status=fixed', security)).body.findings;
      expect(fixed.map((f: { fingerprint: string }) => f.fingerprint)).toEqual([gone!.fingerprint]);
      const back = await upload({ report });
      expect(back.body.counts).toMatchObject({ reopened: 1, unchanged: n - 1 });
      const detail = (await server.call('GET', `/api/v1/findings/${fixed[0].id}`, security)).body;
      expect(detail.finding.status).toBe('reopened');
      expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(['new', 'fixed', 'reopened']);
      expect(detail.history.map((h: { actorName: string }) => h.actorName)).toEqual(['developer kitchen', 'developer kitchen', 'developer kitchen']);
    });

    it('takes another tool\'s SARIF, maps severity and CWE, and reports what it skipped', async () => {
      const { status, body } = await upload({ sarif: semgrepSarif }, security);
      expect(status).toBe(201);
      expect(body.counts).toMatchObject({ received: 1, new: 1, skipped: 2 });
      expect(body.skipped).toEqual(['runs[0].results[1] (python.flask.security.injection.tainted-sql-string): no physicalLocation.artifactLocation.uri', 'runs[0].results[2]: no ruleId']);
      const [finding] = (await server.call('GET', '/api/v1/findings?repository=acme/fry-factory&rule=python.flask.security.injection.tainted-sql-string', security)).body.findings;
      expect(finding).toMatchObject({ tool: 'Semgrep OSS', severity: 'high', category: 'sast', cwe: ['CWE-89'], location: { path: 'app/db.py', startLine: 12 } });
      // A Semgrep scan covers Semgrep's findings only: Guardian's stay open.
      expect(await openCount()).toBe(report.findings.length + 1);
    });

    it('answers 400 naming the field for a bad upload, and 401 without a valid token', async () => {
      const bad = await server.call('POST', '/api/v1/scans', ci, { repository: 'acme/x y', report: {} });
      expect(bad.status).toBe(400);
      expect(bad.body.issues).toEqual([{ field: 'repository', message: 'letters, digits and . - _ / @ : only' }]);
      expect((await server.call('POST', '/api/v1/scans', ci, { repository: 'acme/x', report, sarif: semgrepSarif })).body.issues[0].message).toBe('send exactly one of "report" (Guardian JSON) or "sarif" (a SARIF 2.1.0 log)');
      expect((await server.call('POST', '/api/v1/scans', ci, { repository: 'acme/x', report: { nope: 1 } })).body).toEqual({ error: 'not a Guardian JSON report: no "tool" and "findings"' });
      expect((await server.call('GET', '/api/v1/findings', undefined)).status).toBe(401);
      expect((await server.call('GET', '/api/v1/findings', 'gdn_notAToken')).body).toEqual({ error: 'the token is malformed (wrong prefix, length or checksum)' });
      const flipped = ci.slice(0, 10) + (ci[10] === 'a' ? 'b' : 'a') + ci.slice(11);
      expect((await server.call('GET', '/api/v1/findings', flipped)).status).toBe(401);
    });
  });

  describe('decisions on findings', () => {
    it('accepts a risk with owner, reason and expiry, and reactivates it at expiry', async () => {
      const [target] = (await server.call('GET', '/api/v1/findings?repository=acme/fry-factory&status=active&severity=high,critical&limit=1', security)).body.findings;
      const accepted = await server.call('POST', `/api/v1/findings/${target.id}/status`, security, { status: 'risk_accepted', reason: 'Internal tool behind the VPN until the rewrite ships.', days: 30 });
      expect(accepted.status).toBe(200);
      expect(accepted.body.finding).toMatchObject({ status: 'risk_accepted', acceptedBy: expect.stringMatching(/^token:/), statusReason: 'Internal tool behind the VPN until the rewrite ships.' });
      const until = Date.parse(accepted.body.finding.acceptedUntil);
      expect(Math.round((until - Date.now()) / 86_400_000)).toBe(30);
      expect(await expireAcceptances(server.ctx.db, new Date(until - 1000))).toBe(0);
      expect(await expireAcceptances(server.ctx.db, new Date(until + 1000))).toBe(1);
      const detail = (await server.call('GET', `/api/v1/findings/${target.id}`, security)).body;
      expect(detail.finding.status).toBe('open');
      expect(detail.history.map((h: { kind: string }) => h.kind).slice(-2)).toEqual(['risk_accepted', 'risk_expired']);
    });

    it('records every decision and upload in the audit log', async () => {
      const events = (await server.call('GET', '/api/v1/audit', server.admin)).body.events as { action: string }[];
      const actions = events.map((e) => e.action);
      expect(actions.filter((a) => a === 'scan.upload')).toHaveLength(6);
      expect(actions).toContain('finding.risk_accepted');
      expect(actions).toContain('token.create');
      expect(actions).toContain('repository.register');
    });
  });

  describe('metrics', () => {
    it('counts open findings by severity and team, weekly new and fixed, coverage and systemic rules', async () => {
      const metrics = (await server.call('GET', '/api/v1/metrics', security)).body;
      const open = await openCount();
      expect(Object.values(metrics.open.bySeverity as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(open);
      expect(metrics.open.byTeam).toEqual([{ team: 'kitchen', open }]);
      expect(metrics.coverage).toEqual({ repositories: 1, scannedLast7Days: 1, share: 1 });
      expect(metrics.weekly).toHaveLength(12);
      expect(metrics.weekly.at(-1)).toEqual({ week: expect.any(String), new: report.findings.length + 1, fixed: 1 });
      expect(metrics.meanTimeToRemediateDays).toBe(null);
      expect(metrics.systemic[0]).toEqual({ rule: expect.any(String), repositories: 1, findings: expect.any(Number) });
      expect(metrics.slaBreaches).toBe(0);
    });
  });

  describe('concurrent uploads', () => {
    it('keeps exact counts under 50 simultaneous uploads to five repositories', async () => {
      // Upload i sends results r0..r(10+i%7) for repository i%5: overlapping sets, so every
      // repository ends with exactly max(10 + i%7) + 1 distinct findings, each stored once.
      const sarifOf = (n: number) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Bandit' } }, results: Array.from({ length: n }, (_, k) => ({ ruleId: `B${k % 9}`, level: 'warning', message: { text: `r${k}` }, partialFingerprints: { id: `fp-${k}` }, locations: [{ physicalLocation: { artifactLocation: { uri: `m${k}.py` }, region: { startLine: k + 1 } } }] })) }] });
      const uploads = Array.from({ length: 50 }, (_, i) => server.call('POST', '/api/v1/scans', security, { repository: `acme/svc-${i % 5}`, sarif: sarifOf(11 + (i % 7)), full: false }));
      const answers = await Promise.all(uploads);
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
      const expected = Array.from({ length: 5 }, (_, r) => Math.max(...Array.from({ length: 50 }, (_, i) => i).filter((i) => i % 5 === r).map((i) => 11 + (i % 7))));
      for (let r = 0; r < 5; r++) {
        const total = (await server.call('GET', `/api/v1/findings?repository=acme/svc-${r}&limit=1`, security)).body.total;
        expect({ repository: r, total }).toEqual({ repository: r, total: expected[r] });
      }
      const created = answers.reduce((sum, a) => sum + a.body.counts.new, 0);
      expect(created).toBe(expected.reduce((a, b) => a + b, 0));
    });
  });
});
