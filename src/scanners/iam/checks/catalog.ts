import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../../core/severity.js';
import type { PolicyKind } from '../model.js';

/**
 * One IAM policy check as described in `rules.yml`: the catalog entry reports and
 * remediation text come from. Detection is in `identity.ts`, `trust.ts` and `resource.ts`.
 */
export interface IamCheckRule {
  /** `iam.<name>`. */
  id: string;
  title: string;
  /** Default severity; a finding may be lower when the grant is narrower. */
  severity: Severity;
  /** `CWE-<n>`. */
  cwe: string[];
  /** OWASP Top 10 (2021) categories. */
  owasp: string[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** Policy kinds the rule inspects. */
  appliesTo: PolicyKind[];
  /** Why the pattern is dangerous (one paragraph). */
  rationale: string;
  remediation: string;
  /** Corrected policy JSON. */
  example: string;
  /** AWS documentation URLs. */
  references: string[];
}

const POLICY_KINDS = ['identity', 'resource', 'trust', 'boundary', 'scp', 'session'] as const;

const ruleSchema = z
  .object({
    id: z.string().regex(/^iam\.[a-z0-9-]+$/, 'IAM check ids look like iam.wildcard-action'),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    cwe: z.array(z.string().regex(/^CWE-\d+$/)).min(1),
    owasp: z.array(z.string()).default([]),
    precision: z.enum(['very-high', 'high', 'medium', 'low']),
    'applies-to': z.array(z.enum(POLICY_KINDS)).min(1),
    rationale: z.string().min(1),
    remediation: z.string().min(1),
    example: z.string().min(1),
    references: z.array(z.string().url()).min(1),
  })
  .strict();

const fileSchema = z
  .object({
    rules: z.array(ruleSchema).min(1),
    'admin-managed-policies': z.array(z.string().min(1)),
    'restricting-condition-keys': z.array(z.string().min(1)),
  })
  .strict();

/** The parsed catalog: rules plus the data lists the checks consult. */
export interface IamCheckCatalog {
  rules: readonly IamCheckRule[];
  /** AWS managed policy names whose attachment makes a principal administrator-equivalent. */
  adminManagedPolicies: readonly string[];
  /** Lower-cased condition keys that restrict a `*` principal (see rules.yml). */
  restrictingConditionKeys: ReadonlySet<string>;
}

/**
 * Parse and validate a rules catalog (the YAML text of `rules.yml`).
 * Throws with zod's message naming the bad field: the catalog ships with Guardian, so a
 * broken one is a build defect, caught by the tests, not bad user input.
 */
export function parseCheckCatalog(text: string): IamCheckCatalog {
  const file = fileSchema.parse(parseYaml(text));
  const ids = new Set<string>();
  const rules = file.rules.map((rule): IamCheckRule => {
    if (ids.has(rule.id)) throw new Error(`duplicate IAM check id ${rule.id}`);
    ids.add(rule.id);
    return {
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      cwe: rule.cwe,
      owasp: rule.owasp,
      precision: rule.precision,
      appliesTo: rule['applies-to'],
      rationale: rule.rationale,
      remediation: rule.remediation,
      example: rule.example.trimEnd(),
      references: rule.references,
    };
  });
  return {
    rules,
    adminManagedPolicies: file['admin-managed-policies'],
    restrictingConditionKeys: new Set(file['restricting-condition-keys'].map((key) => key.toLowerCase())),
  };
}

/** The catalog shipped in `rules.yml` beside this module (copied to dist by the build). */
export const IAM_CHECK_CATALOG: IamCheckCatalog = parseCheckCatalog(readFileSync(new URL('./rules.yml', import.meta.url), 'utf8'));

/** Every IAM policy check, in catalog order. */
export const IAM_CHECK_RULES: readonly IamCheckRule[] = IAM_CHECK_CATALOG.rules;

/** The rule with `id`; throws for an id not in the catalog (a programming error). */
export function checkRule(id: string): IamCheckRule {
  const rule = IAM_CHECK_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown IAM check ${id}`);
  return rule;
}
