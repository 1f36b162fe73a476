import type { Finding } from '../core/finding.js';
import type { ScanResult } from '../core/run.js';
import { escapeMarkdown } from '../core/markdown.js';
import { cweUrl } from '../core/references.js';
import { countsSentence, findingsByScanner, gatingFindings, severityCounts } from './summary.js';

const ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/**
 * A Markdown report for pull-request comments, wikis and job summaries
 * (GitHub-flavoured Markdown): summary table, findings by severity with code,
 * data flow and fix, warnings, and suppressed findings in a collapsed section.
 */
export function toMarkdown(result: ScanResult): string {
  const out: string[] = [];
  const gate = gatingFindings(result);
  out.push(`# Guardian scan report`, '');
  out.push(
    `**Target:** \`${escapeInline(result.target)}\` · **Started:** ${result.startedAt} · **Duration:** ${(result.durationMs / 1000).toFixed(1)} s · **Files:** ${result.stats.files}`,
    '',
  );
  out.push(
    gate
      ? `**Result: failed** — ${gate} finding${gate === 1 ? '' : 's'} at or above \`${result.failOn}\`.`
      : `**Result: passed** — nothing at or above \`${result.failOn}\`.`,
    '',
  );
  out.push('| Severity | Findings |', '|---|---:|');
  for (const [severity, count] of severityCounts(result)) out.push(`| ${ICON[severity]} ${severity} | ${count} |`);
  out.push('');

  const scanners = findingsByScanner(result);
  if (scanners.length) {
    out.push('| Scanner | Findings | Time |', '|---|---:|---:|');
    for (const [id, count] of scanners) out.push(`| ${id} | ${count} | ${((result.stats.scanners[id]?.durationMs ?? 0) / 1000).toFixed(2)} s |`);
    out.push('');
  }

  out.push(`## Findings`, '', countsSentence(result), '');
  if (!result.findings.length) out.push('No findings. 🎉', '');
  for (const finding of result.findings) out.push(...renderFinding(finding));

  if (result.warnings.length) {
    out.push('## Warnings', '', 'The scan went on past these problems; what they name was not (fully) scanned.', '');
    for (const w of result.warnings) out.push(`- **${w.code}**${w.path ? ` \`${escapeInline(w.path)}${w.line ? `:${w.line}` : ''}\`` : ''}: ${escapeMarkdown(w.message)}`);
    out.push('');
  }
  if (result.suppressed.length) {
    out.push('<details>', `<summary>${result.suppressed.length} suppressed finding${result.suppressed.length === 1 ? '' : 's'}</summary>`, '');
    for (const f of result.suppressed) {
      out.push(`- ${f.severity} \`${f.ruleId}\` ${location(f)} — ${f.suppression?.kind}: ${escapeMarkdown(f.suppression?.reason ?? '')}${f.suppression?.expires ? ` (until ${f.suppression.expires})` : ''}`);
    }
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}

function renderFinding(f: Finding): string[] {
  const lines = [`### ${ICON[f.severity]} ${escapeMarkdown(f.title)}`, ''];
  lines.push(`**${f.severity.toUpperCase()}** · \`${f.ruleId}\` · ${location(f)}${f.cwe.length ? ` · ${f.cwe.map((c) => `[${c}](${cweUrl(c)})`).join(' ')}` : ''}`, '');
  lines.push(escapeMarkdown(f.message), '');
  if (f.location.snippet) lines.push(fence(f.location.snippet, languageOf(f.location.path)), '');
  if (f.dataFlow?.length) {
    lines.push('Data flow:', '');
    f.dataFlow.forEach((step, i) => lines.push(`${i + 1}. line ${step.location.startLine}: ${escapeMarkdown(step.note)}`));
    lines.push('');
  }
  for (const c of f.standards ?? []) lines.push(`**Violates:** ${escapeMarkdown(`${c.title}, section "${c.sectionTitle}" (${c.path})`)}`, '');
  lines.push(`**Fix:** ${escapeMarkdown(f.remediation.text)}`, '');
  if (f.remediation.example) lines.push(fence(f.remediation.example, languageOf(f.location.path)), '');
  return lines;
}

function location(f: Finding): string {
  return `\`${escapeInline(f.location.path)}:${f.location.startLine}\``;
}

function languageOf(path: string): string {
  if (path.endsWith('.py')) return 'python';
  if (/\.(ts|tsx|mts|cts)$/.test(path)) return 'typescript';
  if (/\.(js|jsx|mjs|cjs)$/.test(path)) return 'javascript';
  if (path.endsWith('.json')) return 'json';
  if (/\.ya?ml$/.test(path)) return 'yaml';
  return '';
}

/** A fenced block long enough that backticks in the code cannot close it. */
function fence(code: string, lang: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${code}\n${ticks}`;
}


function escapeInline(text: string): string {
  return text.replace(/`/g, "'");
}
