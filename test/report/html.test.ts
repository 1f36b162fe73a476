import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHtml } from '../../src/report/html.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { sampleResult } from './sample.js';

const hash = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

describe('HTML report', () => {
  const html = toHtml(sampleResult());

  it('is self-contained under a hash-based Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(csp).toContain(`style-src '${hash(style)}'`);
    expect(csp).toContain(`script-src '${hash(scripts[0]!)}'`);
    expect(csp).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('embeds repository text as data that cannot close the script element', () => {
    const data = /<script type="application\/json" id="guardian-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.toContain('</script>');
    const parsed = JSON.parse(data);
    expect(parsed.findings).toHaveLength(4);
    expect(parsed.findings[3].title).toBe('Cross-site scripting </script><script>alert(1)</script>');
    expect(parsed.suppressed).toHaveLength(2);
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('shows the verdict, counts and filters', () => {
    expect(html).toContain('<span class="result failed">Failed</span>');
    expect(html).toContain('<div class="card"><div class="n">2</div><div class="l">high</div></div>');
    expect(html).toContain('<input type="checkbox" data-severity="critical" checked>');
    expect(html).toContain('show 2 suppressed');
    expect(html).toContain('<title>Guardian report — /work/repos/fry factory</title>');
  });

  it('charts reported findings per scanner, not the raw counts before de-duplication and suppressions', () => {
    const chart = html.slice(html.indexOf('Findings by scanner'));
    // stats.scanners.sast.findings is 3 but 2 SAST findings are reported (byCategory).
    expect(chart).toMatch(/<text x="0" y="18">sast<\/text><rect [^>]*\/><text x="\d+" y="18">2<\/text>/);
    expect(chart).toMatch(/>secrets<\/text><rect [^>]*\/><text x="\d+" y="\d+">1<\/text>/);
  });
});

describe('Markdown report', () => {
  const md = toMarkdown(sampleResult());

  it('summarises and lists findings with code, data flow and fix', () => {
    expect(md).toContain('**Result: failed** — 3 findings at or above `high`.');
    expect(md).toContain('| 🟧 high | 2 |');
    expect(md).toContain('```python\n    rows = conn.execute(query).fetchall()\n```');
    expect(md).toContain('1. line 71: source request.args.get\\("customer"\\)'.replace(/\\\(/g, '(').replace(/\\\)/g, ')'));
    expect(md).toContain('**Fix:** Upgrade flask to 0.12.3 or later.');
    // Reported counts per scanner, with each scanner's time.
    expect(md).toContain('| sast | 2 | 0.30 s |');
    expect(md).toContain('| secrets | 1 | 0.05 s |');
  });

  it('escapes repository text so it cannot inject markup', () => {
    expect(md).toContain('Rendered \\<img src=x onerror=alert\\(1\\)\\> and \\`backticks\\` \\| pipes'.replace(/\\\(/g, '(').replace(/\\\)/g, ')'));
    expect(md).not.toMatch(/(^|[^\\])<img src=x/);
  });
});
