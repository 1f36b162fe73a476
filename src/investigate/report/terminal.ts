/**
 * The investigation for a terminal: a headline, the summary, open questions, critical
 * findings, the top detections, the first rows of the timeline (collapsed as in the
 * Markdown report, ./timeline-rows.ts) and the containment commands, ready to copy.
 *
 * Evidence text is stripped of control characters (C0, DEL, C1) before it is printed: a
 * user agent or error message carrying ANSI escape sequences could otherwise rewrite the
 * analyst's screen. With `color: false` the output contains no escape sequence at all.
 */
import picocolors from 'picocolors';
import type { Severity } from '../../core/severity.js';
import type { InvestigationResult } from '../model.js';
import { collapseTimeline, type TimelineRow } from './timeline-rows.js';
import { CONCERN_TEXT, actionOf, bySeverity, detectionIndex, entrySeverity, errorCode, plural, severityCounts, shortActor, utc, withDefaults } from './view.js';

/** Terminal options: colour on or off (callers decide from the TTY, NO_COLOR, CI), and the line width in columns. */
export interface TerminalOptions {
  color: boolean;
  /** Columns; values under 60 are taken as 60. */
  width: number;
}

/** Timeline rows (after collapsing) printed before pointing to the reports. */
export const TERMINAL_TIMELINE_ROWS = 15;
/** Detections printed, most severe first. */
export const TERMINAL_DETECTIONS = 10;

/**
 * The summary as text lines joined with `\n` (ending in a newline). Never throws on odd
 * values; commands are printed whole (never truncated) so they can be copied.
 */
export function renderTerminal(input: InvestigationResult, options: TerminalOptions): string {
  const r = withDefaults(input);
  const pc = picocolors.createColors(options.color);
  const width = Math.max(60, Math.floor(options.width || 100));
  const paint: Record<Severity, (s: string) => string> = { critical: (s) => pc.bold(pc.red(s)), high: pc.red, medium: pc.yellow, low: pc.blue, info: pc.dim };
  const sevTag = (s: Severity | undefined) => (s && paint[s] ? paint[s](s.toUpperCase().padEnd(8)) : ''.padEnd(8));
  const index = detectionIndex(r);
  const out: string[] = [];
  const heading = (text: string) => out.push('', pc.bold(text));

  // Headline.
  out.push(pc.bold(clip(`Investigation ${clean(r.case.id)}${r.case.title ? ` · ${clean(r.case.title)}` : ''}`, width)));
  const counts = severityCounts(r.detections).filter(([, n]) => n > 0);
  const window = r.timeline.length ? ` · ${utc(r.timeline[0]!.time)} – ${utc(r.timeline.at(-1)!.time)} UTC` : '';
  const detections = r.detections.length ? ` · ${plural(r.detections.length, 'detection')} (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})` : '';
  // Wrapped as plain text, then the severity counts coloured in place.
  for (const line of wrap(`${CONCERN_TEXT[r.case.concern] ?? clean(r.case.concern)} · ${plural(r.stats.inScope || r.timeline.length, 'event')} in scope${window}${detections}`, width, '', '', / · /, ' · '))
    out.push(line.replace(/(\d+) (critical|high|medium|low|info)\b/g, (_, n: string, s: Severity) => paint[s](`${n} ${s}`)));
  if (r.summary) out.push('', ...wrap(clean(r.summary), width, '  '));

  if (r.case.missingFacts.length) {
    heading('Open questions');
    for (const m of r.case.missingFacts) out.push(...wrap(`? ${clean(m.question)}`, width, '  ', '    '));
  }

  if (r.criticalFindings.length) {
    heading('Critical findings');
    for (const f of r.criticalFindings) {
      out.push(`  ${sevTag(f.severity)} ${clip(clean(f.title), width - 12)}`);
      out.push(...wrap(clean(f.detail), width, '           ').map((l) => pc.dim(l)));
    }
  }

  if (r.detections.length) {
    heading('Top detections');
    const top = bySeverity(r.detections).slice(0, TERMINAL_DETECTIONS);
    const titleWidth = Math.max(10, Math.min(48, width - 33, Math.max(...top.map((h) => clean(h.title).length))));
    for (const h of top) out.push(`  ${sevTag(h.severity)} ${clip(clean(h.title), titleWidth).padEnd(titleWidth)}  ${pc.cyan(clean(h.technique).padEnd(9))}  ${pc.dim(plural(h.eventIds.length, 'event'))}`);
    if (r.detections.length > top.length) out.push(pc.dim(`  … and ${r.detections.length - top.length} more in the reports`));
  }

  if (r.timeline.length) {
    const rows = collapseTimeline(r.timeline);
    const shown = rows.slice(0, TERMINAL_TIMELINE_ROWS);
    const multiDay = r.timeline[0]!.time.slice(0, 10) !== r.timeline.at(-1)!.time.slice(0, 10);
    heading(`Timeline${rows.length > shown.length ? ` (first ${shown.length} of ${rows.length} rows, ${plural(r.timeline.length, 'event')})` : ''}`);
    for (const row of shown) out.push(timelineLine(row, multiDay, width, { pc, paint, index }));
    if (rows.length > shown.length) out.push(pc.dim(`  … ${rows.length - shown.length} more rows in the Markdown, HTML and JSON reports`));
  }

  if (r.containment.length) {
    heading(`Containment plan (${plural(r.containment.length, 'step')}, in order)`);
    r.containment.forEach((s, i) => {
      const number = `${s.step ?? i + 1}.`;
      const [first = '', ...rest] = wrap(`${number} ${clean(s.action)} ${clean(s.target)}${s.region ? ` (${clean(s.region)})` : ''}`, width, '  ', '     ');
      out.push(`  ${pc.bold(number)}${first.slice(2 + number.length)}`, ...rest);
      out.push(...wrap(clean(s.description), width, '     ').map((l) => pc.dim(l)));
      for (const line of (s.command ?? '').split('\n')) out.push(`     ${pc.green('$')} ${cleanLine(line)}`);
    });
  }

  if (r.limitingFactors.length) {
    heading('Limiting factors');
    for (const f of r.limitingFactors) out.push(...wrap(`- ${clean(f)}`, width, '  ', '    '));
  }
  if (r.warnings.length) out.push('', pc.yellow(`  ${plural(r.warnings.length, 'warning')} (files or records skipped): see the reports`));
  const s = r.stats;
  out.push('', ...wrap(`${s.eventsRead} events read · ${s.eventsStored} stored · ${s.duplicates} duplicates · ${s.malformed} malformed · ${s.inScope} in scope · ${(s.durationMs / 1000).toFixed(1)} s`, width, '  ').map((l) => pc.dim(l)), '');
  return out.join('\n');
}

interface LineContext {
  pc: ReturnType<typeof picocolors.createColors>;
  paint: Record<Severity, (s: string) => string>;
  index: ReturnType<typeof detectionIndex>;
}

/**
 * One timeline row: time, a dot coloured by the row's most severe detection, actor, key,
 * address, action (`n×` when collapsed), result and detection ids as room allows. Keys are
 * shortened to `AKIA…ORTS` under 130 columns; every cell is measured before it is coloured.
 */
function timelineLine(row: TimelineRow, multiDay: boolean, width: number, { pc, paint, index }: LineContext): string {
  const e = row.first;
  const time = multiDay ? utc(e.time).slice(5) : utc(e.time).slice(11);
  const keyWidth = width >= 130 ? 20 : 9;
  const key = clean(e.accessKeyId);
  const flex = Math.max(0, width - 2 - time.length - 2 - keyWidth - 15 - 14 - 6);
  const actorWidth = Math.min(28, Math.max(14, Math.floor(flex * 0.45)));
  const actionWidth = Math.min(36, Math.max(20, flex - actorWidth));
  const detWidth = Math.max(0, flex - actorWidth - actionWidth - 1);
  const severity = entrySeverity(e, index);
  const cells = {
    actor: pad(clean(shortActor(e.actor)), actorWidth),
    key: pad(key.length > keyWidth ? `${key.slice(0, 4)}…${key.slice(-4)}` : key, keyWidth),
    ip: pad(clean(e.sourceIp), 15),
    action: pad(clean(`${row.count > 1 ? `${row.count}× ` : ''}${actionOf(e)}`), actionWidth),
    result: pad(e.error ? `✗ ${clean(errorCode(e.error))}` : 'OK', 14),
    detections: clip(e.detectionIds.map((id) => clean(id).replace(/^aws\./, '')).join(', '), detWidth),
  };
  const dot = severity ? paint[severity]('●') : ' ';
  const result = e.error ? pc.red(cells.result) : pc.green(cells.result);
  const detections = severity ? paint[severity](cells.detections) : pc.dim(cells.detections);
  const plain = `  ${time} ● ${cells.actor} ${cells.key} ${cells.ip} ${cells.action} ${cells.result} ${cells.detections}`.trimEnd();
  // Too narrow for the columns' minimum widths: the plain line, cut at the width.
  if ([...plain].length > width) return clip(plain, width);
  return `  ${pc.dim(time)} ${dot} ${cells.actor} ${pc.cyan(cells.key)} ${cells.ip} ${cells.action} ${result} ${detections}`.trimEnd();
}

/** `text` clipped to `width` and padded with spaces to exactly `width` columns. */
function pad(text: string, width: number): string {
  return clip(text, width).padEnd(width);
}

/** Evidence text on one line, control characters (C0, DEL, C1: ANSI escapes, newlines) replaced by spaces. */
function clean(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

/** One line of a command: control characters removed, but inner spacing kept. */
function cleanLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function clip(text: string, max: number): string {
  if (max <= 0) return '';
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/**
 * Word-wrap `text` to `width` columns; the first line starts with `first`, the others with
 * `rest`. A word longer than a whole line (an ARN on a narrow terminal) is cut into pieces.
 */
function wrap(text: string, width: number, first: string, rest: string = first, separator = /\s+/, joiner = ' '): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = Math.max(1, width - rest.length);
  for (const whole of text.split(separator).filter(Boolean)) {
    const pieces = whole.length > room ? (whole.match(new RegExp(`.{1,${room}}`, 'gsu')) ?? [whole]) : [whole];
    for (const word of pieces) {
      if (!empty && [...line].length + joiner.length + [...word].length > width) {
        lines.push(line);
        line = rest + word;
      } else line += (empty ? '' : joiner) + word;
      empty = false;
    }
  }
  if (!empty) lines.push(line);
  return lines;
}
