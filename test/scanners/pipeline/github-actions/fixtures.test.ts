import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GITHUB_ACTIONS_RULES, analyzeWorkflow } from '../../../../src/scanners/pipeline/github-actions/index.js';
import { parseAnnotations } from '../../sast/fixtures.js';

const DIR = fileURLToPath(new URL('./fixtures', import.meta.url));
const fixtures = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const ruleIds = GITHUB_ACTIONS_RULES.map((r) => r.id);

describe('GitHub Actions rule fixtures', () => {
  const all = fixtures.flatMap((f) => parseAnnotations(readFileSync(join(DIR, f), 'utf8')).map((a) => ({ ...a, file: f })));

  it('annotations name only known rules', () => {
    expect(all.filter((a) => !ruleIds.includes(a.ruleId)).map((a) => `${a.file}:${a.line} ${a.ruleId}`)).toEqual([]);
  });

  for (const id of ruleIds) {
    it(`${id} has fixtures that must and must not match`, () => {
      expect(all.some((a) => a.ruleId === id && a.expect === 'match'), `${id} has no ruleid: fixture`).toBe(true);
      expect(all.some((a) => a.ruleId === id && a.expect === 'no-match'), `${id} has no ok: fixture`).toBe(true);
    });
  }

  for (const fixture of fixtures) {
    it(`every rule reports exactly the annotated lines of ${fixture}`, () => {
      const text = readFileSync(join(DIR, fixture), 'utf8');
      const { findings, warnings } = analyzeWorkflow(`.github/workflows/${fixture}`, text);
      expect(warnings).toEqual([]);
      const actual = findings.map((f) => `${f.ruleId}@${f.location.startLine}`).sort();
      const expected = parseAnnotations(text)
        .filter((a) => a.expect === 'match')
        .map((a) => `${a.ruleId}@${a.line}`)
        .sort();
      expect(actual).toEqual(expected);
      const forbidden = parseAnnotations(text).filter((a) => a.expect === 'no-match').map((a) => `${a.ruleId}@${a.line}`);
      expect(actual.filter((a) => forbidden.includes(a))).toEqual([]);
    });
  }
});
