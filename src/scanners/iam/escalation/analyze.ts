/**
 * Privilege-escalation analysis: which methods of the catalog (methods.yml) a principal's
 * permissions enable. For each method applicable to the principal's type, every required
 * permission is probed with one request to an oracle: the action on a representative ARN
 * in the principal's account (`arn:aws:iam::<account>:role/guardian-probe-role`, the
 * principal's own ARN for `self`, `*` for actions without resource types), plus the
 * permission's context (`iam:PassedToService`). Probe names match no real resource, so a
 * permission counts only when it is granted broadly over that resource type; a grant
 * limited to named resources stops the method (see methods.yml).
 *
 * A method whose permissions are all `allowed` is a confirmed path; one with some
 * `unknown` and at least one `allowed` is a possible path (one severity level lower); any
 * deny rules it out. All-`unknown` methods are not reported: they say only that a policy
 * could not be read (an unresolved managed policy makes every probe unknown), which the
 * loaders already warn about. In production the oracle is `evaluate()` bound to the principal.
 */
import type { Severity } from '../../../core/severity.js';
import type { SourceRef } from '../../iac/graph.js';
import type { Decision, IamPrincipal, PolicyKind, Request } from '../model.js';
import { parseArn } from '../patterns.js';
import { ESCALATION_CATALOG, type EscalationCatalog, type EscalationMethod } from './catalog.js';

/** A statement an oracle says took part in a decision (the shape of evaluate()'s reasons). */
export interface OracleReason {
  policy: string;
  sid?: string;
  effect: 'Allow' | 'Deny';
  source?: SourceRef;
  matched?: boolean | 'unknown';
  /** SCPs and permissions boundaries only permit: they are never what grants a permission. */
  kind?: PolicyKind;
}

/** An oracle answers with a decision, optionally with the statements behind it. */
export type OracleAnswer = Decision | { decision: Decision; reasons?: readonly OracleReason[] };

/** Decides one request for the principal under analysis; may throw (treated as `unknown`). */
export type Oracle = (request: Request) => OracleAnswer;

/** The statement that grants a permission: policy name, Sid and where it was declared. */
export interface Grant {
  policy: string;
  sid?: string;
  source?: SourceRef;
}

/** One probed permission of a path. */
export interface ProbedPermission {
  action: string;
  /** The probe ARN asked about. */
  resource: string;
  context?: Record<string, string>;
  decision: Decision;
  /** Allow statements that matched (or may have), when the oracle said which. */
  grantedBy: Grant[];
}

/** A method the principal's permissions enable. */
export interface EscalationPath {
  principal: Pick<IamPrincipal, 'id' | 'type' | 'name' | 'arn' | 'source'>;
  method: EscalationMethod;
  /** `confirmed`: every permission allowed; `possible`: some unknown, some allowed, none denied. */
  status: 'confirmed' | 'possible';
  severity: Severity;
  permissions: ProbedPermission[];
  /** The resource constraint or condition that would stop it (method.stop). */
  stop: string;
}

/** Options of `findEscalationPaths`. */
export interface EscalationOptions {
  /** Account of the probe ARNs; default: the principal's account, else 111122223333. */
  accountId?: string;
  /** Region of regional probe ARNs; default us-east-1. */
  region?: string;
  /** Catalog to use; default the shipped methods.yml. */
  catalog?: EscalationCatalog;
  /**
   * Report paths of principals that already hold every permission (an unknown service's
   * action on `*`, iam:AttachRolePolicy and iam:PassRole on any role): default false,
   * since `iam.admin-equivalent` already reports them and every method would match.
   */
  includeAdministrators?: boolean;
}

/** Placeholder account (AWS documentation's example account) when none is known. */
export const PLACEHOLDER_ACCOUNT = '111122223333';
/** An action of no real service: allowed only by `*`-like grants. */
const ANY_ACTION = 'guardian-probe:AnyAction';

const LOWER: Record<Severity, Severity> = { critical: 'high', high: 'medium', medium: 'low', low: 'low', info: 'info' };

/** Where the probes point: partition, account, region and the principal's own ARN. */
export interface ProbeTarget {
  partition: string;
  account: string;
  region: string;
  self: string;
}

/** The probe target for `principal` (see EscalationOptions for defaults). */
export function probeTarget(principal: IamPrincipal, options: Pick<EscalationOptions, 'accountId' | 'region'> = {}): ProbeTarget {
  const arn = principal.arn ? parseArn(principal.arn) : undefined;
  const partition = arn?.partition || 'aws';
  const account = options.accountId ?? principal.accountId ?? (arn?.account || PLACEHOLDER_ACCOUNT);
  const self = principal.arn ?? `arn:${partition}:iam::${account}:${principal.type}/${principal.name}`;
  return { partition, account, region: options.region ?? 'us-east-1', self };
}

/** Fill a probe template's `{partition}`, `{region}`, `{account}`, `{self}` placeholders. */
export const probeArn = (template: string, target: ProbeTarget): string =>
  template.replace(/\{(partition|region|account|self)\}/g, (_, key: keyof ProbeTarget) => target[key]);

/** Normalise an oracle's answer; a throw or a malformed answer is `unknown`. */
function ask(oracle: Oracle, request: Request): { decision: Decision; grantedBy: Grant[] } {
  let answer: OracleAnswer;
  try {
    answer = oracle(request);
  } catch {
    return { decision: 'unknown', grantedBy: [] };
  }
  const decision = typeof answer === 'string' ? answer : answer?.decision;
  if (decision !== 'allowed' && decision !== 'explicit-deny' && decision !== 'implicit-deny' && decision !== 'unknown') return { decision: 'unknown', grantedBy: [] };
  const reasons = typeof answer === 'object' && Array.isArray(answer.reasons) ? answer.reasons : [];
  const grantedBy = reasons
    .filter((r) => r.effect === 'Allow' && r.matched !== false && r.kind !== 'scp' && r.kind !== 'boundary')
    .map((r): Grant => ({ policy: r.policy, ...(r.sid !== undefined ? { sid: r.sid } : {}), ...(r.source ? { source: r.source } : {}) }));
  return { decision, grantedBy };
}

/**
 * The escalation paths of `principal`, in catalog order. `oracle` decides each probe
 * request (usually `(r) => evaluate(principal, r)`). Never throws: oracle failures make
 * the probe `unknown`.
 */
export function findEscalationPaths(principal: IamPrincipal, oracle: Oracle, options: EscalationOptions = {}): EscalationPath[] {
  const catalog = options.catalog ?? ESCALATION_CATALOG;
  const target = probeTarget(principal, options);
  const cache = new Map<string, { decision: Decision; grantedBy: Grant[] }>();
  const probe = (request: Request) => {
    const key = JSON.stringify([request.action, request.resource, request.context ?? {}]);
    let result = cache.get(key);
    if (!result) cache.set(key, (result = ask(oracle, request)));
    return result;
  };

  if (!options.includeAdministrators) {
    const role = probeArn(catalog.probes.role ?? 'arn:{partition}:iam::{account}:role/guardian-probe-role', target);
    const admin = [
      { action: ANY_ACTION, resource: '*' },
      { action: 'iam:AttachRolePolicy', resource: role },
      { action: 'iam:PassRole', resource: role },
    ].every((request) => probe(request).decision === 'allowed');
    if (admin) return [];
  }

  const paths: EscalationPath[] = [];
  for (const method of catalog.methods) {
    if (method.principalTypes && !method.principalTypes.includes(principal.type)) continue;
    const permissions = method.permissions.map((permission): ProbedPermission => {
      const resource = probeArn(catalog.probes[permission.resource] ?? '*', target);
      const hasContext = Object.keys(permission.context).length > 0;
      const result = probe({ action: permission.action, resource, ...(hasContext ? { context: permission.context } : {}) });
      return { action: permission.action, resource, ...(hasContext ? { context: permission.context } : {}), decision: result.decision, grantedBy: result.grantedBy };
    });
    if (!permissions.every((p) => p.decision === 'allowed' || p.decision === 'unknown')) continue;
    if (!permissions.some((p) => p.decision === 'allowed')) continue;
    const status = permissions.every((p) => p.decision === 'allowed') ? 'confirmed' : 'possible';
    paths.push({
      principal: {
        id: principal.id,
        type: principal.type,
        name: principal.name,
        ...(principal.arn ? { arn: principal.arn } : {}),
        ...(principal.source ? { source: principal.source } : {}),
      },
      method,
      status,
      severity: status === 'confirmed' ? method.severity : LOWER[method.severity],
      permissions,
      stop: method.stop,
    });
  }
  return paths;
}
