import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CWE_NAMES, cweUrl, owaspForCwes } from '../../src/core/references.js';

const SCANNERS = join(import.meta.dirname, '..', '..', 'src', 'scanners');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ya?ml|ts)$/.test(name) ? [path] : [];
  });

describe('CWE and OWASP references', () => {
  it('names every CWE a rule or catalog cites', () => {
    const cited = new Set(sources(SCANNERS).flatMap((file) => readFileSync(file, 'utf8').match(/CWE-\d+/g) ?? []));
    expect(cited.size).toBeGreaterThan(40);
    expect([...cited].filter((cwe) => !CWE_NAMES[cwe]).sort()).toEqual([]);
  });

  it('maps CWEs to OWASP Top 10:2021 categories', () => {
    expect(owaspForCwes(['CWE-89', 'CWE-306'])).toEqual(['A03:2021-Injection', 'A07:2021-Identification and Authentication Failures']);
    expect(owaspForCwes(['CWE-732', 'CWE-441'])).toEqual(['A01:2021-Broken Access Control']);
    expect(owaspForCwes(['CWE-625'])).toEqual([]);
    expect(cweUrl('CWE-798')).toBe('https://cwe.mitre.org/data/definitions/798.html');
  });
});
