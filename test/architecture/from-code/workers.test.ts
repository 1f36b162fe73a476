import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { architectureFromCode, architectureFromCodeInWorkers } from '../../../src/architecture/from-code/index.js';
import { WarningSink } from '../../../src/core/warnings.js';
import { FIXTURES, loadTree } from './helpers.js';

describe('architectureFromCodeInWorkers', () => {
  const saved = process.env.GUARDIAN_WORKERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.GUARDIAN_WORKERS;
    else process.env.GUARDIAN_WORKERS = saved;
  });

  // Every fixture app side by side, three times over, in one tree: more than one worker batch.
  const files = ['a', 'b', 'c'].flatMap((copy) => readdirSync(FIXTURES).flatMap((name) => loadTree(join(FIXTURES, name)).map((f) => ({ ...f, path: `${copy}/${name}/${f.path}` }))));

  it('gives the same model on two worker threads as in-process, with the same warnings', async () => {
    expect(files.length).toBeGreaterThan(32);
    process.env.GUARDIAN_WORKERS = '2';
    const inWorkers = new WarningSink();
    const parallel = await architectureFromCodeInWorkers(files, { warnings: inWorkers });
    const inProcess = new WarningSink();
    const serial = architectureFromCode([...files].reverse(), { warnings: inProcess });
    expect(parallel.elements.length).toBeGreaterThan(10);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(serial));
    expect(inWorkers.items).toEqual(inProcess.items);
  });
});
