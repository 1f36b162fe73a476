/**
 * The dashboard end to end in a real browser (playwright-core driving Debian's Chromium):
 * a scan uploaded with `guardian scan --upload` shows in the overview and the findings
 * table, a finding's detail shows its code and history, the risk-acceptance flow records a
 * decision, and a developer of another team sees none of it. Needs the built dashboard
 * (`npm run build`, which `npm ci` runs) and Chromium (`apt-get install chromium`, which
 * .ci/run does); CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startServer, type Started } from '../../src/server/start.js';

const REPO = join(import.meta.dirname, '..', '..');
const WEB = join(REPO, 'dist', 'web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(REPO, '.guardian', 'screenshots');

let server: Started;
let base: string;
let browser: Browser;
let security: string;
let otherTeam: string;
const out = mkdtempSync(join(tmpdir(), 'guardian-dashboard-'));

async function api(path: string, token: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return (await response.json()) as Record<string, unknown>;
}

async function signIn(token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(base);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

beforeAll(async () => {
  if (!existsSync(join(WEB, 'index.html'))) throw new Error('the dashboard is not built: run npm run build');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  server = await startServer({ database: ':memory:' });
  base = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  const admin = server.bootstrapToken!;
  for (const name of ['kitchen', 'billing']) await api('/api/v1/teams', admin, { name });
  const ci = (await api('/api/v1/tokens', admin, { name: 'fry CI', role: 'developer', teams: ['kitchen'], scopes: ['scan:upload'] })).token as string;
  security = (await api('/api/v1/tokens', admin, { name: 'appsec', role: 'security', scopes: ['findings:read', 'findings:triage'] })).token as string;
  otherTeam = (await api('/api/v1/tokens', admin, { name: 'billing dev', role: 'developer', teams: ['billing'], scopes: ['findings:read'] })).token as string;
  vi.stubEnv('GUARDIAN_TOKEN', ci);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await main(['node', 'guardian', 'scan', join(REPO, 'examples', 'fry-factory'), '--scanners', 'sast,secrets', '--quiet', '--format', 'json', '--output', join(out, 'scan.json'), '--upload', base, '--repository', 'acme/fry-factory'])).toBe(1);
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await browser?.close();
  await server?.app.close();
  await server?.store.close();
});

describe('dashboard', () => {
  it('shows the uploaded scan in the overview, with charts', async () => {
    const total = ((await api('/api/v1/findings?status=active&limit=1', security)).total as number);
    expect(total).toBeGreaterThan(5);
    const page = await signIn(security);
    await expect.poll(() => page.getByTestId('open-total').locator('.value').textContent()).toBe(String(total));
    await expect.poll(() => page.locator('canvas[aria-label="Open findings by severity"]').count()).toBe(1);
    const shot = await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
    // A PNG of the whole page: the signature, then the IHDR width (1280 px).
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    expect(shot.readUInt32BE(16)).toBe(1280);
    expect(await page.getByRole('cell', { name: 'kitchen' }).count()).toBe(1);
  }, 60_000);

  it('lists, filters and opens findings, and records a risk acceptance', async () => {
    const page = await signIn(security);
    await page.getByRole('link', { name: 'Findings' }).click();
    await expect.poll(() => page.getByTestId('findings-total').textContent()).toMatch(/^\d+ findings$/);
    await page.getByLabel('Severity').selectOption('high');
    await expect.poll(() => page.locator('table.findings tbody tr').count()).toBeGreaterThan(0);
    const highs = await page.locator('table.findings tbody tr .badge.sev-high').count();
    expect(highs).toBe(await page.locator('table.findings tbody tr').count());
    await page.locator('table.findings tbody tr a').first().click();
    await expect.poll(() => page.locator('.snippet').count()).toBe(1);
    await expect.poll(() => page.locator('.timeline li').first().textContent()).toContain('new by fry CI');
    await page.getByLabel('Days').fill('45');
    await page.getByLabel('Reason').fill('Only reachable from the admin VPN until the Q3 rewrite.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Recorded.');
    await expect.poll(() => page.locator('.timeline li').last().textContent()).toMatch(/risk accepted by appsec.*Only reachable from the admin VPN/);
    await page.screenshot({ path: join(SHOTS, 'finding.png'), fullPage: true });
  }, 60_000);

  it('shows a developer of another team nothing, and keeps the credential out of the page', async () => {
    const page = await signIn(otherTeam);
    await page.getByRole('link', { name: 'Findings' }).click();
    await expect.poll(() => page.getByTestId('findings-total').textContent()).toBe('0 findings');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['guardian_session', true, 'Strict']]);
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.content()).not.toContain('gdn_');
    // A change with the cookie but without the CSRF token is refused.
    const status = await page.evaluate(async () => (await fetch('/api/v1/findings/x/status', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(403);
  }, 60_000);
});
