/**
 * The fourth question of the Four Question Frame, "Did we do a good job?": the review
 * (../review.ts) in the Markdown report's words and order, and the STRIDE-per-element
 * coverage matrix with coloured cells.
 */
import type { Content, TableCell } from 'pdfmake';
import type { Stride } from '../model.js';
import type { ThreatModelReport } from '../report-view.js';
import { STRIDE_NAMES, anchorName, elementName } from '../report-view.js';
import type { CoverageCell } from '../review.js';
import { dataTable, heading } from './blocks.js';
import { QUESTIONS } from './front.js';
import { COVERAGE_COLOR, INK, PRIORITY_COLOR } from './theme.js';

const STRIDE_LETTERS = Object.keys(STRIDE_NAMES) as Stride[];
/** How many names a list shows before "and N more", as in the Markdown report. */
const LIST_LIMIT = 10;

/** Q4: counts, open high-priority threats, gaps, removals, what changed, coverage. */
export function didWeDoAGoodJob(report: ThreatModelReport): Content[] {
  const { architecture, model, review } = report;
  const { counts } = review;
  const threatPlace = (id: string) => {
    const threat = model.threats.find((t) => t.id === id);
    return threat ? anchorName(threat, architecture) : id;
  };
  const names = (ids: readonly string[]) => ids.slice(0, LIST_LIMIT).map(threatPlace).join('; ') + (ids.length > LIST_LIMIT ? `; and ${ids.length - LIST_LIMIT} more` : '');
  const untouched = review.untouched.slice(0, LIST_LIMIT).map((id) => elementName(architecture, id)).join(', ') + (review.untouched.length > LIST_LIMIT ? ', …' : '');

  const findings: Content[] = [
    `${counts.threats} threats (${counts.High} high, ${counts.Medium} medium, ${counts.Low} low) on ${review.anchored} of ${review.subjects} elements and flows; ${counts.resolved} accepted or resolved, ${counts.notUseful} marked not useful.`,
    {
      text: [
        { text: `${review.openHigh.length} high-priority threats`, bold: review.openHigh.length > 0, color: review.openHigh.length ? PRIORITY_COLOR.High.text : INK.text },
        ` are open with no mitigation in place${review.openHigh.length ? `: ${names(review.openHigh)}` : ''}.`,
      ],
    },
    `${review.withoutMitigation.length} threats have no mitigation in the catalog.`,
    `${review.untouched.length} elements meet no rule's conditions${review.untouched.length ? ` (${untouched})` : ''}.`,
    `${review.gaps.length} STRIDE categories apply to an element but no rule covers them: review them by hand.`,
    ...review.removedElements.map((r) => ({ text: [`A person removed element `, { text: r.id, style: 'id' }, ` (guardian-model.yml:${r.line}): ${r.reason}`] })),
    ...review.removedThreats.map((r) => ({ text: [`A person removed threat `, { text: r.id, style: 'id' }, ` (${r.path}:${r.line}): ${r.reason}`] })),
  ];
  const out: Content[] = [heading(QUESTIONS[3], 'h1', { pageBreak: 'before' }), { ul: findings, markerColor: INK.muted, margin: [0, 0, 0, 6] }];

  if (review.changes) {
    const { added, gone, reprioritised } = review.changes;
    out.push(heading('What changed since the previous model', 'h2'), {
      ul: [
        `${added.length} new threats${added.length ? `: ${names(added)}` : ''}.`,
        { text: [`${gone.length} threats are gone${gone.length ? ': ' : '.'}`, ...gone.slice(0, LIST_LIMIT).flatMap((g, i) => [...(i ? ['; '] : []), { text: g.key, style: 'id' }]), gone.length ? '.' : ''] },
        ...reprioritised.map((r) => ({ text: [`${threatPlace(r.id)}: priority `, { text: r.from, color: PRIORITY_COLOR[r.from].text }, ' → ', { text: r.to, bold: true, color: PRIORITY_COLOR[r.to].text }, '.'] })),
      ],
      markerColor: INK.muted,
    });
  }

  out.push(heading('STRIDE coverage', 'h2'), {
    text: [
      'Per element, after the STRIDE-per-element chart: the number of threats found (highest priority); ',
      { text: 'ok', bold: true, color: COVERAGE_COLOR.considered.text },
      ' considered and cleared; ',
      { text: 'gap', bold: true, color: COVERAGE_COLOR.gap.text },
      ' no rule covers it, review it by hand; · not applicable.',
    ],
    style: 'small',
    margin: [0, 0, 0, 4],
  });
  const rows: TableCell[][] = review.coverage.map((row) => [row.name, ...STRIDE_LETTERS.map((s) => coverageCell(row.cells[s]))]);
  out.push(dataTable(['Element', ...STRIDE_LETTERS], rows, ['*', ...STRIDE_LETTERS.map(() => 50 as const)], ['left', ...STRIDE_LETTERS.map(() => 'center' as const)]));
  out.push({ text: STRIDE_LETTERS.map((s) => `${s} ${STRIDE_NAMES[s]}`).join('   '), style: ['small', 'muted'] });
  return out;
}

function coverageCell(cell: CoverageCell): TableCell {
  const base = { style: 'td', alignment: 'center' as const };
  switch (cell.state) {
    case 'threats':
      return { ...base, text: `${cell.count} (${cell.top})`, bold: true, color: PRIORITY_COLOR[cell.top].text, fillColor: PRIORITY_COLOR[cell.top].fill };
    case 'considered':
      return { ...base, text: 'ok', color: COVERAGE_COLOR.considered.text, fillColor: COVERAGE_COLOR.considered.fill };
    case 'gap':
      return { ...base, text: 'gap', bold: true, color: COVERAGE_COLOR.gap.text, fillColor: COVERAGE_COLOR.gap.fill };
    default:
      return { ...base, text: '·', color: COVERAGE_COLOR['not-applicable'].text };
  }
}
