import { describe, expect, it } from 'vitest';
import { parsePipfileLock } from '../../../../src/scanners/sca/lockfiles/pipfile-lock.js';
import { byPurl, fixtureText, parseFixture, parseText } from './helpers.js';

// fixtures/python/pipenv: Pipfile + Pipfile.lock (pipfile-spec 6); hashes are placeholders.
const row = (c: { name: string; version: string; direct?: boolean; dev?: boolean }): unknown[] => [c.name, c.version, c.direct, c.dev];

describe('Pipfile.lock', () => {
  const { components, problems } = parseFixture(parsePipfileLock, 'python/pipenv/Pipfile.lock');

  it('reads default and develop with direct from the Pipfile', () => {
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual([
      ['certifi', '2020.12.5', false, false],
      ['chardet', '3.0.4', false, false],
      ['click', '7.1.2', false, false],
      ['flask', '0.12.2', true, false],
      ['idna', '2.7', false, false],
      ['itsdangerous', '1.1.0', false, false],
      ['jinja2', '2.10', false, false],
      ['markupsafe', '1.1.1', false, false],
      ['mock', '4.0.3', true, true],
      ['pyyaml', '5.3', true, true],
      ['requests', '2.19.1', true, false],
      ['urllib3', '1.23', false, false],
      ['werkzeug', '0.15.6', false, false],
    ]);
    expect(byPurl(components, 'pkg:pypi/pyyaml@5.3')).toEqual({
      ecosystem: 'PyPI',
      name: 'pyyaml',
      version: '5.3',
      purl: 'pkg:pypi/pyyaml@5.3',
      direct: true,
      dev: true,
      integrity: 'sha256:b2a1b199f55468156297abb1ba839e043c5b91054898a98e285b377e81f6fe11',
      manifest: 'python/pipenv/Pipfile.lock',
    });
  });

  it('without a Pipfile leaves direct unknown', () => {
    const result = parseFixture(parsePipfileLock, 'python/pipenv/Pipfile.lock', { Pipfile: undefined });
    expect(result.components.every((c) => c.direct === undefined)).toBe(true);
    expect(result.components).toHaveLength(13);
  });

  it('a package in default and develop is production', () => {
    const lock = { default: { six: { version: '==1.16.0' } }, develop: { six: { version: '==1.16.0' }, Mock: { version: '==4.0.3' } } };
    const result = parseText(parsePipfileLock, 'Pipfile.lock', JSON.stringify(lock));
    expect(result.components.map(row)).toEqual([
      ['mock', '4.0.3', undefined, true],
      ['six', '1.16.0', undefined, false],
    ]);
  });

  it('lists git/path entries without a version, skips the editable project, flags non-exact versions', () => {
    const lock = {
      _meta: { 'pipfile-spec': 6 },
      default: {
        app: { editable: true, path: '.' },
        mylib: { git: 'https://github.com/example/mylib.git', ref: '8f1c2a0' },
        odd: { version: '>=1.0' },
        flask: { version: '==0.12.2', hashes: [] },
      },
      develop: 'oops',
    };
    const result = parseText(parsePipfileLock, 'Pipfile.lock', JSON.stringify(lock));
    expect(result.components.map((c) => c.purl)).toEqual(['pkg:pypi/flask@0.12.2']);
    expect(result.problems).toEqual([
      { message: 'Pipfile.lock default entry "odd" has version ">=1.0", not an exact "==" pin' },
      { message: 'Pipfile.lock "develop" is not an object' },
      { message: '1 Pipfile.lock entry has no version (git or path installs) and cannot be checked: mylib' },
    ]);
  });

  it('reports truncated JSON with its line', () => {
    const result = parseText(parsePipfileLock, 'Pipfile.lock', fixtureText('python/pipenv/Pipfile.lock').slice(0, 800));
    expect(result.components).toEqual([]);
    expect(result.problems).toEqual([{ message: 'Pipfile.lock is not valid JSON: the file ends unexpectedly (truncated?)', line: 28 }]);
    expect(parseText(parsePipfileLock, 'Pipfile.lock', '{"_meta": {}}').problems).toEqual([
      { message: 'Pipfile.lock has neither a "default" nor a "develop" object' },
    ]);
  });
});
