import { type Resource, Unknown, isRecord, lineOf, type Value, valueAt } from '../../../iac/graph.js';
import type { RoleIndex } from '../from-resource.js';
import { pipelineFinding } from '../rule.js';
import { OVERBROAD_SERVICE_ROLE, SHARED_SERVICE_ROLE } from '../rules.js';
import { PIPELINE_SOURCE_TYPE } from '../webhook-events.js';
import { type AnalyzedProject, type CheckContext, describeProject, known } from './context.js';

/** True when the project builds pull-request code (whoever may start it). */
const buildsPullRequests = ({ exposure }: AnalyzedProject) => ['anyone', 'weak-actor-filter', 'actors', 'approval'].includes(exposure.pullRequests);

/** True when the project builds the repository's own branches or releases, or runs in CodePipeline. */
const buildsReleases = ({ project, exposure }: AnalyzedProject) =>
  exposure.buildsBranches === true || known(project.source.type)?.toUpperCase() === PIPELINE_SOURCE_TYPE;

/**
 * Pull-request projects whose service role is also the role of another project that
 * builds branches or releases. One finding per pull-request project, at its ServiceRole.
 */
export function checkSharedServiceRoles(projects: readonly AnalyzedProject[], ctx: CheckContext): void {
  const byRole = new Map<string, AnalyzedProject[]>();
  for (const p of projects) {
    const key = p.project.serviceRole?.key;
    if (key) byRole.set(key, [...(byRole.get(key) ?? []), p]);
  }
  for (const group of byRole.values()) {
    for (const pr of group.filter(buildsPullRequests)) {
      const releases = group.filter((p) => p !== pr && buildsReleases(p));
      if (!releases.length) continue;
      const role = pr.project.serviceRole!;
      const names = releases.map((r) => `"${r.project.name}"`).join(', ');
      ctx.findings.push(
        pipelineFinding(SHARED_SERVICE_ROLE, {
          path: pr.project.path,
          line: role.line,
          message: `${describeProject(pr.project)} builds pull requests with service role ${String(role.value)}, which ${releases.length > 1 ? 'projects' : 'project'} ${names} also use${releases.length > 1 ? '' : 's'} to build branches or releases: unreviewed code gets the release build's permissions.`,
          fingerprintKey: `${pr.project.id}\u0000${role.key}`,
        }),
      );
    }
  }
}

/** AWS managed policies that grant every action. */
const ADMIN_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

const asList = (v: Value | undefined): Value[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** True when an IAM `Action` value is (or lists) `*`. Unresolved values are not. */
const allowsEveryAction = (action: Value | undefined) => asList(action).some((a) => a === '*' || a === '*:*');

/** Policy documents attached to `role`: its inline `Policies`, and `AWS::IAM::Policy`/`ManagedPolicy` resources naming it in `Roles`. */
function attachedDocuments(role: Resource, resources: readonly Resource[]): { owner: Resource; path: (string | number)[]; name: string }[] {
  const docs: { owner: Resource; path: (string | number)[]; name: string }[] = [];
  asList(role.properties.Policies).forEach((policy, i) => {
    if (isRecord(policy)) docs.push({ owner: role, path: ['Policies', i, 'PolicyDocument'], name: typeof policy.PolicyName === 'string' ? policy.PolicyName : `#${i + 1}` });
  });
  const roleName = role.properties.RoleName;
  for (const r of resources) {
    if (r.type !== 'AWS::IAM::Policy' && r.type !== 'AWS::IAM::ManagedPolicy') continue;
    if (r.stack !== role.stack && typeof roleName !== 'string') continue;
    const names = asList(r.properties.Roles).some((ref) =>
      ref instanceof Unknown ? r.stack === role.stack && ref.refs.some((x) => x.split('#')[0] === role.id) : typeof roleName === 'string' && ref === roleName,
    );
    if (names) docs.push({ owner: r, path: ['PolicyDocument'], name: typeof r.properties.PolicyName === 'string' ? r.properties.PolicyName : r.id });
  }
  return docs;
}

/**
 * Service roles (in the graph) that allow `*` actions in an inline or attached policy,
 * or carry AdministratorAccess. A first, shallow look; the IAM engine analyses roles in depth.
 */
export function checkOverbroadRoles(projects: readonly AnalyzedProject[], roles: RoleIndex, resources: readonly Resource[], ctx: CheckContext): void {
  const users = new Map<string, string[]>();
  for (const { project } of projects) {
    const id = project.serviceRole?.roleResourceId;
    if (id && roles.get(id)) users.set(id, [...(users.get(id) ?? []), `"${project.name}"`]);
  }
  for (const [roleId, projectNames] of users) {
    const role = roles.get(roleId)!;
    const of = `Role ${role.id}, the service role of CodeBuild ${projectNames.length > 1 ? 'projects' : 'project'} ${projectNames.join(', ')},`;
    asList(role.properties.ManagedPolicyArns).forEach((arn, i) => {
      if (typeof arn !== 'string' || !ADMIN_MANAGED_POLICY.test(arn)) return;
      ctx.findings.push(
        pipelineFinding(OVERBROAD_SERVICE_ROLE, {
          path: role.source.path,
          line: lineOf(role, ['ManagedPolicyArns', i]),
          message: `${of} has the AdministratorAccess managed policy: every build can do anything in the account.`,
          fingerprintKey: `${role.id}\u0000${arn}`,
        }),
      );
    });
    for (const doc of attachedDocuments(role, resources)) {
      const statements = valueAt(doc.owner.properties, [...doc.path, 'Statement']);
      const isList = Array.isArray(statements);
      asList(statements).forEach((statement, j) => {
        if (!isRecord(statement) || statement.Effect !== 'Allow' || !allowsEveryAction(statement.Action)) return;
        const at = [...doc.path, 'Statement', ...(isList ? [j] : []), 'Action'];
        ctx.findings.push(
          pipelineFinding(OVERBROAD_SERVICE_ROLE, {
            path: doc.owner.source.path,
            line: lineOf(doc.owner, at),
            message: `${of} allows Action "*" in policy ${doc.name}${typeof statement.Sid === 'string' ? ` (statement ${statement.Sid})` : ''}: every build can call any AWS API${statement.Resource === '*' ? ' on any resource' : ''}.`,
            fingerprintKey: `${role.id}\u0000${doc.owner.id}\u0000${doc.name}\u0000${typeof statement.Sid === 'string' ? statement.Sid : j}`,
          }),
        );
      });
    }
  }
}
