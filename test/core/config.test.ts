import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';

function errorOf(text: string): string {
  try {
    parseConfig(text, 'guardian.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseConfig', () => {
  it('accepts a full configuration', () => {
    const config = parseConfig(
      [
        'scanners: { sast: true, secrets: false }',
        'exclude: ["tests/**"]',
        'fail-on: medium',
        'sast:',
        '  disable: [python.debug.*]',
        'suppressions:',
        '  - rule: python.sqli.taint',
        '    path: "legacy/**"',
        '    reason: Read-only replica, tracked in SEC-12',
        '    expires: 2027-01-31',
      ].join('\n'),
      'guardian.yml',
    );
    expect(config['fail-on']).toBe('medium');
    expect(config.scanners).toEqual({ sast: true, secrets: false });
    expect(config.suppressions?.[0]).toEqual({ rule: 'python.sqli.taint', path: 'legacy/**', reason: 'Read-only replica, tracked in SEC-12', expires: '2027-01-31' });
  });

  it('treats an empty file as the default configuration', () => {
    expect(parseConfig('', 'guardian.yml')).toEqual({});
    expect(parseConfig('# only a comment\n', 'guardian.yml')).toEqual({});
  });

  it('names the file, line and key of an unknown key', () => {
    expect(errorOf('exclude: []\nfail_on: high\n')).toMatch(/guardian\.yml:2: 'fail_on'/);
  });

  it('names the line of a bad value', () => {
    expect(errorOf('scanners:\n  sast: true\nfail-on: severe\n')).toMatch(/guardian\.yml:3: 'fail-on': .*critical/);
  });

  it('requires a reason on suppressions', () => {
    const message = errorOf('suppressions:\n  - rule: x.y\n    reason: ""\n');
    expect(message).toMatch(/guardian\.yml:3: 'suppressions\.0\.reason': a suppression needs a reason/);
    expect(errorOf('suppressions:\n  - rule: x.y\n')).toMatch(/guardian\.yml:2: 'suppressions\.0\.reason'/);
  });

  it('rejects dates that are not YYYY-MM-DD', () => {
    expect(errorOf('suppressions:\n  - rule: x.y\n    reason: ok\n    expires: next week\n')).toMatch(/:4: 'suppressions\.0\.expires': must be a date/);
  });

  it('reports malformed YAML with its position', () => {
    expect(errorOf('exclude: [a, b\nfail-on: high\n')).toMatch(/^guardian\.yml:\d+:\d+: invalid YAML/);
  });
});

describe('published JSON Schema', () => {
  it('schema/guardian.schema.json is generated from the zod schema (run scripts/write-config-schema.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const { configJsonSchema } = await import('../../src/core/config-schema.js');
    const published = JSON.parse(readFileSync(new URL('../../schema/guardian.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(configJsonSchema());
    expect(Object.keys(published.properties)).toEqual(['scanners', 'exclude', 'fail-on', 'max-file-size', 'severity-overrides', 'sast', 'sca', 'suppressions', 'baseline', 'standards']);
  });
});
