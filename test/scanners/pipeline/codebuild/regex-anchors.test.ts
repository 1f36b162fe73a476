import { describe, expect, it } from 'vitest';
import { analyzePattern, PatternSyntaxError } from '../../../../src/scanners/pipeline/codebuild/regex-anchors.js';

describe('analyzePattern', () => {
  it.each([
    ['^12345$'],
    ['^(12345|67890)$'],
    ['^(?:12345|67890)$'],
    ['^12345$|^67890$'],
    ['(^12345$)'],
    ['\\A12345\\z'],
    ['(?i)^12345$'],
    ['^refs/heads/main$'],
    ['^(refs/heads/main|refs/heads/release)$'],
  ])('%s is anchored', (pattern) => {
    expect(analyzePattern(pattern)).toMatchObject({ anchored: true, unanchored: [] });
  });

  it.each([
    ['12345', ['12345']],
    ['^12345', ['^12345']],
    ['12345$', ['12345$']],
    ['^123|456$', ['^123', '456$']],
    ['1234567|7654321', ['1234567', '7654321']],
    ['^12345$|67890', ['67890']],
    ['^(123|456$)', ['^(123|456$)']],
    ['^(123|456)$?', ['^(123|456)$?']],
    ['^*12345$', ['^*12345$']],
    ['refs/heads/main', ['refs/heads/main']],
    ['', ['']],
  ])('%s is not anchored (open alternatives %j)', (pattern, open) => {
    expect(analyzePattern(pattern)).toMatchObject({ anchored: false, unanchored: open });
  });

  it('treats escaped and bracketed | ^ $ as literals', () => {
    expect(analyzePattern('^a\\|b$')).toMatchObject({ anchored: true, literal: true });
    expect(analyzePattern('^[|^$]$')).toMatchObject({ anchored: true, literal: false });
    expect(analyzePattern('^a\\$')).toMatchObject({ anchored: false });
  });

  it('tells literal lists from wildcards and quantifiers', () => {
    expect(analyzePattern('^(12345|67890)$').literal).toBe(true);
    expect(analyzePattern('^12345.*$')).toMatchObject({ anchored: true, literal: false, broad: ['^12345.*$'] });
    expect(analyzePattern('^\\d+$')).toMatchObject({ anchored: true, literal: false });
    expect(analyzePattern('^1234[0-9]$').literal).toBe(false);
    expect(analyzePattern('^12345$|^6789\\d$').broad).toEqual(['^6789\\d$']);
    expect(analyzePattern('^a{2}$').literal).toBe(false);
    expect(analyzePattern('^(123|456)?$')).toMatchObject({ anchored: true, literal: false });
    expect(analyzePattern('^a{$').literal).toBe(true); // a literal brace, not a quantifier
  });

  it.each(['^(12345$', '^12345)$', '^[123$', '^123\\', '^(?P=x)$'])('rejects %s', (pattern) => {
    expect(() => analyzePattern(pattern)).toThrow(PatternSyntaxError);
  });
});
