/**
 * Server throughput on SQLite (a file) and, when DATABASE_URL names a PostgreSQL server
 * whose role may create databases, on PostgreSQL:
 *
 *   npm run bench:server [-- --results 25000 --repositories 1000 --findings 1000000]
 *
 * 1. Import: a SARIF log of N results (Semgrep-shaped, 400 files, 60 rules) through
 *    POST /api/v1/scans, then the same log again (nothing may change). Target: < 15 s.
 * 2. Dashboard API: F findings across R repositories seeded straight into the tables,
 *    then 200 requests over the list, filter, search, detail and metrics routes; prints
 *    p50/p95 per route. Target: p95 < 300 ms.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { startServer } from '../src/server/start.js';
import type { NewFinding } from '../src/server/db/schema.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RESULTS = arg('results', 25_000);
const REPOS = arg('repositories', 1000);
const FINDINGS = arg('findings', 1_000_000);
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const STATUSES = ['new', 'open', 'open', 'open', 'reopened', 'fixed', 'fixed', 'false_positive', 'risk_accepted'] as const;

const sarif = (n: number) => ({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Semgrep OSS', rules: Array.from({ length: 60 }, (_, r) => ({ id: `rules.r${r}`, shortDescription: { text: `Rule ${r}` }, properties: { 'security-severity': String((r % 10) + 0.5), tags: [`CWE-${79 + r}`] } })) } },
      results: Array.from({ length: n }, (_, i) => ({
        ruleId: `rules.r${i % 60}`,
        level: 'warning',
        message: { text: `Finding ${i}: user input reaches a dangerous sink` },
        locations: [{ physicalLocation: { artifactLocation: { uri: `src/module${i % 400}/file${i % 97}.py` }, region: { startLine: (i % 900) + 1, snippet: { text: `call(arg${i})` } } } }],
      })),
    },
  ],
});

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function bench(engine: string, database: string) {
  const started = await startServer({ database });
  const { app, ctx } = started;
  const auth = { authorization: `Bearer ${started.bootstrapToken}` };
  const payload = JSON.stringify({ repository: 'acme/monolith', sarif: sarif(RESULTS) });
  let t = process.hrtime.bigint();
  const first = await app.inject({ method: 'POST', url: '/api/v1/scans', headers: { ...auth, 'content-type': 'application/json' }, payload });
  const firstMs = ms(t);
  t = process.hrtime.bigint();
  const second = await app.inject({ method: 'POST', url: '/api/v1/scans', headers: { ...auth, 'content-type': 'application/json' }, payload });
  const secondMs = ms(t);
  console.log(`${engine}: import ${RESULTS} SARIF results (${(payload.length / 1e6).toFixed(1)} MB): ${(firstMs / 1000).toFixed(2)} s ${JSON.stringify(JSON.parse(first.body).counts)}`);
  console.log(`${engine}: re-import: ${(secondMs / 1000).toFixed(2)} s ${JSON.stringify(JSON.parse(second.body).counts)}`);

  t = process.hrtime.bigint();
  const teams = Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), name: `team-${i}`, created_at: new Date().toISOString() }));
  await ctx.db.insertInto('teams').values(teams).execute();
  const repos = Array.from({ length: REPOS }, (_, i) => ({ id: randomUUID(), name: `acme/service-${i}`, url: null, team_id: teams[i % 20]!.id, created_at: new Date().toISOString(), last_scan_at: new Date(Date.now() - (i % 14) * 86_400_000).toISOString(), scan_queued_at: null }));
  for (let i = 0; i < repos.length; i += 500) await ctx.db.insertInto('repositories').values(repos.slice(i, i + 500)).execute();
  const scanId = randomUUID();
  const now = Date.now();
  const batch = 1000;
  // 50 statements of 1,000 rows per transaction.
  const pending: NewFinding[][] = [];
  for (let done = 0; done < FINDINGS; done += batch) {
    const rows: NewFinding[] = [];
    for (let i = done; i < Math.min(FINDINGS, done + batch); i++) {
      const seen = new Date(now - (i % 120) * 86_400_000).toISOString();
      const status = STATUSES[i % STATUSES.length]!;
      rows.push({
        id: randomUUID(), repository_id: repos[i % REPOS]!.id, team_id: repos[i % REPOS]!.team_id, tool: 'Guardian', fingerprint: randomBytes(12).toString('hex'), rule_id: `python.rule-${i % 150}`, category: 'sast', severity: SEVERITIES[i % 5]!, severity_rank: 4 - (i % 5),
        title: `Finding ${i % 150}`, message: 'User input reaches a sink.', path: `src/pkg${i % 50}/mod${i % 31}.py`, start_line: (i % 500) + 1, snippet: null, cwe: '["CWE-89"]', remediation: null, status,
        first_seen_at: seen, last_seen_at: seen, last_scan_id: scanId, fixed_at: status === 'fixed' ? new Date(now - (i % 30) * 86_400_000).toISOString() : null, sla_due_at: new Date(Date.parse(seen) + 30 * 86_400_000).toISOString(), accepted_until: null, accepted_by: null, status_reason: null,
      });
    }
    pending.push(rows);
    if (pending.length === 50 || done + batch >= FINDINGS) {
      await ctx.db.transaction().execute(async (trx) => {
        for (const chunk of pending) await trx.insertInto('findings').values(chunk).execute();
      });
      pending.length = 0;
    }
  }
  console.log(`${engine}: seeded ${FINDINGS.toLocaleString('en')} findings in ${REPOS} repositories: ${(ms(t) / 1000).toFixed(1)} s`);
  await sql`analyze`.execute(ctx.db);

  const dev = JSON.parse((await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: auth, payload: { name: 'dev', role: 'developer', teams: ['team-3'], scopes: ['findings:read'] } })).body).token as string;
  const sample = JSON.parse((await app.inject({ method: 'GET', url: '/api/v1/findings?limit=1&repository=acme/service-7', headers: auth })).body).findings[0].id as string;
  const routes: [string, string, Record<string, string>][] = [
    ['list (default sort)', '/api/v1/findings?limit=50', auth],
    ['list page 20', '/api/v1/findings?limit=50&offset=1000', auth],
    ['filter severity+status', '/api/v1/findings?severity=critical,high&status=active&limit=50', auth],
    ['filter repository', '/api/v1/findings?repository=acme/service-42&limit=50', auth],
    ['search', '/api/v1/findings?q=mod17&limit=50', auth],
    ['developer (team filter)', '/api/v1/findings?limit=50', { authorization: `Bearer ${dev}` }],
    ['detail', `/api/v1/findings/${sample}`, auth],
    ['repositories', '/api/v1/repositories', auth],
    ['metrics', '/api/v1/metrics', auth],
  ];
  const cold = process.hrtime.bigint();
  await app.inject({ method: 'GET', url: '/api/v1/metrics', headers: auth });
  console.log(`${engine}: metrics computed cold: ${ms(cold).toFixed(0)} ms (then served from the 30 s cache)`);
  const all: number[] = [];
  for (const [name, url, headers] of routes) {
    const times: number[] = [];
    for (let i = 0; i < 22; i++) {
      const s = process.hrtime.bigint();
      const response = await app.inject({ method: 'GET', url, headers });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      if (i >= 2) times.push(ms(s));
    }
    all.push(...times);
    console.log(`${engine}: ${name.padEnd(24)} p50 ${pct(times, 50).toFixed(0).padStart(5)} ms  p95 ${pct(times, 95).toFixed(0).padStart(5)} ms`);
  }
  console.log(`${engine}: all routes p95 ${pct(all, 95).toFixed(0)} ms; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  await started.store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'guardian-bench-server-'));
try {
  await bench('sqlite', join(dir, 'guardian.db'));
  if (process.env.DATABASE_URL) {
    const name = `guardian_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    try {
      await bench('postgres', url.toString());
    } finally {
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
