/**
 * Lockfile parsers of the SCA scanner, chosen by file name. Each parser follows
 * the {@link LockfileParser} contract: never throws on bad content, reports
 * problems with 1-based lines when known.
 */
import { parsePackageLock } from './package-lock.js';
import { parsePipfileLock } from './pipfile-lock.js';
import { parsePnpmLock } from './pnpm-lock.js';
import { parsePoetryLock } from './poetry-lock.js';
import { parseRequirements } from './requirements.js';
import type { LockfileParser } from './types.js';
import { parseUvLock } from './uv-lock.js';
import { parseYarnLock } from './yarn-lock.js';

export type { LockfileInput, LockfileParser, LockfileProblem, LockfileResult } from './types.js';

/** A supported lockfile kind, for documentation. */
export interface SupportedLockfile {
  /** File name or pattern as a user would write it. */
  file: string;
  ecosystem: 'npm' | 'PyPI';
  /** Format versions understood. */
  formats: string;
}

/** Every file name (or pattern) {@link lockfileParserFor} accepts. */
export const SUPPORTED_LOCKFILES: readonly SupportedLockfile[] = [
  { file: 'package-lock.json', ecosystem: 'npm', formats: 'npm lockfileVersion 1, 2, 3' },
  { file: 'npm-shrinkwrap.json', ecosystem: 'npm', formats: 'npm lockfileVersion 1, 2, 3' },
  { file: 'yarn.lock', ecosystem: 'npm', formats: 'Yarn classic v1 and Berry (Yarn 2+)' },
  { file: 'pnpm-lock.yaml', ecosystem: 'npm', formats: 'pnpm lockfileVersion 5.x, 6.x, 9.x' },
  { file: 'requirements*.txt, *requirements.txt, requirements/*.txt', ecosystem: 'PyPI', formats: 'pip requirements files (exact == pins)' },
  { file: 'poetry.lock', ecosystem: 'PyPI', formats: 'Poetry lock-version 1.x, 2.0, 2.1' },
  { file: 'Pipfile.lock', ecosystem: 'PyPI', formats: 'Pipenv pipfile-spec 6' },
  { file: 'uv.lock', ecosystem: 'PyPI', formats: 'uv lock version 1' },
];

const BY_NAME: Readonly<Record<string, LockfileParser>> = {
  'package-lock.json': parsePackageLock,
  'npm-shrinkwrap.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
  'poetry.lock': parsePoetryLock,
  'Pipfile.lock': parsePipfileLock,
  'uv.lock': parseUvLock,
};

/**
 * The parser for a repository-relative path (forward or back slashes), chosen by
 * file name, or undefined when the file is not a supported lockfile. Requirements
 * files: `requirements*.txt`, `*requirements.txt` (e.g. `dev-requirements.txt`) and
 * any `.txt` directly inside a `requirements/` directory, case-insensitively.
 */
export function lockfileParserFor(path: string): LockfileParser | undefined {
  const segments = path.split(/[/\\]/);
  const name = segments[segments.length - 1] ?? '';
  const parser = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  if (parser) return parser;
  return isRequirementsFile(name, segments[segments.length - 2]) ? parseRequirements : undefined;
}

function isRequirementsFile(name: string, parentDir: string | undefined): boolean {
  const lower = name.toLowerCase();
  if (!lower.endsWith('.txt')) return false;
  return lower.startsWith('requirements') || lower.endsWith('requirements.txt') || parentDir?.toLowerCase() === 'requirements';
}
