/**
 * Guardian as an MCP server (Model Context Protocol, https://modelcontextprotocol.io/specification):
 * the tools, resources and prompts an agentic IDE or CLI uses, confined to the
 * directories given as roots.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TOOL } from '../core/tool.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import type { McpSession } from './session.js';
import { registerFindingTools } from './tools/finding.js';
import { registerInvestigateTool } from './tools/investigate.js';
import { registerScanTools } from './tools/scan.js';
import { registerThreatModelTool } from './tools/threat-model.js';

/** A server with every tool, resource and prompt, over `session`'s roots. Connect it to a transport. */
export function createGuardianServer(session: McpSession): McpServer {
  const server = new McpServer(
    { name: 'guardian', version: TOOL.version },
    { instructions: `Guardian application security: scan code, explain and fix findings, threat-model, investigate AWS incidents. Allowed directories: ${session.roots.join(', ')}.` },
  );
  registerScanTools(server, session);
  registerFindingTools(server, session);
  registerThreatModelTool(server, session);
  registerInvestigateTool(server, session);
  registerResources(server, session);
  registerPrompts(server);
  return server;
}
