/**
 * The Terraform loader: `.tf` files → graph resources in CloudFormation shapes.
 *
 * Each directory of `.tf` files is a module. Directories that no other loaded directory
 * calls as a local module (`source = "./..."`) are root modules, each its own stack;
 * local child modules are loaded into their caller with its arguments as variables and
 * addresses prefixed `module.<name>.`. Root variables take their `default`, overridden by
 * `terraform.tfvars` and then `*.auto.tfvars` (Terraform's variable definition precedence,
 * https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence).
 */
import { posix } from 'node:path';
import type { ScanWarning } from '../../../core/warnings.js';
import type { Resource, Value } from '../graph.js';
import { mergeCompanions } from './companions.js';
import { ensureHcl, hclLibraryPath } from './language.js';
import { mapResource } from './map.js';
import { type InstanceResource, type LoadContext, type ModuleDefinition, ModuleInstance, defineModule, isLocalSource, moduleSource, resolveSource } from './module.js';
import { type HclFile, parseHcl, parseHclAsync } from './syntax.js';

/** A file to load: repository-relative path (forward slashes) and its text. */
export interface TerraformFile {
  path: string;
  text: string;
}

export interface TerraformOptions {
  /**
   * Read a repository-relative file, `undefined` when it does not exist or may not be
   * read. Used for `file("${path.module}/policy.json")` and for a root module's
   * `terraform.tfvars` when it is not among `files`.
   */
  readFile?(path: string): Promise<string | undefined>;
}

export interface TerraformLoad {
  /** Resources of every root module; `stack` is the root module's directory (`.` for the repository root). */
  resources: Resource[];
  /** `parse-error` (path, line), `terraform-remote-module`, `terraform-module-not-found`, `terraform-unsupported-platform`, ... */
  warnings: ScanWarning[];
}

/** Rounds of reading the files `file()` asked for and evaluating again. */
const FILE_ROUNDS = 3;

/**
 * Load Terraform configuration. `files` are all `.tf` files of the scan (others are
 * ignored), plus any `terraform.tfvars` / `*.auto.tfvars`. Never throws: unreadable
 * files and unexpected failures become warnings and the other modules still load.
 */
export async function loadTerraform(files: readonly TerraformFile[], options: TerraformOptions = {}): Promise<TerraformLoad> {
  const warnings: ScanWarning[] = [];
  if (!ensureHcl()) {
    const unsupported = !hclLibraryPath();
    warnings.push({
      source: 'iac',
      code: unsupported ? 'terraform-unsupported-platform' : 'terraform-parser-unavailable',
      message: unsupported
        ? `No prebuilt HCL parser for ${process.platform}-${process.arch}: Terraform files were not analysed.`
        : 'The HCL parser could not be loaded: Terraform files were not analysed.',
    });
    return { resources: [], warnings };
  }

  const { modules, tfvars } = await parseAll(files, warnings);
  const callees = new Set<string>();
  for (const definition of modules.values()) {
    for (const block of definition.modules.values()) {
      const source = moduleSource(block);
      if (source !== undefined && isLocalSource(source)) {
        const target = resolveSource(definition.directory, source);
        if (target !== definition.directory) callees.add(target);
      }
    }
  }

  const fileCache = new Map<string, string | undefined>();
  const resources: Resource[] = [];
  for (const directory of [...modules.keys()].sort()) {
    if (callees.has(directory)) continue;
    try {
      const inputs = await rootInputs(directory, tfvars.get(directory) ?? [], modules, options, warnings);
      const { instances, context } = await evaluateRoot(modules.get(directory)!, modules, inputs, fileCache, options);
      warnings.push(...context.warnings);
      const mapped = instances.map((instance) => mapResource(directory, instance));
      mergeCompanions(mapped);
      resources.push(...mapped.map((m) => m.resource));
    } catch (error) {
      warnings.push({ source: 'iac', code: 'terraform-error', path: directory, message: `Terraform module ${directory} could not be loaded: ${(error as Error).message}` });
    }
  }
  return { resources, warnings };
}

const isAutoVars = (path: string): boolean => {
  const name = posix.basename(path);
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
};

/** Files parsed at once: tree-sitter runs on the libuv pool while the main thread converts finished trees. */
const PARSE_CONCURRENCY = 4;

async function parseAll(files: readonly TerraformFile[], warnings: ScanWarning[]): Promise<{ modules: Map<string, ModuleDefinition>; tfvars: Map<string, HclFile[]> }> {
  const byDirectory = new Map<string, HclFile[]>();
  const tfvars = new Map<string, HclFile[]>();
  const wanted = files.filter((file) => file.path.endsWith('.tf') || isAutoVars(file.path));
  const parsed: (HclFile | undefined)[] = new Array(wanted.length);
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const index = next++;
      const file = wanted[index]!;
      try {
        parsed[index] = await parseHclAsync(file.path, file.text);
      } catch (error) {
        warnings.push({ source: 'iac', code: 'parse-error', path: file.path, message: `Not valid HCL: ${(error as Error).message}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARSE_CONCURRENCY, wanted.length) }, worker));
  // Files are grouped in input order, so results do not depend on which parse finished first.
  for (const file of parsed) {
    if (!file) continue;
    if (file.problems.length > 0) {
      const first = file.problems[0]!;
      warnings.push({ source: 'iac', code: 'parse-error', path: file.path, line: first.line, message: `Not valid HCL (${first.message}); the file was skipped.` });
      continue;
    }
    const directory = posix.dirname(file.path);
    const into = file.path.endsWith('.tf') ? byDirectory : tfvars;
    into.set(directory, [...(into.get(directory) ?? []), file]);
  }
  const modules = new Map<string, ModuleDefinition>();
  for (const [directory, parsed] of byDirectory) modules.set(directory, defineModule(directory, parsed));
  return { modules, tfvars };
}

/** Variable values from `terraform.tfvars` then `*.auto.tfvars` (lexical order), later files winning. */
async function rootInputs(directory: string, given: HclFile[], modules: Map<string, ModuleDefinition>, options: TerraformOptions, warnings: ScanWarning[]): Promise<Map<string, Value>> {
  const files = [...given];
  const defaultPath = posix.join(directory, 'terraform.tfvars');
  if (options.readFile && !files.some((f) => f.path === defaultPath)) {
    const text = await options.readFile(defaultPath).catch(() => undefined);
    if (text !== undefined) {
      const parsed = parseHcl(defaultPath, text);
      if (parsed.problems.length === 0) files.push(parsed);
      else warnings.push({ source: 'iac', code: 'parse-error', path: defaultPath, line: parsed.problems[0]!.line, message: `Not valid HCL (${parsed.problems[0]!.message}); the file was skipped.` });
    }
  }
  files.sort((a, b) => (posix.basename(a.path) === 'terraform.tfvars' ? -1 : posix.basename(b.path) === 'terraform.tfvars' ? 1 : a.path.localeCompare(b.path)));
  const inputs = new Map<string, Value>();
  // tfvars hold literal values only; an empty module evaluates them (any reference stays unknown).
  const empty = defineModule(directory, []);
  const scope = new ModuleInstance(empty, { modules, rootDirectory: directory, files: new Map(), wanted: new Set(), warnings: [] }, new Map(), '');
  for (const file of files) for (const [name, attribute] of file.body.attributes) inputs.set(name, scope.evaluate(attribute.expr));
  return inputs;
}

/** Evaluate a root module, reading the files `file()` asks for and evaluating again until none are missing. */
async function evaluateRoot(
  definition: ModuleDefinition,
  modules: Map<string, ModuleDefinition>,
  inputs: Map<string, Value>,
  files: Map<string, string | undefined>,
  options: TerraformOptions,
): Promise<{ instances: InstanceResource[]; context: LoadContext }> {
  for (let round = 0; ; round++) {
    const context: LoadContext = { modules, rootDirectory: definition.directory, files, wanted: new Set(), warnings: [] };
    const instances = new ModuleInstance(definition, context, inputs, '').resources();
    if (context.wanted.size === 0 || !options.readFile || round >= FILE_ROUNDS) return { instances, context };
    for (const path of context.wanted) files.set(path, await options.readFile(path).catch(() => undefined));
  }
}
