import { describe, expect, it } from 'vitest';
import { type FindingDraft, finalizeFindings } from '../../src/core/fingerprint.js';

function draft(path: string, line: number, key: string, ruleId = 'python.sqli.taint'): FindingDraft {
  return {
    ruleId,
    category: 'sast',
    severity: 'high',
    title: 'SQL injection',
    message: 'm',
    cwe: ['CWE-89'],
    location: { path, startLine: line },
    remediation: { text: 'fix' },
    fingerprintKey: key,
  };
}

describe('finalizeFindings', () => {
  it('keeps the fingerprint when lines are inserted above the finding', () => {
    const [before] = finalizeFindings([draft('app.py', 10, 'conn.execute(query)\u0000my_orders')]);
    const [after] = finalizeFindings([draft('app.py', 42, 'conn.execute(query)\u0000my_orders')]);
    expect(after!.fingerprint).toBe(before!.fingerprint);
    expect(before!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(before!.id).toBe(`python.sqli.taint:${before!.fingerprint.slice(0, 12)}`);
  });

  it('ignores re-indentation of the matched code', () => {
    const [a] = finalizeFindings([draft('app.py', 3, 'conn.execute(\n    query)')]);
    const [b] = finalizeFindings([draft('app.py', 3, 'conn.execute( query)')]);
    expect(a!.fingerprint).toBe(b!.fingerprint);
  });

  it('separates identical matches in one file by their order', () => {
    const findings = finalizeFindings([draft('a.py', 20, 'eval(x)'), draft('a.py', 5, 'eval(x)')]);
    expect(findings.map((f) => f.location.startLine)).toEqual([5, 20]);
    expect(findings[0]!.fingerprint).not.toBe(findings[1]!.fingerprint);
    // The first occurrence keeps its fingerprint when a second identical one is added below.
    const [alone] = finalizeFindings([draft('a.py', 5, 'eval(x)')]);
    expect(alone!.fingerprint).toBe(findings[0]!.fingerprint);
  });

  it('differs by rule and by path', () => {
    const [a, b, c] = finalizeFindings([draft('a.py', 1, 'k'), draft('b.py', 1, 'k'), draft('a.py', 2, 'k', 'other.rule')]);
    expect(new Set([a!.fingerprint, b!.fingerprint, c!.fingerprint]).size).toBe(3);
  });
});
