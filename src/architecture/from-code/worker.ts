import { parentPort } from 'node:worker_threads';
import type { FileFacts } from './facts.js';
import { type CodeFile, factsOf } from './index.js';

/** A batch of source files for a worker. */
export interface FactsRequest {
  files: CodeFile[];
}

/** What each file declares and uses (plain data: structured-clone safe), and the files that could not be analysed. */
export interface FactsResponse {
  facts: FileFacts[];
  failures: { path: string; message: string }[];
}

parentPort?.on('message', (request: FactsRequest) => {
  const response: FactsResponse = { facts: [], failures: [] };
  for (const file of request.files) {
    try {
      response.facts.push(factsOf(file));
    } catch (error) {
      response.failures.push({ path: file.path, message: (error as Error).message });
    }
  }
  parentPort!.postMessage(response);
});
