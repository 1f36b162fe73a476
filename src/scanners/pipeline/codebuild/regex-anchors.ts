/**
 * Is a webhook filter regex anchored, and does it match only the literal values it lists?
 *
 * CodeBuild tests filter patterns with a regular-expression *search*: `12345` matches
 * the actor id `912345678` because it occurs inside it. An allow-list pattern is safe
 * only when every top-level alternative is anchored at both ends (`^12345$`,
 * `^(12345|67890)$`, `^12345$|^67890$`); `^12345|67890$` is not, since its first
 * alternative is open at the end and its second at the start (the "CodeBreach" finding
 * of 2025; CodeBuild user guide, "Webhooks", security best practices).
 *
 * The parser understands the subset of Java/ECMAScript regex syntax that matters for
 * anchoring: alternation, groups (capturing, `(?:`, named, inline flags, lookaround),
 * character classes, escapes, `^ $ \A \z \Z`, and quantifiers.
 */

type Item =
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'atom'; broad: boolean }
  | { kind: 'group'; alternatives: Item[][]; zeroWidth: boolean; optional: boolean; broad: boolean };

/** A pattern the parser could not read (unbalanced group or class, dangling escape). */
export class PatternSyntaxError extends Error {}

/** What `analyzePattern` found. */
export interface PatternAnalysis {
  /** True when every top-level alternative is anchored at start and at end. */
  anchored: boolean;
  /** The top-level alternatives (source text) that are not anchored at both ends. */
  unanchored: string[];
  /** True when no alternative uses wildcards, classes or quantifiers (only listed literals match). */
  literal: boolean;
  /** The top-level alternatives (source text) with wildcards, classes or quantifiers. */
  broad: string[];
}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  /** Parse the whole pattern: its top-level alternatives with their source text. */
  parseTop(): { items: Item[]; text: string }[] {
    const out: { items: Item[]; text: string }[] = [];
    let from = 0;
    for (;;) {
      const items = this.sequence();
      out.push({ items, text: this.src.slice(from, this.i) });
      if (this.i >= this.src.length) return out;
      if (this.src[this.i] === ')') throw new PatternSyntaxError(`unbalanced ')' at offset ${this.i}`);
      this.i++; // '|'
      from = this.i;
    }
  }

  /** Items up to `|`, `)` or the end. */
  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.i < this.src.length) {
      const c = this.src[this.i]!;
      if (c === '|' || c === ')') break;
      if ('*+?{'.includes(c) && this.quantify(items)) continue;
      items.push(this.item());
    }
    return items;
  }

  private item(): Item {
    const c = this.src[this.i++]!;
    switch (c) {
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '.':
        return { kind: 'atom', broad: true };
      case '[':
        this.skipClass();
        return { kind: 'atom', broad: true };
      case '(':
        return this.group();
      case '\\': {
        const e = this.src[this.i++];
        if (e === undefined) throw new PatternSyntaxError('dangling backslash at the end');
        if (e === 'A') return { kind: 'start' };
        if (e === 'z' || e === 'Z') return { kind: 'end' };
        if (e === 'b' || e === 'B') return { kind: 'group', alternatives: [[]], zeroWidth: true, optional: false, broad: false };
        return { kind: 'atom', broad: /[dDwWsSpPhHvVRX]/.test(e) };
      }
      default:
        return { kind: 'atom', broad: false };
    }
  }

  /** Apply a quantifier to the last item; false when `{` is a literal brace. */
  private quantify(items: Item[]): boolean {
    const c = this.src[this.i]!;
    let optional = c === '*' || c === '?';
    if (c === '{') {
      const m = /^\{(\d*)(,\d*)?\}/.exec(this.src.slice(this.i));
      if (!m || (m[1] === '' && !m[2])) return false;
      optional = m[1] === '' || Number(m[1]) === 0;
      this.i += m[0].length;
    } else {
      this.i++;
    }
    if (this.src[this.i] === '?' || this.src[this.i] === '+') this.i++; // lazy / possessive
    const last = items.pop();
    if (!last) return true; // a leading quantifier quantifies nothing; ignore it
    // A quantified anchor or item no longer fixes the match's edges or length.
    items.push({ kind: 'group', alternatives: [[last]], zeroWidth: false, optional, broad: true });
    return true;
  }

  private group(): Item {
    let zeroWidth = false;
    if (this.src[this.i] === '?') {
      const rest = this.src.slice(this.i);
      const flags = /^\?[a-zA-Z-]*\)/.exec(rest);
      if (flags) {
        this.i += flags[0].length;
        return { kind: 'group', alternatives: [[]], zeroWidth: true, optional: false, broad: false };
      }
      const prefix = /^\?(?:[=!]|<[=!]|<[A-Za-z][A-Za-z0-9]*>|P<[A-Za-z][A-Za-z0-9]*>|[a-zA-Z-]*:|>)/.exec(rest);
      if (!prefix) throw new PatternSyntaxError(`unknown group syntax at offset ${this.i - 1}`);
      zeroWidth = /^\?<?[=!]/.test(prefix[0]);
      this.i += prefix[0].length;
    }
    const alternatives: Item[][] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alternatives.push(this.sequence());
    }
    if (this.src[this.i] !== ')') throw new PatternSyntaxError('unbalanced \'(\'');
    this.i++;
    return { kind: 'group', alternatives, zeroWidth, optional: false, broad: false };
  }

  private skipClass(): void {
    if (this.src[this.i] === '^') this.i++;
    if (this.src[this.i] === ']') this.i++;
    while (this.i < this.src.length) {
      const c = this.src[this.i++];
      if (c === '\\') this.i++;
      else if (c === '[') this.skipClass(); // Java nested class / union
      else if (c === ']') return;
    }
    throw new PatternSyntaxError("unbalanced '['");
  }
}

/** True when every match of `items` must start (edge `first`) or end (`last`) at the string's edge. */
function anchoredAt(items: readonly Item[], edge: 'start' | 'end'): boolean {
  const ordered = edge === 'start' ? items : [...items].reverse();
  for (const item of ordered) {
    if (item.kind === 'group' && item.zeroWidth) continue;
    if (item.kind === edge) return true;
    if (item.kind === 'group' && !item.optional && !item.broad) return item.alternatives.every((alt) => anchoredAt(alt, edge));
    return false;
  }
  return false;
}

/** True when some item (at any depth) is a wildcard, class, shorthand or quantified. */
function isBroad(items: readonly Item[]): boolean {
  return items.some((item) => (item.kind === 'atom' && item.broad) || (item.kind === 'group' && !item.zeroWidth && (item.broad || item.alternatives.some(isBroad))));
}

/**
 * Analyse a webhook filter pattern (see module comment).
 * @throws PatternSyntaxError when the pattern is not a readable regular expression.
 */
export function analyzePattern(pattern: string): PatternAnalysis {
  const top = new Parser(pattern).parseTop();
  const unanchored = top.filter((alt) => !(anchoredAt(alt.items, 'start') && anchoredAt(alt.items, 'end'))).map((alt) => alt.text);
  const broad = top.filter((alt) => isBroad(alt.items)).map((alt) => alt.text);
  return { anchored: unanchored.length === 0, unanchored, literal: broad.length === 0, broad };
}
