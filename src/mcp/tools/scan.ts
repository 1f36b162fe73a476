/**
 * `scan` and `list_findings`: run Guardian's scanners on a directory and page through the
 * findings, most severe first. Secrets are masked in findings already.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import picomatch from 'picomatch';
import { z } from 'zod';
import { SCANNER_IDS } from '../../core/config.js';
import type { Finding } from '../../core/finding.js';
import { SEVERITIES, severityRank } from '../../core/severity.js';
import type { McpSession } from '../session.js';
import { toolResult } from './result.js';

/** A finding as the tools list it. */
export const findingSummary = z.object({
  id: z.string(),
  fingerprint: z.string(),
  ruleId: z.string(),
  severity: z.enum(SEVERITIES),
  category: z.string(),
  title: z.string(),
  path: z.string(),
  line: z.number(),
});

export const summarize = (f: Finding): z.infer<typeof findingSummary> => ({
  id: f.id,
  fingerprint: f.fingerprint,
  ruleId: f.ruleId,
  severity: f.severity,
  category: f.category,
  title: f.title,
  path: f.location.path,
  line: f.location.startLine,
});

const atLeast = (min: (typeof SEVERITIES)[number] | undefined) => (f: Finding) => !min || severityRank(f.severity) >= severityRank(min);

/** Register `scan` and `list_findings`. */
export function registerScanTools(server: McpServer, session: McpSession): void {
  server.registerTool(
    'scan',
    {
      title: 'Scan a directory',
      description: 'Run Guardian (SAST, secrets, dependencies, IaC, IAM, CI/CD pipelines) on a directory and return counts and the most severe findings. Later tools use this scan.',
      inputSchema: {
        path: z.string().optional().describe('Directory to scan, inside the allowed roots (default: the first root).'),
        scanners: z.array(z.enum(SCANNER_IDS)).optional().describe('Scanners to run (default: all enabled in guardian.yml).'),
        minSeverity: z.enum(SEVERITIES).optional().describe('Leave out findings below this severity.'),
        limit: z.number().int().min(1).max(200).default(20).describe('How many findings to return.'),
      },
      outputSchema: {
        root: z.string(),
        total: z.number(),
        bySeverity: z.record(z.string(), z.number()),
        byCategory: z.record(z.string(), z.number()),
        suppressed: z.number(),
        warnings: z.number(),
        findings: z.array(findingSummary),
      },
    },
    async ({ path, scanners, minSeverity, limit }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const result = await session.scan(root, scanners);
        const shown = result.findings.filter(atLeast(minSeverity));
        const out = {
          root,
          total: shown.length,
          bySeverity: result.stats.bySeverity,
          byCategory: result.stats.byCategory as Record<string, number>,
          suppressed: result.suppressed.length,
          warnings: result.warnings.length,
          findings: shown.slice(0, limit).map(summarize),
        };
        const counts = SEVERITIES.map((s) => `${result.stats.bySeverity[s]} ${s}`).join(', ');
        return { structured: out, text: `${shown.length} findings in ${root} (${counts}); ${result.suppressed.length} suppressed.` };
      }),
  );

  server.registerTool(
    'list_findings',
    {
      title: 'List findings',
      description: 'Filter and page through the findings of the last scan of a directory (scanning it first if needed).',
      inputSchema: {
        path: z.string().optional().describe('The scanned directory (default: the first root).'),
        severity: z.enum(SEVERITIES).optional().describe('Only this severity and above.'),
        category: z.enum(['sast', 'secrets', 'sca', 'iac', 'iam', 'pipeline']).optional(),
        rule: z.string().optional().describe('Rule id or glob, e.g. python.sqli.*'),
        file: z.string().optional().describe('Glob over repository-relative paths, e.g. src/**/*.py'),
        text: z.string().optional().describe('Case-insensitive text in the title, message or rule id.'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      },
      outputSchema: { total: z.number(), offset: z.number(), findings: z.array(findingSummary) },
    },
    async ({ path, severity, category, rule, file, text, offset, limit }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const result = await session.lastScan(root);
        const ruleMatch = rule ? picomatch(rule) : undefined;
        const fileMatch = file ? picomatch(file, { dot: true }) : undefined;
        const needle = text?.toLowerCase();
        const matched = result.findings.filter(
          (f) =>
            atLeast(severity)(f) &&
            (!category || f.category === category) &&
            (!ruleMatch || ruleMatch(f.ruleId)) &&
            (!fileMatch || fileMatch(f.location.path)) &&
            (!needle || `${f.title} ${f.message} ${f.ruleId}`.toLowerCase().includes(needle)),
        );
        const page = matched.slice(offset, offset + limit).map(summarize);
        return { structured: { total: matched.length, offset, findings: page }, text: `${matched.length} matching findings; showing ${page.length} from ${offset}.` };
      }),
  );
}
