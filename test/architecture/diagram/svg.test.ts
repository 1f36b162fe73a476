import { describe, expect, it } from 'vitest';
import { layoutArchitecture } from '../../../src/architecture/diagram/layout.js';
import { diagramSvg, esc } from '../../../src/architecture/diagram/svg.js';
import { API, USER, WORKER, dfdModel } from './fixture.js';

/** Test-only XML check: tags balance, attributes are quoted, text has no raw `<`, `>` or stray `&`. */
function checkWellFormed(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    if (/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(between)) problems.push(`bad text before offset ${m.index}: ${between.slice(0, 40)}`);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) problems.push(`unbalanced </${name}> at ${m.index}`);
  }
  if (xml.slice(last).trim()) problems.push(`trailing text: ${xml.slice(last, last + 40)}`);
  if (stack.length) problems.push(`unclosed: ${stack.join(',')}`);
  return problems;
}

describe('diagramSvg', () => {
  const hostile = `<script>&"'`;
  const model = dfdModel();
  model.elements.find((e) => e.id === USER)!.name = hostile;
  const layout = layoutArchitecture(model);
  const counts = new Map([
    [API, { High: 2, Medium: 1, Low: 0 }],
    [WORKER, { High: 0, Medium: 3, Low: 5 }],
  ]);
  const svg = diagramSvg(layout, { threatCounts: counts, title: 'Orders & co' });

  it('is a well-formed standalone SVG document with size and viewBox', () => {
    expect(checkWellFormed(svg)).toEqual([]);
    const open = svg.match(/^<svg [^>]*>/)![0];
    expect(open).toContain('xmlns="http://www.w3.org/2000/svg"');
    const width = Number(open.match(/ width="([\d.]+)"/)![1]);
    const height = Number(open.match(/ height="([\d.]+)"/)![1]);
    expect(width).toBe(layout.width);
    expect(height).toBe(layout.height + 30 + 40);
    expect(open).toContain(`viewBox="0 0 ${width} ${height}"`);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('uses only what svg-to-pdfkit renders: no marker, style, class, foreignObject or links', () => {
    for (const banned of ['<marker', '<style', 'class=', 'style=', '<foreignObject', 'href', 'url(', '<image', '<script']) expect(svg).not.toContain(banned);
    expect(svg).toContain('font-family="Helvetica, Arial, sans-serif"');
    expect(svg).not.toMatch(/font-weight="(?!bold")/);
  });

  it('escapes every name', () => {
    expect(svg).toContain('&lt;script&gt;&amp;&quot;&apos;');
    expect(svg).toContain('Orders &amp; co');
    expect(esc('a\u0000b\nc\ud800d')).toBe('ab cd');
    expect(checkWellFormed(diagramSvg(layoutArchitecture({ ...model, elements: model.elements.map((e) => ({ ...e, name: 'x\u0001]]>' })) })))).toEqual([]);
  });

  it('draws kinds as DFD shapes, boundaries dashed red, arrows as polygons', () => {
    expect(svg).toMatch(/<rect [^>]*rx="16"[^>]*stroke="#047857"/); // process: rounded
    expect(svg).toMatch(/<line [^>]*stroke="#c2410c"/); // data store: open-ended lines
    expect(svg).toMatch(/<rect [^>]*fill="none" stroke="#dc2626" stroke-width="1.5" stroke-dasharray="7 4"/);
    const arrows = svg.match(/<polygon /g) ?? [];
    expect(arrows.length).toBe(layout.edges.length + 1); // plus the legend's sample arrow
    expect(svg).toContain('>DELETE /d, GET /a +2 more</text>');
    expect(svg).toContain('>Private subnet</text>');
  });

  it('gives nodes a tooltip with full name and type', () => {
    expect(svg).toContain('<title>Orders API (process: lambda)</title>');
    expect(svg).toContain('<title>&lt;script&gt;&amp;&quot;&apos; (external-entity: user)</title>');
  });

  it('draws a red badge with the High count, else an amber one with the Medium count', () => {
    expect(svg).toMatch(/<circle [^>]*fill="#dc2626"[^>]*\/><text [^>]*>2<\/text>/);
    expect(svg).toMatch(/<circle [^>]*fill="#d97706"[^>]*\/><text [^>]*>3<\/text>/);
    expect(svg).toContain('<title>Threats: 2 high, 1 medium, 0 low</title>');
    expect(diagramSvg(layout)).not.toContain('<circle');
  });

  it('has a legend row with the four DFD symbols', () => {
    for (const item of ['External entity', 'Process', 'Data store', 'Trust boundary', 'Data flow', 'High threats']) expect(svg).toContain(`>${item}</text>`);
    expect(diagramSvg(layout)).not.toContain('>High threats<');
    expect(svg).toContain('>Undefined endpoint</text>');
  });

  it('is deterministic and handles an empty layout', () => {
    expect(diagramSvg(layoutArchitecture(model), { threatCounts: counts, title: 'Orders & co' })).toBe(svg);
    const empty = diagramSvg(layoutArchitecture({ elements: [], flows: [], boundaries: [], assumptions: [] }));
    expect(checkWellFormed(empty)).toEqual([]);
    expect(empty).toContain('>Process</text>');
  });
});
