/**
 * Detections: the catalog in rules/*.yaml (data), validated on load, rendered to SQL per
 * engine (./sql.ts) and run against a case's evidence store. Each rule names its MITRE
 * ATT&CK tactic and technique (https://attack.mitre.org/matrices/enterprise/cloud/iaas/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../../core/severity.js';
import type { EvidenceStore } from '../evidence/store.js';
import type { DetectionHit } from '../model.js';
import { type Dialect, type Threshold, renderQuery } from './sql.js';

const WINDOW = /^(\d+)(s|m|h)$/;
const Rule = z
  .object({
    id: z.string().regex(/^aws\.[a-z-]+\.[a-z0-9-]+$/),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    tactic: z.object({ id: z.string().regex(/^TA\d{4}$/), name: z.string() }).strict(),
    technique: z.object({ id: z.string().regex(/^T\d{4}(\.\d{3})?$/), name: z.string() }).strict(),
    rationale: z.string().min(1),
    references: z.array(z.string().url()).optional(),
    where: z.string().min(1),
    threshold: z
      .object({ by: z.array(z.string()).min(1), window: z.string().regex(WINDOW), count: z.number().int().min(2), distinct: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

/** One detection of the catalog. `where` is a portable condition (./sql.ts). */
export interface DetectionRule {
  id: string;
  title: string;
  severity: z.infer<typeof Rule>['severity'];
  tactic: { id: string; name: string };
  technique: { id: string; name: string };
  rationale: string;
  references?: string[];
  where: string;
  threshold?: Threshold;
  /** The YAML file it came from (for errors). */
  file: string;
}

const SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** Parse and validate one catalog file. Throws an error naming the file and rule on a bad entry. */
export function parseDetections(text: string, file: string): DetectionRule[] {
  const raw = parseYaml(text) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected a list of detections`);
  return raw.map((entry, index) => {
    const parsed = Rule.safeParse(entry);
    if (!parsed.success) {
      const id = (entry as { id?: unknown })?.id;
      throw new Error(`${file}: detection ${typeof id === 'string' ? id : `#${index + 1}`}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const { threshold, ...rule } = parsed.data;
    const [, amount, unit] = threshold ? WINDOW.exec(threshold.window)! : [];
    return {
      ...rule,
      ...(threshold ? { threshold: { by: threshold.by, count: threshold.count, windowSeconds: Number(amount) * SECONDS[unit as keyof typeof SECONDS], ...(threshold.distinct ? { distinct: threshold.distinct } : {}) } } : {}),
      file,
    };
  });
}

let bundled: DetectionRule[] | undefined;
/** The bundled catalog (every rules/*.yaml), validated once; ids are unique. Throws on a malformed catalog (a packaging bug). */
export function loadDetections(): DetectionRule[] {
  if (bundled) return bundled;
  const dir = new URL('./rules/', import.meta.url);
  const rules = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .flatMap((name) => parseDetections(readFileSync(new URL(name, dir), 'utf8'), `rules/${name}`));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`${rule.file}: duplicate detection id ${rule.id}`);
    seen.add(rule.id);
  }
  bundled = rules;
  return rules;
}

/** The SQL of one detection for a dialect. */
export function renderDetection(rule: DetectionRule, dialect: Dialect, window: { since?: string; until?: string } = {}): string {
  return renderQuery(rule.where, rule.threshold, dialect, window);
}

/** Every detection as Athena (Trino) SQL against the standard CloudTrail table, for `--engine athena`. */
export function athenaQueries(window: { since?: string; until?: string } = {}, rules: DetectionRule[] = loadDetections()): { id: string; title: string; sql: string }[] {
  return rules.map((rule) => ({ id: rule.id, title: rule.title, sql: renderDetection(rule, 'athena', window) }));
}

/** What a detection run found, and the rules whose query failed. */
export interface DetectionRun {
  hits: DetectionHit[];
  warnings: string[];
}

/** The hit shape of a rule with its events. */
export function hitOf(rule: DetectionRule, eventIds: string[]): DetectionHit {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    tactic: rule.tactic.name,
    tacticId: rule.tactic.id,
    technique: rule.technique.id,
    techniqueName: rule.technique.name,
    rationale: rule.rationale,
    eventIds,
  };
}

/**
 * Run detections (default: the bundled catalog) on the store. One hit per rule that
 * matched, with its events in time order (for thresholds, the events of every burst).
 * A rule whose SQL fails is reported in `warnings` and the run goes on.
 */
export async function runDetections(store: EvidenceStore, options: { rules?: DetectionRule[]; since?: string; until?: string } = {}): Promise<DetectionRun> {
  const hits: DetectionHit[] = [];
  const warnings: string[] = [];
  for (const rule of options.rules ?? loadDetections()) {
    const sql = renderDetection(rule, 'duckdb', options);
    try {
      const eventIds = rule.threshold
        ? [...new Set((await store.query<{ eventids: string[] }>(sql)).flatMap((r) => r.eventids))]
        : (await store.query<{ eventid: string }>(sql)).map((r) => r.eventid);
      if (eventIds.length) hits.push(hitOf(rule, eventIds));
    } catch (error) {
      warnings.push(`detection ${rule.id} (${rule.file}) failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { hits, warnings };
}
