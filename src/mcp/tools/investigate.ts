/**
 * `investigate`: open an incident case from a plain-language description, load the
 * evidence files (CloudTrail, IAM and EC2 snapshots, cost exports, findings) and run the
 * investigation, as `guardian case new` + `case add-evidence` + `case run` do. The case
 * stays in `<path>/.guardian/cases/<id>/` with its reports, to be re-run as evidence
 * arrives. Missing facts are returned as the clarifying questions to ask the user.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { caseSummary, createCase, evidenceStorePath, recordEvidence, recordRun, saveCase } from '../../investigate/case/index.js';
import { loadEvidence } from '../../investigate/evidence/load.js';
import { EvidenceStore } from '../../investigate/evidence/store.js';
import { writeInvestigationReports } from '../../investigate/report/index.js';
import { investigate } from '../../investigate/run.js';
import type { McpSession } from '../session.js';
import { toolResult } from './result.js';
import { join } from 'node:path';

/** Register `investigate`. */
export function registerInvestigateTool(server: McpServer, session: McpSession): void {
  server.registerTool(
    'investigate',
    {
      title: 'Investigate an AWS incident',
      description:
        'Open an incident case from a description (access keys, ARNs, IPs, times in it are extracted) and evidence paths, follow the credentials through CloudTrail, and return the summary, critical findings, clarifying questions and the first containment steps.',
      inputSchema: {
        description: z.string().min(1).describe('What happened, in plain language.'),
        evidence: z.array(z.string()).min(1).describe('Evidence files or directories inside the allowed roots.'),
        accessKey: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/).optional().describe('The leaked access key id, if not in the description.'),
        path: z.string().optional().describe('Directory that keeps the case (default: the first root).'),
      },
      outputSchema: {
        caseId: z.string(),
        summary: z.string(),
        inScope: z.number(),
        criticalFindings: z.array(z.object({ severity: z.string(), title: z.string(), detail: z.string() })),
        questions: z.array(z.object({ fact: z.string(), question: z.string() })),
        containment: z.array(z.object({ step: z.number(), action: z.string(), target: z.string(), command: z.string() })),
        reports: z.array(z.string()),
      },
    },
    async ({ description, evidence, accessKey, path }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const paths = await Promise.all(evidence.map((p) => session.resolve(p)));
        let file = await createCase(root, { description, ...(accessKey ? { entities: { accessKeyIds: [accessKey] } } : {}) });
        const store = await EvidenceStore.open(evidenceStorePath(root, file.id));
        try {
          const load = await loadEvidence(store, paths);
          file = recordEvidence(file, paths, paths.map(() => 'evidence'));
          const result = await investigate(store, caseSummary(file), { load });
          const reports = await writeInvestigationReports(result, ['json', 'md', 'html'], join(root, '.guardian', 'cases', file.id, 'reports'));
          await saveCase(root, recordRun(file, { at: result.generatedAt, inScope: result.stats.inScope, detections: result.detections.length }));
          const structured = {
            caseId: file.id,
            summary: result.summary,
            inScope: result.stats.inScope,
            criticalFindings: result.criticalFindings.map((f) => ({ severity: f.severity, title: f.title, detail: f.detail })),
            questions: result.case.missingFacts.map((m) => ({ fact: m.fact, question: m.question })),
            containment: result.containment.slice(0, 5).map((s) => ({ step: s.step, action: s.action, target: s.target, command: s.command })),
            reports,
          };
          return { structured, text: `Case ${file.id}: ${result.summary}` };
        } finally {
          await store.close();
        }
      }),
  );
}
