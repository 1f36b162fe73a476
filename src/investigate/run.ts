/**
 * One investigation over a case's evidence store: detections over the whole evidence,
 * scoping from the case's entities, then timeline, affected resources, indicators,
 * containment, critical findings, summary and limiting factors. The CLI (`guardian
 * investigate`, `guardian case run`) and the tests call this; it reads the store only.
 */
import { TOOL } from '../core/tool.js';
import { type EvidenceCoverage, evidenceCoverage } from './analysis/coverage.js';
import { containmentFacts } from './analysis/containment-facts.js';
import { costImpact } from './analysis/cost.js';
import { ownInstanceIps, readEnvironment } from './analysis/environment.js';
import { environmentConclusions, withInstanceStates } from './analysis/environment-findings.js';
import { criticalFindings, type FindingsInput, limitingFactors, summaryText } from './analysis/findings.js';
import { indicators as indicatorsOf } from './analysis/indicators.js';
import { affectedResources } from './analysis/resources.js';
import { buildTimeline } from './analysis/timeline.js';
import { planContainment } from './containment/plan.js';
import { runDetections } from './detections/engine.js';
import type { EvidenceStore } from './evidence/store.js';
import { bySeverityDesc } from '../core/severity.js';
import type { CaseSummary, DetectionHit, InvestigationResult } from './model.js';
import { scopeInvestigation } from './scope/scope.js';

/** What the evidence loading did, for the result's stats and warnings. */
export interface EvidenceLoadSummary {
  /** CloudTrail records read in this run (all files given), valid or not. */
  eventsRead: number;
  duplicates: number;
  malformed: number;
  warnings: { path?: string; message: string }[];
}

/** Options of {@link investigate}. */
export interface InvestigateOptions {
  load?: EvidenceLoadSummary;
  /** Fixed clock for reproducible output (tests, examples). */
  now?: Date;
  /** Called as each phase starts, for a progress line on a TTY. */
  onPhase?(phase: 'detections' | 'scope' | 'analysis'): void;
}

/**
 * Investigate `theCase` over the evidence in `store`. Never throws for odd evidence; a
 * detection whose query fails becomes a warning. Throws only store errors.
 */
export async function investigate(store: EvidenceStore, stated: CaseSummary, options: InvestigateOptions = {}): Promise<InvestigationResult> {
  const started = Date.now();
  const coverage: EvidenceCoverage = await evidenceCoverage(store);
  const theCase = withAccountFromEvidence(stated, coverage);
  const env = await readEnvironment(store);
  const warnings = [...(options.load?.warnings ?? []), ...env.warnings];
  options.onPhase?.('detections');
  const detections = await runDetections(store, {});
  warnings.push(...detections.warnings.map((message: string) => ({ message })));

  options.onPhase?.('scope');
  const windowStart = theCase.facts.since ?? theCase.facts.exposedAt;
  const ownIps = ownInstanceIps(env, windowStart ?? coverage.start);
  const scope = await scopeInvestigation(store, { entities: theCase.entities, facts: theCase.facts, detections: detections.hits, ownIps });

  options.onPhase?.('analysis');
  const inScope = new Set(scope.events.map((e) => e.row.eventid));
  const { hits, others } = splitHits(detections.hits, inScope);
  const rows = scope.events.map((e) => e.row);
  const facts = containmentFacts(scope.events, theCase.facts.account);
  const resources = withInstanceStates(affectedResources(rows), env);
  const indicators = indicatorsOf(scope.events, facts.account, scope.outsideAccounts);
  const containment = planContainment(facts, { concern: theCase.concern, since: scope.events[0]?.row.eventtime, ...(options.now ? { now: options.now.toISOString().replace(/\.\d+Z$/, 'Z') } : {}) });
  const cost = await costImpact(store, scope.events[0]?.row.eventtime, facts.launchedInstances.map((i) => i.instanceId));
  const input: FindingsInput = { scope, hits, facts, resources, indicators, coverage, ...(cost ? { cost } : {}), steps: containment.length, firstStep: containment[0]?.description };
  const environment = environmentConclusions({
    env,
    facts,
    indicators,
    victimAccounts: new Set([...coverage.accounts, ...(theCase.facts.account ? [theCase.facts.account] : [])]),
    ...(windowStart ?? scope.events[0]?.row.eventtime ? { since: windowStart ?? scope.events[0]!.row.eventtime } : {}),
    createdInEvidence: await createdPrincipals(store),
  });
  return {
    tool: { name: TOOL.name, version: TOOL.version },
    generatedAt: (options.now ?? new Date()).toISOString(),
    case: theCase,
    summary: summaryText(input),
    criticalFindings: [...criticalFindings(input), ...environment.findings].sort((a, b) => bySeverityDesc(a.severity, b.severity)),
    detections: hits,
    otherDetections: others,
    timeline: buildTimeline(scope.events, hits),
    affectedResources: resources,
    indicators,
    containment,
    limitingFactors: [...limitingFactors(input), ...environment.limitingFactors],
    ...(cost ? { cost } : {}),
    warnings,
    stats: {
      eventsRead: options.load?.eventsRead ?? 0,
      eventsStored: coverage.events,
      duplicates: options.load?.duplicates ?? 0,
      malformed: options.load?.malformed ?? 0,
      inScope: scope.events.length,
      ...(coverage.start ? { evidenceStart: coverage.start } : {}),
      ...(coverage.end ? { evidenceEnd: coverage.end } : {}),
      durationMs: Date.now() - started,
    },
  };
}

/** ARNs of the users and roles any successful CreateUser / CreateRole in the evidence created. */
async function createdPrincipals(store: EvidenceStore): Promise<Set<string>> {
  const rows = await store.query<{ arn: string }>(
    `SELECT DISTINCT coalesce(responseelements->>'$.user.arn', responseelements->>'$.role.arn') AS arn FROM cloudtrail
     WHERE eventname IN ('CreateUser', 'CreateRole') AND errorcode IS NULL AND arn IS NOT NULL`,
  );
  return new Set(rows.map((r) => r.arn));
}

/** A case that does not name its account takes the evidence's only one (and no longer asks for it). */
function withAccountFromEvidence(theCase: CaseSummary, coverage: EvidenceCoverage): CaseSummary {
  if (theCase.facts.account || coverage.accounts.length !== 1) return theCase;
  return { ...theCase, facts: { ...theCase.facts, account: coverage.accounts[0] }, missingFacts: theCase.missingFacts.filter((m) => m.fact !== 'account') };
}

/** Hits narrowed to in-scope events, and the hits on other events (kept whole). */
function splitHits(all: readonly DetectionHit[], inScope: Set<string>): { hits: DetectionHit[]; others: DetectionHit[] } {
  const hits: DetectionHit[] = [];
  const others: DetectionHit[] = [];
  for (const hit of all) {
    const inside = hit.eventIds.filter((id) => inScope.has(id));
    if (inside.length) hits.push({ ...hit, eventIds: inside });
    if (inside.length < hit.eventIds.length) others.push({ ...hit, eventIds: hit.eventIds.filter((id) => !inScope.has(id)) });
  }
  return { hits, others };
}
