/**
 * Route authentication from the markers around a handler: decorators, FastAPI
 * dependencies, Django mixins and permission classes, JavaScript middleware. A marker
 * that matches an authentication pattern authenticates; a public marker opens the
 * route; a marker that is neither authentication nor known-neutral makes the answer
 * `unknown` (it may check credentials, Guardian cannot tell).
 */
import type { AuthPattern, CodeCatalog } from './catalog.js';
import type { RouteAuth } from './facts.js';

/** How one marker reads. */
export type MarkerVerdict = { kind: 'auth'; auth: RouteAuth } | { kind: 'public'; marker: string } | { kind: 'neutral' } | { kind: 'unknown'; marker: string };

const matchAuth = (patterns: readonly AuthPattern[], text: string): AuthPattern | undefined => patterns.find((p) => p.pattern.test(text));

/** A Python decorator, by its name (last dotted part of the callee: `login_required`, `jwt_required`). */
export function classifyDecorator(name: string, catalog: CodeCatalog): MarkerVerdict {
  const { auth } = catalog;
  if (auth.publicMarkers.some((p) => p.test(name))) return { kind: 'public', marker: name };
  if (auth.neutralDecorators.some((p) => p.test(name))) return { kind: 'neutral' };
  const hit = matchAuth(auth.decorators, name);
  if (hit) return { kind: 'auth', auth: { state: 'authenticated', type: hit.type, marker: name } };
  return { kind: 'unknown', marker: name };
}

/** A FastAPI dependency (`get_current_user` in `Depends(get_current_user)`): auth, or neutral (`get_db`). */
export function classifyDependency(name: string, catalog: CodeCatalog): MarkerVerdict {
  const hit = matchAuth(catalog.auth.dependencies, name);
  return hit ? { kind: 'auth', auth: { state: 'authenticated', type: hit.type, marker: `Depends(${name})` } } : { kind: 'neutral' };
}

/** JavaScript middleware, by its source text (`passport.authenticate('jwt')`, `requireAuth`, `cors()`). */
export function classifyMiddleware(text: string, catalog: CodeCatalog): MarkerVerdict {
  const compact = text.replace(/\s+/g, ' ').trim();
  const { auth } = catalog;
  if (auth.publicMarkers.some((p) => p.test(compact))) return { kind: 'public', marker: compact };
  if (auth.neutralMiddleware.some((p) => p.test(compact))) return { kind: 'neutral' };
  const hit = matchAuth(auth.middleware, compact);
  if (hit) return { kind: 'auth', auth: { state: 'authenticated', type: hit.type, marker: short(compact) } };
  return { kind: 'unknown', marker: short(compact) };
}

/** A Django class-based view's bases and DRF permission classes. */
export function classifyViewClass(bases: string[], permissionClasses: string[], catalog: CodeCatalog): MarkerVerdict {
  for (const base of bases) {
    const hit = matchAuth(catalog.auth.mixins, base);
    if (hit) return { kind: 'auth', auth: { state: 'authenticated', type: hit.type, marker: base } };
  }
  for (const permission of permissionClasses) {
    if (catalog.auth.publicMarkers.some((p) => p.test(permission))) return { kind: 'public', marker: permission };
    const hit = matchAuth(catalog.auth.permissionClasses, permission);
    if (hit) return { kind: 'auth', auth: { state: 'authenticated', type: hit.type, marker: permission } };
  }
  return { kind: 'neutral' };
}

/**
 * Combine the verdicts of a route's markers: any authentication wins, then an explicit
 * public marker, then `unknown` if a marker could not be classified, else unauthenticated.
 */
export function combine(verdicts: MarkerVerdict[]): RouteAuth {
  const auth = verdicts.find((v): v is Extract<MarkerVerdict, { kind: 'auth' }> => v.kind === 'auth');
  if (auth) return auth.auth;
  const open = verdicts.find((v): v is Extract<MarkerVerdict, { kind: 'public' }> => v.kind === 'public');
  if (open) return { state: 'unauthenticated', type: 'none', marker: open.marker };
  const unknown = verdicts.find((v): v is Extract<MarkerVerdict, { kind: 'unknown' }> => v.kind === 'unknown');
  if (unknown) return { state: 'unknown', type: 'unknown', marker: unknown.marker };
  return { state: 'unauthenticated', type: 'none' };
}

/** Layer outer authentication (app/router middleware) over a route's own. */
export function layer(route: RouteAuth, outer: RouteAuth[]): RouteAuth {
  if (route.state === 'authenticated') return route;
  const auth = outer.find((o) => o.state === 'authenticated');
  if (auth) return auth;
  if (route.state === 'unauthenticated' && route.marker) return route; // explicitly public
  if (route.state === 'unknown') return route;
  return outer.find((o) => o.state === 'unknown') ?? route;
}

function short(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
