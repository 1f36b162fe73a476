import { describe, expect, it } from 'vitest';
import { analyzeSource, compileRules } from '../../../src/scanners/sast/analyze.js';
import { bundledRules } from '../../../src/scanners/sast/scanner.js';

const compiled = compileRules(bundledRules());
const APP = [
  'import sqlite3',
  'from flask import request',
  '',
  'def run(sql):',
  '    return sqlite3.connect("db").execute(sql)',
  '',
  'def search():',
  '    term = request.args.get("q")',
  '    query = f"SELECT * FROM t WHERE name = \'{term}\'"',
  '    return run(query)',
  '',
].join('\n');

describe('analyzeSource', () => {
  it('follows data through a same-file wrapper and records the trace', () => {
    const { findings, failures } = analyzeSource('app/db.py', APP, 'python', compiled);
    expect(failures).toEqual([]);
    const sqli = findings.filter((f) => f.ruleId === 'python.sqli.taint');
    expect(sqli.map((f) => f.location.startLine)).toEqual([10]);
    expect(sqli[0]!.severity).toBe('high');
    expect(sqli[0]!.dataFlow!.map((s) => [s.location.startLine, s.note])).toEqual([
      [8, 'source request.args.get("q")'],
      [8, 'assigned to term'],
      [9, 'assigned to query'],
      [10, 'passed to run()'],
      [5, 'reaches sqlite3.connect("db").execute(sql)'],
    ]);
    // The pattern rule for string-built SQL is superseded where the taint rule reports.
    expect(findings.filter((f) => f.ruleId === 'python.sqli.string-built-query' && f.location.startLine === 10)).toEqual([]);
  });

  it('reports test code as low', () => {
    const { findings } = analyzeSource('tests/test_db.py', APP, 'python', compiled);
    const sqli = findings.find((f) => f.ruleId === 'python.sqli.taint')!;
    expect(sqli.severity).toBe('low');
    expect(sqli.confidence).toBe('low');
    expect(sqli.message).toMatch(/\(In test code, so reported as low instead of high\.\)$/);
  });

  it('skips rules whose words the file lacks, and never throws on broken code', () => {
    expect(analyzeSource('a.py', 'print("hello")\n', 'python', compiled)).toEqual({ findings: [], failures: [] });
    const broken = analyzeSource('b.py', 'def (:\n  eval(request.args["x"]\n', 'python', compiled);
    expect(broken.failures).toEqual([]);
  });
});
