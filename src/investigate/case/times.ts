/**
 * Times named in plain language, resolved to ISO 8601 UTC (`2024-06-04T02:13:00Z`).
 *
 * Understood (case-insensitive; the words live in vocabulary.yaml):
 * - ISO 8601 dates and date-times (RFC 3339, https://www.rfc-editor.org/rfc/rfc3339):
 *   `2024-06-04`, `2024-06-04T02:13`, `2024-06-04T02:13:00.123Z`, `2024-06-04T02:13:00+02:00`,
 *   and with a space or a link word: `2024-06-04 02:13 UTC`, `2024-06-04 around 02:00 UTC`;
 * - English dates: `June 4, 2024 at 02:13 UTC`, `Jun 4th 2024 2:13pm PDT`, `4 June 2024`,
 *   `the 4th of June 2024`, and without a year (`June 4 at 2am`: the latest such date not
 *   after `now`); a clock time may also come first (`02:13 UTC on June 4, 2024`);
 * - relative day phrases (`yesterday`, `last night`, `this morning`, `yesterday at 14:30`…;
 *   each phrase's exact meaning is in vocabulary.yaml `relativeDays`), and
 *   `<n> minutes|hours|days|weeks ago` (now minus n units, to the second).
 *
 * A time without a zone is read as UTC, and a date without a time as 00:00 UTC; each
 * such reading adds a note saying so. Zone names are the unambiguous ones in
 * vocabulary.yaml; numeric offsets (`+02:00`, `UTC-5`) always work. Not understood, on
 * purpose: numeric day/month orders (`06/04/2024` is June 4 or April 6), weekday names,
 * and clock times without a date (`at 02:13`). Nothing here throws.
 */
import { alternation, vocabulary } from './vocabulary.js';

/** One time found in a text: where (UTF-16 offsets, end exclusive), the text, the UTC time, and a note when something was assumed. */
export interface TimeMention {
  start: number;
  end: number;
  text: string;
  /** ISO 8601 UTC, seconds precision: `2024-06-04T02:13:00Z`. */
  iso: string;
  /** What was assumed, e.g. `"2024-06-04 02:13" has no time zone: read as UTC`. */
  note?: string;
}

/** Options of the time finders. */
export interface TimeOptions {
  /** The clock relative phrases are resolved against (default: the current time). */
  now?: Date;
}

interface Clock {
  minutes: number;
  seconds: number;
  /** Offset from UTC in minutes, when the text gave a zone. */
  offset?: number;
  length: number;
}

interface Patterns {
  iso: RegExp;
  monthFirst: RegExp;
  dayFirst: RegExp;
  relativeDay: RegExp;
  ago: RegExp;
  clockAfter: RegExp;
  clockBefore: RegExp;
  clockIso: RegExp;
}

const CLOCK = String.raw`(\d{1,2})(?::([0-5]\d))?(?::([0-5]\d)(?:[.,]\d+)?)?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?`;

let compiled: Patterns | undefined;
function patterns(): Patterns {
  if (compiled) return compiled;
  const v = vocabulary();
  const zone = String.raw`(?:\s*(?<![a-z])(${alternation(Object.keys(v.timeZones))})(?![a-z])(?:\s*([+-]\d{1,2}(?::?\d{2})?))?|\s*([+-]\d{2}:?\d{2}))?`;
  const links = alternation(v.clockLinks);
  const months = alternation(Object.keys(v.months));
  const day = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
  compiled = {
    iso: /(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/gi,
    monthFirst: new RegExp(String.raw`(?<![a-z])(${months})\.?\s+${day}(?:,?\s+(\d{4}))?(?![\d:])`, 'gi'),
    dayFirst: new RegExp(String.raw`(?<![\w.])(?:the\s+)?${day}(?:\s+of)?\s+(${months})\.?(?:,?\s+(\d{4}))?(?![a-z\d])`, 'gi'),
    relativeDay: new RegExp(String.raw`(?<![a-z])(${alternation(v.relativeDays.map((d) => d.phrase))})(?![a-z])`, 'gi'),
    ago: new RegExp(String.raw`(?<![\w.])(\d{1,4}|${alternation(Object.keys(v.numberWords))})\s+(${alternation(Object.keys(v.agoUnits))})\s+ago(?![a-z])`, 'gi'),
    // A clock after a date: `, at 02:13 UTC`, ` around 2pm`, ` 02:13:00Z`.
    clockAfter: new RegExp(String.raw`^(?:\s*,)?\s*(?:(?:${links})\s*)?(?<![\d:])${CLOCK}${zone}(?![\w:])`, 'i'),
    // A clock before a date: `02:13 UTC on `, `2pm, `.
    clockBefore: new RegExp(String.raw`(?<![\w:.])${CLOCK}${zone}\s*(?:,|\bon\b)?\s*$`, 'i'),
    // The clock of an ISO date-time: `T02:13:00.123Z`, `T0213`.
    clockIso: new RegExp(String.raw`^T(\d{2}):?([0-5]\d)(?::?([0-5]\d)(?:[.,]\d+)?)?()${zone}(?![\w:])`, 'i'),
  };
  return compiled;
}

/** Read a clock match (groups: hour, minute, second, am/pm, zone name, zone offset after the name, bare offset). */
function clockOf(m: RegExpExecArray, requireMinutes: boolean): Clock | undefined {
  const [whole, h, mi, s, ampm, zoneName, zoneNameOffset, bareOffset] = m;
  if (h === undefined) return undefined;
  let hour = Number(h);
  // "at 2" alone is not a time; "2pm" and "2:00" are.
  if (mi === undefined && !ampm) return undefined;
  if (requireMinutes && mi === undefined) return undefined;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = ampm.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23) return undefined;
  const clock: Clock = { minutes: hour * 60 + Number(mi ?? 0), seconds: Number(s ?? 0), length: whole.length };
  let offset: number | undefined;
  if (zoneName) offset = vocabulary().timeZones[zoneName.toLowerCase()] ?? 0;
  const numeric = zoneNameOffset ?? bareOffset;
  if (numeric) {
    const parsed = parseOffset(numeric);
    if (parsed === undefined) return undefined;
    offset = (offset ?? 0) + parsed;
  }
  if (offset !== undefined) clock.offset = offset;
  return clock;
}

/** `+02:00`, `+0200`, `-5`, `+5:30` → minutes east of UTC. */
function parseOffset(text: string): number | undefined {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (minutes > 14 * 60) return undefined;
  return m[1] === '-' ? -minutes : minutes;
}

/** Milliseconds of a calendar date at 00:00 UTC, or undefined when the date does not exist (Feb 30). */
function utcDate(year: number, month: number, day: number): number | undefined {
  if (year < 1970 || year > 2999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? ms : undefined;
}

/** ISO 8601 UTC at seconds precision. */
export function toIsoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const quote = (text: string) => `"${text.replace(/\s+/g, ' ').trim()}"`;

/** A date at 00:00 UTC, extended by a clock after or before it. */
/** A mention with, when its clock was borrowed from before the date, the reading without it. */
interface Candidate extends TimeMention {
  fallback?: Candidate;
}

function withClock(text: string, start: number, end: number, dayMs: number, requireMinutes = false): Candidate {
  const p = patterns();
  let clock: Clock | undefined;
  let from = start;
  let to = end;
  const after = p.clockAfter.exec(text.slice(end));
  if (after) clock = clockOf(after, requireMinutes);
  if (clock) to = end + clock.length;
  else {
    const before = p.clockBefore.exec(text.slice(Math.max(0, start - 40), start));
    if (before) clock = clockOf(before, requireMinutes);
    if (clock && before) from = start - before[0].length;
  }
  const dateOnly = (): Candidate => {
    const mention = text.slice(start, end);
    return { start, end, text: mention, iso: toIsoSeconds(dayMs), note: `${quote(mention)} has no time of day: read as 00:00 UTC` };
  };
  if (!clock) return dateOnly();
  const ms = dayMs + (clock.minutes * 60 + clock.seconds) * 1000 - (clock.offset ?? 0) * 60_000;
  const mention = text.slice(from, to);
  return {
    start: from,
    end: to,
    text: mention,
    iso: toIsoSeconds(ms),
    ...(clock.offset === undefined ? { note: `${quote(mention)} has no time zone: read as UTC` } : {}),
    // The clock may belong to the date before ("June 4 at 02:13 UTC, 4 June 2024"): fall back to the date alone.
    ...(from < start ? { fallback: dateOnly() } : {}),
  };
}

function isoMentions(text: string): Candidate[] {
  const p = patterns();
  const out: Candidate[] = [];
  for (const m of text.matchAll(p.iso)) {
    const dayMs = utcDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (dayMs === undefined) continue;
    const start = m.index;
    const end = start + m[0].length;
    const t = p.clockIso.exec(text.slice(end));
    const clock = t ? clockOf(t, true) : undefined;
    if (clock && t) {
      const ms = dayMs + (clock.minutes * 60 + clock.seconds) * 1000 - (clock.offset ?? 0) * 60_000;
      const mention = text.slice(start, end + t[0].length);
      out.push({ start, end: end + t[0].length, text: mention, iso: toIsoSeconds(ms), ...(clock.offset === undefined ? { note: `${quote(mention)} has no time zone: read as UTC` } : {}) });
    } else out.push(withClock(text, start, end, dayMs, true));
  }
  return out;
}

/** The year of a year-less date: now's year, or the year before when that date is after now. */
function yearFor(month: number, day: number, now: Date): number {
  const y = now.getUTCFullYear();
  const ms = utcDate(y, month, day);
  return ms !== undefined && ms <= now.getTime() ? y : y - 1;
}

function namedDateMentions(text: string, now: Date): Candidate[] {
  const p = patterns();
  const months = vocabulary().months;
  const out: Candidate[] = [];
  const add = (m: RegExpExecArray, monthName: string, dayText: string, yearText: string | undefined) => {
    const month = months[monthName.toLowerCase()];
    const day = Number(dayText);
    if (month === undefined) return;
    // Without a year, only a capitalised month counts: "the key 5 may have leaked" is no date.
    if (!yearText && monthName[0] === monthName[0]?.toLowerCase()) return;
    const year = yearText ? Number(yearText) : yearFor(month, day, now);
    const dayMs = utcDate(year, month, day);
    if (dayMs === undefined) return;
    const mention = withClock(text, m.index, m.index + m[0].length, dayMs);
    if (!yearText) mention.note = [`${quote(m[0])} has no year: read as ${year}, the latest such date not after now`, mention.note].filter(Boolean).join('; ');
    out.push(mention);
  };
  for (const m of text.matchAll(p.monthFirst)) add(m, m[1] ?? '', m[2] ?? '', m[3]);
  for (const m of text.matchAll(p.dayFirst)) add(m, m[2] ?? '', m[1] ?? '', m[3]);
  return out;
}

function relativeMentions(text: string, now: Date): TimeMention[] {
  const p = patterns();
  const v = vocabulary();
  const out: TimeMention[] = [];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (const m of text.matchAll(p.relativeDay)) {
    const phrase = m[1]?.toLowerCase().replace(/\s+/g, ' ') ?? '';
    const rule = v.relativeDays.find((d) => d.phrase === phrase);
    if (!rule) continue;
    const dayMs = today + rule.dayOffset * 86_400_000;
    const start = m.index;
    const end = start + m[0].length;
    const after = p.clockAfter.exec(text.slice(end));
    const clock = after ? clockOf(after, false) : undefined;
    if (clock) {
      const ms = dayMs + (clock.minutes * 60 + clock.seconds) * 1000 - (clock.offset ?? 0) * 60_000;
      const mention = text.slice(start, end + clock.length);
      out.push({ start, end: end + clock.length, text: mention, iso: toIsoSeconds(ms), note: `${quote(mention)} read against now (${toIsoSeconds(now.getTime())})${clock.offset === undefined ? ', time read as UTC' : ''}` });
    } else {
      const [hh, mm] = rule.at.split(':').map(Number);
      const ms = dayMs + ((hh ?? 0) * 60 + (mm ?? 0)) * 60_000;
      out.push({ start, end, text: m[0], iso: toIsoSeconds(ms), note: `${quote(m[0])} read as ${rule.meaning}` });
    }
  }
  for (const m of text.matchAll(p.ago)) {
    const countText = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
    const count = /^\d+$/.test(countText) ? Number(countText) : v.numberWords[countText];
    const unit = v.agoUnits[(m[2] ?? '').toLowerCase()];
    if (!count || !unit) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0], iso: toIsoSeconds(now.getTime() - count * unit * 1000), note: `${quote(m[0])} read as now (${toIsoSeconds(now.getTime())}) minus ${count} × ${unit} s` });
  }
  return out;
}

/**
 * Every time named in `text`, in text order, without overlaps (the longest reading of a
 * span wins: `June 4, 2024 at 02:13 UTC` is one mention). Never throws.
 */
export function findTimes(text: string, options: TimeOptions = {}): TimeMention[] {
  if (typeof text !== 'string' || !text) return [];
  const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
  const candidates: Candidate[] = [...isoMentions(text), ...namedDateMentions(text, now), ...relativeMentions(text, now)];
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: TimeMention[] = [];
  const free = (c: TimeMention) => !kept.some((k) => c.start < k.end && k.start < c.end);
  for (const c of candidates) {
    const choice = free(c) ? c : c.fallback && free(c.fallback) ? c.fallback : undefined;
    if (choice) kept.push({ start: choice.start, end: choice.end, text: choice.text, iso: choice.iso, ...(choice.note ? { note: choice.note } : {}) });
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * The first time in `text` as ISO 8601 UTC, or undefined when there is none (an answer
 * such as "not sure"). Used for clarifying answers and flags. Never throws.
 */
export function parseTime(text: string, options: TimeOptions = {}): string | undefined {
  return findTimes(text, options)[0]?.iso;
}

/** The relative day phrases and what each means (for help texts). */
export function relativeTimePhrases(): { phrase: string; meaning: string }[] {
  return vocabulary().relativeDays.map((d) => ({ phrase: d.phrase, meaning: d.meaning }));
}

