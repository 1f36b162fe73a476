import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import { sampleResult } from './sample.js';
import { sarifSchemaErrors } from './sarif-schema.js';

describe('SARIF report', () => {
  const log = toSarif(sampleResult(), { baselineUsed: true });
  const run = log.runs[0]!;

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: {} }] })).not.toEqual([]);
  });

  it('describes every rule a result uses, with GitHub security-severity and help', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    for (const result of run.results) expect(ids[result.ruleIndex]).toBe(result.ruleId);
    const sqli = run.tool.driver.rules.find((r) => r.id === 'python.sqli.taint')!;
    expect(sqli.properties['security-severity']).toBe('8.0');
    expect(sqli.properties.tags).toEqual(['security', 'sast', 'external/cwe/cwe-89', 'external/owasp/a03:2021']);
    expect(sqli.help.markdown).toContain('```\ncur.execute("… ?", (x,))\n```');
    expect(run.tool.driver.rules.find((r) => r.id === 'PYSEC-2018-66')!.properties['security-severity']).toBe('7.5');
    // A rule known only from its finding still gets a descriptor.
    expect(run.tool.driver.rules.find((r) => r.id === 'secrets.aws-secret-access-key')!.properties['security-severity']).toBe('9.5');
  });

  it('writes locations, fingerprints, code flows, suppressions and baseline state', () => {
    const bySqli = run.results.filter((r) => r.ruleId === 'python.sqli.taint');
    const active = bySqli.find((r) => !r.suppressions)!;
    expect(active.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'app.py', uriBaseId: 'SRCROOT' },
      region: { startLine: 74, startColumn: 12, endLine: 74, endColumn: 31, snippet: { text: '    rows = conn.execute(query).fetchall()' } },
    });
    expect(active.partialFingerprints).toEqual({ 'guardian/v1': '0123456789abcdef0123456789abcdef' });
    expect((active.codeFlows as { threadFlows: { locations: unknown[] }[] }[])[0]!.threadFlows[0]!.locations).toHaveLength(3);
    expect(active.baselineState).toBe('new');
    expect(bySqli.find((r) => r.suppressions)!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'constant table name' }]);
    const baseline = run.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'old.py')!;
    expect(baseline.suppressions).toBeUndefined();
    expect(baseline.baselineState).toBe('unchanged');
    const xss = run.results.find((r) => r.ruleId === 'javascript.xss.taint')!;
    expect(xss.locations[0]!.physicalLocation.artifactLocation.uri).toBe('web/views/pages%20with%20space/%C3%BCn%C3%AFcode.js');
    expect(xss.level).toBe('warning');
    expect(run.originalUriBaseIds.SRCROOT!.uri).toBe('file:///work/repos/fry%20factory/');
  });

  it('reports warnings as tool execution notifications', () => {
    const invocation = run.invocations[0] as { executionSuccessful: boolean; toolExecutionNotifications: { descriptor: { id: string } }[] };
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications.map((n) => n.descriptor.id)).toEqual(['invalid-utf8', 'lockfile-problem']);
  });
});
