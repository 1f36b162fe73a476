/**
 * Yarn Berry (v2+) `yarn.lock`: YAML with a `__metadata` entry, keys listing the
 * descriptors an entry satisfies (`"ms@npm:2.0.0, old-ms@npm:ms@2.0.0"`) and each
 * entry's `version`, `resolution` (locator), `dependencies`, `checksum`
 * (https://yarnpkg.com/configuration/yarnrc, https://yarnpkg.com/protocols).
 */
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { classifyDev } from './graph.js';
import { readPackageJson, rolesFromPackageJson } from './package-json.js';
import { parseYaml } from './parse-text.js';
import { npmPurl } from './purl.js';
import { isRecord, rec, str } from './shape.js';
import type { LockfileParser } from './types.js';
import { splitDescriptor } from './yarn-descriptor.js';

/** Protocols whose entries are local projects or folders, not packages. */
const LOCAL = new Set(['workspace', 'link', 'portal']);

interface BerryPackage {
  name: string;
  version: string;
  purl: string;
}

/**
 * Parses a Berry yarn.lock. Workspace entries (`workspace:`) are the project
 * itself: their `dependencies` are the direct ones. `link:`/`portal:` entries are
 * skipped; a `patch:` entry counts as the package it patches when that is an
 * `npm:` package (`resolve@patch:resolve@npm%3A1.22.8#…` → resolve 1.22.8). Other
 * sources (git, tarball URLs, `file:`) are kept with their recorded version. Dev
 * needs the sibling package.json: packages reachable only from the root
 * workspace's devDependencies. The `checksum` hashes Yarn's cache archive, not the
 * registry tarball, so it is not reported as integrity.
 */
export const parseYarnBerry: LockfileParser = (input) => {
  const parsed = parseYaml(input.text);
  if (!parsed.ok) return failure(`yarn.lock is not valid YAML: ${parsed.message}`, parsed.line);
  if (!isRecord(parsed.value)) return failure('yarn.lock does not contain a YAML mapping');
  const problems = new ProblemList();
  const components = new ComponentSet();

  const byDescriptor = new Map<string, BerryPackage>();
  const workspaces: Array<{ root: boolean; entry: Record<string, unknown> }> = [];
  const entries: Array<{ pkg: BerryPackage; entry: Record<string, unknown> }> = [];
  for (const [key, entry] of Object.entries(parsed.value)) {
    if (key === '__metadata') continue;
    const resolution = isRecord(entry) ? str(entry.resolution) : undefined;
    const locator = resolution ? splitDescriptor(resolution) : undefined;
    if (!isRecord(entry) || !locator) {
      problems.add(`yarn.lock entry "${key}" has no resolution`);
      continue;
    }
    if (locator.protocol === 'workspace') workspaces.push({ root: locator.range === 'workspace:.', entry });
    const pkg = packageOf(locator.name, locator.protocol, locator.range, str(entry.version));
    if (pkg === 'missing') problems.add(`yarn.lock entry "${key}" has no version`);
    if (!pkg || pkg === 'missing') continue;
    entries.push({ pkg, entry });
    for (const descriptor of key.split(',')) byDescriptor.set(descriptor.trim(), pkg);
  }

  const resolve = (name: string, range: string): string | undefined =>
    (byDescriptor.get(`${name}@${range}`) ?? (/^[a-z][a-z0-9+.-]*:/i.test(range) ? undefined : byDescriptor.get(`${name}@npm:${range}`)))?.purl;
  const dependsOnOf = (entry: Record<string, unknown>): string[] =>
    Object.entries(rec(entry.dependencies)).flatMap(([name, range]) => resolve(name, String(range)) ?? []);

  const edges = new Map<string, string[]>();
  for (const { pkg, entry } of entries) edges.set(pkg.purl, [...(edges.get(pkg.purl) ?? []), ...dependsOnOf(entry)]);

  const manifest = readPackageJson(input, problems);
  let roles: (purl: string) => { direct?: boolean; dev?: boolean };
  if (workspaces.length > 0) {
    const devOnly = new Set(manifest?.declared.filter((d) => d.dev).map((d) => d.name));
    for (const d of manifest?.declared ?? []) if (!d.dev) devOnly.delete(d.name);
    const prod: string[] = [];
    const dev: string[] = [];
    for (const ws of workspaces) {
      for (const [name, range] of Object.entries(rec(ws.entry.dependencies))) {
        const purl = resolve(name, String(range));
        if (purl) (ws.root && devOnly.has(name) ? dev : prod).push(purl);
      }
    }
    const direct = new Set([...prod, ...dev]);
    const devOf = manifest ? classifyDev(edges, prod, dev) : undefined;
    roles = (purl) => ({ direct: direct.has(purl), dev: devOf?.get(purl) });
  } else {
    roles = rolesFromPackageJson(manifest, resolve, edges);
  }

  for (const { pkg, entry } of entries) {
    components.add({ ecosystem: 'npm', ...pkg, dependsOn: dependsOnOf(entry), ...roles(pkg.purl) }, input.path);
  }
  return resultOf(components, problems);
};

/**
 * The package a resolution stands for: undefined for local projects and patches of
 * anything but an npm package, `'missing'` when a package entry has no version.
 */
function packageOf(name: string, protocol: string | undefined, range: string, version: string | undefined): BerryPackage | 'missing' | undefined {
  if (protocol && LOCAL.has(protocol)) return undefined;
  let realName = name;
  if (protocol === 'patch') {
    const inner = splitDescriptor(safeDecode(range.slice('patch:'.length, range.indexOf('#') < 0 ? undefined : range.indexOf('#'))));
    if (!inner || (inner.protocol !== 'npm' && inner.protocol !== undefined)) return undefined;
    realName = inner.alias?.name ?? inner.name;
  }
  if (!version) return 'missing';
  return { name: realName, version, purl: npmPurl(realName, version) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
