import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toJunit } from '../../src/report/junit.js';
import { sampleResult } from './sample.js';

type Case = { '@_classname': string; '@_name': string; failure?: { '#text': string; '@_message': string; '@_type': string }; skipped?: { '@_message': string } };
type Suite = { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; '@_time': string; testcase: Case[] };
const parse = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as { testsuites: { '@_tests': string; '@_failures': string; '@_skipped': string; testsuite: Suite[] } };

describe('JUnit XML', () => {
  it('is well-formed, with one suite per category and counts that add up', () => {
    const result = sampleResult();
    const xml = toJunit(result);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parse(xml).testsuites;
    expect(doc.testsuite.map((s) => s['@_name'])).toEqual([...new Set([...result.findings, ...result.suppressed].map((f) => `guardian.${f.category}`).concat(result.rules.map((r) => `guardian.${r.category}`)))].sort());
    for (const suite of doc.testsuite) {
      expect(Number(suite['@_tests'])).toBe(suite.testcase.length);
      expect(Number(suite['@_failures'])).toBe(suite.testcase.filter((c) => c.failure).length);
      expect(Number(suite['@_skipped'])).toBe(suite.testcase.filter((c) => c.skipped).length);
      expect(suite['@_errors']).toBe('0');
    }
    expect(Number(doc['@_failures'])).toBe(result.findings.length);
    expect(Number(doc['@_skipped'])).toBe(result.suppressed.length);
  });

  it('carries severity, rule, CWE, location and fix of each finding, escaped', () => {
    const result = sampleResult();
    const cases = parse(toJunit(result)).testsuites.testsuite.flatMap((s) => s.testcase);
    const sqli = result.findings.find((f) => f.location.path === 'app.py')!;
    const failure = cases.find((c) => c['@_classname'] === sqli.ruleId && c['@_name'] === 'app.py:74')!.failure!;
    expect(failure['@_message']).toBe(`${sqli.title} (${sqli.severity})`);
    expect(failure['#text']).toContain(`${sqli.severity.toUpperCase()} ${sqli.ruleId} (${sqli.cwe.join(', ')}) at app.py:74`);
    expect(failure['#text']).toContain(`Fix: ${sqli.remediation.text}`);
    // Markup in messages and snippets stays text.
    const xss = cases.find((c) => c['@_name'] === 'web/views/pages with space/ünïcode.js:3')!;
    expect(xss.failure!['#text']).toContain('el.innerHTML = "</script><script>alert(1)</script>"');
    expect(toJunit(result)).not.toContain('<script>');
  });

  it('drops characters XML 1.0 forbids and masks secrets as every report does', () => {
    const result = sampleResult();
    result.findings[0]!.message = 'bell \u0007 and null \u0000 in a message & "quotes"';
    const xml = toJunit(result);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('bell  and null  in a message &amp; &quot;quotes&quot;');
    expect(xml).toContain('q8Vd****');
  });

  it('a clean scan is a list of passing rules, not an empty report', () => {
    const result = sampleResult();
    result.findings = [];
    result.suppressed = [];
    const doc = parse(toJunit(result)).testsuites;
    expect(Number(doc['@_tests'])).toBe(result.rules.length);
    expect(doc['@_failures']).toBe('0');
  });
});
