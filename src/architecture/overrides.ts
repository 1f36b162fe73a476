/**
 * `guardian-model.yml`: what a person states about the architecture, applied on top of what
 * Guardian inferred. It can add elements, flows, boundaries and assumptions, rename and
 * annotate elements, and remove elements, flows or boundaries, each removal with a reason
 * that reports repeat.
 *
 * ```yaml
 * elements:
 *   - name: Payments provider         # id defaults to <kind>:<type>:<name>; type to the kind
 *     kind: external-entity           # external-entity | process | data-store
 *     type: third-party-api
 *     data: [payment]
 *     boundary: boundary:internet
 *     attributes: { vendor: Stripe }
 * rename:
 *   process:lambda:template.yaml#activitiesfunction: Activities API
 * remove:
 *   - id: data-store:file:tmp-cache
 *     reason: Deleted in PR 214; the template still has it until the next release
 * annotate:
 *   data-store:dynamodb:template.yaml#activitiestable:
 *     data: [health, personal]
 *     attributes: { retention: 90 days }
 *     note: Heart-rate samples per user
 * flows:
 *   - { from: process:lambda:..., to: external-entity:third-party-api:payments-provider, label: POST /charges, protocol: https, authentication: api-key, data: [payment] }
 * boundaries:
 *   - { id: boundary:vpc:payments, kind: vpc, name: Payments VPC, parent: boundary:aws-account }
 * assumptions:
 *   - The payments provider is PCI DSS level 1 certified
 * threats:                            # decisions on threats, by the id reports print
 *   - id: threat:stride.web-app.debug-console:process:web-app:app.py#app
 *     decision: accept                # accept (kept, status resolved) | remove (dropped, listed in the review)
 *     reason: Debug mode is only on in the local docker-compose profile
 * ```
 *
 * Validation follows src/core/config.ts (zod schemas; messages name the file, line and key),
 * except that a bad entry is dropped with a warning instead of stopping the run: the rest of
 * the file still applies, and an invalid removal simply removes nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Architecture, DataClass, Evidence } from './model.js';
import { normalizeArchitecture, stableId } from './model.js';
import type { ScanWarning } from '../core/warnings.js';
import { yamlLineOf } from '../core/yaml-lines.js';

/** File names looked up at the repository root, in order. */
export const MODEL_FILES = ['guardian-model.yml', 'guardian-model.yaml'] as const;

const DATA_CLASSES = ['credentials', 'personal', 'payment', 'health', 'confidential', 'public'] as const satisfies readonly DataClass[];
const AUTHENTICATIONS = ['none', 'iam', 'jwt', 'cognito', 'api-key', 'custom', 'session', 'mtls', 'unknown'] as const;
const PROTOCOLS = ['https', 'http', 'aws-api', 'sql', 'event', 'smtp', 'grpc', 'tcp', 'unknown'] as const;
const BOUNDARY_KINDS = ['internet', 'aws-account', 'vpc', 'service', 'stack', 'browser', 'ci'] as const;

const text = z.string().trim().min(1);
const dataClasses = z.array(z.enum(DATA_CLASSES));
const attributes = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

/** An element to add (or, when its id exists, to state). */
export const elementEntrySchema = z
  .object({
    id: text.optional(),
    name: text,
    kind: z.enum(['external-entity', 'process', 'data-store']),
    type: text.optional(),
    data: dataClasses.optional(),
    boundary: text.optional(),
    attributes: attributes.optional(),
  })
  .strict();

/** A removal: the id of an element, flow or boundary, and why. */
export const removalSchema = z
  .object({ id: text, reason: z.string({ error: 'a removal needs a reason' }).trim().min(1, 'a removal needs a reason') })
  .strict();

export const annotationSchema = z.object({ data: dataClasses.optional(), attributes: attributes.optional(), note: text.optional() }).strict();

/** A flow to add; `from`/`to` are element ids (or exact element names). */
export const flowEntrySchema = z
  .object({
    from: text,
    to: text,
    label: text,
    protocol: z.enum(PROTOCOLS).optional(),
    authentication: z.enum(AUTHENTICATIONS).optional(),
    authorization: z.enum(['enforced', 'none', 'unknown']).optional(),
    encryptedInTransit: z.union([z.boolean(), z.literal('unknown')]).optional(),
    data: dataClasses.optional(),
  })
  .strict();

/** A person's decision on one threat (`accept` keeps it as resolved; `remove` drops it), always with a reason. */
export const threatDecisionEntrySchema = z
  .object({
    id: text,
    decision: z.enum(['accept', 'remove']),
    reason: z.string({ error: 'a threat decision needs a reason' }).trim().min(1, 'a threat decision needs a reason'),
  })
  .strict();

export const boundaryEntrySchema = z.object({ id: text.optional(), kind: z.enum(BOUNDARY_KINDS), name: text, parent: text.optional() }).strict();

/** Top-level shape; entries are validated one by one so that one bad entry does not void the file. */
const topLevelSchema = z
  .object({
    elements: z.array(z.unknown()).optional(),
    rename: z.record(z.string(), z.unknown()).optional(),
    remove: z.array(z.unknown()).optional(),
    annotate: z.record(z.string(), z.unknown()).optional(),
    flows: z.array(z.unknown()).optional(),
    boundaries: z.array(z.unknown()).optional(),
    assumptions: z.array(z.unknown()).optional(),
    threats: z.array(z.unknown()).optional(),
  })
  .strict();

type Lined<T> = T & { line: number };

/** A parsed `guardian-model.yml`: every entry carries the 1-based line it starts on. */
export interface ModelOverrides {
  /** Repository-relative path of the file. */
  path: string;
  elements: Lined<z.infer<typeof elementEntrySchema>>[];
  rename: Lined<{ id: string; name: string }>[];
  remove: Lined<z.infer<typeof removalSchema>>[];
  annotate: Lined<{ id: string } & z.infer<typeof annotationSchema>>[];
  flows: Lined<z.infer<typeof flowEntrySchema>>[];
  boundaries: Lined<z.infer<typeof boundaryEntrySchema>>[];
  assumptions: Lined<{ text: string }>[];
  /** Applied to the threat model, not the architecture (src/threatmodel/repository-decisions.ts). */
  threats: Lined<z.infer<typeof threatDecisionEntrySchema>>[];
}

/** A threat decision as read from the model file, with where it was written. */
export type ThreatDecisionEntry = z.infer<typeof threatDecisionEntrySchema> & { path: string; line: number };

/** What `applyOverrides` removed and why, for reports ("removed by a person: …"). */
export interface Removal {
  id: string;
  reason: string;
  /** Line of the `remove` entry in the model file. */
  line: number;
}

/**
 * Read `guardian-model.yml` (or `.yaml`) at the repository root `root`.
 * @returns the overrides (undefined when there is no file) and warnings for entries that
 *   were dropped; never throws.
 */
export async function loadModelOverrides(root: string): Promise<{ overrides?: ModelOverrides; warnings: ScanWarning[] }> {
  for (const name of MODEL_FILES) {
    let content: string;
    try {
      content = await readFile(join(root, name), 'utf8');
    } catch {
      continue;
    }
    return parseModelOverrides(content, name);
  }
  return { warnings: [] };
}

/**
 * Parse and validate model-file text. `path` (repository-relative) is used in evidence and
 * warnings. Invalid YAML yields no overrides; an invalid entry is dropped; each problem is a
 * warning `{ code: 'model-file', path, line, message: "'remove.0.reason': a removal needs a reason" }`.
 */
export function parseModelOverrides(content: string, path: string): { overrides?: ModelOverrides; warnings: ScanWarning[] } {
  const warnings: ScanWarning[] = [];
  const warn = (line: number | undefined, message: string) =>
    warnings.push({ code: 'model-file', message, path, ...(line ? { line } : {}), source: 'architecture' });
  const counter = new LineCounter();
  const doc = parseDocument(content, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    warn(counter.linePos(first.pos[0]).line, `invalid YAML, the model file is ignored: ${first.message.split('\n')[0]}`);
    return { warnings };
  }
  const data: unknown = doc.toJS() ?? {};
  const overrides: ModelOverrides = { path, elements: [], rename: [], remove: [], annotate: [], flows: [], boundaries: [], assumptions: [], threats: [] };
  const lineAt = (keys: (string | number)[]) => yamlLineOf(doc, counter, keys);
  const report = (base: (string | number)[], issues: z.core.$ZodIssue[], outcome = 'the entry is ignored') => {
    for (const issue of issues) {
      const keys = [...base, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
      // For unknown keys zod reports the parent; point at the offending key itself.
      const target = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...keys, issue.keys[0]] : keys;
      warn(lineAt(target), `${target.length ? `'${target.join('.')}'` : 'top level'}: ${issue.message}; ${outcome}`);
    }
  };

  const top = topLevelSchema.safeParse(data);
  if (!top.success) {
    report([], top.error.issues, 'ignored');
    // Keep what is well-formed: unknown keys and badly shaped sections are skipped below.
  }
  const record = (isPlainObject(data) ? data : {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(record[key]) ? (record[key] as unknown[]) : []);
  const map = (key: string) => (isPlainObject(record[key]) ? Object.entries(record[key] as Record<string, unknown>) : []);

  const each = <S extends z.ZodType>(key: string, schema: S, add: (value: z.infer<S>, line: number) => void) =>
    list(key).forEach((entry, index) => {
      const parsed = schema.safeParse(entry);
      if (parsed.success) add(parsed.data, lineAt([key, index]) ?? 0);
      else report([key, index], parsed.error.issues);
    });
  each('elements', elementEntrySchema, (v, line) => overrides.elements.push({ ...v, line }));
  each('remove', removalSchema, (v, line) => overrides.remove.push({ ...v, line }));
  each('flows', flowEntrySchema, (v, line) => overrides.flows.push({ ...v, line }));
  each('boundaries', boundaryEntrySchema, (v, line) => overrides.boundaries.push({ ...v, line }));
  each('assumptions', text, (v, line) => overrides.assumptions.push({ text: v, line }));
  each('threats', threatDecisionEntrySchema, (v, line) => overrides.threats.push({ ...v, line }));
  for (const [id, value] of map('rename')) {
    const parsed = text.safeParse(value);
    if (parsed.success) overrides.rename.push({ id, name: parsed.data, line: lineAt(['rename', id]) ?? 0 });
    else report(['rename', id], parsed.error.issues);
  }
  for (const [id, value] of map('annotate')) {
    const parsed = annotationSchema.safeParse(value ?? {});
    if (parsed.success) overrides.annotate.push({ id, ...parsed.data, line: lineAt(['annotate', id]) ?? 0 });
    else report(['annotate', id], parsed.error.issues);
  }
  return { overrides, warnings };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/**
 * Apply a person's statements to a model.
 *
 * Order: elements and boundaries are added, flows added, elements renamed and annotated,
 * then removals applied (so a removal always wins). Added or re-stated elements, flows and
 * boundaries have origin `stated`; every change adds evidence `{ source: 'model-file', path,
 * line }`. Renames keep the id, so threats anchored to it keep theirs. Removing an element
 * also removes its flows (recorded as removals citing the element). References to ids that
 * do not exist become warnings and change nothing.
 *
 * @returns the normalised model, what was removed (with the person's reason and line), and warnings.
 */
export function applyOverrides(model: Architecture, overrides: ModelOverrides): { model: Architecture; removed: Removal[]; warnings: ScanWarning[] } {
  const warnings: ScanWarning[] = [];
  const warn = (line: number, message: string) => warnings.push({ code: 'model-file', message, path: overrides.path, line, source: 'architecture' });
  const evidence = (line: number, note: string): Evidence => ({ source: 'model-file', path: overrides.path, line, note });

  const elements = new Map(model.elements.map((e) => [e.id, { ...e, attributes: { ...e.attributes }, evidence: [...e.evidence] }]));
  const flows = new Map(model.flows.map((f) => [f.id, { ...f, evidence: [...f.evidence] }]));
  const boundaries = new Map(model.boundaries.map((b) => [b.id, { ...b }]));
  const assumptions = [...model.assumptions];

  for (const entry of overrides.boundaries) {
    const id = entry.id ?? stableId('boundary', entry.kind, entry.name);
    boundaries.set(id, { id, kind: entry.kind, name: entry.name, ...(entry.parent ? { parent: entry.parent } : {}) });
  }

  for (const entry of overrides.elements) {
    const type = entry.type ?? entry.kind;
    const id = entry.id ?? stableId(entry.kind, type, entry.name);
    const existing = elements.get(id);
    const data = union(existing?.data, entry.data);
    const boundary = entry.boundary ?? existing?.boundary;
    if (entry.boundary && !boundaries.has(entry.boundary)) warn(entry.line, `element ${id}: boundary ${entry.boundary} is not defined`);
    elements.set(id, {
      id,
      kind: entry.kind,
      type,
      name: entry.name,
      ...(boundary ? { boundary } : {}),
      ...(data ? { data } : {}),
      attributes: { ...existing?.attributes, ...entry.attributes },
      origin: 'stated',
      evidence: [...(existing?.evidence ?? []), evidence(entry.line, existing ? `stated in the model file` : `added in the model file`)],
    });
  }

  const resolve = (ref: string): string | undefined => {
    if (elements.has(ref)) return ref;
    const byName = [...elements.values()].filter((e) => e.name.toLowerCase() === ref.toLowerCase());
    return byName.length === 1 ? byName[0]!.id : undefined;
  };
  for (const entry of overrides.flows) {
    const from = resolve(entry.from);
    const to = resolve(entry.to);
    if (!from || !to) {
      warn(entry.line, `flow "${entry.label}": ${!from ? entry.from : entry.to} is not an element id or a unique element name; the flow is ignored`);
      continue;
    }
    const id = stableId('flow', `${from}->${to}`, entry.label);
    const existing = flows.get(id);
    const { line: _line, from: _from, to: _to, data: entryData, ...facts } = entry;
    const data = union(existing?.data, entryData);
    flows.set(id, {
      ...existing,
      ...facts,
      id,
      from,
      to,
      ...(data ? { data } : {}),
      origin: 'stated',
      evidence: [...(existing?.evidence ?? []), evidence(entry.line, existing ? 'stated in the model file' : 'added in the model file')],
    });
  }

  for (const entry of overrides.rename) {
    const element = elements.get(entry.id);
    if (!element) {
      warn(entry.line, `rename: no element has the id ${entry.id}`);
      continue;
    }
    element.evidence.push(evidence(entry.line, `renamed from "${element.name}" in the model file`));
    element.name = entry.name;
  }

  for (const entry of overrides.annotate) {
    const element = elements.get(entry.id);
    if (!element) {
      warn(entry.line, `annotate: no element has the id ${entry.id}`);
      continue;
    }
    const data = union(element.data, entry.data);
    if (data) element.data = data;
    Object.assign(element.attributes, entry.attributes);
    element.evidence.push(evidence(entry.line, entry.note ? `annotated in the model file: ${entry.note}` : 'annotated in the model file'));
  }

  const removed: Removal[] = [];
  for (const entry of overrides.remove) {
    const { id, reason, line } = entry;
    if (elements.delete(id)) {
      removed.push({ id, reason, line });
      for (const flow of [...flows.values()]) {
        if (flow.from === id || flow.to === id) {
          flows.delete(flow.id);
          removed.push({ id: flow.id, reason: `its endpoint ${id} was removed: ${reason}`, line });
        }
      }
    } else if (flows.delete(id)) {
      removed.push({ id, reason, line });
    } else if (boundaries.has(id)) {
      // Elements and boundaries inside move out to the removed boundary's parent.
      const parent = boundaries.get(id)!.parent;
      boundaries.delete(id);
      for (const b of boundaries.values()) {
        if (b.parent !== id) continue;
        if (parent) b.parent = parent;
        else delete b.parent;
      }
      for (const e of elements.values()) {
        if (e.boundary !== id) continue;
        if (parent) e.boundary = parent;
        else delete e.boundary;
      }
      removed.push({ id, reason, line });
    } else {
      warn(line, `remove: nothing has the id ${id}`);
    }
  }

  for (const entry of overrides.assumptions) assumptions.push(entry.text);

  const result = normalizeArchitecture({
    elements: [...elements.values()],
    flows: [...flows.values()],
    boundaries: [...boundaries.values()],
    assumptions,
  });
  removed.sort((a, b) => a.line - b.line || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { model: result, removed, warnings };
}

function union(a: DataClass[] | undefined, b: DataClass[] | undefined): DataClass[] | undefined {
  const all = [...new Set([...(a ?? []), ...(b ?? [])])].sort();
  return all.length ? all : undefined;
}
