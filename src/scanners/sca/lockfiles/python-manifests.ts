/**
 * Direct Python dependencies declared in `pyproject.toml` (PEP 621 `[project]`,
 * PEP 735 `[dependency-groups]`, Poetry `[tool.poetry]`, uv `[tool.uv]`) and in a
 * Pipenv `Pipfile`, as PEP 503 normalised names.
 */
import type { ProblemList } from './collect.js';
import { parseToml } from './parse-text.js';
import { parseRequirement } from './pep508.js';
import { normalizePypiName } from './purl.js';
import { isRecord, keysOf, rec } from './shape.js';
import type { LockfileInput } from './types.js';

/** Normalised names declared for production and for development. */
export interface DeclaredNames {
  prod: Set<string>;
  dev: Set<string>;
}

/**
 * Reads the sibling `pyproject.toml`. Production: `[tool.poetry.dependencies]` (except
 * `python`), `[tool.poetry.group.main.dependencies]`, `[project].dependencies` and
 * `[project.optional-dependencies]`. Development: `[tool.poetry.dev-dependencies]`,
 * other `[tool.poetry.group.<name>.dependencies]`, `[dependency-groups]` and
 * `[tool.uv].dev-dependencies`. Undefined when the file is missing, unreadable
 * (a problem is added) or declares no dependency table at all.
 */
export function readPyproject(input: LockfileInput, problems: ProblemList): DeclaredNames | undefined {
  const doc = readToml(input, 'pyproject.toml', problems);
  if (!doc) return undefined;
  const names: DeclaredNames = { prod: new Set(), dev: new Set() };
  let found = false;
  const addKeys = (table: unknown, dev: boolean): void => {
    if (!isRecord(table)) return;
    found = true;
    for (const key of Object.keys(table)) if (key.toLowerCase() !== 'python') (dev ? names.dev : names.prod).add(normalizePypiName(key));
  };
  const addRequirements = (list: unknown, dev: boolean): void => {
    if (!Array.isArray(list)) return;
    found = true;
    for (const item of list) {
      const req = typeof item === 'string' ? parseRequirement(item) : undefined;
      if (req) (dev ? names.dev : names.prod).add(normalizePypiName(req.name));
    }
  };

  const poetry = rec(rec(doc.tool).poetry);
  addKeys(poetry.dependencies, false);
  addKeys(poetry['dev-dependencies'], true);
  for (const [group, table] of Object.entries(rec(poetry.group))) addKeys(rec(table).dependencies, group !== 'main');

  const project = rec(doc.project);
  addRequirements(project.dependencies, false);
  for (const extra of Object.values(rec(project['optional-dependencies']))) addRequirements(extra, false);
  for (const group of Object.values(rec(doc['dependency-groups']))) addRequirements(group, true);
  addRequirements(rec(rec(doc.tool).uv)['dev-dependencies'], true);

  return found ? names : undefined;
}

/**
 * Reads the sibling Pipenv `Pipfile` (TOML): `[packages]` production,
 * `[dev-packages]` development. Undefined when missing or unreadable (problem added).
 */
export function readPipfile(input: LockfileInput, problems: ProblemList): DeclaredNames | undefined {
  const doc = readToml(input, 'Pipfile', problems);
  if (!doc) return undefined;
  return {
    prod: new Set(keysOf(doc.packages).map(normalizePypiName)),
    dev: new Set(keysOf(doc['dev-packages']).map(normalizePypiName)),
  };
}

function readToml(input: LockfileInput, name: string, problems: ProblemList): Record<string, unknown> | undefined {
  const text = input.readSibling(name);
  if (text === undefined) return undefined;
  const parsed = parseToml(text);
  if (!parsed.ok || !isRecord(parsed.value)) {
    const where = parsed.ok || parsed.line === undefined ? '' : ` at line ${parsed.line}`;
    const reason = parsed.ok ? 'not a TOML table' : parsed.message;
    problems.add(`${name} next to the lockfile could not be read (${reason}${where}); direct dependencies are unknown`);
    return undefined;
  }
  return parsed.value;
}
