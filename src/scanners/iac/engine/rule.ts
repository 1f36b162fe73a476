import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../../../core/severity.js';
import type { Condition } from './condition.js';

const value: z.ZodType = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(value), z.record(z.string(), value)]));
const path = z.union([z.string().min(1), z.array(z.union([z.string(), z.number()])).min(1)]);

const graphQuery = z.lazy(() => z.object({ types: z.array(z.string()).min(1), via: z.string().optional(), where: condition.optional() }).strict());

const leaf = z
  .object({
    path,
    default: value.optional(),
    exists: z.boolean().optional(),
    equals: value.optional(),
    notEquals: value.optional(),
    in: z.array(value).optional(),
    notIn: z.array(value).optional(),
    matches: z.string().optional(),
    contains: value.optional(),
    notContains: value.optional(),
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    literal: z.boolean().optional(),
    someItem: z.lazy(() => condition).optional(),
    everyItem: z.lazy(() => condition).optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).filter((k) => k !== 'path' && k !== 'default').length === 1, 'a path condition needs exactly one test (exists, equals, in, matches, ...)');

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
    z.object({ not: condition }).strict(),
    z.object({ referencedBy: graphQuery }).strict(),
    z.object({ references: graphQuery }).strict(),
    leaf,
  ]),
) as z.ZodType<Condition>;

/**
 * An IaC rule, as written in `src/scanners/iac/rules/*.yaml`.
 *
 * For every resource whose type is in `resources` and for which `when` holds, the rule
 * checks `require`; with `each`, it checks every element of the list or map at
 * `each.path` (that matches `each.where`) separately. A finding is reported when the
 * requirement is definitely false (see `condition.ts` for the three-valued semantics).
 * `message` may use `{resource}` (logical id, or construct path for CDK), `{key}` (the
 * element's key inside `each`) and `{type}`.
 */
export const iacRuleSchema = z
  .object({
    id: z.string().regex(/^aws\.[a-z0-9-]+\.[a-z0-9-]+$/, 'rule ids look like aws.<service>.<name>'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    cwe: z.array(z.string().regex(/^CWE-\d+$/)).min(1),
    resources: z.array(z.string().min(1)).min(1),
    when: condition.optional(),
    each: z.object({ path, where: condition.optional() }).strict().optional(),
    require: condition,
    message: z.string().min(1),
    rationale: z.string().min(1),
    remediation: z.object({ text: z.string().min(1), example: z.string().optional() }).strict(),
    references: z.array(z.string().url()).min(1),
  })
  .strict();

export type IacRule = z.infer<typeof iacRuleSchema>;

const RULES_DIR = fileURLToPath(new URL('../rules/', import.meta.url));

/**
 * Load and validate every rule file in `dir` (default: the bundled rule packs). A rule
 * that does not validate is a programming error in Guardian, so this throws with the
 * file and the rule's position.
 */
export function loadIacRules(dir: string = RULES_DIR): IacRule[] {
  const rules: IacRule[] = [];
  const seen = new Set<string>();
  for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = join(dir, name);
    const data: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (!Array.isArray(data)) throw new Error(`${file}: expected a list of rules`);
    data.forEach((entry, index) => {
      const parsed = iacRuleSchema.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`${file}: rule #${index + 1}${typeof (entry as { id?: unknown })?.id === 'string' ? ` (${(entry as { id: string }).id})` : ''}: ${issue.path.join('.')}: ${issue.message}`);
      }
      if (seen.has(parsed.data.id)) throw new Error(`${file}: duplicate rule id ${parsed.data.id}`);
      seen.add(parsed.data.id);
      rules.push(parsed.data);
    });
  }
  return rules;
}
