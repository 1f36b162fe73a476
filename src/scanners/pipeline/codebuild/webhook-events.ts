/**
 * Webhook event and filter vocabulary of CodeBuild (API Reference, `WebhookFilter`;
 * user guide, "GitHub webhook events", "Bitbucket webhook events", "GitLab webhook events").
 */

/** Every event name an `EVENT` filter may list. */
export const WEBHOOK_EVENTS: readonly string[] = [
  'PUSH',
  'PULL_REQUEST_CREATED',
  'PULL_REQUEST_UPDATED',
  'PULL_REQUEST_REOPENED',
  'PULL_REQUEST_MERGED',
  'PULL_REQUEST_CLOSED',
  'RELEASED',
  'PRERELEASED',
  'WORKFLOW_JOB_QUEUED',
];

/**
 * Events that build code the pull request's author controls: anyone who can open a pull
 * request (on a public repository, anyone with an account, from a fork) triggers them.
 */
export const UNTRUSTED_CODE_EVENTS: readonly string[] = ['PULL_REQUEST_CREATED', 'PULL_REQUEST_UPDATED', 'PULL_REQUEST_REOPENED'];

/**
 * Events that build code already on a branch, tag or release of the repository itself
 * (only people with write access cause them): the builds that usually deploy or publish.
 */
export const TRUSTED_BRANCH_EVENTS: readonly string[] = ['PUSH', 'PULL_REQUEST_MERGED', 'RELEASED', 'PRERELEASED'];

/**
 * Source types hosted on public services, where anyone can open a pull request against a
 * public repository. Self-managed GitHub Enterprise / GitLab instances are not in it.
 */
export const PUBLIC_SOURCE_TYPES: readonly string[] = ['GITHUB', 'BITBUCKET', 'GITLAB'];

/** Source types that support webhooks at all. */
export const WEBHOOK_SOURCE_TYPES: readonly string[] = [...PUBLIC_SOURCE_TYPES, 'GITHUB_ENTERPRISE', 'GITLAB_SELF_MANAGED'];

/** Source type whose builds run as a stage of CodePipeline (a release pipeline). */
export const PIPELINE_SOURCE_TYPE = 'CODEPIPELINE';

/** Filter types whose pattern is a regex an allow-list must anchor. */
export const ANCHORED_FILTER_TYPES = {
  actor: 'ACTOR_ACCOUNT_ID',
  ref: ['HEAD_REF', 'BASE_REF'] as readonly string[],
};

/** `RequiresCommentApproval` values that hold pull-request builds until a maintainer approves. */
export const COMMENT_APPROVAL_MODES: readonly string[] = ['ALL_PULL_REQUESTS', 'FORK_PULL_REQUESTS'];
