/**
 * Randomness measures for candidate secret values.
 *
 * Shannon entropy here is the empirical entropy of the value's own character
 * distribution, in bits per character (Shannon 1948, H = -Σ p·log2 p). A random
 * base64 string of 40 characters scores about 4.5–5.0, hex about 3.5–4.0, English
 * words about 2.5–3.3, a repeated character 0.
 */

/** Shannon entropy of `value` in bits per character (0 for the empty string). */
export function shannonEntropy(value: string): number {
  if (!value.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const length = [...value].length;
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * How many character classes `value` uses, 0–4: lower-case letters, upper-case
 * letters, digits, and anything else (punctuation, symbols, non-ASCII).
 */
export function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (const ch of value) {
    if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/** What kind of credential a value is expected to be; passwords are chosen by people, tokens by machines. */
export type SecretKind = 'password' | 'token';

/** Minimum length, entropy (bits/char) and character classes a value needs to look like a secret. */
export interface RandomnessThreshold {
  minLength: number;
  minEntropy: number;
  minClasses: number;
}

/**
 * Thresholds per kind. Passwords are short and chosen by people (`hunter2x`, `Summer2024!`),
 * so they need two character classes but little entropy; tokens are long machine-made
 * strings (hex, base64, base62), so they need length and entropy.
 */
export const THRESHOLDS: Readonly<Record<SecretKind, RandomnessThreshold>> = {
  password: { minLength: 6, minEntropy: 2.3, minClasses: 2 },
  token: { minLength: 12, minEntropy: 3.0, minClasses: 2 },
};

/**
 * True when `value` is long and varied enough to be a real credential of `kind`.
 * A long single-class value (e.g. a 20-letter random lower-case string) passes on
 * entropy alone when it reaches 3.5 bits per character.
 */
export function looksRandom(value: string, kind: SecretKind): boolean {
  const t = THRESHOLDS[kind];
  if (value.length < t.minLength) return false;
  const entropy = shannonEntropy(value);
  if (entropy < t.minEntropy) return false;
  if (characterClasses(value) >= t.minClasses) return true;
  return value.length >= 16 && entropy >= 3.5;
}
