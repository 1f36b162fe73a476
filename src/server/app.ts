/**
 * The HTTP API (Fastify): authentication on every `/api` route, Cedar checks in the
 * routes, zod validation with 400s that name the field, body limits and security headers.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { principalOf, Unauthenticated } from './auth/principal.js';
import { HttpError, type ServerContext } from './context.js';
import { findingRoutes } from './routes/findings.js';
import { metricRoutes } from './routes/metrics.js';
import { organizationRoutes } from './routes/organization.js';
import { scanRoutes } from './routes/scans.js';
import { standardRoutes } from './routes/standards.js';

export interface AppOptions {
  /** Largest accepted request body in bytes (default 100 MiB: a SARIF log of ~100k results). */
  bodyLimit?: number;
  /** Fastify's pino logger; off by default (tests, CLI use). Authorization headers are redacted. */
  logger?: boolean;
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
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    request.principal = await principalOf(ctx.db, request.headers.authorization);
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
  scanRoutes(app, ctx);
  findingRoutes(app, ctx);
  organizationRoutes(app, ctx);
  metricRoutes(app, ctx);
  standardRoutes(app, ctx);
  return app;
}
