/**
 * `guardian mcp` end to end: the SDK's client starts this checkout's CLI over stdio, lists
 * and calls every tool, reads the resources and prompts; over HTTP, requests without the
 * token, from a foreign origin or to a foreign host are refused, and a good one works.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/mcp/http.js';
import { McpSession } from '../../src/mcp/session.js';

const REPO = join(import.meta.dirname, '..', '..');
const APP = `import sqlite3
import yaml
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def load_config():
    return yaml.load(request.data, Loader=yaml.Loader)


@app.route("/user")
def user():
    db = sqlite3.connect("app.db")
    return str(db.execute("SELECT * FROM users WHERE name = '" + request.args["name"] + "'").fetchall())


@app.route("/report")
def report():
    return render_template_string(request.args["template"])
`;

let dir: string;
let client: Client;
type Structured = Record<string, unknown>;
const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = (await client.callTool({ name, arguments: args })) as { structuredContent?: Structured; isError?: boolean; content: { text: string }[] };
  return result;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guardian-mcp-'));
  writeFileSync(join(dir, 'app.py'), APP);
  cpSync(join(REPO, 'examples', 'leaked-key-case'), join(dir, 'evidence'), { recursive: true });
  const runner = join(dir, '.runner.mts');
  writeFileSync(runner, `import { main } from ${JSON.stringify(pathToFileURL(join(REPO, 'src', 'cli', 'main.ts')).href)};\nprocess.exitCode = await main(process.argv);\n`);
  client = new Client({ name: 'guardian-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: ['--import', pathToFileURL(join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, runner, 'mcp', '--root', dir], stderr: 'pipe' }),
  );
}, 60_000);

afterAll(async () => {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('guardian mcp over stdio', () => {
  it('lists every tool with input and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['explain_finding', 'investigate', 'list_findings', 'scan', 'suggest_fix', 'suggest_suppression', 'threat_model']);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
  });

  it('scans, lists, explains, fixes and suppresses a finding', async () => {
    const scan = await call('scan', { scanners: ['sast', 'secrets'] });
    expect(scan.isError).toBeFalsy();
    const findings = scan.structuredContent!.findings as { id: string; ruleId: string; line: number; fingerprint: string }[];
    const yamlFinding = findings.find((f) => f.ruleId.startsWith('python.deserialization.'))!;
    expect(yamlFinding.line).toBe(10);
    expect(findings.some((f) => f.ruleId.startsWith('python.sqli.'))).toBe(true);

    const listed = await call('list_findings', { rule: 'python.sqli.*' });
    expect((listed.structuredContent!.findings as { path: string; line: number }[]).map((f) => [f.path, f.line])).toContainEqual(['app.py', 16]);

    const explained = await call('explain_finding', { finding: yamlFinding.id });
    const code = (explained.structuredContent!.code as { text: string }).text;
    expect(code).toContain('   10      return yaml.load(request.data, Loader=yaml.Loader)');
    expect(explained.structuredContent!.cwe).toEqual(['CWE-502']);
    expect(explained.structuredContent!.standards).toEqual(['Guardian baseline application security standard: Untrusted input never becomes code, queries, commands or markup (builtin:guardian-baseline.md)']);

    const fix = await call('suggest_fix', { finding: yamlFinding.fingerprint });
    expect(fix.structuredContent!.fixable).toBe(true);
    expect(fix.structuredContent!.diff).toContain('-    return yaml.load(request.data, Loader=yaml.Loader)\n+    return yaml.safe_load(request.data)');
    const sqli = findings.find((f) => f.ruleId.startsWith('python.sqli.'))!;
    const sqlFix = await call('suggest_fix', { finding: sqli.id });
    expect(sqlFix.structuredContent!.diff).toContain(`+    return str(db.execute("SELECT * FROM users WHERE name = ?", (request.args["name"],)).fetchall())`);
    const ssti = findings.find((f) => f.line === 21)!;
    expect((await call('suggest_fix', { finding: ssti.id })).structuredContent).toEqual({ fixable: false, description: expect.stringContaining(`${ssti.ruleId} has no mechanical fix`) });

    const suppression = await call('suggest_suppression', { finding: yamlFinding.id, reason: 'The config endpoint is only reachable from the admin VPN.' });
    expect(suppression.structuredContent!.inline).toEqual({ path: 'app.py', line: 10, comment: `# guardian-ignore: ${yamlFinding.ruleId} The config endpoint is only reachable from the admin VPN.` });
    expect((await call('suggest_suppression', { finding: yamlFinding.id, reason: 'ok' })).isError).toBe(true);
  }, 60_000);

  it('builds the threat model and writes its reports', async () => {
    const model = await call('threat_model', {});
    expect(model.isError).toBeFalsy();
    expect(model.structuredContent!.threats).toBeGreaterThan(0);
    expect(model.structuredContent!.reports).toEqual(['threat-model.md', 'threat-model.html', 'threat-model.tc.json'].map((f) => join(dir, '.guardian', 'threat-model', f)));
  }, 60_000);

  it('opens and runs an investigation case from a description and evidence', async () => {
    const result = await call('investigate', {
      description: 'Our reporting key AKIA5EXAMPLEREPORT3Q for IAM user svc-reporting was pushed to a public GitHub repo on 2024-06-04 around 03:00 UTC.',
      evidence: [join(dir, 'evidence', 'cloudtrail'), join(dir, 'evidence', 'snapshots')],
    });
    expect(result.isError).toBeFalsy();
    const s = result.structuredContent!;
    expect(s.inScope).toBe(47);
    expect(s.summary).toContain('AKIA5EXAMPLEREPORT3Q');
    expect((s.containment as { command: string }[])[0]!.command).toBe('aws iam update-access-key --user-name svc-reporting --access-key-id AKIA5EXAMPLEREPORT3Q --status Inactive');
    expect((s.questions as { fact: string }[]).map((q) => q.fact)).toContain('rotated');
  }, 120_000);

  it('refuses paths outside its roots', async () => {
    const refused = await call('scan', { path: REPO });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain('outside the directories this server may read');
  });

  it('serves the standards, the rule catalog and the two agent prompts', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain('guardian://standards/guardian-baseline');
    const standard = await client.readResource({ uri: 'guardian://standards/guardian-baseline' });
    expect((standard.contents[0] as { text: string }).text).toContain('## No secrets in code, configuration or environment variables');
    const rule = await client.readResource({ uri: 'guardian://rules/python.deserialization.yaml-unsafe-load' });
    expect((rule.contents[0] as { text: string }).text).toContain('`python.deserialization.yaml-unsafe-load`');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['security-scanner', 'threat-modeler']);
    const prompt = await client.getPrompt({ name: 'threat-modeler', arguments: { path: 'services/payments' } });
    expect((prompt.messages[0]!.content as { text: string }).text).toContain('threat modeling session for services/payments');
  }, 60_000);
});

describe('guardian mcp over HTTP', () => {
  let server: Server;
  let url: string;
  const TOKEN = 'test-token-0123456789abcdef';
  beforeAll(async () => {
    server = await startHttpServer(await McpSession.create([REPO]), { host: '127.0.0.1', port: 0, token: TOKEN });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const post = (headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });

  it('refuses a missing or wrong token, a foreign origin and a foreign host', async () => {
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer nope' })).status).toBe(401);
    const origin = await post({ authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    expect(((await origin.json()) as { error: { message: string } }).error.message).toContain("Origin 'https://evil.example' is not allowed");
    // fetch cannot set Host; node:http can.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { host: 'attacker.example', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('serves the tools to a client with the token', async () => {
    const http = new Client({ name: 'guardian-http-test', version: '1.0.0' });
    await http.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    try {
      expect((await http.listTools()).tools).toHaveLength(7);
    } finally {
      await http.close();
    }
  });
});
