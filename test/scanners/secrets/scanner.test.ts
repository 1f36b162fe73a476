import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type FindingDraft, finalizeFindings } from '../../../src/core/fingerprint.js';
import type { ScannerOutput } from '../../../src/core/scanner.js';
import { WarningSink } from '../../../src/core/warnings.js';
import { Workspace } from '../../../src/core/workspace.js';
import { PATTERN_DETECTORS } from '../../../src/scanners/secrets/patterns.js';
import { SECRET_RULES } from '../../../src/scanners/secrets/rules.js';
import { SecretlintEngine } from '../../../src/scanners/secrets/secretlint.js';
import { SecretsScanner, type SecretsScannerOptions, hitsToDrafts } from '../../../src/scanners/secrets/scanner.js';
import { FAKE, FAKE_BASIC, fakeGcpKeyFile } from './fakes.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

interface ScanResult extends ScannerOutput {
  warnings: WarningSink;
  progress: [number, number | undefined][];
}

/** Write `files` into a fresh temporary directory and run the secrets scanner on it. */
async function scanTree(files: Record<string, string | Buffer>, options: SecretsScannerOptions = {}): Promise<ScanResult> {
  const root = mkdtempSync(join(tmpdir(), 'guardian-secrets-'));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const warnings = new WarningSink();
  const workspace = new Workspace(root, warnings);
  const progress: [number, number | undefined][] = [];
  const output = await new SecretsScanner(options).scan({
    root,
    workspace,
    files: await workspace.files(),
    config: {},
    configDir: root,
    warnings,
    progress: { update: (done, total) => progress.push([done, total]) },
    offline: true,
    now: new Date('2025-01-01T00:00:00Z'),
  });
  return { ...output, warnings, progress };
}

/** `path:line ruleId severity` for each finding, in report order. */
function brief(findings: FindingDraft[]): string[] {
  return finalizeFindings(findings).map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId} ${f.severity}`);
}

const CONFIG_PY = [
  'import os',
  `AWS_ACCESS_KEY_ID = "${FAKE.awsKeyId}"`,
  `AWS_SECRET_ACCESS_KEY = "${FAKE.awsSecret}"`,
  `DOCS_KEY_ID = "${FAKE.awsDocsKeyId}"`,
  `DOCS_SECRET = "${FAKE.awsDocsSecret}"`,
  `DATABASE_URL = "postgres://app:${FAKE.dbPassword}@db.internal:5432/app"`,
  'password = "changeme"',
  'db_password = os.environ["DB_PASSWORD"]',
  `api_token = "${FAKE.genericToken}"`,
  `GITHUB_TOKEN = "${FAKE.github}"`,
  'secret = "${SECRET}"',
  `STRIPE_KEY = "${FAKE.stripeLive}"`,
  'token = process.env.API_TOKEN',
  '',
].join('\n');

const REPO: Record<string, string | Buffer> = {
  'src/config.py': CONFIG_PY,
  'src/client.js': `fetch(url, { headers: { Authorization: 'Basic ${FAKE_BASIC}' } });\nconst session = '${FAKE.jwt}';\n`,
  'keys/deploy_key': `${FAKE.rsaKey}\n`,
  'gcp/service-account.json': fakeGcpKeyFile(),
  'test/fixtures/settings.yml': `database:\n  password: ${FAKE.genericPassword}\n  token: \${TOKEN}\n`,
  '.env': `REDIS_URL=redis://:${FAKE.redisPassword}@cache:6379/0\nAPI_TOKEN=\${API_TOKEN}\n`,
  'docs/aws.md': `Configure the CLI:\n\n    aws_access_key_id = ${FAKE.awsDocsKeyId}\n    aws_secret_access_key = ${FAKE.awsDocsSecret}\n`,
  'package-lock.json': `{"packages": {"": {"integrity": "sha512-${FAKE.awsSecret}"}}, "password": "${FAKE.genericPassword}", "k": "${FAKE.awsKeyId}"}\n`,
  'yarn.lock': `  integrity sha512-${FAKE.awsSecret}\n# ${FAKE.awsKeyId}\n`,
  'pnpm-lock.yaml': `  resolution: {integrity: sha512-${FAKE.awsSecret}}\n# ${FAKE.awsKeyId}\n`,
  'poetry.lock': `# ${FAKE.awsKeyId}\n`,
  'Pipfile.lock': `{"_meta": {"hash": {"sha256": "${FAKE.awsKeyId}"}}}\n`,
  'uv.lock': `# ${FAKE.awsKeyId}\n`,
  'assets/logo.svg': `<svg><!-- ${FAKE.github} --></svg>\n`,
  'dist-map/app.js.map': `{"sourcesContent": ["const t = '${FAKE.github}'"]}\n`,
  'bin/blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(FAKE.github)]),
  'legacy/latin1.py': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\nKEY = "${FAKE.awsKeyId}"\n`)]),
};

describe('SecretsScanner on a fixture repository', async () => {
  const result = await scanTree(REPO);

  it('reports exactly the expected rules, lines and severities', () => {
    expect(brief(result.findings)).toEqual([
      '.env:1 secrets.database-url high',
      'docs/aws.md:3 secrets.aws-access-key-id info',
      'docs/aws.md:4 secrets.aws-secret-access-key info',
      'gcp/service-account.json:5 secrets.gcp-service-account-key critical',
      'keys/deploy_key:1 secrets.private-key critical',
      'legacy/latin1.py:2 secrets.aws-access-key-id high',
      'src/client.js:1 secrets.basic-auth-header medium',
      'src/client.js:2 secrets.jwt medium',
      'src/config.py:2 secrets.aws-access-key-id high',
      'src/config.py:3 secrets.aws-secret-access-key critical',
      'src/config.py:4 secrets.aws-access-key-id info',
      'src/config.py:5 secrets.aws-secret-access-key info',
      'src/config.py:6 secrets.database-url high',
      'src/config.py:9 secrets.generic-credential medium',
      'src/config.py:10 secrets.github-token high',
      'src/config.py:12 secrets.stripe-secret-key high',
      'test/fixtures/settings.yml:2 secrets.generic-credential low',
    ]);
  });

  it('locates findings on the secret with 1-based columns', () => {
    const aws = result.findings.find((f) => f.location.path === 'src/config.py' && f.location.startLine === 3)!;
    const column = CONFIG_PY.split('\n')[2]!.indexOf(FAKE.awsSecret) + 1;
    expect(aws.location).toMatchObject({ startLine: 3, endLine: 3, startColumn: column, endColumn: column + 40 });
    const key = result.findings.find((f) => f.ruleId === 'secrets.private-key')!;
    expect(key.location).toMatchObject({ startLine: 1, endLine: FAKE.rsaKey.split('\n').length, startColumn: 1 });
  });

  it('never outputs a secret: messages, snippets and all other fields are masked', () => {
    const json = JSON.stringify([result, finalizeFindings(result.findings)]);
    const secrets = [
      FAKE.awsKeyId, FAKE.awsSecret, FAKE.awsDocsKeyId, FAKE.awsDocsSecret, FAKE.dbPassword, FAKE.redisPassword, FAKE.genericToken,
      FAKE.github, FAKE.stripeLive, FAKE.genericPassword, FAKE.jwt, FAKE_BASIC,
    ];
    for (const secret of secrets) expect(json, secret.slice(0, 4)).not.toContain(secret.slice(4, 14));
    for (const line of FAKE.rsaKey.split('\n').slice(1, -1)) expect(json).not.toContain(line.slice(0, 16));
    for (const line of FAKE.pkcs8Key.split('\n').slice(1, -1)) expect(json).not.toContain(line.slice(0, 16));
  });

  it('shows the masked secret in the message and the masked source line as snippet', () => {
    const byLine = (path: string, line: number) => result.findings.find((f) => f.location.path === path && f.location.startLine === line)!;
    expect(byLine('src/config.py', 2).message).toMatch(/^AWS access key ID: AKIA\*{8} — hard-coded/);
    expect(byLine('src/config.py', 2).location.snippet).toBe('AWS_ACCESS_KEY_ID = "AKIA********"');
    expect(byLine('src/config.py', 6).location.snippet).toBe(`DATABASE_URL = "postgres://app:${FAKE.dbPassword.slice(0, 2)}**********@db.internal:5432/app"`);
    expect(byLine('src/config.py', 6).message).toContain('(PostgreSQL): postgres://app:Vx**********@db.internal:5432');
    expect(byLine('src/config.py', 4).message).toMatch(/documentation example/);
    expect(byLine('keys/deploy_key', 1).location.snippet).toBe('-----BEGIN RSA PRIVATE KEY-----');
    expect(byLine('gcp/service-account.json', 5).location.snippet).toBe('"private_key": "--**********",');
  });

  it('reports the AWS documentation example keys as info, not high and not dropped', () => {
    const docs = result.findings.filter((f) => f.location.path === 'docs/aws.md');
    expect(docs.map((f) => [f.ruleId, f.severity, f.confidence])).toEqual([
      ['secrets.aws-access-key-id', 'info', 'low'],
      ['secrets.aws-secret-access-key', 'info', 'low'],
    ]);
  });

  it('reports nothing for placeholders and environment lookups', () => {
    const config = result.findings.filter((f) => f.location.path === 'src/config.py').map((f) => f.location.startLine);
    for (const line of [7, 8, 11, 13]) expect(config).not.toContain(line);
    expect(result.findings.filter((f) => f.location.path === '.env').map((f) => f.location.startLine)).toEqual([1]);
  });

  it('skips lockfiles, SVGs and source maps, and counts them', () => {
    const paths = new Set(result.findings.map((f) => f.location.path));
    for (const skipped of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'assets/logo.svg', 'dist-map/app.js.map']) {
      expect(paths.has(skipped), skipped).toBe(false);
    }
    expect(result.stats).toMatchObject({ skipped: 8 });
  });

  it('skips binary files and scans invalid UTF-8 with a workspace warning', () => {
    expect(result.findings.some((f) => f.location.path === 'bin/blob.bin')).toBe(false);
    expect(result.warnings.items).toEqual([expect.objectContaining({ source: 'workspace', code: 'invalid-utf8', path: 'legacy/latin1.py' })]);
    expect(result.stats).toMatchObject({ files: 8 });
  });

  it('fills the finding model: category, CWE, OWASP, remediation, references', () => {
    for (const f of result.findings) {
      expect(f.category).toBe('secrets');
      expect(f.cwe.length).toBeGreaterThan(0);
      expect(f.remediation.text).toMatch(/^1\. Revoke or rotate the credential first/);
      expect(f.remediation.text).toMatch(/secret manager/);
      expect(f.references?.some((r) => r.startsWith('https://cwe.mitre.org/'))).toBe(true);
    }
    const aws = result.findings.find((f) => f.ruleId === 'secrets.aws-secret-access-key')!;
    expect(aws.cwe).toEqual(['CWE-798']);
    expect(aws.owasp).toEqual(['A07:2021-Identification and Authentication Failures']);
    expect(aws.remediation.text).toMatch(/IAM/);
    expect(aws.remediation.text).toMatch(/CloudTrail/);
    expect(result.findings.find((f) => f.ruleId === 'secrets.private-key')!.cwe).toEqual(['CWE-321']);
  });

  it('returns a descriptor for every rule, all prefixed secrets.', () => {
    const ids = result.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('secrets.'))).toBe(true);
    expect(ids).toEqual(expect.arrayContaining(SECRET_RULES.map((r) => r.id)));
    for (const f of result.findings) expect(ids).toContain(f.ruleId);
    for (const r of result.rules) {
      expect(r.category).toBe('secrets');
      expect(r.remediation).toMatch(/git history/);
    }
    expect(result.rules.find((r) => r.id === 'secrets.aws-access-key-id')!.remediation).toMatch(/Deactivate|deactivate/);
  });

  it('reports progress from 0 to the total', () => {
    expect(result.progress[0]).toEqual([0, 17 - 8]);
    expect(result.progress.at(-1)).toEqual([9, 9]);
  });
});

describe('SecretsScanner behaviour', () => {
  it('keeps one finding per secret when secretlint and Guardian overlap', async () => {
    const text = [
      `const t = "${FAKE.github}";`,
      `const key = \`${FAKE.pkcs8Key}\`;`,
      `AWS_SECRET_ACCESS_KEY = "${FAKE.awsSecret}"`,
      `const u = "postgres://app:${FAKE.dbPassword}@db.internal/app";`,
      '',
    ].join('\n');
    const both = await scanTree({ 'src/a.js': text });
    expect(brief(both.findings)).toEqual([
      'src/a.js:1 secrets.github-token high',
      'src/a.js:2 secrets.private-key critical',
      `src/a.js:${2 + FAKE.pkcs8Key.split('\n').length} secrets.aws-secret-access-key critical`,
      `src/a.js:${3 + FAKE.pkcs8Key.split('\n').length} secrets.database-url high`,
    ]);
    // The same findings without secretlint: Guardian covers these formats on its own.
    const own = await scanTree({ 'src/a.js': text }, { withoutSecretlint: true });
    expect(brief(own.findings).filter((f) => !f.includes('github'))).toEqual(brief(both.findings).filter((f) => !f.includes('github')));
  });

  it('finds the same secrets with and without the secretlint prefilter', async () => {
    const filtered = await scanTree(REPO);
    const everyFile = await scanTree(REPO, { secretlintOnEveryFile: true });
    expect(brief(filtered.findings)).toEqual(brief(everyFile.findings));
    expect(filtered.stats!.secretlintFiles).toBeLessThan(everyFile.stats!.secretlintFiles!);
  });

  it('masks every secret of a line in every snippet of that line', async () => {
    const line = `export AWS_ACCESS_KEY_ID=${FAKE.awsKeyId2} AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret2}`;
    const { findings } = await scanTree({ 'deploy/env.sh': `${line}\n` });
    expect(findings.map((f) => f.ruleId)).toEqual(['secrets.aws-access-key-id', 'secrets.aws-secret-access-key']);
    for (const f of findings) expect(f.location.snippet).toBe(`export AWS_ACCESS_KEY_ID=AKIA******** AWS_SECRET_ACCESS_KEY=${FAKE.awsSecret2.slice(0, 2)}**********`);
  });

  it('cuts long lines to a window around the secret', async () => {
    const line = `{"a": "${'x'.repeat(500)}", "token": "${FAKE.github}", "b": "${'y'.repeat(500)}"}`;
    const [finding] = (await scanTree({ 'data/big.json': `${line}\n` })).findings;
    expect(finding!.location.snippet!.length).toBeLessThanOrEqual(202);
    expect(finding!.location.snippet).toMatch(/^….*"token": "ghp_\*{8}".*…$/);
  });

  it('gives stable fingerprints that follow the secret, not the line number', async () => {
    const before = finalizeFindings((await scanTree({ 'src/a.py': `K = "${FAKE.awsKeyId}"\nL = "${FAKE.awsKeyId2}"\n` })).findings);
    const after = finalizeFindings((await scanTree({ 'src/a.py': `\n\n# moved\nK = "${FAKE.awsKeyId}"\nL = "${FAKE.awsKeyId2}"\n` })).findings);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    expect(new Set(before.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('treats documentation example tokens of other providers as info', async () => {
    const { findings } = await scanTree({ 'src/a.js': `const a = '${FAKE.jwtDocs}';\nconst b = '${FAKE.stripeDocs}';\n` });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['secrets.jwt', 'info'],
      ['secrets.stripe-secret-key', 'info'],
    ]);
  });

  it('downgrades heuristic rules (JWT, bearer, generic) in tests, but not provider keys', async () => {
    const text = `const jwt = '${FAKE.jwt}';\nconst gh = '${FAKE.github}';\nconst password = '${FAKE.genericPassword}';\n`;
    const { findings } = await scanTree({ 'src/__tests__/auth.test.ts': text });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['secrets.jwt', 'low'],
      ['secrets.github-token', 'high'],
      ['secrets.generic-credential', 'low'],
    ]);
    expect(findings[0]!.message).toMatch(/reported as low/);
  });

  it('scans an empty repository', async () => {
    const result = await scanTree({});
    expect(result.findings).toEqual([]);
    expect(result.stats).toMatchObject({ files: 0, skipped: 0 });
  });

  it('warns and keeps Guardian\'s own findings when secretlint fails on a file', async () => {
    const spy = vi.spyOn(SecretlintEngine.prototype, 'detect').mockRejectedValueOnce(new Error('lint exploded'));
    try {
      const { findings, warnings } = await scanTree({ 'src/a.py': `K = "${FAKE.awsKeyId}"\n` });
      expect(findings.map((f) => f.ruleId)).toEqual(['secrets.aws-access-key-id']);
      expect(warnings.items).toEqual([{ source: 'secrets', code: 'secretlint-error', path: 'src/a.py', message: expect.stringContaining('lint exploded') }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('warns once per failing rule and goes on', async () => {
    const detector = PATTERN_DETECTORS.find((d) => d.rule === 'secrets.google-api-key')!;
    const spy = vi.spyOn(detector, 'validate').mockImplementation(() => {
      throw new Error('validator bug');
    });
    try {
      const { warnings } = await scanTree({ 'a.js': `k = '${FAKE.google}'\n`, 'b.js': `k = '${FAKE.google}'\n` });
      expect(warnings.items).toEqual([{ source: 'secrets', code: 'rule-error', path: 'a.js', message: expect.stringMatching(/secrets\.google-api-key.*validator bug/) }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('does not add warnings for clean files', async () => {
    const { warnings } = await scanTree({ 'src/a.ts': 'export const x = 1;\n' });
    expect(warnings.items).toEqual([]);
  });
});

describe('hitsToDrafts', () => {
  it('returns nothing without hits', () => {
    expect(hitsToDrafts('a.txt', 'text', [], [])).toEqual([]);
  });

  it('handles CRLF line endings', () => {
    const text = `a = 1\r\nb = "${FAKE.awsKeyId}"\r\n`;
    const start = text.indexOf(FAKE.awsKeyId);
    const hit = { ruleId: 'secrets.aws-access-key-id', start, end: start + 20, secretStart: start, secretEnd: start + 20, engine: 'guardian' as const };
    const [draft] = hitsToDrafts('a.py', text, [hit], [hit]);
    expect(draft!.location).toMatchObject({ startLine: 2, startColumn: 6, endColumn: 26, snippet: 'b = "AKIA********"' });
  });
});
