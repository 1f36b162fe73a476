import { describe, expect, it } from 'vitest';
import { parseYarnLock } from '../../../../src/scanners/sca/lockfiles/yarn-lock.js';
import { byPurl, comparable, fixtureText, ids, idsWhere, parseFixture, parseText, sortIds } from './helpers.js';

// fixtures/yarn/classic: yarn 1.22; berry-v3: yarn 3.8 (__metadata version 6);
// berry-v4: yarn 4 (__metadata version 10). Same package.json as the npm fixtures, and
// Berry's also depends on resolve (which Yarn patches with its builtin compat patch).
const CLASSIC = [
  '@babel/helper-validator-identifier@7.22.20', 'accepts@1.3.8', 'array-flatten@1.1.1', 'body-parser@1.19.0',
  'bytes@3.1.0', 'content-disposition@0.5.3', 'content-type@1.0.5', 'cookie@0.4.0', 'cookie-signature@1.0.6',
  'debug@2.6.9', 'depd@1.1.2', 'destroy@1.0.4', 'ee-first@1.1.1', 'encodeurl@1.0.4', 'escape-html@1.0.3',
  'etag@1.8.1', 'express@4.17.1', 'finalhandler@1.1.2', 'forwarded@0.2.0', 'fresh@0.5.2', 'http-errors@1.7.2',
  'http-errors@1.7.3', 'iconv-lite@0.4.24', 'inherits@2.0.3', 'inherits@2.0.4', 'ipaddr.js@1.9.1', 'left-pad@1.3.0',
  'lodash@4.17.20', 'media-typer@0.3.0', 'merge-descriptors@1.0.1', 'methods@1.1.2', 'mime@1.6.0', 'mime-db@1.52.0',
  'mime-types@2.1.35', 'ms@2.0.0', 'ms@2.1.1', 'negotiator@0.6.3', 'on-finished@2.3.0', 'parseurl@1.3.3',
  'path-to-regexp@0.1.7', 'proxy-addr@2.0.8', 'qs@6.7.0', 'range-parser@1.2.1', 'raw-body@2.4.0', 'safe-buffer@5.1.2',
  'safer-buffer@2.1.2', 'send@0.17.1', 'serve-static@1.14.1', 'setprototypeof@1.1.1', 'statuses@1.5.0',
  'toidentifier@1.0.0', 'type-is@1.6.18', 'unpipe@1.0.0', 'utils-merge@1.0.1', 'vary@1.1.2',
];
const RESOLVE_FAMILY = ['function-bind@1.1.2', 'hasown@2.0.4', 'is-core-module@2.18.0', 'path-parse@1.0.7', 'resolve@1.22.8', 'supports-preserve-symlinks-flag@1.0.0'];

describe('yarn.lock v1 (classic)', () => {
  const { components, problems } = parseFixture(parseYarnLock, 'yarn/classic/yarn.lock');

  it('lists every package with direct (from package.json) and dev (by reachability)', () => {
    expect(problems).toEqual([]);
    expect(ids(components)).toEqual(CLASSIC);
    expect(idsWhere(components, (c) => c.direct === true)).toEqual([
      '@babel/helper-validator-identifier@7.22.20', 'express@4.17.1', 'left-pad@1.3.0', 'lodash@4.17.20', 'ms@2.0.0',
    ]);
    expect(idsWhere(components, (c) => c.dev === true)).toEqual(['left-pad@1.3.0']);
    expect(components.every((c) => c.direct !== undefined && c.dev !== undefined)).toBe(true);
  });

  it('keeps integrity and resolves dependency ranges to entries', () => {
    expect(byPurl(components, 'pkg:npm/accepts@1.3.8')).toEqual({
      ecosystem: 'npm',
      name: 'accepts',
      version: '1.3.8',
      purl: 'pkg:npm/accepts@1.3.8',
      direct: false,
      dev: false,
      dependsOn: ['pkg:npm/mime-types@2.1.35', 'pkg:npm/negotiator@0.6.3'],
      integrity: 'sha512-PYAthTa2m2VKxuvSD3DPC/Gy+U+sOA1LAuT8mkmRuvw+NACSaeXEQ+NHcVF7rONl6qcaxV3Uuemwawk+7+SJLw==',
      manifest: 'yarn/classic/yarn.lock',
    });
    expect(byPurl(components, 'pkg:npm/send@0.17.1').dependsOn).toContain('pkg:npm/ms@2.1.1');
  });

  it('reports the alias "old-ms@npm:ms@2.0.0" as ms, merged with the other ms 2.0.0 entry', () => {
    expect(components.filter((c) => c.name === 'ms').map((c) => c.purl)).toEqual(['pkg:npm/ms@2.0.0', 'pkg:npm/ms@2.1.1']);
  });

  it('without package.json leaves direct and dev unknown', () => {
    const result = parseFixture(parseYarnLock, 'yarn/classic/yarn.lock', { 'package.json': undefined });
    expect(result.components.every((c) => c.direct === undefined && c.dev === undefined)).toBe(true);
    expect(ids(result.components)).toEqual(CLASSIC);
  });

  it('reports a syntax error with its line', () => {
    const text = '# yarn lockfile v1\n\n\nlodash@^4.17.20:\n  version "4.17.20"\n  dependencies: {\n';
    const result = parseText(parseYarnLock, 'yarn.lock', text);
    expect(result).toEqual({ components: [], problems: [{ message: 'yarn.lock could not be parsed: unexpected INVALID token', line: 6 }] });
    const truncated = fixtureText('yarn/classic/yarn.lock').slice(0, 560); // inside a quoted URL
    expect(parseText(parseYarnLock, 'yarn.lock', truncated)).toEqual({
      components: [],
      problems: [{ message: 'yarn.lock could not be parsed: a quoted string is never closed', line: 12 }],
    });
  });

  it('returns quickly on inputs that make the yarn v1 tokenizer spin', () => {
    const start = Date.now();
    expect(parseText(parseYarnLock, 'yarn.lock', 'a@1:\n  version "1').problems).toEqual([
      { message: 'yarn.lock could not be parsed: a quoted string is never closed', line: 2 },
    ]);
    expect(parseText(parseYarnLock, 'yarn.lock', 'a@1:\n  version "1.0.0"\n# trailing comment').components).toHaveLength(1);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('reports unresolvable merge conflicts and entries without a version', () => {
    const conflict = '<<<<<<< HEAD\na@^1:\n  version "1.0.0"\n=======\na@^1:\n  version "1.1.0"\n>>>>>>> branch\n';
    // @yarnpkg/lockfile resolves this simple conflict itself; it must not throw either way.
    expect(() => parseText(parseYarnLock, 'yarn.lock', conflict)).not.toThrow();
    const noVersion = parseText(parseYarnLock, 'yarn.lock', '# yarn lockfile v1\n\na@^1:\n  resolved "https://x/a.tgz"\n');
    expect(noVersion).toEqual({ components: [], problems: [{ message: 'yarn.lock entry "a@^1" has no name or version' }] });
  });

  it('falls back to the only locked version when package.json ranges changed without relocking', () => {
    const text = '# yarn lockfile v1\n\nlodash@^4.17.20:\n  version "4.17.21"\n';
    const result = parseText(parseYarnLock, 'yarn.lock', text, { 'package.json': '{"devDependencies": {"lodash": "^4.17.21"}}' });
    expect(result.components.map((c) => [c.purl, c.direct, c.dev])).toEqual([['pkg:npm/lodash@4.17.21', true, true]]);
  });
});

describe('yarn.lock Berry (v2+)', () => {
  const v4 = parseFixture(parseYarnLock, 'yarn/berry-v4/yarn.lock');

  it('lists packages, skipping the workspace and counting the resolve patch as resolve', () => {
    expect(v4.problems).toEqual([]);
    expect(ids(v4.components)).toEqual(sortIds([...CLASSIC, ...RESOLVE_FAMILY]));
    expect(v4.components.some((c) => c.name === 'fixture-app')).toBe(false);
    expect(v4.components.filter((c) => c.name === 'resolve')).toHaveLength(1);
    expect(idsWhere(v4.components, (c) => c.direct === true)).toEqual([
      '@babel/helper-validator-identifier@7.22.20', 'express@4.17.1', 'left-pad@1.3.0', 'lodash@4.17.20', 'ms@2.0.0', 'resolve@1.22.8',
    ]);
    expect(idsWhere(v4.components, (c) => c.dev === true)).toEqual(['left-pad@1.3.0']);
  });

  it('resolves "npm:"-prefixed dependency ranges and does not report cache checksums as integrity', () => {
    expect(byPurl(v4.components, 'pkg:npm/resolve@1.22.8').dependsOn).toEqual([
      'pkg:npm/is-core-module@2.18.0', 'pkg:npm/path-parse@1.0.7', 'pkg:npm/supports-preserve-symlinks-flag@1.0.0',
    ]);
    expect(v4.components.every((c) => c.integrity === undefined)).toBe(true);
  });

  it('yarn 3 lockfiles (bare ranges, old patch syntax) give the same result as yarn 4', () => {
    const v3 = parseFixture(parseYarnLock, 'yarn/berry-v3/yarn.lock');
    expect(v3.problems).toEqual([]);
    expect(comparable(v3.components.map((c) => ({ ...c, manifest: '' })))).toEqual(comparable(v4.components));
  });

  it('without package.json knows direct (from the workspace entry) but not dev', () => {
    const result = parseFixture(parseYarnLock, 'yarn/berry-v4/yarn.lock', { 'package.json': undefined });
    expect(idsWhere(result.components, (c) => c.direct === true)).toHaveLength(6);
    expect(result.components.every((c) => c.dev === undefined)).toBe(true);
  });

  it('skips link: and portal: entries and keeps git/tarball sources with their version', () => {
    const text = [
      '__metadata:',
      '  version: 8',
      '',
      '"app@workspace:.":',
      '  version: 0.0.0-use.local',
      '  resolution: "app@workspace:."',
      '  dependencies:',
      '    local: "link:../local"',
      '    forked: "https://github.com/me/forked.git#commit=abc123"',
      '',
      '"local@link:../local::locator=app%40workspace%3A.":',
      '  version: 0.0.0-use.local',
      '  resolution: "local@link:../local::locator=app%40workspace%3A."',
      '  languageName: node',
      '  linkType: soft',
      '',
      '"forked@https://github.com/me/forked.git#commit=abc123":',
      '  version: 1.10.0',
      '  resolution: "forked@https://github.com/me/forked.git#commit=abc123"',
      '  languageName: node',
      '  linkType: hard',
      '',
    ].join('\n');
    const result = parseText(parseYarnLock, 'yarn.lock', text);
    expect(result).toEqual({
      components: [{ ecosystem: 'npm', name: 'forked', version: '1.10.0', purl: 'pkg:npm/forked@1.10.0', direct: true, manifest: 'yarn.lock' }],
      problems: [],
    });
  });

  it('reports invalid YAML with its line', () => {
    const text = fixtureText('yarn/berry-v4/yarn.lock').replace('  version: 1.3.8\n', '  version: 1.3.8\n    bad: [\n');
    const result = parseText(parseYarnLock, 'yarn.lock', text);
    expect(result.components).toEqual([]);
    expect(result.problems).toEqual([
      { message: 'yarn.lock is not valid YAML: Nested mappings are not allowed in compact mappings', line: 16 },
    ]);
  });

  it('reports entries without resolution and keeps the rest', () => {
    const text = '__metadata:\n  version: 10\n\n"a@npm:^1.0.0":\n  version: 1.0.0\n  resolution: "a@npm:1.0.0"\n\n"b@npm:^2":\n  version: 2.0.0\n';
    const result = parseText(parseYarnLock, 'yarn.lock', text);
    expect(ids(result.components)).toEqual(['a@1.0.0']);
    expect(result.problems).toEqual([{ message: 'yarn.lock entry "b@npm:^2" has no resolution' }]);
  });
});
