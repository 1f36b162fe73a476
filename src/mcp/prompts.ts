/**
 * Prompts (https://modelcontextprotocol.io/specification/2025-06-18/server/prompts): agent
 * instructions that use the tools and the standards. Their texts live beside this file
 * (prompts/*.md) with `{{path}}` and `{{focus}}` placeholders.
 */
import { readFileSync } from 'node:fs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const text = (name: string) => readFileSync(new URL(`./prompts/${name}.md`, import.meta.url), 'utf8');
const fill = (template: string, path: string | undefined, focus: string | undefined) => template.replaceAll('{{path}}', path || 'the repository').replaceAll('{{focus}}', focus ? ` (focus: ${focus})` : '');

/** Register the `security-scanner` and `threat-modeler` prompts. */
export function registerPrompts(server: McpServer): void {
  const args = { path: z.string().optional().describe('Directory to work on'), focus: z.string().optional().describe('What to concentrate on, e.g. "authentication" or "the payments service"') };
  for (const [name, title] of [
    ['security-scanner', 'Security scanner agent: scan, explain, fix, suppress with reasons, following the standards'],
    ['threat-modeler', 'Threat modeler agent: the Four Question Frame with STRIDE'],
  ] as const) {
    const template = text(name);
    server.registerPrompt(name, { title, description: title, argsSchema: args }, ({ path, focus }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: fill(template, path, focus) } }],
    }));
  }
}
