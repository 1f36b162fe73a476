import { describe, expect, it } from 'vitest';
import { edgeLabel, mergeFlows } from '../../../src/architecture/diagram/merge-flows.js';
import type { Flow } from '../../../src/architecture/model.js';

const flow = (id: string, from: string, to: string, label: string, extra: Partial<Flow> = {}): Flow => ({ id, from, to, label, origin: 'inferred', evidence: [], ...extra });

describe('mergeFlows', () => {
  it('turns 90 routes between one pair into one edge', () => {
    const routes = Array.from({ length: 90 }, (_, i) => flow(`f${String(i).padStart(2, '0')}`, 'browser', 'app', `GET /r${i}`, { authentication: i % 2 ? 'none' : 'session' }));
    const [first, edge, ...rest] = mergeFlows([...routes, flow('g', 'app', 'db', 'read')]);
    expect(first).toMatchObject({ from: 'app', to: 'db', label: 'read' });
    expect(rest).toHaveLength(0);
    expect(edge).toMatchObject({ from: 'browser', to: 'app', label: 'GET /r0, GET /r1 +88 more', authentication: 'none/session', declaresCrossing: false });
    expect(edge!.flowIds).toHaveLength(90);
  });

  it('keeps direction, counts equal labels once and notes declared crossings', () => {
    const merged = mergeFlows([flow('b', 'y', 'x', 'reply'), flow('a2', 'x', 'y', 'send'), flow('a1', 'x', 'y', 'send', { crosses: ['boundary:internet'] })]);
    expect(merged.map((m) => [m.from, m.to, m.label, m.flowIds.join(), m.declaresCrossing])).toEqual([
      ['x', 'y', 'send', 'a1,a2', true],
      ['y', 'x', 'reply', 'b', false],
    ]);
    expect(merged[0]!.authentication).toBeUndefined();
  });

  it('shortens long labels and skips empty ones', () => {
    expect(edgeLabel(['', 'POST /api/v1/organisations/{orgId}/members/{memberId}', '  '])).toBe('POST /api/…bers/{memberId}');
    expect(Array.from(edgeLabel(['POST /api/v1/organisations/{orgId}/members/{memberId}'])).length).toBe(26);
    expect(edgeLabel(['a', 'b', 'c'])).toBe('a, b +1 more');
    expect(edgeLabel([])).toBe('');
  });
});
