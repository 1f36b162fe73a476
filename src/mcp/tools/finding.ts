/**
 * Tools about one finding of the last scan: `explain_finding` (the rule's rationale, the
 * code around it, the fix), `suggest_fix` (a patch where the rule has a mechanical fix)
 * and `suggest_suppression` (the exact comment or guardian.yml entry, with a reason).
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { suggestFix } from '../../fix/index.js';
import type { McpSession } from '../session.js';
import { toolResult } from './result.js';

const target = {
  path: z.string().optional().describe('The scanned directory (default: the first root).'),
  finding: z.string().min(1).describe('Finding id or fingerprint, from scan or list_findings.'),
};

/** Comment syntax by file extension for an inline suppression. */
const LINE_COMMENT: Record<string, string> = { '.js': '//', '.jsx': '//', '.ts': '//', '.tsx': '//', '.mjs': '//', '.cjs': '//', '.tf': '#', '.hcl': '#' };
const commentFor = (path: string) => LINE_COMMENT[extname(path).toLowerCase()] ?? '#';

/** Days a suggested guardian.yml suppression lasts before it must be looked at again. */
const SUPPRESSION_DAYS = 90;

/** Register `explain_finding`, `suggest_fix` and `suggest_suppression`. */
export function registerFindingTools(server: McpServer, session: McpSession): void {
  server.registerTool(
    'explain_finding',
    {
      title: 'Explain a finding',
      description: 'Why a finding matters (rule rationale, CWE, OWASP, the standard it violates), the code around it, and how to fix it.',
      inputSchema: target,
      outputSchema: {
        id: z.string(),
        ruleId: z.string(),
        title: z.string(),
        severity: z.string(),
        message: z.string(),
        rationale: z.string(),
        cwe: z.array(z.string()),
        owasp: z.array(z.string()),
        standards: z.array(z.string()),
        code: z.object({ path: z.string(), startLine: z.number(), text: z.string() }),
        fix: z.object({ text: z.string(), example: z.string().optional() }),
      },
    },
    async ({ path, finding: wanted }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const { finding, result } = await session.finding(root, wanted);
        const rule = result.rules.find((r) => r.id === finding.ruleId);
        const lines = (await readFile(join(root, finding.location.path), 'utf8').catch(() => '')).split('\n');
        const first = Math.max(1, finding.location.startLine - 3);
        const last = Math.min(lines.length, (finding.location.endLine ?? finding.location.startLine) + 3);
        // Secret values are masked in the finding; the file itself is not shown for secrets.
        const text = finding.category === 'secrets' ? (finding.location.snippet ?? '') : lines.slice(first - 1, last).map((l, i) => `${String(first + i).padStart(5)}  ${l}`).join('\n');
        const out = {
          id: finding.id,
          ruleId: finding.ruleId,
          title: finding.title,
          severity: finding.severity,
          message: finding.message,
          rationale: rule?.description ?? finding.message,
          cwe: finding.cwe,
          owasp: finding.owasp ?? [],
          standards: (finding.standards ?? []).map((c) => `${c.title}: ${c.sectionTitle} (${c.path})`),
          code: { path: finding.location.path, startLine: finding.location.startLine, text },
          fix: { text: finding.remediation.text, ...(finding.remediation.example ? { example: finding.remediation.example } : {}) },
        };
        return { structured: out, text: `${finding.title} (${finding.ruleId}, ${finding.severity}) at ${finding.location.path}:${finding.location.startLine}. ${out.rationale}\nFix: ${finding.remediation.text}` };
      }),
  );

  server.registerTool(
    'suggest_fix',
    {
      title: 'Suggest a fix',
      description: 'A unified diff that removes the finding, for rules with a mechanical fix; otherwise the reason there is none and the remediation advice.',
      inputSchema: target,
      outputSchema: { fixable: z.boolean(), description: z.string(), diff: z.string().optional(), followUp: z.string().optional() },
    },
    async ({ path, finding: wanted }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const { finding, result } = await session.finding(root, wanted);
        const fix = await suggestFix(root, finding, { findings: result.findings });
        if ('reason' in fix) return { structured: { fixable: false, description: fix.reason }, text: fix.reason };
        return { structured: { fixable: true, description: fix.description, diff: fix.diff, ...(fix.followUp ? { followUp: fix.followUp } : {}) }, text: `${fix.description}\n${fix.diff}` };
      }),
  );

  server.registerTool(
    'suggest_suppression',
    {
      title: 'Suggest a suppression',
      description: 'How to suppress a finding that is safe: the inline comment for its line and the guardian.yml entry (with an expiry). A reason is required and is recorded.',
      inputSchema: { ...target, reason: z.string().trim().min(10, 'give the reason the finding is safe (at least a sentence)') },
      outputSchema: {
        inline: z.object({ path: z.string(), line: z.number(), comment: z.string() }),
        config: z.object({ rule: z.string(), path: z.string(), fingerprint: z.string(), reason: z.string(), expires: z.string() }),
        yaml: z.string(),
      },
    },
    async ({ path, finding: wanted, reason }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const { finding } = await session.finding(root, wanted);
        const oneLine = reason.replace(/\s+/g, ' ');
        const comment = `${commentFor(finding.location.path)} guardian-ignore: ${finding.ruleId} ${oneLine}`;
        const expires = new Date(Date.now() + SUPPRESSION_DAYS * 86_400_000).toISOString().slice(0, 10);
        const config = { rule: finding.ruleId, path: finding.location.path, fingerprint: finding.fingerprint, reason: oneLine, expires };
        const yaml = ['suppressions:', `  - rule: ${finding.ruleId}`, `    path: ${JSON.stringify(finding.location.path)}`, `    fingerprint: ${finding.fingerprint}`, `    reason: ${JSON.stringify(oneLine)}`, `    expires: ${expires}`].join('\n');
        return {
          structured: { inline: { path: finding.location.path, line: finding.location.startLine, comment }, config, yaml },
          text: `Put on the line above ${finding.location.path}:${finding.location.startLine}:\n${comment}\nor add to guardian.yml:\n${yaml}`,
        };
      }),
  );
}
