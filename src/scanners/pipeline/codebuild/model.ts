import type { Unknown } from '../../iac/graph.js';

/**
 * The normalised CodeBuild project that every CodeBuild check reads, whatever it was
 * declared in: a CloudFormation-shaped `AWS::CodeBuild::Project` from the ResourceGraph
 * (CloudFormation, SAM, CDK, Terraform) or an `aws codebuild batch-get-projects` answer.
 *
 * Field meanings follow the CodeBuild API Reference (`Project`, `Webhook`,
 * `WebhookFilter`, `PullRequestBuildPolicy`, `EnvironmentVariable`):
 * https://docs.aws.amazon.com/codebuild/latest/APIReference/API_Project.html
 *
 * A value the source could not resolve statically is an `Unknown` and checks treat it as
 * neither safe nor unsafe. Every field carries the 1-based line that declared it (or
 * the nearest declared ancestor), in the file `CodeBuildProject.path`.
 */

/** A value and the line that declared it. */
export interface Field<T> {
  value: T | Unknown;
  line: number;
}

/** One condition of a webhook filter group (API `WebhookFilter`). */
export interface WebhookFilter {
  /** `EVENT`, `ACTOR_ACCOUNT_ID`, `HEAD_REF`, `BASE_REF`, `FILE_PATH`, `COMMIT_MESSAGE`, … */
  type: Field<string>;
  /** For `EVENT` a comma-separated list of event names; otherwise a regular expression. */
  pattern: Field<string>;
  /** True: the filter passes when the pattern does NOT match. Default false. */
  excludeMatchedPattern: Field<boolean>;
  line: number;
}

/** Comment-approval gate for pull-request builds (API `PullRequestBuildPolicy`). */
export interface PullRequestBuildPolicy {
  /** `DISABLED` | `ALL_PULL_REQUESTS` | `FORK_PULL_REQUESTS`. */
  requiresCommentApproval: Field<string>;
  /** Repository roles whose comments approve builds (`GITHUB_WRITE`, …); absent when not declared. */
  approverRoles?: Field<string[]>;
  line: number;
}

/**
 * The project's webhook. Filter groups are OR-ed; the filters inside one group are
 * AND-ed (CodeBuild user guide, "Filter GitHub webhook events").
 */
export interface Webhook {
  /** CloudFormation `Triggers.Webhook`; always true for an API `webhook` object. */
  enabled: Field<boolean>;
  /** `[]` when none are declared: every push and pull request then starts a build. */
  filterGroups: Field<WebhookFilter[][]>;
  /** `BUILD` | `BUILD_BATCH` | …, when declared. */
  buildType?: Field<string>;
  pullRequestBuildPolicy?: PullRequestBuildPolicy;
  line: number;
}

/** `PLAINTEXT` (the default), `PARAMETER_STORE` or `SECRETS_MANAGER`. */
export type EnvironmentVariableType = 'PLAINTEXT' | 'PARAMETER_STORE' | 'SECRETS_MANAGER';

/** One build environment variable (API `EnvironmentVariable`). */
export interface EnvironmentVariable {
  name: Field<string>;
  value: Field<string>;
  /** Undeclared types are `PLAINTEXT` (the API default) at the variable's line. */
  type: Field<string>;
  line: number;
}

/** The build container (API `ProjectEnvironment`). */
export interface BuildEnvironment {
  /** Docker daemon access inside the build container; false when not declared. */
  privilegedMode: Field<boolean>;
  image?: Field<string>;
  /** Unknown as a whole when the list itself could not be resolved. */
  variables: EnvironmentVariable[] | Unknown;
  line: number;
}

/** Where the project's code comes from (API `ProjectSource`). */
export interface ProjectSource {
  /** `GITHUB`, `GITHUB_ENTERPRISE`, `BITBUCKET`, `GITLAB`, `GITLAB_SELF_MANAGED`, `CODECOMMIT`, `CODEPIPELINE`, `S3`, `NO_SOURCE`. */
  type?: Field<string>;
  location?: Field<string>;
  /** A path in the repository or an inline buildspec. */
  buildspec?: Field<string>;
  line: number;
}

/**
 * The project's IAM service role. `key` identifies the role for the shared-role check:
 * the graph resource (stack and id) when the reference names a role in the graph, else
 * the role name (from an ARN or a plain name), else the unresolved reference scoped to
 * its stack.
 */
export interface ServiceRole extends Field<string> {
  key: string;
  /** Stack-qualified key of the `AWS::IAM::Role` resource in the graph (`RoleIndex.get`), when the reference resolves to one. */
  roleResourceId?: string;
}

/** One CodeBuild project in the normalised model. */
export interface CodeBuildProject {
  /** Stable identity for fingerprints: logical id / Terraform address, or the API project name. */
  id: string;
  /** Name shown to people: the project name when known, else `id`. */
  name: string;
  /** Repository-relative file that declared the project. */
  path: string;
  /** Line of the project's declaration. */
  line: number;
  /** Where the model was built from. */
  origin: 'resource-graph' | 'codebuild-api';
  source: ProjectSource;
  /** Absent when the project has no webhook (or `Triggers.Webhook` is not declared). */
  webhook?: Webhook;
  environment: BuildEnvironment;
  serviceRole?: ServiceRole;
}
