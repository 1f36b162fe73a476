/**
 * The investigation as GitHub Flavored Markdown (https://github.github.com/gfm/), for an
 * incident ticket or a pull request: case and open questions, summary, critical findings,
 * detections (ATT&CK linked), timeline, affected resources, indicators, the containment
 * plan with each command in a ```bash block, cost, limiting factors, warnings and counts.
 *
 * Every value that comes from evidence (user agents, error messages, names an attacker
 * chose) goes through `markdownCell`/`escapeMarkdown` (src/core/markdown.ts) or into a code
 * span or fence longer than any backtick run in it, so it cannot become a link, HTML or a
 * broken table. Links are built only from validated ATT&CK ids. The timeline collapses
 * runs of identical read-only calls (./timeline-rows.ts) and stops after
 * {@link MARKDOWN_TIMELINE_ROWS} rows; the JSON and HTML reports keep every event.
 */
import { escapeMarkdown, markdownCell } from '../../core/markdown.js';
import type { ContainmentStep, DetectionHit, InvestigationResult } from '../model.js';
import { collapseTimeline, type TimelineRow } from './timeline-rows.js';
import {
  CONCERN_TEXT,
  actionOf,
  attackTacticUrl,
  attackTechniqueUrl,
  bySeverity,
  costSentence,
  clock,
  entityLists,
  errorCode,
  factList,
  plural,
  shortActor,
  statsRows,
  utc,
  withDefaults,
} from './view.js';

/** Timeline rows (after collapsing) the Markdown report shows before pointing to the JSON/HTML reports. */
export const MARKDOWN_TIMELINE_ROWS = 300;

const ICON: Record<string, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' };

/**
 * The report as Markdown text (ends in a newline). Deterministic: the same result gives
 * the same text. Never throws on odd values; missing lists render as empty sections.
 */
export function renderMarkdown(input: InvestigationResult): string {
  const result = withDefaults(input);
  const sections = [
    header(result),
    caseSection(result),
    section('Summary', inline(result.summary)),
    criticalFindings(result),
    detections('Detections', result.detections, 'No detection fired on the events in scope.'),
    timeline(result),
    affectedResources(result),
    indicators(result),
    containment(result.containment),
    cost(result),
    list('Limiting factors', result.limitingFactors),
    result.otherDetections.length ? detections('Other detections (outside the scope)', result.otherDetections, '') : '',
    warnings(result),
    stats(result),
  ];
  return `${sections.filter(Boolean).join('\n')}`.replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function section(title: string, body: string): string {
  return `## ${title}\n\n${body}\n`;
}

function header(r: InvestigationResult): string {
  const title = r.case.title || r.case.id || 'investigation';
  const by = `${escapeMarkdown(r.tool.name)} ${escapeMarkdown(r.tool.version)}`.trim();
  return `# Investigation: ${inline(title)}\n\nCase ${code(r.case.id, false)} · ${escapeMarkdown(CONCERN_TEXT[r.case.concern] ?? r.case.concern)} · generated ${escapeMarkdown(utc(r.generatedAt))} UTC by ${by}\n`;
}

function caseSection(r: InvestigationResult): string {
  const out: string[] = [];
  if (r.case.description) out.push(`> ${escapeMarkdown(r.case.description).replace(/\n/g, '\n> ')}`, '');
  const rows: string[][] = [['Concern', r.case.concern], ...entityLists(r.case.entities).map(([label, values]) => [label, values.join(', ')]), ...factList(r.case.facts)];
  out.push(table(['', 'Value'], rows.map(([k, v]) => [markdownCell(k!), markdownCell(v!)])));
  if (r.case.missingFacts.length) {
    out.push('### Open questions', '');
    for (const m of r.case.missingFacts) out.push(`- **${inline(m.question)}** ${inline(m.why)}${m.fact ? ` (${code(m.fact, false)})` : ''}`);
    out.push('');
  }
  return section('Case', out.join('\n'));
}

function criticalFindings(r: InvestigationResult): string {
  if (!r.criticalFindings.length) return section('Critical findings', 'None.');
  const items = r.criticalFindings.map((f) => `- ${ICON[f.severity] ?? ''} **${inline(f.title)}** (${inline(f.severity)}): ${inline(f.detail)}`);
  return section('Critical findings', items.join('\n'));
}

/** A detection table: ATT&CK technique and tactic ids linked to their MITRE pages. */
function detections(title: string, hits: readonly DetectionHit[], empty: string): string {
  if (!hits.length) return section(title, empty);
  const rows = bySeverity(hits).map((h) => [
    `${ICON[h.severity] ?? ''} ${markdownCell(h.severity)}`,
    markdownCell(h.title),
    link(h.tactic ? `${h.tactic} (${h.tacticId})` : h.tacticId, attackTacticUrl(h.tacticId)),
    link(h.techniqueName ? `${h.technique} ${h.techniqueName}` : h.technique, attackTechniqueUrl(h.technique)),
    String(h.eventIds.length),
    `${code(h.id)}`,
  ]);
  const rationale = bySeverity(hits)
    .filter((h) => h.rationale)
    .map((h) => `- ${code(h.id, false)}: ${inline(h.rationale)}`);
  return section(title, table(['Severity', 'Detection', 'Tactic', 'Technique', 'Events', 'Rule'], rows) + (rationale.length ? `\n<details><summary>Why each detection matters</summary>\n\n${rationale.join('\n')}\n\n</details>\n` : ''));
}

function timeline(r: InvestigationResult): string {
  if (!r.timeline.length) return section('Timeline', 'No event in scope.');
  const rows = collapseTimeline(r.timeline);
  const shown = rows.slice(0, MARKDOWN_TIMELINE_ROWS);
  const body = table(
    ['Time (UTC)', 'Actor', 'Access key', 'Source IP', 'Region', 'Action', 'Result', 'Detections'],
    shown.map((row) => timelineCells(row)),
  );
  const notes = [
    `${plural(r.timeline.length, 'event')} in ${plural(rows.length, 'row')}: consecutive identical read-only calls (same actor, key, address, action, result and detections) are one row "n× action"; the JSON and HTML reports list every event.`,
  ];
  if (rows.length > shown.length) notes.push(`Only the first ${shown.length} rows are shown; ${rows.length - shown.length} more are in the JSON and HTML reports.`);
  return section('Timeline', `${notes.map((n) => `_${escapeMarkdown(n)}_`).join('\n\n')}\n\n${body}`);
}

function timelineCells(row: TimelineRow): string[] {
  const { first, last, count } = row;
  const time = count > 1 ? `${utc(first.time)} – ${clock(last.time)}` : utc(first.time);
  const action = count > 1 ? `${count}× ${actionOf(first)}` : actionOf(first);
  const region = row.regions.length > 3 ? `${row.regions.slice(0, 2).join(', ')} +${row.regions.length - 2}` : row.regions.join(', ');
  return [
    markdownCell(time),
    markdownCell(shortActor(first.actor)),
    first.accessKeyId ? code(first.accessKeyId) : '',
    markdownCell(first.sourceIp ?? ''),
    markdownCell(region),
    markdownCell(action),
    first.error ? `❌ ${markdownCell(errorCode(first.error) ?? '')}` : 'OK',
    first.detectionIds.map((id) => code(id)).join(' '),
  ];
}

function affectedResources(r: InvestigationResult): string {
  if (!r.affectedResources.length) return section('Affected resources', 'None found.');
  const rows = r.affectedResources.map((a) => [
    markdownCell(a.type),
    code(a.id),
    markdownCell(a.change),
    markdownCell(a.region ?? ''),
    markdownCell(a.state ?? ''),
    a.arn && a.arn !== a.id ? code(a.arn) : '',
    String(a.eventIds.length),
  ]);
  return section('Affected resources', table(['Type', 'Id', 'Change', 'Region', 'State', 'ARN', 'Events'], rows));
}

function indicators(r: InvestigationResult): string {
  const i = r.indicators;
  const parts: string[] = [];
  if (i.ips.length) parts.push('### IP addresses', '', table(['Address', 'Events', 'First seen (UTC)', 'Last seen (UTC)'], i.ips.map((x) => [code(x.value), String(x.events), markdownCell(utc(x.firstSeen)), markdownCell(utc(x.lastSeen))])));
  if (i.accessKeyIds.length) parts.push('### Access keys', '', table(['Key', 'Kind', 'Events'], i.accessKeyIds.map((x) => [code(x.value), markdownCell(x.kind), String(x.events)])));
  if (i.userAgents.length) parts.push('### User agents', '', table(['User agent', 'Events'], i.userAgents.map((x) => [markdownCell(x.value), String(x.events)])));
  if (i.accounts.length) parts.push('### Outside AWS accounts', '', table(['Account', 'Events'], i.accounts.map((x) => [code(x.value), String(x.events)])));
  return section('Indicators', parts.length ? parts.join('\n') : 'None.');
}

/** The plan as a numbered list: what and why, the command in a ```bash block, how to verify it. */
function containment(steps: readonly ContainmentStep[]): string {
  if (!steps.length) return section('Containment plan', 'No containment step: nothing in scope needs one.');
  const items = steps.map((s, i) => {
    const where = s.region ? ` (${escapeMarkdown(s.region)})` : '';
    return [
      `${s.step ?? i + 1}. **${inline(s.action)}** ${code(s.target, false)}${where}: ${inline(s.description)}`,
      '',
      indent(fence(s.command, 'bash')),
      '',
      `   **Verify:** ${inlineWithCode(s.verify)}`,
    ].join('\n');
  });
  return section('Containment plan', `Run the steps in order: each one assumes the ones before it.\n\n${items.join('\n\n')}`);
}

function cost(r: InvestigationResult): string {
  const c = r.cost;
  if (!c) return '';
  const money = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? `${c.currency} ${n.toFixed(2)}` : '');
  const lines = [escapeMarkdown(costSentence(c, money))];
  if (c.anomalies.length) lines.push('', table(['Service', 'Region', 'Amount', 'Daily baseline'], c.anomalies.map((a) => [markdownCell(a.service), markdownCell(a.region ?? ''), markdownCell(money(a.amount)), markdownCell(money(a.baselineDaily))])));
  return section('Cost impact', lines.join('\n'));
}

function list(title: string, items: readonly string[]): string {
  return items.length ? section(title, items.map((i) => `- ${inline(i)}`).join('\n')) : '';
}

function warnings(r: InvestigationResult): string {
  if (!r.warnings.length) return '';
  return section('Warnings', r.warnings.map((w) => `- ${w.path ? `${code(w.path, false)}: ` : ''}${inline(w.message)}`).join('\n'));
}

function stats(r: InvestigationResult): string {
  const rows = statsRows(r).filter(([, v]) => v);
  return section('Statistics', table(['', ''], rows.map(([k, v]) => [markdownCell(k!), markdownCell(v!)])));
}

// --- Markdown building blocks ----------------------------------------------------------

/** A GFM table from cells that are already Markdown (escaped by the caller). */
function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(columns), `|${columns.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}

/**
 * A code span that cannot be closed early: delimited by one backtick more than the longest
 * run inside (CommonMark §6.1), padded when the text starts or ends with one; newlines
 * become spaces and, in a table (`inTable`), pipes are backslash-escaped, since GFM ends a
 * cell at a bare pipe even inside code (GFM §4.10).
 */
function code(text: string, inTable = true): string {
  const flat = inTable ? text.replace(/\s+/g, ' ').replace(/\|/g, '\\|') : text.replace(/\s+/g, ' ');
  if (!flat) return '';
  const ticks = '`'.repeat(Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced block longer than any backtick run in the code (so the code cannot close it). */
function fence(text: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}

/** A sentence with `inline code` parts (the catalog's verify texts): code kept, the rest escaped. */
function inlineWithCode(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? code(part.slice(1, -1), false) : inline(part)))
    .join('');
}

/** Escaped text on one line (a newline in a list item could start a heading or a new block). */
function inline(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' '));
}

/** `[text](url)` when the url was built from a validated id, else the escaped text. */
function link(text: string, url: string | undefined): string {
  return url ? `[${markdownCell(text)}](${url})` : markdownCell(text);
}
