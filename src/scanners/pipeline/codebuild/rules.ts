import { CICD_RISKS } from '../cicd-sec.js';
import type { PipelineRule } from './rule.js';

/**
 * The CodeBuild rule catalog. Sources: CodeBuild user guide "Webhooks" (security best
 * practices), "Pull request comment approval", "GitHub webhook events", API Reference
 * `EnvironmentVariable`; AWS's 2025 hardening guidance after the "CodeBreach" research
 * (unanchored ACTOR_ACCOUNT_ID filters).
 */

const WEBHOOKS = 'https://docs.aws.amazon.com/codebuild/latest/userguide/webhooks.html';
const PR_POLICY = 'https://docs.aws.amazon.com/codebuild/latest/userguide/pull-request-build-policy.html';
const GITHUB_EVENTS = 'https://docs.aws.amazon.com/codebuild/latest/userguide/github-webhook.html';
const ENV_VARS = 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_EnvironmentVariable.html';
const SERVICE_ROLE = 'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html';

/** The corrected trigger block most webhook rules point to: pushes to main, and PRs from listed maintainers. */
const SAFE_TRIGGERS = `Triggers:
  Webhook: true
  FilterGroups:
    - - Type: EVENT
        Pattern: PUSH
      - Type: HEAD_REF
        Pattern: ^refs/heads/main$
    - - Type: EVENT
        Pattern: PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED
      - Type: ACTOR_ACCOUNT_ID
        Pattern: ^(1234567|7654321)$      # GitHub user ids of maintainers, anchored
  PullRequestBuildPolicy:                # and/or: hold outside PRs until a maintainer comments
    RequiresCommentApproval: ALL_PULL_REQUESTS
    ApproverRoles: [GITHUB_MAINTAIN, GITHUB_ADMIN]`;

export const WEBHOOK_WITHOUT_FILTER_GROUPS: PipelineRule = {
  id: 'pipeline.codebuild.webhook-without-filter-groups',
  title: 'CodeBuild webhook builds every event from anyone',
  severity: 'critical',
  cwe: ['CWE-284', 'CWE-829'],
  cicd: CICD_RISKS.poisonedPipeline,
  rationale:
    'A webhook with no filter groups starts a build for every push and every pull request. On a public repository anyone can open a pull request that changes the buildspec or build scripts and so run their code with the project\'s service role, secrets and network access.',
  remediation:
    'Add filter groups: build pushes only for protected branches (anchored HEAD_REF), and build pull requests only for trusted authors (anchored ACTOR_ACCOUNT_ID allow-list) or behind comment approval (PullRequestBuildPolicy).',
  example: SAFE_TRIGGERS,
  precision: 'high',
  references: [WEBHOOKS, GITHUB_EVENTS, PR_POLICY],
};

export const UNTRUSTED_PULL_REQUEST_BUILDS: PipelineRule = {
  id: 'pipeline.codebuild.untrusted-pull-request-builds',
  title: 'CodeBuild builds pull requests from anyone',
  severity: 'critical',
  cwe: ['CWE-284', 'CWE-829'],
  cicd: CICD_RISKS.poisonedPipeline,
  rationale:
    'A filter group admits PULL_REQUEST_CREATED/UPDATED/REOPENED with no ACTOR_ACCOUNT_ID allow-list, and no PullRequestBuildPolicy requires comment approval. Whoever opens a pull request (from a fork, on a public repository: anyone) controls the code and buildspec the build runs with the project\'s role and secrets.',
  remediation:
    'Restrict the group with an anchored ACTOR_ACCOUNT_ID allow-list of maintainers, or set PullRequestBuildPolicy.RequiresCommentApproval to ALL_PULL_REQUESTS (or FORK_PULL_REQUESTS) with approver roles of maintainers. Keep untrusted builds on a separate project with a role that can read nothing sensitive.',
  example: SAFE_TRIGGERS,
  precision: 'high',
  references: [PR_POLICY, WEBHOOKS, GITHUB_EVENTS],
};

export const UNANCHORED_ACTOR_FILTER: PipelineRule = {
  id: 'pipeline.codebuild.unanchored-actor-filter',
  title: 'CodeBuild ACTOR_ACCOUNT_ID filter matches other users',
  severity: 'high',
  cwe: ['CWE-625'],
  cicd: CICD_RISKS.poisonedPipeline,
  rationale:
    'CodeBuild searches the actor id for the pattern, so an allow-list that is not anchored (`12345`, `^12345|67890$`) or uses wildcards also admits every user whose numeric id merely contains a trusted id. GitHub assigns ids sequentially, so such ids are created every few days and can be registered by an attacker (the 2025 "CodeBreach" research).',
  remediation: 'Anchor every alternative at both ends and list literal ids only: `^(12345|67890)$` or `^12345$|^67890$`.',
  example: `FilterGroups:
  - - Type: EVENT
      Pattern: PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED
    - Type: ACTOR_ACCOUNT_ID
      Pattern: ^(1234567|7654321)$`,
  precision: 'very-high',
  references: [WEBHOOKS, GITHUB_EVENTS],
};

export const UNANCHORED_REF_FILTER: PipelineRule = {
  id: 'pipeline.codebuild.unanchored-ref-filter',
  title: 'CodeBuild HEAD_REF/BASE_REF filter is not anchored',
  severity: 'high',
  cwe: ['CWE-625'],
  cicd: CICD_RISKS.flowControl,
  rationale:
    'A branch filter that is not anchored at both ends matches other references too: `refs/heads/main` also matches `refs/heads/main-test` and `refs/heads/x/refs/heads/main`, so builds meant for a protected branch (deployments, releases) run for branches anyone with push access can create without review.',
  remediation: 'Anchor the pattern: `^refs/heads/main$`, or `^refs/heads/release/.*$` for a family of branches.',
  example: `FilterGroups:
  - - Type: EVENT
      Pattern: PUSH
    - Type: HEAD_REF
      Pattern: ^refs/heads/main$`,
  precision: 'high',
  references: [GITHUB_EVENTS, WEBHOOKS],
};

export const PRIVILEGED_UNTRUSTED_BUILDS: PipelineRule = {
  id: 'pipeline.codebuild.privileged-untrusted-builds',
  title: 'Privileged CodeBuild environment builds outside pull requests',
  severity: 'high',
  cwe: ['CWE-250'],
  cicd: CICD_RISKS.pbac,
  rationale:
    'PrivilegedMode gives the build container access to the Docker daemon with root privileges. A project that builds pull requests from external contributors hands that to whoever opens one: they can tamper with the build host, cached layers and images the project pushes.',
  remediation:
    'Turn PrivilegedMode off for projects that build untrusted pull requests (build images with rootless tools such as Kaniko or Buildah), or restrict the pull-request builds to maintainers first.',
  example: `Environment:
  Type: LINUX_CONTAINER
  ComputeType: BUILD_GENERAL1_SMALL
  Image: aws/codebuild/standard:7.0
  PrivilegedMode: false`,
  precision: 'high',
  references: ['https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ProjectEnvironment.html', PR_POLICY],
};

export const PLAINTEXT_SECRET_VARIABLE: PipelineRule = {
  id: 'pipeline.codebuild.plaintext-secret-variable',
  title: 'Secret in a plain-text CodeBuild environment variable',
  severity: 'high',
  cwe: ['CWE-798', 'CWE-312'],
  cicd: CICD_RISKS.credentialHygiene,
  rationale:
    'PLAINTEXT environment variables are stored in the project definition and shown to anyone who can view the project in the console or call BatchGetProjects, and they live in the template and its history. AWS strongly discourages them for secrets.',
  remediation:
    'Rotate the credential, store it in Secrets Manager or SSM Parameter Store (SecureString), and reference it with Type SECRETS_MANAGER or PARAMETER_STORE (the Value is then the secret\'s or parameter\'s name).',
  example: `EnvironmentVariables:
  - Name: DB_PASSWORD
    Type: SECRETS_MANAGER
    Value: prod/app/db:password      # secret-id:json-key
  - Name: NPM_TOKEN
    Type: PARAMETER_STORE
    Value: /ci/npm-token             # SecureString parameter name`,
  precision: 'high',
  references: [ENV_VARS, 'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager'],
};

export const SHARED_SERVICE_ROLE: PipelineRule = {
  id: 'pipeline.codebuild.shared-service-role',
  title: 'Pull-request builds share a service role with release builds',
  severity: 'medium',
  cwe: ['CWE-653'],
  cicd: CICD_RISKS.pbac,
  rationale:
    'A project that builds pull requests runs code that has not been reviewed yet. When it uses the same service role as a project that builds the main branch or releases, that code gets the release build\'s permissions: publishing artifacts, deploying, reading release secrets.',
  remediation: 'Give pull-request projects their own service role with only what a test build needs (logs, a cache bucket), and keep deployment permissions on the release project\'s role.',
  example: `PullRequestBuild:
  Type: AWS::CodeBuild::Project
  Properties:
    ServiceRole: !GetAtt PullRequestBuildRole.Arn   # logs + cache only
ReleaseBuild:
  Type: AWS::CodeBuild::Project
  Properties:
    ServiceRole: !GetAtt ReleaseBuildRole.Arn       # deploy permissions`,
  precision: 'medium',
  references: [SERVICE_ROLE, WEBHOOKS],
};

export const OVERBROAD_SERVICE_ROLE: PipelineRule = {
  id: 'pipeline.codebuild.overbroad-service-role',
  title: 'CodeBuild service role allows every action',
  severity: 'medium',
  cwe: ['CWE-269'],
  cicd: CICD_RISKS.pbac,
  rationale:
    'The service role of a CodeBuild project grants `*` actions (or AdministratorAccess). Any code the build runs — its dependencies, its scripts, a compromised buildspec — can then do anything in the account.',
  remediation: 'Grant only the actions the build needs (CloudWatch Logs, the artifact and cache buckets, the repository it pushes to), on named resources.',
  example: `Policies:
  - PolicyName: build
    PolicyDocument:
      Version: '2012-10-17'
      Statement:
        - Effect: Allow
          Action: [logs:CreateLogStream, logs:PutLogEvents]
          Resource: !Sub arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/codebuild/*
        - Effect: Allow
          Action: [s3:GetObject, s3:PutObject]
          Resource: !Sub \${ArtifactBucket.Arn}/*`,
  precision: 'high',
  references: [SERVICE_ROLE, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'],
};

/** Every CodeBuild rule, in report order. */
export const CODEBUILD_RULES: readonly PipelineRule[] = [
  WEBHOOK_WITHOUT_FILTER_GROUPS,
  UNTRUSTED_PULL_REQUEST_BUILDS,
  UNANCHORED_ACTOR_FILTER,
  UNANCHORED_REF_FILTER,
  PRIVILEGED_UNTRUSTED_BUILDS,
  PLAINTEXT_SECRET_VARIABLE,
  SHARED_SERVICE_ROLE,
  OVERBROAD_SERVICE_ROLE,
];
