import type { SourceText } from './source.js';

/**
 * GitHub Actions expressions (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions):
 * finding `${{ … }}` in scalar source text and the context properties they read.
 */

/** One `${{ … }}` occurrence. */
export interface Expression {
  /** The text between `${{` and `}}`, trimmed. */
  body: string;
  /** File offset of the `$` of `${{`. */
  offset: number;
}

/** Every `${{ … }}` in a scalar, with file offsets (the expression may span lines). */
export function findExpressions(text: SourceText): Expression[] {
  const out: Expression[] = [];
  for (const m of text.raw.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    out.push({ body: m[1]!.replace(/\s+/g, ' ').trim(), offset: text.offset + m.index });
  }
  return out;
}

/** True when the value contains at least one expression. */
export function hasExpression(value: string): boolean {
  return /\$\{\{[\s\S]*?\}\}/.test(value);
}

const CONTEXT_NAMES = 'github|env|vars|secrets|steps|needs|inputs|matrix|runner|job|jobs|strategy';
const REFERENCE = new RegExp(`(?<![\\w.\\-])(?:${CONTEXT_NAMES})(?:\\s*(?:\\.\\s*(?:[A-Za-z_][\\w-]*|\\*)|\\[[^\\]]*\\]))*`, 'gi');

/**
 * The context properties an expression reads, as lower-case dotted paths with `*` for
 * any index: `github.event.commits[0].message` → `github.event.commits.*.message`,
 * `github['head_ref']` → `github.head_ref`. String literals are ignored, so
 * `contains(x, 'github.head_ref')` reads only `x`.
 */
export function contextReferences(body: string): string[] {
  const withoutLiterals = body
    .replace(/\[\s*'((?:[^']|'')*)'\s*\]/g, (_, name: string) => `.${name.replace(/''/g, "'")}`)
    .replace(/'(?:[^']|'')*'/g, "''");
  const refs = new Set<string>();
  for (const m of withoutLiterals.matchAll(REFERENCE)) {
    const path = m[0]
      .replace(/\s+/g, '')
      .replace(/\[[^\]]*\]/g, '.*')
      .toLowerCase();
    refs.add(path);
  }
  return [...refs];
}

/** The secret names an expression reads (`secrets.NPM_TOKEN` → `NPM_TOKEN`), in source case. */
export function secretNames(body: string): string[] {
  const names = new Set<string>();
  for (const m of body.matchAll(/(?<![\w.-])secrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/gi)) names.add(m[1] ?? m[2]!);
  return [...names];
}

/** Does the dotted `path` match `pattern` segment by segment (`*` matches one segment, either side)? */
export function pathMatches(path: string, pattern: string): boolean {
  const a = path.split('.');
  const b = pattern.split('.');
  return a.length === b.length && a.every((seg, i) => seg === b[i] || seg === '*' || b[i] === '*');
}

/** Is `path` an object that contains `pattern` (a strict prefix of it)? */
export function pathContains(path: string, pattern: string): boolean {
  const a = path.split('.');
  const b = pattern.split('.');
  return a.length < b.length && a.every((seg, i) => seg === b[i] || seg === '*' || b[i] === '*');
}

/**
 * The first of `patterns` that an expression body exposes: a reference equal to one,
 * or — inside `toJSON(…)`, which serializes whole objects — an object containing one
 * (`toJSON(github.event.issue)` exposes `github.event.issue.body`).
 */
export function exposedContext(body: string, patterns: readonly string[]): { reference: string; pattern: string } | undefined {
  const serializes = /\btojson\s*\(/i.test(body);
  for (const reference of contextReferences(body)) {
    for (const pattern of patterns) {
      if (pathMatches(reference, pattern) || (serializes && pathContains(reference, pattern))) return { reference, pattern };
    }
  }
  return undefined;
}
