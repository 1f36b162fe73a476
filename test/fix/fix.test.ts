/**
 * Mechanical fixes: each fix applied to code the rule flags, then a re-scan with the real
 * scanner proves the finding gone; code the fix cannot rewrite safely is refused with a reason.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@ast-grep/napi';
import { registerAstLanguages } from '../../src/core/ast-languages.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/core/run.js';
import { applyFixes, type FixSuggestion, githubCommitResolver, suggestFix } from '../../src/fix/index.js';
import { createScanners } from '../../src/scanners/index.js';

const CODE = `import pickle
import yaml


def read(path):
    with open(path) as fh:
        return yaml.load(fh)


def read_all(stream):
    return list(yaml.load_all(stream, Loader=yaml.FullLoader))


def legacy(stream):
    return yaml.unsafe_load(stream)


def nested(path):
    return yaml.load(open(path), Loader=yaml.Loader)


def cached(blob):
    return pickle.loads(blob)
`;

let root: string;
const scan = async () => (await runScan({ root, config: { standards: { defaults: false } }, scanners: await createScanners(['sast']), offline: true })).findings;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'guardian-fix-'));
  writeFileSync(join(root, 'store.py'), CODE);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('suggestFix', () => {
  it('rewrites every unsafe PyYAML load to its safe form, and the re-scan is clean', async () => {
    const findings = (await scan()).filter((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load');
    expect(findings.map((f) => f.location.startLine)).toEqual([7, 11, 15, 19]);
    const lines = CODE.split('\n');
    for (const finding of findings) {
      const fix = await suggestFix(root, finding);
      if ('reason' in fix) throw new Error(fix.reason);
      for (const edit of fix.edits) lines[edit.startLine - 1] = edit.replacement;
    }
    const fixed = lines.join('\n');
    writeFileSync(join(root, 'store.py'), fixed);
    expect(fixed).toContain('        return yaml.safe_load(fh)\n');
    expect(fixed).toContain('    return list(yaml.safe_load_all(stream))\n');
    expect(fixed).toContain('    return yaml.safe_load(stream)\n');
    expect(fixed).toContain('    return yaml.safe_load(open(path))\n');
    registerAstLanguages();
    expect(parse('python', fixed).root().find({ rule: { kind: 'ERROR' } })).toBeNull();
    expect((await scan()).filter((f) => f.ruleId.startsWith('python.deserialization.') && f.location.startLine !== 23)).toEqual([]);
  });

  it('gives a unified diff git can apply', async () => {
    const [finding] = (await scan()).filter((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load');
    const fix = await suggestFix(root, finding!);
    expect('diff' in fix && fix.diff).toBe(
      ['--- a/store.py', '+++ b/store.py', '@@ -4,7 +4,7 @@', ' ', ' def read(path):', '     with open(path) as fh:', '-        return yaml.load(fh)', '+        return yaml.safe_load(fh)', ' ', ' ', ' def read_all(stream):', ''].join('\n'),
    );
  });

  it('refuses what it cannot rewrite safely, and a file that changed since the scan', async () => {
    const findings = await scan();
    const pickleFinding = findings.find((f) => f.location.startLine === 23)!;
    expect(await suggestFix(root, pickleFinding)).toEqual({ reason: expect.stringMatching(new RegExp(`^${pickleFinding.ruleId.replaceAll('.', '\\.')} has no mechanical fix`)) });
    // The taint rule has the PyYAML fix, but pickle is not PyYAML.
    expect(await suggestFix(root, { ...pickleFinding, ruleId: 'python.deserialization.taint' })).toEqual({ reason: expect.stringContaining('no safe drop-in replacement') });
    const yamlFinding = findings.find((f) => f.ruleId === 'python.deserialization.yaml-unsafe-load')!;
    writeFileSync(join(root, 'store.py'), readFileSync(join(root, 'store.py'), 'utf8').replace('return yaml.load(fh)', 'return json.load(fh)'));
    expect(await suggestFix(root, yamlFinding)).toEqual({ reason: 'store.py:7 changed since the scan; scan again' });
  });
});

/** Fix every finding of `rules` in `root`; the fixes and the reasons given for the rest. */
async function fixAll(dir: string, findings: Awaited<ReturnType<typeof scan>>, rules: (ruleId: string) => boolean, options: Parameters<typeof suggestFix>[2] = {}) {
  const fixes: FixSuggestion[] = [];
  const refused: Record<number, string> = {};
  for (const finding of findings.filter((f) => rules(f.ruleId))) {
    const fix = await suggestFix(dir, finding, { findings, ...options });
    if ('reason' in fix) refused[finding.location.startLine] = fix.reason;
    else fixes.push(fix);
  }
  await applyFixes(dir, fixes);
  return { fixes, refused };
}

const parsesClean = (code: string) => {
  registerAstLanguages();
  return parse('python', code).root().find({ rule: { kind: 'ERROR' } }) === null;
};

describe('parameterised SQL', () => {
  const SQLITE = `import sqlite3
from flask import request

db = sqlite3.connect("shop.db")


def order(order_id):
    cur = db.cursor()
    cur.execute(f"SELECT * FROM orders WHERE id = {order_id}")
    return cur.fetchone()


def by_customer():
    name = request.args["name"]
    return db.execute("SELECT * FROM orders WHERE customer = '" + name + "' AND status = 'open'").fetchall()


def between(low, high):
    query = "SELECT * FROM orders WHERE total > %s AND total < %s LIMIT 10" % (low, high)
    return db.execute(query).fetchall()


def listed(a, b):
    return db.execute("INSERT INTO seen (a, b) VALUES ({}, {})".format(a, b))


def sorted_by(column):
    return db.execute(f"SELECT * FROM orders ORDER BY {column}").fetchall()


def search(term):
    return db.execute(f"SELECT * FROM orders WHERE note LIKE '%{term}%'").fetchall()
`;

  it('binds every spliced value with ? for sqlite3, refuses identifiers and partial literals, and the re-scan is clean', async () => {
    writeFileSync(join(root, 'shop.py'), SQLITE);
    const isSql = (id: string) => id.startsWith('python.sqli.');
    const before = (await scan()).filter((f) => isSql(f.ruleId));
    expect(before.map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual([9, 15, 20, 24, 28, 32]);
    const { fixes, refused } = await fixAll(root, before, isSql);
    expect(fixes).toHaveLength(4);
    expect(refused).toEqual({
      28: 'column is spliced where the SQL needs an identifier or keyword, not a value; pick it from an allow-list instead',
      32: 'term is spliced into the middle of a quoted SQL literal (e.g. a LIKE pattern); bind the whole pattern as one parameter by hand',
    });
    const fixed = readFileSync(join(root, 'shop.py'), 'utf8');
    expect(fixed).toContain('    cur.execute(f"SELECT * FROM orders WHERE id = {order_id}")'.replace('f"SELECT * FROM orders WHERE id = {order_id}"', '"SELECT * FROM orders WHERE id = ?", (order_id,)'));
    expect(fixed).toContain(`    return db.execute("SELECT * FROM orders WHERE customer = ? AND status = 'open'", (name,)).fetchall()`);
    expect(fixed).toContain('    query = "SELECT * FROM orders WHERE total > ? AND total < ? LIMIT 10"\n    return db.execute(query, (low, high)).fetchall()');
    expect(fixed).toContain('    return db.execute("INSERT INTO seen (a, b) VALUES (?, ?)", (a, b))');
    expect(parsesClean(fixed)).toBe(true);
    expect((await scan()).filter((f) => isSql(f.ruleId)).map((f) => f.location.startLine)).toEqual([28, 32]);
  });

  it('uses %s and doubles literal % for psycopg2, a list for Django raw(), and refuses an unknown driver', async () => {
    const code = `import psycopg2
from django.db import models


def named(conn, prefix, uid):
    with conn.cursor() as cur:
        cur.execute(f"SELECT * FROM t WHERE name LIKE 'a%' AND id = {uid}")


def raw(uid):
    return User.objects.raw(f"SELECT * FROM auth_user WHERE id = {uid}")
`;
    writeFileSync(join(root, 'pg.py'), code);
    writeFileSync(join(root, 'unknown.py'), 'def find(session, uid):\n    return session.execute(f"SELECT * FROM t WHERE id = {uid}")\n');
    const findings = (await scan()).filter((f) => f.ruleId.startsWith('python.sqli.'));
    const { refused } = await fixAll(root, findings, () => true);
    expect(Object.values(refused)).toEqual([expect.stringContaining('placeholder style is unknown')]);
    const fixed = readFileSync(join(root, 'pg.py'), 'utf8');
    expect(fixed).toContain(`cur.execute("SELECT * FROM t WHERE name LIKE 'a%%' AND id = %s", (uid,))`);
    expect(fixed).toContain('User.objects.raw("SELECT * FROM auth_user WHERE id = %s", [uid])');
    expect((await scan()).filter((f) => f.ruleId.startsWith('python.sqli.') && f.location.path === 'pg.py')).toEqual([]);
  });
});

describe('shell=False with an argument list', () => {
  const CODE = `import asyncio
import os
import subprocess


def ping(host):
    return subprocess.run(f"ping -c 1 {host}", shell=True, check=True)


def archive(name, dest):
    cmd = "tar -czf " + dest + "/" + name + ".tgz " + name
    subprocess.check_call(cmd, shell=True)


async def lookup(domain):
    return await asyncio.create_subprocess_shell(f"whois {domain}")


def count(path):
    return subprocess.run(f"wc -l {path} | sort", shell=True)


def legacy(host):
    os.system("ping " + host)
`;

  it('turns plain-word commands into argument lists, refuses shell syntax and os.system, and the re-scan is clean', async () => {
    writeFileSync(join(root, 'ops.py'), CODE);
    const isCmd = (id: string) => id.startsWith('python.command-injection.');
    const before = (await scan()).filter((f) => isCmd(f.ruleId));
    expect(before.map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual([7, 12, 16, 20, 24]);
    const { fixes, refused } = await fixAll(root, before, isCmd);
    expect(fixes).toHaveLength(3);
    expect(refused).toEqual({
      20: 'the command uses shell syntax ("|"), which would mean something else without a shell',
      24: 'os.system() always runs a shell and returns something subprocess.run() does not; rewrite it as subprocess.run([...]) by hand',
    });
    const fixed = readFileSync(join(root, 'ops.py'), 'utf8');
    expect(fixed).toContain('    return subprocess.run(["ping", "-c", "1", str(host)], check=True)\n');
    expect(fixed).toContain('    cmd = ["tar", "-czf", f"{dest}/{name}.tgz", str(name)]\n    subprocess.check_call(cmd)\n');
    expect(fixed).toContain('    return await asyncio.create_subprocess_exec("whois", str(domain))\n');
    expect(parsesClean(fixed)).toBe(true);
    expect((await scan()).filter((f) => isCmd(f.ruleId)).map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual([20, 24]);
  });

  it('leaves a command variable that other code reads', async () => {
    writeFileSync(join(root, 'ops.py'), 'import subprocess\n\n\ndef run(target):\n    cmd = "make " + target\n    print(cmd)\n    subprocess.run(cmd, shell=True)\n');
    const [finding] = (await scan()).filter((f) => f.ruleId.startsWith('python.command-injection.'));
    expect(await suggestFix(root, finding!)).toEqual({ reason: expect.stringContaining('cmd is assigned more than once, used elsewhere') });
  });
});

const scanWith = async (scanners: Parameters<typeof createScanners>[0], config: Record<string, unknown> = {}) =>
  (await runScan({ root, config: { standards: { defaults: false }, ...config }, scanners: await createScanners(scanners), offline: true })).findings;

describe('pinning actions to a commit SHA', () => {
  const WORKFLOW = `name: CI
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: changed
        uses: "tj-actions/changed-files@v45" # changed files
      - uses: docker://alpine:3.20
      - uses: example/gone@v1
  shared:
    uses: example-org/shared/.github/workflows/test.yml@main
`;
  const SHAS: Record<string, string> = {
    'actions/checkout@v4': '11bd71901bbe5b1630ceea73d27597364c9af683',
    'tj-actions/changed-files@v45': 'ed68ef82c095e0d48ec87eccea555d944a631a4c',
    'example-org/shared@main': '0123456789abcdef0123456789abcdef01234567',
  };
  let server: Server;
  let apiUrl: string;
  const requests: { url: string; accept?: string; authorization?: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url!, accept: req.headers.accept, authorization: req.headers.authorization });
      const match = /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)$/.exec(req.url!);
      const sha = match && SHAS[`${match[1]}@${decodeURIComponent(match[2]!)}`];
      res.writeHead(sha ? 200 : 404, { 'content-type': 'text/plain' }).end(sha ?? '{"message":"No commit found for SHA: v1"}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('pins each action and reusable workflow to the SHA the API resolves, keeps the ref as a comment, and the re-scan is clean', async () => {
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), WORKFLOW);
    const isPin = (id: string) => id === 'pipeline.github-actions.unpinned-action';
    const before = (await scanWith(['pipeline'])).filter((f) => isPin(f.ruleId));
    expect(before.map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual([9, 11, 12, 13, 15]);
    const { fixes, refused } = await fixAll(root, before, isPin, { resolveCommit: githubCommitResolver({ apiUrl, token: 'test-token' }) });
    expect(fixes).toHaveLength(3);
    expect(refused).toEqual({
      12: 'pin a docker:// image by its digest (image@sha256:…), which only its registry can tell',
      13: `${apiUrl} answered HTTP 404 for example/gone@v1 (no such repository or ref, or a private one: set GITHUB_TOKEN)`,
    });
    expect(requests).toContainEqual({ url: '/repos/actions/checkout/commits/v4', accept: 'application/vnd.github.sha', authorization: 'Bearer test-token' });
    const fixed = readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(fixed).toContain('      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4\n');
    expect(fixed).toContain('        uses: "tj-actions/changed-files@ed68ef82c095e0d48ec87eccea555d944a631a4c" # v45\n');
    expect(fixed).toContain('    uses: example-org/shared/.github/workflows/test.yml@0123456789abcdef0123456789abcdef01234567 # main\n');
    expect((await scanWith(['pipeline'])).filter((f) => isPin(f.ruleId)).map((f) => f.location.startLine).sort((a, b) => a - b)).toEqual([12, 13]);
  });
});

describe('upgrading a vulnerable dependency', () => {
  const osv = { sca: { advisories: [join(import.meta.dirname, '..', 'fixtures', 'osv')] } };

  it('raises each requirements pin to the version that fixes all its advisories, and the re-scan is clean', async () => {
    writeFileSync(join(root, 'requirements.txt'), 'pyyaml==5.3\nrequests[socks]==2.19.0  # http client\njinja2==2.10 ; python_version >= "3.8"\n');
    const before = await scanWith(['sca'], osv);
    expect(before.map((f) => `${f.package!.name}@${f.remediation.fixedVersion}`).sort()).toEqual(['jinja2@2.10.1', 'jinja2@2.11.3', 'pyyaml@5.3.1', 'pyyaml@5.4', 'requests@2.20.0', 'requests@2.31.0']);
    const { fixes, refused } = await fixAll(root, before, () => true);
    expect(refused).toEqual({});
    expect(fixes[0]!.followUp).toBe('pip install -r requirements.txt, then run the tests.');
    expect(readFileSync(join(root, 'requirements.txt'), 'utf8')).toBe('pyyaml==5.4\nrequests[socks]==2.31.0  # http client\njinja2==2.11.3 ; python_version >= "3.8"\n');
    expect(await scanWith(['sca'], osv)).toEqual([]);
  });

  it('edits the package.json range beside an npm lockfile and says how to refresh the lockfile; refuses transitive and hash-pinned packages', async () => {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { minimist: '^1.2.0', express: '~4.17.1' } }, null, 2));
    writeFileSync(
      join(root, 'package-lock.json'),
      JSON.stringify(
        {
          name: 'app',
          lockfileVersion: 3,
          packages: {
            '': { name: 'app', version: '1.0.0', dependencies: { minimist: '^1.2.0', express: '~4.17.1' } },
            'node_modules/minimist': { version: '1.2.5' },
            'node_modules/express': { version: '4.17.1', dependencies: { qs: '6.7.0' } },
            'node_modules/qs': { version: '6.7.0' },
          },
        },
        null,
        2,
      ),
    );
    const before = await scanWith(['sca'], osv);
    expect(before.map((f) => `${f.package!.name}@${f.package!.version}:${f.ruleId}`).sort()).toEqual(['express@4.17.1:GHSA-qw6h-vgh9-j6wx', 'express@4.17.1:GHSA-rv95-896h-c2vc', 'minimist@1.2.5:GHSA-xvch-5gv4-984h', 'qs@6.7.0:GHSA-hrpp-h998-j3pp']);
    const { fixes, refused } = await fixAll(root, before, () => true);
    expect(fixes.map((f) => f.edits)).toEqual([
      [{ path: 'package.json', startLine: 5, endLine: 5, replacement: '    "minimist": "^1.2.6",' }],
      [{ path: 'package.json', startLine: 6, endLine: 6, replacement: '    "express": "~4.20.0"' }],
      [{ path: 'package.json', startLine: 6, endLine: 6, replacement: '    "express": "~4.20.0"' }],
    ]);
    expect(fixes[0]!.followUp).toBe('Run npm install to update package-lock.json, then commit both files.');
    expect(refused).toEqual({ [before.find((f) => f.package!.name === 'qs')!.location.startLine]: 'qs is transitive: upgrade the package that requires it, or add "qs": "^6.7.3" to "overrides" (npm), "resolutions" (Yarn) or "pnpm.overrides" in package.json, then npm install' });
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies).toEqual({ minimist: '^1.2.6', express: '~4.20.0' });

    writeFileSync(join(root, 'requirements.txt'), 'pyyaml==5.3 --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n');
    const rescanned = await scanWith(['sca'], osv);
    const hashed = rescanned.find((f) => f.package!.name === 'pyyaml')!;
    expect(await suggestFix(root, hashed, { findings: rescanned })).toEqual({ reason: 'pyyaml is hash-pinned: regenerate the file with pip-compile --generate-hashes after raising it to 5.4' });
  });
});
