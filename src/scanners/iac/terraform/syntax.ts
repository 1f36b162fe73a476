/**
 * HCL syntax as plain JavaScript objects, converted once from the tree-sitter-hcl parse
 * tree (https://github.com/tree-sitter-grammars/tree-sitter-hcl, grammar of the HCL
 * native syntax spec https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md).
 * Every N-API call on an ast-grep node costs about a microsecond, so the tree is walked
 * exactly once and the evaluator never touches ast-grep.
 */
import { type SgNode, type SgRoot, parse, parseAsync } from '@ast-grep/napi';
import { HCL } from './language.js';

/** Where an expression was written. */
interface Span {
  /** Repository-relative path of the file. */
  path: string;
  /** 1-based line (of the enclosing attribute, entry or item when the expression itself was not measured). */
  line: number;
  /** The expression as written. */
  text: string;
}

/** One step after a root variable: `.name`, `[index]`, `.*` / `[*]`. */
export type Traversal = { kind: 'attr'; name: string } | { kind: 'index'; index: Expr } | { kind: 'splat' };

/** A template part: literal text (escapes already decoded) or an interpolated expression. */
export type TemplatePart = string | Expr;

/** An HCL expression. `unsupported` covers syntax Guardian does not evaluate (template directives). */
export type Expr = Span &
  (
    | { kind: 'literal'; value: string | number | boolean | null }
    | { kind: 'template'; parts: TemplatePart[] }
    | { kind: 'tuple'; items: Expr[] }
    | { kind: 'object'; entries: ObjectEntry[] }
    | { kind: 'variable'; name: string; traversals: Traversal[] }
    | { kind: 'postfix'; target: Expr; traversals: Traversal[] }
    | { kind: 'call'; name: string; args: Expr[]; expand: boolean }
    | { kind: 'conditional'; condition: Expr; then: Expr; otherwise: Expr }
    | { kind: 'unary'; operator: string; operand: Expr }
    | { kind: 'binary'; operator: string; left: Expr; right: Expr }
    | { kind: 'for'; keyVar?: string; valueVar: string; collection: Expr; key?: Expr; value: Expr; condition?: Expr; object: boolean; group: boolean }
    | { kind: 'unsupported' }
  );

/** `key = value` inside an object constructor; `name` when the key is a bare identifier. */
export interface ObjectEntry {
  key: Expr;
  name?: string;
  value: Expr;
  line: number;
}

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
  endLine: number;
}

/** A block (`resource "aws_s3_bucket" "b" { ... }`) with its body. */
export interface Block {
  type: string;
  labels: string[];
  attributes: Map<string, Attribute>;
  blocks: Block[];
  /** Repository-relative path of the file. */
  path: string;
  line: number;
  endLine: number;
}

export interface SyntaxProblem {
  line: number;
  message: string;
}

/** A parsed file: its top-level body as a block without type, and the first syntax problems. */
export interface HclFile {
  path: string;
  body: Block;
  problems: SyntaxProblem[];
}

type Node = SgNode;

/**
 * Parse HCL text (`.tf` or `.tfvars`). Never throws: syntax errors come back in
 * `problems` (line of the first few `ERROR` or missing nodes) and the rest of the file
 * is still converted. Requires `ensureHcl()` to have succeeded.
 */
export function parseHcl(path: string, text: string): HclFile {
  return convertTree(path, text, parse(HCL, text));
}

/** `parseHcl` with the tree-sitter parse on the libuv thread pool, so that several files parse at once. */
export async function parseHclAsync(path: string, text: string): Promise<HclFile> {
  return convertTree(path, text, await parseAsync(HCL, text));
}

function convertTree(path: string, text: string, tree: SgRoot): HclFile {
  const root = tree.root();
  const converter = new Converter(path, text);
  const range = root.range();
  const body: Block = { type: '', labels: [], attributes: new Map(), blocks: [], path, line: range.start.line + 1, endLine: range.end.line + 1 };
  // One native search finds error nodes at any depth; the converter adds missing tokens.
  for (const error of root.findAll({ rule: { kind: 'ERROR' } }).slice(0, 5)) converter.problem(error, 'unexpected syntax');
  const bodyNode = root.children().find((c) => c.kind() === 'body');
  if (bodyNode) converter.fillTopLevel(bodyNode, body);
  converter.problems.sort((a, b) => a.line - b.line);
  return { path, body, problems: converter.problems };
}

/** Top-level blocks Guardian never reads (providers, backend, refactoring and test blocks). */
const SKIPPED_BLOCKS = new Set(['terraform', 'provider', 'moved', 'import', 'removed', 'check', 'run']);

/** Top-level blocks of which only some attributes are read: a variable's default, an output's value. */
const KEPT_ATTRIBUTES: Record<string, ReadonlySet<string>> = { variable: new Set(['default']), output: new Set(['value']) };

/** A block's type and labels, up to its opening brace. */
const BLOCK_HEADER = /^([A-Za-z_][\w-]*)((?:\s*(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z_][\w-]*))*)\s*\{/;
const BLOCK_LABEL = /"((?:[^"\\\n]|\\.)*)"|([A-Za-z_][\w-]*)/g;

/** `name = <simple literal or reference>`: parsed from the attribute's text without walking its nodes. */
const SIMPLE_ATTRIBUTE = /^([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\$%\n]|\\[nrt"\\]|\$(?!\{)|%(?!\{))*)"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+))$/;

/**
 * Converts ast-grep nodes to the plain syntax above. Native calls dominate the cost, so
 * it asks for as little as it can: `range()` only for attributes, blocks, object entries
 * and collection items (whose lines matter), `text()` once per expression, and never
 * descends into literals.
 */
class Converter {
  readonly problems: SyntaxProblem[] = [];

  constructor(
    private readonly path: string,
    private readonly src: string,
  ) {}

  problem(node: Node, message: string): void {
    const line = node.range().start.line + 1;
    if (this.problems.length < 5 && !this.problems.some((p) => p.line === line)) this.problems.push({ line, message: `${message}: ${JSON.stringify(truncate(node.text()))}` });
  }

  /** The file's top-level body: blocks whose content Guardian never reads are not converted. */
  fillTopLevel(bodyNode: Node, into: Block): void {
    for (const child of bodyNode.children()) {
      const kind = child.kind();
      if (kind === 'attribute') {
        const attribute = this.attribute(child);
        if (attribute) into.attributes.set(attribute.name, attribute);
      } else if (kind === 'block') into.blocks.push(this.block(child, true));
    }
  }

  /** Convert a body's attributes and blocks; `keep`, when given, names the only attributes worth converting. */
  fillBody(bodyNode: Node, into: Block, keep?: ReadonlySet<string>): void {
    for (const child of bodyNode.children()) {
      const kind = child.kind();
      if (kind === 'attribute') {
        const attribute = this.attribute(child, keep);
        if (attribute) into.attributes.set(attribute.name, attribute);
      } else if (kind === 'block' && !keep) {
        into.blocks.push(this.block(child));
      }
    }
  }

  private attribute(node: Node, keep?: ReadonlySet<string>): Attribute | undefined {
    const text = node.text();
    if (keep && !keep.has(/^[\w-]*/.exec(text)![0])) return undefined;
    const range = node.range();
    const line = range.start.line + 1;
    const simple = SIMPLE_ATTRIBUTE.exec(text);
    if (simple) return { name: simple[1]!, expr: this.simpleExpression(simple, line), line, endLine: range.end.line + 1 };
    const children = node.children();
    const name = children[0];
    const expression = children[2];
    if (!name || name.kind() !== 'identifier' || !expression) return undefined;
    return { name: name.text(), expr: this.expression(expression, line), line, endLine: range.end.line + 1 };
  }

  private block(node: Node, top = false): Block {
    const range = node.range();
    const block: Block = { type: '', labels: [], attributes: new Map(), blocks: [], path: this.path, line: range.start.line + 1, endLine: range.end.line + 1 };
    const header = BLOCK_HEADER.exec(node.text());
    if (header) {
      block.type = header[1]!;
      for (const label of header[2]!.matchAll(BLOCK_LABEL)) block.labels.push(label[1] !== undefined ? decodeQuoted(label[1]) : label[2]!);
    }
    // Children: type, labels, block_start, body (absent when empty), block_end.
    const children = node.children();
    const end = children[children.length - 1];
    const body = children[children.length - 2];
    if (body?.kind() === 'body' && !(top && SKIPPED_BLOCKS.has(block.type))) this.fillBody(body, block, top ? KEPT_ATTRIBUTES[block.type] : undefined);
    if (!header || end?.text() !== '}') this.problem(node, 'block is not closed');
    return block;
  }

  private simpleExpression(match: RegExpExecArray, line: number): Expr {
    const [, , string, number, keyword, reference] = match;
    const text = match[0].slice(match[0].indexOf('=') + 1).trim();
    if (string !== undefined) return { path: this.path, line, text, kind: 'literal', value: decodeQuoted(string) };
    if (number !== undefined) return { path: this.path, line, text, kind: 'literal', value: Number(number) };
    if (keyword !== undefined) return { path: this.path, line, text, kind: 'literal', value: keyword === 'null' ? null : keyword === 'true' };
    const [name, ...attributes] = reference!.split('.');
    return { path: this.path, line, text, kind: 'variable', name: name!, traversals: attributes.map((a) => ({ kind: 'attr', name: a })) };
  }

  /**
   * An `expression` node or any of its alternatives, written on `line`. `measure`: an
   * item of a collection or call, whose own line is worth a native call when it is a
   * nested collection (a policy statement).
   */
  expression(node: Node, line: number, measure = false): Expr {
    const kind = node.kind();
    switch (kind) {
      case 'expression': {
        const children = node.children();
        if (measure && children.length === 1 && children[0]!.kind() === 'collection_value') return this.expression(children[0]!, node.range().start.line + 1);
        return this.operand(children, node, line);
      }
      case 'literal_value':
        return this.literal(node, line);
      case 'template_expr':
        return this.template(node.children()[0] ?? node, line);
      case 'collection_value':
        return this.collection(node.children()[0] ?? node, line);
      case 'function_call':
        return this.call(node, line);
      case 'conditional': {
        const parts = node.children().filter((c) => c.kind() === 'expression');
        if (parts.length !== 3) return this.unsupported(node, line);
        return { ...this.span(node, line), kind: 'conditional', condition: this.expression(parts[0]!, line), then: this.expression(parts[1]!, line), otherwise: this.expression(parts[2]!, line) };
      }
      case 'operation':
        return this.expression(node.children()[0] ?? node, line);
      case 'unary_operation': {
        const [operator, ...operand] = node.children();
        if (!operator || operand.length === 0) return this.unsupported(node, line);
        return { ...this.span(node, line), kind: 'unary', operator: operator.text(), operand: this.operand(operand, node, line) };
      }
      case 'binary_operation': {
        // Operands are not wrapped: `var.env == "x"` has children variable_expr, get_attr, ==, literal_value.
        const children = node.children();
        const at = children.findIndex((c, i) => i > 0 && !c.isNamed());
        if (at < 1 || at === children.length - 1) return this.unsupported(node, line);
        const left = this.operand(children.slice(0, at), node, line);
        const right = this.operand(children.slice(at + 1), node, line);
        return { ...this.span(node, line), kind: 'binary', operator: children[at]!.text(), left, right };
      }
      case 'for_expr':
        return this.forExpression(node.children()[0] ?? node, line);
      case 'variable_expr': {
        const text = node.text();
        return { path: this.path, line, text, kind: 'variable', name: text, traversals: [] };
      }
      default:
        return this.unsupported(node, line);
    }
  }

  private span(node: Node, line: number): Span {
    return { path: this.path, line, text: node.text() };
  }

  private unsupported(node: Node, line: number): Expr {
    return { ...this.span(node, line), kind: 'unsupported' };
  }

  /** A primary (or parenthesised expression) and the traversals after it, `whole` being their parent. */
  private operand(children: Node[], whole: Node, line: number): Expr {
    const first = children[0];
    if (!first) return this.unsupported(whole, line);
    if (children.length === 1) return this.expression(first, line);
    const parenthesised = first.kind() === '(';
    const primary = parenthesised ? (children[1] ? this.expression(children[1], line) : this.unsupported(whole, line)) : this.expression(first, line);
    const rest = children.slice(parenthesised ? 3 : 1);
    if (rest.length === 0) return primary;
    const traversals: Traversal[] = [];
    for (const step of rest) this.traversal(step, traversals, line);
    const text = this.src.slice(first.range().start.index, children[children.length - 1]!.range().end.index);
    if (primary.kind === 'variable' && !parenthesised) return { path: this.path, line, text, kind: 'variable', name: primary.name, traversals };
    return { path: this.path, line, text, kind: 'postfix', target: primary, traversals };
  }

  private traversal(node: Node, into: Traversal[], line: number): void {
    switch (node.kind()) {
      case 'get_attr': {
        // `.name`: the text without its dot.
        into.push({ kind: 'attr', name: node.text().replace(/^\s*\.\s*/, '') });
        return;
      }
      case 'index': {
        const inner = node.children()[0];
        if (!inner) return;
        if (inner.kind() === 'legacy_index') {
          const digits = /\d+/.exec(inner.text());
          if (digits) into.push({ kind: 'index', index: { path: this.path, line, text: digits[0], kind: 'literal', value: Number(digits[0]) } });
          return;
        }
        const expression = inner.children().find((c) => c.kind() === 'expression');
        if (expression) into.push({ kind: 'index', index: this.expression(expression, line) });
        return;
      }
      case 'splat': {
        into.push({ kind: 'splat' });
        const inner = node.children()[0];
        for (const step of inner?.children() ?? []) if (step.isNamed()) this.traversal(step, into, line);
        return;
      }
      default:
        return;
    }
  }

  private literal(node: Node, line: number): Expr {
    const inner = node.children()[0];
    if (!inner) return this.unsupported(node, line);
    const kind = inner.kind();
    if (kind === 'string_lit') {
      const text = inner.text();
      return { path: this.path, line, text, kind: 'literal', value: this.stringLiteral(inner, text) };
    }
    const text = inner.text();
    const value = kind === 'numeric_lit' ? Number(text) : kind === 'bool_lit' ? text === 'true' : null;
    return { path: this.path, line, text, kind: 'literal', value };
  }

  /** A `string_lit` without interpolation: the decoded text between the quotes. */
  private stringLiteral(node: Node, text = node.text()): string {
    if (text.length < 2 || !text.endsWith('"')) {
      this.problem(node, 'string is not closed');
      return decodeQuoted(text.slice(1));
    }
    return decodeQuoted(text.slice(1, -1));
  }

  private template(node: Node, line: number): Expr {
    const heredoc = node.kind() === 'heredoc_template';
    const parts: TemplatePart[] = [];
    let contentEnd: number | undefined;
    let stripIndent = false;
    let cursor: number | undefined;
    const addText = (from: number, to: number) => {
      if (to > from) parts.push(heredoc ? decodeHeredoc(this.src.slice(from, to)) : decodeQuoted(this.src.slice(from, to)));
    };
    for (const child of node.children()) {
      const kind = child.kind();
      if (kind === 'heredoc_start') stripIndent = child.text() === '<<-';
      else if (kind === 'heredoc_identifier') {
        const range = child.range();
        if (cursor === undefined) cursor = this.src.indexOf('\n', range.end.index) + 1;
        else contentEnd = this.src.lastIndexOf('\n', range.start.index) + 1;
      } else if (kind === 'quoted_template_start') {
        cursor = child.range().end.index;
      } else if (kind === 'quoted_template_end') {
        const range = child.range();
        contentEnd = range.start.index;
        if (range.start.index === range.end.index) this.problem(node, 'string is not closed');
      } else if (kind === 'template_interpolation' || kind === 'template_directive') {
        const range = child.range();
        if (cursor !== undefined) addText(cursor, range.start.index);
        cursor = range.end.index;
        const partLine = range.start.line + 1;
        const expression = kind === 'template_interpolation' ? child.children().find((c) => c.kind() === 'expression') : undefined;
        parts.push(expression ? this.expression(expression, partLine) : this.unsupported(child, partLine));
      }
    }
    if (cursor !== undefined && contentEnd !== undefined) addText(cursor, Math.max(cursor, contentEnd));
    if (heredoc && stripIndent) stripHeredocIndent(parts);
    const text = node.text();
    if (parts.length === 0) return { path: this.path, line, text, kind: 'literal', value: '' };
    if (parts.length === 1 && typeof parts[0] === 'string') return { path: this.path, line, text, kind: 'literal', value: parts[0] };
    return { path: this.path, line, text, kind: 'template', parts };
  }

  private collection(node: Node, line: number): Expr {
    if (node.kind() === 'tuple') {
      const items = node
        .children()
        .filter((c) => c.kind() === 'expression')
        .map((c) => this.expression(c, line, true));
      return { ...this.span(node, line), kind: 'tuple', items };
    }
    if (node.kind() === 'object') {
      const entries: ObjectEntry[] = [];
      for (const element of node.children()) {
        if (element.kind() !== 'object_elem') continue;
        const [keyNode, , valueNode] = element.children();
        if (!keyNode || !valueNode) continue;
        const entryLine = element.range().start.line + 1;
        const key = this.expression(keyNode, entryLine);
        const entry: ObjectEntry = { key, value: this.expression(valueNode, entryLine), line: entryLine };
        if (key.kind === 'variable' && key.traversals.length === 0) entry.name = key.name;
        entries.push(entry);
      }
      return { ...this.span(node, line), kind: 'object', entries };
    }
    return this.unsupported(node, line);
  }

  private call(node: Node, line: number): Expr {
    const children = node.children();
    const name = children[0]?.text() ?? '';
    const argumentsNode = children.find((c) => c.kind() === 'function_arguments');
    const args: Expr[] = [];
    let expand = false;
    for (const child of argumentsNode?.children() ?? []) {
      const kind = child.kind();
      if (kind === 'expression') args.push(this.expression(child, line, true));
      else if (kind === 'expanded_argument' || kind === '...') expand = true;
    }
    return { ...this.span(node, line), kind: 'call', name, args, expand };
  }

  private forExpression(node: Node, line: number): Expr {
    const children = node.children();
    const intro = children.find((c) => c.kind() === 'for_intro');
    if (!intro) return this.unsupported(node, line);
    const introChildren = intro.children();
    const names = introChildren.filter((c) => c.kind() === 'identifier').map((c) => c.text());
    const collectionNode = introChildren.find((c) => c.kind() === 'expression');
    const bodies = children.filter((c) => c.kind() === 'expression');
    const conditionNode = children.find((c) => c.kind() === 'for_cond')?.children().find((c) => c.kind() === 'expression');
    if (!collectionNode || bodies.length === 0 || names.length === 0) return this.unsupported(node, line);
    const object = node.kind() === 'for_object_expr';
    const [keyVar, valueVar] = names.length === 2 ? [names[0], names[1]!] : [undefined, names[0]!];
    const expr: Expr = {
      ...this.span(node, line),
      kind: 'for',
      valueVar,
      collection: this.expression(collectionNode, line),
      value: this.expression(bodies[object ? 1 : 0] ?? bodies[0]!, line),
      object,
      group: object && children.some((c) => c.kind() === 'ellipsis' || c.kind() === '...'),
    };
    if (keyVar !== undefined) expr.keyVar = keyVar;
    if (object) expr.key = this.expression(bodies[0]!, line);
    if (conditionNode) expr.condition = this.expression(conditionNode, line);
    return expr;
  }
}


/** The source text of `expr` as written. */
export const sourceText = (expr: Expr): string => expr.text;

const truncate = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decode a quoted template's literal text: `\n`, `\"`, `\uNNNN`, `$${`, `%%{` (HCL spec, "Template Literals"). */
export function decodeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (escape === undefined) return match.slice(1);
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? match;
  });
}

/** Heredocs take no backslash escapes, only `$${` and `%%{`. */
const decodeHeredoc = (raw: string): string => raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

/** `<<-` removes the smallest indentation of the content's lines (Terraform "Indented Heredocs"). */
function stripHeredocIndent(parts: TemplatePart[]): void {
  // Work on the text with each interpolation as one placeholder character, then split back.
  const HOLE = '\u0000';
  const joined = parts.map((p) => (typeof p === 'string' ? p.replaceAll(HOLE, '') : HOLE)).join('');
  const lines = joined.split('\n');
  let smallest = Infinity;
  for (const line of lines) if (line.trim() !== '') smallest = Math.min(smallest, /^[ \t]*/.exec(line)![0].length);
  if (!Number.isFinite(smallest) || smallest === 0) return;
  const stripped = lines.map((line) => line.slice(Math.min(smallest, /^[ \t]*/.exec(line)![0].length))).join('\n');
  const expressions = parts.filter((p): p is Expr => typeof p !== 'string');
  const pieces = stripped.split(HOLE);
  parts.length = 0;
  pieces.forEach((piece, i) => {
    if (piece !== '') parts.push(piece);
    const expression = expressions[i];
    if (i < pieces.length - 1 && expression) parts.push(expression);
  });
}
