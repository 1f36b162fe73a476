/**
 * A Python string built at run time, taken apart into its literal text and the
 * expressions spliced into it: f-strings, implicit and `+` concatenation, `%` formatting
 * and `str.format` (https://docs.python.org/3/reference/lexical_analysis.html#f-strings,
 * https://docs.python.org/3/library/stdtypes.html#printf-style-string-formatting).
 */
import type { SgNode } from '@ast-grep/napi';
import type { NoFix } from '../fixer.js';

/** Literal text (as the characters of the running string) or the source of an expression. */
export type StringPart = { text: string } | { expr: string };

/** A built string: its parts, and how to write a plain literal in the same style. */
export interface BuiltString {
  parts: StringPart[];
  /** Writes `text` as a literal with the original quote and prefix (without `f`); undefined when it cannot. */
  literal(text: string): string | undefined;
}

interface Piece {
  prefix: string;
  quote: string;
  /** Source text between the quotes. */
  body: string;
  node: SgNode;
}

const refuse = (why: string): NoFix => ({ reason: why });

/** Unescaped text of a literal body; undefined when it holds escapes the fix would have to interpret. */
function bodyText(body: string, raw: boolean): string | undefined {
  if (raw || !body.includes('\\')) return body;
  return undefined;
}

function pieceOf(node: SgNode): Piece | undefined {
  if (node.kind() !== 'string') return undefined;
  const start = node.children().find((c) => c.kind() === 'string_start')?.text() ?? '';
  const end = node.children().find((c) => c.kind() === 'string_end')?.text() ?? '';
  const match = /^([A-Za-z]*)(.+)$/s.exec(start);
  if (!match || match[2] !== end) return undefined;
  const text = node.text();
  return { prefix: match[1]!.toLowerCase(), quote: end, body: text.slice(start.length, text.length - end.length), node };
}

/** Parts of one string literal: f-string interpolations become expressions. */
function literalParts(piece: Piece): StringPart[] | NoFix {
  if (piece.prefix.includes('b') || piece.prefix.includes('u')) return refuse('the command or query is a bytes or u-prefixed literal');
  const raw = piece.prefix.includes('r');
  if (!piece.prefix.includes('f')) {
    const text = bodyText(piece.body, raw);
    return text === undefined ? refuse('the literal contains escape sequences') : [{ text }];
  }
  const parts: StringPart[] = [];
  const base = piece.node.range().start.index + piece.prefix.length + piece.quote.length;
  let at = 0;
  for (const child of piece.node.children().filter((c) => c.kind() === 'interpolation')) {
    const offset = child.range().start.index - base;
    const text = bodyText(piece.body.slice(at, offset).replaceAll('{{', '{').replaceAll('}}', '}'), raw);
    if (text === undefined) return refuse('the f-string contains escape sequences');
    if (text) parts.push({ text });
    if (child.children().some((c) => c.kind() === 'type_conversion' || c.kind() === 'format_specifier')) return refuse(`the f-string formats ${child.text()} with a conversion or format spec`);
    const expr = child.children().find((c) => c.isNamed());
    if (!expr) return refuse(`cannot read ${child.text()}`);
    parts.push({ expr: expr.text() });
    at = child.range().end.index - base;
  }
  const tail = bodyText(piece.body.slice(at).replaceAll('{{', '{').replaceAll('}}', '}'), raw);
  if (tail === undefined) return refuse('the f-string contains escape sequences');
  if (tail) parts.push({ text: tail });
  return parts;
}

/** `%s`, `%d`, `%i`, `%f`, `%r` and `%%` in a printf-style template; named or width/precision specs are refused. */
function percentParts(template: string, args: SgNode[]): StringPart[] | NoFix {
  const parts: StringPart[] = [];
  let text = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch !== '%') {
      text += ch;
      continue;
    }
    const spec = template[++i];
    if (spec === '%') text += '%';
    else if (spec && 'sdifr'.includes(spec)) {
      const arg = args[next++];
      if (!arg) return refuse('the % template has more placeholders than values');
      if (text) parts.push({ text });
      text = '';
      parts.push({ expr: arg.text() });
    } else return refuse(`the % template uses %${spec ?? ''}, which the fix does not rewrite`);
  }
  if (next !== args.length) return refuse('the % template has fewer placeholders than values');
  if (text) parts.push({ text });
  return parts;
}

/** `{}` and `{0}` fields of a `str.format` template; named fields and format specs are refused. */
function formatParts(template: string, args: SgNode[]): StringPart[] | NoFix {
  const parts: StringPart[] = [];
  let text = '';
  let auto = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if ((ch === '{' || ch === '}') && template[i + 1] === ch) {
      text += ch;
      i++;
    } else if (ch === '{') {
      const close = template.indexOf('}', i);
      const field = template.slice(i + 1, close);
      if (close < 0 || !/^\d*$/.test(field)) return refuse(`the format template has the field {${field}}, which the fix does not rewrite`);
      const arg = args[field === '' ? auto++ : Number(field)];
      if (!arg) return refuse('the format template names a value that is not passed');
      if (text) parts.push({ text });
      text = '';
      parts.push({ expr: arg.text() });
      i = close;
    } else text += ch;
  }
  if (text) parts.push({ text });
  return parts;
}

/** Every literal piece of a `+` chain or implicit concatenation, and the spliced expressions, in order. */
function collect(node: SgNode, pieces: Piece[], parts: StringPart[]): NoFix | undefined {
  const kind = node.kind();
  if (kind === 'parenthesized_expression') {
    const inner = node.children().find((c) => c.isNamed());
    return inner ? collect(inner, pieces, parts) : refuse('empty parentheses');
  }
  if (kind === 'concatenated_string' || (kind === 'binary_operator' && node.field('operator')?.text() === '+')) {
    for (const child of kind === 'concatenated_string' ? node.children().filter((c) => c.isNamed()) : [node.field('left')!, node.field('right')!]) {
      const failed = collect(child, pieces, parts);
      if (failed) return failed;
    }
    return undefined;
  }
  const piece = pieceOf(node);
  if (!piece) {
    parts.push({ expr: node.text() });
    return undefined;
  }
  pieces.push(piece);
  const own = literalParts(piece);
  if ('reason' in own) return own;
  parts.push(...own);
  return undefined;
}

function merged(parts: StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if ('text' in part && last && 'text' in last) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/**
 * The parts of a string expression built at run time, or why it cannot be taken apart
 * (escape sequences, conversions, mixed quote styles, a template without a literal).
 */
export function builtString(node: SgNode): BuiltString | NoFix {
  const pieces: Piece[] = [];
  let parts: StringPart[] = [];
  const operator = node.kind() === 'binary_operator' ? node.field('operator')?.text() : undefined;
  const formatCall = node.kind() === 'call' && node.field('function')?.kind() === 'attribute' && node.field('function')?.field('attribute')?.text() === 'format' ? node : undefined;
  if (operator === '%' || formatCall) {
    const templateNode = operator ? node.field('left')! : formatCall!.field('function')!.field('object')!;
    const piece = pieceOf(templateNode);
    if (!piece || piece.prefix.includes('f')) return refuse('the template is not a plain string literal');
    const template = bodyText(piece.body, piece.prefix.includes('r'));
    if (template === undefined) return refuse('the template contains escape sequences');
    pieces.push(piece);
    let args: SgNode[];
    if (operator) {
      const right = node.field('right')!;
      args = right.kind() === 'tuple' ? right.children().filter((c) => c.isNamed()) : [right.kind() === 'parenthesized_expression' ? right.children().find((c) => c.isNamed())! : right];
    } else {
      const list = formatCall!.field('arguments')?.children().filter((c) => c.isNamed()) ?? [];
      if (list.some((a) => ['keyword_argument', 'list_splat', 'dictionary_splat'].includes(String(a.kind())))) return refuse('format() takes keyword or unpacked arguments');
      args = list;
    }
    const own = operator ? percentParts(template, args) : formatParts(template, args);
    if ('reason' in own) return own;
    parts = own;
  } else {
    const failed = collect(node, pieces, parts);
    if (failed) return failed;
  }
  if (!pieces.length) return refuse('no string literal in the expression');
  const { prefix, quote } = pieces[0]!;
  if (pieces.some((p) => p.quote !== quote || p.prefix.replace('f', '') !== prefix.replace('f', ''))) return refuse('the string is assembled from literals with different quotes or prefixes');
  const plainPrefix = prefix.replace('f', '');
  return {
    parts: merged(parts),
    literal: (text) => (text.includes(quote[0]!) || (!plainPrefix.includes('r') && text.includes('\\')) ? undefined : `${plainPrefix}${quote}${text}${quote}`),
  };
}
