/**
 * The HTTP API (Fastify): authentication on every `/api` route, Cedar checks in the
 * routes, zod validation with 400s that name the field, body limits and security headers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { principalById, principalOf, Unauthenticated } from './auth/principal.js';
import { findSession, SESSION_COOKIE } from './auth/sessions.js';
import { HttpError, type ServerContext } from './context.js';
import { findingRoutes } from './routes/findings.js';
import { metricRoutes } from './routes/metrics.js';
import { organizationRoutes } from './routes/organization.js';
import { scanConfigRoutes } from './routes/scan-configs.js';
import { scanRoutes } from './routes/scans.js';
import { sessionRoutes } from './routes/session.js';
import { standardRoutes } from './routes/standards.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface AppOptions {
  /** Largest accepted request body in bytes (default 100 MiB: a SARIF log of ~100k results). */
  bodyLimit?: number;
  /** Fastify's pino logger; off by default (tests, CLI use). Authorization headers are redacted. */
  logger?: boolean;
  /** The built dashboard (index.html and assets); default dist/web of this package. */
  webRoot?: string;
}

/** The built dashboard (index.html and assets/): beside the compiled server (dist/web), or dist/web when running from source, whose src/web holds only the sources. */
function defaultWebRoot(): string | undefined {
  return [new URL('../web/', import.meta.url), new URL('../../dist/web/', import.meta.url)].map((u) => fileURLToPath(u)).find((dir) => existsSync(`${dir}index.html`) && existsSync(`${dir}assets`));
}

/** Who the request is: the bearer token, else the session cookie (whose changes must carry the CSRF token). */
async function authenticate(ctx: ServerContext, request: FastifyRequest): Promise<void> {
  const sessionId = request.cookies[SESSION_COOKIE];
  if (request.headers.authorization || !sessionId) {
    request.principal = await principalOf(ctx.db, request.headers.authorization);
    return;
  }
  const session = await findSession(ctx.db, sessionId);
  if (!session) throw new Unauthenticated('the session expired: sign in again');
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers['x-csrf-token'] !== session.csrf) throw new HttpError(403, 'missing or wrong x-csrf-token for a change made with the session cookie');
  request.principal = await principalById(ctx.db, session.principal);
  request.session = { id: sessionId, csrf: session.csrf };
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Build the API over an open database and a loaded authorizer. */
export function buildApp(ctx: ServerContext, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 100 * 1024 * 1024,
    logger: options.logger ? { redact: ['req.headers.authorization', 'req.headers.cookie'] } : false,
  });
  app.decorateRequest('principal');
  app.decorateRequest('session');
  app.register(cookie);
  app.register(rateLimit, { global: false });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/') || request.url === '/auth/session' || request.url === '/auth/logout') await authenticate(ctx, request);
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ZodError) {
      return reply.code(400).send({ error: 'invalid request', issues: error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })) });
    }
    if (error instanceof Unauthenticated) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: error.message });
    if (error instanceof HttpError) return reply.code(error.status).send({ error: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.code(status).send({ error: (error as Error).message });
    app.log.error(error);
    return reply.code(500).send({ error: 'internal error' });
  });
  app.get('/healthz', async () => ({ ok: true }));
  const webRoot = options.webRoot ?? defaultWebRoot();
  if (webRoot) {
    app.register(fastifyStatic, { root: webRoot, index: ['index.html'], cacheControl: false });
    // Client-side routes (/findings/…) load the single page.
    app.setNotFoundHandler((request, reply) => (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/auth/') ? reply.sendFile('index.html') : reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` })));
  } else {
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain').send('The dashboard is not built: run npm run build.'));
  }
  sessionRoutes(app, ctx);
  scanRoutes(app, ctx);
  findingRoutes(app, ctx);
  organizationRoutes(app, ctx);
  metricRoutes(app, ctx);
  standardRoutes(app, ctx);
  scanConfigRoutes(app, ctx);
  webhookRoutes(app, ctx);
  return app;
}
