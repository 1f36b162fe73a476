/**
 * Which repositories a principal may list. Lists are filtered in SQL by the same rule the
 * Cedar policies express for single resources (developers: their teams' repositories;
 * admins, the security team and auditors: all); test/server/authorization.test.ts checks
 * that every listed item is also allowed by Cedar.
 */
import type { Principal } from './authz/cedar.js';

/** `undefined` for every repository, else the team ids whose repositories are visible. */
export function visibleTeams(principal: Principal): string[] | undefined {
  return principal.role === 'developer' ? principal.teams : undefined;
}
