import { readFileSync } from 'node:fs';
import type { FindingDraft } from '../../../../src/core/fingerprint.js';
import { loadTemplate as loadCloudFormation } from '../../../../src/scanners/iac/cloudformation/template.js';
import type { Resource } from '../../../../src/scanners/iac/graph.js';

/** Graph resources of a CloudFormation template, through Guardian's CloudFormation loader (stack `path`). */
export function resourcesFromTemplate(path: string, text: string): Resource[] {
  const loaded = loadCloudFormation(path, text);
  if (!loaded) throw new Error(`${path} is not a CloudFormation template`);
  if (loaded.warnings.length) throw new Error(`${path}: ${loaded.warnings.map((w) => w.message).join('; ')}`);
  return loaded.resources;
}

/** Read a template from disk; `path` is repository-relative (tests run from the repository root). */
export const loadTemplate = (path: string): Resource[] => resourcesFromTemplate(path, readFileSync(path, 'utf8'));

/**
 * A template with the given resources, each `[logicalId, type, propertiesYaml]`;
 * properties are written at column 0 and indented here.
 */
export function template(...resources: [string, string, string][]): string {
  const body = resources
    .map(([id, type, props]) => `  ${id}:\n    Type: ${type}\n    Properties:\n${props.trim().split('\n').map((l) => `      ${l}`).join('\n')}`)
    .join('\n');
  return `Resources:\n${body}\n`;
}

/** Resources of a one-project template (`Properties` given as YAML at column 0), path `t.yaml`. */
export function projectResources(props: string, ...others: [string, string, string][]): Resource[] {
  return resourcesFromTemplate('t.yaml', template(['Project', 'AWS::CodeBuild::Project', props], ...others));
}

/** `line ruleId severity` sorted by line, then rule. */
export const brief = (findings: FindingDraft[]): string[] =>
  [...findings]
    .sort((a, b) => a.location.startLine - b.location.startLine || a.ruleId.localeCompare(b.ruleId))
    .map((f) => `${f.location.startLine} ${f.ruleId.replace('pipeline.codebuild.', '')} ${f.severity}`);

/** A GitHub source block. */
export const GITHUB = `Source:
  Type: GITHUB
  Location: https://github.com/o/r.git`;

/** The three untrusted-code pull-request events. */
export const PR = 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED';
