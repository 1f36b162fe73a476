/**
 * Fast keyword prefilter: finds which of a fixed set of ASCII keywords occur in a
 * text, in one pass. Candidate positions are found with a 128×128 table of the
 * keywords' first two characters and then verified; this is ~10× faster than one
 * `String.prototype.includes` per keyword when there are dozens of keywords whose
 * first letters are common in source code.
 */

/** A keyword to look for; `ignoreCase` keywords must be lower-case (ASCII letters fold). */
export interface Keyword {
  text: string;
  ignoreCase: boolean;
}

/** Key identifying a keyword in a `found` set. */
export function keywordKey(text: string, ignoreCase: boolean): string {
  return ignoreCase ? `i:${text}` : `s:${text}`;
}

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

interface Entry {
  id: number;
  key: string;
  text: string;
  ignoreCase: boolean;
}

/** Matches a fixed keyword set (each at least 2 ASCII characters) against texts. */
export class KeywordMatcher {
  /** 1 where a keyword starts with the character pair `(c0 << 7) | c1`. */
  private readonly pairs = new Uint8Array(128 * 128);
  private readonly pairEntries: (Entry[] | undefined)[] = [];
  private readonly entries: Entry[];
  private readonly idByKey = new Map<string, number>();
  /** Resolved ids of keyword arrays, per case mode (detectors pass the same arrays every time). */
  private readonly idsCache = [new WeakMap<readonly string[], number[] | null>(), new WeakMap<readonly string[], number[] | null>()];
  readonly size: number;

  constructor(keywords: Iterable<Keyword>) {
    const unique = new Map<string, Omit<Entry, 'id'>>();
    for (const k of keywords) {
      if (k.text.length < 2 || /[^\x20-\x7e]/.test(k.text)) throw new Error(`Keyword must be 2+ printable ASCII characters: ${JSON.stringify(k.text)}`);
      if (k.ignoreCase && k.text !== k.text.toLowerCase()) throw new Error(`Case-insensitive keyword must be lower-case: ${k.text}`);
      const key = keywordKey(k.text, k.ignoreCase);
      unique.set(key, { key, text: k.text, ignoreCase: k.ignoreCase });
    }
    this.entries = [...unique.values()].map((e, id) => ({ ...e, id }));
    this.size = this.entries.length;
    for (const entry of this.entries) this.idByKey.set(entry.key, entry.id);
    for (const entry of this.entries) {
      const c0 = entry.text.charCodeAt(0);
      const c1 = entry.text.charCodeAt(1);
      const firsts = entry.ignoreCase ? variants(c0) : [c0];
      const seconds = entry.ignoreCase ? variants(c1) : [c1];
      for (const a of firsts) {
        for (const b of seconds) {
          const pair = (a << 7) | b;
          this.pairs[pair] = 1;
          (this.pairEntries[pair] ??= []).push(entry);
        }
      }
    }
  }

  /** True when `find` reports on this keyword. */
  knows(text: string, ignoreCase: boolean): boolean {
    return this.idByKey.has(keywordKey(text, ignoreCase));
  }

  /** Entry ids of `keywords` (cached per array), or null when one of them is unknown. */
  ids(keywords: readonly string[], ignoreCase: boolean): number[] | null {
    const cache = this.idsCache[ignoreCase ? 1 : 0]!;
    let ids = cache.get(keywords);
    if (ids === undefined) {
      const resolved = keywords.map((k) => this.idByKey.get(keywordKey(k, ignoreCase)));
      ids = resolved.every((id) => id !== undefined) ? (resolved as number[]) : null;
      cache.set(keywords, ids);
    }
    return ids;
  }

  /** Keys (see `keywordKey`) of the keywords that occur in `text`. */
  find(text: string): Set<string> {
    const found = this.scan(text);
    const keys = new Set<string>();
    for (const entry of this.entries) if (found[entry.id]) keys.add(entry.key);
    return keys;
  }

  /**
   * One flag per keyword id: 1 when it occurs in `text`. A character pair is dropped
   * from the scan once all keywords starting with it are found, so common pairs (`se`,
   * `to`) cost little after their first hit.
   */
  scan(text: string): Uint8Array {
    const pairs = this.pairs.slice();
    const found = new Uint8Array(this.size);
    let remaining = this.size;
    const length = text.length;
    let c1 = length ? text.charCodeAt(0) : 0;
    for (let i = 0; i < length - 1 && remaining > 0; i++) {
      const c0 = c1;
      c1 = text.charCodeAt(i + 1);
      if (c0 >= 128 || c1 >= 128) continue;
      const pair = (c0 << 7) | c1;
      if (pairs[pair] === 0) continue;
      let pending = 0;
      for (const entry of this.pairEntries[pair]!) {
        if (found[entry.id]) continue;
        if (matchesAt(text, i, entry)) {
          found[entry.id] = 1;
          remaining--;
        } else pending++;
      }
      if (pending === 0) pairs[pair] = 0;
    }
    return found;
  }
}

function variants(code: number): number[] {
  const lower = lowerAscii(code);
  return lower >= 97 && lower <= 122 ? [lower, lower - 32] : [code];
}

function matchesAt(text: string, at: number, entry: Entry): boolean {
  const k = entry.text;
  if (at + k.length > text.length) return false;
  if (!entry.ignoreCase) return text.startsWith(k, at);
  for (let j = 0; j < k.length; j++) if (lowerAscii(text.charCodeAt(at + j)) !== k.charCodeAt(j)) return false;
  return true;
}

/**
 * A file's text with lazily computed keyword facts for prefilters: the keywords of a
 * shared matcher found in it (one pass), and a lower-case copy for keywords the
 * matcher does not know.
 */
export class KeywordText {
  private foundCache?: Uint8Array;
  private lowerCache?: string;

  constructor(
    readonly text: string,
    private readonly matcher?: KeywordMatcher,
  ) {}

  /** The text in lower case (computed once). */
  get lower(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }

  /** True when the text contains one of `keywords` (lower-case ones compared case-insensitively when `ignoreCase`). */
  hasAny(keywords: readonly string[], ignoreCase = false): boolean {
    const ids = this.matcher?.ids(keywords, ignoreCase);
    if (ids) {
      const found = (this.foundCache ??= this.matcher!.scan(this.text));
      return ids.some((id) => found[id] === 1);
    }
    const haystack = ignoreCase ? this.lower : this.text;
    return keywords.some((k) => haystack.includes(k));
  }
}
