import { describe, expect, it } from 'vitest';
import { parsePoetryLock } from '../../../../src/scanners/sca/lockfiles/poetry-lock.js';
import { byPurl, parseFixture, parseText } from './helpers.js';

// fixtures/python/poetry-1.1: lock-version 1.1 (category, [metadata.files]), Poetry-style pyproject;
// poetry-2.0: lock-version 2.0 (Poetry 1.5–1.8: no category, per-package files), dependency groups;
// poetry-2.1: lock-version 2.1 (Poetry 2: groups, markers), PEP 621 [project] dependencies.
// Hashes in these hand-written fixtures are placeholders in the real format.
const row = (c: { name: string; version: string; direct?: boolean; dev?: boolean }): unknown[] => [c.name, c.version, c.direct, c.dev];

describe('poetry.lock', () => {
  it('lock-version 1.1: dev from category, direct from [tool.poetry.*dependencies]', () => {
    const { components, problems } = parseFixture(parsePoetryLock, 'python/poetry-1.1/poetry.lock');
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
      ['pyyaml', '5.3', true, false],
      ['requests', '2.19.1', true, false],
      ['urllib3', '1.23', false, false],
      ['werkzeug', '0.15.6', false, false],
    ]);
    expect(byPurl(components, 'pkg:pypi/flask@0.12.2')).toEqual({
      ecosystem: 'PyPI',
      name: 'flask',
      version: '0.12.2',
      purl: 'pkg:pypi/flask@0.12.2',
      direct: true,
      dev: false,
      dependsOn: ['pkg:pypi/click@7.1.2', 'pkg:pypi/itsdangerous@1.1.0', 'pkg:pypi/jinja2@2.10', 'pkg:pypi/werkzeug@0.15.6'],
      manifest: 'python/poetry-1.1/poetry.lock',
    });
    // one file in [metadata.files] → its hash is the integrity
    expect(byPurl(components, 'pkg:pypi/pyyaml@5.3').integrity).toBe('sha256:b2a1b199f55468156297abb1ba839e043c5b91054898a98e285b377e81f6fe11');
  });

  it('lock-version 2.0: dev by reachability from pyproject groups (shared packages stay production)', () => {
    const { components, problems } = parseFixture(parsePoetryLock, 'python/poetry-2.0/poetry.lock');
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual([
      ['asgiref', '3.8.1', false, false],
      ['django', '3.2.25', true, false],
      ['django-debug-toolbar', '3.2.4', true, true],
      ['pytz', '2024.1', false, false],
      ['sqlparse', '0.5.0', false, false],
      ['typing-extensions', '4.11.0', false, false],
    ]);
    expect(byPurl(components, 'pkg:pypi/django-debug-toolbar@3.2.4').dependsOn).toEqual(['pkg:pypi/django@3.2.25', 'pkg:pypi/sqlparse@0.5.0']);
  });

  it('lock-version 2.0 without pyproject.toml: direct and dev unknown', () => {
    const { components } = parseFixture(parsePoetryLock, 'python/poetry-2.0/poetry.lock', { 'pyproject.toml': undefined });
    expect(components.every((c) => c.direct === undefined && c.dev === undefined)).toBe(true);
  });

  it('lock-version 2.1: dev from groups, direct from PEP 621 [project].dependencies', () => {
    const { components, problems } = parseFixture(parsePoetryLock, 'python/poetry-2.1/poetry.lock');
    expect(problems).toEqual([]);
    expect(components.map(row)).toEqual([
      ['certifi', '2020.12.5', false, false],
      ['chardet', '3.0.4', false, false],
      ['colorama', '0.4.6', false, true],
      ['idna', '2.7', false, false],
      ['pyyaml', '5.3', true, false],
      ['requests', '2.19.1', true, false],
      ['tqdm', '4.66.4', true, true],
      ['urllib3', '1.23', false, false],
    ]);
  });

  it('reports TOML syntax errors with their line', () => {
    const result = parseText(parsePoetryLock, 'poetry.lock', '[[package]]\nname = "flask"\nversion = 0.12.2"\n');
    expect(result.components).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^poetry.lock is not valid TOML: /);
    expect(result.problems[0]!.line).toBe(3);
  });

  it('reports wrong types and keeps the readable packages', () => {
    const text = '[[package]]\nname = "flask"\nversion = "0.12.2"\n\n[[package]]\nname = "broken"\nversion = 3\n';
    expect(parseText(parsePoetryLock, 'poetry.lock', text)).toEqual({
      components: [{ ecosystem: 'PyPI', name: 'flask', version: '0.12.2', purl: 'pkg:pypi/flask@0.12.2', manifest: 'poetry.lock' }],
      problems: [{ message: 'poetry.lock package #2 has no name or version', line: 6 }],
    });
    expect(parseText(parsePoetryLock, 'poetry.lock', 'package = "nope"\n').problems).toEqual([{ message: 'poetry.lock "package" is not an array of tables' }]);
  });

  it('reports an unreadable pyproject.toml', () => {
    const result = parseFixture(parsePoetryLock, 'python/poetry-2.1/poetry.lock', { 'pyproject.toml': '[project\nname = 1' });
    expect(result.components.every((c) => c.direct === undefined)).toBe(true);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toMatch(/^pyproject.toml next to the lockfile could not be read \(.+ at line 1\); direct dependencies are unknown$/);
  });

  it('de-duplicates a package listed twice and skips local directory packages', () => {
    const text = [
      '[[package]]', 'name = "Flask"', 'version = "0.12.2"', '',
      '[[package]]', 'name = "flask"', 'version = "0.12.2"', '',
      '[[package]]', 'name = "mylib"', 'version = "0.1.0"', '',
      '[package.dependencies]', 'flask = "*"', '',
      '[package.source]', 'type = "directory"', 'url = "../mylib"', '',
    ].join('\n');
    const result = parseText(parsePoetryLock, 'poetry.lock', text, { 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.8"\nmylib = { path = "../mylib", develop = true }\n' });
    expect(result.components.map(row)).toEqual([['flask', '0.12.2', false, false]]);
  });
});
