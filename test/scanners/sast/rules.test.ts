import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageFromPath } from '../../../src/core/languages.js';
import { analyzeSource, compileRules } from '../../../src/scanners/sast/analyze.js';
import { RULES_DIR, bundledRules } from '../../../src/scanners/sast/scanner.js';
import { RULE_LANGUAGES } from '../../../src/scanners/sast/rule.js';
import { parseAnnotations } from './fixtures.js';
import { Lang, parse } from '@ast-grep/napi';
import { compileMatcher, configOf } from '../../../src/scanners/sast/matcher.js';

const rules = bundledRules();
const compiled = compileRules(rules);

describe('bundled SAST rules', () => {
  it('load and have unique ids', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('every matcher is a valid ast-grep rule in each language it applies to', () => {
    const roots = {
      python: [parse('python', 'x = 1\n').root()],
      javascript: [Lang.JavaScript, Lang.TypeScript, Lang.Tsx].map((lang) => parse(lang, 'let x = 1;\n').root()),
    };
    const problems: string[] = [];
    for (const rule of rules) {
      const specs = rule.mode === 'taint' ? [...rule.sources, ...rule.sinks, ...rule.sanitizers] : rule.match;
      for (const spec of specs) {
        for (const root of roots[rule.language]) {
          try {
            root.findAll(configOf(compileMatcher(spec)));
          } catch (error) {
            problems.push(`${rule.id}: ${JSON.stringify(spec)}: ${(error as Error).message.split('\n').join(' ')}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  for (const language of RULE_LANGUAGES) {
    const dir = join(RULES_DIR, language);
    const entries = readdirSync(dir);
    for (const ruleFile of entries.filter((f) => f.endsWith('.yml'))) {
      const stem = ruleFile.replace(/\.yml$/, '');
      const ruleIds = rules.filter((r) => r.file === `${language}/${ruleFile}`).map((r) => r.id);
      if (!ruleIds.length) continue;
      const fixtures = entries.filter((f) => f !== ruleFile && f.replace(/\.[^.]+$/, '') === stem && languageFromPath(f));

      describe(`${language}/${ruleFile}`, () => {
        it('has at least one fixture file', () => {
          expect(fixtures, `add ${stem}.${language === 'python' ? 'py' : 'js'} beside ${ruleFile}`).not.toEqual([]);
        });

        it('every rule has fixtures that must and must not match', () => {
          const annotated = fixtures.flatMap((f) => parseAnnotations(readFileSync(join(dir, f), 'utf8')));
          for (const id of ruleIds) {
            expect(annotated.some((a) => a.ruleId === id && a.expect === 'match'), `${id} has no ruleid: fixture`).toBe(true);
            expect(annotated.some((a) => a.ruleId === id && a.expect === 'no-match'), `${id} has no ok: fixture`).toBe(true);
          }
        });

        for (const fixture of fixtures) {
          it(`matches exactly the annotated lines of ${basename(fixture)}`, () => {
            const text = readFileSync(join(dir, fixture), 'utf8');
            const expectations = parseAnnotations(text);
            const { findings, failures } = analyzeSource(`${language}/${fixture}`, text, languageFromPath(fixture)!, compiled);
            expect(failures).toEqual([]);
            const actual = findings
              .filter((f) => ruleIds.includes(f.ruleId))
              .map((f) => `${f.ruleId}@${f.location.startLine}`)
              .sort();
            const expected = expectations
              .filter((e) => e.expect === 'match' && ruleIds.includes(e.ruleId))
              .map((e) => `${e.ruleId}@${e.line}`)
              .sort();
            expect([...new Set(actual)]).toEqual([...new Set(expected)]);
          });
        }
      });
    }
  }
});
