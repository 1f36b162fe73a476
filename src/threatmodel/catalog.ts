/**
 * The STRIDE rule catalog: rules as data (src/threatmodel/rules/*.yaml), validated with
 * zod, plus the mitigation catalog (src/threatmodel/mitigations.yaml).
 *
 * A rule is STRIDE-per-element or STRIDE-per-interaction (Shostack, "Threat Modeling:
 * Designing for Security", ch. 3): `appliesTo` selects the elements or the flows it
 * applies to with a predicate (predicate.ts), and its `threat` fields follow Threat
 * Composer's threat grammar (https://github.com/awslabs/threat-composer), with the
 * placeholders `{element}` (the element, or a flow's receiver), `{flow}` (the flow's
 * label), `{from}`, `{to}` (a flow's ends) and `{data}` (data classes held or carried).
 *
 * Bad catalog entries never throw out of the loader: each becomes a warning naming the
 * file, the entry and the field, and is skipped.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ScanWarning } from '../core/warnings.js';
import { type MitigationDefinition, mitigationSchema } from './mitigations.js';
import { findingGlobs, predicateSchema } from './predicate.js';

const PLACEHOLDER = /\{([a-z]+)\}/g;
const PLACEHOLDERS = new Set(['element', 'flow', 'from', 'to', 'data']);
const text = z
  .string()
  .min(1)
  .refine((s) => [...s.matchAll(PLACEHOLDER)].every((m) => PLACEHOLDERS.has(m[1]!)), 'unknown placeholder (use {element}, {flow}, {from}, {to}, {data})');
const priority = z.enum(['High', 'Medium', 'Low']);
const dataClass = z.enum(['credentials', 'personal', 'payment', 'health', 'confidential', 'public']);

/** One STRIDE rule, as written in rules/*.yaml. */
export const threatRuleSchema = z
  .object({
    /** `stride.<element type or flow>.<name>`. */
    id: z.string().regex(/^stride\.[a-z0-9-]+\.[a-z0-9-]+$/, 'rule ids look like stride.<element-type>.<name>'),
    title: z.string().min(1),
    stride: z.array(z.enum(['S', 'T', 'R', 'I', 'D', 'E'])).min(1),
    /** Exactly one of `element` (STRIDE-per-element) or `flow` (per-interaction). */
    appliesTo: z.union([z.object({ element: predicateSchema }).strict(), z.object({ flow: predicateSchema }).strict()]),
    threat: z
      .object({
        // Threat Composer renders "A/An <source>": a source must start with its own article, which exports strip.
        threatSource: text.refine((s) => /^(A|An|The) /.test(s), 'a threat source starts with A, An or The (e.g. "An unauthenticated user")'),
        prerequisites: text,
        threatAction: text,
        threatImpact: text,
        impactedGoal: z.array(z.enum(['confidentiality', 'integrity', 'availability', 'accountability', 'authenticity'])).min(1),
        impactedAssets: z.array(text).min(1),
      })
      .strict(),
    priority: z
      .object({
        default: priority,
        /** Raise to High when the anchor holds or carries one of these (default: credentials, payment, health, personal; `[]` turns it off). */
        raiseWhenData: z.array(dataClass).optional(),
      })
      .strict(),
    /** Rule-id globs of findings that confirm the threat (raise it to High and are cited as evidence). */
    confirmedBy: z.array(z.string().min(1)).default([]),
    /** Mitigation catalog ids. */
    mitigations: z.array(z.string().min(1)).min(1),
    /** CAPEC, CWE and MITRE ATT&CK ids. */
    references: z.array(z.string().regex(/^(CAPEC-\d+|CWE-\d+|T\d{4}(\.\d{3})?)$/, 'references are CAPEC-n, CWE-n or ATT&CK Tnnnn[.nnn]')).min(1),
  })
  .strict();

export type ThreatRule = z.infer<typeof threatRuleSchema>;

/** The rules and mitigations the engine evaluates, and what was wrong with the files they came from. */
export interface ThreatCatalog {
  /** Sorted by id. */
  rules: ThreatRule[];
  mitigations: Map<string, MitigationDefinition>;
  warnings: ScanWarning[];
}

/** Data classes that raise a threat to High unless a rule says otherwise (`priority.raiseWhenData`). */
export const SENSITIVE_DATA = ['credentials', 'payment', 'health', 'personal'] as const;

const RULES_DIR = fileURLToPath(new URL('./rules/', import.meta.url));
const MITIGATIONS_FILE = fileURLToPath(new URL('./mitigations.yaml', import.meta.url));

/**
 * Load the catalog: every `*.yaml` file in `rulesDir` (each a list of rules) and the
 * mitigation list in `mitigationsFile` (defaults: the bundled catalog). Invalid entries,
 * duplicate ids and references to unknown mitigations become warnings (source
 * `threatmodel`); the rest loads. Never throws.
 */
export function loadThreatCatalog(rulesDir: string = RULES_DIR, mitigationsFile: string = MITIGATIONS_FILE): ThreatCatalog {
  const warnings: ScanWarning[] = [];
  const warn = (path: string, message: string, code = 'invalid-rule') => warnings.push({ source: 'threatmodel', code, path, message });

  const mitigations = new Map<string, MitigationDefinition>();
  for (const { index, entry } of readList(mitigationsFile, warn)) {
    const parsed = mitigationSchema.safeParse(entry);
    if (!parsed.success) {
      warn(mitigationsFile, `mitigation #${index + 1}${idOf(entry)}: ${describeIssue(parsed.error)}`, 'invalid-mitigation');
      continue;
    }
    if (mitigations.has(parsed.data.id)) warn(mitigationsFile, `duplicate mitigation id ${parsed.data.id}`, 'invalid-mitigation');
    else mitigations.set(parsed.data.id, parsed.data);
  }

  const rules = new Map<string, ThreatRule>();
  let files: string[] = [];
  try {
    files = readdirSync(rulesDir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    warn(rulesDir, `cannot read the rule directory: ${(error as Error).message}`, 'unreadable-file');
  }
  for (const name of files) {
    const file = join(rulesDir, name);
    for (const { index, entry } of readList(file, warn)) {
      const parsed = threatRuleSchema.safeParse(entry);
      if (!parsed.success) {
        warn(file, `rule #${index + 1}${idOf(entry)}: ${describeIssue(parsed.error)}`);
        continue;
      }
      const rule = parsed.data;
      if (rules.has(rule.id)) {
        warn(file, `duplicate rule id ${rule.id}`);
        continue;
      }
      const unknown = rule.mitigations.filter((m) => !mitigations.has(m));
      if (unknown.length) warn(file, `rule ${rule.id}: unknown mitigation ${unknown.join(', ')} (left out)`);
      rules.set(rule.id, { ...rule, mitigations: rule.mitigations.filter((m) => mitigations.has(m)) });
    }
  }
  return { rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), mitigations, warnings };
}

let bundled: ThreatCatalog | undefined;

/** The bundled catalog, loaded once. */
export function defaultThreatCatalog(): ThreatCatalog {
  bundled ??= loadThreatCatalog();
  return bundled;
}

function readList(file: string, warn: (path: string, message: string, code?: string) => void): { index: number; entry: unknown }[] {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    warn(file, `cannot read or parse: ${(error as Error).message}`, 'parse-error');
    return [];
  }
  if (!Array.isArray(data)) {
    warn(file, 'expected a list of entries', 'parse-error');
    return [];
  }
  return data.map((entry, index) => ({ index, entry }));
}

function idOf(entry: unknown): string {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? ` (${id})` : '';
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || '(entry)'}: ${issue.message}`;
}

/**
 * Rule-id globs of every finding the catalog can cite: rules' `confirmedBy` and `finding`
 * tests, mitigations' `findings` and their predicates' `finding` tests, sorted and
 * de-duplicated. A finding no glob matches cannot change a threat model, so the
 * threat-model run only asks the scanners for these.
 */
export function citedFindingGlobs(catalog: ThreatCatalog): string[] {
  const globs = new Set<string>();
  for (const rule of catalog.rules) {
    rule.confirmedBy.forEach((g) => globs.add(g));
    findingGlobs('element' in rule.appliesTo ? rule.appliesTo.element : rule.appliesTo.flow).forEach((g) => globs.add(g));
  }
  for (const mitigation of catalog.mitigations.values()) {
    mitigation.findings?.forEach((g) => globs.add(g));
    for (const p of [mitigation.implementedWhen, mitigation.missingWhen]) if (p) findingGlobs(p).forEach((g) => globs.add(g));
  }
  return [...globs].sort();
}
