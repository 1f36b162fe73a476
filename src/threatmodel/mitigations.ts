/**
 * The mitigation catalog (mitigations.yaml) and how a mitigation's status is derived from
 * evidence, the third question of the Four Question Frame ("What are we going to do
 * about it?").
 *
 * Status, first match wins:
 *  1. `missing` when a finding matching the mitigation's `findings` globs is linked to
 *     the threat's scope (or, with `findingsScope: model`, exists anywhere in the run):
 *     the finding shows the control is absent, and fixing it implements the mitigation.
 *  2. `missing` when `missingWhen` holds on the anchor (`waf: false`, `authentication: none`).
 *  3. `implemented` when `implementedWhen` holds (`waf: true`, a Cognito authorizer).
 *  4. `unknown` otherwise: nothing in the repository says, so a person must check.
 * Every reason cites the file:line of the evidence it rests on.
 */
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import type { Evidence } from '../architecture/model.js';
import type { Mitigation, ThreatEvidence } from './model.js';
import { type PredicateContext, type Subject, evaluate, globToRegExp, patternSchema, predicateSchema, regExp } from './predicate.js';

/** One entry of mitigations.yaml. */
export const mitigationSchema = z
  .object({
    /** Catalog id, kebab-case: `api-authorizer`. */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'mitigation ids are kebab-case'),
    title: z.string().min(1),
    /** What to do: the AWS control and the code change. */
    content: z.string().min(1),
    /** Name of the control in missing-control evidence (default: the id). */
    control: z.string().min(1).optional(),
    implementedWhen: predicateSchema.optional(),
    implementedReason: z.string().min(1).optional(),
    missingWhen: predicateSchema.optional(),
    missingReason: z.string().min(1).optional(),
    /** Rule-id globs of findings whose fix implements this mitigation. */
    findings: z.array(z.string().min(1)).optional(),
    /** `model`: any such finding in the run counts (account-wide controls such as CloudTrail). */
    findingsScope: z.enum(['anchor', 'model']).optional(),
    /** Regular expression over evidence notes choosing which evidence a reason cites (case-insensitive). */
    cite: patternSchema.optional(),
  })
  .strict()
  .refine((m) => (m.implementedWhen === undefined) === (m.implementedReason === undefined), 'implementedWhen and implementedReason go together')
  .refine((m) => (m.missingWhen === undefined) === (m.missingReason === undefined), 'missingWhen and missingReason go together');

export type MitigationDefinition = z.infer<typeof mitigationSchema>;

/** A mitigation of one threat with its derived status, plus the missing-control evidence it adds to the threat (when missing). */
export interface DerivedMitigation {
  mitigation: Mitigation;
  missingControl?: ThreatEvidence;
}

/** What status derivation reads: predicates' context, the findings in the threat's scope and all findings of the run. */
export interface MitigationContext {
  predicates: PredicateContext;
  scopeFindings: readonly Finding[];
  allFindings: readonly Finding[];
}

/**
 * The mitigation `definition` applied to the threat anchored at `subject` (id
 * `mitigation:<catalog id>:<anchor id>`), with status and reason derived as in the module
 * comment. Deterministic; never throws.
 */
export function deriveMitigation(definition: MitigationDefinition, subject: Subject, ctx: MitigationContext): DerivedMitigation {
  const anchorId = 'element' in subject ? subject.element.id : subject.flow.id;
  const globs = (definition.findings ?? []).map(globToRegExp);
  const pool = definition.findingsScope === 'model' ? ctx.allFindings : ctx.scopeFindings;
  const related = pool.filter((f) => globs.some((g) => g.test(f.ruleId)));
  const control = definition.control ?? definition.id;
  const base = { id: `mitigation:${definition.id}:${anchorId}`, ref: definition.id, title: definition.title, content: definition.content.trim(), findings: related.map((f) => f.id) };

  const first = related[0];
  if (first) {
    const where = `${first.location.path}:${first.location.startLine}`;
    const more = related.length > 1 ? ` and ${related.length - 1} more finding${related.length > 2 ? 's' : ''}` : '';
    const reason = `${first.ruleId} at ${where}${more} shows it is not in place.`;
    return {
      mitigation: { ...base, status: 'missing', statusReason: reason },
      missingControl: { kind: 'missing-control', control, path: first.location.path, line: first.location.startLine, note: reason },
    };
  }
  const cited = cite(subject, definition.cite);
  if (definition.missingWhen && evaluate(definition.missingWhen, subject, ctx.predicates)) {
    const reason = `${definition.missingReason!}${suffix(cited)}`;
    return {
      mitigation: { ...base, status: 'missing', statusReason: reason },
      missingControl: { kind: 'missing-control', control, ...(cited ? { path: cited.path, ...(cited.line !== undefined ? { line: cited.line } : {}) } : {}), note: reason },
    };
  }
  if (definition.implementedWhen && evaluate(definition.implementedWhen, subject, ctx.predicates)) {
    return { mitigation: { ...base, status: 'implemented', statusReason: `${definition.implementedReason!}${suffix(cited)}` } };
  }
  return { mitigation: { ...base, status: 'unknown', statusReason: `Nothing in the repository shows whether this is in place${suffix(cited, 'near')}; check it by hand.` } };
}

/** The evidence a reason cites: the first whose note matches `pattern`, else the first. */
function cite(subject: Subject, pattern: string | undefined): Evidence | undefined {
  const evidence = 'element' in subject ? subject.element.evidence : subject.flow.evidence;
  if (!evidence?.length) return undefined;
  if (pattern) {
    const re = new RegExp(regExp(pattern).source, 'i');
    const match = evidence.find((e) => re.test(e.note));
    if (match) return match;
  }
  return evidence[0];
}

function suffix(evidence: Evidence | undefined, word = ''): string {
  if (!evidence) return '';
  const where = evidence.line !== undefined ? `${evidence.path}:${evidence.line}` : evidence.path;
  return word ? ` ${word} ${where}` : ` (${where})`;
}
