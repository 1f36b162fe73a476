/**
 * A seeded pseudo-random number generator for the CloudTrail simulator: sfc32
 * (Chris Doty-Humphrey's "small fast chaotic" generator, 128-bit state, 32-bit output),
 * seeded through splitmix32 from a numeric seed plus stream labels. Streams derived from
 * different labels (a day, a principal, a scenario) are independent, so a day can be
 * generated without generating the days before it, and the output never depends on
 * `Math.random` or the clock.
 */

const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Two hex digits per byte: number-to-string in radix 16 is slow in V8, table lookups are not. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const hex8 = (v: number): string => (BYTE_HEX[v >>> 24] as string) + BYTE_HEX[(v >>> 16) & 255] + BYTE_HEX[(v >>> 8) & 255] + BYTE_HEX[v & 255];

/** FNV-1a over a string, folded into a running 32-bit hash. */
function fnv1a(text: string, hash = 0x811c9dc5): number {
  let h = hash >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** splitmix32 step: a well-mixed 32-bit value from a counter. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A deterministic random stream. Same seed and labels, same sequence. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any integer (only its low 32 bits and its sign-free value matter)
   * @param labels stream labels, e.g. `('day', 3)` or `('scenario', 'leaked-access-key')`
   */
  constructor(seed: number, ...labels: (string | number)[]) {
    let h = fnv1a(String(seed >>> 0) + ':' + String(Math.floor(seed / 2 ** 32)));
    for (const label of labels) h = fnv1a('/' + String(label), h);
    this.a = splitmix32(h);
    this.b = splitmix32(this.a ^ 0x6a09e667);
    this.c = splitmix32(this.b ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next(); // warm up past the seeding correlation
  }

  /** A uniform unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** A uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** A Poisson-distributed count with the given mean (normal approximation above 50). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) {
      const u = 1 - this.float();
      const v = this.float();
      const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.float() * alphabet.length)];
    return out;
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += hex8(this.next());
    return out.length === n ? out : out.slice(0, n);
  }

  /** `n` upper-case letters and digits (the alphabet of AWS key and principal ids). */
  upper(n: number): string {
    return this.chars(ALNUM_UPPER, n);
  }

  /** A UUID of version 4 shape (RFC 9562 section 5.4), e.g. `2a5178c8-b4c7-44ba-b066-1ecc79b7087c`. */
  uuid(): string {
    const a = this.next();
    const b = this.next();
    const c = this.next();
    const d = this.next();
    // Version nibble 4, variant bits 10xx (RFC 9562).
    const b2 = ((b & 0xffff) & 0x0fff) | 0x4000;
    const c1 = ((c >>> 16) & 0x3fff) | 0x8000;
    return `${hex8(a)}-${hex8(b).slice(0, 4)}-${hex8(b2).slice(4)}-${hex8(c1).slice(4)}-${hex8(c).slice(4)}${hex8(d)}`;
  }
}

/**
 * A precomputed weighted choice: `pick()` returns an item with probability proportional
 * to its weight, in O(log n).
 */
export class WeightedTable<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) {
      sum += Math.max(0, w);
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  /** An item drawn with `prng`; `undefined` only when every weight is zero. */
  pick(prng: Prng): T | undefined {
    if (this.total <= 0) return undefined;
    const target = prng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
