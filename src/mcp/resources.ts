/**
 * What the server lets agents read: the security standards in force for each root
 * (`guardian://standards/{id}`, the Markdown documents of src/standards) and the rule
 * catalog (`guardian://rules`, one line per rule, and `guardian://rules/{id}`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { loadConfig, SCANNER_IDS } from '../core/config.js';
import type { RuleDescriptor } from '../core/finding.js';
import { runScan } from '../core/run.js';
import { createScanners } from '../scanners/index.js';
import type { Standard } from '../standards/document.js';
import { loadStandards } from '../standards/load.js';
import type { McpSession } from './session.js';

/** The standards in force for the first root (its guardian.yml, .guardian/standards, the defaults). */
export async function standardsOf(session: McpSession): Promise<Standard[]> {
  const root = session.roots[0]!;
  const { config, path } = await loadConfig(root);
  return (await loadStandards({ root, config, configDir: path ? join(path, '..') : root })).standards;
}

let catalog: Promise<RuleDescriptor[]> | undefined;
/** Every rule the scanners ship (what a scan of an empty directory reports as run), computed once. */
export function ruleCatalog(): Promise<RuleDescriptor[]> {
  catalog ??= (async () => {
    const empty = await mkdtemp(join(tmpdir(), 'guardian-rules-'));
    try {
      return (await runScan({ root: empty, config: { standards: { defaults: false } }, scanners: await createScanners(SCANNER_IDS), offline: true })).rules;
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  })();
  return catalog;
}

const standardText = (s: Standard) =>
  `# ${s.title}\n\n` +
  s.sections.map((section) => `## ${section.title}\n\nRules: ${section.rules.join(', ') || '(none)'}${section.severity ? `; reported at least at ${section.severity}` : ''}.\n${section.controls.map((c) => `- ${c}`).join('\n')}`).join('\n\n') +
  `\n\n---\n\n${s.body}\n`;

/** Register the standards and rule resources. */
export function registerResources(server: McpServer, session: McpSession): void {
  server.registerResource(
    'standards',
    new ResourceTemplate('guardian://standards/{id}', {
      list: async () => ({ resources: (await standardsOf(session)).map((s) => ({ uri: `guardian://standards/${s.id}`, name: s.id, title: s.title, mimeType: 'text/markdown' })) }),
    }),
    { title: 'Security standards', description: "The organisation's security standards: what is required, and which rules enforce each section.", mimeType: 'text/markdown' },
    async (uri, { id }) => {
      const standard = (await standardsOf(session)).find((s) => s.id === id);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: standard ? standardText(standard) : `No standard ${String(id)}.` }] };
    },
  );
  server.registerResource('rules', 'guardian://rules', { title: 'Rule catalog', description: 'Every Guardian rule: id, severity, category, CWE and title.', mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: (await ruleCatalog()).map((r) => `${r.id}\t${r.severity}\t${r.category}\t${r.cwe.join(',')}\t${r.title}`).join('\n') }],
  }));
  server.registerResource(
    'rule',
    new ResourceTemplate('guardian://rules/{id}', { list: undefined }),
    { title: 'Rule', description: 'One rule: description, severity, CWE, remediation.', mimeType: 'text/markdown' },
    async (uri, { id }) => {
      const rule = (await ruleCatalog()).find((r) => r.id === id);
      const text = rule
        ? `# ${rule.title}\n\n\`${rule.id}\` · ${rule.severity} · ${rule.category}${rule.cwe.length ? ` · ${rule.cwe.join(', ')}` : ''}\n\n${rule.description}\n\n**Fix:** ${rule.remediation ?? ''}\n`
        : `No rule ${String(id)}.`;
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  );
}
