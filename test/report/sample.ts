import type { ScanResult } from '../../src/core/run.js';
import type { Finding } from '../../src/core/finding.js';

const base = {
  confidence: 'high' as const,
  owasp: ['A03:2021-Injection'],
  references: ['https://owasp.org/www-community/attacks/SQL_Injection'],
};

/** A realistic result with every kind of finding a report must render. */
export function sampleResult(): ScanResult {
  const sqli: Finding = {
    ...base,
    id: 'python.sqli.taint:0123456789ab',
    ruleId: 'python.sqli.taint',
    category: 'sast',
    severity: 'high',
    title: 'SQL injection',
    message: 'User input from request.args.get("customer") (line 71) is built into the SQL statement run by conn.execute(query).',
    cwe: ['CWE-89'],
    location: { path: 'app.py', startLine: 74, endLine: 74, startColumn: 12, endColumn: 31, snippet: '    rows = conn.execute(query).fetchall()' },
    fingerprint: '0123456789abcdef0123456789abcdef',
    remediation: { text: 'Pass user input as bound parameters.', example: 'conn.execute("SELECT * FROM orders WHERE customer = ?", (customer,))' },
    dataFlow: [
      { location: { path: 'app.py', startLine: 71, startColumn: 16 }, note: 'source request.args.get("customer")' },
      { location: { path: 'app.py', startLine: 73, startColumn: 5 }, note: 'assigned to query' },
      { location: { path: 'app.py', startLine: 74, startColumn: 12 }, note: 'reaches conn.execute(query)' },
    ],
  };
  const xssPath: Finding = {
    ...sqli,
    id: 'javascript.xss.taint:aaaaaaaaaaaa',
    ruleId: 'javascript.xss.taint',
    severity: 'medium',
    title: 'Cross-site scripting </script><script>alert(1)</script>',
    message: 'Rendered <img src=x onerror=alert(1)> and `backticks` | pipes',
    cwe: ['CWE-79'],
    location: { path: 'web/views/pages with space/ünïcode.js', startLine: 3, snippet: 'el.innerHTML = "</script><script>alert(1)</script>"' },
    fingerprint: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    dataFlow: undefined,
  };
  const secret: Finding = {
    id: 'secrets.aws-secret-access-key:bbbbbbbbbbbb',
    ruleId: 'secrets.aws-secret-access-key',
    category: 'secrets',
    severity: 'critical',
    title: 'AWS secret access key',
    message: 'AWS secret access key q8Vd**** in source code.',
    cwe: ['CWE-798'],
    location: { path: 'config.py', startLine: 8, snippet: 'AWS_SECRET_ACCESS_KEY = "q8Vd****"' },
    fingerprint: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    remediation: { text: 'Revoke the key, then read it from AWS Secrets Manager at runtime.' },
  };
  const vuln: Finding = {
    id: 'PYSEC-2018-66:cccccccccccc',
    ruleId: 'PYSEC-2018-66',
    category: 'sca',
    severity: 'high',
    confidence: 'high',
    title: 'flask 0.12.2: The Pallets Project flask version Before 0.12.3 contains a CWE-20 vulnerability.',
    message: 'flask 0.12.2 (direct) is affected by PYSEC-2018-66 (CVE-2018-1000656). Fixed in 0.12.3.',
    cwe: ['CWE-20'],
    owasp: ['A06:2021-Vulnerable and Outdated Components'],
    location: { path: 'requirements.txt', startLine: 1, snippet: 'Flask==0.12.2' },
    fingerprint: 'cccccccccccccccccccccccccccccccc',
    remediation: { text: 'Upgrade flask to 0.12.3 or later.', fixedVersion: '0.12.3' },
    package: { ecosystem: 'PyPI', name: 'flask', version: '0.12.2', direct: true, manifest: 'requirements.txt' },
    advisory: { id: 'PYSEC-2018-66', aliases: ['CVE-2018-1000656', 'GHSA-562c-5r94-xh97'], url: 'https://github.com/advisories/GHSA-562c-5r94-xh97', summary: 'Flask DoS', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
  };
  const suppressedInline: Finding = { ...sqli, id: 'python.sqli.taint:dddddddddddd', fingerprint: 'd'.repeat(32), location: { path: 'admin.py', startLine: 9 }, suppression: { kind: 'inline', reason: 'constant table name' } };
  const suppressedBaseline: Finding = { ...secret, id: 'secrets.aws-secret-access-key:eeeeeeeeeeee', fingerprint: 'e'.repeat(32), location: { path: 'old.py', startLine: 2 }, suppression: { kind: 'baseline', reason: 'Present in the baseline.' } };
  return {
    tool: { name: 'guardian', version: '0.1.0' },
    target: '/work/repos/fry factory',
    startedAt: '2026-11-22T10:00:00.000Z',
    durationMs: 1234,
    failOn: 'high',
    findings: [secret, sqli, vuln, xssPath],
    suppressed: [suppressedInline, suppressedBaseline],
    warnings: [
      { source: 'workspace', code: 'invalid-utf8', path: 'legacy/latin1.py', message: 'File is not valid UTF-8.' },
      { source: 'sca', code: 'lockfile-problem', path: 'requirements-dev.txt', line: 4, message: '2 requirements are not pinned.' },
    ],
    stats: {
      files: 12,
      skipped: { binary: 2 },
      bySeverity: { critical: 1, high: 2, medium: 1, low: 0, info: 0 },
      byCategory: { sast: 2, secrets: 1, sca: 1 },
      suppressed: 2,
      scanners: { sast: { durationMs: 300, findings: 3 }, secrets: { durationMs: 50, findings: 2 }, sca: { durationMs: 20, findings: 1 } },
    },
    rules: [
      { id: 'python.sqli.taint', title: 'SQL injection', description: 'User input reaches SQL.', severity: 'high', category: 'sast', cwe: ['CWE-89'], owasp: ['A03:2021-Injection'], remediation: 'Bind parameters.\n\nExample:\ncur.execute("… ?", (x,))', references: ['https://owasp.org/www-community/attacks/SQL_Injection'], precision: 'high' },
      { id: 'PYSEC-2018-66', title: 'Flask DoS', description: 'Flask before 0.12.3 …', severity: 'high', category: 'sca', cwe: ['CWE-20'], references: ['https://github.com/advisories/GHSA-562c-5r94-xh97'], precision: 'very-high', score: 7.5 },
    ],
    components: [
      { ecosystem: 'PyPI', name: 'flask', version: '0.12.2', purl: 'pkg:pypi/flask@0.12.2', direct: true, manifest: 'requirements.txt', dependsOn: ['pkg:pypi/jinja2@2.10'] },
      { ecosystem: 'PyPI', name: 'jinja2', version: '2.10', purl: 'pkg:pypi/jinja2@2.10', direct: false, manifest: 'requirements.txt' },
      { ecosystem: 'npm', name: '@babel/core', version: '7.24.0', purl: 'pkg:npm/%40babel/core@7.24.0', direct: true, dev: true, manifest: 'web/package-lock.json', license: 'MIT' },
    ],
  };
}
