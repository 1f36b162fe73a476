/**
 * `guardian mcp --http`: the MCP Streamable HTTP transport
 * (https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http)
 * on loopback by default, stateless (a fresh server per request, sharing one session so
 * scans are remembered).
 *
 * Every request needs `Authorization: Bearer <token>` (compared in constant time). The
 * `Host` header must name this machine (`localhost`, `127.0.0.1`, `[::1]`, or a host
 * allowed with --allowed-host) and a browser's `Origin`, when sent, must be allowed: both
 * stop DNS-rebinding attacks from web pages, as the specification requires. Bodies are
 * limited to 1 MiB.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createGuardianServer } from './server.js';
import type { McpSession } from './session.js';

/** Options of {@link startHttpServer}. */
export interface HttpOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** Extra `Host` names accepted (a reverse proxy's name). */
  allowedHosts?: string[];
  /** Origins accepted from browsers (e.g. `https://ide.example.com`); none by default. */
  allowedOrigins?: string[];
}

const MAX_BODY = 1024 * 1024;
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(status === 401 ? { 'www-authenticate': 'Bearer realm="guardian"' } : {}) });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }));
}

const sameToken = (given: string, token: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Why a request is refused (status and message), or undefined when it may go on. */
export function checkRequest(req: Pick<IncomingMessage, 'headers'>, options: HttpOptions): { status: number; message: string } | undefined {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (![...LOCAL_HOSTS, ...(options.allowedHosts ?? [])].includes(host)) return { status: 403, message: `Host '${host}' is not allowed (DNS rebinding protection); add it with --allowed-host` };
  const origin = req.headers.origin;
  if (origin !== undefined && !(options.allowedOrigins ?? []).includes(origin)) return { status: 403, message: `Origin '${origin}' is not allowed; add it with --allowed-origin` };
  const auth = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(auth);
  if (!match || !sameToken(match[1]!, options.token)) return { status: 401, message: 'missing or wrong bearer token (Authorization: Bearer <GUARDIAN_MCP_TOKEN>)' };
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown) : undefined;
}

/** Start listening; resolves with the server once it listens (its address has the port). */
export async function startHttpServer(session: McpSession, options: HttpOptions): Promise<Server> {
  const http = createServer(async (req, res) => {
    const refused = checkRequest(req, options);
    if (refused) return refuse(res, refused.status, refused.message);
    if (req.method !== 'POST') return refuse(res, 405, 'this server is stateless: POST JSON-RPC messages to it');
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (error) {
      return refuse(res, 400, `bad request body: ${(error as Error).message}`);
    }
    const server = createGuardianServer(session);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  return http;
}
