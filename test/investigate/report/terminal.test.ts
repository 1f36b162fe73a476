import { describe, expect, it } from 'vitest';
import { TERMINAL_TIMELINE_ROWS, renderTerminal } from '../../../src/investigate/report/terminal.js';
import { leakedKeyResult } from './fixture.js';

// eslint-disable-next-line no-control-regex -- looking for escape sequences is the point
const ANSI = /\u001b/;

describe('renderTerminal', () => {
  const plain = renderTerminal(leakedKeyResult(), { color: false, width: 100 });
  const lines = plain.split('\n');

  it('has no escape sequence at all without colour, and colours with it', () => {
    expect(plain).not.toMatch(ANSI);
    expect(renderTerminal(leakedKeyResult(), { color: true, width: 100 })).toContain('\u001b[1m\u001b[31mCRITICAL');
  });

  it('strips control characters an attacker put in the evidence, even with colour on', () => {
    const r = leakedKeyResult();
    r.summary = 'Look \u001b]0;pwned\u0007 here \u009b31m';
    r.criticalFindings[0]!.title = 'Title\u001b[2J\u001b[Hcleared';
    r.timeline[0]!.error = 'AccessDenied\u001b[8m: hidden';
    r.containment[0]!.command = 'aws iam list-users\u001b[2K';
    const uncoloured = renderTerminal(r, { color: false, width: 100 });
    expect(uncoloured).not.toMatch(ANSI);
    expect(uncoloured).not.toContain('\u009b');
    expect(uncoloured).not.toContain('\u0007');
    const coloured = renderTerminal(r, { color: true, width: 100 });
    expect(coloured).not.toContain('\u001b]0;');
    expect(coloured).not.toContain('\u001b[2J');
    expect(coloured).toContain('aws iam list-users[2K');
  });

  it('opens with the case, the window and the detections by severity', () => {
    expect(lines[0]).toBe('Investigation c-20240604-svc-reporting · Leaked access key of svc-reporting');
    // Wrapped at the ' · ' between facts, never inside one.
    expect(lines.slice(1, 3)).toEqual(['Leaked credentials · 47 events in scope · 2024-06-04 03:13:00 – 2024-06-04 03:55:05 UTC', '9 detections (3 critical, 2 high, 3 medium, 1 low)']);
    expect(plain).toContain('Open questions\n  ? Have you already rotated or deactivated the credentials?');
  });

  it('lists critical findings and the top detections, most severe first', () => {
    expect(plain).toContain('  CRITICAL Compromised credentials used: AKIA4MXQ7ZLV2REPORTS (IAM user svc-reporting)');
    const top = plain.slice(plain.indexOf('Top detections'), plain.indexOf('Timeline'));
    const severities = [...top.matchAll(/^ {2}(CRITICAL|HIGH|MEDIUM|LOW)/gm)].map((m) => m[1]);
    expect(severities).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'LOW']);
    expect(top).toMatch(/CloudTrail logging stopped or attempted\s+T1562\.008\s+1 event/);
  });

  it(`shows the first ${TERMINAL_TIMELINE_ROWS} collapsed timeline rows and points to the reports for the rest`, () => {
    const start = lines.findIndex((l) => l.startsWith('Timeline'));
    expect(lines[start]).toBe('Timeline (first 15 of 41 rows, 47 events)');
    const rows = lines.slice(start + 1, start + 1 + TERMINAL_TIMELINE_ROWS);
    expect(rows.every((l) => /^ {2}03:1\d:\d\d /.test(l))).toBe(true);
    expect(rows[0]).toMatch(/^ {2}03:13:00 ● user\/svc-reporting +AKIA…ORTS 203\.0\.113\.66 +sts:GetCallerIdentity +OK$/);
    expect(rows.find((l) => l.includes('7× ec2:DescribeInstances'))).toBeDefined();
    expect(rows.find((l) => l.includes('iam:GetAccountAuthorizat'))).toMatch(/✗ AccessDenied$/);
    expect(lines[start + 1 + TERMINAL_TIMELINE_ROWS]).toBe('  … 26 more rows in the Markdown, HTML and JSON reports');
  });

  it('prints every containment command whole, ready to copy, in order', () => {
    const commands = lines.filter((l) => l.startsWith('     $ ')).map((l) => l.slice(7));
    expect(commands[0]).toBe('aws iam update-access-key --user-name svc-reporting --access-key-id AKIA4MXQ7ZLV2REPORTS --status Inactive');
    expect(commands).toContain('aws ec2 terminate-instances --region ap-southeast-1 --instance-ids i-0a3f9c2e71b84d5a6 i-0b7e14d29c6a0f318 i-0c52d8e07a9b13f64 i-0d91a6f3b2e8c4705 i-0e26b8c4d1f7a9032 i-0f48c1e9a3d6b2570');
    expect(commands.at(-1)).toBe('aws iam delete-access-key --user-name svc-reporting --access-key-id AKIA4MXQ7ZLV2REPORTS');
    expect(commands).toHaveLength(17); // 14 steps, three of them with two commands
    expect(plain).toContain('Containment plan (14 steps, in order)');
  });

  it('keeps every other line within the width, at 100 and at 60 columns', () => {
    for (const width of [100, 60]) {
      const text = renderTerminal(leakedKeyResult(), { color: false, width });
      const long = text.split('\n').filter((l) => !l.startsWith('     $ ') && [...l].length > width);
      expect(long).toEqual([]);
    }
  });

  it('gives the full access keys at 130 columns and more', () => {
    const wide = renderTerminal(leakedKeyResult(), { color: false, width: 200 });
    expect(wide).toMatch(/03:13:00 ● user\/svc-reporting +AKIA4MXQ7ZLV2REPORTS 203\.0\.113\.66 +sts:GetCallerIdentity +OK +discovery\.recon-burst, discovery\.whoami-from-long-term-key/);
  });

  it('renders an empty investigation without throwing', () => {
    const r = leakedKeyResult();
    const text = renderTerminal({ ...r, timeline: [], detections: [], criticalFindings: [], containment: [] }, { color: false, width: 80 });
    expect(text).toContain('Investigation c-20240604-svc-reporting');
    expect(text).not.toContain('Timeline');
  });
});
