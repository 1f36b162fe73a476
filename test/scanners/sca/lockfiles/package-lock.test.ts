import { describe, expect, it } from 'vitest';
import { parsePackageLock } from '../../../../src/scanners/sca/lockfiles/package-lock.js';
import { byPurl, comparable, fixtureText, ids, idsWhere, parseFixture, parseText } from './helpers.js';

// fixtures/npm/v{1,2,3}: the same package.json (express 4.17.1, lodash 4.17.20, a scoped
// package, an npm: alias and a dev dependency) locked by npm 6, npm 8 and npm 11.
const EXPECTED = [
  '@babel/helper-validator-identifier@7.22.20', 'accepts@1.3.8', 'array-flatten@1.1.1', 'body-parser@1.19.0',
  'bytes@3.1.0', 'content-disposition@0.5.3', 'content-type@1.0.5', 'cookie@0.4.0', 'cookie-signature@1.0.6',
  'debug@2.6.9', 'depd@1.1.2', 'destroy@1.0.4', 'ee-first@1.1.1', 'encodeurl@1.0.4', 'escape-html@1.0.3',
  'etag@1.8.1', 'express@4.17.1', 'finalhandler@1.1.2', 'forwarded@0.2.0', 'fresh@0.5.2', 'http-errors@1.7.2',
  'iconv-lite@0.4.24', 'inherits@2.0.3', 'ipaddr.js@1.9.1', 'left-pad@1.3.0', 'lodash@4.17.20', 'media-typer@0.3.0',
  'merge-descriptors@1.0.1', 'methods@1.1.2', 'mime@1.6.0', 'mime-db@1.52.0', 'mime-types@2.1.35', 'ms@2.0.0',
  'ms@2.1.1', 'negotiator@0.6.3', 'on-finished@2.3.0', 'parseurl@1.3.3', 'path-to-regexp@0.1.7', 'proxy-addr@2.0.8',
  'qs@6.7.0', 'range-parser@1.2.1', 'raw-body@2.4.0', 'safe-buffer@5.1.2', 'safer-buffer@2.1.2', 'send@0.17.1',
  'serve-static@1.14.1', 'setprototypeof@1.1.1', 'statuses@1.5.0', 'toidentifier@1.0.0', 'type-is@1.6.18',
  'unpipe@1.0.0', 'utils-merge@1.0.1', 'vary@1.1.2',
];
const DIRECT = ['@babel/helper-validator-identifier@7.22.20', 'express@4.17.1', 'left-pad@1.3.0', 'lodash@4.17.20', 'ms@2.0.0'];

describe('package-lock.json lockfileVersion 3 (npm 11)', () => {
  const { components, problems } = parseFixture(parsePackageLock, 'npm/v3/package-lock.json');

  it('lists every installed package once, with direct and dev flags', () => {
    expect(problems).toEqual([]);
    expect(ids(components)).toEqual(EXPECTED);
    expect(idsWhere(components, (c) => c.direct === true)).toEqual(DIRECT);
    expect(idsWhere(components, (c) => c.dev === true)).toEqual(['left-pad@1.3.0']);
    expect(components.every((c) => c.ecosystem === 'npm' && c.manifest === 'npm/v3/package-lock.json')).toBe(true);
  });

  it('encodes the scope in purls and keeps integrity and license', () => {
    expect(byPurl(components, 'pkg:npm/%40babel/helper-validator-identifier@7.22.20')).toEqual({
      ecosystem: 'npm',
      name: '@babel/helper-validator-identifier',
      version: '7.22.20',
      purl: 'pkg:npm/%40babel/helper-validator-identifier@7.22.20',
      direct: true,
      dev: false,
      manifest: 'npm/v3/package-lock.json',
      integrity:
        'sha512-Y4OZ+ytlatR8AI+8KZfKuL5urKp7qey08ha31L8b3BwewJAoJamTzyvxPR/5D+KkdJCGPq/+8TukHBlY10FX9A==',
      license: 'MIT',
    });
    expect(byPurl(components, 'pkg:npm/left-pad@1.3.0').license).toBe('WTFPL');
  });

  it('resolves dependencies through nested node_modules (send → its own ms 2.1.1)', () => {
    expect(byPurl(components, 'pkg:npm/send@0.17.1').dependsOn).toEqual([
      'pkg:npm/debug@2.6.9', 'pkg:npm/depd@1.1.2', 'pkg:npm/destroy@1.0.4', 'pkg:npm/encodeurl@1.0.4',
      'pkg:npm/escape-html@1.0.3', 'pkg:npm/etag@1.8.1', 'pkg:npm/fresh@0.5.2', 'pkg:npm/http-errors@1.7.2',
      'pkg:npm/mime@1.6.0', 'pkg:npm/ms@2.1.1', 'pkg:npm/on-finished@2.3.0', 'pkg:npm/range-parser@1.2.1',
      'pkg:npm/statuses@1.5.0',
    ]);
    expect(byPurl(components, 'pkg:npm/debug@2.6.9').dependsOn).toEqual(['pkg:npm/ms@2.0.0']);
    expect(byPurl(components, 'pkg:npm/express@4.17.1').dependsOn).toHaveLength(30);
    expect(byPurl(components, 'pkg:npm/lodash@4.17.20').dependsOn).toBeUndefined();
  });

  it('reports the alias "old-ms": "npm:ms@2.0.0" as ms 2.0.0, merged with the hoisted ms 2.0.0', () => {
    expect(components.filter((c) => c.name === 'ms').map((c) => [c.version, c.direct])).toEqual([
      ['2.0.0', true],
      ['2.1.1', false],
    ]);
    expect(components.some((c) => c.name === 'old-ms')).toBe(false);
  });
});

describe('package-lock.json lockfileVersion 1 and 2 (npm 6, npm 8)', () => {
  const v3 = parseFixture(parsePackageLock, 'npm/v3/package-lock.json').components;

  it.each(['npm/v1/package-lock.json', 'npm/v2/package-lock.json'])('%s gives the same components as v3', (path) => {
    const { components, problems } = parseFixture(parsePackageLock, path);
    expect(problems).toEqual([]);
    expect(comparable(components)).toEqual(comparable(v3));
  });

  it('v1 resolves `requires` through the nested dependency tree', () => {
    const { components } = parseFixture(parsePackageLock, 'npm/v1/package-lock.json');
    expect(byPurl(components, 'pkg:npm/send@0.17.1').dependsOn).toContain('pkg:npm/ms@2.1.1');
    expect(byPurl(components, 'pkg:npm/send@0.17.1').dependsOn).not.toContain('pkg:npm/ms@2.0.0');
  });

  it('v1 without a package.json leaves top-level direct unknown but nested packages indirect', () => {
    const { components } = parseFixture(parsePackageLock, 'npm/v1/package-lock.json', { 'package.json': undefined });
    expect(byPurl(components, 'pkg:npm/express@4.17.1').direct).toBeUndefined();
    expect(byPurl(components, 'pkg:npm/ms@2.1.1').direct).toBe(false); // only nested under send
  });
});

describe('package-lock.json with workspaces', () => {
  const { components, problems } = parseFixture(parsePackageLock, 'npm/workspaces/package-lock.json');

  it('skips the root, workspace folders and their links, and reads workspace-nested packages', () => {
    expect(problems).toEqual([]);
    expect(components.map((c) => [c.name, c.version, c.direct, c.dev])).toEqual([
      ['is-number', '7.0.0', true, true],
      ['ms', '2.0.0', true, false],
      ['ms', '2.1.3', true, false],
    ]);
  });
});

describe('package-lock.json edge cases', () => {
  it('reports truncated JSON with its line and returns no components', () => {
    const text = fixtureText('npm/v3/package-lock.json').slice(0, 1000); // cut after line 34
    const result = parseText(parsePackageLock, 'package-lock.json', text);
    expect(result.components).toEqual([]);
    expect(result.problems).toEqual([{ message: 'package-lock.json is not valid JSON: the file ends unexpectedly (truncated?)', line: 34 }]);
    expect(parseText(parsePackageLock, 'package-lock.json', '{\n  "packages": {\n').problems).toEqual([
      { message: 'package-lock.json is not valid JSON: the file ends unexpectedly (truncated?)', line: 2 },
    ]);
  });

  it('points a syntax error at its line', () => {
    const result = parseText(parsePackageLock, 'npm-shrinkwrap.json', '{\n  "lockfileVersion": 3,\n  "packages": {,}\n}');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^npm-shrinkwrap.json is not valid JSON: /);
    expect(result.problems[0]!.line).toBe(3);
  });

  it('keeps readable entries when others have the wrong types', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '^1.0.0', b: '1', c: '1' } },
        'node_modules/a': { version: '1.0.0', dependencies: { b: '1' } },
        'node_modules/b': { version: 2 },
        'node_modules/c': 'not an object',
      },
    };
    const result = parseText(parsePackageLock, 'package-lock.json', JSON.stringify(lock, null, 2));
    expect(result.components).toEqual([
      { ecosystem: 'npm', name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0', direct: true, dev: false, manifest: 'package-lock.json' },
    ]);
    expect(result.problems).toEqual([
      { message: 'package-lock entry "node_modules/b" has no version', line: 17 },
      { message: 'package-lock entry "node_modules/c" is not an object', line: 20 },
    ]);
  });

  it('rejects JSON that is not a lockfile', () => {
    expect(parseText(parsePackageLock, 'package-lock.json', '[1, 2]').problems).toEqual([
      { message: 'package-lock.json does not contain a JSON object' },
    ]);
    expect(parseText(parsePackageLock, 'package-lock.json', '{"packages": []}').problems[0]!.message).toMatch(
      /neither a "packages" nor a "dependencies" object/,
    );
    expect(parseText(parsePackageLock, 'package-lock.json', '{"lockfileVersion": 3, "name": "empty"}')).toEqual({ components: [], problems: [] });
  });

  it('de-duplicates one name@version installed at several paths and merges flags', () => {
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1', b: '1' }, devDependencies: { t: '1' } },
        'node_modules/a': { version: '1.0.0', dependencies: { x: '^1' } },
        'node_modules/a/node_modules/x': { version: '1.2.0', dev: true },
        'node_modules/b': { version: '1.0.0', dependencies: { x: '^1' } },
        'node_modules/b/node_modules/x': { version: '1.2.0' },
        'node_modules/@s/y': { version: '1.0.0', devOptional: true, optional: true },
        'node_modules/t': { version: '3.0.0', dev: true, dependencies: { '@s/y': '1' } },
      },
    };
    const { components } = parseText(parsePackageLock, 'package-lock.json', JSON.stringify(lock));
    expect(components.map((c) => [c.purl, c.direct, c.dev])).toEqual([
      ['pkg:npm/%40s/y@1.0.0', false, false],
      ['pkg:npm/a@1.0.0', true, false],
      ['pkg:npm/b@1.0.0', true, false],
      ['pkg:npm/t@3.0.0', true, true],
      ['pkg:npm/x@1.2.0', false, false],
    ]);
    expect(byPurl(components, 'pkg:npm/t@3.0.0').dependsOn).toEqual(['pkg:npm/%40s/y@1.0.0']);
  });

  it('v1: reads aliases, skips git/file versions and reports entries without a version', () => {
    const lock = {
      lockfileVersion: 1,
      dependencies: {
        'old-ms': { version: 'npm:ms@2.0.0', integrity: 'sha512-abc' },
        fromgit: { version: 'git+https://github.com/example/fromgit.git#0123456789abcdef' },
        local: { version: 'file:../local' },
        broken: { resolved: 'https://registry.npmjs.org/broken/-/broken-1.0.0.tgz' },
      },
    };
    const result = parseText(parsePackageLock, 'package-lock.json', JSON.stringify(lock, null, 2), {
      'package.json': '{"dependencies": {"old-ms": "npm:ms@2.0.0"}}',
    });
    expect(result.components).toEqual([
      { ecosystem: 'npm', name: 'ms', version: '2.0.0', purl: 'pkg:npm/ms@2.0.0', direct: true, dev: false, integrity: 'sha512-abc', manifest: 'package-lock.json' },
    ]);
    expect(result.problems).toEqual([{ message: 'package-lock dependency "broken" has no version', line: 14 }]);
  });

  it('reports an unreadable package.json next to a v1 lockfile', () => {
    const result = parseText(parsePackageLock, 'package-lock.json', '{"lockfileVersion": 1, "dependencies": {"a": {"version": "1.0.0"}}}', {
      'package.json': '{ nope',
    });
    expect(result.components.map((c) => c.direct)).toEqual([undefined]);
    expect(result.problems[0]!.message).toMatch(/^package.json next to the lockfile could not be read \(.+\); direct dependencies are unknown$/);
  });
});
