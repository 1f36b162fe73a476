/**
 * Authorization with Cedar (https://docs.cedarpolicy.com): the schema and the policy file
 * are validated once at start-up (strict mode), then every action on a single resource is
 * decided by `isAuthorized` over the principal, the resource and its parents.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { UsageError } from '../../core/errors.js';
import type { Role } from '../db/schema.js';

/** Actions of guardian.cedarschema. */
export type Action =
  | 'readRepository'
  | 'readFinding'
  | 'readMetrics'
  | 'triageFinding'
  | 'acceptRisk'
  | 'uploadScan'
  | 'manageScanConfig'
  | 'manageRepositories'
  | 'manageTokens'
  | 'readAudit';

/** Who is asking: a person's session or an API token. */
export interface Principal {
  /** `user:<id>` or `token:<id>`, as written to the audit log. */
  id: string;
  role: Role;
  /** Team ids the principal acts for. */
  teams: string[];
  scopes: string[];
}

/** What the action is on: the organisation, a repository (and its team) or a finding (and its repository's team). */
export type Resource =
  | { type: 'Organization' }
  | { type: 'Repository'; id: string; name: string; teamId: string | null }
  | { type: 'Finding'; id: string; severity: string; status: string; repository: { id: string; name: string; teamId: string | null } };

/** Paths of the built-in schema and policies (shipped beside this module). */
export const BUILTIN_SCHEMA = fileURLToPath(new URL('./guardian.cedarschema', import.meta.url));
export const BUILTIN_POLICIES = fileURLToPath(new URL('./policies.cedar', import.meta.url));

const ORG = { type: 'Guardian::Organization', id: 'org' };
const uid = (type: string, id: string) => ({ type: `Guardian::${type}`, id });

/** `file:line:column: message` for each Cedar diagnostic, counting lines in `text`. */
function describe(file: string, text: string, errors: cedar.DetailedError[]): string {
  return errors
    .map((error) => {
      const at = error.sourceLocations?.[0]?.start;
      const before = at === undefined ? '' : text.slice(0, at);
      const where = at === undefined ? file : `${file}:${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
      return `${where}: ${error.message}${error.help ? ` (${error.help})` : ''}`;
    })
    .join('\n');
}

let loaded = 0;

export class Authorizer {
  /** Names under which Cedar caches the parsed schema and policies (parsing them per request costs ~9 ms). */
  private constructor(
    private readonly schemaName: string,
    private readonly policySetId: string,
  ) {}

  /**
   * Load and validate the policy file (default: the built-in policies) against the
   * schema. Throws {@link UsageError} naming the file, line and column of every parse or
   * validation error, so a bad policy file stops the server at start-up.
   */
  static load(policyFile = BUILTIN_POLICIES, schemaFile = BUILTIN_SCHEMA): Authorizer {
    let schema: string;
    let policies: string;
    try {
      schema = readFileSync(schemaFile, 'utf8');
      policies = readFileSync(policyFile, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read the authorization policies: ${(error as Error).message}`);
    }
    const parsed = cedar.checkParsePolicySet({ staticPolicies: policies });
    if (parsed.type === 'failure') throw new UsageError(`Invalid Cedar policy file:\n${describe(policyFile, policies, parsed.errors)}`);
    const validation = cedar.validate({ schema, policies: { staticPolicies: policies }, validationSettings: { mode: 'strict' } });
    if (validation.type === 'failure') throw new UsageError(`Invalid Cedar schema or policies:\n${describe(policyFile, policies, validation.errors)}`);
    if (validation.validationErrors.length) {
      throw new UsageError(`Cedar policies do not validate against the schema:\n${validation.validationErrors.map((e) => `${describe(policyFile, policies, [e.error])} [policy ${e.policyId}]`).join('\n')}`);
    }
    const id = `guardian-${++loaded}`;
    cedar.preparseSchema(id, schema);
    cedar.preparsePolicySet(id, { staticPolicies: policies });
    return new Authorizer(id, id);
  }

  /** Is `principal` allowed `action` on `resource`? `context.days` is the acceptance length for acceptRisk. */
  isAllowed(principal: Principal, action: Action, resource: Resource, context: { days?: number } = {}): boolean {
    const entities: cedar.EntityJson[] = [
      { uid: ORG, attrs: {}, parents: [] },
      { uid: uid('User', principal.id), attrs: { role: principal.role, teams: principal.teams.map((t) => ({ __entity: uid('Team', t) })) }, parents: [] },
      ...principal.teams.map((t) => ({ uid: uid('Team', t), attrs: {}, parents: [ORG] })),
    ];
    let resourceUid = ORG;
    const repository = resource.type === 'Repository' ? resource : resource.type === 'Finding' ? resource.repository : undefined;
    if (repository) {
      const teamParents = repository.teamId ? [uid('Team', repository.teamId)] : [];
      if (repository.teamId && !principal.teams.includes(repository.teamId)) entities.push({ uid: uid('Team', repository.teamId), attrs: {}, parents: [ORG] });
      entities.push({ uid: uid('Repository', repository.id), attrs: { name: repository.name }, parents: [...teamParents, ORG] });
      resourceUid = uid('Repository', repository.id);
    }
    if (resource.type === 'Finding') {
      entities.push({ uid: uid('Finding', resource.id), attrs: { severity: resource.severity, status: resource.status }, parents: [uid('Repository', resource.repository.id)] });
      resourceUid = uid('Finding', resource.id);
    }
    const answer = cedar.statefulIsAuthorized({
      principal: uid('User', principal.id),
      action: { type: 'Guardian::Action', id: action },
      resource: resourceUid,
      context: { scopes: principal.scopes, ...(context.days !== undefined ? { days: context.days } : {}) },
      preparsedSchemaName: this.schemaName,
      validateRequest: true,
      preparsedPolicySetId: this.policySetId,
      entities,
    });
    if (answer.type === 'failure') throw new Error(`Cedar could not evaluate ${action}: ${answer.errors.map((e) => e.message).join('; ')}`);
    return answer.response.decision === 'allow';
  }
}
