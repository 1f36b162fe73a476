import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/architecture/build.js';
import type { Architecture } from '../../src/architecture/model.js';
import { loadConfig } from '../../src/core/config.js';
import { runScan } from '../../src/core/run.js';
import { createScanners } from '../../src/scanners/index.js';
import { generateThreats } from '../../src/threatmodel/engine.js';
import { threatModelHtml } from '../../src/threatmodel/html.js';
import type { Threat, ThreatModel } from '../../src/threatmodel/model.js';
import { STRIDE_NAMES, type ThreatModelReport, threatSentence } from '../../src/threatmodel/report-view.js';
import { reviewThreatModel } from '../../src/threatmodel/review.js';
import { BOUNDARIES, element, flow } from './fixtures.js';

/** The report `guardian threat-model` writes for a directory (offline scan, no previous model). */
async function reportOf(root: string): Promise<ThreatModelReport> {
  const { config } = await loadConfig(root);
  const scan = await runScan({ root, config, scanners: await createScanners(['sast', 'secrets', 'iac', 'iam', 'pipeline']), offline: true, now: new Date(0) });
  const { model: architecture } = await buildArchitecture(root);
  const model = generateThreats(architecture, scan.findings);
  return { architecture, model, review: reviewThreatModel(architecture, model), generator: 'Guardian 9.9.9-test' };
}

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
/** The HTML between `start` and the next `end` after it. */
const between = (html: string, start: string, end: string) => {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  const to = html.indexOf(end, from + start.length);
  expect(to, end).toBeGreaterThan(from);
  return html.slice(from, to);
};

describe('threatModelHtml on examples/fry-factory', () => {
  let report: ThreatModelReport;
  let html: string;
  beforeAll(async () => {
    report = await reportOf('examples/fry-factory');
    html = threatModelHtml(report);
  }, 60_000);

  it('has the four questions as sections, in order', () => {
    const headings = ['1. What are we working on?', '2. What can go wrong?', '3. What are we going to do about it?', '4. Did we do a good job?'].map((h) => html.indexOf(`<h2>${h}</h2>`));
    expect(headings.every((i) => i > 0)).toBe(true);
    expect(headings).toEqual([...headings].sort((a, b) => a - b));
  });

  it('shows the totals in the header', () => {
    const header = between(html, '<header>', '</header>');
    expect(header).toContain('<div class="n">10</div><div class="l">threats</div>');
    expect(header).toContain('<div class="n">4</div><div class="l">High</div>');
    expect(header).toContain('<div class="n">6</div><div class="l">Medium</div>');
    expect(header).toContain('<div class="n">4</div><div class="l">open high</div>');
  });

  it('draws the data-flow diagram inline in question 1', () => {
    const q1 = between(html, '<section id="q1">', '</section>');
    expect(q1).toMatch(/<figure class="dfd" id="dfd"><div class="scroll"><svg[\s>]/);
    // The "Fit to width" button only for diagrams wider than the 1060 px text column (fry-factory's is about 900 px).
    const width = Number(/<svg [^>]*?width="([\d.]+)"/.exec(q1)![1]);
    expect(width).toBeGreaterThan(200);
    expect(q1.includes('class="fit-toggle"')).toBe(width > 1060);
    expect(q1).toContain('<table class="components">');
  });

  it('writes the SQL injection threat with its sentence, priority reason and the python.sqli.taint finding', () => {
    const threat = report.model.threats.find((t) => t.id === 'threat:stride.data-store.injection:data-store:in-memory:app.py#sqlite-memory')!;
    expect(threat).toBeDefined();
    const entry = between(between(html, '<div class="view" id="view-stride">', '<div class="view" id="view-element">'), `<article class="threat pri-high"`, `${esc(threat.id)}</code>`);
    expect(entry).toContain(esc(threatSentence(threat)));
    expect(html).toContain(esc(threatSentence(threat)));
    expect(html).toContain('Priority: High: confirmed by python.sqli.taint at app.py:80.');
    expect(html).toContain('<li class="ev-finding"><span class="tag">finding</span> <code>python.sqli.taint</code> <span class="sev sev-high">high</span> <code class="place">app.py:80</code></li>');
    expect(html).toContain('<a href="https://cwe.mitre.org/data/definitions/89.html" rel="noopener noreferrer">CWE-89</a>');
  });

  it('puts every threat id exactly once in each of the two views', () => {
    const stride = between(html, '<div class="view" id="view-stride">', '<div class="view" id="view-element">');
    const byElement = between(html, '<div class="view" id="view-element">', '</section>');
    expect(report.model.threats).toHaveLength(10);
    for (const t of report.model.threats) {
      expect(count(stride, `<code class="tid">${esc(t.id)}</code>`), t.id).toBe(1);
      expect(count(byElement, `<code class="tid">${esc(t.id)}</code>`), t.id).toBe(1);
    }
    // Only the STRIDE view carries the HTML ids the review links to.
    expect(count(byElement, '<article class="threat pri-high" id=')).toBe(0);
    expect(count(stride, ' id="t')).toBe(10);
  });

  it('leaves the view toggle hidden until the script shows it (readable without scripts)', () => {
    expect(html).toContain('<div class="view-toggle" role="group" aria-label="Group threats" hidden>');
  });

  it('allows exactly its own inline style and script in the Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `))!.slice(name.length + 1).split(' ');
    expect(directive('default-src')).toEqual(["'none'"]);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'${sha256(m[1]!)}'`);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'${sha256(m[1]!)}'`);
    expect(styles.length).toBeGreaterThanOrEqual(1);
    expect(scripts).toHaveLength(1);
    expect(directive('style-src').sort()).toEqual([...new Set(styles)].sort());
    expect(directive('script-src')).toEqual(scripts);
    expect(count(html, '<script')).toBe(1);
  });

  it('loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/\ssrc\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
  });

  it('rolls up mitigations with status and number of threats', () => {
    const q3 = between(html, '<section id="q3">', '</section>');
    const row = between(q3, '<tr class="m-missing"><td><strong>Use parameterized queries</strong>', '</tr>');
    expect(row).toContain('<span class="mst mst-missing" aria-hidden="true">✗</span> missing');
    expect(row).toContain('python.sqli.taint at app.py:80 shows it is not in place.');
  });

  it('has one coverage row per element, coloured by the top priority', () => {
    const table = between(html, '<table class="coverage">', '</table>');
    const body = between(table, '<tbody>', '</tbody>');
    expect(count(body, '<tr>')).toBe(report.architecture.elements.length);
    const sqlite = report.architecture.elements.find((e) => e.id === 'data-store:in-memory:app.py#sqlite-memory')!;
    const row = between(body, `<tr><th scope="row">${esc(sqlite.name)}<`, '</tr>');
    expect(row).toContain('<td class="cv cv-threats pri-high" title="Tampering: 1 threats, highest High">1 <span class="top">High</span></td>');
    expect(row).toContain('<td class="cv cv-na" title="Spoofing: not applicable">·</td>');
    // The browser: Repudiation applies to an external entity and no rule covers it.
    const browser = between(body, '<tr><th scope="row">Browser<', '</tr>');
    expect(browser).toContain('<td class="cv cv-gap" title="Repudiation: no rule covers it">gap</td>');
    expect(count(body, 'class="cv cv-gap"')).toBe(report.review.gaps.length);
    for (const gap of report.review.gaps) {
      const name = report.architecture.elements.find((e) => e.id === gap.element)!.name;
      expect(between(body, `<tr><th scope="row">${esc(name)}<`, '</tr>')).toContain(`<td class="cv cv-gap" title="${STRIDE_NAMES[gap.stride]}: no rule covers it">gap</td>`);
    }
  });

  it('lists the open high-priority threats by what they are on, linked to the threat', () => {
    const q4 = between(html, '<section id="q4">', '</section>');
    expect(q4).toContain('4 high-priority threats are open with no mitigation in place:');
    const sqli = report.model.threats.findIndex((t) => t.id === 'threat:stride.data-store.injection:data-store:in-memory:app.py#sqlite-memory');
    expect(q4).toContain(`<a href="#t${sqli + 1}">app.py#sqlite-memory</a>`);
    expect(q4).not.toContain('What changed since the previous model');
  });

  it('is deterministic and has no date', () => {
    expect(threatModelHtml(report)).toBe(html);
    expect(html).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });
});

describe('threatModelHtml with hostile names', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const api = element('process', 'lambda', evil, { id: 'process:lambda:t.yaml#evil' });
  const table = element('data-store', 'dynamodb', `Table"'${evil}`, { id: 'data-store:dynamodb:t.yaml#table' });
  const architecture: Architecture = {
    elements: [api, table],
    flows: [flow(api, table, `PutItem ${evil}`)],
    boundaries: [...BOUNDARIES, { id: 'boundary:evil', kind: 'service', name: evil }],
    assumptions: [],
  };
  const threat: Threat = {
    id: `threat:stride.x:${api.id}`,
    rule: 'stride.x',
    stride: ['T'],
    anchor: { element: api.id },
    statement: { threatSource: 'An attacker', prerequisites: `who controls ${evil}`, threatAction: `run ${evil}`, threatImpact: 'harm', impactedGoal: ['integrity'], impactedAssets: [evil] },
    priority: 'High',
    priorityReason: `High: ${evil}`,
    evidence: [
      { kind: 'model', note: evil, path: `${evil}.yaml`, line: 3 },
      { kind: 'finding', findingId: 'f1', ruleId: evil, severity: 'high', path: evil, line: 1 },
    ],
    mitigations: [{ id: 'mitigation:m:x', ref: evil, title: evil, content: evil, status: 'missing', statusReason: evil, findings: [] }],
    references: [evil, 'CWE-79'],
    status: 'identified',
    comments: evil,
  };
  const model: ThreatModel = { application: { name: evil, description: evil }, threats: [threat], assumptions: [evil] };
  const review = reviewThreatModel(architecture, model, { previous: [{ key: `threat:gone:${evil}`, statement: evil, priority: 'Low' }], removedElements: [{ id: evil, reason: evil, line: 4 }] });
  const html = threatModelHtml({ architecture, model, review, generator: evil });

  it('escapes every piece of repository data', () => {
    expect(html).not.toContain(evil);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`<title>Threat model — &lt;img src=x onerror=alert(1)&gt;</title>`);
    expect(html).toContain('Table&quot;&#39;&lt;img');
    expect(count(html, '<script')).toBe(1);
  });

  it('says what changed since the previous model', () => {
    const changes = between(html, '<h3>What changed since the previous model</h3>', '<h3>STRIDE coverage</h3>');
    expect(changes).toContain('1 new threats:');
    expect(changes).toContain(`<code>threat:gone:${esc(evil)}</code>`);
    expect(html).toContain(`A person removed element <code>${esc(evil)}</code> (guardian-model.yml:4)`);
  });

  it('says so when there are no threats and no mitigations', () => {
    const empty: ThreatModel = { application: { name: 'Empty', description: '' }, threats: [], assumptions: [] };
    const out = threatModelHtml({ architecture, model: empty, review: reviewThreatModel(architecture, empty), generator: 'Guardian' });
    expect(out).toContain('<p>No threats: no element or flow meets the conditions of a STRIDE rule.</p>');
    expect(out).toContain('<p>No mitigations apply.</p>');
    expect(out).not.toContain('<div class="view-toggle"');
  });
});
