import { describe, expect, it } from 'vitest';
import { ComponentSet, MAX_PROBLEMS, ProblemList } from '../../../../src/scanners/sca/lockfiles/collect.js';
import { classifyDev } from '../../../../src/scanners/sca/lockfiles/graph.js';

const base = { ecosystem: 'npm' as const, name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0' };

describe('ComponentSet', () => {
  it('merges sightings of one purl: direct wins, production wins, dependencies unite', () => {
    const set = new ComponentSet();
    set.add({ ...base, direct: false, dev: true, dependsOn: ['pkg:npm/x@1.0.0'] }, 'package-lock.json');
    set.add({ ...base, direct: true, dev: false, dependsOn: ['pkg:npm/y@1.0.0', 'pkg:npm/x@1.0.0'], integrity: 'sha512-x' }, 'package-lock.json');
    set.add({ ...base, name: 'b', purl: 'pkg:npm/b@1.0.0', dev: true, dependsOn: ['pkg:npm/b@1.0.0'] }, 'package-lock.json');
    set.add({ ...base, name: 'b', purl: 'pkg:npm/b@1.0.0' }, 'package-lock.json');
    expect(set.list()).toEqual([
      { ...base, direct: true, dev: false, dependsOn: ['pkg:npm/x@1.0.0', 'pkg:npm/y@1.0.0'], integrity: 'sha512-x', manifest: 'package-lock.json' },
      { ...base, name: 'b', purl: 'pkg:npm/b@1.0.0', manifest: 'package-lock.json' }, // dev unknown + true = unknown; self-dependency dropped
    ]);
  });
});

describe('ProblemList', () => {
  it('summarises problems beyond the cap', () => {
    const problems = new ProblemList();
    for (let i = 0; i < MAX_PROBLEMS + 3; i++) problems.add(`p${i}`, i + 1);
    const list = problems.list();
    expect(list).toHaveLength(MAX_PROBLEMS + 1);
    expect(list[0]).toEqual({ message: 'p0', line: 1 });
    expect(list[MAX_PROBLEMS]).toEqual({ message: '3 more problem(s) in this file were not listed' });
  });
});

describe('classifyDev', () => {
  it('marks nodes reached only from development roots as dev, handles cycles', () => {
    const edges = new Map([
      ['app-dep', ['shared']],
      ['test-tool', ['shared', 'only-test']],
      ['only-test', ['test-tool']],
    ]);
    const result = classifyDev(edges, ['app-dep'], ['test-tool']);
    expect(Object.fromEntries(result)).toEqual({ 'app-dep': false, shared: false, 'test-tool': true, 'only-test': true });
  });
});
