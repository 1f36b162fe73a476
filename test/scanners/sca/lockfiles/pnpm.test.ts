import { describe, expect, it } from 'vitest';
import { parsePnpmLock } from '../../../../src/scanners/sca/lockfiles/pnpm-lock.js';
import { byPurl, comparable, fixtureText, parseFixture, parseText } from './helpers.js';

// fixtures/pnpm/v5 (pnpm 7, lockfileVersion 5.4), v6 (pnpm 8, '6.0'), v9 (pnpm 9, '9.0'):
// one package.json with debug, lodash, a scoped package, an npm: alias (old-ms → ms 2.1.1),
// react-dom (peer-dependent on react), an optional and a dev dependency.
// v6-workspace / v9-workspace: a root and packages/lib linked with workspace:*.
const EXPECTED = [
  ['@babel/helper-validator-identifier', '7.22.20', true, false],
  ['debug', '2.6.9', true, false],
  ['is-number', '7.0.0', true, false],
  ['js-tokens', '4.0.0', false, false],
  ['left-pad', '1.3.0', true, true],
  ['lodash', '4.17.20', true, false],
  ['loose-envify', '1.4.0', false, false],
  ['ms', '2.0.0', false, false],
  ['ms', '2.1.1', true, false],
  ['react', '18.2.0', true, false],
  ['react-dom', '18.2.0', true, false],
  ['scheduler', '0.23.2', false, false],
];
const row = (c: { name: string; version: string; direct?: boolean; dev?: boolean }): unknown[] => [c.name, c.version, c.direct, c.dev];

describe('pnpm-lock.yaml', () => {
  const v9 = parseFixture(parsePnpmLock, 'pnpm/v9/pnpm-lock.yaml');

  it.each(['v5', 'v6', 'v9'])('%s: lists packages with direct (importers) and dev flags', (version) => {
    const { components, problems } = parseFixture(parsePnpmLock, `pnpm/${version}/pnpm-lock.yaml`);
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual(EXPECTED);
  });

  it.each(['v5', 'v6'])('%s gives the same components, dependencies and integrity as v9', (version) => {
    const { components } = parseFixture(parsePnpmLock, `pnpm/${version}/pnpm-lock.yaml`);
    expect(comparable(components)).toEqual(comparable(v9.components));
    expect(components.map((c) => c.integrity)).toEqual(v9.components.map((c) => c.integrity));
  });

  it('strips peer suffixes and resolves snapshot dependencies (react-dom(react@18.2.0))', () => {
    expect(byPurl(v9.components, 'pkg:npm/react-dom@18.2.0')).toEqual({
      ecosystem: 'npm',
      name: 'react-dom',
      version: '18.2.0',
      purl: 'pkg:npm/react-dom@18.2.0',
      direct: true,
      dev: false,
      dependsOn: ['pkg:npm/loose-envify@1.4.0', 'pkg:npm/react@18.2.0', 'pkg:npm/scheduler@0.23.2'],
      integrity: 'sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==',
      manifest: 'pnpm/v9/pnpm-lock.yaml',
    });
    expect(byPurl(v9.components, 'pkg:npm/%40babel/helper-validator-identifier@7.22.20').name).toBe('@babel/helper-validator-identifier');
    expect(byPurl(v9.components, 'pkg:npm/debug@2.6.9').dependsOn).toEqual(['pkg:npm/ms@2.0.0']);
  });

  it.each(['v6-workspace', 'v9-workspace'])('%s: every importer declares direct dependencies; link: is not a package', (dir) => {
    const { components, problems } = parseFixture(parsePnpmLock, `pnpm/${dir}/pnpm-lock.yaml`);
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual([
      ['is-number', '7.0.0', true, true],
      ['ms', '2.0.0', true, false],
      ['ms', '2.1.3', true, false],
    ]);
  });

  it('v9: one version in several peer variants is one component; dev comes from reachability', () => {
    const text = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      '@scope/ui':
        specifier: 1.0.0
        version: 1.0.0(react@18.2.0)
    devDependencies:
      '@scope/ui-test':
        specifier: 2.0.0
        version: 2.0.0

packages:

  '@scope/ui@1.0.0':
    resolution: {integrity: sha512-aaa}

  '@scope/ui-test@2.0.0':
    resolution: {integrity: sha512-bbb}

  react@18.2.0:
    resolution: {integrity: sha512-ccc}

  react@17.0.2:
    resolution: {integrity: sha512-ddd}

snapshots:

  '@scope/ui@1.0.0(react@18.2.0)':
    dependencies:
      react: 18.2.0

  '@scope/ui@1.0.0(react@17.0.2)':
    dependencies:
      react: 17.0.2

  '@scope/ui-test@2.0.0':
    dependencies:
      '@scope/ui': 1.0.0(react@17.0.2)

  react@18.2.0: {}

  react@17.0.2: {}
`;
    const { components, problems } = parseText(parsePnpmLock, 'pnpm-lock.yaml', text);
    expect(problems).toEqual([]);
    expect(components.map((c) => [c.purl, c.direct, c.dev, c.dependsOn, c.integrity])).toEqual([
      ['pkg:npm/%40scope/ui@1.0.0', true, false, ['pkg:npm/react@17.0.2', 'pkg:npm/react@18.2.0'], 'sha512-aaa'],
      ['pkg:npm/%40scope/ui-test@2.0.0', true, true, ['pkg:npm/%40scope/ui@1.0.0'], 'sha512-bbb'],
      ['pkg:npm/react@17.0.2', false, true, undefined, 'sha512-ddd'],
      ['pkg:npm/react@18.2.0', false, false, undefined, 'sha512-ccc'],
    ]);
  });

  it('reads the main document when pnpm prepends its own environment document', () => {
    const env = "---\nlockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    configDependencies: {}\n    packageManagerDependencies:\n      pnpm:\n        specifier: 10.0.0\n        version: 10.0.0\n\npackages:\n\n  pnpm@10.0.0:\n    resolution: {integrity: sha512-zzz}\n\nsnapshots:\n\n  pnpm@10.0.0: {}\n\n---\n";
    const { components, problems } = parseText(parsePnpmLock, 'pnpm-lock.yaml', env + fixtureText('pnpm/v9/pnpm-lock.yaml'));
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual(EXPECTED);
  });

  it('uses name/version fields of git and tarball packages (v6)', () => {
    const text = `lockfileVersion: '6.0'

dependencies:
  forked:
    specifier: github:me/forked#abc123
    version: github.com/me/forked/abc123

packages:

  github.com/me/forked/abc123:
    resolution: {tarball: https://codeload.github.com/me/forked/tar.gz/abc123}
    name: forked
    version: 1.10.0
    dev: false

  /unnamed@https://example.com/x.tgz:
    resolution: {tarball: https://example.com/x.tgz}
    dev: false
`;
    const result = parseText(parsePnpmLock, 'pnpm-lock.yaml', text);
    expect(result.components.map(row)).toEqual([['forked', '1.10.0', true, false]]);
    expect(result.problems).toEqual([{ message: 'pnpm-lock.yaml package "/unnamed@https://example.com/x.tgz" has no recognisable name and version' }]);
  });

  it('reports invalid YAML with its line, and unsupported or missing structure', () => {
    const broken = fixtureText('pnpm/v9/pnpm-lock.yaml').replace("  debug@2.6.9:\n", '  debug@2.6.9: [\n');
    const result = parseText(parsePnpmLock, 'pnpm-lock.yaml', broken);
    expect(result.components).toEqual([]);
    expect(result.problems).toEqual([{ message: 'pnpm-lock.yaml is not valid YAML: Missing , between flow sequence items', line: 46 }]);

    // Cut after the importers: still valid YAML, but the packages are gone.
    const truncated = parseText(parsePnpmLock, 'pnpm-lock.yaml', fixtureText('pnpm/v9/pnpm-lock.yaml').slice(0, 700));
    expect(truncated).toEqual({
      components: [],
      problems: [
        { message: '8 direct dependencies have no package entry (truncated or hand-edited lockfile?): @babel/helper-validator-identifier, debug, lodash, old-ms, react, …' },
      ],
    });

    expect(parseText(parsePnpmLock, 'pnpm-lock.yaml', "lockfileVersion: '3.9'\n").problems).toEqual([
      { message: 'pnpm-lock.yaml has an unsupported lockfileVersion "3.9"' },
    ]);
    expect(parseText(parsePnpmLock, 'pnpm-lock.yaml', '- a\n- b\n').problems).toEqual([{ message: 'pnpm-lock.yaml does not contain a YAML mapping' }]);
    expect(parseText(parsePnpmLock, 'pnpm-lock.yaml', "lockfileVersion: '9.0'\npackages: 12\nimporters: [1]\n")).toEqual({ components: [], problems: [] });
  });
});
