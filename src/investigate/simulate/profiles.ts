/**
 * Background profiles (`profiles.yaml`): the principals of the simulated account and their
 * daily behaviour, validated and compiled for fast generation.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type ApiSpec, api } from './catalog.js';
import { Prng, WeightedTable } from './prng.js';
import { type Compiled, compileTemplate } from './template.js';

/** When a principal works: weights per local hour and a weekend factor. */
export interface Schedule {
  name: string;
  /** Local time = UTC + this many hours (no daylight saving: the simulation is short). */
  utcOffsetHours: number;
  /** Activity on Saturday and Sunday relative to a weekday (0..1+). */
  weekend: number;
  /** 24 relative weights, index = local hour. */
  hours: number[];
}

/** One API a principal calls, with its weight and per-call overrides. */
export interface ApiChoice {
  api: ApiSpec;
  weight: number;
  /** Service that makes the call on the principal's behalf (`invokedBy`), e.g. `s3.amazonaws.com`. */
  via?: string;
  /** Placeholder values that win over the principal's `vars`. */
  vars: Map<string, Compiled>;
}

/** How a role's temporary credentials are obtained (and so which STS record mints them). */
export interface RoleCredentials {
  /** A service principal (`lambda.amazonaws.com`, `ec2.amazonaws.com`, ...), `web-identity` (GitHub OIDC) or `cross-account` (the org account). */
  mintedBy: string;
  sessionName: Compiled;
  /** How long one session's credentials are used before new ones are minted, in hours. */
  sessionHours: number;
  /** GitHub OIDC subject (`repo:<org>/<repo>:ref:<ref>`), for `web-identity`. */
  oidcSubject?: string;
  /** Role in the org account that assumes this one, for `cross-account`. */
  callerRole?: string;
  /** User agent of the minting call when the caller is not a service (GitHub's configure-aws-credentials). */
  userAgent?: string;
}

/** A background principal, compiled. */
export interface PrincipalProfile {
  id: string;
  kind: 'console-user' | 'iam-user' | 'role' | 'service';
  userName?: string;
  roleName?: string;
  /** Long-term key of an `iam-user` (AKIA...). */
  accessKeyId?: string;
  /** `AIDA...` / `AROA...`, stable for the profile. */
  principalId: string;
  /** For `service` principals: the service, e.g. `cloudtrail.amazonaws.com`. */
  invokedBy?: string;
  share: number;
  schedule: Schedule;
  regions: WeightedTable<string>;
  ips: Compiled[];
  userAgents: string[];
  deniedRate: number;
  apis: WeightedTable<ApiChoice>;
  /** Ordered steps of one run (CI deploys); the run repeats through the day. */
  sequence?: ApiChoice[];
  vars: Map<string, Compiled[]>;
  credentials?: RoleCredentials;
}

/** The whole background: accounts, trail, principals. */
export interface BackgroundProfile {
  accounts: { victim: string; org: string };
  trail: { name: string; homeRegion: string };
  principals: PrincipalProfile[];
  /** Every region any principal uses. */
  regions: string[];
}

const ApiChoiceSchema = z.object({
  api: z.string(),
  weight: z.number().nonnegative().default(1),
  via: z.string().optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
});

const PrincipalSchema = z.object({
  id: z.string(),
  kind: z.enum(['console-user', 'iam-user', 'role', 'service']),
  userName: z.string().optional(),
  roleName: z.string().optional(),
  accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/).optional(),
  invokedBy: z.string().optional(),
  share: z.number().nonnegative(),
  schedule: z.string(),
  regions: z.record(z.string(), z.number().nonnegative()),
  ips: z.array(z.string()).default([]),
  userAgents: z.string().optional(),
  deniedRate: z.number().min(0).max(1).default(0),
  apis: z.array(ApiChoiceSchema).default([]),
  sequence: z.array(ApiChoiceSchema).optional(),
  vars: z.record(z.string(), z.array(z.unknown())).default({}),
  credentials: z
    .object({
      mintedBy: z.string(),
      sessionName: z.string(),
      sessionHours: z.number().positive().default(1),
      oidcSubject: z.string().optional(),
      callerRole: z.string().optional(),
      userAgent: z.string().optional(),
    })
    .optional(),
});

const ProfileSchema = z.object({
  accounts: z.object({ victim: z.string().regex(/^\d{12}$/), org: z.string().regex(/^\d{12}$/) }),
  trail: z.object({ name: z.string(), homeRegion: z.string() }),
  schedules: z.record(z.string(), z.object({ utcOffsetHours: z.number(), weekend: z.number().nonnegative(), hours: z.array(z.number().nonnegative()).length(24) })),
  userAgents: z.record(z.string(), z.array(z.string()).min(1)),
  principals: z.array(PrincipalSchema).min(1),
});

/** A stable IAM unique id (`AIDA`/`AROA` + 17 characters) for a name. */
export function uniqueId(prefix: 'AIDA' | 'AROA', name: string): string {
  return prefix + new Prng(0, 'unique-id', prefix, name).upper(17);
}

function choice(raw: z.infer<typeof ApiChoiceSchema>): ApiChoice {
  return {
    api: api(raw.api),
    weight: raw.weight,
    via: raw.via,
    vars: new Map(Object.entries(raw.vars ?? {}).map(([name, value]) => [name, compileTemplate(value)])),
  };
}

/**
 * Parse and compile a background profile from YAML text. Throws naming the bad field or
 * reference (unknown schedule, user-agent group or API): profiles ship with Guardian.
 */
export function parseProfiles(text: string): BackgroundProfile {
  const raw = ProfileSchema.parse(parseYaml(text));
  const regions = new Set<string>();
  const principals = raw.principals.map((p): PrincipalProfile => {
    const schedule = raw.schedules[p.schedule];
    if (!schedule) throw new Error(`principal ${p.id}: unknown schedule '${p.schedule}'`);
    const userAgents = p.userAgents === undefined ? [] : raw.userAgents[p.userAgents];
    if (!userAgents) throw new Error(`principal ${p.id}: unknown userAgents group '${p.userAgents}'`);
    if (p.kind === 'role' && (!p.roleName || !p.credentials)) throw new Error(`principal ${p.id}: a role needs roleName and credentials`);
    if ((p.kind === 'iam-user' || p.kind === 'console-user') && !p.userName) throw new Error(`principal ${p.id}: a user needs userName`);
    if (p.kind === 'iam-user' && !p.accessKeyId) throw new Error(`principal ${p.id}: an iam-user needs accessKeyId`);
    if (p.kind === 'service' && !p.invokedBy) throw new Error(`principal ${p.id}: a service needs invokedBy`);
    if (p.kind !== 'service' && p.ips.length === 0) throw new Error(`principal ${p.id}: needs ips`);
    const regionNames = Object.keys(p.regions);
    regionNames.forEach((r) => regions.add(r));
    const apis = p.apis.map(choice);
    return {
      id: p.id,
      kind: p.kind,
      userName: p.userName,
      roleName: p.roleName,
      accessKeyId: p.accessKeyId,
      principalId: p.kind === 'role' ? uniqueId('AROA', p.roleName as string) : uniqueId('AIDA', p.userName ?? p.id),
      invokedBy: p.invokedBy,
      share: p.share,
      schedule: { name: p.schedule, ...schedule },
      regions: new WeightedTable(regionNames, Object.values(p.regions)),
      ips: p.ips.map((ip) => compileTemplate(ip)),
      userAgents,
      deniedRate: p.deniedRate,
      apis: new WeightedTable(apis, apis.map((a) => a.weight)),
      sequence: p.sequence?.map(choice),
      vars: new Map(Object.entries(p.vars).map(([name, values]) => [name, values.map((v) => compileTemplate(v))])),
      credentials: p.credentials && { ...p.credentials, sessionName: compileTemplate(p.credentials.sessionName) },
    };
  });
  const ids = new Set<string>();
  for (const p of principals) {
    if (ids.has(p.id)) throw new Error(`duplicate principal id '${p.id}'`);
    ids.add(p.id);
  }
  return { accounts: raw.accounts, trail: raw.trail, principals, regions: [...regions].sort() };
}

let shipped: BackgroundProfile | undefined;

/** The profile shipped beside this module (`profiles.yaml`), parsed once. */
export function defaultProfile(): BackgroundProfile {
  shipped ??= parseProfiles(readFileSync(new URL('./profiles.yaml', import.meta.url), 'utf8'));
  return shipped;
}
