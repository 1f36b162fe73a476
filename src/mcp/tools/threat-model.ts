/**
 * `threat_model`: the Four Question Frame over a directory (architecture inferred from
 * code, IaC and design docs; STRIDE threats with evidence; mitigations), written as
 * Markdown, HTML and Threat Composer JSON to `<path>/.guardian/threat-model/`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { THREAT_MODEL_FILES, type ThreatModelFormat, renderThreatModel } from '../../threatmodel/outputs.js';
import { byPriority, threatSentence } from '../../threatmodel/report-view.js';
import { runThreatModel } from '../../threatmodel/run.js';
import type { McpSession } from '../session.js';
import { toolResult } from './result.js';

const STRIDE_NAMES = { S: 'Spoofing', T: 'Tampering', R: 'Repudiation', I: 'Information disclosure', D: 'Denial of service', E: 'Elevation of privilege' } as const;
const FORMATS: ThreatModelFormat[] = ['md', 'html', 'tc.json'];

const threatSchema = z.object({ id: z.string(), priority: z.string(), statement: z.string(), status: z.string() });

/** Register `threat_model`. */
export function registerThreatModelTool(server: McpServer, session: McpSession): void {
  server.registerTool(
    'threat_model',
    {
      title: 'Threat model',
      description: 'Build the threat model of a directory: what we are working on (a data-flow diagram from code, IaC and design docs), what can go wrong (STRIDE threats with evidence), what we do about it (mitigations). Writes Markdown, HTML and Threat Composer files.',
      inputSchema: { path: z.string().optional().describe('Repository directory (default: the first root).') },
      outputSchema: {
        application: z.string(),
        elements: z.number(),
        flows: z.number(),
        threats: z.number(),
        byStride: z.record(z.string(), z.array(threatSchema)),
        reports: z.array(z.string()),
      },
    },
    async ({ path }) =>
      toolResult(async () => {
        const root = await session.resolve(path);
        const { report } = await runThreatModel({ root });
        const out = join(root, '.guardian', 'threat-model');
        await mkdir(out, { recursive: true });
        const reports: string[] = [];
        for (const format of FORMATS) {
          const file = join(out, THREAT_MODEL_FILES[format]);
          await writeFile(file, await renderThreatModel(format, report));
          reports.push(file);
        }
        const byStride: Record<string, z.infer<typeof threatSchema>[]> = {};
        for (const threat of byPriority(report.model.threats))
          for (const letter of threat.stride) (byStride[STRIDE_NAMES[letter]] ??= []).push({ id: threat.id, priority: threat.priority, statement: threatSentence(threat), status: threat.status });
        const architecture = report.architecture;
        const structured = {
          application: report.model.application.name,
          elements: architecture.elements.length,
          flows: architecture.flows.length,
          threats: report.model.threats.length,
          byStride,
          reports,
        };
        const counts = Object.entries(byStride).map(([name, list]) => `${name} ${list.length}`).join(', ');
        return { structured, text: `${structured.threats} threats for ${structured.application} (${counts}); reports: ${reports.join(', ')}` };
      }),
  );
}
