/**
 * The dataset generator: background days plus injected scenarios, deterministic for a
 * seed. `generateDays` streams one UTC day at a time (bounded memory for millions of
 * events); `generateDataset` collects everything in memory for tests and small cases.
 */
import type { ScanWarning } from '../../core/warnings.js';
import { backgroundDay, DAY_MS, type Emitted, type World } from './background.js';
import { type BackgroundProfile, defaultProfile } from './profiles.js';
import type { CloudTrailRecord } from './record.js';
import { ScenarioContext, type ScenarioTruth } from './scenarios/context.js';
import { SCENARIOS } from './scenarios/index.js';

/** A scenario to inject: its name (see `SCENARIOS`) and when it starts. */
export interface ScenarioInjection {
  name: string;
  at: Date;
}

/** Generator options. */
export interface GenerateOptions {
  /** Any integer; the same seed gives byte-identical output. */
  seed: number;
  /** First day (UTC); generation starts at that day's 00:00Z. */
  start: Date;
  /** Number of UTC days. */
  days: number;
  /** Mean background events of a busy weekday (default 20,000); weekends and nights are quieter. */
  eventsPerDay?: number;
  scenarios?: ScenarioInjection[];
  /** Background principals (default: the shipped `profiles.yaml`). */
  profile?: BackgroundProfile;
}

/** One UTC day of records, sorted by eventTime. */
export interface DayBatch {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Days since 1970-01-01. */
  epochDay: number;
  records: CloudTrailRecord[];
}

/** Everything fixed before the first day is generated: the world, the scenarios' records and truth. */
export interface SimulationPlan {
  world: World;
  firstEpochDay: number;
  days: number;
  truth: ScenarioTruth[];
  warnings: ScanWarning[];
  /** Scenario records by epoch day. */
  injected: Map<number, Emitted[]>;
}

/** An in-memory dataset. */
export interface Dataset {
  accountId: string;
  seed: number;
  /** ISO 8601 start (00:00Z of the first day) and end (exclusive). */
  start: string;
  end: string;
  /** Regions the background uses (scenarios may add unusual ones). */
  regions: string[];
  /** All records, sorted by eventTime. */
  records: CloudTrailRecord[];
  truth: ScenarioTruth[];
  warnings: ScanWarning[];
}

const warn = (message: string): ScanWarning => ({ code: 'simulate-option', message, source: 'simulate' });

/**
 * Validate options and run the scenarios. Bad options (unknown scenario, a time outside the
 * range, an invalid date) become warnings and are skipped; nothing throws.
 */
export function planSimulation(options: GenerateOptions): SimulationPlan {
  const warnings: ScanWarning[] = [];
  const profile = options.profile ?? defaultProfile();
  const seed = Number.isFinite(options.seed) ? Math.trunc(options.seed) : 0;
  if (seed !== options.seed) warnings.push(warn(`seed ${String(options.seed)} is not an integer; using ${seed}`));
  const startMs = options.start instanceof Date ? options.start.getTime() : NaN;
  let days = Number.isFinite(options.days) ? Math.max(0, Math.floor(options.days)) : 0;
  if (Number.isNaN(startMs)) {
    warnings.push(warn('start is not a valid date; nothing generated'));
    days = 0;
  }
  const eventsPerDay = options.eventsPerDay !== undefined && Number.isFinite(options.eventsPerDay) && options.eventsPerDay >= 0 ? options.eventsPerDay : 20_000;
  const world: World = { profile, seed, eventsPerDay };
  const firstEpochDay = Number.isNaN(startMs) ? 0 : Math.floor(startMs / DAY_MS);
  const rangeStart = firstEpochDay * DAY_MS;
  const rangeEnd = rangeStart + days * DAY_MS;
  const truth: ScenarioTruth[] = [];
  const injected = new Map<number, Emitted[]>();
  (options.scenarios ?? []).forEach((injection, index) => {
    const module = SCENARIOS.get(injection.name);
    const at = injection.at instanceof Date ? injection.at.getTime() : NaN;
    if (!module) return warnings.push(warn(`unknown scenario '${injection.name}' (known: ${[...SCENARIOS.keys()].join(', ')})`));
    if (Number.isNaN(at) || at < rangeStart || at >= rangeEnd) return warnings.push(warn(`scenario '${injection.name}' starts outside the generated range; skipped`));
    const ctx = new ScenarioContext(world, module.name, at, index);
    const rest = module.run(ctx);
    const kept = ctx.records.filter((e) => e.ms < rangeEnd);
    if (kept.length < ctx.records.length) warnings.push(warn(`scenario '${injection.name}' runs past the end of the range; ${ctx.records.length - kept.length} record(s) dropped`));
    ctx.records.length = 0;
    ctx.records.push(...kept);
    truth.push({ scenario: module.name, description: module.description, ...ctx.collected(), ...rest });
    for (const e of kept) {
      const day = Math.floor(e.ms / DAY_MS);
      const list = injected.get(day) ?? [];
      list.push(e);
      injected.set(day, list);
    }
  });
  return { world, firstEpochDay, days, truth, warnings, injected };
}

/** One day's records (background plus injected), sorted by time. */
export function generateDay(plan: SimulationPlan, epochDay: number): DayBatch {
  const emitted = backgroundDay(plan.world, epochDay);
  for (const e of plan.injected.get(epochDay) ?? []) emitted.push(e);
  emitted.sort((a, b) => a.ms - b.ms);
  return { date: new Date(epochDay * DAY_MS).toISOString().slice(0, 10), epochDay, records: emitted.map((e) => e.record) };
}

/** Stream the plan's days in order. */
export function* generateDays(plan: SimulationPlan): Generator<DayBatch> {
  for (let i = 0; i < plan.days; i++) yield generateDay(plan, plan.firstEpochDay + i);
}

/**
 * Generate a whole dataset in memory: `records` sorted by eventTime, one ground-truth
 * manifest per injected scenario. For millions of events stream with `generateDays` or
 * `writeS3ExportStream` instead.
 */
export function generateDataset(options: GenerateOptions): Dataset {
  const plan = planSimulation(options);
  const records: CloudTrailRecord[] = [];
  for (const day of generateDays(plan)) for (const r of day.records) records.push(r);
  return {
    accountId: plan.world.profile.accounts.victim,
    seed: plan.world.seed,
    start: new Date(plan.firstEpochDay * DAY_MS).toISOString(),
    end: new Date((plan.firstEpochDay + plan.days) * DAY_MS).toISOString(),
    regions: plan.world.profile.regions,
    records,
    truth: plan.truth,
    warnings: plan.warnings,
  };
}
