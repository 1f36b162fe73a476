import type { ScanWarning } from '../../core/warnings.js';
import { loadTemplate, mightBeTemplate } from './cloudformation/template.js';
import { ResourceGraph, type Resource } from './graph.js';
import { isServerlessPath, loadServerless } from './serverless/load.js';

/** A file handed to the IaC loaders: repository-relative path and text. */
export interface IacFile {
  path: string;
  text: string;
}

/** CloudFormation/SAM/CDK templates: YAML or JSON, including `.template` files. */
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

/** Lockfiles, manifests and other JSON/YAML that are never templates, skipped without parsing. */
const NOT_TEMPLATE = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.json|pnpm-lock\.yaml|\.github\/workflows\/[^/]+|docker-compose[^/]*\.ya?ml|\.pre-commit-config\.yaml|buildspec[^/]*\.ya?ml|guardian\.ya?ml)$/i;

/** True when the IaC scanner wants to read `path`. */
export const isIacCandidate = (path: string): boolean => TEMPLATE_FILE.test(path) && !NOT_TEMPLATE.test(path);

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
 */
export function loadIac(files: Iterable<IacFile>): LoadedIac {
  const graph = new ResourceGraph();
  const warnings: ScanWarning[] = [];
  let templates = 0;
  const addAll = (resources: Resource[]) => {
    if (resources.length) templates++;
    for (const resource of resources) graph.add(resource);
  };
  for (const file of files) {
    if (!isIacCandidate(file.path)) continue;
    const serverless = isServerlessPath(file.path);
    if (!serverless && !mightBeTemplate(file.text)) continue;
    const loaded = serverless ? loadServerless(file.path, file.text) : loadTemplate(file.path, file.text);
    if (!loaded) continue;
    addAll(loaded.resources);
    warnings.push(...loaded.warnings);
  }
  graph.linkUnknownRefs();
  return { graph, templates, warnings };
}
