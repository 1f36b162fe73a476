import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { ScanWarning } from '../../../core/warnings.js';
import type { CodeBuildProject } from './model.js';
import { API_LAYOUT, type DocPath, ProjectBuilder } from './project-builder.js';
import { RoleIndex } from './from-resource.js';

/** A CodeBuild project ARN in any partition (`arn:aws:`, `arn:aws-cn:`, `arn:aws-us-gov:`). */
const PROJECT_ARN = /^arn:aws[a-z-]*:codebuild:/;

/** Cheap text test before parsing: both markers of a batch-get-projects answer. */
function mayBeApiOutput(text: string): boolean {
  return text.includes('"projects"') && text.includes(':codebuild:');
}

/** The result of reading one file as `batch-get-projects` output. */
export interface ApiProjects {
  projects: CodeBuildProject[];
  warnings: ScanWarning[];
}

/**
 * Read `text` as the output of `aws codebuild batch-get-projects` (CodeBuild API
 * `BatchGetProjects` response: `{"projects": [Project, ...]}`), recognised by content:
 * a top-level `projects` array whose items have an `arn` of a CodeBuild project.
 * Returns `undefined` for any other file (including JSON that does not parse). Lines
 * are those of the JSON members; `path` is repository-relative.
 *
 * API reference: https://docs.aws.amazon.com/codebuild/latest/APIReference/API_BatchGetProjects.html
 */
export function projectsFromApiOutput(path: string, text: string): ApiProjects | undefined {
  if (!mayBeApiOutput(text)) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const list = doc.contents.get('projects', true);
  if (!isSeq(list) || list.items.length === 0) return undefined;
  const items = doc.toJS({ maxAliasCount: 0 }) as { projects: unknown[] };
  const looksLikeProject = (p: unknown) => typeof p === 'object' && p !== null && PROJECT_ARN.test(String((p as { arn?: unknown }).arn ?? ''));
  if (!items.projects.some(looksLikeProject)) return undefined;

  const warnings: ScanWarning[] = [];
  const builder = new ProjectBuilder(warnings);
  const roles = new RoleIndex([]);
  const lineAt = (node: Node | undefined | null): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  const projects: CodeBuildProject[] = [];
  items.projects.forEach((raw, index) => {
    const node = list.items[index] as Node | undefined;
    const line = lineAt(node) ?? 1;
    if (!looksLikeProject(raw)) {
      warnings.push({ source: 'pipeline', code: 'invalid-property', path, line, message: `projects[${index}] is not a CodeBuild project (no codebuild ARN); skipped.` });
      return;
    }
    const record = raw as Record<string, unknown>;
    const id = typeof record.name === 'string' ? record.name : String(record.arn);
    projects.push(
      builder.build(
        {
          id,
          path,
          line,
          origin: 'codebuild-api',
          get: (p: DocPath) => valueIn(record, p),
          lineOf: (p: DocPath) => {
            for (let n = p.length; n > 0; n--) {
              const found = lineAt(doc.getIn(['projects', index, ...p.slice(0, n)], true) as Node | undefined);
              if (found !== undefined) return found;
            }
            return line;
          },
          resolveRole: (value) => roles.resolve(value, path), // a file is one account snapshot
        },
        API_LAYOUT,
      ),
    );
  });
  return { projects, warnings };
}

/** The JSON value at `path` under `root`, `undefined` when any step is missing. */
function valueIn(root: unknown, path: DocPath): unknown {
  let current = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
