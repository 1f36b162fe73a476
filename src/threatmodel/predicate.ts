/**
 * The predicate language of the STRIDE catalog: a small, declarative test over one DFD
 * element or flow of the Architecture (src/architecture/model.ts), its neighbours, and
 * the scanner findings linked to it. Rules (`appliesTo`) and mitigations (`implementedWhen`,
 * `missingWhen`) are written in it, as data, so the engine holds no threat knowledge.
 *
 * Predicates are two-valued and conservative: a test on something the model does not
 * say (an absent attribute, a flow field left out) is false, so a rule that needs
 * `waf: false` never fires on an API whose WAF status is unknown.
 */
import { z } from 'zod';
import type { Finding } from '../core/finding.js';
import type { Architecture, DataClass, Element, ElementKind, Flow, TrustBoundary } from '../architecture/model.js';

type Scalar = string | number | boolean;
type BoundaryKind = TrustBoundary['kind'];

/** The flow fields `field` tests can read. */
export const FLOW_FIELDS = ['label', 'protocol', 'authentication', 'authorization', 'encryptedInTransit'] as const;
export type FlowField = (typeof FLOW_FIELDS)[number];

/** A test on an element attribute: exactly one of `equals`, `in`, `exists`, `nonEmpty`, `matches`. Array attributes match when any item does. */
export interface AttributeTest {
  attribute: string;
  equals?: Scalar;
  in?: Scalar[];
  exists?: boolean;
  nonEmpty?: boolean;
  /** Regular expression (JavaScript syntax, unanchored unless written with ^ and $). */
  matches?: string;
}

/** A test on a flow field: exactly one of `in` or `matches`. */
export interface FlowFieldTest {
  field: FlowField;
  in?: Scalar[];
  matches?: string;
}

/**
 * One predicate. Element-only tests (`kind`, `type`, `attribute`, `boundary`, `incoming`,
 * `outgoing`) are false on a flow; flow-only tests (`field`, `crosses`, `from`, `to`) are
 * false on an element. `data` and `finding` apply to both; `model` ignores the subject.
 */
export type Predicate =
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  /** The element's DFD kind is one of these. */
  | { kind: ElementKind[] }
  /** The element's type is one of these. */
  | { type: string[] }
  | AttributeTest
  /** The element holds, or the flow carries, at least one of these data classes. */
  | { data: DataClass[] }
  /** The element sits inside a boundary of one of these kinds (its own or an enclosing one). */
  | { boundary: BoundaryKind[] }
  | FlowFieldTest
  /** The flow crosses a boundary of one of these kinds. */
  | { crosses: BoundaryKind[] }
  /** The flow's sender / receiver matches. */
  | { from: Predicate }
  | { to: Predicate }
  /** Some flow into / out of the element matches. */
  | { incoming: Predicate }
  | { outgoing: Predicate }
  /** A finding whose rule id matches one of these globs (`*` = any characters) is linked to the subject's scope (see evidence.ts). */
  | { finding: string[] }
  /** Some element anywhere in the model matches (account-wide controls such as a CloudTrail trail). */
  | { model: Predicate };

/** What a predicate is evaluated on. */
export type Subject = { element: Element } | { flow: Flow };

/** Lookups over one Architecture: elements, flows, flows per element, boundary ancestry. */
export class ModelIndex {
  readonly elements = new Map<string, Element>();
  readonly flows = new Map<string, Flow>();
  readonly boundaries = new Map<string, TrustBoundary>();
  private readonly into = new Map<string, Flow[]>();
  private readonly outOf = new Map<string, Flow[]>();

  constructor(readonly model: Architecture) {
    for (const element of model.elements) this.elements.set(element.id, element);
    for (const boundary of model.boundaries) this.boundaries.set(boundary.id, boundary);
    for (const flow of model.flows) {
      this.flows.set(flow.id, flow);
      push(this.into, flow.to, flow);
      push(this.outOf, flow.from, flow);
    }
  }

  incoming(elementId: string): Flow[] {
    return this.into.get(elementId) ?? [];
  }

  outgoing(elementId: string): Flow[] {
    return this.outOf.get(elementId) ?? [];
  }

  /** Kinds of a boundary and of every boundary enclosing it (cycle-safe; unknown ids add nothing). */
  boundaryKinds(boundaryId: string | undefined): Set<BoundaryKind> {
    const kinds = new Set<BoundaryKind>();
    const seen = new Set<string>();
    let id = boundaryId;
    while (id && !seen.has(id)) {
      seen.add(id);
      const boundary = this.boundaries.get(id);
      if (!boundary) break;
      kinds.add(boundary.kind);
      id = boundary.parent;
    }
    return kinds;
  }
}

/** What evaluation needs besides the subject: the model and the findings linked to a subject's scope. */
export interface PredicateContext {
  index: ModelIndex;
  findingsFor(subject: Subject): readonly Finding[];
}

/** Evaluate `predicate` on `subject`. Never throws: malformed regular expressions are rejected when the catalog loads. */
export function evaluate(predicate: Predicate, subject: Subject, ctx: PredicateContext): boolean {
  if ('all' in predicate) return predicate.all.every((p) => evaluate(p, subject, ctx));
  if ('any' in predicate) return predicate.any.some((p) => evaluate(p, subject, ctx));
  if ('not' in predicate) return !evaluate(predicate.not, subject, ctx);
  if ('model' in predicate) return ctx.index.model.elements.some((element) => evaluate(predicate.model, { element }, ctx));
  if ('finding' in predicate) {
    const globs = predicate.finding.map(globToRegExp);
    return ctx.findingsFor(subject).some((f) => globs.some((g) => g.test(f.ruleId)));
  }
  if ('data' in predicate) {
    const data = 'element' in subject ? subject.element.data : subject.flow.data;
    return (data ?? []).some((d) => predicate.data.includes(d));
  }
  if ('element' in subject) return evaluateOnElement(predicate, subject.element, ctx);
  return evaluateOnFlow(predicate, subject.flow, ctx);
}

/**
 * Whether `predicate` could hold on `subject` in some repository with this model's shape:
 * only the structural tests (`kind`, `type`, and `from`/`to` on a flow's ends) are
 * decided; every test on attributes, data, boundaries, neighbours or findings counts as
 * "could hold", and so does `not`. The review uses it to tell an element a rule examined
 * and cleared ("considered, no threat") from one no rule covers at all (a coverage gap).
 */
export function mayApply(predicate: Predicate, subject: Subject, index: ModelIndex): boolean {
  if ('all' in predicate) return predicate.all.every((p) => mayApply(p, subject, index));
  if ('any' in predicate) return predicate.any.some((p) => mayApply(p, subject, index));
  if ('element' in subject) {
    if ('kind' in predicate) return predicate.kind.includes(subject.element.kind);
    if ('type' in predicate) return predicate.type.includes(subject.element.type);
    return !('field' in predicate || 'crosses' in predicate || 'from' in predicate || 'to' in predicate);
  }
  if ('kind' in predicate || 'type' in predicate || 'attribute' in predicate || 'boundary' in predicate || 'incoming' in predicate || 'outgoing' in predicate) return false;
  if ('from' in predicate || 'to' in predicate) {
    const end = index.elements.get('from' in predicate ? subject.flow.from : subject.flow.to);
    const inner = 'from' in predicate ? predicate.from : (predicate as { to: Predicate }).to;
    return end !== undefined && mayApply(inner, { element: end }, index);
  }
  return true;
}

/** Every rule-id glob a `finding` test anywhere in `predicate` names. */
export function findingGlobs(predicate: Predicate): string[] {
  if ('all' in predicate) return predicate.all.flatMap(findingGlobs);
  if ('any' in predicate) return predicate.any.flatMap(findingGlobs);
  if ('not' in predicate) return findingGlobs(predicate.not);
  if ('finding' in predicate) return [...predicate.finding];
  for (const key of ['model', 'from', 'to', 'incoming', 'outgoing'] as const) {
    if (key in predicate) return findingGlobs((predicate as Record<typeof key, Predicate>)[key]);
  }
  return [];
}

function evaluateOnElement(predicate: Predicate, element: Element, ctx: PredicateContext): boolean {
  if ('kind' in predicate) return predicate.kind.includes(element.kind);
  if ('type' in predicate) return predicate.type.includes(element.type);
  if ('attribute' in predicate) return attributeHolds(predicate, element.attributes[predicate.attribute]);
  if ('boundary' in predicate) {
    const kinds = ctx.index.boundaryKinds(element.boundary);
    return predicate.boundary.some((k) => kinds.has(k));
  }
  if ('incoming' in predicate) return ctx.index.incoming(element.id).some((flow) => evaluate(predicate.incoming, { flow }, ctx));
  if ('outgoing' in predicate) return ctx.index.outgoing(element.id).some((flow) => evaluate(predicate.outgoing, { flow }, ctx));
  return false;
}

function evaluateOnFlow(predicate: Predicate, flow: Flow, ctx: PredicateContext): boolean {
  if ('field' in predicate) {
    const value = flow[predicate.field];
    if (value === undefined) return false;
    if (predicate.in) return predicate.in.includes(value);
    if (predicate.matches !== undefined) return typeof value === 'string' && regExp(predicate.matches).test(value);
    return false;
  }
  if ('crosses' in predicate) {
    return (flow.crosses ?? []).some((id) => {
      const kind = ctx.index.boundaries.get(id)?.kind;
      return kind !== undefined && predicate.crosses.includes(kind);
    });
  }
  if ('from' in predicate || 'to' in predicate) {
    const end = ctx.index.elements.get('from' in predicate ? flow.from : flow.to);
    const inner = 'from' in predicate ? predicate.from : (predicate as { to: Predicate }).to;
    return end !== undefined && evaluate(inner, { element: end }, ctx);
  }
  return false;
}

function attributeHolds(test: AttributeTest, value: Element['attributes'][string] | undefined): boolean {
  if (test.exists !== undefined) return (value !== undefined) === test.exists;
  if (value === undefined) return false;
  const items: Scalar[] = Array.isArray(value) ? value : [value];
  if (test.nonEmpty !== undefined) return (Array.isArray(value) ? value.length > 0 : value !== '') === test.nonEmpty;
  if (test.equals !== undefined) return items.some((v) => v === test.equals);
  if (test.in) return items.some((v) => test.in!.includes(v));
  if (test.matches !== undefined) return items.some((v) => typeof v === 'string' && regExp(test.matches!).test(v));
  return false;
}

const REGEXPS = new Map<string, RegExp>();

/** A compiled regular expression, cached (catalog patterns repeat for every subject). */
export function regExp(source: string): RegExp {
  let re = REGEXPS.get(source);
  if (!re) {
    re = new RegExp(source);
    REGEXPS.set(source, re);
  }
  return re;
}

/** A rule-id glob as a RegExp: `*` matches any run of characters, everything else is literal (`iam.escalation.*`). */
export function globToRegExp(glob: string): RegExp {
  return regExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// --- schema ------------------------------------------------------------------------------

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** A JavaScript regular expression source that compiles. */
export const patternSchema = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const boundaryKind = z.enum(['internet', 'aws-account', 'vpc', 'service', 'stack', 'browser', 'ci']);
const oneTest = (keys: readonly string[]) => (value: Record<string, unknown>) => keys.filter((k) => value[k] !== undefined).length === 1;

/** zod schema of a Predicate, for validating catalog files. */
export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(predicateSchema).min(1) }).strict(),
    z.object({ any: z.array(predicateSchema).min(1) }).strict(),
    z.object({ not: predicateSchema }).strict(),
    z.object({ kind: z.array(z.enum(['external-entity', 'process', 'data-store'])).min(1) }).strict(),
    z.object({ type: z.array(z.string().min(1)).min(1) }).strict(),
    z
      .object({ attribute: z.string().min(1), equals: scalar.optional(), in: z.array(scalar).min(1).optional(), exists: z.boolean().optional(), nonEmpty: z.boolean().optional(), matches: patternSchema.optional() })
      .strict()
      .refine(oneTest(['equals', 'in', 'exists', 'nonEmpty', 'matches']), 'an attribute test needs exactly one of equals, in, exists, nonEmpty, matches'),
    z.object({ data: z.array(z.enum(['credentials', 'personal', 'payment', 'health', 'confidential', 'public'])).min(1) }).strict(),
    z.object({ boundary: z.array(boundaryKind).min(1) }).strict(),
    z
      .object({ field: z.enum(FLOW_FIELDS), in: z.array(scalar).min(1).optional(), matches: patternSchema.optional() })
      .strict()
      .refine(oneTest(['in', 'matches']), 'a field test needs exactly one of in, matches'),
    z.object({ crosses: z.array(boundaryKind).min(1) }).strict(),
    z.object({ from: predicateSchema }).strict(),
    z.object({ to: predicateSchema }).strict(),
    z.object({ incoming: predicateSchema }).strict(),
    z.object({ outgoing: predicateSchema }).strict(),
    z.object({ finding: z.array(z.string().min(1)).min(1) }).strict(),
    z.object({ model: predicateSchema }).strict(),
  ]),
) as z.ZodType<Predicate>;
