/**
 * npm `package-lock.json` / `npm-shrinkwrap.json`
 * (https://docs.npmjs.com/cli/configuring-npm/package-lock-json), lockfileVersion 1
 * (nested `dependencies` tree) and 2/3 (flat `packages` map keyed by install path).
 */
import type { Component } from '../../../core/inventory.js';
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { declaredDependencies, readPackageJson } from './package-json.js';
import { lineOf, parseJson } from './parse-text.js';
import { npmPurl } from './purl.js';
import { baseName, isRecord, isTrue, rec, str } from './shape.js';
import type { LockfileInput, LockfileParser, LockfileResult } from './types.js';

const NM = 'node_modules/';

/**
 * Parses a package-lock.json or npm-shrinkwrap.json. Uses `packages` when present
 * (v2, v3), else the v1 `dependencies` tree. Links (`link: true`, workspaces), the
 * root entry `""` and workspace folders are not components; aliases
 * (`"old-ms": "npm:ms@2.0.0"`) are reported under the real name. `dev` is the
 * lockfile's `dev` flag (`devOptional` packages may be installed in production, so
 * they are not dev). Direct = declared by the root package or a workspace
 * (v2/v3: their `packages` entries; v1: the sibling package.json).
 */
export const parsePackageLock: LockfileParser = (input) => {
  const file = baseName(input.path);
  const parsed = parseJson(input.text);
  if (!parsed.ok) return failure(`${file} is not valid JSON: ${parsed.message}`, parsed.line);
  const lock = parsed.value;
  if (!isRecord(lock)) return failure(`${file} does not contain a JSON object`);
  if (isRecord(lock.packages)) return fromPackages(input, lock.packages);
  if (isRecord(lock.dependencies)) return fromDependencyTree(input, lock.dependencies);
  if (lock.packages === undefined && lock.dependencies === undefined && typeof lock.lockfileVersion === 'number') {
    return { components: [], problems: [] }; // a project without dependencies
  }
  return failure(`${file} has neither a "packages" nor a "dependencies" object (lockfileVersion ${String(lock.lockfileVersion)})`);
};

/** lockfileVersion 2/3: `packages` keyed by `""`, `node_modules/a`, `node_modules/a/node_modules/@s/b`, `packages/lib`. */
function fromPackages(input: LockfileInput, packages: Record<string, unknown>): LockfileResult {
  const components = new ComponentSet();
  const problems = new ProblemList();
  const located = new Map<string, Pick<Component, 'name' | 'version' | 'purl'>>();
  for (const [key, entry] of Object.entries(packages)) {
    if (!isInstallPath(key)) continue;
    if (!isRecord(entry)) {
      problems.add(`package-lock entry "${key}" is not an object`, lineOf(input.text, `${JSON.stringify(key)}:`));
      continue;
    }
    if (isTrue(entry.link)) continue;
    const name = str(entry.name) ?? key.slice(key.lastIndexOf(NM) + NM.length);
    const version = str(entry.version);
    if (!version) {
      problems.add(`package-lock entry "${key}" has no version`, lineOf(input.text, `${JSON.stringify(key)}:`));
      continue;
    }
    located.set(key, { name, version, purl: npmPurl(name, version) });
  }
  const direct = new Set<string>();
  for (const [key, entry] of Object.entries(packages)) {
    if (isInstallPath(key) || !isRecord(entry)) continue; // the root "" and workspace folders
    for (const dep of declaredDependencies(entry)) {
      const target = resolveInstallPath(packages, key, dep.name);
      if (target !== undefined && located.has(target)) direct.add(target);
    }
  }
  for (const [key, entry] of Object.entries(packages)) {
    const self = located.get(key);
    if (!self || !isRecord(entry)) continue;
    const dependsOn: string[] = [];
    for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const name of Object.keys(rec(entry[section]))) {
        const target = resolveInstallPath(packages, key, name);
        const found = target === undefined ? undefined : located.get(target);
        if (found) dependsOn.push(found.purl);
      }
    }
    components.add(
      {
        ecosystem: 'npm',
        ...self,
        direct: direct.has(key),
        dev: isTrue(entry.dev),
        dependsOn,
        integrity: str(entry.integrity),
        license: str(entry.license),
      },
      input.path,
    );
  }
  return resultOf(components, problems);
}

/** lockfileVersion 1: `dependencies: { name: { version, requires, dependencies, dev } }`, nested. */
function fromDependencyTree(input: LockfileInput, tree: Record<string, unknown>): LockfileResult {
  const components = new ComponentSet();
  const problems = new ProblemList();
  const manifest = readPackageJson(input, problems);
  const declared = manifest ? new Set(manifest.declared.map((d) => d.name)) : undefined;

  const walk = (scope: Record<string, unknown>, parents: Record<string, unknown>[], depth: number): void => {
    const scopes = [scope, ...parents];
    for (const [key, entry] of Object.entries(scope)) {
      if (!isRecord(entry)) {
        problems.add(`package-lock dependency "${key}" is not an object`, lineOf(input.text, `${JSON.stringify(key)}:`));
        continue;
      }
      const nested = isRecord(entry.dependencies) ? entry.dependencies : undefined;
      const self = v1NameVersion(key, entry);
      if (self === 'missing') {
        problems.add(`package-lock dependency "${key}" has no version`, lineOf(input.text, `${JSON.stringify(key)}:`));
      } else if (self) {
        const dependsOn: string[] = [];
        for (const required of Object.keys(rec(entry.requires))) {
          const found = findInScopes(nested ? [nested, ...scopes] : scopes, required);
          if (found && found !== 'missing') dependsOn.push(npmPurl(found.name, found.version));
        }
        components.add(
          {
            ecosystem: 'npm',
            name: self.name,
            version: self.version,
            purl: npmPurl(self.name, self.version),
            direct: depth > 0 ? false : declared ? declared.has(key) : undefined,
            dev: isTrue(entry.dev),
            dependsOn,
            integrity: str(entry.integrity),
          },
          input.path,
        );
      }
      if (nested) walk(nested, scopes, depth + 1);
    }
  };
  walk(tree, [], 0);
  return resultOf(components, problems);
}

/**
 * Name and version of a v1 entry: `npm:` aliases give the real name; git, tarball
 * and `file:` versions (URLs or paths, not registry versions) give undefined.
 */
function v1NameVersion(key: string, entry: Record<string, unknown>): { name: string; version: string } | 'missing' | undefined {
  const version = str(entry.version);
  if (!version) return 'missing';
  if (version.startsWith('npm:')) {
    const spec = version.slice(4);
    const at = spec.lastIndexOf('@');
    return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : undefined;
  }
  return /[:/]/.test(version) ? undefined : { name: key, version };
}

function findInScopes(scopes: Record<string, unknown>[], name: string): { name: string; version: string } | 'missing' | undefined {
  for (const scope of scopes) {
    const entry = scope[name];
    if (isRecord(entry)) return v1NameVersion(name, entry);
  }
  return undefined;
}

/** Whether a `packages` key is an installed package (has a `node_modules/` segment). */
function isInstallPath(key: string): boolean {
  return key.startsWith(NM) || key.includes(`/${NM}`);
}

/**
 * Node's module resolution over `packages` keys: from `node_modules/a/node_modules/b`,
 * dependency `c` is `node_modules/a/node_modules/b/node_modules/c`, else
 * `node_modules/a/node_modules/c`, else `node_modules/c`. Returns the key found.
 */
function resolveInstallPath(packages: Record<string, unknown>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `${NM}${name}` : `${base}/${NM}${name}`;
    if (Object.hasOwn(packages, candidate)) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf(`/${NM}`);
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

