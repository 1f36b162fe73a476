/** What every route handler needs: the database, the authorizer and the server's settings. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Action, Authorizer, Principal, Resource } from './authz/cedar.js';
import type { Database } from './db/schema.js';
import type { SlaDays } from './findings/lifecycle.js';
import type { JobQueue } from './jobs/queue.js';

export interface ServerContext {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  authorizer: Authorizer;
  sla: SlaDays;
  /** Computed metrics per audience; writes in this process clear it, other processes' writes show within its TTL. */
  metricsCache: Map<string, { at: number; value: Promise<unknown> }>;
  /** Directory of the organisation's standards (Markdown), served to scans. */
  standardsDir?: string;
  /** Where scan jobs go (absent in tools that only read). */
  queue?: JobQueue;
  /** Shared secret of the GitHub webhook; webhooks are off without it. */
  webhookSecret?: string;
}

/** A refusal the HTTP layer turns into a status code and a JSON `{ error }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** Set when the request came with a session cookie rather than a bearer token. */
    session?: { id: string; csrf: string };
  }
}

/** Throw 403 unless Cedar allows `action` on `resource` for the request's principal. */
export function authorize(ctx: ServerContext, request: FastifyRequest, action: Action, resource: Resource, context: { days?: number } = {}): void {
  if (!ctx.authorizer.isAllowed(request.principal, action, resource, context)) {
    const target = resource.type === 'Organization' ? 'the organisation' : resource.type === 'Repository' ? `repository ${resource.name}` : `finding ${resource.id}`;
    throw new HttpError(403, `${request.principal.role} ${request.principal.id} may not ${action} on ${target}`);
  }
}

/** Throw 403 unless the credential carries `scope` (for lists, which are filtered rather than checked per item). */
export function requireScope(request: FastifyRequest, scope: string): void {
  if (!request.principal.scopes.includes(scope)) throw new HttpError(403, `the credential lacks the ${scope} scope`);
}
