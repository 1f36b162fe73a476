import { componentsMarkdown } from '../architecture/components-table.js';
import { toMermaid } from '../architecture/mermaid.js';
import { escapeMarkdown, markdownTable } from '../core/markdown.js';
import type { Stride, ThreatEvidence } from './model.js';
import { MITIGATION_STATUS_TEXT, STRIDE_NAMES, type ThreatModelReport, THREAT_STATUS_TEXT, anchorName, elementName, evidenceText, mitigationRows, threatSentence, threatsByStride } from './report-view.js';
import type { CoverageCell } from './review.js';

const STRIDE_LETTERS = Object.keys(STRIDE_NAMES) as Stride[];
const STATUS_ICON = { implemented: '✅', missing: '❌', unknown: '❔' } as const;

function evidenceLine(e: ThreatEvidence): string {
  const { text, place } = evidenceText(e);
  const at = place ? ` (${place})` : '';
  if (e.kind === 'finding') return `finding \`${e.ruleId}\` (${e.severity})${at}`;
  return `${escapeMarkdown(text)}${at}`;
}

function coverageCell(cell: CoverageCell): string {
  switch (cell.state) {
    case 'threats':
      return `${cell.count} (${cell.top})`;
    case 'considered':
      return '✓';
    case 'gap':
      return 'gap';
    default:
      return '·';
  }
}

/**
 * The threat model as Markdown, structured by the Four Question Frame (Shostack): what are
 * we working on (components, DFD, assumptions), what can go wrong (threats by STRIDE
 * category), what are we going to do about it (mitigations and their status), did we do
 * a good job (the review: coverage, open high-priority threats, what people removed or
 * accepted, what changed).
 */
export function threatModelMarkdown(report: ThreatModelReport): string {
  const { architecture, model, review } = report;
  const out: string[] = [`# Threat model: ${escapeMarkdown(model.application.name)}`, ''];
  if (model.application.description) out.push(escapeMarkdown(model.application.description), '');

  out.push('## 1. What are we working on?', '', componentsMarkdown(architecture).trimEnd(), '', '```mermaid', toMermaid(architecture).trimEnd(), '```', '');
  if (model.assumptions.length) out.push('**Assumptions**', '', ...model.assumptions.map((a) => `- ${escapeMarkdown(a)}`), '');

  out.push('## 2. What can go wrong?', '');
  const groups = threatsByStride(model);
  if (!groups.length) out.push('No threats: no element or flow meets the conditions of a STRIDE rule.', '');
  for (const group of groups) {
    out.push(`### ${group.name}`, '');
    for (const threat of group.threats) {
      out.push(`- **${threat.priority}** · ${escapeMarkdown(threatSentence(threat))}`);
      out.push(`  - on: ${escapeMarkdown(anchorName(threat, architecture))} · STRIDE ${threat.stride.join('')} · \`${threat.id}\` · ${THREAT_STATUS_TEXT[threat.status]}`);
      out.push(`  - priority: ${escapeMarkdown(threat.priorityReason)}`);
      for (const e of threat.evidence) out.push(`  - evidence: ${evidenceLine(e)}`);
      if (threat.comments) out.push(`  - comments: ${escapeMarkdown(threat.comments)}`);
    }
    out.push('');
  }

  out.push('## 3. What are we going to do about it?', '');
  const rows = mitigationRows(model);
  if (!rows.length) out.push('No mitigations apply.', '');
  else {
    out.push('| Mitigation | Status | Threats | Why |', '|---|---|---:|---|');
    for (const m of rows) out.push(`| ${escapeMarkdown(m.title)} | ${STATUS_ICON[m.status]} ${MITIGATION_STATUS_TEXT[m.status]} | ${m.threats.length} | ${escapeMarkdown(m.reasons.slice(0, 3).join('; '))} |`);
    out.push('');
  }

  out.push('## 4. Did we do a good job?', '');
  const { counts } = review;
  const names = (ids: readonly string[]) => ids.slice(0, 10).map((id) => escapeMarkdown(threatPlace(id))).join('; ') + (ids.length > 10 ? `; and ${ids.length - 10} more` : '');
  const threatPlace = (id: string) => {
    const threat = model.threats.find((t) => t.id === id);
    return threat ? `${threat.rule} on ${anchorName(threat, architecture)}` : id;
  };
  out.push(
    `- ${counts.threats} threats (${counts.High} high, ${counts.Medium} medium, ${counts.Low} low) on ${review.anchored} of ${review.subjects} elements and flows; ${counts.resolved} accepted or resolved, ${counts.notUseful} marked not useful.`,
    `- ${review.openHigh.length} high-priority threats are open with no mitigation in place${review.openHigh.length ? `: ${names(review.openHigh)}` : ''}.`,
    `- ${review.withoutMitigation.length} threats have no mitigation in the catalog.`,
    `- ${review.untouched.length} elements meet no rule's conditions${review.untouched.length ? ` (${review.untouched.slice(0, 10).map((id) => escapeMarkdown(elementName(architecture, id))).join(', ')}${review.untouched.length > 10 ? ', …' : ''})` : ''}.`,
    `- ${review.gaps.length} STRIDE categories apply to an element but no rule covers them${review.gaps.length ? ` (${review.gaps.slice(0, 10).map((g) => `${escapeMarkdown(elementName(architecture, g.element))}: ${g.stride}`).join(', ')}${review.gaps.length > 10 ? ', …' : ''})` : ''}: review them by hand.`,
  );
  for (const r of review.removedElements) out.push(`- A person removed element \`${escapeMarkdown(r.id)}\` (guardian-model.yml:${r.line}): ${escapeMarkdown(r.reason)}`);
  for (const r of review.removedThreats) out.push(`- A person removed threat \`${escapeMarkdown(r.id)}\` (${escapeMarkdown(r.path)}:${r.line}): ${escapeMarkdown(r.reason)}`);
  out.push('');

  if (review.changes) {
    const { added, gone, reprioritised } = review.changes;
    out.push('**What changed since the previous model**', '');
    out.push(`- ${added.length} new threats${added.length ? `: ${names(added)}` : ''}.`);
    out.push(`- ${gone.length} threats are gone${gone.length ? `: ${gone.slice(0, 10).map((g) => `\`${escapeMarkdown(g.key)}\``).join('; ')}` : ''}.`);
    for (const r of reprioritised) out.push(`- ${escapeMarkdown(threatPlace(r.id))}: priority ${r.from} → ${r.to}.`);
    out.push('');
  }

  out.push('**STRIDE coverage** (threats found, ✓ considered and cleared, gap: no rule covers it, · not applicable)', '');
  out.push(
    markdownTable(
      ['Element', ...STRIDE_LETTERS],
      review.coverage.map((row) => [row.name, ...STRIDE_LETTERS.map((s) => coverageCell(row.cells[s]))]),
    ).trimEnd(),
    '',
  );
  return out.join('\n');
}
