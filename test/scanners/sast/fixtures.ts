/**
 * Semgrep-style fixture annotations: a comment `ruleid: <id>[, <id>]` says the next
 * code line must be reported by that rule; `ok: <id>` says it must not be.
 */
export interface Expectation {
  ruleId: string;
  line: number;
  expect: 'match' | 'no-match';
}

const ANNOTATION = /(?:#|\/\/|\/\*|\{\/\*)\s*(ruleid|ok):\s*([\w.,\s-]+?)\s*(?:\*\/\}?)?\s*$/;

export function parseAnnotations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  for (const [i, line] of lines.entries()) {
    const m = ANNOTATION.exec(line);
    if (!m) continue;
    // The annotated line is the next line that is not itself an annotation.
    let target = i + 1;
    while (target < lines.length && ANNOTATION.test(lines[target]!)) target++;
    for (const ruleId of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      out.push({ ruleId, line: target + 1, expect: m[1] === 'ruleid' ? 'match' : 'no-match' });
    }
  }
  return out;
}
