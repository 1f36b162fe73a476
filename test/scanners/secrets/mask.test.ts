import { describe, expect, it } from 'vitest';
import { MASKED_LENGTH, maskSecret, maskSlice } from '../../../src/scanners/secrets/mask.js';
import { FAKE } from './fakes.js';

describe('maskSecret', () => {
  it('keeps up to 4 characters of a known prefix, then stars to a fixed length', () => {
    expect(maskSecret(FAKE.awsKeyId, 4)).toBe('AKIA********');
    expect(maskSecret(FAKE.github, 4)).toBe('ghp_********');
    expect(maskSecret(FAKE.stripeLive, 4)).toBe('sk_l********');
  });

  it('never keeps more than 4 characters, whatever is asked', () => {
    expect(maskSecret(FAKE.stripeLive, 8)).toBe('sk_l********');
  });

  it('keeps 2 characters by default', () => {
    expect(maskSecret(FAKE.awsSecret)).toBe(`${FAKE.awsSecret.slice(0, 2)}**********`);
  });

  it('has the same length for every secret, so short passwords do not reveal their length', () => {
    const lengths = ['abcdef', 'abcdefghij', FAKE.genericToken, FAKE.awsSecret, FAKE.rsaKey].map((s) => maskSecret(s).length);
    expect(new Set(lengths)).toEqual(new Set([MASKED_LENGTH]));
  });

  it('shows at most a quarter of a short secret', () => {
    expect(maskSecret('hunter2', 2)).toBe('h***********');
    expect(maskSecret('abc', 2)).toBe('************');
    expect(maskSecret('', 2)).toBe('************');
  });

  it('counts characters, not UTF-16 units (no split surrogate pairs)', () => {
    expect(maskSecret('🔑🔑🔑🔑🔑🔑🔑🔑', 2)).toBe('🔑🔑**********');
  });
});

describe('maskSlice', () => {
  const text = 'key = "AAAA1111"; other = "BBBB2222";\nnext';

  it('replaces every region inside the slice', () => {
    const regions = [
      { start: 7, end: 15, replacement: 'A***' },
      { start: 27, end: 35, replacement: 'B***' },
    ];
    expect(maskSlice(text, 0, 37, regions)).toBe('key = "A***"; other = "B***";');
  });

  it('masks a secret continued from a previous line with ****', () => {
    expect(maskSlice('-----\nMIIxx\nyyyy\n-----', 12, 16, [{ start: 6, end: 16, replacement: 'MI**' }])).toBe('****');
  });

  it('merges overlapping regions; for equal starts the first listed wins', () => {
    const regions = [
      { start: 7, end: 15, replacement: 'KEPT' },
      { start: 7, end: 15, replacement: 'DROPPED' },
      { start: 10, end: 16, replacement: 'INNER' },
    ];
    expect(maskSlice(text, 0, 17, regions)).toBe('key = "KEPT;');
  });

  it('returns the slice unchanged without regions', () => {
    expect(maskSlice(text, 0, 3, [])).toBe('key');
  });
});
