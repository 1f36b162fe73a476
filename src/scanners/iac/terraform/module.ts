/**
 * Terraform modules (https://developer.hashicorp.com/terraform/language/modules): every
 * `.tf` file of one directory forms a module; a module instance is that module with its
 * input variables set, evaluated lazily (locals, data sources and child modules are
 * computed when first referenced).
 */
import { posix } from 'node:path';
import type { ScanWarning } from '../../../core/warnings.js';
import { Unknown, type Value, isRecord } from '../graph.js';
import { type EvaluatedBlock, evaluateBlock } from './blocks.js';
import { type EvalScope, Evaluator } from './evaluate.js';
import { renderPolicyDocument } from './policy-document.js';
import type { Attribute, Block, Expr, HclFile } from './syntax.js';
import { JsonEncoded, hasUnknown } from './values.js';

/** The declarations of one module directory. */
export interface ModuleDefinition {
  directory: string;
  variables: Map<string, Block>;
  locals: Map<string, Attribute>;
  resources: Block[];
  /** `type.name` of each resource, for telling references from other expressions. */
  resourceKeys: Set<string>;
  data: Map<string, Block>;
  modules: Map<string, Block>;
  outputs: Map<string, Attribute>;
}

/** Collect the top-level blocks of a directory's files. */
export function defineModule(directory: string, files: readonly HclFile[]): ModuleDefinition {
  const definition: ModuleDefinition = { directory, variables: new Map(), locals: new Map(), resources: [], resourceKeys: new Set(), data: new Map(), modules: new Map(), outputs: new Map() };
  for (const file of files) {
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      switch (block.type) {
        case 'variable':
          if (first !== undefined) definition.variables.set(first, block);
          break;
        case 'locals':
          for (const [name, attribute] of block.attributes) definition.locals.set(name, attribute);
          break;
        case 'resource':
          if (first !== undefined && second !== undefined) {
            definition.resources.push(block);
            definition.resourceKeys.add(`${first}.${second}`);
          }
          break;
        case 'data':
          if (first !== undefined && second !== undefined) definition.data.set(`${first}.${second}`, block);
          break;
        case 'module':
          if (first !== undefined) definition.modules.set(first, block);
          break;
        case 'output':
          if (first !== undefined && block.attributes.has('value')) definition.outputs.set(first, block.attributes.get('value')!);
          break;
        default:
          break;
      }
    }
  }
  return definition;
}

/** The literal `source` of a module call, when written as a plain string. */
export function moduleSource(block: Block): string | undefined {
  const expr = block.attributes.get('source')?.expr;
  return expr?.kind === 'literal' && typeof expr.value === 'string' ? expr.value : undefined;
}

/** Local module sources start with `./` or `../` (Terraform "Module Sources"). */
export const isLocalSource = (source: string): boolean => source.startsWith('./') || source.startsWith('../');

/** The repository-relative directory a local source points to from `directory`. */
export const resolveSource = (directory: string, source: string): string => posix.normalize(posix.join(directory, source)).replace(/\/$/, '');

/** What every instance of one root module shares. */
export interface LoadContext {
  /** Module definitions by repository-relative directory. */
  modules: ReadonlyMap<string, ModuleDefinition>;
  rootDirectory: string;
  /** Files read so far for `file()`; `undefined` entries could not be read. */
  files: Map<string, string | undefined>;
  /** Paths `file()` asked for that have not been read yet. */
  wanted: Set<string>;
  warnings: ScanWarning[];
}

/** A resource of a module instance, addressed as in Terraform state. */
export interface InstanceResource {
  address: string;
  type: string;
  block: EvaluatedBlock;
  /** `count`, `for_each`, `depends_on` as written (evaluated). */
  meta: Record<string, Value>;
}

const MAX_DEPTH = 16;

/** `count = 0` or an empty `for_each`, known statically: Terraform creates no instance. */
function createsNothing(meta: Record<string, Value>): boolean {
  const { count, for_each: forEach } = meta;
  if (count === 0 || count === '0') return true;
  return (Array.isArray(forEach) && forEach.length === 0) || (isRecord(forEach) && Object.keys(forEach).length === 0);
}

/** A module with its inputs, evaluating on demand. */
export class ModuleInstance implements EvalScope {
  private readonly evaluator = new Evaluator(this);
  private readonly localValues = new Map<string, Value>();
  private readonly dataValues = new Map<string, Value | undefined>();
  private readonly children = new Map<string, ModuleInstance | null>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly definition: ModuleDefinition,
    private readonly context: LoadContext,
    /** Input values by variable name (module arguments, or tfvars for a root module). */
    private readonly inputs: ReadonlyMap<string, Value>,
    /** Address prefix: `''` for the root, `module.x.` for a child. */
    readonly prefix: string,
    private readonly depth = 0,
  ) {}

  /** Evaluate an expression in this module's scope. */
  evaluate(expr: Expr): Value {
    return this.evaluator.evaluate(expr);
  }

  get rootDirectory(): string {
    return this.context.rootDirectory;
  }

  variable(name: string): Value {
    const input = this.inputs.get(name);
    if (input !== undefined) return input;
    const declaration = this.definition.variables.get(name);
    const fallback = declaration?.attributes.get('default');
    if (!fallback) return new Unknown(`var.${name}`);
    return this.guarded(`var.${name}`, () => this.evaluator.evaluate(fallback.expr));
  }

  local(name: string): Value {
    const cached = this.localValues.get(name);
    if (cached !== undefined) return cached;
    const attribute = this.definition.locals.get(name);
    if (!attribute) return new Unknown(`local.${name}`);
    const value = this.guarded(`local.${name}`, () => this.evaluator.evaluate(attribute.expr));
    this.localValues.set(name, value);
    return value;
  }

  data(type: string, name: string): Value | undefined {
    const key = `${type}.${name}`;
    if (this.dataValues.has(key)) return this.dataValues.get(key);
    const block = this.definition.data.get(key);
    let value: Value | undefined;
    if (block && type === 'aws_iam_policy_document') {
      value = this.guarded(`data.${key}`, () => {
        const document = renderPolicyDocument(evaluateBlock(block, this.evaluator));
        const json = hasUnknown(document) ? new JsonEncoded(document, `data.${key}.json`) : JSON.stringify(document);
        return { json, minified_json: json };
      });
    }
    this.dataValues.set(key, value);
    return value;
  }

  moduleOutput(name: string, output: string): Value | undefined {
    const child = this.child(name);
    const attribute = child?.definition.outputs.get(output);
    if (!child || !attribute) return undefined;
    return child.guarded(`output.${output}`, () => child.evaluator.evaluate(attribute.expr));
  }

  resourceAddress(type: string, name: string): string | undefined {
    return this.definition.resourceKeys.has(`${type}.${name}`) ? `${this.prefix}${type}.${name}` : undefined;
  }

  path(name: string): Value {
    if (name === 'root') return '.';
    if (name === 'module') return posix.relative(this.context.rootDirectory, this.definition.directory) || '.';
    return new Unknown(`path.${name}`);
  }

  readFile(path: string): string | undefined {
    if (this.context.files.has(path)) return this.context.files.get(path);
    this.context.wanted.add(path);
    return undefined;
  }

  /** This instance's resources and those of its child modules, depth first. */
  resources(): InstanceResource[] {
    const result: InstanceResource[] = [];
    for (const block of this.definition.resources) {
      const [type = '', name = ''] = block.labels;
      const meta: Record<string, Value> = {};
      for (const key of ['count', 'for_each', 'depends_on']) {
        const attribute = block.attributes.get(key);
        if (attribute) meta[key] = key === 'depends_on' ? attribute.expr.text : this.evaluator.evaluate(attribute.expr);
      }
      if (createsNothing(meta)) continue;
      result.push({ address: `${this.prefix}${type}.${name}`, type, block: evaluateBlock(block, this.evaluator), meta });
    }
    for (const [name, block] of this.definition.modules) {
      const meta: Record<string, Value> = {};
      for (const key of ['count', 'for_each']) {
        const attribute = block.attributes.get(key);
        if (attribute) meta[key] = this.evaluator.evaluate(attribute.expr);
      }
      if (createsNothing(meta)) continue;
      const child = this.child(name);
      if (child) result.push(...child.resources());
    }
    return result;
  }

  /** The instance of child module `name`, or `null` when its source is not a loaded local directory. */
  private child(name: string): ModuleInstance | null {
    const cached = this.children.get(name);
    if (cached !== undefined) return cached;
    this.children.set(name, null);
    const block = this.definition.modules.get(name)!;
    if (!block) return null;
    const source = moduleSource(block);
    const where = { source: 'iac', path: block.path, line: block.line };
    if (source === undefined || !isLocalSource(source)) {
      this.context.warnings.push({ ...where, code: 'terraform-remote-module', message: `Module "${name}" comes from ${source === undefined ? 'a computed source' : `"${source}"`}, which is not a local directory: its resources are not analysed.` });
      return null;
    }
    const directory = resolveSource(this.definition.directory, source);
    const definition = this.context.modules.get(directory);
    if (!definition) {
      this.context.warnings.push({ ...where, code: 'terraform-module-not-found', message: `Module "${name}" points to ${directory}, which has no loaded .tf files: its resources are not analysed.` });
      return null;
    }
    if (this.depth >= MAX_DEPTH) {
      this.context.warnings.push({ ...where, code: 'terraform-module-depth', message: `Module "${name}" is nested more than ${MAX_DEPTH} levels deep (a cycle?): not followed.` });
      return null;
    }
    const inputs = new Map<string, Value>();
    for (const [argument, attribute] of block.attributes) {
      if (['source', 'version', 'providers', 'count', 'for_each', 'depends_on'].includes(argument)) continue;
      inputs.set(argument, this.evaluator.evaluate(attribute.expr));
    }
    const child = new ModuleInstance(definition, this.context, inputs, `${this.prefix}module.${name}.`, this.depth + 1);
    this.children.set(name, child);
    return child;
  }

  /** Evaluate once at a time: a reference cycle (`local.a` needing `local.a`) is unknown, not a crash. */
  private guarded(key: string, compute: () => Value): Value {
    if (this.evaluating.has(key)) return new Unknown(key);
    this.evaluating.add(key);
    try {
      return compute();
    } finally {
      this.evaluating.delete(key);
    }
  }
}
