import type { FindingDraft } from '../../../../core/fingerprint.js';
import type { ScanWarning } from '../../../../core/warnings.js';
import type { Unknown } from '../../../iac/graph.js';
import type { CodeBuildProject } from '../model.js';
import type { PatternReader, WebhookExposure } from '../webhook-exposure.js';

/** A project together with what its webhook lets in, computed once for every check. */
export interface AnalyzedProject {
  project: CodeBuildProject;
  exposure: WebhookExposure;
}

/** What checks share: the output lists and the memoised pattern reader. */
export interface CheckContext {
  findings: FindingDraft[];
  warnings: ScanWarning[];
  patterns: PatternReader;
}

/** The known string value of a field, or `undefined` for absent and unresolved values. */
export const known = (field: { value: string | Unknown } | undefined): string | undefined =>
  field && typeof field.value === 'string' ? field.value : undefined;

/** `Project "name"` with its source, for messages. */
export function describeProject(project: CodeBuildProject): string {
  const type = known(project.source.type);
  const location = known(project.source.location);
  const source = type ? ` (${type}${location ? ` ${location}` : ''})` : '';
  return `CodeBuild project "${project.name}"${source}`;
}
