/** Line edits and unified diffs: what `git apply` accepts must equal what applyLineEdits writes. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLineEdits, toLineEdits, unifiedDiff } from '../../src/fix/edits.js';

const SOURCE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('toLineEdits', () => {
  it('widens text edits to whole lines and merges edits that share a line', () => {
    const at = (text: string) => SOURCE.indexOf(text);
    const edits = toLineEdits(SOURCE, [
      { path: 'f', start: at('line 3') + 5, end: at('line 3') + 6, text: 'three' },
      { path: 'f', start: at('line 3'), end: at('line 3') + 4, text: 'LINE' },
      { path: 'f', start: at('line 20'), end: at('line 21') + 7, text: 'joined' },
    ]);
    expect(edits).toEqual([
      { path: 'f', startLine: 3, endLine: 3, replacement: 'LINE three' },
      { path: 'f', startLine: 20, endLine: 21, replacement: 'joined' },
    ]);
    expect(() => toLineEdits(SOURCE, [{ path: 'f', start: 0, end: 5, text: '' }, { path: 'f', start: 3, end: 8, text: '' }])).toThrow('overlapping edits in f');
  });
});

describe('unifiedDiff', () => {
  it('writes hunks git apply takes, with the result applyLineEdits gives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guardian-diff-'));
    try {
      writeFileSync(join(dir, 'f.txt'), SOURCE);
      const lines = SOURCE.split('\n');
      const edits = [
        { path: 'f.txt', startLine: 2, endLine: 2, replacement: 'two\ntwo and a half' },
        { path: 'f.txt', startLine: 6, endLine: 7, replacement: 'six-seven' },
        { path: 'f.txt', startLine: 25, endLine: 25, replacement: 'twenty-five' },
      ];
      const diff = unifiedDiff('f.txt', lines, edits);
      expect(diff.match(/^@@ .* @@$/gm)).toEqual(['@@ -1,10 +1,10 @@', '@@ -22,7 +22,7 @@']);
      writeFileSync(join(dir, 'fix.patch'), diff);
      execFileSync('git', ['apply', '--unsafe-paths', '-p1', 'fix.patch'], { cwd: dir });
      expect(readFileSync(join(dir, 'f.txt'), 'utf8')).toBe(applyLineEdits(lines, edits).join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
