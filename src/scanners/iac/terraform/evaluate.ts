/**
 * Static evaluation of HCL expressions (Terraform expression language,
 * https://developer.hashicorp.com/terraform/language/expressions). What can be known
 * before `terraform apply` is computed; everything else becomes an `Unknown` carrying the
 * expression text and the resources it mentions. Nothing is guessed.
 */
import { Unknown, type Value, isRecord, refTo } from '../graph.js';
import { FUNCTIONS, type FunctionContext } from './functions.js';
import { type Expr, type Traversal, sourceText } from './syntax.js';
import { PartialTemplate, asBool, asNumber, asString, hasUnknown, literalLines, refsIn, unknownOf } from './values.js';

/** What an expression can refer to; implemented by a module instance. */
export interface EvalScope {
  /** `var.<name>`. */
  variable(name: string): Value;
  /** `local.<name>`. */
  local(name: string): Value;
  /** `data.<type>.<name>`, the whole object or `undefined` when it is not known. */
  data(type: string, name: string): Value | undefined;
  /** `module.<name>.<output>`. */
  moduleOutput(name: string, output: string): Value | undefined;
  /** The address of resource `<type>.<name>` in the graph (`module.x.` prefixed), when declared. */
  resourceAddress(type: string, name: string): string | undefined;
  /** `path.module`, `path.root`, `path.cwd`. */
  path(name: string): Value;
  /** Contents of a repository-relative file for `file()`, `undefined` when not (yet) read. */
  readFile(path: string): string | undefined;
  /** Repository-relative directory of the root module: relative `file()` paths start there. */
  readonly rootDirectory: string;
}

/** Bindings of a `for` expression, `count.index`, `each.key`/`each.value`. */
type Bindings = ReadonlyMap<string, Value>;

const NO_BINDINGS: Bindings = new Map();

/** Evaluates expressions of one module instance. */
export class Evaluator {
  constructor(private readonly scope: EvalScope) {}

  /** The value of `expr`; `bindings` are the names a `for` expression or meta-argument bound. */
  evaluate(expr: Expr, bindings: Bindings = NO_BINDINGS): Value {
    switch (expr.kind) {
      case 'literal':
        return expr.value;
      case 'template':
        return this.template(expr, bindings);
      case 'tuple': {
        const items = expr.items.map((item) => this.evaluate(item, bindings));
        literalLines.set(items, { path: expr.path, lines: new Map(expr.items.map((item, i) => [i, item.line])) });
        return items;
      }
      case 'object':
        return this.object(expr, bindings);
      case 'variable':
        return this.variable(expr, bindings);
      case 'postfix':
        return this.traverse(this.evaluate(expr.target, bindings), expr.traversals, expr, bindings, undefined);
      case 'call':
        return this.call(expr, bindings);
      case 'conditional': {
        const condition = this.evaluate(expr.condition, bindings);
        const known = asBool(condition);
        if (known === true) return this.evaluate(expr.then, bindings);
        if (known === false) return this.evaluate(expr.otherwise, bindings);
        return unknownOf(sourceText(expr), condition, this.evaluate(expr.then, bindings), this.evaluate(expr.otherwise, bindings));
      }
      case 'unary':
        return this.unary(expr, this.evaluate(expr.operand, bindings));
      case 'binary':
        return this.binary(expr, bindings);
      case 'for':
        return this.forExpression(expr, bindings);
      case 'unsupported':
        return unknownOf(sourceText(expr));
    }
  }

  private template(expr: Extract<Expr, { kind: 'template' }>, bindings: Bindings): Value {
    const values = expr.parts.map((part) => (typeof part === 'string' ? part : this.evaluate(part, bindings)));
    // `"${x}"` alone keeps x's type (HCL spec, "Template Interpolation Unwrapping").
    if (values.length === 1 && typeof expr.parts[0] !== 'string') return values[0]!;
    const parts: (string | Unknown)[] = [];
    let text = '';
    let complete = true;
    for (const [i, value] of values.entries()) {
      const piece = asString(value);
      if (piece !== undefined) {
        text += piece;
        continue;
      }
      complete = false;
      if (text) parts.push(text);
      text = '';
      const part = expr.parts[i]!;
      parts.push(value instanceof Unknown ? value : unknownOf(typeof part === 'string' ? part : sourceText(part), value));
    }
    if (complete) return text;
    if (text) parts.push(text);
    return new PartialTemplate(parts, sourceText(expr));
  }

  private object(expr: Extract<Expr, { kind: 'object' }>, bindings: Bindings): Value {
    const result: { [key: string]: Value } = {};
    const lines = new Map<string | number, number>();
    for (const entry of expr.entries) {
      const key = entry.name ?? asString(this.evaluate(entry.key, bindings));
      // An object whose keys are not known is not known at all.
      if (key === undefined) return unknownOf(sourceText(expr), ...expr.entries.map((e) => this.evaluate(e.value, bindings)));
      result[key] = this.evaluate(entry.value, bindings);
      lines.set(key, entry.line);
    }
    literalLines.set(result, { path: expr.path, lines });
    return result;
  }

  private variable(expr: Extract<Expr, { kind: 'variable' }>, bindings: Bindings): Value {
    const text = sourceText(expr);
    const bound = bindings.get(expr.name);
    if (bound !== undefined) return this.traverse(bound, expr.traversals, expr, bindings, undefined);
    const [first, second, ...rest] = expr.traversals;
    const firstName = first?.kind === 'attr' ? first.name : undefined;
    switch (expr.name) {
      case 'var':
        return firstName === undefined ? unknownOf(text) : this.traverse(this.scope.variable(firstName), expr.traversals.slice(1), expr, bindings, undefined);
      case 'local':
        return firstName === undefined ? unknownOf(text) : this.traverse(this.scope.local(firstName), expr.traversals.slice(1), expr, bindings, undefined);
      case 'path':
        return firstName === undefined ? unknownOf(text) : this.traverse(this.scope.path(firstName), expr.traversals.slice(1), expr, bindings, undefined);
      case 'data': {
        const name = second?.kind === 'attr' ? second.name : undefined;
        if (firstName === undefined || name === undefined) return unknownOf(text);
        const value = this.scope.data(firstName, name);
        const address = `data.${firstName}.${name}`;
        if (value === undefined) return new Unknown(text, [refTo(address, attributeAfterInstance(rest))]);
        return this.traverse(value, skipInstanceKey(rest), expr, bindings, address);
      }
      case 'module': {
        const output = second?.kind === 'attr' ? second.name : undefined;
        if (firstName === undefined || output === undefined) return unknownOf(text);
        const value = this.scope.moduleOutput(firstName, output);
        if (value === undefined) return new Unknown(text, [refTo(`module.${firstName}`, output)]);
        return this.traverse(value, rest, expr, bindings, undefined);
      }
      case 'count':
      case 'each':
      case 'self':
      case 'terraform':
        return unknownOf(text);
      default: {
        if (firstName === undefined) return unknownOf(text);
        const address = this.scope.resourceAddress(expr.name, firstName);
        if (address === undefined) return unknownOf(text);
        const attribute = attributeAfterInstance(expr.traversals.slice(1));
        return new Unknown(text, [refTo(address, attribute)]);
      }
    }
  }

  /** Apply `.attr`, `[index]` and splats to a value; an unknown step makes the rest unknown. */
  private traverse(value: Value, traversals: readonly Traversal[], expr: Expr, bindings: Bindings, address: string | undefined): Value {
    let current = value;
    for (const [i, step] of traversals.entries()) {
      if (current instanceof Unknown) return unknownOf(sourceText(expr), current);
      if (step.kind === 'splat') {
        const rest = traversals.slice(i + 1);
        const items = Array.isArray(current) ? current : current === null ? [] : [current];
        return items.map((item) => this.traverse(item, rest, expr, bindings, address));
      }
      const key: Value = step.kind === 'attr' ? step.name : this.evaluate(step.index, bindings);
      if (key instanceof Unknown) return unknownOf(sourceText(expr), key, current);
      const next = Array.isArray(current) ? current[asNumber(key) ?? -1] : isRecord(current) ? current[asString(key) ?? ''] : undefined;
      if (next === undefined) {
        const ref = address ? [refTo(address, step.kind === 'attr' ? step.name : undefined)] : [];
        return new Unknown(sourceText(expr), [...refsIn(current), ...ref]);
      }
      current = next;
    }
    return current;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, bindings: Bindings): Value {
    const implementation = FUNCTIONS[expr.name.replace(/^provider::[^:]+::/, '')];
    const args = expr.args.map((arg) => this.evaluate(arg, bindings));
    if (!implementation) return unknownOf(sourceText(expr), ...args);
    let actual = args;
    if (expr.expand) {
      const last = args[args.length - 1];
      if (!Array.isArray(last)) return unknownOf(sourceText(expr), ...args);
      actual = [...args.slice(0, -1), ...last];
    }
    const context: FunctionContext = { text: sourceText(expr), readFile: (path) => this.scope.readFile(path), rootDirectory: this.scope.rootDirectory };
    try {
      return implementation(actual, context) ?? unknownOf(context.text, ...args);
    } catch {
      return unknownOf(context.text, ...args);
    }
  }

  private unary(expr: Extract<Expr, { kind: 'unary' }>, operand: Value): Value {
    if (expr.operator === '!') {
      const known = asBool(operand);
      return known === undefined ? unknownOf(sourceText(expr), operand) : !known;
    }
    const known = asNumber(operand);
    return known === undefined ? unknownOf(sourceText(expr), operand) : -known;
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, bindings: Bindings): Value {
    const left = this.evaluate(expr.left, bindings);
    const right = this.evaluate(expr.right, bindings);
    const unknown = () => unknownOf(sourceText(expr), left, right);
    switch (expr.operator) {
      case '&&':
      case '||': {
        const a = asBool(left);
        const b = asBool(right);
        if (expr.operator === '&&' && (a === false || b === false)) return false;
        if (expr.operator === '||' && (a === true || b === true)) return true;
        return a === undefined || b === undefined ? unknown() : expr.operator === '&&' ? a && b : a || b;
      }
      case '==':
      case '!=': {
        if (hasUnknown(left) || hasUnknown(right)) return unknown();
        const equal = JSON.stringify(left) === JSON.stringify(right);
        return expr.operator === '==' ? equal : !equal;
      }
      default: {
        const a = asNumber(left);
        const b = asNumber(right);
        if (a === undefined || b === undefined) return unknown();
        return arithmetic(expr.operator, a, b) ?? unknown();
      }
    }
  }

  private forExpression(expr: Extract<Expr, { kind: 'for' }>, bindings: Bindings): Value {
    const collection = this.evaluate(expr.collection, bindings);
    if (collection instanceof Unknown || collection === null || typeof collection !== 'object') return unknownOf(sourceText(expr), collection);
    const pairs: [Value, Value][] = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : Object.entries(collection);
    const items: Value[] = [];
    const entries: { [key: string]: Value } = {};
    for (const [key, value] of pairs) {
      const inner = new Map(bindings);
      inner.set(expr.valueVar, value);
      if (expr.keyVar !== undefined) inner.set(expr.keyVar, key);
      if (expr.condition) {
        const keep = asBool(this.evaluate(expr.condition, inner));
        if (keep === undefined) return unknownOf(sourceText(expr), collection);
        if (!keep) continue;
      }
      const result = this.evaluate(expr.value, inner);
      if (!expr.object || !expr.key) {
        items.push(result);
        continue;
      }
      const name = asString(this.evaluate(expr.key, inner));
      if (name === undefined) return unknownOf(sourceText(expr), collection);
      if (expr.group) entries[name] = [...((entries[name] as Value[] | undefined) ?? []), result];
      else entries[name] = result;
    }
    return expr.object ? entries : items;
  }
}

function arithmetic(operator: string, a: number, b: number): Value | undefined {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

/** `[0].arn`, `["key"].arn`, `.arn`: the attribute named after an optional instance key. */
function attributeAfterInstance(traversals: readonly Traversal[]): string | undefined {
  for (const step of traversals) if (step.kind === 'attr') return step.name;
  return undefined;
}

/** Drop a leading `[0]` / `["key"]` / splat (instances of a counted data source). */
function skipInstanceKey(traversals: readonly Traversal[]): readonly Traversal[] {
  let i = 0;
  while (i < traversals.length && traversals[i]!.kind !== 'attr') i++;
  return traversals.slice(i);
}
