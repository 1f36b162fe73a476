import type { AstNode } from './tree.js';

/**
 * What the taint engine needs to know about a language's tree-sitter grammar:
 * which nodes define functions, bind names, branch, loop, call and return.
 * Node kinds follow tree-sitter-python 0.25 and tree-sitter-javascript/typescript
 * (as bundled by @ast-grep/napi).
 */
export interface Syntax {
  /** Node kinds that start a new function scope. */
  functionKinds: ReadonlySet<string>;
  /** Kinds whose bodies run conditionally: assignments inside them do not overwrite taint. */
  conditionalKinds: ReadonlySet<string>;
  /** Kinds never evaluated for taint (types, comments). */
  inertKinds: ReadonlySet<string>;
  /** Plain identifiers that name a variable when read. */
  identifierKinds: ReadonlySet<string>;
  /** Calls (and `new` expressions): `[callee, argument list]`. */
  call(node: AstNode): { callee: AstNode; args: AstNode | null } | undefined;
  /** `obj.prop` / `obj[x]`: the object whose taint the access carries. */
  memberObject(node: AstNode): AstNode | undefined;
  /** An assignment-like node: targets receive the value's taint. */
  binding(node: AstNode): Binding | undefined;
  /** A loop that binds a variable per element: `for x in xs`. */
  loop(node: AstNode): { target: AstNode; iterable: AstNode } | undefined;
  /** Is this an expression whose value cannot carry attacker text (comparison, `not`, `typeof`)? */
  isCleanExpression(node: AstNode): boolean;
  /** Function name for call resolution (declarations, `const f = () => …`, methods). */
  functionName(fn: AstNode): string | undefined;
  /** Parameters in positional order, with the names each binds. */
  parameters(fn: AstNode): Parameter[];
  /** Names of positional arguments and keyword arguments at a call. */
  callArguments(args: AstNode | null): { positional: AstNode[]; keyword: Map<string, AstNode> };
  /** `self`/`this`/`cls`: the receiver name of method calls within a class. */
  receiverNames: ReadonlySet<string>;
  /** Calls whose result is a number or boolean whatever the input (callee's last name). */
  cleanCalls: ReadonlySet<string>;
  returnKind: string;
  /** Kind of call nodes (for finding callers of a function). */
  callKind: string;
}

export interface Binding {
  targets: AstNode[];
  value: AstNode;
  /** `x += y` keeps x's taint. */
  augmented: boolean;
}

export interface Parameter {
  index: number;
  names: string[];
  /** Python keyword name (for keyword arguments at call sites). */
  keyword?: string;
  /** `*args` / `...rest`: receives every remaining positional argument. */
  rest: boolean;
}

/** A node's grammar kind, or '' for no node. */
export function kindOf(node: AstNode | null | undefined): string {
  return node ? node.kind() : '';
}

function field(node: AstNode, name: string): AstNode | null {
  return node.field(name);
}

/** Identifiers a binding target introduces: names, `obj.attr` paths, destructuring. */
export function targetNames(target: AstNode, syntax: Syntax): string[] {
  const kind = kindOf(target);
  if (syntax.identifierKinds.has(kind) || kind === 'shorthand_property_identifier_pattern') return [target.text()];
  if (kind === 'attribute' || kind === 'member_expression') return [target.text()];
  if (kind === 'subscript' || kind === 'subscript_expression') {
    const object = syntax.memberObject(target);
    return object ? targetNames(object, syntax) : [];
  }
  if (kind === 'pair_pattern') {
    const value = field(target, 'value');
    return value ? targetNames(value, syntax) : [];
  }
  if (kind === 'assignment_pattern' || kind === 'object_assignment_pattern') {
    const left = field(target, 'left');
    return left ? targetNames(left, syntax) : [];
  }
  return target.namedChildren().flatMap((child) => (child.isNamed() ? targetNames(child, syntax) : []));
}

const PY_CLEAN_CALLS = [
  'len', 'int', 'float', 'bool', 'complex', 'isinstance', 'issubclass', 'hasattr', 'callable', 'id', 'hash', 'abs',
  'round', 'ord', 'isdigit', 'isnumeric', 'isdecimal', 'isalpha', 'isalnum', 'startswith', 'endswith', 'count', 'index',
  'find', 'rfind', 'exists', 'isfile', 'isdir', 'uuid4', 'UUID',
];

export const python: Syntax = {
  functionKinds: new Set(['function_definition', 'lambda']),
  conditionalKinds: new Set([
    'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause',
    'finally_clause', 'conditional_expression', 'match_statement', 'case_clause', 'boolean_operator',
  ]),
  inertKinds: new Set(['comment', 'type', 'decorator', 'import_statement', 'import_from_statement', 'keyword_separator', 'positional_separator']),
  identifierKinds: new Set(['identifier']),
  receiverNames: new Set(['self', 'cls']),
  cleanCalls: new Set(PY_CLEAN_CALLS),
  returnKind: 'return_statement',
  callKind: 'call',
  call(node) {
    if (kindOf(node) !== 'call') return undefined;
    const callee = field(node, 'function');
    return callee ? { callee, args: field(node, 'arguments') } : undefined;
  },
  memberObject(node) {
    const kind = kindOf(node);
    if (kind === 'attribute') return field(node, 'object') ?? undefined;
    if (kind === 'subscript') return field(node, 'value') ?? undefined;
    return undefined;
  },
  binding(node) {
    switch (kindOf(node)) {
      case 'assignment': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        if (!left || !right) return undefined;
        // `x = y = value`: the inner assignment binds y; bind x to the innermost value.
        let value = right;
        const targets = [left];
        while (kindOf(value) === 'assignment') {
          const l = field(value, 'left');
          const r = field(value, 'right');
          if (!l || !r) break;
          targets.push(l);
          value = r;
        }
        return { targets, value, augmented: false };
      }
      case 'augmented_assignment': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        return left && right ? { targets: [left], value: right, augmented: true } : undefined;
      }
      case 'named_expression': {
        const name = field(node, 'name');
        const value = field(node, 'value');
        return name && value ? { targets: [name], value, augmented: false } : undefined;
      }
      case 'as_pattern': {
        const alias = field(node, 'alias');
        const value = node.namedChildren()[0];
        return alias && value ? { targets: [alias], value, augmented: false } : undefined;
      }
      default:
        return undefined;
    }
  },
  loop(node) {
    const kind = kindOf(node);
    if (kind !== 'for_statement' && kind !== 'for_in_clause') return undefined;
    const target = field(node, 'left');
    const iterable = field(node, 'right');
    return target && iterable ? { target, iterable } : undefined;
  },
  isCleanExpression(node) {
    const kind = kindOf(node);
    return kind === 'comparison_operator' || kind === 'not_operator' || kind === 'integer' || kind === 'float' || kind === 'true' || kind === 'false' || kind === 'none';
  },
  functionName(fn) {
    if (kindOf(fn) === 'function_definition') return field(fn, 'name')?.text();
    return undefined;
  },
  parameters(fn) {
    const list = field(fn, 'parameters');
    if (!list) return [];
    const out: Parameter[] = [];
    for (const p of list.namedChildren()) {
      if (!p.isNamed()) continue;
      const kind = kindOf(p);
      if (kind === 'keyword_separator' || kind === 'positional_separator' || kind === 'comment') continue;
      const rest = kind === 'list_splat_pattern';
      const nameNode = kind === 'identifier' ? p : (field(p, 'name') ?? p.namedChildren().find((c) => kindOf(c) === 'identifier'));
      if (!nameNode) continue;
      const name = nameNode.text();
      out.push({ index: out.length, names: [name], keyword: kind === 'dictionary_splat_pattern' ? undefined : name, rest });
    }
    return out;
  },
  callArguments(args) {
    const positional: AstNode[] = [];
    const keyword = new Map<string, AstNode>();
    for (const arg of args?.namedChildren() ?? []) {
      if (!arg.isNamed() || kindOf(arg) === 'comment') continue;
      if (kindOf(arg) === 'keyword_argument') {
        const name = field(arg, 'name');
        const value = field(arg, 'value');
        if (name && value) keyword.set(name.text(), value);
      } else {
        positional.push(arg);
      }
    }
    return { positional, keyword };
  },
};

const JS_CLEAN_CALLS = [
  'parseInt', 'parseFloat', 'Number', 'Boolean', 'isNaN', 'isFinite', 'isArray', 'isInteger', 'includes', 'startsWith',
  'endsWith', 'indexOf', 'lastIndexOf', 'test', 'has', 'some', 'every', 'findIndex', 'getTime', 'valueOf', 'randomUUID',
  'isValidObjectId', 'isUUID', 'isInt', 'isEmail', 'toInt',
];
const JS_CLEAN_OPERATORS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'instanceof', 'in', '-', '*', '/', '%', '**', '&', '|', '^', '<<', '>>', '>>>']);

export const javascript: Syntax = {
  functionKinds: new Set([
    'function_declaration', 'function_expression', 'arrow_function', 'method_definition',
    'generator_function_declaration', 'generator_function',
  ]),
  conditionalKinds: new Set([
    'if_statement', 'else_clause', 'for_statement', 'for_in_statement', 'while_statement', 'do_statement', 'try_statement',
    'catch_clause', 'finally_clause', 'switch_statement', 'switch_case', 'switch_default', 'ternary_expression',
  ]),
  inertKinds: new Set([
    'comment', 'type_annotation', 'type_arguments', 'type_parameters', 'type_alias_declaration', 'interface_declaration',
    'import_statement', 'decorator', 'regex', 'number', 'true', 'false', 'null', 'undefined', 'property_identifier',
  ]),
  identifierKinds: new Set(['identifier', 'shorthand_property_identifier']),
  receiverNames: new Set(['this']),
  cleanCalls: new Set(JS_CLEAN_CALLS),
  returnKind: 'return_statement',
  callKind: 'call_expression',
  call(node) {
    const kind = kindOf(node);
    if (kind === 'call_expression') {
      const callee = field(node, 'function');
      return callee ? { callee, args: field(node, 'arguments') } : undefined;
    }
    if (kind === 'new_expression') {
      const callee = field(node, 'constructor');
      return callee ? { callee, args: field(node, 'arguments') } : undefined;
    }
    return undefined;
  },
  memberObject(node) {
    const kind = kindOf(node);
    if (kind === 'member_expression' || kind === 'subscript_expression') return field(node, 'object') ?? undefined;
    return undefined;
  },
  binding(node) {
    switch (kindOf(node)) {
      case 'variable_declarator': {
        const name = field(node, 'name');
        const value = field(node, 'value');
        return name && value ? { targets: [name], value, augmented: false } : undefined;
      }
      case 'assignment_expression': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        return left && right ? { targets: [left], value: right, augmented: false } : undefined;
      }
      case 'augmented_assignment_expression': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        return left && right ? { targets: [left], value: right, augmented: true } : undefined;
      }
      default:
        return undefined;
    }
  },
  loop(node) {
    if (kindOf(node) !== 'for_in_statement') return undefined;
    const target = field(node, 'left');
    const iterable = field(node, 'right');
    return target && iterable ? { target, iterable } : undefined;
  },
  isCleanExpression(node) {
    const kind = kindOf(node);
    if (kind === 'binary_expression') {
      const op = field(node, 'operator')?.text();
      return op !== undefined && JS_CLEAN_OPERATORS.has(op);
    }
    if (kind === 'unary_expression') {
      const op = field(node, 'operator')?.text();
      return op === 'typeof' || op === '!' || op === '-' || op === '+' || op === 'void';
    }
    return kind === 'update_expression';
  },
  functionName(fn) {
    const kind = kindOf(fn);
    if (kind === 'function_declaration' || kind === 'generator_function_declaration' || kind === 'method_definition') {
      return field(fn, 'name')?.text();
    }
    const parent = fn.parent();
    if (parent && kindOf(parent) === 'variable_declarator') return field(parent, 'name')?.text();
    if (parent && kindOf(parent) === 'pair') return field(parent, 'key')?.text();
    return kind === 'function_expression' ? field(fn, 'name')?.text() : undefined;
  },
  parameters(fn) {
    const single = field(fn, 'parameter');
    if (single) return [{ index: 0, names: [single.text()], rest: false }];
    const list = field(fn, 'parameters');
    if (!list) return [];
    const out: Parameter[] = [];
    for (const p of list.namedChildren()) {
      if (!p.isNamed() || kindOf(p) === 'comment') continue;
      const inner = kindOf(p) === 'required_parameter' || kindOf(p) === 'optional_parameter' ? (field(p, 'pattern') ?? p) : p;
      const rest = kindOf(inner) === 'rest_pattern';
      const names = targetNames(inner, javascript).filter((n) => n !== 'this');
      out.push({ index: out.length, names, rest });
    }
    return out;
  },
  callArguments(args) {
    const positional = (args?.namedChildren() ?? []).filter((a) => a.isNamed() && kindOf(a) !== 'comment');
    return { positional, keyword: new Map() };
  },
};

/** Python for `python`, JavaScript rules' syntax for JS, TS and TSX. */
export function syntaxFor(family: 'python' | 'javascript'): Syntax {
  return family === 'python' ? python : javascript;
}
