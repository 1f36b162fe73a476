import type { Severity } from '../../../../core/severity.js';
import { pipelineFinding } from '../rule.js';
import { UNANCHORED_ACTOR_FILTER, UNANCHORED_REF_FILTER, UNTRUSTED_PULL_REQUEST_BUILDS, WEBHOOK_WITHOUT_FILTER_GROUPS } from '../rules.js';
import type { WebhookFilter } from '../model.js';
import { ANCHORED_FILTER_TYPES, PUBLIC_SOURCE_TYPES, WEBHOOK_SOURCE_TYPES } from '../webhook-events.js';
import type { GroupExposure } from '../webhook-exposure.js';
import { type AnalyzedProject, type CheckContext, describeProject, known } from './context.js';

/**
 * Severity of exposing builds to outside pull requests: critical where anyone can open
 * one (GitHub, Bitbucket, GitLab.com), high on self-managed or unresolved providers.
 */
function exposureSeverity(sourceType: string | undefined): Severity {
  return sourceType && PUBLIC_SOURCE_TYPES.includes(sourceType.toUpperCase()) ? 'critical' : 'high';
}

const quote = (items: readonly string[]) => items.map((i) => JSON.stringify(i)).join(', ');

/**
 * Webhook checks of one project: no filter groups, pull-request groups open to anyone,
 * and allow-list patterns (ACTOR_ACCOUNT_ID, HEAD_REF, BASE_REF) that are not anchored.
 * Unresolved values never produce a finding.
 */
export function checkWebhook({ project, exposure }: AnalyzedProject, ctx: CheckContext): void {
  const webhook = project.webhook;
  const sourceType = known(project.source.type)?.toUpperCase();
  if (!webhook || (sourceType && !WEBHOOK_SOURCE_TYPES.includes(sourceType))) return;
  const severity = exposureSeverity(sourceType);
  const who = describeProject(project);

  if (exposure.groups === 'all' && exposure.approval === 'none') {
    ctx.findings.push(
      pipelineFinding(WEBHOOK_WITHOUT_FILTER_GROUPS, {
        path: project.path,
        line: webhook.enabled.line,
        severity,
        message: `${who} has a webhook without filter groups and without comment approval: every push and every pull request starts a build, so anyone who can open a pull request runs their code with the project's service role and secrets.`,
        fingerprintKey: project.id,
      }),
    );
  }
  if (!Array.isArray(exposure.groups)) return;
  for (const group of exposure.groups) {
    if (exposure.approval === 'none') checkOpenPullRequests(group, ctx, { who, project, severity });
    for (const filter of group.filters) checkAnchoring(filter, group, ctx, { who, project });
  }
}

function checkOpenPullRequests(group: GroupExposure, ctx: CheckContext, at: { who: string; project: AnalyzedProject['project']; severity: Severity }): void {
  const events = group.pullRequestEvents;
  if (!Array.isArray(events) || events.length === 0 || group.actor !== 'none') return;
  const eventLine = group.eventFilter?.pattern.line ?? at.project.webhook!.filterGroups.line;
  ctx.findings.push(
    pipelineFinding(UNTRUSTED_PULL_REQUEST_BUILDS, {
      path: at.project.path,
      line: eventLine,
      severity: at.severity,
      message: `${at.who} builds ${events.join(', ')} in filter group ${group.index + 1} with no ACTOR_ACCOUNT_ID allow-list and no PullRequestBuildPolicy requiring comment approval: whoever opens a pull request runs their code and buildspec with the project's service role and secrets.`,
      fingerprintKey: `${at.project.id}\u0000${known(group.eventFilter?.pattern) ?? group.index}`,
    }),
  );
}

function checkAnchoring(filter: WebhookFilter, group: GroupExposure, ctx: CheckContext, at: { who: string; project: AnalyzedProject['project'] }): void {
  const type = known(filter.type);
  const pattern = known(filter.pattern);
  // Only allow-lists: an unanchored deny-list (ExcludeMatchedPattern) excludes more, not less.
  if (!type || pattern === undefined || filter.excludeMatchedPattern.value !== false) return;
  const isActor = type === ANCHORED_FILTER_TYPES.actor;
  if (!isActor && !ANCHORED_FILTER_TYPES.ref.includes(type)) return;
  const analysis = ctx.patterns.read(at.project, filter);
  if (!analysis) return;
  const fingerprintKey = `${at.project.id}\u0000${type}\u0000${pattern}`;
  if (isActor && !(analysis.anchored && analysis.literal)) {
    const problems = [
      analysis.unanchored.length ? `${quote(analysis.unanchored)} not anchored with ^…$` : '',
      analysis.broad.length ? `${quote(analysis.broad)} with wildcards or quantifiers` : '',
    ].filter(Boolean);
    ctx.findings.push(
      pipelineFinding(UNANCHORED_ACTOR_FILTER, {
        path: at.project.path,
        line: filter.pattern.line,
        message: `${at.who}: ACTOR_ACCOUNT_ID pattern ${JSON.stringify(pattern)} in filter group ${group.index + 1} also admits users whose id merely contains a trusted id (${problems.join('; ')}). An attacker can register such an id and trigger builds as a trusted actor.`,
        fingerprintKey,
      }),
    );
  } else if (!isActor && !analysis.anchored) {
    ctx.findings.push(
      pipelineFinding(UNANCHORED_REF_FILTER, {
        path: at.project.path,
        line: filter.pattern.line,
        message: `${at.who}: ${type} pattern ${JSON.stringify(pattern)} in filter group ${group.index + 1} is not anchored (${quote(analysis.unanchored)}), so it also matches other references that contain it.`,
        fingerprintKey,
      }),
    );
  }
}
