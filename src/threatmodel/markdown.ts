import { componentsMarkdown } from '../architecture/components-table.js';
import { escapeMarkdown } from '../core/markdown.js';
import { toMermaid } from '../architecture/mermaid.js';
import type { Architecture } from '../architecture/model.js';
import type { Removal } from '../architecture/overrides.js';
import type { Stride, Threat, ThreatEvidence, ThreatModel } from './model.js';
import { composeStatement, withoutArticle } from './threat-composer/text.js';

const STRIDE_NAMES: Record<Stride, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};
const PRIORITY_ORDER = { High: 0, Medium: 1, Low: 2 } as const;
const STATUS_TEXT = { implemented: '✅ in place', missing: '❌ missing', unknown: '❔ not visible' } as const;


/** The sentence Threat Composer builds from the grammar fields (the same words as the .tc.json export). */
const statement = (threat: Threat): string => composeStatement({ ...threat.statement, threatSource: withoutArticle(threat.statement.threatSource) });

function evidenceLine(e: ThreatEvidence): string {
  const place = 'path' in e && e.path ? `${e.path}${e.line ? `:${e.line}` : ''}` : '';
  const said = e.kind === 'finding' ? '' : e.note;
  const at = place && !said.includes(place) ? ` (${place})` : '';
  if (e.kind === 'finding') return `finding \`${e.ruleId}\` (${e.severity})${at}`;
  if (e.kind === 'missing-control') return `missing control: ${escapeMarkdown(e.note)}${at}`;
  return `${escapeMarkdown(e.note)}${at}`;
}

function anchorName(threat: Threat, architecture: Architecture): string {
  if ('element' in threat.anchor) {
    const id = threat.anchor.element;
    return architecture.elements.find((e) => e.id === id)?.name ?? id;
  }
  const id = threat.anchor.flow;
  const flow = architecture.flows.find((f) => f.id === id);
  if (!flow) return id;
  const name = (elementId: string) => architecture.elements.find((e) => e.id === elementId)?.name ?? elementId;
  return `${name(flow.from)} → ${name(flow.to)}: ${flow.label}`;
}

/**
 * The threat model as Markdown, structured by the Four Question Frame (Shostack): what are
 * we working on (components, DFD, assumptions), what can go wrong (threats by STRIDE
 * category), what are we going to do about it (mitigations and their status), did we do
 * a good job (coverage, open high-priority threats, what a person removed).
 */
export function threatModelMarkdown(architecture: Architecture, model: ThreatModel, removed: readonly Removal[] = []): string {
  const out: string[] = [`# Threat model: ${escapeMarkdown(model.application.name)}`, ''];
  if (model.application.description) out.push(escapeMarkdown(model.application.description), '');

  out.push('## 1. What are we working on?', '', componentsMarkdown(architecture).trimEnd(), '', '```mermaid', toMermaid(architecture).trimEnd(), '```', '');
  if (model.assumptions.length) out.push('**Assumptions**', '', ...model.assumptions.map((a) => `- ${escapeMarkdown(a)}`), '');

  out.push('## 2. What can go wrong?', '');
  const threats = [...model.threats].sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || (a.id < b.id ? -1 : 1));
  if (!threats.length) out.push('No threats: no element or flow meets the conditions of a STRIDE rule.', '');
  for (const letter of Object.keys(STRIDE_NAMES) as Stride[]) {
    const group = threats.filter((t) => t.stride[0] === letter);
    if (!group.length) continue;
    out.push(`### ${STRIDE_NAMES[letter]}`, '');
    for (const threat of group) {
      out.push(`- **${threat.priority}** · ${escapeMarkdown(statement(threat))}`);
      out.push(`  - on: ${escapeMarkdown(anchorName(threat, architecture))} · STRIDE ${threat.stride.join('')} · \`${threat.rule}\` · ${threat.status}`);
      out.push(`  - priority: ${escapeMarkdown(threat.priorityReason)}`);
      for (const e of threat.evidence) out.push(`  - evidence: ${evidenceLine(e)}`);
      if (threat.comments) out.push(`  - comments: ${escapeMarkdown(threat.comments)}`);
    }
    out.push('');
  }

  out.push('## 3. What are we going to do about it?', '');
  const mitigations = new Map<string, { title: string; status: keyof typeof STATUS_TEXT; reasons: Set<string>; threats: number }>();
  for (const threat of threats) {
    for (const m of threat.mitigations) {
      const key = `${m.ref}\u0000${m.status}`;
      const entry = mitigations.get(key) ?? { title: m.title, status: m.status, reasons: new Set<string>(), threats: 0 };
      entry.reasons.add(m.statusReason);
      entry.threats++;
      mitigations.set(key, entry);
    }
  }
  if (!mitigations.size) out.push('No mitigations apply.', '');
  else {
    out.push('| Mitigation | Status | Threats | Why |', '|---|---|---:|---|');
    const rows = [...mitigations.values()].sort((a, b) => a.status.localeCompare(b.status) || a.title.localeCompare(b.title));
    for (const m of rows) out.push(`| ${escapeMarkdown(m.title)} | ${STATUS_TEXT[m.status]} | ${m.threats} | ${escapeMarkdown([...m.reasons].slice(0, 3).join('; '))} |`);
    out.push('');
  }

  out.push('## 4. Did we do a good job?', '');
  const count = (p: Threat['priority']) => threats.filter((t) => t.priority === p).length;
  const open = threats.filter((t) => t.priority === 'High' && t.status === 'identified' && !t.mitigations.some((m) => m.status === 'implemented'));
  const unmitigated = threats.filter((t) => t.mitigations.length === 0);
  const anchored = new Set(threats.map((t) => ('element' in t.anchor ? t.anchor.element : t.anchor.flow)));
  const untouched = architecture.elements.filter((e) => !anchored.has(e.id) && !architecture.flows.some((f) => (f.from === e.id || f.to === e.id) && anchored.has(f.id)));
  out.push(
    `- ${threats.length} threats (${count('High')} high, ${count('Medium')} medium, ${count('Low')} low) on ${anchored.size} of ${architecture.elements.length + architecture.flows.length} elements and flows.`,
    `- ${open.length} high-priority threats are open with no mitigation in place${open.length ? `: ${open.slice(0, 10).map((t) => escapeMarkdown(anchorName(t, architecture))).join('; ')}` : ''}.`,
    `- ${unmitigated.length} threats have no mitigation in the catalog.`,
    `- ${untouched.length} elements meet no rule's conditions${untouched.length ? ` (${untouched.slice(0, 10).map((e) => escapeMarkdown(e.name)).join(', ')})` : ''}: review them by hand.`,
  );
  for (const r of removed) out.push(`- A person removed \`${escapeMarkdown(r.id)}\` (guardian-model.yml:${r.line}): ${escapeMarkdown(r.reason)}`);
  out.push('');
  return out.join('\n');
}
