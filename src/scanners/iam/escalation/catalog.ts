import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../../../core/severity.js';
import type { PrincipalType } from '../model.js';

/** One permission a method needs: an action on a probe resource, with extra request context. */
export interface RequiredPermission {
  /** `service:Action`. */
  action: string;
  /** Probe kind, a key of `EscalationCatalog.probes` (`role`, `user`, `self`, `any`, ...). */
  resource: string;
  /** Request context keys added to the probe, e.g. `{"iam:PassedToService": "lambda.amazonaws.com"}`. */
  context: Record<string, string>;
}

/** One privilege-escalation method (methods.yml). */
export interface EscalationMethod {
  /** Kebab-case id, e.g. `iam-create-policy-version`. */
  id: string;
  /** The name it is known by, e.g. `CreatePolicyVersion`. */
  name: string;
  title: string;
  /** Severity of a confirmed path. */
  severity: Severity;
  /** Principal types the method applies to; all when absent. */
  principalTypes?: PrincipalType[];
  /** All must be allowed. */
  permissions: RequiredPermission[];
  /** The privilege gained. */
  result: string;
  /** What must exist in the account for the method to pay off. */
  preconditions: string;
  /** MITRE ATT&CK technique ids (`T1098.003`). */
  attack: string[];
  /** Which permission to remove. */
  remediation: string;
  /** The resource constraint or condition that stops the method. */
  stop: string;
  references: string[];
}

/** Methods plus the probe ARN templates (`{partition}`, `{region}`, `{account}`, `{self}` placeholders). */
export interface EscalationCatalog {
  probes: Readonly<Record<string, string>>;
  methods: readonly EscalationMethod[];
}

const permissionSchema = z
  .object({
    action: z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'actions look like iam:PassRole'),
    resource: z.string().min(1),
    context: z.record(z.string(), z.string()).default({}),
  })
  .strict();

const methodSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    name: z.string().min(1),
    title: z.string().min(1),
    severity: z.enum(SEVERITIES),
    'principal-types': z.array(z.enum(['user', 'group', 'role'])).min(1).optional(),
    permissions: z.array(permissionSchema).min(1),
    result: z.string().min(1),
    preconditions: z.string().min(1),
    attack: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).min(1),
    remediation: z.string().min(1),
    stop: z.string().min(1),
    references: z.array(z.string().url()).min(1),
  })
  .strict();

const fileSchema = z.object({ probes: z.record(z.string(), z.string().min(1)), methods: z.array(methodSchema).min(1) }).strict();

/**
 * Parse and validate an escalation catalog (YAML text of methods.yml): ids unique, every
 * permission's probe kind declared. Throws on an invalid catalog, which ships with
 * Guardian (a build defect the tests catch), never on user input.
 */
export function parseEscalationCatalog(text: string): EscalationCatalog {
  const file = fileSchema.parse(parseYaml(text));
  const ids = new Set<string>();
  const methods = file.methods.map((m): EscalationMethod => {
    if (ids.has(m.id)) throw new Error(`duplicate escalation method id ${m.id}`);
    ids.add(m.id);
    for (const p of m.permissions) if (!(p.resource in file.probes)) throw new Error(`${m.id}: unknown probe kind "${p.resource}"`);
    return {
      id: m.id,
      name: m.name,
      title: m.title,
      severity: m.severity,
      ...(m['principal-types'] ? { principalTypes: m['principal-types'] } : {}),
      permissions: m.permissions,
      result: m.result,
      preconditions: m.preconditions,
      attack: m.attack,
      remediation: m.remediation,
      stop: m.stop,
      references: m.references,
    };
  });
  return { probes: file.probes, methods };
}

/** The catalog shipped in methods.yml beside this module. */
export const ESCALATION_CATALOG: EscalationCatalog = parseEscalationCatalog(readFileSync(new URL('./methods.yml', import.meta.url), 'utf8'));

/** `https://attack.mitre.org/techniques/T1098/003/` for `T1098.003`. */
export const attackUrl = (technique: string): string => `https://attack.mitre.org/techniques/${technique.replace('.', '/')}/`;
