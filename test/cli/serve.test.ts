/**
 * `guardian serve` from nothing: a fresh SQLite file, the one-time bootstrap token on
 * stderr, then `guardian scan --upload` from the CLI and the findings through the API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

const REPO = join(import.meta.dirname, '..', '..');
const FRY = join(REPO, 'examples', 'fry-factory');
let dir: string;
let server: ChildProcess;
let base: string;
let admin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guardian-serve-'));
  const runner = join(dir, 'runner.mts');
  writeFileSync(runner, `import { main } from ${JSON.stringify(pathToFileURL(join(REPO, 'src', 'cli', 'main.ts')).href)};\nprocess.exitCode = await main(process.argv);\n`);
  server = spawn(process.execPath, ['--import', pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, runner, 'serve', '--port', '0', '--database', join(dir, 'guardian.db')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((done, fail) => {
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/\n {2}gdn_\w+\n/.test(stderr)) done();
    });
    server.once('exit', (code) => fail(new Error(`guardian serve exited ${code}: ${stderr}`)));
  });
  base = /Guardian server on (http:\/\/\S+) \(sqlite: /.exec(stderr)![1]!;
  admin = /\n {2}(gdn_\w+)\n/.exec(stderr)![1]!;
}, 60_000);
afterAll(() => {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

// Response bodies are asserted by value.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
const api = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...(init.headers ?? {}) } });
  return { status: response.status, body: (await response.json()) as Body };
};

describe('guardian serve', () => {
  it('starts on a fresh SQLite file with a bootstrap admin token, and takes uploads from guardian scan', async () => {
    expect(existsSync(join(dir, 'guardian.db'))).toBe(true);
    expect((await fetch(`${base}/api/v1/findings`)).status).toBe(401);
    expect((await api('/api/v1/teams', { method: 'POST', body: JSON.stringify({ name: 'kitchen' }) })).status).toBe(201);
    const ci = (await api('/api/v1/tokens', { method: 'POST', body: JSON.stringify({ name: 'fry CI', role: 'developer', teams: ['kitchen'], scopes: ['scan:upload'] }) })).body.token as string;

    vi.stubEnv('GUARDIAN_TOKEN', ci);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const code = await main(['node', 'guardian', 'scan', FRY, '--scanners', 'sast,secrets', '--format', 'json', '--output', join(dir, 'out.json'), '--upload', base, '--repository', 'acme/fry-factory']);
      expect(code).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(new RegExp(`Uploaded to ${base.replaceAll('.', '\\.')}: \\d+ new, 0 reopened, 0 fixed, 0 unchanged \\(scan [0-9a-f-]{36}\\)`));
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    const listed = await api('/api/v1/findings?repository=acme/fry-factory&limit=500');
    expect(listed.body.total).toBeGreaterThan(0);
    expect(listed.body.findings.every((f: { status: string; tool: string }) => f.status === 'new' && f.tool === 'Guardian')).toBe(true);
    const repos = (await api('/api/v1/repositories')).body.repositories;
    expect(repos).toEqual([expect.objectContaining({ name: 'acme/fry-factory', team: 'kitchen', openFindings: listed.body.total })]);
  }, 60_000);

  it('refuses an upload without a token before scanning', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'guardian', 'scan', FRY, '--upload', base])).toBe(2);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toBe('guardian: --upload needs an API token: set GUARDIAN_TOKEN (or pass --token)\n');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
