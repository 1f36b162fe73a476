/**
 * Dependencies declared in a package.json (https://docs.npmjs.com/cli/configuring-npm/package-json):
 * what tells a direct npm dependency from a transitive one.
 */
import type { ProblemList } from './collect.js';
import { classifyDev } from './graph.js';
import { parseJson } from './parse-text.js';
import { isRecord } from './shape.js';
import type { LockfileInput } from './types.js';

/** One declared dependency: `"express": "^4.17.1"` in `dependencies` → `{ name: 'express', range: '^4.17.1', dev: false }`. */
export interface DeclaredDependency {
  name: string;
  /** The range or spec as written (`^4.17.1`, `npm:ms@2.0.0`, `workspace:*`). */
  range: string;
  /** Declared in `devDependencies`. */
  dev: boolean;
}

/** A package.json's declared dependencies and whether it defines workspaces. */
export interface PackageJsonDeps {
  declared: DeclaredDependency[];
  hasWorkspaces: boolean;
}

const PROD_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Declared dependencies of a package.json-shaped object (also the root entry
 * `packages[""]` of package-lock v2/v3): `dependencies`, `optionalDependencies` and
 * `peerDependencies` (production) and `devDependencies` (dev). Non-string ranges are ignored.
 */
export function declaredDependencies(manifest: Record<string, unknown>): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  const take = (section: string, dev: boolean): void => {
    const deps = manifest[section];
    if (!isRecord(deps)) return;
    for (const [name, range] of Object.entries(deps)) if (typeof range === 'string') out.push({ name, range, dev });
  };
  for (const section of PROD_SECTIONS) take(section, false);
  take('devDependencies', true);
  return out;
}

/**
 * Reads the `package.json` next to the lockfile. Undefined when there is none; when
 * it is not valid JSON a problem is added and undefined returned (direct unknown).
 */
export function readPackageJson(input: LockfileInput, problems: ProblemList): PackageJsonDeps | undefined {
  const text = input.readSibling('package.json');
  if (text === undefined) return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) {
    const reason = parsed.ok ? 'it is not a JSON object' : parsed.message;
    problems.add(`package.json next to the lockfile could not be read (${reason}); direct dependencies are unknown`);
    return undefined;
  }
  const workspaces = parsed.value.workspaces;
  return {
    declared: declaredDependencies(parsed.value),
    hasWorkspaces: Array.isArray(workspaces) || isRecord(workspaces),
  };
}

/**
 * Direct and dev of each package (by purl) given the sibling package.json: direct =
 * the purl `resolve` gives for a declared `name@range`; dev = reachable only from devDependencies. With
 * workspaces, a package the root does not reach may be a workspace's direct
 * dependency, so it stays unknown. Without a package.json, both are unknown.
 */
export function rolesFromPackageJson(
  manifest: PackageJsonDeps | undefined,
  resolve: (name: string, range: string) => string | undefined,
  edges: ReadonlyMap<string, readonly string[]>,
): (purl: string) => { direct?: boolean; dev?: boolean } {
  if (!manifest) return () => ({});
  const roots = manifest.declared.map((d) => ({ dev: d.dev, purl: resolve(d.name, d.range) }));
  const prod = roots.filter((r) => !r.dev).flatMap((r) => r.purl ?? []);
  const dev = roots.filter((r) => r.dev).flatMap((r) => r.purl ?? []);
  const direct = new Set([...prod, ...dev]);
  const devOf = classifyDev(edges, prod, dev);
  return (purl) => ({
    direct: direct.has(purl) ? true : devOf.has(purl) || !manifest.hasWorkspaces ? false : undefined,
    dev: devOf.get(purl),
  });
}
