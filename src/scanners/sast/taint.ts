import type { AstNode } from './tree.js';
import { type Syntax, kindOf, targetNames } from './syntax.js';

/**
 * Intra-procedural taint analysis with same-file function summaries.
 *
 * Model (close to Semgrep's taint mode, simplified):
 * - A *source* node is tainted; so is every parameter of a function matched by a
 *   `parameters-of` source.
 * - Taint propagates through assignments (including destructuring, `+=`, walrus),
 *   `for` loops, `with … as`, string building (concatenation, f-strings, template
 *   literals, `%`, `.format`), containers, attribute and index reads of a tainted
 *   object, and calls (the result of an unknown call is tainted when its receiver or an
 *   argument is).
 * - A *sanitizer* node, a comparison / boolean test, or a call that returns a number or
 *   boolean (`int()`, `parseInt()`, `len()`) yields clean data.
 * - Statements are processed in order; a clean assignment clears a variable only when
 *   it is not inside a branch or loop (so `if c: x = safe` keeps x's taint).
 * - Functions defined in the same file are summarised once: which parameters flow to
 *   the return value, which reach a sink, and which sources the return value carries.
 *   Calls use the summary, so wrappers (`def run(q): cur.execute(q)`) and source
 *   helpers (`def arg(n): return request.args.get(n)`) are followed, transitively.
 * - Closures see the enclosing function's variables as they are where they are defined.
 */

/** One step in how tainted data moved, for SARIF code flows. */
export interface TraceStep {
  line: number;
  column: number;
  note: string;
}

interface SourceOrigin {
  kind: 'source';
  key: string;
  text: string;
  steps: TraceStep[];
}

interface ParamOrigin {
  kind: 'param';
  key: string;
  unit: number;
  index: number;
  steps: TraceStep[];
}

type Origin = SourceOrigin | ParamOrigin;
/** Taint of a value: its origins by key. Immutable once built. */
type Taint = ReadonlyMap<string, Origin>;
const CLEAN: Taint = new Map();
const MAX_STEPS = 6;
/** Node visits per function before analysis stops (pathological nesting). */
const VISIT_BUDGET = 200_000;

function union(a: Taint, b: Taint): Taint {
  if (!a.size) return b;
  if (!b.size) return a;
  const out = new Map(a);
  for (const [k, v] of b) if (!out.has(k)) out.set(k, v);
  return out;
}

function withStep(taint: Taint, step: TraceStep): Taint {
  if (!taint.size) return taint;
  const out = new Map<string, Origin>();
  for (const [k, o] of taint) out.set(k, o.steps.length >= MAX_STEPS ? o : { ...o, steps: [...o.steps, step] });
  return out;
}

function position(node: AstNode): { line: number; column: number } {
  const { start } = node.range();
  return { line: start.line + 1, column: start.column + 1 };
}

function shortText(node: AstNode, max = 60): string {
  const text = node.text().replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A sink whose checked node carries tainted data from a source. */
export interface TaintHit {
  /** The sink match (reported location). */
  sink: AstNode;
  /** Text of the source expression, e.g. `request.args.get("id")`. */
  sourceText: string;
  /** Source, intermediate steps and the sink, in order. */
  trace: TraceStep[];
}

/** Inputs of one analysis: the tree and the node sets a rule's matchers found. */
export interface TaintInput {
  root: AstNode;
  syntax: Syntax;
  /** Source nodes by id. */
  sources: ReadonlyMap<number, AstNode>;
  /** Function nodes whose parameters are sources, by id. */
  parameterSources: ReadonlySet<number>;
  /** Sink match node id → the nodes to check for taint. */
  sinks: ReadonlyMap<number, { node: AstNode; targets: AstNode[] }>;
  /** Sanitizer node ids. */
  sanitizers: ReadonlySet<number>;
  /** Named functions of the file (see `functionsByName`), computed on first use. */
  functions: () => ReadonlyMap<string, AstNode[]>;
}

/** Every named function of a file by name, for resolving same-file calls. */
export function functionsByName(root: AstNode, syntax: Syntax): Map<string, AstNode[]> {
  const out = new Map<string, AstNode[]>();
  for (const fn of root.findAll({ rule: { any: [...syntax.functionKinds].map((kind) => ({ kind })) } })) {
    const name = syntax.functionName(fn);
    if (name) out.set(name, [...(out.get(name) ?? []), fn]);
  }
  return out;
}

interface Summary {
  /** Parameter indexes whose taint reaches the return value. */
  returnsParams: Set<number>;
  /** Sources the return value carries regardless of arguments. */
  returnsSources: Taint;
  /** Parameter index → inner sink hits (with the trace inside the callee). */
  paramSinks: Map<number, { sink: AstNode; steps: TraceStep[] }[]>;
}

interface UnitResult {
  summary: Summary;
  /** Environment at each nested function's definition, by the nested node's id. */
  closures: Map<number, Map<string, Taint>>;
}

/**
 * Analyse the functions that contain the given sinks (and, through summaries, their
 * same-file callers and callees). Returns hits where source data reaches a sink.
 */
export function analyzeTaint(input: TaintInput): TaintHit[] {
  return new TaintAnalysis(input).run();
}

class TaintAnalysis {
  private readonly syntax: Syntax;
  private readonly results = new Map<number, UnitResult>();
  private readonly inProgress = new Set<number>();
  private readonly hits = new Map<string, TaintHit>();
  private readonly analyzedCallersOf = new Set<string>();

  constructor(private readonly input: TaintInput) {
    this.syntax = input.syntax;
  }

  run(): TaintHit[] {
    const pending = new Map<number, AstNode>();
    for (const { node } of this.input.sinks.values()) {
      const unit = this.enclosingUnit(node);
      pending.set(unit.id(), unit);
    }
    const queue = [...pending.values()];
    while (queue.length) {
      const unit = queue.shift()!;
      const result = this.analyze(unit);
      // A function whose parameters reach a sink makes its callers worth analysing.
      if (result.summary.paramSinks.size) {
        const name = this.syntax.functionName(unit);
        if (name && !this.analyzedCallersOf.has(name)) {
          this.analyzedCallersOf.add(name);
          for (const caller of this.callersOf(name)) if (!this.results.has(caller.id())) queue.push(caller);
        }
      }
    }
    return [...this.hits.values()];
  }

  /** The innermost function containing `node`, or the file's root (module scope). */
  private enclosingUnit(node: AstNode): AstNode {
    for (let cur = node.parent(); cur; cur = cur.parent()) {
      if (this.syntax.functionKinds.has(kindOf(cur))) return cur;
    }
    return this.input.root;
  }

  /** Units containing a call whose callee is named `name` (plain or via self/this). */
  private callersOf(name: string): AstNode[] {
    const units = new Map<number, AstNode>();
    const calls = this.input.root.findAll({ rule: { kind: this.syntax.callKind, regex: `\\b${name}\\s*\\(` } });
    for (const call of calls) {
      const parts = this.syntax.call(call);
      if (parts && this.calleeName(parts.callee) === name) {
        const unit = this.enclosingUnit(call);
        units.set(unit.id(), unit);
      }
    }
    return [...units.values()];
  }

  /** Name of a same-file function a callee refers to: `f` or `self.f` / `this.f`. */
  private calleeName(callee: AstNode): string | undefined {
    if (this.syntax.identifierKinds.has(kindOf(callee))) return callee.text();
    const object = this.syntax.memberObject(callee);
    if (object && this.syntax.receiverNames.has(object.text())) {
      const text = callee.text();
      return text.slice(text.lastIndexOf('.') + 1);
    }
    return undefined;
  }

  private resolve(callee: AstNode): AstNode | undefined {
    const name = this.calleeName(callee);
    if (!name) return undefined;
    const candidates = this.input.functions().get(name);
    return candidates?.length === 1 ? candidates[0] : undefined;
  }

  private analyze(unit: AstNode): UnitResult {
    const id = unit.id();
    const done = this.results.get(id);
    if (done) return done;
    if (this.inProgress.has(id)) return emptyResult();
    this.inProgress.add(id);
    const result = new UnitWalker(this, unit).walk();
    this.inProgress.delete(id);
    this.results.set(id, result);
    return result;
  }

  /** Environment a nested function starts with: its parent's, where it is defined. */
  closureEnv(unit: AstNode): Map<string, Taint> {
    const parent = unit.id() === this.input.root.id() ? undefined : this.enclosingUnit(unit);
    if (!parent) return new Map();
    const env = this.analyze(parent).closures.get(unit.id());
    return env ? new Map(env) : new Map();
  }

  summaryOf(callee: AstNode): { fn: AstNode; summary: Summary } | undefined {
    const fn = this.resolve(callee);
    return fn ? { fn, summary: this.analyze(fn).summary } : undefined;
  }

  /**
   * Record that source data reaches `sink`. For a sink inside a wrapper, `reportAt` is
   * the call that passes the data in: the finding goes there, the trace ends at the sink.
   */
  recordHit(sink: AstNode, origin: SourceOrigin, tail: TraceStep[], reportAt: AstNode = sink): void {
    const key = `${reportAt.id()}:${origin.key}`;
    if (this.hits.has(key)) return;
    this.hits.set(key, {
      sink: reportAt,
      sourceText: origin.text,
      trace: [...origin.steps, ...tail, { ...position(sink), note: `reaches ${shortText(sink)}` }],
    });
  }

  get data(): TaintInput {
    return this.input;
  }
}

function emptyResult(): UnitResult {
  return { summary: { returnsParams: new Set(), returnsSources: CLEAN, paramSinks: new Map() }, closures: new Map() };
}

/** Walks one function (or the module) in statement order, maintaining the environment. */
class UnitWalker {
  private env: Map<string, Taint>;
  private depth = 0;
  private visits = 0;
  private returns: Taint = CLEAN;
  private readonly result = emptyResult();
  private readonly syntax: Syntax;
  private readonly isModule: boolean;

  constructor(
    private readonly analysis: TaintAnalysis,
    private readonly unit: AstNode,
  ) {
    this.syntax = analysis.data.syntax;
    this.isModule = unit.id() === analysis.data.root.id();
    this.env = this.isModule ? new Map() : analysis.closureEnv(unit);
  }

  walk(): UnitResult {
    const body = this.isModule ? this.unit : this.unit.field('body');
    if (!this.isModule) this.bindParameters();
    if (body) {
      if (this.syntax.functionKinds.has(kindOf(this.unit)) && kindOf(body) !== 'block' && kindOf(body) !== 'statement_block') {
        // Expression-bodied lambda / arrow function: the body is the return value.
        this.visit(body);
        this.returns = union(this.returns, this.taintOf(body));
      } else {
        this.visit(body);
      }
    }
    const summary = this.result.summary;
    for (const origin of this.returns.values()) {
      if (origin.kind === 'param' && origin.unit === this.unit.id()) summary.returnsParams.add(origin.index);
    }
    summary.returnsSources = new Map([...this.returns].filter(([, o]) => o.kind === 'source'));
    return this.result;
  }

  private bindParameters(): void {
    const isSourceFn = this.analysis.data.parameterSources.has(this.unit.id());
    const ignored = this.syntax.receiverNames;
    for (const param of this.syntax.parameters(this.unit)) {
      for (const name of param.names) {
        if (ignored.has(name)) continue;
        const pos = position(this.unit);
        const origins: Origin[] = [
          { kind: 'param', key: `p:${this.unit.id()}:${param.index}`, unit: this.unit.id(), index: param.index, steps: [] },
        ];
        if (isSourceFn) {
          origins.push({
            kind: 'source',
            key: `s:${pos.line}:${pos.column}:${name}`,
            text: `parameter ${name}`,
            steps: [{ ...pos, note: `request parameter ${name}` }],
          });
        }
        this.env.set(name, new Map(origins.map((o) => [o.key, o])));
      }
    }
  }

  private visit(node: AstNode): void {
    if (++this.visits > VISIT_BUDGET) return;
    const kind = kindOf(node);
    if (this.syntax.inertKinds.has(kind)) return;
    if (this.syntax.functionKinds.has(kind) && node.id() !== this.unit.id()) {
      this.result.closures.set(node.id(), new Map(this.env));
      return;
    }
    const conditional = this.syntax.conditionalKinds.has(kind);
    if (conditional) this.depth++;

    const binding = this.syntax.binding(node);
    const loop = binding ? undefined : this.syntax.loop(node);
    if (binding) {
      this.visit(binding.value);
      this.bind(binding.targets, binding.value, binding.augmented);
    } else if (loop) {
      this.visit(loop.iterable);
      this.bind([loop.target], loop.iterable, true);
      const before = this.envSignature();
      for (const child of node.namedChildren()) if (child.id() !== loop.target.id() && child.id() !== loop.iterable.id()) this.visit(child);
      // Loop-carried taint: one more pass when the body changed the environment.
      if (this.envSignature() !== before) {
        for (const child of node.namedChildren()) if (child.id() !== loop.target.id() && child.id() !== loop.iterable.id()) this.visit(child);
      }
    } else {
      for (const child of node.namedChildren()) if (child.isNamed()) this.visit(child);
      if (kind === this.syntax.returnKind) {
        for (const child of node.namedChildren()) if (child.isNamed()) this.returns = union(this.returns, this.taintOf(child));
      }
    }

    if (conditional) this.depth--;
    const sink = this.analysis.data.sinks.get(node.id());
    if (sink) this.checkSink(sink.node, sink.targets);
    const call = this.syntax.call(node);
    if (call) this.checkWrapperCall(node, call.callee, call.args);
  }

  private envSignature(): string {
    let size = 0;
    for (const t of this.env.values()) size += t.size;
    return `${this.env.size}:${size}`;
  }

  private bind(targets: AstNode[], value: AstNode, augmented: boolean): void {
    const valueTaint = this.taintOf(value);
    for (const target of targets) {
      for (const name of targetNames(target, this.syntax)) {
        const pos = position(target);
        const incoming = withStep(valueTaint, { ...pos, note: `assigned to ${name}` });
        const previous = this.env.get(name) ?? CLEAN;
        // Weak update inside branches and for augmented assignments; strong update otherwise.
        const next = augmented || this.depth > 0 ? union(previous, incoming) : incoming;
        if (next.size) this.env.set(name, next);
        else this.env.delete(name);
      }
    }
  }

  private checkSink(sink: AstNode, targets: AstNode[]): void {
    for (const target of targets) {
      for (const origin of this.taintOf(target).values()) this.report(sink, origin, []);
    }
  }

  /** A call to a same-file function whose parameter reaches a sink is itself a sink. */
  private checkWrapperCall(call: AstNode, callee: AstNode, args: AstNode | null): void {
    const resolved = this.analysis.summaryOf(callee);
    if (!resolved?.summary.paramSinks.size) return;
    for (const [index, innerSinks] of resolved.summary.paramSinks) {
      const argTaint = this.argumentTaint(resolved.fn, callee, args, index);
      if (!argTaint.size) continue;
      const pos = position(call);
      for (const inner of innerSinks) {
        const tail = [{ ...pos, note: `passed to ${shortText(callee)}()` }, ...inner.steps];
        for (const origin of argTaint.values()) this.report(inner.sink, origin, tail, call);
      }
    }
  }

  private report(sink: AstNode, origin: Origin, tail: TraceStep[], reportAt?: AstNode): void {
    if (origin.kind === 'source') {
      this.analysis.recordHit(sink, origin, tail, reportAt);
    } else if (origin.unit === this.unit.id()) {
      // This function's parameter reaches a sink: the function is a sink wrapper.
      const { paramSinks } = this.result.summary;
      const list = paramSinks.get(origin.index) ?? [];
      if (!list.some((s) => s.sink.id() === sink.id())) list.push({ sink, steps: [...origin.steps, ...tail] });
      paramSinks.set(origin.index, list);
    }
  }

  /** Taint of the argument bound to parameter `index` of `fn` at a call. */
  private argumentTaint(fn: AstNode, callee: AstNode, args: AstNode | null, index: number): Taint {
    const params = this.syntax.parameters(fn);
    const { positional, keyword } = this.syntax.callArguments(args);
    // A method called as self.m(a) / this.m(a): skip the receiver parameter.
    const offset = params[0] && params[0].names.some((n) => this.syntax.receiverNames.has(n)) && this.syntax.memberObject(callee) ? 1 : 0;
    const param = params[index];
    if (!param) return CLEAN;
    let taint: Taint = CLEAN;
    if (param.rest) {
      for (const arg of positional.slice(index - offset)) taint = union(taint, this.taintOf(arg));
    } else {
      const arg = positional[index - offset];
      if (arg) taint = union(taint, this.taintOf(arg));
    }
    if (param.keyword) {
      const kw = keyword.get(param.keyword);
      if (kw) taint = union(taint, this.taintOf(kw));
    }
    return taint;
  }

  /** Taint of an expression under the current environment. */
  taintOf(node: AstNode): Taint {
    const data = this.analysis.data;
    const id = node.id();
    if (data.sanitizers.has(id)) return CLEAN;
    const source = data.sources.get(id);
    if (source) {
      const pos = position(source);
      const text = shortText(this.displayNode(source));
      return new Map([[`s:${pos.line}:${pos.column}`, { kind: 'source', key: `s:${pos.line}:${pos.column}`, text, steps: [{ ...pos, note: `source ${text}` }] } as Origin]]);
    }
    const kind = kindOf(node);
    if (this.syntax.inertKinds.has(kind) || this.syntax.functionKinds.has(kind)) return CLEAN;
    if (this.syntax.identifierKinds.has(kind)) return this.env.get(node.text()) ?? CLEAN;
    if (this.syntax.isCleanExpression(node)) return CLEAN;

    const object = this.syntax.memberObject(node);
    if (object) {
      const own = kind === 'attribute' || kind === 'member_expression' ? (this.env.get(node.text()) ?? CLEAN) : CLEAN;
      return union(own, this.taintOf(object));
    }

    const call = this.syntax.call(node);
    if (call) return this.callTaint(call.callee, call.args);

    let taint: Taint = CLEAN;
    for (const child of node.namedChildren()) {
      if (!child.isNamed()) continue;
      if (kind === 'keyword_argument' && child.id() === node.field('name')?.id()) continue;
      if (kind === 'pair' && child.id() === node.field('key')?.id()) continue;
      taint = union(taint, this.taintOf(child));
    }
    return taint;
  }

  /** The expression a reader recognises: `request.args.get("id")` rather than `request.args`. */
  private displayNode(source: AstNode): AstNode {
    let node = source;
    for (let i = 0; i < 3; i++) {
      const parent = node.parent();
      if (!parent) break;
      const call = this.syntax.call(parent);
      const isCallee = call?.callee.id() === node.id();
      const isObject = this.syntax.memberObject(parent)?.id() === node.id();
      if (!isCallee && !isObject) break;
      node = parent;
    }
    return node;
  }

  private callTaint(callee: AstNode, args: AstNode | null): Taint {
    const resolved = this.analysis.summaryOf(callee);
    if (resolved) {
      let taint: Taint = resolved.summary.returnsSources;
      for (const index of resolved.summary.returnsParams) taint = union(taint, this.argumentTaint(resolved.fn, callee, args, index));
      return taint;
    }
    const text = callee.text();
    const lastName = text.slice(Math.max(text.lastIndexOf('.'), -1) + 1);
    if (this.syntax.cleanCalls.has(lastName)) return CLEAN;
    let taint = args ? this.taintOf(args) : CLEAN;
    const receiver = this.syntax.memberObject(callee);
    if (receiver) taint = union(taint, this.taintOf(receiver));
    return taint;
  }
}
