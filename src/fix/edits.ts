/**
 * Text edits as whole-line replacements and unified diffs (the `diff -u` / `git diff`
 * format, https://www.gnu.org/software/diffutils/manual/html_node/Unified-Format.html,
 * three lines of context) that `git apply` and `patch -p1` take.
 */
import type { TextEdit } from './fixer.js';

/** Lines `startLine..endLine` (1-based, inclusive) of `path` become `replacement` (lines joined by `\n`). */
export interface LineEdit {
  path: string;
  startLine: number;
  endLine: number;
  replacement: string;
}

const CONTEXT = 3;

/**
 * The line edits of one file's text edits: each text edit widened to the whole lines it
 * touches, edits that share a line merged. Throws on overlapping text edits (a fixer bug).
 */
export function toLineEdits(source: string, edits: readonly TextEdit[]): LineEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) throw new Error(`overlapping edits in ${sorted[i]!.path}`);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const groups: TextEdit[][] = [];
  for (const edit of sorted) {
    const last = groups.at(-1);
    if (last && lineOf(edit.start) <= lineOf(last.at(-1)!.end)) last.push(edit);
    else groups.push([edit]);
  }
  return groups.map((group) => {
    const first = lineOf(group[0]!.start);
    const lastLine = lineOf(group.at(-1)!.end);
    const from = lineStarts[first]!;
    const to = lastLine + 1 < lineStarts.length ? lineStarts[lastLine + 1]! - 1 : source.length;
    let text = '';
    let at = from;
    for (const edit of group) {
      text += source.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    text += source.slice(at, to);
    return { path: group[0]!.path, startLine: first + 1, endLine: lastLine + 1, replacement: text };
  });
}

/** `lines` with `edits` (non-overlapping, any order) applied. */
export function applyLineEdits(lines: readonly string[], edits: readonly LineEdit[]): string[] {
  const out = [...lines];
  for (const edit of [...edits].sort((a, b) => b.startLine - a.startLine)) out.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...edit.replacement.split('\n'));
  return out;
}

/** A unified diff of one file's line edits; hunks whose context would overlap are joined. */
export function unifiedDiff(path: string, lines: readonly string[], edits: readonly LineEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine);
  const hunks: LineEdit[][] = [];
  for (const edit of sorted) {
    const last = hunks.at(-1);
    if (last && edit.startLine - last.at(-1)!.endLine <= 2 * CONTEXT + 1) last.push(edit);
    else hunks.push([edit]);
  }
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let shift = 0;
  for (const hunk of hunks) {
    const from = Math.max(1, hunk[0]!.startLine - CONTEXT);
    const to = Math.min(lines.length, hunk.at(-1)!.endLine + CONTEXT);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let line = from;
    for (const edit of hunk) {
      for (; line < edit.startLine; line++, oldCount++, newCount++) body.push(` ${lines[line - 1]}`);
      for (; line <= edit.endLine; line++, oldCount++) body.push(`-${lines[line - 1]}`);
      for (const added of edit.replacement.split('\n')) {
        body.push(`+${added}`);
        newCount++;
      }
    }
    for (; line <= to; line++, oldCount++, newCount++) body.push(` ${lines[line - 1]}`);
    out.push(`@@ -${from},${oldCount} +${from + shift},${newCount} @@`, ...body);
    shift += newCount - oldCount;
  }
  return `${out.join('\n')}\n`;
}
