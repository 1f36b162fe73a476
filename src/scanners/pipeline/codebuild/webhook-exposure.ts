import type { ScanWarning } from '../../../core/warnings.js';
import { Unknown } from '../../iac/graph.js';
import type { CodeBuildProject, Webhook, WebhookFilter } from './model.js';
import { PatternSyntaxError, analyzePattern, type PatternAnalysis } from './regex-anchors.js';
import { ANCHORED_FILTER_TYPES, COMMENT_APPROVAL_MODES, TRUSTED_BRANCH_EVENTS, UNTRUSTED_CODE_EVENTS, WEBHOOK_EVENTS } from './webhook-events.js';

/**
 * How well a filter group restricts who triggers it:
 * `none` no positive `ACTOR_ACCOUNT_ID` filter; `weak` only filters whose pattern also
 * matches other ids (unanchored or with wildcards); `exact` an anchored literal list;
 * `unknown` a pattern that could not be resolved or read.
 */
export type ActorRestriction = 'none' | 'weak' | 'exact' | 'unknown';

/** One filter group of a webhook, as the checks see it. */
export interface GroupExposure {
  index: number;
  filters: readonly WebhookFilter[];
  /** The group's `EVENT` filter (the first one), if any. */
  eventFilter?: WebhookFilter;
  /** Untrusted-code events (pull request created/updated/reopened) the group admits. */
  pullRequestEvents: string[] | Unknown;
  /** Trusted-branch events (push, merge, release) the group admits. */
  branchEvents: string[] | Unknown;
  actor: ActorRestriction;
}

/**
 * Who can start a build of pull-request code:
 * `none` no pull-request builds; `anyone`; `weak-actor-filter` an actor filter that other
 * ids also pass; `actors` only listed actors; `approval` only after comment approval;
 * `unknown` depends on values that could not be resolved.
 */
export type PullRequestAccess = 'none' | 'anyone' | 'weak-actor-filter' | 'actors' | 'approval' | 'unknown';

/** What a project's webhook lets in. */
export interface WebhookExposure {
  /** `all`: no filter groups, every push and pull request builds; `unknown`: groups unresolved. */
  groups: GroupExposure[] | 'all' | 'unknown';
  approval: 'required' | 'none' | 'unknown';
  pullRequests: PullRequestAccess;
  /** Whether some group builds pushes, merges or releases. */
  buildsBranches: boolean | 'unknown';
}

const NO_WEBHOOK: WebhookExposure = { groups: [], approval: 'none', pullRequests: 'none', buildsBranches: false };

/**
 * Parse a webhook filter regex for the checks, memoised per pattern text. A pattern that
 * does not parse yields `undefined` and, once per filter, a warning at its line.
 */
export class PatternReader {
  private readonly cache = new Map<string, PatternAnalysis | string>();
  /** Filters already warned about (several checks read the same filter). */
  private readonly warned = new Set<string>();

  constructor(private readonly warnings: ScanWarning[]) {}

  read(project: CodeBuildProject, filter: WebhookFilter): PatternAnalysis | undefined {
    const pattern = filter.pattern.value;
    if (pattern instanceof Unknown) return undefined;
    let result = this.cache.get(pattern);
    if (result === undefined) {
      try {
        result = analyzePattern(pattern);
      } catch (error) {
        if (!(error instanceof PatternSyntaxError)) throw error;
        result = error.message;
      }
      this.cache.set(pattern, result);
    }
    if (typeof result === 'string') {
      const where = `${project.path}\u0000${project.id}\u0000${filter.line}\u0000${pattern}`;
      if (this.warned.has(where)) return undefined;
      this.warned.add(where);
      this.warnings.push({ source: 'pipeline', code: 'invalid-pattern', path: project.path, line: filter.pattern.line, message: `CodeBuild project ${project.name}: webhook filter pattern ${JSON.stringify(pattern)} is not a readable regular expression (${result}); it was not checked.` });
      return undefined;
    }
    return result;
  }
}

/** Events an `EVENT` filter admits: its comma-separated list, or every other event when excluded. */
function eventsOf(filter: WebhookFilter): string[] | Unknown {
  const pattern = filter.pattern.value;
  const exclude = filter.excludeMatchedPattern.value;
  if (pattern instanceof Unknown) return pattern;
  if (exclude instanceof Unknown) return exclude;
  const listed = pattern.split(',').map((e) => e.trim().toUpperCase()).filter(Boolean);
  return exclude ? WEBHOOK_EVENTS.filter((e) => !listed.includes(e)) : listed;
}

const intersect = (events: string[] | Unknown, wanted: readonly string[]): string[] | Unknown =>
  events instanceof Unknown ? events : events.filter((e) => wanted.includes(e));

function actorRestriction(project: CodeBuildProject, filters: readonly WebhookFilter[], patterns: PatternReader): ActorRestriction {
  let restriction: ActorRestriction = 'none';
  for (const f of filters) {
    if (f.type.value !== ANCHORED_FILTER_TYPES.actor) continue;
    if (f.excludeMatchedPattern.value instanceof Unknown) {
      if (restriction === 'none') restriction = 'unknown';
      continue;
    }
    if (f.excludeMatchedPattern.value) continue; // a deny-list lets every other actor in
    const analysis = patterns.read(project, f);
    // Filters in a group are AND-ed: the strongest one decides.
    if (analysis?.anchored && analysis.literal) return 'exact';
    if (!analysis) restriction = 'unknown';
    else if (restriction === 'none') restriction = 'weak';
  }
  // A filter whose type is unresolved may be an exact actor allow-list.
  return filters.some((f) => f.type.value instanceof Unknown) ? 'unknown' : restriction;
}

function groupExposure(project: CodeBuildProject, filters: readonly WebhookFilter[], index: number, patterns: PatternReader): GroupExposure {
  const eventFilters = filters.filter((f) => f.type.value === 'EVENT');
  const unknownType = filters.find((f) => f.type.value instanceof Unknown);
  // Several EVENT filters are AND-ed: an event must pass them all. A group without one is
  // rejected by CodeBuild, so it builds nothing, unless an unresolved type may be EVENT.
  let events: string[] | Unknown = unknownType && !eventFilters.length ? (unknownType.type.value as Unknown) : [];
  if (eventFilters.length) {
    events = [...WEBHOOK_EVENTS];
    for (const f of eventFilters) {
      const admitted = eventsOf(f);
      if (admitted instanceof Unknown) {
        events = admitted;
        break;
      }
      events = events.filter((e) => admitted.includes(e));
    }
  }
  return {
    index,
    filters,
    eventFilter: eventFilters[0],
    pullRequestEvents: intersect(events, UNTRUSTED_CODE_EVENTS),
    branchEvents: intersect(events, TRUSTED_BRANCH_EVENTS),
    actor: actorRestriction(project, filters, patterns),
  };
}

function approvalOf(webhook: Webhook): WebhookExposure['approval'] {
  const mode = webhook.pullRequestBuildPolicy?.requiresCommentApproval.value;
  if (mode === undefined) return 'none';
  if (mode instanceof Unknown) return 'unknown';
  return COMMENT_APPROVAL_MODES.includes(mode.toUpperCase()) ? 'required' : 'none';
}

const nonEmpty = (events: string[] | Unknown): boolean | 'unknown' => (events instanceof Unknown ? 'unknown' : events.length > 0);

/**
 * Who and what a project's webhook lets start builds (see the types above). A project
 * without an enabled webhook exposes nothing; an enabled webhook with no filter groups
 * builds every push and pull request ("Filter GitHub webhook events": builds start for
 * every event unless filter groups narrow them).
 */
export function webhookExposure(project: CodeBuildProject, patterns: PatternReader): WebhookExposure {
  const webhook = project.webhook;
  if (!webhook || webhook.enabled.value === false) return NO_WEBHOOK;
  const approval = approvalOf(webhook);
  const enabledUnknown = webhook.enabled.value instanceof Unknown;
  const groupsValue = webhook.filterGroups.value;
  if (enabledUnknown || groupsValue instanceof Unknown) return { groups: 'unknown', approval, pullRequests: 'unknown', buildsBranches: 'unknown' };
  if (groupsValue.length === 0) {
    return { groups: 'all', approval, pullRequests: approval === 'required' ? 'approval' : approval === 'unknown' ? 'unknown' : 'anyone', buildsBranches: true };
  }
  const groups = groupsValue.map((filters, i) => groupExposure(project, filters, i, patterns));
  return { groups, approval, pullRequests: pullRequestAccess(groups, approval), buildsBranches: anyOf(groups.map((g) => nonEmpty(g.branchEvents))) };
}

function anyOf(values: (boolean | 'unknown')[]): boolean | 'unknown' {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

function pullRequestAccess(groups: readonly GroupExposure[], approval: WebhookExposure['approval']): PullRequestAccess {
  const prGroups = groups.filter((g) => nonEmpty(g.pullRequestEvents) !== false);
  if (!prGroups.length) return 'none';
  if (approval === 'required') return 'approval';
  const known = prGroups.filter((g) => nonEmpty(g.pullRequestEvents) === true);
  let access: PullRequestAccess = 'actors';
  if (known.some((g) => g.actor === 'none')) access = 'anyone';
  else if (known.some((g) => g.actor === 'weak')) access = 'weak-actor-filter';
  else if (prGroups.length > known.length || known.some((g) => g.actor === 'unknown')) access = 'unknown';
  return approval === 'unknown' && access !== 'actors' ? 'unknown' : access;
}
