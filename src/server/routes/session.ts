/**
 * Signing in to the dashboard: `POST /auth/login` exchanges an API token for a session
 * cookie (rate-limited), `GET /auth/session` says who is signed in and gives the CSRF
 * token, `POST /auth/logout` ends the session.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../audit.js';
import { principalOfToken } from '../auth/principal.js';
import { closeSession, openSession, SESSION_COOKIE, SESSION_HOURS } from '../auth/sessions.js';
import type { ServerContext } from '../context.js';

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/auth/login', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const { token } = z.object({ token: z.string().trim().min(1).max(100) }).parse(request.body);
    const principal = await principalOfToken(ctx.db, token);
    const session = await openSession(ctx.db, principal.id);
    await audit(ctx.db, principal.id, 'session.open', { type: 'session', id: principal.id });
    return reply
      .setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: SESSION_HOURS * 3600 })
      .send({ csrf: session.csrf, expiresAt: session.expiresAt });
  });

  app.get('/auth/session', async (request) => {
    const teams = request.principal.teams.length ? await ctx.db.selectFrom('teams').select('name').where('id', 'in', request.principal.teams).execute() : [];
    return { principal: { id: request.principal.id, role: request.principal.role, teams: teams.map((t) => t.name), scopes: request.principal.scopes }, csrf: request.session?.csrf ?? null };
  });

  app.post('/auth/logout', async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) await closeSession(ctx.db, id);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).send({ signedOut: true });
  });
}
