import { describe, expect, it } from 'vitest';
import { parseUvLock } from '../../../../src/scanners/sca/lockfiles/uv-lock.js';
import { byPurl, parseFixture, parseText } from './helpers.js';

// fixtures/python/uv: uv.lock version 1 (revision 2) for an editable project with an
// optional extra and a dev dependency group; hashes and URLs are placeholders.
const row = (c: { name: string; version: string; direct?: boolean; dev?: boolean }): unknown[] => [c.name, c.version, c.direct, c.dev];

describe('uv.lock', () => {
  const { components, problems } = parseFixture(parseUvLock, 'python/uv/uv.lock');

  it('skips the project itself; direct from its dependencies, extras and dev groups; dev by reachability', () => {
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual([
      ['asgiref', '3.8.1', false, false],
      ['certifi', '2020.12.5', false, false],
      ['chardet', '3.0.4', false, false],
      ['django', '3.2.25', true, false],
      ['django-debug-toolbar', '3.2.4', true, true],
      ['idna', '2.7', false, false],
      ['pytz', '2024.1', false, false],
      ['pyyaml', '5.3', true, false],
      ['requests', '2.19.1', true, false],
      ['sqlparse', '0.5.0', false, false],
      ['typing-extensions', '4.11.0', false, false],
      ['urllib3', '1.23', false, false],
    ]);
  });

  it('records dependencies and the sdist hash', () => {
    expect(byPurl(components, 'pkg:pypi/requests@2.19.1')).toEqual({
      ecosystem: 'PyPI',
      name: 'requests',
      version: '2.19.1',
      purl: 'pkg:pypi/requests@2.19.1',
      direct: true,
      dev: false,
      dependsOn: ['pkg:pypi/certifi@2020.12.5', 'pkg:pypi/chardet@3.0.4', 'pkg:pypi/idna@2.7', 'pkg:pypi/urllib3@1.23'],
      integrity: 'sha256:4595cd7fbfac76e8e69cdb9180c794e8ec8ac1b61ef93657e70fa6eb09c5a240', // the sdist's
      manifest: 'python/uv/uv.lock',
    });
  });

  it('resolves a name locked at two versions by the version in the reference', () => {
    const text = `version = 1
requires-python = ">=3.8"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "numpy", version = "1.24.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.9'" },
    { name = "numpy", version = "2.0.2", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.9'" },
]

[[package]]
name = "numpy"
version = "1.24.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "2.0.2"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "orphan"
version = "1.0.0"
source = { registry = "https://pypi.org/simple" }
`;
    const result = parseText(parseUvLock, 'uv.lock', text);
    expect(result.problems).toEqual([]);
    expect(result.components.map(row)).toEqual([
      ['numpy', '1.24.4', true, false],
      ['numpy', '2.0.2', true, false],
      ['orphan', '1.0.0', false, undefined],
    ]);
  });

  it('reports TOML errors with their line and wrong types without throwing', () => {
    const bad = parseText(parseUvLock, 'uv.lock', 'version = 1\n\n[[package]]\nname = "x"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" \n');
    expect(bad.components).toEqual([]);
    expect(bad.problems).toEqual([{ message: 'uv.lock is not valid TOML: expected comma or end of structure', line: 7 }]);
    const wrong = parseText(parseUvLock, 'uv.lock', 'version = 1\n[[package]]\nname = "x"\n\n[[package]]\nname = "y"\nversion = "2.0"\ndependencies = "nope"\n');
    expect(wrong.components.map(row)).toEqual([['y', '2.0', undefined, undefined]]);
    expect(wrong.problems).toEqual([{ message: 'uv.lock package #1 "x" has no name or version' }]);
  });
});
