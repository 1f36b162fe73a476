import { describe, expect, it } from 'vitest';
import type { InvestigationResult } from '../../../src/investigate/model.js';
import { renderJson } from '../../../src/investigate/report/json.js';
import { leakedKeyResult } from './fixture.js';

/** The same object with every key order reversed, at every level. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

describe('renderJson', () => {
  it('round-trips: parsing the output gives the result back', () => {
    const r = leakedKeyResult();
    expect(JSON.parse(renderJson(r))).toEqual(r);
  });

  it('writes keys in the order the type declares, whatever order the object was built in', () => {
    const r = leakedKeyResult();
    const text = renderJson(reversed(r) as InvestigationResult);
    expect(text).toBe(renderJson(r));
    const parsed = JSON.parse(text) as InvestigationResult;
    expect(Object.keys(parsed.timeline[0]!)).toEqual(['time', 'eventId', 'eventSource', 'eventName', 'actor', 'accessKeyId', 'sourceIp', 'userAgent', 'region', 'resources', 'detectionIds', 'scope']);
    expect(Object.keys(parsed.detections[0]!)).toEqual(['id', 'title', 'severity', 'tactic', 'tacticId', 'technique', 'techniqueName', 'rationale', 'eventIds']);
    expect(Object.keys(parsed.containment[1]!)).toEqual(['step', 'action', 'target', 'description', 'command', 'verify']);
    expect(Object.keys(parsed.containment[4]!)).toEqual(['step', 'action', 'target', 'region', 'description', 'command', 'verify']);
  });

  it('is 2-space indented, ends in a newline, and leaves undefined fields out', () => {
    const r = leakedKeyResult();
    r.timeline[0]!.error = undefined;
    const text = renderJson(r);
    expect(text.startsWith('{\n  "tool": {\n    "name": "guardian"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).timeline[0]).not.toHaveProperty('error');
  });

  it('keeps fields the type does not know yet, after the known ones', () => {
    const r = { ...leakedKeyResult(), extra: { note: 'kept' } } as InvestigationResult & { extra: unknown };
    const parsed = JSON.parse(renderJson(r)) as Record<string, unknown>;
    expect(Object.keys(parsed).at(-1)).toBe('extra');
    expect(parsed.extra).toEqual({ note: 'kept' });
  });

  it('keeps the attacker-controlled user agent byte for byte (JSON escapes only what JSON must)', () => {
    const parsed = JSON.parse(renderJson(leakedKeyResult())) as InvestigationResult;
    expect(parsed.indicators.userAgents.map((u) => u.value)).toContain("Mozilla/5.0 | <img src=x onerror=alert(1)>\n<script>alert('ua')</script>");
  });
});
