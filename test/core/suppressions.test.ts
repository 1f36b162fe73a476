import { describe, expect, it } from 'vitest';
import { activeSuppressions, configMatcher, inlineSuppression } from '../../src/core/suppressions.js';
import type { Finding } from '../../src/core/finding.js';

const today = new Date('2026-11-22T12:00:00Z');
const finding = (ruleId: string, path: string): Finding => ({
  id: 'x',
  ruleId,
  category: 'sast',
  severity: 'high',
  title: 't',
  message: 'm',
  cwe: [],
  location: { path, startLine: 3 },
  fingerprint: 'f'.repeat(32),
  remediation: { text: '' },
});

describe('config suppressions', () => {
  it('drop expired ones with a warning and warn 30 days ahead', () => {
    const { active, warnings } = activeSuppressions(
      [
        { rule: 'a.b', reason: 'old', expires: '2026-11-21' },
        { rule: 'c.d', reason: 'soon', expires: '2026-12-10' },
        { rule: 'e.f', reason: 'later', expires: '2027-06-01' },
        { rule: 'g.h', reason: 'forever' },
        { rule: 'i.j', reason: 'today', expires: '2026-11-22' },
      ],
      today,
    );
    expect(active.map((s) => s.rule)).toEqual(['c.d', 'e.f', 'g.h', 'i.j']);
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      ['suppression-expired', 'The suppression of a.b expired on 2026-11-21; its findings count again.'],
      ['suppression-expiring', 'The suppression of c.d expires on 2026-12-10 (in 18 days).'],
      ['suppression-expiring', 'The suppression of i.j expires on 2026-11-22 (in 0 days).'],
    ]);
  });

  it('match rule globs and path globs', () => {
    const match = configMatcher([{ rule: 'python.sqli.*', path: 'legacy/**', reason: 'r' }]);
    expect(match(finding('python.sqli.taint', 'legacy/db/q.py'))?.reason).toBe('r');
    expect(match(finding('python.sqli.taint', 'app/q.py'))).toBeUndefined();
    expect(match(finding('python.xss.taint', 'legacy/q.py'))).toBeUndefined();
  });
});

describe('inline suppressions', () => {
  const lines = [
    'import os',
    '# guardian-ignore: python.cmdi.* argv comes from our own cron table',
    'os.system(cmd)',
    'eval(x)  # guardian-ignore: python.code-injection.eval',
    'query(q)  // guardian-ignore: javascript.sqli.taint constant table name */',
  ];
  it('apply from the line above or the same line, with a reason', () => {
    expect(inlineSuppression(lines, 3, 'python.cmdi.os-system')).toEqual({ reason: 'argv comes from our own cron table' });
    expect(inlineSuppression(lines, 5, 'javascript.sqli.taint')).toEqual({ reason: 'constant table name' });
  });
  it('do not apply without a reason or to other rules', () => {
    expect(inlineSuppression(lines, 4, 'python.code-injection.eval')).toEqual({ missingReason: true });
    expect(inlineSuppression(lines, 3, 'python.sqli.taint')).toBeUndefined();
    expect(inlineSuppression(lines, 1, 'python.cmdi.os-system')).toBeUndefined();
  });
});
