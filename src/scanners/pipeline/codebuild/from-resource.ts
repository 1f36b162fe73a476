import type { ScanWarning } from '../../../core/warnings.js';
import { type Resource, Unknown, lineOf, valueAt } from '../../iac/graph.js';
import type { CodeBuildProject } from './model.js';
import { CLOUDFORMATION_LAYOUT, type DocPath, ProjectBuilder } from './project-builder.js';

/** CloudFormation type of a CodeBuild project. */
export const CODEBUILD_PROJECT_TYPE = 'AWS::CodeBuild::Project';
/** CloudFormation type of an IAM role. */
export const IAM_ROLE_TYPE = 'AWS::IAM::Role';

/** The role name in `arn:aws:iam::123456789012:role/path/name`, or a plain name as is. */
export function roleNameOf(reference: string): string {
  const match = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(reference);
  return match ? match[1]! : reference;
}

/** Graph key of a resource: ids are unique within a stack only. */
const stackKey = (stack: string, id: string) => `${stack}\u0000${id}`;

/** Roles of a resource set by stack and id, and by declared `RoleName` (account-wide). */
export class RoleIndex {
  private readonly byKey = new Map<string, Resource>();
  private readonly byName = new Map<string, Resource>();

  constructor(resources: Iterable<Resource>) {
    for (const r of resources) {
      if (r.type !== IAM_ROLE_TYPE) continue;
      this.byKey.set(stackKey(r.stack, r.id), r);
      const name = r.properties.RoleName;
      if (typeof name === 'string') this.byName.set(name, r);
    }
  }

  /** The role resource with `key` (a `ServiceRole.roleResourceId`). */
  get(key: string): Resource | undefined {
    return this.byKey.get(key);
  }

  /**
   * Identity of the role `value` refers to from a project in `stack`: a role resource of
   * that stack (`!GetAtt Role.Arn`, `!Ref Role`) or any role whose `RoleName` is written
   * out (as a name or ARN), else the role name, else the reference or expression scoped
   * to the stack (references never cross stacks: two templates' `!Ref RoleArn`
   * parameters are different roles).
   */
  resolve(value: string | Unknown, stack: string): { key: string; roleResourceId?: string } {
    if (value instanceof Unknown) {
      for (const ref of value.refs) {
        const key = stackKey(stack, ref.split('#')[0]!);
        if (this.byKey.has(key)) return { key: `resource:${key}`, roleResourceId: key };
      }
      const first = value.refs[0];
      return first ? { key: `ref:${stackKey(stack, first.split('#')[0]!)}` } : { key: `expr:${stackKey(stack, value.expression)}` };
    }
    const name = roleNameOf(value);
    const role = this.byName.get(name);
    if (!role) return { key: `role:${name}` };
    const key = stackKey(role.stack, role.id);
    return { key: `resource:${key}`, roleResourceId: key };
  }
}

/**
 * The CodeBuild projects among `resources` (type `AWS::CodeBuild::Project`, CloudFormation
 * property shape; Terraform's `aws_codebuild_project` + `aws_codebuild_webhook` are mapped
 * to it by the Terraform loader), in the normalised model. Malformed properties become
 * warnings in `warnings` and unknown fields.
 */
export function projectsFromResources(resources: readonly Resource[], roles: RoleIndex, warnings: ScanWarning[]): CodeBuildProject[] {
  const builder = new ProjectBuilder(warnings);
  const projects: CodeBuildProject[] = [];
  for (const resource of resources) {
    if (resource.type !== CODEBUILD_PROJECT_TYPE) continue;
    const properties = resource.properties;
    projects.push(
      builder.build(
        {
          id: resource.constructPath ?? resource.id,
          path: resource.source.path,
          line: resource.source.line,
          origin: 'resource-graph',
          get: (path: DocPath) => valueAt(properties, path),
          lineOf: (path: DocPath) => lineOf(resource, path),
          resolveRole: (value) => roles.resolve(value, resource.stack),
        },
        CLOUDFORMATION_LAYOUT,
      ),
    );
  }
  return projects;
}
