import type { ScanWarning } from '../../../core/warnings.js';
import type { IacFormat, Resource, Value } from '../graph.js';
import { type Raw, type RawObject, childLine, isRawObject, parseRaw } from './raw.js';
import { type TemplateScope, resolveValue } from './resolve.js';
import { expandOpenApiBodies } from './openapi.js';
import { SAM_TRANSFORM, expandServerless } from './sam.js';

/** Resource-level keys kept as attributes (CloudFormation resource attribute reference). */
const ATTRIBUTE_KEYS = ['DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy'] as const;

/** True when parsed data has the shape of a CloudFormation or SAM template. */
export function isTemplate(data: Raw | undefined): data is RawObject {
  if (!isRawObject(data)) return false;
  if ('AWSTemplateFormatVersion' in data) return true;
  const resources = data.Resources;
  if (!isRawObject(resources)) return false;
  const entries = Object.values(resources);
  return entries.length > 0 && entries.every((r) => isRawObject(r) && typeof r.Type === 'string' && /^(AWS|Custom|Alexa)::|^[A-Za-z0-9]+::[A-Za-z0-9]+::/.test(r.Type));
}

/** Cheap text test that decides whether a YAML/JSON file is worth parsing as a template. */
export const mightBeTemplate = (text: string): boolean => /AWSTemplateFormatVersion|"?Resources"?\s*:/.test(text);

/** What loading one template produced. */
export interface LoadedTemplate {
  resources: Resource[];
  warnings: ScanWarning[];
}

/**
 * Load a CloudFormation, SAM or CDK-synthesised template (YAML or JSON) into graph
 * resources of stack `path`. SAM templates are expanded first (see `sam.ts`); CDK
 * templates keep each resource's `aws:cdk:path`. Returns `undefined` when the file is
 * not a template; parse errors come back as warnings naming the line.
 */
export function loadTemplate(path: string, text: string): LoadedTemplate | undefined {
  const { data, problems } = parseRaw(text);
  if (!data) {
    if (!mightBeTemplate(text)) return undefined;
    return { resources: [], warnings: problems.slice(0, 1).map((p) => ({ code: 'parse-error', source: 'iac', path, line: p.line, message: `Not valid YAML/JSON: ${p.message}` })) };
  }
  if (!isTemplate(data)) return undefined;
  return loadParsedTemplate(path, data);
}

/** Load an already parsed template (the Serverless Framework loader passes its `resources`). */
export function loadParsedTemplate(path: string, template: RawObject, format?: IacFormat): LoadedTemplate {
  const warnings: ScanWarning[] = [];
  const transforms = [template.Transform].flat().filter((t): t is string => typeof t === 'string');
  const isSam = transforms.includes(SAM_TRANSFORM);
  const rawResources = isRawObject(template.Resources) ? template.Resources : {};
  const expanded = expandOpenApiBodies(isSam ? expandServerless(rawResources, isRawObject(template.Globals) ? template.Globals : {}, warnings, path) : rawResources);

  const scope: TemplateScope = {
    parameters: parameterDefaults(template),
    mappings: isRawObject(template.Mappings) ? template.Mappings : {},
    conditions: isRawObject(template.Conditions) ? template.Conditions : {},
    resourceIds: new Set(Object.keys(expanded)),
  };
  const isCdk = path.includes('cdk.out/') || Object.values(expanded).some((r) => isRawObject(r) && isRawObject(r.Metadata) && 'aws:cdk:path' in r.Metadata);
  const resources: Resource[] = [];
  for (const [id, declaration] of Object.entries(expanded)) {
    if (!isRawObject(declaration) || typeof declaration.Type !== 'string') {
      warnings.push({ code: 'invalid-resource', source: 'iac', path, line: childLine(expanded, id), message: `Resource ${id} has no Type` });
      continue;
    }
    const line = childLine(expanded, id) ?? 1;
    const lines = new Map<string, number>();
    const properties = isRawObject(declaration.Properties) ? resolveValue(declaration.Properties, scope, [], lines) : {};
    const attributes: Record<string, Value> = {};
    for (const key of ATTRIBUTE_KEYS) if (declaration[key] !== undefined) attributes[key] = resolveValue(declaration[key], scope, [], new Map());
    const metadata = isRawObject(declaration.Metadata) ? declaration.Metadata : {};
    const generatedBy = generatedFrom(declaration);
    resources.push({
      stack: path,
      id,
      type: declaration.Type,
      properties: properties as Record<string, Value>,
      format: format ?? (isCdk ? 'cdk' : isSam ? 'sam' : 'cloudformation'),
      source: { path, line },
      lines,
      ...(Object.keys(attributes).length ? { attributes } : {}),
      ...(typeof metadata['aws:cdk:path'] === 'string' ? { constructPath: metadata['aws:cdk:path'] } : {}),
      ...(generatedBy ? { generatedBy } : {}),
    });
  }
  return { resources, warnings };
}

/**
 * Parameter values used for resolution: each parameter's `Default`. A deployment may
 * override them; Guardian analyses the template as written, like `sam validate`.
 * Parameters without a default stay unresolved (`Unknown`).
 */
function parameterDefaults(template: RawObject): Map<string, Value> {
  const out = new Map<string, Value>();
  if (!isRawObject(template.Parameters)) return out;
  for (const [name, parameter] of Object.entries(template.Parameters)) {
    if (!isRawObject(parameter) || parameter.Default === undefined || isRawObject(parameter.Default)) continue;
    const value = parameter.Default as Value;
    const isList = parameter.Type === 'CommaDelimitedList' || (typeof parameter.Type === 'string' && parameter.Type.startsWith('List<'));
    out.set(name, isList ? String(value).split(',') : value);
  }
  return out;
}

/** SAM expansion marks generated resources with `__GeneratedBy`; read and drop the mark. */
function generatedFrom(declaration: RawObject): Resource['generatedBy'] {
  const mark = declaration.__GeneratedBy;
  if (!isRawObject(mark) || typeof mark.id !== 'string' || typeof mark.type !== 'string') return undefined;
  return { id: mark.id, type: mark.type };
}
