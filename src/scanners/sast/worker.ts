import { parentPort } from 'node:worker_threads';
import type { Language } from '../../core/languages.js';
import { analyzeSource, compileRules } from './analyze.js';
import { bundledRules } from './scanner.js';
import type { SastRule } from './rule.js';

/** A batch of files for a worker: rule ids to run and each file's path, language and text. */
export interface WorkerRequest {
  ruleIds: string[];
  files: { path: string; language: Language; text: string }[];
}

export type WorkerResponse = ReturnType<typeof analyzeSource>;

// Rules are compiled once per worker, for the ids the scan enabled.
let compiled: ReturnType<typeof compileRules> | undefined;
let compiledFor = '';

parentPort?.on('message', (request: WorkerRequest) => {
  const key = request.ruleIds.join(',');
  if (!compiled || compiledFor !== key) {
    const wanted = new Set(request.ruleIds);
    compiled = compileRules(bundledRules().filter((r: SastRule) => wanted.has(r.id)));
    compiledFor = key;
  }
  const response: WorkerResponse = { findings: [], failures: [] };
  for (const file of request.files) {
    const result = analyzeSource(file.path, file.text, file.language, compiled);
    response.findings.push(...result.findings);
    response.failures.push(...result.failures);
  }
  parentPort!.postMessage(response);
});
