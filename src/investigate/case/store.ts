/**
 * The case folder: `<root>/.guardian/cases/<id>/case.json` (this module) beside the
 * evidence store `evidence.duckdb` (managed by the evidence loader; here only its path).
 * A case is opened from a description and flags, saved atomically (temp file + rename),
 * and re-run as evidence arrives; each evidence load and run is recorded in case.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { CONCERNS, type CaseEntities, type CaseFacts, type CaseSummary, type Concern } from '../model.js';
import { assertCaseId, isCaseId, newCaseId } from './case-id.js';
import { concernSpec, inferConcern, inferRotated, missingFacts } from './concerns.js';
import { emptyEntities, extractEntitiesWithNotes, mergeEntities } from './entities.js';

const Strings = z.array(z.string());
const EntitiesSchema = z
  .object({ accessKeyIds: Strings, principals: Strings, userNames: Strings, roleNames: Strings, ips: Strings, accountIds: Strings, regions: Strings, instanceIds: Strings, buckets: Strings, times: Strings })
  .strict();
const FactsSchema = z
  .object({
    since: z.string().optional(),
    until: z.string().optional(),
    exposedAt: z.string().optional(),
    rotated: z.boolean().optional(),
    account: z.string().regex(/^\d{12}$/).optional(),
    knownIps: Strings.optional(),
    knownPrincipals: Strings.optional(),
  })
  .strict();
const CaseFileSchema = z
  .object({
    version: z.literal(1),
    id: z.string().refine(isCaseId, 'not a case id'),
    title: z.string(),
    description: z.string().optional(),
    concern: z.enum(CONCERNS),
    entities: EntitiesSchema,
    facts: FactsSchema,
    evidence: z.array(z.object({ path: z.string(), kind: z.string(), addedAt: z.string() }).strict()),
    createdAt: z.string(),
    updatedAt: z.string(),
    runs: z.array(z.object({ at: z.string(), inScope: z.number().int().nonnegative(), detections: z.number().int().nonnegative() }).strict()),
    notes: Strings.optional(),
  })
  .strict();

/**
 * A case as stored in `.guardian/cases/<id>/case.json` (version 1). Times are ISO 8601
 * UTC; evidence paths are absolute. `notes` says what was assumed when the case was
 * opened (times read as UTC, facts taken from the description).
 */
export interface CaseFile {
  version: 1;
  id: string;
  title: string;
  description?: string;
  concern: Concern;
  entities: CaseEntities;
  facts: CaseFacts;
  /** Evidence loaded into the case's store, in the order added; `kind` e.g. `cloudtrail`. */
  evidence: { path: string; kind: string; addedAt: string }[];
  createdAt: string;
  updatedAt: string;
  /** Investigation runs: when, how many events were in scope, how many detections fired in scope. */
  runs: { at: string; inScope: number; detections: number }[];
  notes?: string[];
}

/** What a new case starts from: a description and/or flags. */
export interface NewCaseInput {
  /** What happened, in plain language; identifiers and times in it are extracted. */
  description?: string;
  /** Default: inferred from the description's cue words, else `unusual-activity`. */
  concern?: Concern;
  /** Default: the description's first sentence. */
  title?: string;
  /** From flags; listed before those found in the description. */
  entities?: Partial<CaseEntities>;
  /** From flags; they win over facts taken from the description. */
  facts?: Partial<CaseFacts>;
  /** The clock (creation time, relative phrases such as "yesterday"). */
  now?: Date;
}

const CASES = ['.guardian', 'cases'] as const;
const MAX_TITLE = 100;

const isoNow = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `<root>/.guardian/cases`. */
export function casesDir(root: string): string {
  return join(resolve(root), ...CASES);
}

/** `<root>/.guardian/cases/<id>`; throws a UsageError for an id that is not a case id (no traversal). */
export function caseDir(root: string, id: string): string {
  return join(casesDir(root), assertCaseId(id));
}

/** `<root>/.guardian/cases/<id>/evidence.duckdb`, the case's evidence store (the evidence loader manages it). */
export function evidenceStorePath(root: string, id: string): string {
  return join(caseDir(root, id), 'evidence.duckdb');
}

/** `<root>/.guardian/cases/<id>/case.json`. */
export function caseFilePath(root: string, id: string): string {
  return join(caseDir(root, id), 'case.json');
}

/** The description's first sentence, at most 100 characters (cut at a word, with an ellipsis). */
export function titleFrom(description: string): string {
  const first = description.trim().split(/(?<=[.!?])\s+|\n/)[0]?.trim().replace(/\s+/g, ' ') ?? '';
  const sentence = first.replace(/[.!?]+$/, '');
  if (sentence.length <= MAX_TITLE) return sentence;
  const cut = sentence.slice(0, MAX_TITLE - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** Facts the description implies, for the fields the flags left empty, with a note for each. */
function factsFromDescription(concern: Concern, description: string | undefined, entities: CaseEntities, given: Partial<CaseFacts>, notes: string[]): Partial<CaseFacts> {
  const out: Partial<CaseFacts> = {};
  // The earliest time named opens the window: exposure for leaked credentials, else the start.
  const field = concern === 'leaked-credentials' ? 'exposedAt' : 'since';
  const earliest = [...entities.times].sort()[0];
  if (earliest && given[field] === undefined) {
    out[field] = earliest;
    notes.push(`${field} ${earliest} is the earliest time named in the description`);
  }
  if (given.account === undefined && entities.accountIds.length === 1) {
    out.account = entities.accountIds[0];
    notes.push(`account ${out.account} is the only account id named in the description`);
  }
  const rotated = description ? inferRotated(description) : undefined;
  if (given.rotated === undefined && rotated !== undefined) {
    out.rotated = rotated;
    notes.push(`rotated: ${rotated ? 'yes' : 'no'}, as the description says`);
  }
  return out;
}

/**
 * Open a case in `<root>/.guardian/cases/<id>/` and write its case.json. Entities are the
 * flags' (`input.entities`) then those extracted from the description; the concern is
 * `input.concern`, else inferred from the description, else `unusual-activity`; facts the
 * flags leave empty are taken from the description when it is clear (the earliest time
 * as `exposedAt` or `since`, a single account id, whether the key was rotated), each with
 * a note. The id is `YYYYMMDD-<slug of the title or concern>-<4 chars>`, unique in the
 * folder. Throws a UsageError for an unknown concern; file system errors propagate.
 */
export async function createCase(root: string, input: NewCaseInput): Promise<CaseFile> {
  const now = input.now ?? new Date();
  if (input.concern !== undefined && !(CONCERNS as readonly string[]).includes(input.concern))
    throw new UsageError(`unknown concern '${String(input.concern)}': choose from ${CONCERNS.join(', ')}`);
  const description = input.description?.trim() || undefined;
  const extracted = description ? extractEntitiesWithNotes(description, { now }) : { entities: emptyEntities(), notes: [] };
  const entities = mergeEntities(input.entities, extracted.entities);
  const concern: Concern = input.concern ?? (description ? inferConcern(description) : undefined) ?? 'unusual-activity';
  const notes = [...extracted.notes];
  const given = { ...(input.facts ?? {}) };
  const facts: CaseFacts = { ...factsFromDescription(concern, description, entities, given, notes), ...stripUndefined(given) };
  const concernTitle = concernSpec(concern)?.title ?? concern;
  const named = [...entities.accessKeyIds, ...entities.userNames, ...entities.roleNames, ...entities.ips, ...entities.instanceIds, ...entities.buckets];
  const title = input.title?.trim() || (description ? titleFrom(description) : '') || `${concernTitle}${named.length ? `: ${named.slice(0, 3).join(', ')}` : ''}`;
  const createdAt = isoNow(now);

  await mkdir(casesDir(root), { recursive: true });
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = newCaseId(createdAt, title, concern, attempt, description ?? '');
    try {
      await mkdir(caseDir(root, id)); // claims the id: fails when the folder exists
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const file: CaseFile = {
      version: 1,
      id,
      title,
      ...(description ? { description } : {}),
      concern,
      entities,
      facts,
      evidence: [],
      createdAt,
      updatedAt: createdAt,
      runs: [],
      ...(notes.length ? { notes: [...new Set(notes)] } : {}),
    };
    return saveCase(root, file, { now });
  }
  throw new Error(`${casesDir(root)}: could not find a free case id for '${title}'`);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Write `file` to `<root>/.guardian/cases/<file.id>/case.json` atomically (a temp file in
 * the same folder, then rename), with `updatedAt` set to `options.now` (default: now).
 * Returns what was written. Throws a UsageError for an invalid id and an Error listing
 * the fields when `file` is not a valid case.
 */
export async function saveCase(root: string, file: CaseFile, options: { now?: Date } = {}): Promise<CaseFile> {
  const dir = caseDir(root, file.id);
  const next: CaseFile = { ...file, updatedAt: isoNow(options.now ?? new Date()) };
  const checked = CaseFileSchema.safeParse(next);
  if (!checked.success) throw new Error(`case ${file.id}: not saved, invalid case: ${issues(checked.error)}`);
  await mkdir(dir, { recursive: true });
  const target = join(dir, 'case.json');
  const temp = join(dir, `.case.json.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return next;
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Read and validate `<root>/.guardian/cases/<id>/case.json`. Throws a UsageError naming
 * the file when the id is invalid, the case does not exist, the file is not JSON, is not
 * a valid version-1 case (the fields at fault are listed), or names another id.
 */
export async function loadCase(root: string, id: string): Promise<CaseFile> {
  const path = caseFilePath(root, id);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`case ${id} not found: ${path} does not exist (guardian case list shows the cases)`);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = CaseFileSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path}: not a valid case file: ${issues(parsed.error)}`);
  if (parsed.data.id !== id) throw new UsageError(`${path}: the file says id ${parsed.data.id} but lives in the folder of case ${id}`);
  return parsed.data as CaseFile;
}

/**
 * Every case in `<root>/.guardian/cases`, oldest first. A folder whose case.json is
 * missing or invalid is skipped and reported through `options.onWarning` (with the file
 * named); a missing cases folder gives `[]`. Never throws for bad cases.
 */
export async function listCases(root: string, options: { onWarning?(message: string): void } = {}): Promise<CaseFile[]> {
  let entries;
  try {
    entries = await readdir(casesDir(root), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const cases: CaseFile[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !isCaseId(entry.name)) continue;
    try {
      cases.push(await loadCase(root, entry.name));
    } catch (error) {
      options.onWarning?.((error as Error).message);
    }
  }
  return cases.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * `file` with evidence recorded: each path (made absolute) with its kind (`kinds[i]`, else
 * the last kind given, else `cloudtrail`), added at `options.now`. A path already recorded
 * with the same kind is not added twice. Pure: the caller saves.
 */
export function recordEvidence(file: CaseFile, paths: string[], kinds: string[], options: { now?: Date } = {}): CaseFile {
  const addedAt = isoNow(options.now ?? new Date());
  const evidence = [...file.evidence];
  paths.forEach((p, i) => {
    const path = resolve(p);
    const kind = kinds[i] ?? kinds.at(-1) ?? 'cloudtrail';
    if (!evidence.some((e) => e.path === path && e.kind === kind)) evidence.push({ path, kind, addedAt });
  });
  return { ...file, evidence };
}

/** `file` with a run appended (`at` ISO 8601, in-scope event and detection counts). Pure: the caller saves. */
export function recordRun(file: CaseFile, run: { at: string; inScope: number; detections: number }): CaseFile {
  return { ...file, runs: [...file.runs, { at: run.at, inScope: run.inScope, detections: run.detections }] };
}

/** The case as the investigation starts from it, with the facts its concern still needs. */
export function caseSummary(file: CaseFile): CaseSummary {
  return {
    id: file.id,
    title: file.title,
    ...(file.description !== undefined ? { description: file.description } : {}),
    concern: file.concern,
    entities: file.entities,
    facts: file.facts,
    missingFacts: missingFacts({ concern: file.concern, entities: file.entities, facts: file.facts }),
  };
}
