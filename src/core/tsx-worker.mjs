// Development only: lets a worker thread run a TypeScript module under tsx (Node 20's
// workers do not apply `--import tsx` before loading their main module).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.guardianModule);
