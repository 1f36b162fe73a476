import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A fixed set of worker threads running one module, each handling one request at a
 * time (the module answers every message with exactly one message). Requests queue
 * until a worker is free. Under tsx (the module URL ends in `.ts`) the workers load
 * the TypeScript source through tsx too.
 */
export class WorkerPool<Request, Response> {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly served = new Map<Worker, number>();
  private readonly queue: { request: Request; resolve: (r: Response) => void; reject: (e: Error) => void }[] = [];

  /**
   * @param size number of threads
   * @param recycleAfter requests a worker serves before it is replaced by a fresh one:
   *   parse trees live in native memory the worker's garbage collector does not see,
   *   so a long-lived worker's footprint grows; a new isolate starts from zero.
   */
  constructor(
    private readonly module: URL,
    size: number,
    private readonly recycleAfter = 16,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    // A small young generation makes V8 collect short-lived native-backed wrappers
    // (parse-tree nodes) often, which releases their native memory early.
    const resourceLimits = { maxYoungGenerationSizeMb: 8 };
    const worker = this.module.pathname.endsWith('.ts')
      ? new Worker(new URL('./tsx-worker.mjs', import.meta.url), { workerData: { guardianModule: this.module.href }, resourceLimits })
      : new Worker(this.module, { resourceLimits });
    this.all.add(worker);
    this.served.set(worker, 0);
    return worker;
  }

  /** Back to the idle list, or replaced by a fresh worker once it has served enough. */
  private release(worker: Worker): void {
    const served = (this.served.get(worker) ?? 0) + 1;
    if (served < this.recycleAfter) {
      this.served.set(worker, served);
      this.idle.push(worker);
      return;
    }
    this.all.delete(worker);
    this.served.delete(worker);
    void worker.terminate();
    this.idle.push(this.spawn());
  }

  /** Send a request to the next free worker. Rejects if the worker fails. */
  run(request: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      const onMessage = (response: Response) => {
        cleanup();
        this.release(worker);
        job.resolve(response);
        this.dispatch();
      };
      const onError = (error: Error) => {
        cleanup();
        job.reject(error);
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(job.request);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((w) => w.terminate()));
  }
}

/**
 * How many workers to use: `GUARDIAN_WORKERS` if set (0 or 1 = none), otherwise one
 * per available core, at most 4, and none for small jobs where start-up would dominate.
 */
export function workerCount(jobs: number, minJobsForWorkers = 200): number {
  const configured = process.env.GUARDIAN_WORKERS;
  if (configured !== undefined && configured !== '') {
    const n = Number(configured);
    return Number.isInteger(n) && n > 1 ? n : 0;
  }
  if (jobs < minJobsForWorkers) return 0;
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, 4) : 0;
}
