/**
 * `guardian mcp`: Guardian's tools for agentic IDEs and CLIs over MCP, on stdio (the
 * default: the client starts the process) or Streamable HTTP (`--http`, bearer token).
 * Only protocol goes to stdout in stdio mode; messages go to stderr.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { UsageError } from '../core/errors.js';
import { startHttpServer } from '../mcp/http.js';
import { createGuardianServer } from '../mcp/server.js';
import { McpSession } from '../mcp/session.js';

interface McpFlags {
  root?: string[];
  http?: boolean;
  host: string;
  port: string;
  allowedHost?: string[];
  allowedOrigin?: string[];
}

/** Register `guardian mcp`. */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('Run Guardian as an MCP server for agentic IDEs and CLIs (stdio, or Streamable HTTP with --http).')
    .option('--root <dir...>', 'directories the tools may read and write reports in (default: the working directory)')
    .option('--http', 'serve Streamable HTTP instead of stdio; the bearer token is GUARDIAN_MCP_TOKEN, or generated and printed once')
    .option('--host <addr>', 'address to listen on with --http', '127.0.0.1')
    .option('--port <n>', 'port with --http (0: any free port)', '8765')
    .option('--allowed-host <name...>', 'extra Host names accepted with --http (behind a reverse proxy)')
    .option('--allowed-origin <origin...>', 'browser origins accepted with --http (none by default)')
    .action(async (flags: McpFlags) => {
      let session: McpSession;
      try {
        session = await McpSession.create(flags.root?.length ? flags.root : [process.cwd()]);
      } catch (error) {
        throw new UsageError(`--root: ${(error as Error).message}`);
      }
      if (!flags.http) {
        await createGuardianServer(session).connect(new StdioServerTransport());
        return;
      }
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: not a port number: '${flags.port}'`);
      const given = process.env.GUARDIAN_MCP_TOKEN;
      const token = given && given.length >= 16 ? given : randomBytes(32).toString('base64url');
      if (given && given.length < 16) process.stderr.write('guardian mcp: GUARDIAN_MCP_TOKEN is shorter than 16 characters; using a generated token instead\n');
      const server = await startHttpServer(session, { host: flags.host, port, token, ...(flags.allowedHost ? { allowedHosts: flags.allowedHost } : {}), ...(flags.allowedOrigin ? { allowedOrigins: flags.allowedOrigin } : {}) });
      const address = server.address() as AddressInfo;
      process.stderr.write(`guardian mcp: listening on http://${flags.host}:${address.port}/ (roots: ${session.roots.join(', ')})\n`);
      if (token !== given) process.stderr.write(`guardian mcp: bearer token (shown once): ${token}\n`);
      await new Promise<void>((resolve) => server.on('close', resolve));
    });
}
