import { describe, expect, it } from 'vitest';
import type { InvestigationResult } from '../../../src/investigate/model.js';
import { MARKDOWN_TIMELINE_ROWS, renderMarkdown } from '../../../src/investigate/report/markdown.js';
import { leakedKeyResult, withLongTimeline } from './fixture.js';

const md = renderMarkdown(leakedKeyResult());
const section = (text: string, title: string) => text.split(/^## /m).find((s) => s.startsWith(title)) ?? '';
/** Cells of a table row: split on pipes that are not backslash-escaped. */
const cells = (row: string) => row.trim().slice(1, -1).split(/(?<!\\)\|/);

describe('renderMarkdown on the leaked-key investigation', () => {
  it('has the sections a responder pastes into a ticket, in order', () => {
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Case', 'Summary', 'Critical findings', 'Detections', 'Timeline', 'Affected resources', 'Indicators', 'Containment plan', 'Cost impact', 'Limiting factors', 'Other detections (outside the scope)', 'Warnings', 'Statistics']);
    expect(md.startsWith('# Investigation: Leaked access key of svc-reporting\n')).toBe(true);
  });

  it('lists missing facts as open questions', () => {
    expect(section(md, 'Case')).toContain('### Open questions\n\n- **Have you already rotated or deactivated the credentials?**');
  });

  it('links ATT&CK techniques and tactics to their MITRE pages', () => {
    const detections = section(md, 'Detections');
    expect(detections).toContain('[T1098.001 Account Manipulation: Additional Cloud Credentials](https://attack.mitre.org/techniques/T1098/001/)');
    expect(detections).toContain('[T1496 Resource Hijacking](https://attack.mitre.org/techniques/T1496/)');
    expect(detections).toContain('[Defense Evasion (TA0005)](https://attack.mitre.org/tactics/TA0005/)');
    // Most severe first.
    const rows = detections.split('\n').filter((l) => l.startsWith('| 🔴') || l.startsWith('| 🟠') || l.startsWith('| 🟡') || l.startsWith('| 🔵'));
    expect(rows).toHaveLength(9);
    expect(rows[0]).toContain('critical');
    expect(rows.at(-1)).toContain('GetCallerIdentity with a long-term access key');
  });

  it('collapses the recon burst of DescribeInstances into one row with its range and regions', () => {
    const timeline = section(md, 'Timeline');
    const row = timeline.split('\n').find((l) => l.includes('7× ec2:DescribeInstances'))!;
    expect(cells(row).map((c) => c.trim())).toEqual([
      '2024-06-04 03:13:40 – 03:13:50',
      'user/svc-reporting',
      '`AKIA4MXQ7ZLV2REPORTS`',
      '203.0.113.66',
      'us-east-1, us-east-2 +5',
      '7× ec2:DescribeInstances',
      'OK',
      '`aws.discovery.recon-burst`',
    ]);
    // 47 events, 6 of them merged away; the write calls and failures keep their own rows.
    expect(timeline).toContain('47 events in 41 rows');
    expect(timeline).toMatch(/\| 2024-06-04 03:42:06 \| user\/svc-backup-sync \| `AKIA4MXQ7ZLVBKDR9SYN` \| 203\.0\.113\.141 \| us-east-1 \| cloudtrail:StopLogging \| ❌ AccessDenied \| `aws\.defense-evasion\.cloudtrail-stopped` \|/);
    expect(timeline).toContain('| ❌ Client.VcpuLimitExceeded |');
    expect(timeline).toContain('| account 777788889999 |');
  });

  it('gives every table row the same number of cells, whatever the evidence contains', () => {
    for (const table of md.split(/\n\n/).filter((b) => b.startsWith('|'))) {
      const rows = table.trim().split('\n');
      const width = cells(rows[0]!).length;
      for (const row of rows) expect(cells(row)).toHaveLength(width);
    }
  });

  it('escapes the hostile user agent: no HTML, no broken table', () => {
    expect(md).not.toMatch(/<script|<img/i);
    const agents = section(md, 'Indicators').split('### User agents')[1]!;
    expect(agents).toContain("| Mozilla/5.0 \\| &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert('ua')&lt;/script&gt; | 1 |");
  });

  it('writes the containment plan as numbered steps with bash blocks and verify lines', () => {
    const plan = section(md, 'Containment plan');
    expect(plan.match(/^ {3}```bash$/gm)).toHaveLength(14);
    expect(plan).toContain('1. **deactivate-access-key** `AKIA4MXQ7ZLV2REPORTS`: Deactivate access key');
    expect(plan).toContain('   ```bash\n   aws iam update-access-key --user-name svc-reporting --access-key-id AKIA4MXQ7ZLV2REPORTS --status Inactive\n   ```');
    expect(plan).toContain('   aws ec2 terminate-instances --region ap-southeast-1 --instance-ids i-0a3f9c2e71b84d5a6 i-0b7e14d29c6a0f318');
    expect(plan).toContain('14. **rotate-access-key**');
    // Verify texts keep their inline commands as code.
    expect(plan).toContain('**Verify:** `aws iam get-user --user-name svc-backup-sync` fails with NoSuchEntity.');
  });

  it('shows cost, limiting factors, warnings and counts', () => {
    expect(section(md, 'Cost impact')).toContain('From 2024-06-04 to 2024-06-04: USD 486.52 in total (daily baseline before the window: USD 212.40). Of this, USD 238.40 is billed to 6 resources the attacker created.');
    expect(section(md, 'Cost impact')).toContain('| Amazon Elastic Compute Cloud - Compute | ap-southeast-1 | USD 238.40 | USD 0.00 |');
    expect(section(md, 'Limiting factors')).toContain('- The evidence has no S3 data events (GetObject, PutObject)');
    expect(section(md, 'Statistics')).toContain('| Malformed records | 1 |');
    expect(section(md, 'Statistics')).toContain('| Events in scope | 47 |');
  });

  it('cannot be broken out of a code span or fence by backticks in the evidence', () => {
    const r = leakedKeyResult();
    r.containment[0]!.command = 'echo ```\n# not a heading';
    r.timeline[40]!.accessKeyId = 'AKIA`tick';
    const text = renderMarkdown(r);
    expect(text).toContain('   ````bash\n   echo ```\n   # not a heading\n   ````');
    expect(text).toContain('``AKIA`tick``');
  });
});

describe('renderMarkdown limits and odd input', () => {
  it(`stops the timeline table at ${MARKDOWN_TIMELINE_ROWS} rows and says where the rest is`, () => {
    const text = renderMarkdown(withLongTimeline(2000, 3 * 3600_000));
    const timeline = section(text, 'Timeline');
    expect(timeline.split('\n').filter((l) => /^\| 2024-/.test(l))).toHaveLength(MARKDOWN_TIMELINE_ROWS);
    expect(timeline).toMatch(/Only the first 300 rows are shown; \d+ more are in the JSON and HTML reports\./);
  });

  it('renders an empty investigation and one with missing lists without throwing', () => {
    const r = leakedKeyResult();
    const empty = { ...r, timeline: [], detections: [], criticalFindings: [], containment: [], affectedResources: [] };
    const text = renderMarkdown(empty);
    expect(section(text, 'Timeline')).toContain('No event in scope.');
    expect(section(text, 'Containment plan')).toContain('No containment step');
    const partial = { tool: r.tool, generatedAt: r.generatedAt, case: { id: 'c1', title: 'partial', concern: 'suspicious-ip' }, summary: 'x' } as unknown as InvestigationResult;
    expect(renderMarkdown(partial)).toContain('# Investigation: partial');
  });
});
