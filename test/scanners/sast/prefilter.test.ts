import { describe, expect, it } from 'vitest';
import { mayMatch, requirementOf } from '../../../src/scanners/sast/prefilter.js';

describe('requirementOf', () => {
  it('takes the literal identifiers of a pattern', () => {
    expect(requirementOf({ pattern: '$CUR.execute($Q, $$$)' })).toEqual([['execute']]);
    expect(requirementOf({ pattern: 'yaml.load($X)' })).toEqual([['yaml', 'load']]);
    expect(requirementOf({ pattern: '$F($X)' })).toBeUndefined();
  });

  it('treats any as alternatives and relations and constraints as further conditions', () => {
    expect(requirementOf({ any: [{ pattern: 'eval($X)' }, { pattern: 'exec($X)' }] })).toEqual([['eval'], ['exec']]);
    expect(requirementOf({ any: [{ pattern: 'eval($X)' }, { kind: 'call' }] })).toBeUndefined();
    expect(requirementOf({ pattern: '$F($CMD)', inside: { stopBy: 'end', has: { pattern: "require('child_process')" } } })).toEqual([['require', 'child_process']]);
    expect(requirementOf({ pattern: '$REQ.query', constraints: { REQ: { regex: '^(req|request|ctx\\.request)$' } } })).toEqual([
      ['query', 'req'],
      ['query', 'request'],
      ['query', 'ctx.request'],
    ]);
  });

  it('gives up on regexes that are not a plain alternation', () => {
    expect(requirementOf({ kind: 'decorator', regex: '^@\\w+(\\.\\w+)*\\.(route|get|post|put|patch|delete|api_route|websocket)\\(' })).toBeUndefined();
    expect(requirementOf({ regex: '(?i)(db|conn)$' })).toBeUndefined();
    expect(requirementOf({ regex: 'md5' })).toEqual([['md5']]);
  });
});

describe('mayMatch', () => {
  it('needs every word of one alternative', () => {
    expect(mayMatch('import yaml\nyaml.load(x)', [['yaml', 'load']])).toBe(true);
    expect(mayMatch('import yaml\nyaml.safe_load(x)', [['yaml', 'loads']])).toBe(false);
    expect(mayMatch('anything', undefined)).toBe(true);
  });
});

describe('requirement details', () => {
  it('keeps literal $-names that are not metavariables', () => {
    expect(requirementOf({ pattern: '$Q.$where($JS)' })).toEqual([['$where']]);
  });
  it('reads a leading alternation of a longer regex', () => {
    expect(requirementOf({ kind: 'call_expression', has: { field: 'function', regex: '^(fetch|axios)\\b' } })).toEqual([['fetch'], ['axios']]);
    expect(requirementOf({ regex: '^(md5|sha1)?x' })).toBeUndefined();
    expect(requirementOf({ regex: '^(md5|sha1)x|other' })).toBeUndefined();
    expect(requirementOf({ regex: '^(md5|sha1)(x|y)[|]' })).toEqual([['md5'], ['sha1']]);
  });
});

describe('asciiRegex', () => {
  it('uses ASCII classes and ASCII case folding where it is safe', async () => {
    const { asciiRegex } = await import('../../../src/scanners/sast/matcher.js');
    expect(asciiRegex('^\\w+\\.(get|post)\\b')).toBe('^[0-9A-Za-z_]+\\.(get|post)(?-u:\\b)');
    expect(asciiRegex('[\\w.]+\\s*=')).toBe('[0-9A-Za-z_.]+[\\t\\n\\x0B\\f\\r ]*=');
    expect(asciiRegex('(?i)(password|pwd)')).toBe('(?i-u)(password|pwd)');
    expect(asciiRegex('(?i)^pass.*')).toBe('(?i)^pass.*');
    expect(asciiRegex('\\\\w')).toBe('\\\\w');
    expect(asciiRegex('[^\\w]')).toBe('[^0-9A-Za-z_]');
  });
});
