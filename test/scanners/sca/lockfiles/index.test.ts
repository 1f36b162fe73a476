import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCKFILES, lockfileParserFor } from '../../../../src/scanners/sca/lockfiles/index.js';
import { parsePackageLock } from '../../../../src/scanners/sca/lockfiles/package-lock.js';
import { parsePipfileLock } from '../../../../src/scanners/sca/lockfiles/pipfile-lock.js';
import { parsePnpmLock } from '../../../../src/scanners/sca/lockfiles/pnpm-lock.js';
import { parsePoetryLock } from '../../../../src/scanners/sca/lockfiles/poetry-lock.js';
import { parseRequirements } from '../../../../src/scanners/sca/lockfiles/requirements.js';
import { parseUvLock } from '../../../../src/scanners/sca/lockfiles/uv-lock.js';
import { parseYarnLock } from '../../../../src/scanners/sca/lockfiles/yarn-lock.js';

describe('lockfileParserFor', () => {
  it.each([
    ['package-lock.json', parsePackageLock],
    ['apps/web/npm-shrinkwrap.json', parsePackageLock],
    ['yarn.lock', parseYarnLock],
    ['a/b/pnpm-lock.yaml', parsePnpmLock],
    ['poetry.lock', parsePoetryLock],
    ['svc/Pipfile.lock', parsePipfileLock],
    ['uv.lock', parseUvLock],
    ['requirements.txt', parseRequirements],
    ['requirements-dev.txt', parseRequirements],
    ['requirements_test.txt', parseRequirements],
    ['dev-requirements.txt', parseRequirements],
    ['Requirements.TXT', parseRequirements],
    ['requirements/base.txt', parseRequirements],
    ['backend\\requirements\\prod.txt', parseRequirements],
  ])('%s', (path, parser) => {
    expect(lockfileParserFor(path)).toBe(parser);
  });

  it.each(['package.json', 'node_modules/.package-lock.json', 'yarn.lock.bak', 'Pipfile', 'pyproject.toml', 'notes.txt', 'docs/requirements.md', 'requirements.txt/x.py', 'constructor'])(
    'ignores %s',
    (path) => {
      expect(lockfileParserFor(path)).toBeUndefined();
    },
  );

  it('documents every supported file', () => {
    expect(SUPPORTED_LOCKFILES.map((f) => f.file)).toEqual([
      'package-lock.json',
      'npm-shrinkwrap.json',
      'yarn.lock',
      'pnpm-lock.yaml',
      'requirements*.txt, *requirements.txt, requirements/*.txt',
      'poetry.lock',
      'Pipfile.lock',
      'uv.lock',
    ]);
    for (const entry of SUPPORTED_LOCKFILES) {
      const example = entry.file.split(',')[0]!.replace('*', '-dev');
      expect(lockfileParserFor(example), entry.file).toBeDefined();
    }
  });
});
