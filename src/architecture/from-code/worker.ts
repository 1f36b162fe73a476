import { parentPort } from 'node:worker_threads';
import { type CodeFile, type FileFactsBatch, factsOfFiles } from './index.js';

/** A batch of source files for a worker; the answer is a FileFactsBatch. */
export interface FactsRequest {
  files: CodeFile[];
}

parentPort?.on('message', (request: FactsRequest) => {
  const response: FileFactsBatch = factsOfFiles(request.files);
  parentPort!.postMessage(response);
});
