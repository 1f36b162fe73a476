/**
 * Background activity: one UTC day of normal behaviour for every principal of a profile.
 * Each (principal, day) has its own random stream, so any day can be generated alone and
 * the result never depends on which other days were generated.
 *
 * Volume: a principal's expected events in a UTC hour are
 * `eventsPerDay × share × weight(local hour) / Σ weights`, times the schedule's weekend
 * factor on local Saturdays and Sundays; the count is Poisson-distributed around it.
 */
import { api } from './catalog.js';
import { type Actor, assumedRole, awsService, iamUser, webIdentityUser } from './identity.js';
import type { ApiChoice, BackgroundProfile, PrincipalProfile } from './profiles.js';
import { Prng } from './prng.js';
import { buildRecord, type CloudTrailRecord, type EmitRequest } from './record.js';
import type { Compiled, TemplateScope } from './template.js';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A record with its exact time (ms), for sorting before the seconds-precision eventTime. */
export interface Emitted {
  ms: number;
  record: CloudTrailRecord;
}

/** The generation inputs every part shares. */
export interface World {
  profile: BackgroundProfile;
  seed: number;
  /** Mean events of a busy weekday, before the mint/login records. */
  eventsPerDay: number;
}

/** One role session's credentials: deterministic from (seed, principal, day, slot, region). */
export interface SessionInfo {
  accessKeyId: string;
  /** When the credentials were minted (epoch ms). */
  creationMs: number;
  sessionName: string;
  region: string;
  /** Day (epoch days) and slot the session belongs to. */
  epochDay: number;
  slot: number;
  actor: Actor;
  /** Source IP of the session's calls. */
  ip: string;
}

/** Evaluate a template that only uses generator placeholders (`{int:1:9}`, `{hex:8}`, `{digits:10}`). */
export function evalSimple(template: Compiled, prng: Prng): string {
  const scope: TemplateScope = {
    resolve(token) {
      const [kind, a, b] = token.split(':');
      if (kind === 'int') return prng.int(Number(a), Number(b));
      if (kind === 'hex') return prng.hex(Number(a));
      if (kind === 'digits') return prng.chars('0123456789', Number(a));
      if (kind === 'uuid') return prng.uuid();
      return `{${token}}`;
    },
  };
  return String(template(scope));
}

const slotLength = (p: PrincipalProfile): number => (p.credentials?.sessionHours ?? 24) * HOUR_MS;
const slotsPerDay = (p: PrincipalProfile): number => Math.max(1, Math.ceil(DAY_MS / slotLength(p)));

/** Start of a slot: its nominal start plus up to two minutes, as credential refreshes are not on the hour. */
function slotStart(world: World, p: PrincipalProfile, epochDay: number, slot: number): number {
  return epochDay * DAY_MS + slot * slotLength(p) + new Prng(world.seed, 'slot', p.id, epochDay, slot).int(0, 120_000);
}

/** The credentials of a non-sequence role in one slot and region. */
export function roleSession(world: World, p: PrincipalProfile, epochDay: number, slot: number, region: string): SessionInfo {
  const prng = new Prng(world.seed, 'session', p.id, epochDay, slot, region);
  const creds = p.credentials;
  if (!creds || !p.roleName) throw new Error(`principal ${p.id} is not a role`);
  const accessKeyId = 'ASIA' + prng.upper(16);
  const sessionName = evalSimple(creds.sessionName, prng);
  const creationMs = slotStart(world, p, epochDay, slot);
  const actor = assumedRole({
    account: world.profile.accounts.victim,
    roleName: p.roleName,
    roleId: p.principalId,
    sessionName,
    accessKeyId,
    creationMs,
    ec2RoleDelivery: creds.mintedBy === 'ec2.amazonaws.com' ? '2.0' : undefined,
    federatedProvider: creds.mintedBy === 'web-identity' ? `arn:aws:iam::${world.profile.accounts.victim}:oidc-provider/token.actions.githubusercontent.com` : undefined,
  });
  const ip = evalSimple(prng.pick(p.ips), prng);
  return { accessKeyId, creationMs, sessionName, region, epochDay, slot, actor, ip };
}

/** The session in use at `ms` (a call just before a slot's refresh still uses the previous slot's credentials). */
export function roleSessionAt(world: World, p: PrincipalProfile, ms: number, region: string): SessionInfo {
  let epochDay = Math.floor(ms / DAY_MS);
  let slot = Math.min(slotsPerDay(p) - 1, Math.floor((ms - epochDay * DAY_MS) / slotLength(p)));
  if (ms < slotStart(world, p, epochDay, slot)) {
    slot--;
    if (slot < 0) {
      epochDay--;
      slot = slotsPerDay(p) - 1;
    }
  }
  return roleSession(world, p, epochDay, slot, region);
}

/** The STS record that minted a session's credentials (AssumeRole / AssumeRoleWithWebIdentity). */
export function mintRecord(world: World, p: PrincipalProfile, session: SessionInfo, prng: Prng, callerIp?: string): Emitted {
  const creds = p.credentials!;
  const account = world.profile.accounts.victim;
  const roleArn = `arn:aws:iam::${account}:role/${p.roleName}`;
  const overrides = {
    targetRoleArn: roleArn,
    targetRoleId: p.principalId,
    targetSessionName: session.sessionName,
    targetSessionArn: `arn:aws:sts::${account}:assumed-role/${p.roleName}/${session.sessionName}`,
    mintedKey: session.accessKeyId,
    oidcSubject: creds.oidcSubject,
  };
  let actor: Actor;
  let ip: string;
  let userAgent: string;
  let key = 'sts:AssumeRole';
  if (creds.mintedBy === 'web-identity') {
    actor = webIdentityUser(account, creds.oidcSubject ?? 'repo:unknown');
    ip = callerIp ?? session.ip;
    userAgent = creds.userAgent ?? 'aws-sdk-js/3';
    key = 'sts:AssumeRoleWithWebIdentity';
  } else if (creds.mintedBy === 'cross-account') {
    const org = world.profile.accounts.org;
    const caller = creds.callerRole ?? 'OrganizationAccountAccessRole';
    actor = assumedRole({
      account: org,
      roleName: caller,
      roleId: `AROA${new Prng(0, 'caller', caller).upper(17)}`,
      sessionName: caller,
      accessKeyId: 'ASIA' + new Prng(world.seed, 'caller-key', p.id, session.epochDay, session.slot).upper(16),
      creationMs: session.creationMs - 5_000,
    });
    ip = session.ip;
    userAgent = p.userAgents[0] ?? 'aws-sdk';
  } else {
    actor = awsService(creds.mintedBy);
    ip = creds.mintedBy;
    userAgent = creds.mintedBy;
  }
  const record = buildRecord({ api: api(key), timeMs: session.creationMs, region: session.region, account, actor, sourceIPAddress: ip, userAgent, overrides, prng });
  return { ms: session.creationMs, record };
}

/** Expected events per UTC hour of one day for a principal. */
function hourlyMeans(world: World, p: PrincipalProfile, dayStartMs: number, perDay: number): number[] {
  const { utcOffsetHours, weekend, hours } = p.schedule;
  const total = hours.reduce((a, b) => a + b, 0) || 1;
  const means: number[] = [];
  for (let h = 0; h < 24; h++) {
    const local = dayStartMs + (h + utcOffsetHours) * HOUR_MS;
    const localDate = new Date(local);
    const dow = localDate.getUTCDay();
    const factor = dow === 0 || dow === 6 ? weekend : 1;
    means.push((perDay * factor * (hours[localDate.getUTCHours()] ?? 0)) / total);
  }
  return means;
}

/** Sorted event times (ms) for one day drawn from hourly means. */
function sampleTimes(prng: Prng, dayStartMs: number, means: number[]): number[] {
  const times: number[] = [];
  means.forEach((mean, h) => {
    const n = prng.poisson(mean);
    for (let i = 0; i < n; i++) times.push(dayStartMs + h * HOUR_MS + Math.floor(prng.float() * HOUR_MS));
  });
  return times.sort((a, b) => a - b);
}

interface CallOptions {
  actor: Actor;
  ip: string;
  userAgent: string;
  region: string;
  fromConsole?: boolean;
}

function call(world: World, p: PrincipalProfile, choice: ApiChoice, ms: number, o: CallOptions, prng: Prng): Emitted {
  const req: EmitRequest = {
    api: choice.api,
    timeMs: ms,
    region: o.region,
    account: world.profile.accounts.victim,
    actor: o.actor,
    sourceIPAddress: o.ip,
    userAgent: o.userAgent,
    via: choice.via,
    denied: choice.via === undefined && p.deniedRate > 0 && prng.chance(p.deniedRate),
    choiceVars: choice.vars,
    principalVars: p.vars,
    fromConsole: o.fromConsole,
    prng,
  };
  return { ms, record: buildRecord(req) };
}

/** One principal's records for one UTC day (unsorted within the principal's own bursts). */
export function principalDay(world: World, p: PrincipalProfile, epochDay: number): Emitted[] {
  const dayStartMs = epochDay * DAY_MS;
  const prng = new Prng(world.seed, 'bg', p.id, epochDay);
  const out: Emitted[] = [];
  const account = world.profile.accounts.victim;
  const perDay = world.eventsPerDay * p.share;
  const ua = () => prng.pick(p.userAgents);
  const region = () => p.regions.pick(prng) ?? 'us-east-1';

  if (p.kind === 'console-user') {
    if (prng.chance(0.08)) return out; // a day off
    const times = sampleTimes(prng, dayStartMs, hourlyMeans(world, p, dayStartMs, perDay));
    if (times.length === 0) return out;
    const loginMs = Math.max(dayStartMs, (times[0] as number) - prng.int(20_000, 300_000));
    const ip = evalSimple(prng.pick(p.ips), prng);
    const browser = ua();
    const userName = p.userName as string;
    const login = buildRecord({
      api: api('signin:ConsoleLogin'),
      timeMs: loginMs,
      region: region(),
      account,
      actor: iamUser(account, userName, p.principalId, undefined),
      sourceIPAddress: ip,
      userAgent: browser,
      prng,
    });
    out.push({ ms: loginMs, record: login });
    const key = 'ASIA' + new Prng(world.seed, 'console', p.id, epochDay).upper(16);
    const actor = iamUser(account, userName, p.principalId, key, { creationMs: loginMs, mfa: true });
    for (const ms of times) {
      const choice = p.apis.pick(prng);
      if (!choice) break;
      // Most console traffic is proxied by the console itself ("AWS Internal").
      const agent = prng.chance(0.7) ? 'AWS Internal' : browser;
      out.push(call(world, p, choice, Math.max(ms, loginMs + 1000), { actor, ip, userAgent: agent, region: region(), fromConsole: true }, prng));
    }
    return out;
  }

  if (p.kind === 'iam-user') {
    const times = sampleTimes(prng, dayStartMs, hourlyMeans(world, p, dayStartMs, perDay));
    const ip = evalSimple(prng.pick(p.ips), prng);
    const actor = iamUser(account, p.userName as string, p.principalId, p.accessKeyId);
    const agent = ua();
    for (const ms of times) {
      const choice = p.apis.pick(prng);
      if (!choice) break;
      out.push(call(world, p, choice, ms, { actor, ip, userAgent: agent, region: region() }, prng));
    }
    return out;
  }

  if (p.kind === 'service') {
    const times = sampleTimes(prng, dayStartMs, hourlyMeans(world, p, dayStartMs, perDay));
    const actor = awsService(p.invokedBy as string);
    for (const ms of times) {
      const choice = p.apis.pick(prng);
      if (!choice) break;
      out.push(call(world, p, choice, ms, { actor, ip: p.invokedBy as string, userAgent: p.invokedBy as string, region: region() }, prng));
    }
    return out;
  }

  // Roles.
  if (p.sequence && p.sequence.length > 0) {
    const steps = p.sequence;
    const runs = sampleTimes(prng, dayStartMs, hourlyMeans(world, p, dayStartMs, perDay / steps.length));
    runs.forEach((runMs, run) => {
      const runPrng = new Prng(world.seed, 'run', p.id, epochDay, run);
      const runRegion = p.regions.pick(runPrng) ?? 'us-east-1';
      const session: SessionInfo = { ...roleSessionRun(world, p, epochDay, run, runRegion, runMs, runPrng) };
      out.push(mintRecord(world, p, session, runPrng));
      let t = runMs + runPrng.int(2_000, 8_000);
      const agent = runPrng.pick(p.userAgents);
      for (const step of steps) {
        out.push(call(world, p, step, t, { actor: session.actor, ip: session.ip, userAgent: agent, region: runRegion }, runPrng));
        t += runPrng.int(1_000, 40_000);
      }
    });
    return out;
  }

  const regions = p.regions.items;
  for (let slot = 0; slot < slotsPerDay(p); slot++)
    for (const r of regions) out.push(mintRecord(world, p, roleSession(world, p, epochDay, slot, r), new Prng(world.seed, 'mint', p.id, epochDay, slot, r)));
  const times = sampleTimes(prng, dayStartMs, hourlyMeans(world, p, dayStartMs, perDay));
  const sessions = new Map<string, SessionInfo>();
  for (const ms of times) {
    const choice = p.apis.pick(prng);
    if (!choice) break;
    const r = region();
    const probe = roleSessionAtCached(world, p, ms, r, sessions);
    out.push(call(world, p, choice, Math.max(ms, probe.creationMs + 1000), { actor: probe.actor, ip: probe.ip, userAgent: ua(), region: r }, prng));
  }
  return out;
}

function roleSessionAtCached(world: World, p: PrincipalProfile, ms: number, region: string, cache: Map<string, SessionInfo>): SessionInfo {
  const epochDay = Math.floor(ms / DAY_MS);
  const slot = Math.min(slotsPerDay(p) - 1, Math.floor((ms - epochDay * DAY_MS) / slotLength(p)));
  const key = `${epochDay}/${slot}/${region}`;
  let session = cache.get(key);
  if (!session) {
    session = roleSession(world, p, epochDay, slot, region);
    cache.set(key, session);
  }
  // Before this slot's refresh the previous credentials are still in use.
  return ms >= session.creationMs ? session : roleSessionAt(world, p, ms, region);
}

/** A CI run's credentials (one web-identity session per run). */
function roleSessionRun(world: World, p: PrincipalProfile, epochDay: number, run: number, region: string, runMs: number, prng: Prng): SessionInfo {
  const accessKeyId = 'ASIA' + prng.upper(16);
  const sessionName = evalSimple(p.credentials!.sessionName, prng);
  const actor = assumedRole({
    account: world.profile.accounts.victim,
    roleName: p.roleName as string,
    roleId: p.principalId,
    sessionName,
    accessKeyId,
    creationMs: runMs,
    federatedProvider: `arn:aws:iam::${world.profile.accounts.victim}:oidc-provider/token.actions.githubusercontent.com`,
  });
  return { accessKeyId, creationMs: runMs, sessionName, region, epochDay, slot: run, actor, ip: evalSimple(prng.pick(p.ips), prng) };
}

/** All background records of one UTC day (epoch days), sorted by time. */
export function backgroundDay(world: World, epochDay: number): Emitted[] {
  const all: Emitted[] = [];
  for (const p of world.profile.principals) for (const e of principalDay(world, p, epochDay)) all.push(e);
  return all;
}
