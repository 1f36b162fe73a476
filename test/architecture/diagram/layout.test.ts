import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../../src/architecture/build.js';
import { layoutArchitecture, type DiagramLayout } from '../../../src/architecture/diagram/layout.js';
import { METRICS } from '../../../src/architecture/diagram/types.js';
import type { Architecture } from '../../../src/architecture/model.js';
import { API, GHOST, QUEUE, TABLE, USER, WORKER, dfdModel, inside, overlaps, shuffled } from './fixture.js';

const clusterOf = (layout: DiagramLayout, id: string) => layout.clusters.find((c) => c.id === id)!;
const nodeOf = (layout: DiagramLayout, id: string) => layout.nodes.find((n) => n.id === id)!;

function expectNoOverlaps(layout: DiagramLayout): void {
  for (const [i, a] of layout.nodes.entries()) {
    for (const b of layout.nodes.slice(i + 1)) expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
  }
}

describe('layoutArchitecture on a hand-made model', () => {
  const layout = layoutArchitecture(dfdModel());

  it('draws every element, and the endpoint no element defines as an unknown node', () => {
    expect(layout.nodes.map((n) => n.id).sort()).toEqual([TABLE, QUEUE, USER, GHOST, API, WORKER].sort());
    expect(nodeOf(layout, GHOST)).toMatchObject({ kind: 'unknown', type: 'unknown', name: GHOST });
    expect(nodeOf(layout, API)).toMatchObject({ kind: 'process', type: 'lambda', name: 'Orders API', label: 'Orders API', height: METRICS.nodeHeight });
  });

  it('places nodes without overlaps, inside the drawing', () => {
    expectNoOverlaps(layout);
    for (const n of layout.nodes) expect(inside(n, { x: 0, y: 0, width: layout.width, height: layout.height })).toBe(true);
  });

  it('puts every node inside its boundary and every enclosing one, below the title band', () => {
    const expected: [string, string[]][] = [
      [API, ['boundary:vpc', 'boundary:account']],
      [WORKER, ['boundary:subnet', 'boundary:vpc', 'boundary:account']],
      [QUEUE, ['boundary:subnet', 'boundary:vpc', 'boundary:account']],
      [TABLE, ['boundary:account']],
    ];
    for (const [node, boundaries] of expected) {
      for (const b of boundaries) expect(inside(nodeOf(layout, node), clusterOf(layout, b)), `${node} in ${b}`).toBe(true);
      expect(nodeOf(layout, node).y - clusterOf(layout, boundaries[0]!).y).toBeGreaterThanOrEqual(METRICS.clusterTitle);
    }
    for (const outside of [USER, GHOST]) {
      for (const c of layout.clusters) expect(overlaps(nodeOf(layout, outside), c), `${outside} / ${c.id}`).toBe(false);
    }
  });

  it('nests cluster boxes by parent, with depths, outermost first', () => {
    expect(layout.clusters.map((c) => [c.id, c.depth])).toEqual([
      ['boundary:account', 0],
      ['boundary:vpc', 1],
      ['boundary:subnet', 2],
    ]);
    expect(inside(clusterOf(layout, 'boundary:vpc'), clusterOf(layout, 'boundary:account'))).toBe(true);
    expect(inside(clusterOf(layout, 'boundary:subnet'), clusterOf(layout, 'boundary:vpc'))).toBe(true);
    expect(clusterOf(layout, 'boundary:vpc')).toMatchObject({ kind: 'vpc', name: 'Main VPC', label: 'Main VPC' });
  });

  it('merges the flows between one pair into one edge with a short label', () => {
    const routes = layout.edges.filter((e) => e.from === USER && e.to === API);
    expect(routes).toHaveLength(1);
    expect(routes[0]).toMatchObject({ label: 'DELETE /d, GET /a +2 more', authentication: 'cognito/none', crossesBoundary: true });
    expect(routes[0]!.flowIds).toHaveLength(4);
    expect(layout.edges).toHaveLength(6);
    expect(layout.edges.find((e) => e.from === WORKER && e.to === QUEUE)).toMatchObject({ label: 'publish', authentication: 'iam', crossesBoundary: false });
  });

  it('routes edges from border to border and through their label box', () => {
    for (const e of layout.edges.filter((x) => x.from !== x.to)) {
      const [first, last] = [e.points[0]!, e.points[e.points.length - 1]!];
      expect(onBorder(first, nodeOf(layout, e.from)), `${e.from} start`).toBe(true);
      expect(onBorder(last, nodeOf(layout, e.to)), `${e.to} end`).toBe(true);
      const box = e.labelBox!;
      expect(e.points.some((p) => p.x >= box.x - 0.1 && p.x <= box.x + box.width + 0.1 && p.y >= box.y && p.y <= box.y + box.height)).toBe(true);
      for (const n of layout.nodes) expect(overlaps(box, n), `label of ${e.from}->${e.to} on ${n.id}`).toBe(false);
    }
  });

  it('draws a self-loop above its node, with its label above the loop', () => {
    const loop = layout.edges.find((e) => e.from === WORKER && e.to === WORKER)!;
    const worker = nodeOf(layout, WORKER);
    expect(loop.label).toBe('retry');
    expect(loop.points.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...loop.points.map((p) => p.y))).toBeLessThan(worker.y);
    expect(loop.labelBox!.y + loop.labelBox!.height).toBeLessThanOrEqual(worker.y);
    expect(inside(loop.labelBox!, clusterOf(layout, 'boundary:subnet'))).toBe(true);
  });

  it('rounds every coordinate to one decimal', () => {
    const numbers = JSON.stringify(layout).match(/-?\d+\.\d+/g) ?? [];
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) expect(n).toMatch(/^-?\d+\.\d$/);
  });

  it('is deterministic, whatever the order of the model arrays', () => {
    expect(layoutArchitecture(dfdModel())).toEqual(layout);
    expect(layoutArchitecture(shuffled(dfdModel()))).toEqual(layout);
    expect(JSON.stringify(layoutArchitecture(shuffled(dfdModel())))).toBe(JSON.stringify(layout));
  });

  it('shortens long names with a middle ellipsis to maxLabel characters', () => {
    const model = dfdModel();
    model.elements[0]!.name = 'dockerized_labs/sensitive_data_exposure/sensitive_data_lab/settings.py#sqlite-memory';
    const short = layoutArchitecture(model, { maxLabel: 20 });
    const label = nodeOf(short, USER).label;
    expect(Array.from(label)).toHaveLength(20);
    expect(label).toBe('dockeriz…lite-memory');
    expect(nodeOf(short, USER).name).toBe(model.elements[0]!.name);
  });
});

describe('layoutArchitecture on malformed models', () => {
  const empty: Architecture = { elements: [], flows: [], boundaries: [], assumptions: [] };

  it('returns an empty layout for an empty model', () => {
    expect(layoutArchitecture(empty)).toEqual({ width: 0, height: 0, nodes: [], clusters: [], edges: [] });
  });

  it('omits boundaries with no element and cuts parent cycles', () => {
    const model = dfdModel();
    model.boundaries.push(
      { id: 'boundary:empty', kind: 'service', name: 'Nothing here', parent: 'boundary:account' },
      { id: 'boundary:loop-a', kind: 'service', name: 'A', parent: 'boundary:loop-b' },
      { id: 'boundary:loop-b', kind: 'service', name: 'B', parent: 'boundary:loop-a' },
      { id: 'boundary:self', kind: 'service', name: 'Self', parent: 'boundary:self' },
    );
    model.elements[0]!.boundary = 'boundary:loop-a';
    model.elements.push({ ...model.elements[1]!, id: 'process:x', name: 'X', boundary: 'boundary:self' });
    model.elements.push({ ...model.elements[1]!, id: 'process:y', name: 'Y', boundary: 'boundary:does-not-exist' });
    const layout = layoutArchitecture(model);
    expect(layout.clusters.map((c) => c.id)).not.toContain('boundary:empty');
    expect(layout.clusters.find((c) => c.id === 'boundary:loop-a')?.depth).toBe(0);
    expect(layout.clusters.find((c) => c.id === 'boundary:self')?.depth).toBe(0);
    expect(inside(nodeOf(layout, USER), clusterOf(layout, 'boundary:loop-a'))).toBe(true);
    expect(nodeOf(layout, 'process:y')).toBeDefined();
    expectNoOverlaps(layout);
  });

  it('survives flows whose both ends are unknown and duplicate ids', () => {
    const model: Architecture = {
      ...empty,
      flows: [
        { id: 'f1', from: 'a', to: 'b', label: '', origin: 'inferred', evidence: [] },
        { id: 'f1', from: 'a', to: 'b', label: '', origin: 'inferred', evidence: [] },
      ],
    };
    const layout = layoutArchitecture(model);
    expect(layout.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['a', 'unknown'],
      ['b', 'unknown'],
    ]);
    expect(layout.edges).toHaveLength(1);
    expect(layout.edges[0]!.label).toBe('');
    expect(layout.edges[0]!.labelBox).toBeUndefined();
  });
});

describe('layoutArchitecture on the bundled examples', () => {
  for (const example of ['examples/fitness-tracker', 'examples/fry-factory']) {
    it(`lays out ${example} without overlaps, covering every flow once`, async () => {
      const { model } = await buildArchitecture(example);
      const layout = layoutArchitecture(model);
      expect(layout.nodes.length).toBeGreaterThanOrEqual(model.elements.length);
      for (const e of model.elements) expect(nodeOf(layout, e.id)).toBeDefined();
      expectNoOverlaps(layout);
      const covered = layout.edges.flatMap((e) => e.flowIds).sort();
      expect(covered).toEqual(model.flows.map((f) => f.id).sort());
      for (const e of layout.edges) {
        if (!e.labelBox) continue;
        for (const n of layout.nodes) expect(overlaps(e.labelBox, n), `label ${e.label} on ${n.id}`).toBe(false);
      }
      for (const c of layout.clusters) {
        for (const n of layout.nodes.filter((x) => model.elements.find((e) => e.id === x.id)?.boundary === c.id)) expect(inside(n, c)).toBe(true);
      }
    });
  }
});

/** Whether `p` lies on the border of `box` (within 1 px). */
function onBorder(p: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }): boolean {
  const within = p.x >= box.x - 1 && p.x <= box.x + box.width + 1 && p.y >= box.y - 1 && p.y <= box.y + box.height + 1;
  const edge = Math.min(Math.abs(p.x - box.x), Math.abs(p.x - box.x - box.width), Math.abs(p.y - box.y), Math.abs(p.y - box.y - box.height));
  return within && edge <= 1;
}
