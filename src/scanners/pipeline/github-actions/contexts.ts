/**
 * What GitHub Actions makes attacker-controllable: event triggers, expression contexts,
 * checkout refs and artifact downloads. Data only; the checks in `checks/` read it.
 *
 * Sources:
 * - GitHub Security Lab, "Keeping your GitHub Actions and workflows secure" parts 1–2
 *   (https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/,
 *   https://securitylab.github.com/resources/github-actions-untrusted-input/)
 * - Webhook payloads (https://docs.github.com/en/webhooks/webhook-events-and-payloads)
 * - Workflow syntax, `permissions` scopes
 *   (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions)
 */

/**
 * Triggers that run the base repository's workflow with its secrets and a token that
 * may write, while reacting to something any GitHub user can create (a fork pull
 * request, a comment, an issue, the run of a fork's workflow).
 */
export const PRIVILEGED_UNTRUSTED_TRIGGERS: readonly string[] = [
  'pull_request_target',
  'workflow_run',
  'issue_comment',
  'issues',
  'discussion',
  'discussion_comment',
];

/** Triggers under which checking out the pull request's code is a "pwn request". */
export const PWN_REQUEST_TRIGGERS: readonly string[] = ['pull_request_target', 'workflow_run', 'issue_comment'];

/** Triggers that run a fork's own workflow code on the repository's runners. */
export const PUBLIC_PR_TRIGGERS: readonly string[] = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];

/**
 * Expression contexts whose values any GitHub user can choose (free text or branch
 * names), as dotted paths; `*` stands for one array index or property. Event
 * `inputs` (workflow_dispatch) and `client_payload` (repository_dispatch) need write
 * access to send, so they are not listed.
 */
export const ATTACKER_CONTROLLED_CONTEXTS: readonly string[] = [
  'github.head_ref',
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.pull_request.head.repo.homepage',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.changes.title.from',
  'github.event.changes.body.from',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.name',
  'github.event.commits.*.author.email',
  'github.event.commits.*.committer.name',
  'github.event.commits.*.committer.email',
  'github.event.head_commit.message',
  'github.event.head_commit.author.name',
  'github.event.head_commit.author.email',
  'github.event.head_commit.committer.name',
  'github.event.head_commit.committer.email',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.committer.name',
  'github.event.workflow_run.head_commit.committer.email',
  'github.event.workflow_run.head_repository.description',
  'github.event.workflow_run.pull_requests.*.head.ref',
];

/**
 * Contexts that name the pull request's (or the triggering run's) own code: as the
 * `ref` or `repository` of a checkout they fetch what the contributor wrote.
 */
export const UNTRUSTED_REF_CONTEXTS: readonly string[] = [
  'github.head_ref',
  'github.event.pull_request.head.sha',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.repo.full_name',
  'github.event.pull_request.merge_commit_sha',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_commit.id',
  'github.event.workflow_run.head_repository.full_name',
  'github.event.workflow_run.pull_requests.*.head.sha',
  'github.event.workflow_run.pull_requests.*.head.ref',
];

/** A ref naming a pull request's head or merge commit: `refs/pull/<n>/merge`, `pull/<n>/head`. */
export const PULL_REQUEST_REF = /(?:^|[^\w-])(?:refs\/)?pull\/(?:\$\{\{[^}]*\}\}|[^/\s]+)\/(?:head|merge)\b/i;

/**
 * Shell commands that fetch a pull request's code inside a `run:` script:
 * `gh pr checkout`, or a `git fetch` of a `pull/<n>/…` ref.
 */
export const SHELL_PR_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\bpull\/(?:\$\{\{[^}]*\}\}|[^/\s]+)\/(?:head|merge)\b/i;

/** Shell commands that download another run's artifacts. */
export const SHELL_ARTIFACT_DOWNLOAD = /\bgh\s+run\s+download\b/i;

/**
 * Actions that do not execute code from the workspace, so running them after an
 * untrusted checkout does not by itself run the contributor's code. Matched against
 * `owner/repo` (lower case) of a `uses:` reference.
 */
export const INERT_ACTIONS: readonly RegExp[] = [
  /^actions\/(?:upload|download)-artifact$/,
  /^actions\/cache(?:\/(?:save|restore))?$/,
  /^actions\/setup-[\w-]+$/,
  /^actions\/checkout$/,
];

/** Owners whose actions GitHub itself publishes. */
export const FIRST_PARTY_OWNERS: readonly string[] = ['actions', 'github'];

/**
 * `permissions` scopes whose `write` lets a stolen token change code, releases,
 * packages, deployments or workflow runs, or mint cloud credentials (OIDC).
 */
export const BROAD_WRITE_SCOPES: readonly string[] = ['contents', 'actions', 'packages', 'deployments', 'pages', 'id-token'];
