/**
 * uv `uv.lock` (TOML, lock `version = 1`, https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile):
 * `[[package]]` tables with `name`, `version`, `source` (`registry`, `git`, `url`,
 * `path`, `directory`, `editable`, `virtual`), `dependencies = [{ name, version?,
 * source?, extra?, marker? }]`, `[package.optional-dependencies]`,
 * `[package.dev-dependencies]`, `sdist = { hash }` and `wheels = [{ hash }]`.
 */
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { classifyDev } from './graph.js';
import { parseToml } from './parse-text.js';
import { normalizePypiName, pypiPurl } from './purl.js';
import { arr, isRecord, rec, str } from './shape.js';
import type { LockfileParser } from './types.js';

/** Sources that are the project itself (or a workspace member), not a dependency. */
const PROJECT_SOURCES = ['editable', 'virtual'];

interface UvNode {
  id: number;
  name: string;
  version: string;
  source: string;
  /** The project or a workspace member (editable/virtual source). */
  project: boolean;
  /** A local source tree dependency: in the graph, not a component. */
  local: boolean;
  entry: Record<string, unknown>;
}

/**
 * Parses a uv.lock. Packages whose source is `editable` or `virtual` are the
 * project and its workspace members: their `dependencies` and
 * `optional-dependencies` are the direct production ones, their
 * `dev-dependencies` groups the direct development ones. Dev = reachable only
 * from the development ones. `directory` sources (local source trees) are walked
 * but not reported. Without a project package, direct and dev are unknown. Integrity is the sdist hash, else the hash of a lone wheel.
 */
export const parseUvLock: LockfileParser = (input) => {
  const parsed = parseToml(input.text);
  if (!parsed.ok) return failure(`uv.lock is not valid TOML: ${parsed.message}`, parsed.line);
  const lock = parsed.value;
  if (!isRecord(lock)) return failure('uv.lock does not contain a TOML table');
  if (lock.package !== undefined && !Array.isArray(lock.package)) return failure('uv.lock "package" is not an array of tables');
  const problems = new ProblemList();

  const nodes: UvNode[] = [];
  arr(lock.package).forEach((entry, index) => {
    const name = isRecord(entry) ? str(entry.name) : undefined;
    const source = rec(isRecord(entry) ? entry.source : undefined);
    const project = PROJECT_SOURCES.some((k) => source[k] !== undefined);
    // Virtual and dynamic-version projects may have no version.
    const version = isRecord(entry) ? (str(entry.version) ?? (project ? '' : undefined)) : undefined;
    if (!isRecord(entry) || !name || version === undefined) {
      problems.add(`uv.lock package #${index + 1}${name ? ` "${name}"` : ''} has no name or version`);
      return;
    }
    nodes.push({
      id: nodes.length,
      name: normalizePypiName(name),
      version,
      source: JSON.stringify(source),
      project,
      local: source.directory !== undefined,
      entry,
    });
  });

  const byName = new Map<string, UvNode[]>();
  for (const node of nodes) byName.set(node.name, [...(byName.get(node.name) ?? []), node]);
  /** A `{ name, version?, source? }` reference → the locked package(s) it names. */
  const resolve = (ref: unknown): UvNode[] => {
    const name = isRecord(ref) ? str(ref.name) : undefined;
    if (!isRecord(ref) || !name) return [];
    let found = byName.get(normalizePypiName(name)) ?? [];
    const version = str(ref.version);
    if (found.length > 1 && version) found = found.filter((n) => n.version === version);
    if (found.length > 1 && isRecord(ref.source)) found = found.filter((n) => n.source === JSON.stringify(ref.source));
    return found;
  };
  const groupLists = (table: unknown): unknown[] => Object.values(rec(table)).flatMap(arr);
  const depsOf = (node: UvNode): UvNode[] =>
    [...arr(node.entry.dependencies), ...groupLists(node.entry['optional-dependencies'])].flatMap(resolve);

  const edges = new Map(nodes.map((n) => [String(n.id), depsOf(n).map((d) => String(d.id))]));
  const prod: UvNode[] = [];
  const dev: UvNode[] = [];
  const projects = nodes.filter((n) => n.project);
  for (const project of projects) {
    prod.push(...depsOf(project));
    dev.push(...groupLists(project.entry['dev-dependencies']).flatMap(resolve));
  }
  const direct = new Set([...prod, ...dev].map((n) => n.id));
  const reach = classifyDev(edges, prod.map((n) => String(n.id)), dev.map((n) => String(n.id)));

  const components = new ComponentSet();
  for (const node of nodes) {
    if (node.project || node.local) continue;
    const wheels = arr(node.entry.wheels);
    components.add(
      {
        ecosystem: 'PyPI',
        name: node.name,
        version: node.version,
        purl: pypiPurl(node.name, node.version),
        direct: projects.length > 0 ? direct.has(node.id) : undefined,
        dev: reach.get(String(node.id)),
        dependsOn: depsOf(node)
          .filter((d) => !d.project && !d.local)
          .map((d) => pypiPurl(d.name, d.version)),
        integrity: str(rec(node.entry.sdist).hash) ?? (wheels.length === 1 ? str(rec(wheels[0]).hash) : undefined),
      },
      input.path,
    );
  }
  return resultOf(components, problems);
};
