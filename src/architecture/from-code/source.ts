/**
 * One parsed source file with the questions the code extractor asks of it: every call
 * with its qualified callee and arguments, string values (literals, the literal prefix of
 * f-strings and template strings, names bound to literals), environment-variable reads,
 * and import bindings. Parsing is ast-grep (tree-sitter), as in the SAST scanner; the
 * node mirrors of `src/scanners/sast/tree.ts` keep N-API crossings to one per property.
 */
import { Lang, parse } from '@ast-grep/napi';
import { registerAstLanguages } from '../../core/ast-languages.js';
import { type Language, languageFamily } from '../../core/languages.js';
import { type AstNode, NodeCache } from '../../scanners/sast/tree.js';

registerAstLanguages();

const AST_GREP_LANG: Record<Language, string> = { python: 'python', javascript: Lang.JavaScript, typescript: Lang.TypeScript, tsx: Lang.Tsx };

/** A call (or `new`) expression. */
export interface Call {
  node: AstNode;
  /** The callee as written, whitespace removed (`app.route`, `require('fastify')`). */
  callee: string;
  /** The callee with its first name replaced by what it was imported as (`flask.Flask`). */
  qualified: string;
  /** The last name of the callee (`route` for `app.route`). */
  method: string;
  /** The callee's object as written (`app` for `app.route`), '' for a plain function. */
  receiver: string;
  positional: AstNode[];
  /** Python keyword arguments; for JavaScript the properties of object-literal arguments. */
  keywords: Map<string, AstNode>;
  line: number;
}

/** A string as far as the source shows it. `complete` is false for an f-string/template prefix. */
export interface StringValue {
  value: string;
  complete: boolean;
}

const JS_STRING_KINDS = new Set(['string', 'template_string']);

/** A parsed file of one of Guardian's code languages. */
export class SourceFile {
  readonly family: 'python' | 'javascript';
  readonly root: AstNode;
  /** Local name → qualified module path (`np` → `numpy`, `bp` → `.views.bp`, `Pool` → `pg.Pool`). */
  readonly imports = new Map<string, string>();
  /** Module specifiers imported, as written (`flask`, `./routes/users`, `.views`). */
  readonly importedModules: string[] = [];
  private callsValue?: Call[];
  private readonly callCache = new Map<number, Call | undefined>();
  private literalBindingsValue?: Map<string, AstNode>;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly language: Language,
  ) {
    this.family = languageFamily(language);
    this.root = new NodeCache().wrap(parse(AST_GREP_LANG[language], text).root());
    if (this.family === 'python') this.readPythonImports();
    else this.readJavaScriptImports();
  }

  /** 1-based line of a node. */
  line(node: AstNode): number {
    return node.range().start.line + 1;
  }

  /** Every node of one of `kinds`, in source order. */
  all(...kinds: string[]): AstNode[] {
    return this.root.findAll({ rule: { any: kinds.map((kind) => ({ kind })) } });
  }

  /** Nodes of one of `kinds` whose text matches `regex` (Rust regex syntax), filtered natively. */
  matching(regex: string, ...kinds: string[]): AstNode[] {
    return this.root.findAll({ rule: { any: kinds.map((kind) => ({ kind, regex })) } });
  }

  /** Every call and `new` expression, in source order. */
  calls(): Call[] {
    if (this.callsValue) return this.callsValue;
    const kinds = this.family === 'python' ? ['call'] : ['call_expression', 'new_expression'];
    return (this.callsValue = this.all(...kinds).flatMap((node) => this.call(node) ?? []));
  }

  /** The call at `node`, or undefined when it is not one. Cached per node: every N-API crossing costs. */
  call(node: AstNode): Call | undefined {
    const id = node.id();
    if (this.callCache.has(id)) return this.callCache.get(id);
    const call = this.readCall(node);
    this.callCache.set(id, call);
    return call;
  }

  private readCall(node: AstNode): Call | undefined {
    const kind = node.kind();
    const calleeNode = kind === 'new_expression' ? node.field('constructor') : kind === 'call' || kind === 'call_expression' ? node.field('function') : null;
    if (!calleeNode) return undefined;
    const callee = calleeNode.text().replace(/\s+/g, '');
    const dot = lastDot(callee);
    // Arguments are read on first use: most calls in a file are never asked about them.
    let args: { positional: AstNode[]; keywords: Map<string, AstNode> } | undefined;
    const readArgs = () => (args ??= this.arguments(node.field('arguments')));
    let line: number | undefined;
    const lineOf = () => (line ??= this.line(node));
    return {
      node,
      callee,
      qualified: this.qualify(callee),
      method: dot < 0 ? callee : callee.slice(dot + 1),
      receiver: dot < 0 ? '' : callee.slice(0, dot),
      get positional() {
        return readArgs().positional;
      },
      get keywords() {
        return readArgs().keywords;
      },
      get line() {
        return lineOf();
      },
    };
  }

  private arguments(list: AstNode | null): { positional: AstNode[]; keywords: Map<string, AstNode> } {
    const positional: AstNode[] = [];
    const keywords = new Map<string, AstNode>();
    for (const arg of list?.namedChildren() ?? []) {
      const argKind = arg.kind();
      if (argKind === 'comment') continue;
      if (argKind === 'keyword_argument') {
        const name = arg.field('name');
        const value = arg.field('value');
        if (name && value) keywords.set(name.text(), value);
        continue;
      }
      positional.push(arg);
      if (argKind === 'object') for (const [key, value] of this.properties(arg)) if (!keywords.has(key)) keywords.set(key, value);
    }
    return { positional, keywords };
  }

  /** Properties of a JavaScript object literal (`{ a: 1, b }`), by key. */
  properties(object: AstNode): Map<string, AstNode> {
    const out = new Map<string, AstNode>();
    for (const child of object.namedChildren()) {
      if (child.kind() === 'pair') {
        const key = child.field('key');
        const value = child.field('value');
        if (key && value) out.set(stripQuotes(key.text()), value);
      } else if (child.kind() === 'shorthand_property_identifier') {
        out.set(child.text(), child);
      }
    }
    return out;
  }

  /**
   * A dotted name with its first part replaced by its import: `sq.connect` → `sqlite3.connect`
   * after `import sqlite3 as sq`; `require('fastify')` → `fastify`. Other callees unchanged.
   */
  qualify(callee: string): string {
    const required = /^require\((['"`])([^'"`]+)\1\)(.*)$/.exec(callee);
    if (required) return required[2]! + required[3]!;
    const dot = callee.indexOf('.');
    const head = dot < 0 ? callee : callee.slice(0, dot);
    const module = this.imports.get(head);
    return module === undefined ? callee : module + (dot < 0 ? '' : callee.slice(dot));
  }

  /**
   * The string `node` evaluates to, as far as the file shows: a literal, the literal
   * prefix of an f-string / template string / concatenation, or a name assigned a string
   * somewhere in this file. Undefined otherwise.
   */
  stringValue(node: AstNode | null | undefined, depth = 0): StringValue | undefined {
    if (!node || depth > 4) return undefined;
    const kind = node.kind();
    if (this.family === 'python') {
      if (kind === 'string') return pythonString(node, (inner) => this.stringValue(inner, depth + 1));
      if (kind === 'concatenated_string') return joinValues(node.namedChildren().map((c) => this.stringValue(c, depth + 1)));
      if (kind === 'binary_operator' && node.field('operator')?.text() === '+') {
        return joinValues([this.stringValue(node.field('left'), depth + 1), this.stringValue(node.field('right'), depth + 1)]);
      }
      if (kind === 'parenthesized_expression') return this.stringValue(node.namedChildren()[0], depth + 1);
    } else {
      if (JS_STRING_KINDS.has(kind)) return javascriptString(node, (inner) => this.stringValue(inner, depth + 1));
      if (kind === 'binary_expression' && node.field('operator')?.text() === '+') {
        return joinValues([this.stringValue(node.field('left'), depth + 1), this.stringValue(node.field('right'), depth + 1)]);
      }
      if (kind === 'parenthesized_expression') return this.stringValue(node.namedChildren()[0], depth + 1);
    }
    if (kind === 'identifier') {
      const bound = this.literalBindings().get(node.text());
      return bound ? this.stringValue(bound, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The environment variable `node` reads (`os.environ['X']`, `os.getenv('X')`, `process.env.X`), or undefined. */
  envName(node: AstNode | null | undefined, envReads: ReadonlySet<string>): string | undefined {
    if (!node) return undefined;
    const kind = node.kind();
    if (this.family === 'python') {
      if (kind === 'subscript' && /^(os\.)?environ$/.test(node.field('value')?.text() ?? '')) return this.stringValue(node.field('subscript'))?.value;
      if (kind === 'call') {
        const call = this.call(node);
        if (call && (envReads.has(call.qualified) || envReads.has(call.callee))) return literalName(this.stringValue(call.positional[0]));
      }
      return undefined;
    }
    if (kind === 'member_expression' && node.field('object')?.text() === 'process.env') return node.field('property')?.text();
    if (kind === 'subscript_expression' && node.field('object')?.text() === 'process.env') return literalName(this.stringValue(node.field('index')));
    if (kind === 'binary_expression' || kind === 'parenthesized_expression') {
      // `process.env.X || 'default'`, `(process.env.X)`.
      return this.envName(node.field('left') ?? node.namedChildren()[0], envReads);
    }
    return undefined;
  }

  /**
   * The name a value is stored in: `x` for `x = value` / `const x = value`, `self.x` /
   * `this.x` for attributes, through `await` and `new`. Undefined when not assigned.
   */
  assignedName(node: AstNode): string | undefined {
    let cur: AstNode = node;
    for (let parent = cur.parent(); parent; cur = parent, parent = cur.parent()) {
      const kind = parent.kind();
      if (kind === 'await' || kind === 'await_expression' || kind === 'parenthesized_expression' || kind === 'as_expression' || kind === 'non_null_expression') continue;
      if (kind === 'assignment' || kind === 'assignment_expression') {
        const right = parent.field('right');
        const left = parent.field('left');
        return right && right.id() === cur.id() && left ? left.text() : undefined;
      }
      if (kind === 'variable_declarator') {
        const value = parent.field('value');
        const name = parent.field('name');
        return value && value.id() === cur.id() && name && name.kind() === 'identifier' ? name.text() : undefined;
      }
      if (kind === 'with_item' || kind === 'as_pattern') {
        const alias = parent.field('alias') ?? parent.namedChildren().find((c) => c.kind() === 'as_pattern_target');
        return alias?.text();
      }
      return undefined;
    }
    return undefined;
  }

  /** The innermost function (or method) enclosing `node`, or undefined at module level. */
  enclosingFunction(node: AstNode): AstNode | undefined {
    for (let cur = node.parent(); cur; cur = cur.parent()) if (FUNCTION_KINDS.has(cur.kind())) return cur;
    return undefined;
  }

  private readPythonImports(): void {
    for (const statement of this.root.namedChildren()) {
      const kind = statement.kind();
      if (kind === 'import_statement') {
        for (const name of statement.namedChildren()) {
          if (name.kind() === 'dotted_name') {
            this.importedModules.push(name.text());
            this.imports.set(name.text().split('.')[0]!, name.text().split('.')[0]!);
          } else if (name.kind() === 'aliased_import') {
            const module = name.field('name')?.text();
            const alias = name.field('alias')?.text();
            if (module && alias) {
              this.importedModules.push(module);
              this.imports.set(alias, module);
            }
          }
        }
      } else if (kind === 'import_from_statement') {
        const module = statement.field('module_name')?.text();
        if (!module) continue;
        this.importedModules.push(module);
        // `from . import views` → `.views`; `from .views import bp` → `.views.bp`.
        const join = module.endsWith('.') ? module : `${module}.`;
        for (const name of statement.namedChildren().slice(1)) {
          if (name.kind() === 'dotted_name') this.imports.set(name.text(), join + name.text());
          else if (name.kind() === 'aliased_import') {
            const original = name.field('name')?.text();
            const alias = name.field('alias')?.text();
            if (original && alias) this.imports.set(alias, join + original);
          }
        }
      }
    }
  }

  private readJavaScriptImports(): void {
    for (const statement of this.all('import_statement')) {
      const source = statement.field('source');
      const module = source ? stripQuotes(source.text()).replace(/^node:/, '') : undefined;
      if (!module) continue;
      this.importedModules.push(module);
      const clause = statement.namedChildren().find((c) => c.kind() === 'import_clause');
      for (const part of clause?.namedChildren() ?? []) {
        if (part.kind() === 'identifier') this.imports.set(part.text(), module);
        else if (part.kind() === 'namespace_import') {
          const name = part.namedChildren()[0];
          if (name) this.imports.set(name.text(), module);
        } else if (part.kind() === 'named_imports') {
          for (const spec of part.namedChildren()) {
            const original = spec.field('name')?.text();
            const alias = spec.field('alias')?.text() ?? original;
            if (original && alias) this.imports.set(alias, `${module}.${original}`);
          }
        }
      }
    }
    // Bare `require('./routes')(app)` and `app.use(require('./x'))` still make the module a dependency.
    for (const match of this.text.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)) this.importedModules.push(match[2]!);
    if (!this.text.includes('require(')) return;
    // `const x = require('m')`, `const { a, b: c } = require('m')`, `const y = require('m').y`.
    for (const declarator of this.matching('require\\(', 'variable_declarator')) {
      const value = declarator.field('value');
      const name = declarator.field('name');
      if (!value || !name) continue;
      const required = /^require\((['"`])([^'"`]+)\1\)((?:\.[\w$]+)*)$/.exec(value.text().replace(/\s+/g, ''));
      if (!required) continue;
      const module = required[2]!.replace(/^node:/, '');
      const path = module + required[3]!;
      this.importedModules.push(module);
      if (name.kind() === 'identifier') this.imports.set(name.text(), path);
      else if (name.kind() === 'object_pattern') {
        for (const prop of name.namedChildren()) {
          if (prop.kind() === 'shorthand_property_identifier_pattern') this.imports.set(prop.text(), `${path}.${prop.text()}`);
          else if (prop.kind() === 'pair_pattern') {
            const key = prop.field('key')?.text();
            const alias = prop.field('value')?.text();
            if (key && alias) this.imports.set(alias, `${path}.${key}`);
          }
        }
      }
    }
  }

  /** Names assigned exactly one string-ish value anywhere in the file (for URL / table constants); read on first use. */
  private literalBindings(): Map<string, AstNode> {
    if (this.literalBindingsValue) return this.literalBindingsValue;
    const out = (this.literalBindingsValue = new Map<string, AstNode>());
    const seen = new Map<string, AstNode | null>();
    const kinds = this.family === 'python' ? ['assignment'] : ['variable_declarator'];
    for (const node of this.all(...kinds)) {
      const target = node.field(this.family === 'python' ? 'left' : 'name');
      const value = node.field(this.family === 'python' ? 'right' : 'value');
      if (!target || !value || target.kind() !== 'identifier') continue;
      const name = target.text();
      const stringy = /string|binary|template|concatenated/.test(value.kind());
      seen.set(name, seen.has(name) || !stringy ? null : value);
    }
    for (const [name, value] of seen) if (value) out.set(name, value);
    return out;
  }
}

const FUNCTION_KINDS = new Set([
  'function_definition', 'lambda', 'function_declaration', 'function_expression', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
]);

function lastDot(callee: string): number {
  // Ignore dots inside a call's arguments: `require('a.b').c`.
  let depth = 0;
  for (let i = callee.length - 1; i >= 0; i--) {
    const ch = callee[i];
    if (ch === ')' || ch === ']') depth++;
    else if (ch === '(' || ch === '[') depth--;
    else if (ch === '.' && depth === 0) return i;
  }
  return -1;
}

function stripQuotes(text: string): string {
  return text.replace(/^(['"`])([\s\S]*)\1$/, '$2');
}

function literalName(value: StringValue | undefined): string | undefined {
  return value?.complete ? value.value : undefined;
}

function pythonString(node: AstNode, inner: (n: AstNode) => StringValue | undefined): StringValue {
  let value = '';
  for (const child of node.namedChildren()) {
    const kind = child.kind();
    if (kind === 'string_content') value += child.text();
    else if (kind === 'interpolation') {
      // `f"{BASE}/x"` where BASE is a literal constant continues the prefix.
      const expression = child.field('expression') ?? child.namedChildren()[0];
      const resolved = expression ? inner(expression) : undefined;
      if (!resolved) return { value, complete: false };
      value += resolved.value;
      if (!resolved.complete) return { value, complete: false };
    }
  }
  return { value, complete: true };
}

function javascriptString(node: AstNode, inner: (n: AstNode) => StringValue | undefined): StringValue {
  if (node.kind() === 'string') return { value: node.text().slice(1, -1), complete: true };
  let value = '';
  for (const child of node.namedChildren()) {
    if (child.kind() === 'string_fragment' || child.kind() === 'escape_sequence') value += child.text();
    else if (child.kind() === 'template_substitution') {
      // `${BASE}/x` where BASE is a literal constant continues the prefix.
      const resolved = inner(child.namedChildren()[0]!);
      if (!resolved) return { value, complete: false };
      value += resolved.value;
      if (!resolved.complete) return { value, complete: false };
    }
  }
  return { value, complete: true };
}

function joinValues(parts: (StringValue | undefined)[]): StringValue | undefined {
  let value = '';
  for (const part of parts) {
    if (!part) return value ? { value, complete: false } : undefined;
    value += part.value;
    if (!part.complete) return { value, complete: false };
  }
  return { value, complete: true };
}
