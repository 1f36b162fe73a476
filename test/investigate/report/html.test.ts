import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HTML_TABLE_ROWS, renderHtml } from '../../../src/investigate/report/html.js';
import { BIN_PX, timelineSvg } from '../../../src/investigate/report/timeline-svg.js';
import { leakedKeyResult, withLongTimeline } from './fixture.js';

const html = renderHtml(leakedKeyResult());
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;
const svgOf = (page: string) => page.slice(page.indexOf('<svg'), page.indexOf('</svg>') + 6);

describe('renderHtml on the leaked-key investigation', () => {
  it('is one self-contained page whose CSP allows only its own script, by hash', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\/(?!attack\.mitre\.org)/);
  });

  it('escapes the attacker-controlled user agent everywhere: the only <script> is the page\'s own', () => {
    expect(count(html, /<script/gi)).toBe(1);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&#39;ua&#39;)&lt;/script&gt;');
  });

  it('escapes hostile text in every other field too', () => {
    const evil = '"><img src=x onerror=alert(2)><script>alert(2)</script>';
    const r = leakedKeyResult();
    r.case.title = evil;
    r.summary = evil;
    r.timeline[5]!.error = `AccessDenied: ${evil}`;
    r.timeline[6]!.resources = [evil];
    r.timeline[7]!.actor = evil;
    r.detections[0]!.title = evil;
    r.affectedResources[0]!.id = evil;
    r.containment[0]!.command = evil;
    r.containment[0]!.verify = `\`${evil}\` then ${evil}`;
    r.limitingFactors.push(evil);
    r.warnings.push({ path: evil, message: evil });
    const page = renderHtml(r);
    expect(count(page, /<script/gi)).toBe(1);
    expect(page).not.toMatch(/<img/i);
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('draws one SVG swimlane timeline: a lane per actor and key, marks that account for all 47 events', () => {
    expect(count(html, /<svg/g)).toBe(1);
    const svg = svgOf(html);
    expect(svg).toContain('class="timeline"');
    const lanes = [...svg.matchAll(/<text class="lane-name"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(lanes).toEqual(['user/svc-reporting', 'user/svc-reporting', 'user/svc-backup-sync', 'account 777788889999', 'assumed-role/AWSSupportOpsRole/ops']);
    const marks = [...svg.matchAll(/<circle class="mark[^"]*"[^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]));
    expect(marks.length).toBeGreaterThan(10);
    expect(marks.length).toBeLessThan(47);
    expect(marks.reduce((a, b) => a + b, 0)).toBe(47);
    expect(html).toContain(`${marks.length} marks`);
  });

  it('colours marks by the worst detection, hollow when every call failed, and labels each detection once', () => {
    const svg = svgOf(html);
    // The first RunInstances (over the vCPU quota, GPU detection) is alone in its column: a hollow high mark.
    expect(svg).toMatch(/<circle class="mark sev-high failed"[^>]*data-count="1"><title>2024-06-04T03:53:28.000Z UTC\nassumed-role\/AWSSupportOpsRole\/ops from 203\.0\.113\.141\nec2:RunInstances\n1 failed: Client\.VcpuLimitExceeded\nDetections: GPU instances launched<\/title>/);
    // The refused StopLogging shares a column with DescribeTrails ten seconds before: filled (not every call failed), critical.
    expect(svg).toMatch(/<circle class="mark sev-critical"[^>]*data-count="2"><title>[^<]*cloudtrail:DescribeTrails, cloudtrail:StopLogging\n1 failed: AccessDenied\n/);
    expect(count(svg, /class="mark sev-critical"/g)).toBeGreaterThanOrEqual(2); // CreateRole/AttachRolePolicy, CreateUser…
    expect(count(svg, /class="mark sev-none"/g)).toBeGreaterThanOrEqual(3); // session calls, AssumeRole, DescribeImages…
    const labels = [...svg.matchAll(/<text class="dlabel sev-(\w+)"[^>]*><title>[^<]*<\/title>([^<]+)<\/text>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(labels).toHaveLength(9);
    expect(labels).toContain('critical CloudTrail logging stopped or attempted');
    expect(labels).toContain('high GPU instances launched');
  });

  it('puts UTC time ticks on the axis (5-minute steps for a 42-minute incident, the date on the first)', () => {
    const svg = svgOf(html);
    const ticks = [...svg.matchAll(/<text class="axis" [^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toEqual(['03:15', '03:20', '03:25', '03:30', '03:35', '03:40', '03:45', '03:50', '03:55']);
    expect(svg).toContain('<text class="axis date" x=');
    expect(svg).toContain('>2024-06-04</text>');
  });

  it('follows the chart with the full event table, failures and detections marked', () => {
    const table = html.slice(html.indexOf('<table class="events">'));
    expect(count(table.slice(0, table.indexOf('</table>')), /<tr id="ev-/g)).toBe(47);
    expect(html).toMatch(/<tr id="ev-[^"]+" class="failed sev-critical">[^\n]*cloudtrail:StopLogging[^\n]*<td class="result"><span title="AccessDenied: User: arn:aws:iam::111122223333:user\/svc-backup-sync is not authorized/);
  });

  it('has summary cards, critical findings, containment with copy buttons, detections, resources, indicators, limiting factors', () => {
    expect(html).toMatch(/<div class="card"><div class="n">47<\/div><div class="l">events in scope<\/div>/);
    expect(html).toContain('<span class="badge sev-critical">3 critical</span>');
    expect(html).toMatch(/<div class="n">4<\/div><div class="l">actors<\/div>/);
    expect(html).toMatch(/<div class="n">2<\/div><div class="l">IP addresses<\/div>/);
    expect(count(html, /<article class="finding/g)).toBe(7);
    expect(count(html, /<pre class="command">/g)).toBe(14);
    expect(html).toContain('<pre class="command">aws iam update-access-key --user-name svc-reporting --access-key-id AKIA4MXQ7ZLV2REPORTS --status Inactive</pre>');
    expect(html).toContain("navigator.clipboard.writeText");
    expect(html).toContain('<a href="https://attack.mitre.org/techniques/T1562/008/" rel="noopener noreferrer">T1562.008</a>');
    expect(html).toContain('<td class="mono">i-0f48c1e9a3d6b2570<div class="muted">arn:aws:ec2:ap-southeast-1:111122223333:instance/i-0f48c1e9a3d6b2570</div></td><td>created</td><td>ap-southeast-1</td><td>running</td>');
    expect(html).toContain('<code>777788889999</code>');
    expect(html).toContain('<section id="limiting-factors">');
    expect(html).toContain('@media print');
  });
});

describe('the timeline chart at scale and at the edges', () => {
  it('keeps 5,000 events readable: marks aggregate per pixel column, the table keeps every event', () => {
    const r = withLongTimeline(5000, 6 * 3600_000, 6);
    const chart = timelineSvg(r.timeline, r.detections);
    const columns = Math.ceil(836 / BIN_PX) + 1;
    expect(chart.lanes).toBe(6);
    expect(chart.marks).toBeLessThanOrEqual(6 * columns);
    const counts = [...chart.svg.matchAll(/data-count="(\d+)"/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(chart.svg.length).toBeLessThan(600_000);
    const page = renderHtml(r);
    expect(count(page, /<tr id="ev-/g)).toBe(Math.min(5000, HTML_TABLE_ROWS));
    // Hourly ticks over six hours.
    expect([...chart.svg.matchAll(/<text class="axis" [^>]*>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00', '05:00', '06:00']);
  });

  it('merges actors past the lane limit into one lane', () => {
    const r = withLongTimeline(600, 3600_000, 55);
    const chart = timelineSvg(r.timeline, r.detections);
    expect(chart.lanes).toBe(41);
    expect(chart.svg).toContain('>other actors (15)</text>');
  });

  it('draws a single event, and nothing (without throwing) for an empty or unparseable timeline', () => {
    const r = leakedKeyResult();
    const one = timelineSvg(r.timeline.slice(0, 1), r.detections);
    expect(one.marks).toBe(1);
    expect(one.svg).toContain('>03:12:40</text>');
    expect(timelineSvg([], r.detections)).toEqual({ svg: '', lanes: 0, marks: 0, labelled: 0, unlabelled: 0 });
    expect(timelineSvg([{ ...r.timeline[0]!, time: 'not a time' }], r.detections).svg).toBe('');
    expect(renderHtml({ ...r, timeline: [] })).toContain('<p>No event in scope.</p>');
  });
});
