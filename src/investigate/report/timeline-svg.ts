/**
 * The visual timeline: an inline SVG swimlane chart of the in-scope events.
 *
 * - One lane per actor and credential (actor ARN + access key id), in order of first
 *   appearance, so the leaked key, the session it minted, the backdoor user's key and the
 *   assumed role each get their own row; past {@link MAX_LANES} the rest share one lane.
 * - x is time (UTC), with ticks from ./time-axis.ts.
 * - Events of a lane that fall in the same {@link BIN_PX}-pixel column merge into one
 *   mark, so 5,000 events draw at most lanes × (plot width / BIN_PX) marks. A mark is
 *   coloured by the most severe detection among its events (grey when none), hollow when
 *   every call in it failed, larger when it holds more events, and has a native tooltip.
 * - Each detection is labelled once, above the chart, at its first event, with a guide
 *   line down to that event's lane; labels stack in rows so they do not overlap.
 *
 * Every text from the evidence is escaped (`escapeHtml`); colours come from the page's
 * stylesheet through classes (`sev-critical` …), so the SVG carries no style of its own.
 */
import { escapeHtml } from '../../report/html-page.js';
import { type Severity, severityRank } from '../../core/severity.js';
import type { DetectionHit, TimelineEntry } from '../model.js';
import { timeTicks } from './time-axis.js';
import { actionOf, errorCode, shortActor } from './view.js';

/** Lanes drawn before the remaining actors share the last one. */
export const MAX_LANES = 40;
/** Width of a pixel column that merges events into one mark. */
export const BIN_PX = 4;

const WIDTH = 1100;
const LABEL_W = 240;
const RIGHT = 24;
const PLOT_W = WIDTH - LABEL_W - RIGHT;
const LANE_H = 32;
const LABEL_ROW_H = 15;
const MAX_LABEL_ROWS = 8;
const AXIS_H = 40;
const CHAR_W = 6.3;

/** The chart and what it drew (for the caption and for tests). */
export interface TimelineChart {
  /** `<svg …>…</svg>`, or an empty string when the timeline is empty. */
  svg: string;
  lanes: number;
  /** Marks drawn (each one pixel column of one lane). */
  marks: number;
  /** Detections labelled above the chart, and those left out for lack of room. */
  labelled: number;
  unlabelled: number;
}

interface Lane {
  key: string;
  actor: string;
  accessKeyId?: string;
  /** Set on the shared overflow lane: how many actor/credential pairs it holds. */
  merged?: number;
}

interface Mark {
  lane: number;
  events: TimelineEntry[];
  xSum: number;
}

const laneKey = (e: TimelineEntry) => `${e.actor}\u0000${e.accessKeyId ?? ''}`;
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * Draw the timeline. `detections` are the hits whose ids the entries carry (in-scope and
 * other), for severities and labels. Entries need not be sorted; times that do not parse
 * are left out of the chart (they stay in the table). Never throws.
 */
export function timelineSvg(timeline: readonly TimelineEntry[], detections: readonly DetectionHit[]): TimelineChart {
  const entries = timeline.filter((e) => Number.isFinite(Date.parse(e.time)));
  if (!entries.length) return { svg: '', lanes: 0, marks: 0, labelled: 0, unlabelled: 0 };
  const byId = new Map(detections.map((d) => [d.id, d]));

  // Lanes in order of first appearance; the overflow shares the last one.
  const lanes: Lane[] = [];
  const laneOf = new Map<string, number>();
  for (const e of entries) {
    const key = laneKey(e);
    if (laneOf.has(key)) continue;
    if (lanes.length < MAX_LANES) {
      laneOf.set(key, lanes.length);
      lanes.push({ key, actor: e.actor, ...(e.accessKeyId ? { accessKeyId: e.accessKeyId } : {}) });
    } else {
      if (lanes.length === MAX_LANES) lanes.push({ key: '', actor: 'other actors', merged: 0 });
      lanes[MAX_LANES]!.merged!++;
      laneOf.set(key, MAX_LANES);
    }
  }

  // Time scale, padded so marks do not sit on the plot's edges; a single instant gets a minute.
  const times = entries.map((e) => Date.parse(e.time));
  let start = Math.min(...times);
  let end = Math.max(...times);
  if (end - start < 60_000) {
    const mid = (start + end) / 2;
    start = mid - 30_000;
    end = mid + 30_000;
  }
  const pad = (end - start) * 0.02;
  start -= pad;
  end += pad;
  const x = (ms: number) => LABEL_W + ((ms - start) / (end - start)) * PLOT_W;

  // Marks: one per lane and pixel column.
  const marks = new Map<string, Mark>();
  for (const e of entries) {
    const lane = laneOf.get(laneKey(e))!;
    const px = x(Date.parse(e.time));
    const id = `${lane}:${Math.floor((px - LABEL_W) / BIN_PX)}`;
    const mark = marks.get(id) ?? { lane, events: [], xSum: 0 };
    mark.events.push(e);
    mark.xSum += px;
    marks.set(id, mark);
  }

  // Detection labels: at each detection's first event, in rows that do not overlap.
  const firstEvent = new Map<string, TimelineEntry>();
  for (const e of [...entries].sort((a, b) => Date.parse(a.time) - Date.parse(b.time)))
    for (const id of e.detectionIds) if (!firstEvent.has(id) && byId.has(id)) firstEvent.set(id, e);
  const rowEnds: number[] = [];
  const labels: { hit: DetectionHit; x: number; row: number; lane: number; anchorEnd: boolean }[] = [];
  let unlabelled = 0;
  for (const [id, e] of firstEvent) {
    const hit = byId.get(id)!;
    const at = x(Date.parse(e.time));
    const width = hit.title.length * CHAR_W + 12;
    const anchorEnd = at + width > WIDTH - 4;
    const left = anchorEnd ? at - width : at - 3;
    const right = anchorEnd ? at + 3 : at + width;
    let row = rowEnds.findIndex((endX) => endX < left);
    if (row < 0 && rowEnds.length < MAX_LABEL_ROWS) row = rowEnds.push(0) - 1;
    if (row < 0) {
      unlabelled++;
      continue;
    }
    rowEnds[row] = right;
    labels.push({ hit, x: at, row, lane: laneOf.get(laneKey(e))!, anchorEnd });
  }

  const top = rowEnds.length * LABEL_ROW_H + (rowEnds.length ? 10 : 6);
  const plotBottom = top + lanes.length * LANE_H;
  const height = plotBottom + AXIS_H;
  const laneMid = (lane: number) => top + lane * LANE_H + LANE_H / 2;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${fmt(height)}" width="${WIDTH}" height="${fmt(height)}" role="img" aria-label="Timeline of ${entries.length} events in ${lanes.length} lanes">`,
  );

  // Lane backgrounds and names.
  lanes.forEach((lane, i) => {
    const y = top + i * LANE_H;
    const name = lane.merged ? `${lane.actor} (${lane.merged})` : shortActor(lane.actor);
    const full = lane.merged ? `${lane.merged} more actor and credential pairs` : `${lane.actor}${lane.accessKeyId ? ` with ${lane.accessKeyId}` : ''}`;
    out.push(
      `<g class="lane"><title>${escapeHtml(full)}</title><rect class="lane-bg${i % 2 ? ' odd' : ''}" x="0" y="${fmt(y)}" width="${WIDTH}" height="${LANE_H}"/>` +
        `<text class="lane-name" x="8" y="${fmt(y + (lane.accessKeyId ? 13 : 20))}">${escapeHtml(clip(name, 36))}</text>` +
        (lane.accessKeyId ? `<text class="lane-key" x="8" y="${fmt(y + 26)}">${escapeHtml(lane.accessKeyId)}</text>` : '') +
        `</g>`,
    );
  });

  // Time axis: grid lines through the lanes, labels below.
  const { ticks } = timeTicks(start, end, Math.floor(PLOT_W / 90));
  for (const tick of ticks) {
    const tx = fmt(x(tick.ms));
    out.push(
      `<line class="grid" x1="${tx}" x2="${tx}" y1="${fmt(top)}" y2="${fmt(plotBottom + 4)}"/><text class="axis" x="${tx}" y="${fmt(plotBottom + 17)}" text-anchor="middle">${tick.label}</text>` +
        (tick.date ? `<text class="axis date" x="${tx}" y="${fmt(plotBottom + 31)}" text-anchor="middle">${tick.date}</text>` : ''),
    );
  }
  out.push(`<line class="plot-edge" x1="${LABEL_W}" x2="${LABEL_W}" y1="${fmt(top)}" y2="${fmt(plotBottom)}"/>`);

  // Detection labels and their guide lines (under the marks).
  for (const label of labels) {
    const ly = 12 + label.row * LABEL_ROW_H;
    const sev = label.hit.severity;
    out.push(
      `<line class="guide sev-${sev}" x1="${fmt(label.x)}" x2="${fmt(label.x)}" y1="${fmt(ly + 3)}" y2="${fmt(laneMid(label.lane) - 5)}"/>` +
        `<text class="dlabel sev-${sev}" x="${fmt(label.anchorEnd ? label.x - 3 : label.x + 3)}" y="${fmt(ly)}"${label.anchorEnd ? ' text-anchor="end"' : ''}><title>${escapeHtml(`${label.hit.title} (${label.hit.technique}, ${label.hit.severity})`)}</title>${escapeHtml(label.hit.title)}</text>`,
    );
  }

  // Marks.
  for (const mark of marks.values()) {
    const severity = worstSeverity(mark.events, byId);
    const failed = mark.events.every((e) => e.error);
    const r = 4 + Math.min(4, Math.log2(mark.events.length));
    const cls = `mark sev-${severity ?? 'none'}${failed ? ' failed' : ''}`;
    out.push(
      `<circle class="${cls}" cx="${fmt(mark.xSum / mark.events.length)}" cy="${fmt(laneMid(mark.lane))}" r="${fmt(r)}" data-count="${mark.events.length}"><title>${escapeHtml(tooltip(mark.events, byId))}</title></circle>`,
    );
  }
  out.push('</svg>');
  return { svg: out.join('\n'), lanes: lanes.length, marks: marks.size, labelled: labels.length, unlabelled };
}

function worstSeverity(events: readonly TimelineEntry[], byId: Map<string, DetectionHit>): Severity | undefined {
  let worst: Severity | undefined;
  for (const e of events)
    for (const id of e.detectionIds) {
      const s = byId.get(id)?.severity;
      if (s && (!worst || severityRank(s) > severityRank(worst))) worst = s;
    }
  return worst;
}

/** The mark's tooltip: time (range), the calls by count, failures, detections. Plain text (escaped by the caller). */
function tooltip(events: readonly TimelineEntry[], byId: Map<string, DetectionHit>): string {
  const first = events[0]!;
  const last = events.at(-1)!;
  const when = events.length > 1 ? `${first.time} – ${last.time}` : first.time;
  const calls = new Map<string, number>();
  for (const e of events) calls.set(actionOf(e), (calls.get(actionOf(e)) ?? 0) + 1);
  const callText = [...calls]
    .slice(0, 5)
    .map(([a, n]) => (n > 1 ? `${n}× ${a}` : a))
    .join(', ');
  const failures = events.filter((e) => e.error);
  const errors = [...new Set(failures.map((e) => errorCode(e.error)))].join(', ');
  const hits = [...new Set(events.flatMap((e) => e.detectionIds))].map((id) => byId.get(id)?.title ?? id);
  return [
    `${when} UTC`,
    `${shortActor(first.actor)}${first.sourceIp ? ` from ${first.sourceIp}` : ''}`,
    `${callText}${calls.size > 5 ? ` and ${calls.size - 5} more` : ''}`,
    failures.length ? `${failures.length} failed: ${errors}` : '',
    hits.length ? `Detections: ${hits.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
