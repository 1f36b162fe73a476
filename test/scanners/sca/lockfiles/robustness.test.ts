import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockfileParserFor } from '../../../../src/scanners/sca/lockfiles/index.js';
import { FIXTURES, fixtureText, parseText } from './helpers.js';

function lockfiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return lockfiles(path);
    return lockfileParserFor(name) ? [relative(FIXTURES, path).split('\\').join('/')] : [];
  });
}

const ALL = lockfiles(FIXTURES);

describe('every parser on damaged fixtures', () => {
  it('finds the fixtures', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(18);
  });

  it.each(ALL)('%s: truncations and garbage never throw and always return well-formed results', (path) => {
    const parse = lockfileParserFor(path)!;
    const text = fixtureText(path);
    const variants = [
      '',
      '\uFEFF',
      '\u0000\u0001\u0002',
      '{"a": [1, 2',
      '[[[[',
      'key: [unclosed',
      '"unterminated',
      text.replace(/[:={]/g, ''),
      text.split('').reverse().join(''),
      ...[0.1, 0.33, 0.5, 0.9, 0.999].map((f) => text.slice(0, Math.floor(text.length * f))),
    ];
    for (const variant of variants) {
      const result = parseText(parse, path.split('/').pop()!, variant);
      expect(Array.isArray(result.components)).toBe(true);
      for (const problem of result.problems) {
        expect(typeof problem.message).toBe('string');
        expect(problem.message.length).toBeGreaterThan(0);
        if (problem.line !== undefined) expect(problem.line).toBeGreaterThanOrEqual(1);
      }
      for (const c of result.components) expect(c.purl).toMatch(/^pkg:(npm|pypi)\/.+@.+$/);
    }
  });
});
