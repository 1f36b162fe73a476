import { describe, expect, it } from 'vitest';
import { ownKeywords } from '../../../src/scanners/secrets/detect.js';
import { KeywordMatcher, KeywordText, keywordKey } from '../../../src/scanners/secrets/keywords.js';
import { secretlintKeywords } from '../../../src/scanners/secrets/secretlint-rules.js';
import { fakeChars } from './fakes.js';

const ALL = [...ownKeywords(), ...secretlintKeywords()];

/** Reference answer: one `includes` per keyword. */
function naive(text: string): Set<string> {
  const lower = text.toLowerCase();
  return new Set(ALL.filter((k) => (k.ignoreCase ? lower : text).includes(k.text)).map((k) => keywordKey(k.text, k.ignoreCase)));
}

describe('KeywordMatcher', () => {
  const matcher = new KeywordMatcher(ALL);

  it('finds exactly what per-keyword includes() finds, on random and keyword-dense texts', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:/ \n~"\'=';
    const fragments = ALL.map((k) => k.text);
    for (let seed = 1; seed <= 200; seed++) {
      let text = fakeChars(seed, 400, alphabet);
      // Splice in a few keywords, some in upper case, to exercise case folding.
      for (let i = 0; i < seed % 5; i++) {
        const k = fragments[(seed * 7 + i * 13) % fragments.length]!;
        const at = (seed * 31 + i * 17) % text.length;
        text = text.slice(0, at) + (i % 2 ? k.toUpperCase() : k) + text.slice(at);
      }
      expect(matcher.find(text)).toEqual(naive(text));
    }
  });

  it('folds ASCII case only for case-insensitive keywords', () => {
    const m = new KeywordMatcher([
      { text: 'AKIA', ignoreCase: false },
      { text: 'secret', ignoreCase: true },
    ]);
    expect([...m.find('akia SeCrEt')]).toEqual(['i:secret']);
    expect([...m.find('AKIA')]).toEqual(['s:AKIA']);
  });

  it('handles keywords at the very start and end, and non-ASCII text', () => {
    const m = new KeywordMatcher([{ text: 'ghp_', ignoreCase: false }]);
    expect(m.find('ghp_')).toEqual(new Set(['s:ghp_']));
    expect(m.find('é🔑 ghp_')).toEqual(new Set(['s:ghp_']));
    expect(m.find('gh')).toEqual(new Set());
    expect(m.find('')).toEqual(new Set());
  });

  it('rejects keywords it cannot match correctly', () => {
    expect(() => new KeywordMatcher([{ text: 'x', ignoreCase: false }])).toThrow(/2\+/);
    expect(() => new KeywordMatcher([{ text: 'Secret', ignoreCase: true }])).toThrow(/lower-case/);
    expect(() => new KeywordMatcher([{ text: 'clé', ignoreCase: false }])).toThrow(/ASCII/);
  });
});

describe('KeywordText', () => {
  it('answers from the matcher for known keywords and falls back to includes() otherwise', () => {
    const text = new KeywordText('const Token = 1; AKIA', new KeywordMatcher([{ text: 'AKIA', ignoreCase: false }]));
    expect(text.hasAny(['AKIA'])).toBe(true);
    expect(text.hasAny(['token'], true)).toBe(true);
    expect(text.hasAny(['token'])).toBe(false);
    expect(new KeywordText('abc').hasAny(['b'])).toBe(true);
  });
});
