/**
 * Security standards as documents: parsing (with errors naming the file and field), the
 * shipped default covering every shipped rule, and enforcement in a scan: citations,
 * severity floors, forbidden patterns, replacing the default, and bad documents reported
 * without stopping the scan.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuardianConfig } from '../../src/core/config.js';
import { runScan } from '../../src/core/run.js';
import { SCANNER_IDS } from '../../src/core/config.js';
import { createScanners } from '../../src/scanners/index.js';
import { parseStandard } from '../../src/standards/document.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { toSarif } from '../../src/report/sarif.js';
import { startServer } from '../../src/server/start.js';

const DEFAULT = new URL('../../src/standards/defaults/guardian-baseline.md', import.meta.url);
const doc = (front: string, body = '# Body\n') => `---\n${front}\n---\n${body}`;

describe('parseStandard', () => {
  it('reads sections, compiles rule globs and forbidden patterns, and keeps the body', () => {
    const s = parseStandard(
      doc(`id: secrets
title: Secrets management
sections:
  - id: no-secrets
    title: No secrets in code
    rules: ['secrets.*', aws.lambda.environment-secret]
    severity: high
    controls: [Use Secrets Manager.]
    forbidden:
      - { id: env-password, pattern: '(?i)^password=', paths: ['**/.env'], message: No passwords in .env files. }`),
      '.guardian/standards/secrets.md',
    );
    expect(s).toMatchObject({ id: 'secrets', title: 'Secrets management', path: '.guardian/standards/secrets.md', body: '# Body' });
    const [section] = s.sections;
    expect(section!.matchesRule('secrets.aws-secret-access-key')).toBe(true);
    expect(section!.matchesRule('aws.lambda.environment-secret')).toBe(true);
    expect(section!.matchesRule('python.sqli.taint')).toBe(false);
    expect(section!.forbidden[0]!.regex.flags).toBe('gim');
    expect(section!.forbidden[0]!.matchesPath('app/.env')).toBe(true);
    expect(section!.forbidden[0]!.matchesPath('app/settings.py')).toBe(false);
  });

  it.each([
    ['no front matter', '# Just Markdown\n', 'x.md: no front matter'],
    ['YAML that does not parse', doc('id: a\ntitle: [unclosed'), 'x.md: front matter is not valid YAML'],
    ['a misspelt field', doc('id: a\ntitle: A\nsections:\n  - { id: s, title: S, serverity: high }'), 'x.md: front matter field sections.0: Unrecognized key: "serverity"'],
    ['a bad severity', doc('id: a\ntitle: A\nsections:\n  - { id: s, title: S, severity: severe }'), 'x.md: front matter field sections.0.severity'],
    ['a regular expression that does not compile', doc("id: a\ntitle: A\nsections:\n  - { id: s, title: S, forbidden: [{ id: p, pattern: 'a(', message: m }] }"), 'x.md: front matter field sections.0.forbidden.0.pattern: not a valid regular expression'],
    ['a section id used twice', doc('id: a\ntitle: A\nsections:\n  - { id: s, title: S }\n  - { id: s, title: T }'), "x.md: front matter field sections: section id 's' is used twice"],
  ])('rejects %s, naming the file and the field', (_, text, message) => {
    expect(() => parseStandard(text, 'x.md')).toThrow(message);
  });

  it('the shipped default maps every rule Guardian ships to a section', async () => {
    const standard = parseStandard(readFileSync(DEFAULT, 'utf8'), 'builtin:guardian-baseline.md');
    const empty = mkdtempSync(join(tmpdir(), 'guardian-standards-empty-'));
    try {
      const result = await runScan({ root: empty, config: {}, scanners: await createScanners(SCANNER_IDS), offline: true });
      const shipped = result.rules.map((r) => r.id).filter((id) => !id.startsWith('standard.'));
      expect(shipped.length).toBeGreaterThan(200);
      expect(shipped.filter((id) => !standard.sections.some((s) => s.matchesRule(id)))).toEqual([]);
      // Advisory ids (SCA) and malicious packages too.
      expect(standard.sections.find((s) => s.matchesRule('GHSA-xvch-5gv4-984h'))?.id).toBe('supply-chain');
      expect(standard.sections.find((s) => s.matchesRule('MAL-2024-1'))?.id).toBe('malicious-packages');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('standards in a scan', () => {
  let root: string;
  const scan = async (config: GuardianConfig = {}) => runScan({ root, config, scanners: await createScanners(['sast', 'secrets']), offline: true, now: new Date('2026-11-22T00:00:00Z') });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'guardian-standards-'));
    writeFileSync(join(root, 'load.py'), 'import yaml\n\n\ndef read(path):\n    with open(path) as f:\n        return yaml.load(f, Loader=yaml.Loader)\n');
    // The secrets scanner reports line 2 itself (the same line is reported once); line 3 is only the standard's.
    writeFileSync(join(root, '.env'), 'DEBUG=1\nDB_PASSWORD=hunter2-prod\nSESSION_SECRET=dev\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('cites the default standard and reports its forbidden pattern', async () => {
    const result = await scan();
    const yamlLoad = result.findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')!;
    expect(yamlLoad.standards).toEqual([
      { standard: 'guardian-baseline', title: 'Guardian baseline application security standard', section: 'injection-prevention', sectionTitle: 'Untrusted input never becomes code, queries, commands or markup', path: 'builtin:guardian-baseline.md' },
    ]);
    const env = result.findings.find((f) => f.ruleId === 'standard.guardian-baseline.env-file-secret')!;
    expect(env).toMatchObject({ category: 'sast', severity: 'medium', location: { path: '.env', startLine: 3, snippet: 'SESSION_SECRET=dev' }, cwe: ['CWE-798'] });
    expect(result.findings.find((f) => f.location.path === '.env' && f.location.startLine === 2)?.standards?.map((c) => c.section)).toEqual(['secrets-management']);
    expect(result.rules.find((r) => r.id === 'standard.guardian-baseline.env-file-secret')?.description).toContain('builtin:guardian-baseline.md');
    const sarif = toSarif(result, {}) as { runs: { results: { ruleId: string; properties: { standards?: string[] } }[] }[] };
    expect(sarif.runs[0]!.results.find((r) => r.ruleId === 'python.deserialization.yaml-unsafe-load')?.properties.standards).toEqual(['guardian-baseline#injection-prevention']);
    expect(toMarkdown(result)).toContain('**Violates:** Guardian baseline application security standard, section "Untrusted input never becomes code, queries, commands or markup" (builtin:guardian-baseline.md)');
  });

  it('a repository standard raises severities, adds its own sections and can replace the default', async () => {
    const medium = (await scan()).findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')!.severity;
    mkdirSync(join(root, '.guardian', 'standards'), { recursive: true });
    writeFileSync(
      join(root, '.guardian', 'standards', 'guardian-baseline.md'),
      doc("id: guardian-baseline\ntitle: ACME secure coding\nsections:\n  - { id: deserialisation, title: Only safe loaders, rules: ['python.deserialization.*'], severity: critical }"),
    );
    const result = await scan();
    const finding = result.findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')!;
    expect(medium).not.toBe('critical');
    expect(finding.severity).toBe('critical');
    expect(finding.standards).toEqual([{ standard: 'guardian-baseline', title: 'ACME secure coding', section: 'deserialisation', sectionTitle: 'Only safe loaders', path: '.guardian/standards/guardian-baseline.md' }]);
    // The replaced default's forbidden pattern is gone with it.
    expect(result.findings.some((f) => f.ruleId.startsWith('standard.'))).toBe(false);
  });

  it('standards.defaults: false turns the default off; an exact severity override still wins over a floor', async () => {
    const off = await scan({ standards: { defaults: false } });
    expect(off.findings.every((f) => !f.standards)).toBe(true);
    mkdirSync(join(root, 'org'), { recursive: true });
    writeFileSync(join(root, 'org', 'py.md'), doc("id: py\ntitle: Python\nsections:\n  - { id: d, title: D, rules: ['python.*'], severity: critical }"));
    const floored = await scan({ standards: { defaults: false, paths: ['org'] }, 'severity-overrides': { 'python.deserialization.yaml-unsafe-load': 'low' } });
    expect(floored.findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')?.severity).toBe('low');
  });

  it('a broken standard is a warning naming its file and field, and the scan goes on', async () => {
    mkdirSync(join(root, '.guardian', 'standards'), { recursive: true });
    writeFileSync(join(root, '.guardian', 'standards', 'broken.md'), doc('id: broken\ntitle: Broken\nsections: []'));
    const result = await scan({ standards: { paths: ['missing-dir'] } });
    expect(result.warnings.filter((w) => w.source === 'standards')).toEqual([
      { source: 'standards', code: 'standards-not-found', path: 'missing-dir', message: 'standards path missing-dir does not exist' },
      { source: 'standards', code: 'invalid-standard', path: '.guardian/standards/broken.md', message: '.guardian/standards/broken.md: front matter field sections: a standard needs at least one section' },
    ]);
    expect(result.findings.some((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')).toBe(true);
  });
});

describe('organisation standards from a Guardian server', () => {
  let root: string;
  let orgDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'guardian-standards-server-'));
    orgDir = mkdtempSync(join(tmpdir(), 'guardian-org-standards-'));
    writeFileSync(join(root, 'load.py'), 'import yaml\n\n\ndef read(path):\n    with open(path) as f:\n        return yaml.load(f, Loader=yaml.Loader)\n');
    writeFileSync(join(orgDir, 'acme.md'), doc("id: acme\ntitle: ACME secure coding\nsections:\n  - { id: deserialisation, title: Only safe loaders, rules: ['python.deserialization.*'], severity: critical }"));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(root, { recursive: true, force: true });
    rmSync(orgDir, { recursive: true, force: true });
  });

  it('applies the server\'s standards, keeps a copy, and uses it with a warning when the server is away', async () => {
    const started = await startServer({ database: ':memory:', standards: orgDir });
    const base = await started.app.listen({ port: 0, host: '127.0.0.1' });
    vi.stubEnv('GUARDIAN_TOKEN', started.bootstrapToken!);
    const scan = async (offline: boolean) => runScan({ root, config: { standards: { defaults: false, server: base } }, scanners: await createScanners(['sast']), offline });
    try {
      const online = await scan(false);
      const finding = online.findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')!;
      expect(finding.severity).toBe('critical');
      expect(finding.standards).toEqual([{ standard: 'acme', title: 'ACME secure coding', section: 'deserialisation', sectionTitle: 'Only safe loaders', path: `${base}#acme.md` }]);
      expect(online.warnings.filter((w) => w.source === 'standards')).toEqual([]);
      expect(readFileSync(join(root, '.guardian', 'cache', 'standards', 'acme.md'), 'utf8')).toContain('id: acme');
    } finally {
      await started.app.close();
      await started.store.close();
    }
    const away = await scan(false);
    expect(away.findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')?.severity).toBe('critical');
    expect(away.warnings.filter((w) => w.source === 'standards')).toEqual([
      { source: 'standards', code: 'standards-server', message: expect.stringMatching(new RegExp(`^organisation standards from ${base.replaceAll('.', '\\.')}: .+; using the copy in \\.guardian/cache/standards/ if there is one$`)) },
    ]);
    expect((await scan(true)).warnings.find((w) => w.code === 'standards-server')?.message).toContain(': the scan is offline;');
  });
});
