import { describe, expect, it } from 'vitest';
import { timeTicks } from '../../../src/investigate/report/time-axis.js';

const at = (iso: string) => Date.parse(iso);

describe('timeTicks', () => {
  it('uses seconds for a burst of a few seconds', () => {
    const { step, ticks } = timeTicks(at('2024-06-04T03:13:28Z'), at('2024-06-04T03:13:47Z'), 9);
    expect(step).toBe(5000);
    expect(ticks.map((t) => t.label)).toEqual(['03:13:30', '03:13:35', '03:13:40', '03:13:45']);
    expect(ticks[0]!.date).toBe('2024-06-04');
    expect(ticks[1]!.date).toBeUndefined();
  });

  it('uses minutes on whole minutes for an incident of forty minutes', () => {
    const { step, ticks } = timeTicks(at('2024-06-04T03:12:10Z'), at('2024-06-04T03:56:00Z'), 9);
    expect(step).toBe(5 * 60_000);
    expect(ticks.map((t) => t.label)).toEqual(['03:15', '03:20', '03:25', '03:30', '03:35', '03:40', '03:45', '03:50', '03:55']);
  });

  it('dates the ticks where a multi-day span crosses UTC midnight', () => {
    const { step, ticks } = timeTicks(at('2024-06-03T05:00:00Z'), at('2024-06-05T20:00:00Z'), 9);
    expect(step).toBe(12 * 3_600_000);
    expect(ticks.map((t) => `${t.label}${t.date ? ` ${t.date}` : ''}`)).toEqual(['12:00 2024-06-03', '00:00 2024-06-04', '12:00', '00:00 2024-06-05', '12:00']);
  });

  it('labels days with their dates for spans of weeks', () => {
    const { step, ticks } = timeTicks(at('2024-05-01T00:00:00Z'), at('2024-06-20T00:00:00Z'), 9);
    expect(step).toBe(7 * 86_400_000);
    expect(ticks.every((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.label) && !t.date)).toBe(true);
    expect(ticks.length).toBeLessThanOrEqual(9);
  });

  it('returns no ticks for a reversed or invalid range', () => {
    expect(timeTicks(10, 5, 9).ticks).toEqual([]);
    expect(timeTicks(Number.NaN, 5, 9).ticks).toEqual([]);
  });
});
