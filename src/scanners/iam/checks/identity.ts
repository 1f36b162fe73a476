/**
 * Checks of identity policies (attached to users, groups and roles): administrator
 * access, service-wide wildcards, writes on every resource, Allow with NotAction /
 * NotResource, and iam:PassRole on every role. Modelled on IAM Access Analyzer's
 * security warnings (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
 */
import type { Severity } from '../../../core/severity.js';
import type { Policy, PolicyString, Statement } from '../model.js';
import type { AccessLevel, ActionCatalog, ActionInfo } from '../actions.js';
import { type IamIssue, statementIssue } from './issue.js';
import { coversAction, coversEveryResource, isEveryResource, label, literals, serviceWildcards, shown } from './statements.js';

/** Most actions named in one message; the rest are counted. */
const LISTED = 8;

const list = (items: readonly string[]): string =>
  items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`;

const lower = (severity: Severity): Severity => ({ critical: 'high', high: 'medium', medium: 'low', low: 'low', info: 'info' })[severity] as Severity;

/**
 * The actions `pattern` covers, or `undefined` when there is no catalog or the catalog
 * does not know the service (the caller then cannot rate the pattern by access level).
 */
function known(actions: ActionCatalog | undefined, pattern: string): ActionInfo[] | undefined {
  if (!actions) return undefined;
  const expansion = actions.expand(pattern);
  return expansion.actions.length > 0 ? expansion.actions : undefined;
}

/** True for `*`-on-`*` grants: an Action `*` over every resource. */
const isAdminStatement = (statement: Statement): boolean => literals(statement.actions).includes('*') && coversEveryResource(statement);

/**
 * Severity of a service wildcard by the most powerful access level it grants:
 * Permissions management or Write → high, Tagging → medium, List/Read only → low, and
 * medium when the catalog does not know the service.
 */
export function wildcardSeverity(levels: ReadonlySet<AccessLevel> | undefined): Severity {
  if (!levels) return 'medium';
  if (levels.has('Permissions management') || levels.has('Write')) return 'high';
  if (levels.has('Tagging')) return 'medium';
  return 'low';
}

/** A Resource entry covering every IAM role (`*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::<account>:role/*`). */
export const isEveryRole = (pattern: PolicyString): boolean =>
  isEveryResource(pattern) || (typeof pattern === 'string' && /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(pattern));

/** Issues of one Allow statement of an identity policy. */
export function checkIdentityStatement(policy: Policy, statement: Statement, index: number, actions?: ActionCatalog): IamIssue[] {
  if (statement.effect !== 'Allow') return [];
  const issues: IamIssue[] = [];
  const add = (ruleId: string, severity: Severity, message: string, details: IamIssue['details'] = {}) =>
    issues.push(statementIssue(policy, statement, index, { ruleId, severity, message, details }));
  const everyResource = coversEveryResource(statement);
  const admin = isAdminStatement(statement);

  if (admin) {
    add('iam.admin-equivalent', 'critical', `Statement ${label(statement, index)} allows every action ("Action": "*") on every resource: full administrator access.`, {
      actions: ['*'],
      resources: literals(statement.resources),
    });
  } else {
    for (const pattern of serviceWildcards(statement)) {
      const expanded = known(actions, pattern);
      const levels = expanded ? new Set(expanded.map((a) => a.accessLevel)) : undefined;
      const scoped = !everyResource && !statement.notResources;
      const base = wildcardSeverity(levels);
      const severity = scoped ? lower(base) : base;
      const levelText = levels ? [...levels].sort().join(', ') : 'access levels unknown (no action catalog, or the service is not in it)';
      add(
        'iam.wildcard-action',
        severity,
        `Statement ${label(statement, index)} allows every action of ${pattern === '*' ? 'every service' : pattern.slice(0, -2)} ("${pattern}"${expanded ? `, ${expanded.length} actions` : ''}: ${levelText})${scoped ? ' on the listed resources' : ' on every resource'}.`,
        { action: pattern, accessLevels: levels ? [...levels].sort() : [], actionCount: expanded?.length ?? 0 },
      );
    }
  }

  if (everyResource && statement.actions) {
    const wildcards = new Set(serviceWildcards(statement));
    const risky = new Set<string>();
    for (const pattern of literals(statement.actions)) {
      if (wildcards.has(pattern)) continue;
      for (const info of known(actions, pattern) ?? []) {
        const writes = info.accessLevel === 'Write' || info.accessLevel === 'Permissions management';
        if (writes && info.resourceTypes.some((type) => type !== '') && info.action.toLowerCase() !== 'iam:passrole') risky.add(info.action);
      }
    }
    if (risky.size > 0) {
      const names = [...risky].sort();
      add(
        'iam.resource-star-write',
        'medium',
        `Statement ${label(statement, index)} allows ${list(names)} on every resource ("Resource": "*"), although ${names.length === 1 ? 'this action supports' : 'these actions support'} resource-level permissions.`,
        { actions: names },
      );
    }
  }

  if (statement.notActions) {
    add(
      'iam.allow-not-action',
      'high',
      `Statement ${label(statement, index)} allows every action except ${list(statement.notActions.map(shown))} ("Effect": "Allow" with "NotAction"), including actions AWS adds later.`,
      { notActions: statement.notActions.map(shown) },
    );
  }
  if (statement.notResources) {
    add(
      'iam.allow-not-resource',
      'high',
      `Statement ${label(statement, index)} allows its actions on every resource except ${list(statement.notResources.map(shown))} ("Effect": "Allow" with "NotResource").`,
      { notResources: statement.notResources.map(shown) },
    );
  }

  if (!admin && coversAction(statement, 'iam:PassRole') === true) {
    const roles = (statement.resources ?? []).filter(isEveryRole).map(shown);
    if (roles.length > 0 || statement.notResources) {
      const via = literals(statement.actions).find((a) => a.toLowerCase() === 'iam:passrole') ?? (statement.actions ? literals(statement.actions).join(', ') : 'NotAction');
      add(
        'iam.passrole-star',
        'high',
        `Statement ${label(statement, index)} allows iam:PassRole (via ${via}) on ${roles.length ? `every role (${roles.join(', ')})` : 'every role outside NotResource'}: the principal can pass any role, including administrator roles, to a service it controls.`,
        { via, resources: roles },
      );
    }
  }
  return issues;
}
