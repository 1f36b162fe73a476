/**
 * Ticks for a UTC time axis: a "nice" step (1 s … 30 days) chosen so that at most
 * `maxTicks` ticks fit, ticks on multiples of the step since the Unix epoch (so minutes
 * fall on :00, hours on the hour, days on UTC midnight), and labels at the precision the
 * step needs (`03:13:20`, `03:15`, `2024-06-04`). A tick where the UTC date changes, and
 * the first tick, also carry the date, so a chart spanning midnight stays unambiguous.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Candidate steps in milliseconds, smallest first. */
export const TICK_STEPS: readonly number[] = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  365 * DAY,
];

/** One tick: its time (ms since the epoch, UTC), its label, and the date when the label needs one. */
export interface Tick {
  ms: number;
  label: string;
  /** `2024-06-04` on the first tick and wherever the UTC date changes (steps under a day only). */
  date?: string;
}

/**
 * Ticks from `startMs` to `endMs` (inclusive, ms since the epoch), at most `maxTicks`
 * (at least 2 are allowed). Returns the step chosen and the ticks; no ticks when the range
 * is empty or not finite.
 */
export function timeTicks(startMs: number, endMs: number, maxTicks: number): { step: number; ticks: Tick[] } {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) return { step: SECOND, ticks: [] };
  const span = Math.max(endMs - startMs, 1);
  const limit = Math.max(2, Math.floor(maxTicks));
  const step = TICK_STEPS.find((s) => span / s <= limit) ?? TICK_STEPS.at(-1)!;
  const ticks: Tick[] = [];
  let previousDate: string | undefined;
  for (let ms = Math.ceil(startMs / step) * step; ms <= endMs; ms += step) {
    const iso = new Date(ms).toISOString();
    const date = iso.slice(0, 10);
    const label = step >= DAY ? date : step >= MINUTE ? iso.slice(11, 16) : iso.slice(11, 19);
    ticks.push(step < DAY && date !== previousDate ? { ms, label, date } : { ms, label });
    previousDate = date;
  }
  return { step, ticks };
}
