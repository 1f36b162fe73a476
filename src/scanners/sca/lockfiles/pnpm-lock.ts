/**
 * pnpm `pnpm-lock.yaml` (https://pnpm.io/git#lockfiles, format in pnpm's
 * `@pnpm/lockfile.types`): lockfileVersion 5.x (`/name/1.2.3_peer@1.0.0` keys),
 * 6.x (`/name@1.2.3(peer@1.0.0)` keys) and 9.x (`packages` keyed `name@1.2.3` plus
 * `snapshots` keyed with peer suffixes `name@1.2.3(peer@1.0.0)`).
 */
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { classifyDev } from './graph.js';
import { parseYaml } from './parse-text.js';
import { npmPurl } from './purl.js';
import { isRecord, isTrue, keysOf, rec, str } from './shape.js';
import type { LockfileParser } from './types.js';

type Format = 5 | 6 | 9;

interface PnpmNode {
  name: string;
  version: string;
  purl: string;
  /** Keys of the nodes it depends on. */
  deps: string[];
  dev?: boolean;
  integrity?: string;
}

const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]*$/;

/**
 * Parses a pnpm-lock.yaml. Components are the `packages` (5.x, 6.x) or `snapshots`
 * (9.x) entries; peer variants of one version become one component. Direct = the
 * dependencies of any importer (`importers` of a workspace, `'.'` being the root,
 * or the top-level `dependencies`/`devDependencies`/`optionalDependencies` of a
 * 5.x/6.x single project); `link:` dependencies are workspace packages, not
 * components. Dev = the entry's `dev: true` (5.x, 6.x), else reachable only from
 * importers' `devDependencies` (9.x records no dev flag).
 */
export const parsePnpmLock: LockfileParser = (input) => {
  const parsed = parseYaml(input.text);
  if (!parsed.ok) return failure(`pnpm-lock.yaml is not valid YAML: ${parsed.message}`, parsed.line);
  const lock = parsed.value;
  if (!isRecord(lock)) return failure('pnpm-lock.yaml does not contain a YAML mapping');
  const problems = new ProblemList();
  const format = formatOf(lock);
  if (!format) return failure(`pnpm-lock.yaml has an unsupported lockfileVersion ${JSON.stringify(lock.lockfileVersion)}`);

  const nodes = readNodes(lock, format, problems);
  const importers = isRecord(lock.importers) ? Object.values(lock.importers).map(rec) : [lock];
  const prod: string[] = [];
  const dev: string[] = [];
  const missing: string[] = [];
  for (const importer of importers) {
    for (const section of ['dependencies', 'optionalDependencies', 'devDependencies']) {
      for (const [name, spec] of Object.entries(rec(importer[section]))) {
        const ref = isRecord(spec) ? str(spec.version) : str(spec);
        const key = ref === undefined ? undefined : refToKey(format, name, ref);
        if (key !== undefined && nodes.has(key)) (section === 'devDependencies' ? dev : prod).push(key);
        else if (ref === undefined || key !== undefined) missing.push(name);
      }
    }
  }
  if (missing.length > 0) {
    const listed = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
    problems.add(`${missing.length} direct ${missing.length === 1 ? 'dependency has' : 'dependencies have'} no package entry (truncated or hand-edited lockfile?): ${listed}`);
  }
  const direct = new Set([...prod, ...dev]);
  const hasDevFlags = [...nodes.values()].some((n) => n.dev !== undefined);
  const reach = hasDevFlags ? undefined : classifyDev(new Map([...nodes].map(([k, n]) => [k, n.deps])), prod, dev);

  const components = new ComponentSet();
  for (const [key, node] of nodes) {
    components.add(
      {
        ecosystem: 'npm',
        name: node.name,
        version: node.version,
        purl: node.purl,
        direct: direct.has(key),
        dev: hasDevFlags ? node.dev === true : reach?.get(key),
        dependsOn: node.deps.flatMap((k) => nodes.get(k)?.purl ?? []),
        integrity: node.integrity,
      },
      input.path,
    );
  }
  return resultOf(components, problems);
};

function formatOf(lock: Record<string, unknown>): Format | undefined {
  const declared = Number.parseFloat(String(lock.lockfileVersion ?? ''));
  if (Number.isFinite(declared)) return declared >= 9 ? 9 : declared >= 6 ? 6 : declared >= 5 ? 5 : undefined;
  // No lockfileVersion: guess from the key shape.
  const first = keysOf(lock.packages)[0];
  if (first === undefined) return 9;
  return !first.startsWith('/') ? 9 : /^\/(@[^/]+\/)?[^/@]+@/.test(first) ? 6 : 5;
}

/** Package nodes keyed by the key that dependency references resolve to. */
function readNodes(lock: Record<string, unknown>, format: Format, problems: ProblemList): Map<string, PnpmNode> {
  const packages = rec(lock.packages);
  const nodes = new Map<string, PnpmNode>();
  const useSnapshots = format === 9 && isRecord(lock.snapshots);
  const source = useSnapshots ? rec(lock.snapshots) : packages;
  for (const [key, value] of Object.entries(source)) {
    const snapshot = rec(value);
    const meta = useSnapshots ? rec(packages[withoutPeers(key)] ?? packages[key]) : snapshot;
    const id = packageId(format, key, meta);
    if (!id) {
      problems.add(`pnpm-lock.yaml package "${key}" has no recognisable name and version`);
      continue;
    }
    const deps = [...Object.entries(rec(snapshot.dependencies)), ...Object.entries(rec(snapshot.optionalDependencies))].flatMap(
      ([name, ref]) => {
        const target = typeof ref === 'string' ? refToKey(format, name, ref) : undefined;
        return target === undefined ? [] : [target];
      },
    );
    const devFlag = snapshot.dev ?? meta.dev;
    nodes.set(key, {
      ...id,
      purl: npmPurl(id.name, id.version),
      deps,
      dev: devFlag === undefined ? undefined : isTrue(devFlag),
      integrity: str(rec(meta.resolution).integrity),
    });
  }
  return nodes;
}

/**
 * Name and version of a package key, or of the entry's own `name`/`version` fields
 * (recorded for git and tarball dependencies, whose keys are URLs).
 * 5.x `/@scope/name/1.0.0_peer@2.0.0`, 6.x `/@scope/name@1.0.0(peer@2.0.0)`,
 * 9.x `@scope/name@1.0.0(peer@2.0.0)`.
 */
function packageId(format: Format, key: string, meta: Record<string, unknown>): { name: string; version: string } | undefined {
  const fromKey = format === 5 ? splitV5Key(key) : splitAtKey(format === 6 && key.startsWith('/') ? key.slice(1) : key);
  const name = str(meta.name) ?? fromKey?.name;
  const version = str(meta.version) ?? (fromKey && VERSION.test(fromKey.version) ? fromKey.version : undefined);
  return name && version ? { name, version } : undefined;
}

function splitV5Key(key: string): { name: string; version: string } | undefined {
  if (!key.startsWith('/')) return undefined;
  const segments = key.slice(1).split('/');
  const scoped = segments[0]?.startsWith('@') === true;
  if (segments.length !== (scoped ? 3 : 2)) return undefined;
  const name = scoped ? `${segments[0]}/${segments[1]}` : segments[0]!;
  const version = segments[segments.length - 1]!.split('_')[0]!;
  return { name, version };
}

function splitAtKey(key: string): { name: string; version: string } | undefined {
  const base = withoutPeers(key);
  const at = base.indexOf('@', 1);
  return at > 0 ? { name: base.slice(0, at), version: base.slice(at + 1) } : undefined;
}

/** `react-dom@18.2.0(react@18.2.0)` → `react-dom@18.2.0`. */
function withoutPeers(key: string): string {
  const paren = key.indexOf('(');
  return paren > 0 ? key.slice(0, paren) : key;
}

/**
 * The node key a dependency reference points to, or undefined for `link:`
 * (a workspace folder). References: a version with optional peer suffix
 * (`18.2.0(react@18.2.0)`, 5.x `18.2.0_react@18.2.0`), an alias (`/ms/2.1.1`,
 * `/ms@2.1.1`, 9.x `ms@2.1.1`) or a non-registry key (`github.com/…`, `file:…`).
 */
function refToKey(format: Format, name: string, ref: string): string | undefined {
  if (ref.startsWith('link:')) return undefined;
  if (format === 9) {
    return withoutPeers(ref).indexOf('@', 1) > 0 ? ref : `${name}@${ref}`;
  }
  if (ref.startsWith('/') || /[:/]/.test(withoutPeers(ref).split('_')[0]!)) return ref;
  return format === 6 ? `/${name}@${ref}` : `/${name}/${ref}`;
}
