import type { ScanWarning } from '../../core/warnings.js';
import { loadTemplate, mightBeTemplate } from './cloudformation/template.js';
import { ResourceGraph, type Resource } from './graph.js';
import { linkLiteralNames } from './names.js';
import { isServerlessPath, loadServerless } from './serverless/load.js';
import { type TerraformOptions, loadTerraform } from './terraform/index.js';

/** A file handed to the IaC loaders: repository-relative path and text. */
export interface IacFile {
  path: string;
  text: string;
}

/** CloudFormation/SAM/CDK templates (YAML, JSON, `.template`), Terraform and its variable files. */
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;
const TERRAFORM_FILE = /\.tf$|(^|\/)(terraform\.tfvars|[^/]+\.auto\.tfvars)$/;

/** Lockfiles, manifests and other JSON/YAML that are never templates, skipped without parsing. */
const NOT_TEMPLATE = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.json|pnpm-lock\.yaml|\.github\/workflows\/[^/]+|docker-compose[^/]*\.ya?ml|\.pre-commit-config\.yaml|buildspec[^/]*\.ya?ml|guardian\.ya?ml)$/i;

/** True when the IaC scanner wants to read `path`. */
export const isIacCandidate = (path: string): boolean => TERRAFORM_FILE.test(path) || (TEMPLATE_FILE.test(path) && !NOT_TEMPLATE.test(path));

/** Resources loaded from a set of files, and what could not be read. */
export interface LoadedIac {
  graph: ResourceGraph;
  /** Templates/modules that produced resources, by format, for stats. */
  templates: number;
  warnings: ScanWarning[];
}

/**
 * Load every infrastructure-as-code file among `files` into one ResourceGraph and link
 * references. Files that are not IaC are ignored; broken ones become warnings.
 * `readFile` lets Terraform's `file()` read repository files that are not among `files`.
 */
export async function loadIac(files: Iterable<IacFile>, options: TerraformOptions = {}): Promise<LoadedIac> {
  const graph = new ResourceGraph();
  const warnings: ScanWarning[] = [];
  let templates = 0;
  const addAll = (resources: Resource[]) => {
    if (resources.length) templates++;
    for (const resource of resources) graph.add(resource);
  };
  const terraform: IacFile[] = [];
  for (const file of files) {
    if (!isIacCandidate(file.path)) continue;
    if (TERRAFORM_FILE.test(file.path)) {
      terraform.push(file);
      continue;
    }
    const serverless = isServerlessPath(file.path);
    if (!serverless && !mightBeTemplate(file.text)) continue;
    const loaded = serverless ? loadServerless(file.path, file.text) : loadTemplate(file.path, file.text);
    if (!loaded) continue;
    addAll(loaded.resources);
    warnings.push(...loaded.warnings);
  }
  if (terraform.length) {
    const loaded = await loadTerraform(terraform, options);
    templates += new Set(loaded.resources.map((r) => r.stack)).size;
    for (const resource of loaded.resources) graph.add(resource);
    warnings.push(...loaded.warnings);
  }
  graph.linkUnknownRefs();
  linkLiteralNames(graph);
  return { graph, templates, warnings };
}
