/**
 * What a scenario module works with: the world it is injected into, its own random
 * stream, and `emit`, which builds a record and remembers it as the attacker's (so the
 * ground truth's `eventIds`, keys, IPs and user agents are collected, never hand-listed).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { DAY_MS, type Emitted, type World } from '../background.js';
import { api } from '../catalog.js';
import type { Actor } from '../identity.js';
import type { PrincipalProfile } from '../profiles.js';
import { Prng } from '../prng.js';
import { buildRecord, type CloudTrailRecord } from '../record.js';

/** A containment step: what to do, to what (ARN, key id, instance id, bucket), where. */
export interface ContainmentStep {
  /**
   * `deactivate-access-key`, `delete-access-key`, `revoke-user-sessions`,
   * `revoke-role-sessions`, `terminate-instances`, `delete-key-pair`, `detach-user-policy`,
   * `delete-user`, `detach-role-policy`, `delete-role`, `verify-trail-logging`,
   * `review-access-keys`, `revert-bucket-policy`, `rotate-secret`, `isolate-instance`,
   * `enforce-imdsv2`.
   */
  action: string;
  target: string;
  /** Region of a regional target (instances, key pairs). */
  region?: string;
  /** Extra argument, e.g. the policy ARN to detach. */
  detail?: string;
}

/** A resource the attacker created. */
export interface CreatedResource {
  /** CloudFormation-style type: `AWS::IAM::User`, `AWS::IAM::AccessKey`, `AWS::IAM::Role`, `AWS::EC2::Instance`, `AWS::EC2::KeyPair`. */
  type: string;
  /** Name, key id or instance id. */
  id: string;
  arn?: string;
  region?: string;
}

/**
 * Ground truth of one injected scenario (written to `truth.json`). `eventIds` are exactly
 * the attacker's records; `accessKeyIds` include the compromised key even though its
 * owner also uses it legitimately (the IPs tell the two apart).
 */
export interface ScenarioTruth {
  scenario: string;
  description: string;
  /** First and last attacker event, ISO 8601. */
  window: { start: string; end: string };
  attacker: {
    accessKeyIds: string[];
    /** ARNs of the identities the attacker acted as (users, role sessions, outside accounts). */
    principals: string[];
    ips: string[];
    userAgents: string[];
  };
  /** The compromised starting point (key id and owner ARN), when there is one. */
  compromised?: { accessKeyId: string; principal: string };
  eventIds: string[];
  createdResources: CreatedResource[];
  /** The full containment plan, in order. */
  expectedContainment: ContainmentStep[];
}

/** Scenario attacker infrastructure from `scenarios.yaml`, by scenario name. */
export const SCENARIO_DATA = parseYaml(readFileSync(new URL('./scenarios.yaml', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

/** One emit: who, when (ms after the scenario start), where, and placeholder values. */
export interface StepInput {
  actor: Actor;
  /** Milliseconds after the scenario's `at`. */
  after: number;
  region: string;
  ip: string;
  userAgent: string;
  overrides?: Record<string, unknown>;
  denied?: boolean;
  error?: { code: string; message: string };
}

export class ScenarioContext {
  readonly records: Emitted[] = [];
  readonly prng: Prng;
  readonly account: string;

  constructor(
    readonly world: World,
    readonly name: string,
    /** Scenario start, epoch ms. */
    readonly at: number,
    index: number,
  ) {
    this.prng = new Prng(world.seed, 'scenario', name, index, at);
    this.account = world.profile.accounts.victim;
  }

  /** The scenario's block of `scenarios.yaml`. */
  get data(): Record<string, unknown> {
    return SCENARIO_DATA[this.name] ?? {};
  }

  /** A background principal by id; throws when the profile lacks it (a data bug). */
  principal(id: string): PrincipalProfile {
    const p = this.world.profile.principals.find((x) => x.id === id);
    if (!p) throw new Error(`scenario ${this.name}: no background principal '${id}'`);
    return p;
  }

  /** A fresh key id (`AKIA`/`ASIA` + 16) or unique id (`AIDA`/`AROA` + 17). */
  newId(prefix: 'AKIA' | 'ASIA' | 'AIDA' | 'AROA'): string {
    return prefix + this.prng.upper(prefix.startsWith('AK') || prefix.startsWith('AS') ? 16 : 17);
  }

  /** Emit one attacker record. */
  emit(key: string, step: StepInput): CloudTrailRecord {
    const ms = this.at + step.after;
    const record = buildRecord({
      api: api(key),
      timeMs: ms,
      region: step.region,
      account: this.account,
      actor: step.actor,
      sourceIPAddress: step.ip,
      userAgent: step.userAgent,
      overrides: step.overrides,
      denied: step.denied,
      error: step.error,
      prng: this.prng,
    });
    this.records.push({ ms, record });
    return record;
  }

  /** Truth fields collected from the emitted records. */
  collected(): Pick<ScenarioTruth, 'window' | 'attacker' | 'eventIds'> {
    const keys = new Set<string>();
    const principals = new Set<string>();
    const ips = new Set<string>();
    const agents = new Set<string>();
    for (const { record } of this.records) {
      const identity = record.userIdentity;
      if (typeof identity.accessKeyId === 'string') keys.add(identity.accessKeyId);
      const arn = typeof identity.arn === 'string' ? identity.arn : typeof identity.accountId === 'string' ? `arn:aws:iam::${identity.accountId}:root` : undefined;
      if (arn) principals.add(arn);
      ips.add(record.sourceIPAddress);
      agents.add(record.userAgent);
      const minted = (record.responseElements as { credentials?: { accessKeyId?: string } } | null)?.credentials?.accessKeyId;
      if (minted) keys.add(minted);
    }
    const times = this.records.map((r) => r.ms);
    const iso = (ms: number) => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z');
    return {
      window: { start: iso(Math.min(...times)), end: iso(Math.max(...times)) },
      attacker: { accessKeyIds: [...keys], principals: [...principals], ips: [...ips], userAgents: [...agents] },
      eventIds: this.records.map((r) => r.record.eventID),
    };
  }

  /** Epoch day of the scenario start. */
  get epochDay(): number {
    return Math.floor(this.at / DAY_MS);
  }
}

/** A scenario module: builds its records through the context and returns the rest of its truth. */
export interface ScenarioModule {
  name: string;
  description: string;
  run(ctx: ScenarioContext): Pick<ScenarioTruth, 'createdResources' | 'expectedContainment' | 'compromised'>;
}
