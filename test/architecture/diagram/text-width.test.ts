import { describe, expect, it } from 'vitest';
import { ellipsize, fitWidth, textWidth } from '../../../src/architecture/diagram/text-width.js';

describe('textWidth', () => {
  it('uses Helvetica advance widths', () => {
    expect(textWidth('i', 12)).toBeCloseTo(2.664); // 222/1000 em
    expect(textWidth('W', 12)).toBeCloseTo(11.328); // 944/1000 em
    expect(textWidth('Hello', 10)).toBeCloseTo(22.78); // 722+556+222+222+556
    expect(textWidth('Hello', 10, true)).toBeGreaterThan(textWidth('Hello', 10));
    expect(textWidth('表', 12)).toBe(12);
  });
});

describe('ellipsize and fitWidth', () => {
  it('cuts the middle, keeping the distinguishing end, never splitting surrogate pairs', () => {
    expect(ellipsize('short', 10)).toBe('short');
    expect(ellipsize('abcdefghijklmnopqrstuvwxyz', 11)).toBe('abcd…uvwxyz');
    expect(Array.from(ellipsize('😀😀😀😀😀😀😀😀', 5))).toHaveLength(5);
    expect(ellipsize('a\n  b', 10)).toBe('a b');
  });

  it('fits text into a width', () => {
    const fitted = fitWidth('dockerized_labs/sensitive_data_exposure/sensitive_data_lab', 120, 11, true);
    expect(textWidth(fitted, 11, true)).toBeLessThanOrEqual(120);
    expect(fitted).toContain('…');
    expect(fitWidth('pygoat', 120, 11)).toBe('pygoat');
  });
});
