import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../core/config.js';
import { openWorkspace } from '../core/run.js';
import type { ScanWarning } from '../core/warnings.js';
import { isIacCandidate, loadIac } from '../scanners/iac/load.js';
import { architectureFromCodeInWorkers, type CodeFile } from './from-code/index.js';
import { architectureFromDesign } from './from-design.js';
import { architectureFromGraph } from './from-graph.js';
import { mergeArchitectures } from './merge.js';
import type { Architecture } from './model.js';
import { type Removal, type ThreatDecisionEntry, applyOverrides, loadModelOverrides } from './overrides.js';

/** The model of a repository, what a person removed from it, and what could not be read. */
export interface BuiltArchitecture {
  model: Architecture;
  removed: Removal[];
  /** The model file's decisions on threats, for the threat model to apply (empty without a model file). */
  threatDecisions: ThreatDecisionEntry[];
  warnings: ScanWarning[];
}

/**
 * "What are we working on?" for the repository at `root`: the DFD inferred from its
 * infrastructure as code (ResourceGraph), its application code and the given design
 * documents (paths relative to the current directory), merged, then corrected by the
 * repository's `guardian-model.yml`. The walk honours `guardian.yml` excludes and
 * .gitignore like `guardian scan`. Deterministic for the same files.
 */
export async function buildArchitecture(root: string, designDocs: readonly string[] = []): Promise<BuiltArchitecture> {
  const absRoot = resolve(root);
  const { config } = await loadConfig(absRoot);
  const { warnings, workspace, files } = await openWorkspace(absRoot, config);
  const iacFiles: { path: string; text: string }[] = [];
  const codeFiles: CodeFile[] = [];
  for (const file of files) {
    const iac = isIacCandidate(file.path);
    if (!iac && !file.language) continue;
    const text = await workspace.readText(file);
    if (text === undefined) continue;
    if (iac) iacFiles.push({ path: file.path, text });
    if (file.language) codeFiles.push({ path: file.path, text, language: file.language });
  }
  const { graph, warnings: iacWarnings } = await loadIac(iacFiles);
  for (const warning of iacWarnings) warnings.add(warning);

  const parts = [architectureFromGraph(graph), await architectureFromCodeInWorkers(codeFiles, { warnings })];
  for (const doc of designDocs) {
    const path = resolve(doc);
    const text = await readFile(path, 'utf8').catch((error: Error) => {
      warnings.add({ source: 'architecture', code: 'unreadable-file', path: doc, message: `Cannot read design document: ${error.message}` });
      return undefined;
    });
    // Evidence paths are repository-relative; a document outside the repository keeps the path it was given.
    const inside = relative(absRoot, path);
    const shown = inside.startsWith('..') ? doc : inside;
    if (text !== undefined) parts.push(architectureFromDesign(shown.split('\\').join('/'), text, warnings));
  }
  const merged = mergeArchitectures(parts);

  const { overrides, warnings: overrideWarnings } = await loadModelOverrides(absRoot);
  overrideWarnings.forEach((w) => warnings.add(w));
  if (!overrides) return { model: merged, removed: [], threatDecisions: [], warnings: warnings.items };
  const applied = applyOverrides(merged, overrides);
  applied.warnings.forEach((w) => warnings.add(w));
  const threatDecisions = overrides.threats.map((t) => ({ ...t, path: overrides.path }));
  return { model: applied.model, removed: applied.removed, threatDecisions, warnings: warnings.items };
}
