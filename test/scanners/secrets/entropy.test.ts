import { describe, expect, it } from 'vitest';
import { characterClasses, looksRandom, shannonEntropy } from '../../../src/scanners/secrets/entropy.js';
import { FAKE, fakeChars } from './fakes.js';

describe('shannonEntropy', () => {
  it('is 0 for empty or constant strings', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2(n) bits per character for n equally frequent symbols', () => {
    expect(shannonEntropy('ab')).toBeCloseTo(1, 10);
    expect(shannonEntropy('abcd')).toBeCloseTo(2, 10);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4, 10);
  });

  it('scores random base64 above 4.5 and English words below 3.5', () => {
    expect(shannonEntropy(FAKE.awsSecret)).toBeGreaterThan(4.5);
    expect(shannonEntropy('internationalization')).toBeLessThan(3.5);
  });
});

describe('characterClasses', () => {
  it('counts lower, upper, digits and other characters', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('abcDEF')).toBe(2);
    expect(characterClasses('abc123')).toBe(2);
    expect(characterClasses('aB3!')).toBe(4);
  });
});

describe('looksRandom', () => {
  it('accepts human passwords with two character classes', () => {
    expect(looksRandom('hunter22', 'password')).toBe(true);
    expect(looksRandom(FAKE.genericPassword, 'password')).toBe(true);
  });

  it('rejects short, single-class or repetitive passwords', () => {
    expect(looksRandom('abc12', 'password')).toBe(false);
    expect(looksRandom('string', 'password')).toBe(false);
    expect(looksRandom('aaaa1111', 'password')).toBe(false);
  });

  it('needs 12+ characters and entropy for tokens', () => {
    expect(looksRandom(FAKE.genericToken, 'token')).toBe(true);
    expect(looksRandom(fakeChars(9, 32, '0123456789abcdef'), 'token')).toBe(true);
    expect(looksRandom('abc123abc1', 'token')).toBe(false);
    expect(looksRandom('aaaaaaaaaaaaaaab', 'token')).toBe(false);
  });

  it('accepts a long single-class random run on entropy alone', () => {
    expect(looksRandom(fakeChars(3, 24, 'abcdefghijklmnopqrstuvwxyz'), 'token')).toBe(true);
  });
});
