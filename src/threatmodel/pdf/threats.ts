/**
 * The second and third questions of the Four Question Frame: "What can go wrong?" (threats
 * by STRIDE category, each with its priority, sentence, anchor, id, status, evidence,
 * mitigations and comments) and "What are we going to do about it?" (the mitigation
 * roll-up). Texts come from ../report-view.ts, as in the Markdown report.
 */
import type { ColumnsNode, Content, Inline, TableCell, TableNode } from 'pdfmake';
import type { Mitigation, Threat, ThreatEvidence } from '../model.js';
import type { ThreatModelReport } from '../report-view.js';
import { MITIGATION_STATUS_TEXT, PRIORITY_ORDER, THREAT_STATUS_TEXT, anchorName, byPriority, evidenceText, mitigationRows, threatSentence, threatsByStride } from '../report-view.js';
import { HEADLINE, dataTable, detailRows, heading } from './blocks.js';
import { QUESTIONS } from './front.js';
import { INK, PRIORITY_COLOR, STATUS_COLOR } from './theme.js';

/**
 * Q2: one sub-heading per STRIDE category that has threats, threats by priority within.
 * Each threat is kept on one page (and the sub-heading with the first) when it surely fits
 * one; the rare longer ones flow across pages with their head kept with its first rows.
 * A large model (more than IN_FULL threats) gives the IN_FULL most urgent in full (by
 * priority, those a finding confirms first) and the others one row each, so the handout
 * stays readable and pdfmake's layout time bounded; the HTML report and the Threat
 * Composer file keep every detail.
 */
export function whatCanGoWrong(report: ThreatModelReport): Content[] {
  const out: Content[] = [heading(QUESTIONS[1], 'h1', { pageBreak: 'before' })];
  const groups = threatsByStride(report.model);
  const inFull = mostUrgent(report.model.threats, IN_FULL);
  const brief = inFull.size < report.model.threats.length;
  if (!groups.length) out.push({ text: 'No threats: no element or flow meets the conditions of a STRIDE rule.', italics: true });
  if (brief) out.push({ text: `${report.model.threats.length} threats: the ${inFull.size} most urgent are given in full, the others one line each. The HTML report and the Threat Composer file hold every threat's evidence and mitigations.`, italics: true, style: 'muted', margin: [0, 0, 0, 6] });
  for (const group of groups) {
    const title = heading(`${group.name} (${group.threats.length})`, 'h2');
    const full = group.threats.filter((t) => inFull.has(t.id));
    const rest = group.threats.filter((t) => !inFull.has(t.id));
    if (!full.length) out.push(title);
    full.forEach((threat, i) => {
      const block = threatBlock(threat, report);
      const withTitle = i === 0 ? [title] : [];
      if (block.height + (i === 0 ? HEADING_HEIGHT : 0) <= ONE_PAGE) out.push({ stack: [...withTitle, block.head, block.details], unbreakable: true });
      // pdfmake keeps only the first page of an unbreakable block that overflows: let it flow.
      else out.push(...withTitle, { ...block.head, headlineLevel: HEADLINE.threat }, block.details);
    });
    if (rest.length) out.push(briefTable(rest, report));
  }
  return out;
}

/** At most this many threats are printed in full. */
const IN_FULL = 120;

/** Ids of the `n` most urgent threats: by priority, confirmed by a finding first, then by id. */
function mostUrgent(threats: readonly Threat[], n: number): Set<string> {
  const confirmed = (t: Threat) => (t.evidence.some((e) => e.kind === 'finding') ? 0 : 1);
  // byPriority orders by priority then id; the stable sort keeps that order within the confirmed-first split.
  const ranked = byPriority(threats).sort((a, b) => PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) || confirmed(a) - confirmed(b));
  return new Set(ranked.slice(0, n).map((t) => t.id));
}

/** One row per threat: priority, what the threat source can do, on what, and the id to look it up. */
function briefTable(threats: readonly Threat[], report: ThreatModelReport): TableNode {
  const rows: TableCell[][] = threats.map((t) => [
    { text: t.priority, bold: true, color: PRIORITY_COLOR[t.priority].text, style: 'td' },
    { stack: [{ text: `can ${t.statement.threatAction}` }, { text: t.id, style: 'id' }], style: 'td' },
    { text: anchorName(t, report.architecture), style: ['td', 'small'] },
  ]);
  return dataTable(['Priority', 'Threat', 'On'], rows, [44, '*', 150]);
}

/** Height in pt a threat block may take and still be kept whole: well under a portrait page's 734 pt. */
const ONE_PAGE = 520;
const HEADING_HEIGHT = 34;

function threatBlock(threat: Threat, report: ThreatModelReport): { head: ColumnsNode; details: TableNode; height: number } {
  const color = PRIORITY_COLOR[threat.priority];
  const anchor = anchorName(threat, report.architecture);
  const rows: [string, Content][] = [
    ['On', { text: [anchor, { text: `  ·  STRIDE ${threat.stride.join('')}  ·  ${THREAT_STATUS_TEXT[threat.status]}`, color: INK.muted }] }],
    ['Id', { text: threat.id, style: 'id' }],
    ['Priority', threat.priorityReason],
  ];
  const lines: string[] = [`${anchor} · STRIDE ${threat.stride.join('')} · ${THREAT_STATUS_TEXT[threat.status]}`, threat.priorityReason];
  if (threat.evidence.length) {
    rows.push(['Evidence', { ul: threat.evidence.map(evidenceLine), markerColor: INK.muted }]);
    lines.push(...threat.evidence.map((e) => Object.values(evidenceText(e)).join(' ')));
  }
  if (threat.mitigations.length) {
    rows.push(['Mitigations', { ul: threat.mitigations.map(mitigationLine), markerColor: INK.muted }]);
    lines.push(...threat.mitigations.map((m) => `${m.title} ${MITIGATION_STATUS_TEXT[m.status]}: ${m.statusReason}`));
  }
  if (threat.comments) {
    rows.push(['Comments', threat.comments]);
    lines.push(...threat.comments.split('\n'));
  }
  const sentence = threatSentence(threat);
  const head: ColumnsNode = {
      columns: [
        { width: 54, table: { widths: ['*'], body: [[{ text: threat.priority.toUpperCase(), bold: true, fontSize: 7.5, color: '#ffffff', fillColor: color.text, alignment: 'center' }]] }, layout: 'noBorders', margin: [0, 1, 0, 0] },
        { width: '*', text: sentence, color: INK.heading },
      ],
      columnGap: 10,
      margin: [0, 9, 0, 1],
  };
  // A generous estimate (Helvetica 9.5 pt averages under 5 pt a character; 11 pt a line).
  const wrapped = (text: string, perLine: number) => Math.max(1, Math.ceil(text.length / perLine));
  const lineCount = wrapped(sentence, 80) + wrapped(threat.id, 95) + lines.reduce((n, line) => n + wrapped(line, 75), 0);
  return { head, details: detailRows(rows, 0), height: 12 + lineCount * 11.5 + rows.length * 2 };
}

function evidenceLine(e: ThreatEvidence): Content {
  const { kind, text, place } = evidenceText(e);
  const parts: Inline[] = [kind === 'finding' ? { text, bold: true } : text];
  if (place) parts.push({ text: ` (${place})`, color: INK.muted });
  return { text: parts };
}

function mitigationLine(m: Mitigation): Content {
  return { text: [{ text: m.title, bold: true }, '  ', { text: MITIGATION_STATUS_TEXT[m.status], bold: true, color: STATUS_COLOR[m.status] }, { text: `: ${m.statusReason}`, color: INK.muted }] };
}

/** Q3: the mitigation roll-up, missing first (see mitigationRows). */
export function whatWeDo(report: ThreatModelReport): Content[] {
  const out: Content[] = [heading(QUESTIONS[2], 'h1', { pageBreak: 'before' })];
  const rows = mitigationRows(report.model);
  if (!rows.length) return [...out, { text: 'No mitigations apply.', italics: true }];
  const body: TableCell[][] = rows.map((m) => [
    { stack: [{ text: m.title, bold: true }, { text: m.content, style: ['small', 'muted'] }], style: 'td' },
    { text: MITIGATION_STATUS_TEXT[m.status], bold: true, color: STATUS_COLOR[m.status], style: 'td' },
    { text: String(m.threats.length), alignment: 'right', style: 'td' },
    { text: m.reasons.slice(0, 3).join('; '), style: ['td', 'small'] },
  ]);
  out.push(dataTable(['Mitigation', 'Status', 'Threats', 'Why'], body, [215, 48, 34, '*'], ['left', 'left', 'right', 'left']));
  return out;
}
