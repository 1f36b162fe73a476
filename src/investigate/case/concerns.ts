/**
 * Concerns as data (concerns.yaml): the facts each concern needs, the clarifying question
 * for each and why it matters, the cue words that suggest a concern, and the words that
 * answer yes or no. The catalog is validated on first use; a malformed catalog is a
 * packaging bug and throws naming the file.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CONCERNS, type CaseEntities, type CaseFacts, type Concern, type MissingFact } from '../model.js';
import { ENTITY_KINDS, type EntityKind } from './entities.js';
import { alternation } from './vocabulary.js';

const EntityKindSchema = z.enum(ENTITY_KINDS);
/** CaseFacts fields a `time`, `yes-no` or `account` fact may be stored in. */
const FACT_FIELDS = { time: ['since', 'until', 'exposedAt'], 'yes-no': ['rotated'], account: ['account'] } as const;

const FactSchema = z
  .object({
    kind: z.enum(['entities', 'time', 'yes-no', 'account']),
    accepts: z.array(EntityKindSchema).min(1).optional(),
    bareName: EntityKindSchema.optional(),
    question: z.string().min(1),
    why: z.string().min(1),
  })
  .strict();
const NeedSchema = z.object({ fact: z.string(), question: z.string().min(1).optional(), why: z.string().min(1).optional() }).strict();
const CatalogSchema = z
  .object({
    facts: z.record(z.string(), FactSchema),
    concerns: z.record(z.string(), z.object({ title: z.string(), cues: z.array(z.string().min(1)), needs: z.array(NeedSchema).min(1) }).strict()),
    yesNo: z.object({ yes: z.array(z.coerce.string()), no: z.array(z.coerce.string()) }).strict(),
    rotatedCues: z.object({ yes: z.array(z.string()), no: z.array(z.string()) }).strict(),
    hints: z.object({ entities: z.string(), time: z.string(), 'yes-no': z.string(), account: z.string() }).strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const id of CONCERNS) if (!c.concerns[id]) ctx.addIssue({ code: 'custom', path: ['concerns', id], message: 'missing concern' });
    for (const id of Object.keys(c.concerns)) if (!(CONCERNS as readonly string[]).includes(id)) ctx.addIssue({ code: 'custom', path: ['concerns', id], message: 'not a concern of model.ts CONCERNS' });
    for (const [id, concern] of Object.entries(c.concerns))
      for (const need of concern.needs) if (!c.facts[need.fact]) ctx.addIssue({ code: 'custom', path: ['concerns', id, 'needs'], message: `unknown fact ${need.fact}` });
    for (const [name, fact] of Object.entries(c.facts)) {
      if (fact.kind === 'entities' ? !fact.accepts : !(FACT_FIELDS[fact.kind] as readonly string[]).includes(name))
        ctx.addIssue({ code: 'custom', path: ['facts', name], message: fact.kind === 'entities' ? 'entities facts need accepts' : `a ${fact.kind} fact must be named after one of ${FACT_FIELDS[fact.kind].join(', ')}` });
    }
  });

/** How a fact is read from an answer and where it is stored (see concerns.yaml). */
export interface FactSpec {
  /** The fact's name, as in {@link MissingFact.fact}. */
  fact: string;
  kind: 'entities' | 'time' | 'yes-no' | 'account';
  /** For `entities`: the entity lists that satisfy the fact. */
  accepts?: EntityKind[];
  /** For `entities`: where a lone word answer goes. */
  bareName?: EntityKind;
  question: string;
  why: string;
}

/** A concern with its needs resolved (overrides applied). */
export interface ConcernSpec {
  id: Concern;
  title: string;
  cues: string[];
  needs: FactSpec[];
}

interface Catalog {
  facts: Map<string, FactSpec>;
  concerns: Map<Concern, ConcernSpec>;
  yes: Set<string>;
  no: Set<string>;
  rotatedYes: RegExp;
  rotatedNo: RegExp;
  cueRes: Map<Concern, RegExp>;
  hints: Record<FactSpec['kind'], string>;
}

let catalog: Catalog | undefined;
function load(): Catalog {
  if (catalog) return catalog;
  const url = new URL('./concerns.yaml', import.meta.url);
  const parsed = CatalogSchema.safeParse(parseYaml(readFileSync(url, 'utf8')));
  if (!parsed.success) throw new Error(`${url.pathname}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const data = parsed.data;
  const facts = new Map(Object.entries(data.facts).map(([fact, spec]) => [fact, { fact, ...spec } as FactSpec]));
  const concerns = new Map<Concern, ConcernSpec>();
  const cueRes = new Map<Concern, RegExp>();
  for (const id of CONCERNS) {
    const c = data.concerns[id];
    if (!c) continue;
    const needs = c.needs.map((n) => {
      const base = facts.get(n.fact) as FactSpec;
      return { ...base, question: n.question ?? base.question, why: n.why ?? base.why };
    });
    concerns.set(id, { id, title: c.title, cues: c.cues, needs });
    // Cues match at a word start; a cue may be a stem ("exfiltrat").
    cueRes.set(id, new RegExp(String.raw`(?<![a-z0-9])(?:${alternation(c.cues)})`, 'gi'));
  }
  const phrases = (words: string[]) => new RegExp(String.raw`(?<![a-z])(?:${alternation(words)})(?![a-z])`, 'i');
  catalog = {
    facts,
    concerns,
    yes: new Set(data.yesNo.yes.map((w) => w.toLowerCase())),
    no: new Set(data.yesNo.no.map((w) => w.toLowerCase())),
    rotatedYes: phrases(data.rotatedCues.yes),
    rotatedNo: phrases(data.rotatedCues.no),
    cueRes,
    hints: data.hints,
  };
  return catalog;
}

/** The concern's needs, in the order they are asked. */
export function concernSpec(concern: Concern): ConcernSpec | undefined {
  return load().concerns.get(concern);
}

/** How the fact named `fact` is read and stored, or undefined for an unknown fact. */
export function factSpec(fact: string): FactSpec | undefined {
  return load().facts.get(fact);
}

/** What to say after an answer of this kind could not be read (concerns.yaml `hints`). */
export function answerHint(kind: FactSpec['kind']): string {
  return load().hints[kind];
}

/** True when the case already has the fact. */
function has(spec: FactSpec, entities: Partial<CaseEntities> | undefined, facts: Partial<CaseFacts> | undefined): boolean {
  if (spec.kind === 'entities') return (spec.accepts ?? []).some((k) => Array.isArray(entities?.[k]) && (entities?.[k]?.length ?? 0) > 0);
  const value = facts?.[spec.fact as keyof CaseFacts];
  return value !== undefined && value !== null && value !== '';
}

/**
 * The facts `summary.concern` needs that the case does not have yet, in the order they
 * should be asked, each with its question and why it matters (concerns.yaml). An unknown
 * concern needs nothing. Never throws for missing lists or fields.
 */
export function missingFacts(summary: { concern: Concern; entities?: Partial<CaseEntities>; facts?: Partial<CaseFacts> }): MissingFact[] {
  const spec = load().concerns.get(summary.concern);
  if (!spec) return [];
  return spec.needs.filter((n) => !has(n, summary.entities, summary.facts)).map((n) => ({ fact: n.fact, question: n.question, why: n.why }));
}

/**
 * The concern a description suggests from its cue words (concerns.yaml `cues`): the one
 * with the most cue matches, ties going to the concern listed first in model.ts CONCERNS
 * (leaked credentials before the rest). Undefined when no cue matches. Never throws.
 */
export function inferConcern(text: string): Concern | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  let best: { id: Concern; score: number } | undefined;
  for (const [id, re] of load().cueRes) {
    const score = [...text.matchAll(re)].length;
    if (score > 0 && (!best || score > best.score)) best = { id, score };
  }
  return best?.id;
}

/**
 * Whether a description says the credentials were already rotated or deactivated:
 * `false` for a negated phrase ("not yet rotated"), `true` for an affirmative one ("we
 * rotated the key"), undefined when it says neither. Never throws.
 */
export function inferRotated(text: string): boolean | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  const c = load();
  if (c.rotatedNo.test(text)) return false;
  if (c.rotatedYes.test(text)) return true;
  return undefined;
}

/** A yes/no answer (concerns.yaml `yesNo`), or undefined when it is neither. */
export function parseYesNo(answer: string): boolean | undefined {
  const a = answer.trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ');
  const c = load();
  if (c.no.has(a) || [...c.no].some((w) => w.includes(' ') && a.startsWith(`${w}`))) return false;
  if (c.yes.has(a) || /^(yes|yeah|yep)\b/.test(a)) return true;
  if (/^(no|nope)\b/.test(a)) return false;
  return undefined;
}
