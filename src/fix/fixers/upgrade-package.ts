/**
 * A vulnerable dependency goes up to the advisory's fixed version in the manifest the
 * lockfile was made from: the `==` pin in a pip requirements file, or the range in the
 * package.json beside an npm, Yarn or pnpm lockfile (keeping its `^`/`~` operator).
 * Lockfiles are never edited by hand (their integrity hashes would lie): the follow-up
 * names the command that refreshes them. Transitive dependencies and other Python
 * manifests get a reason with the exact command instead.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { compare as comparePep440 } from '@renovatebot/pep440';
import semver from 'semver';
import type { FixContext, FixProposal, NoFix } from '../fixer.js';

const NPM_LOCKFILES: Record<string, string> = {
  'package-lock.json': 'npm install',
  'npm-shrinkwrap.json': 'npm install',
  'yarn.lock': 'yarn install',
  'pnpm-lock.yaml': 'pnpm install',
};
const PYTHON_COMMANDS: Record<string, (name: string, version: string) => string> = {
  'poetry.lock': (name, version) => `poetry add "${name}>=${version}"`,
  'Pipfile.lock': (name, version) => `pipenv install "${name}>=${version}"`,
  'uv.lock': (name, version) => `uv add "${name}>=${version}"`,
};
const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
/** A plain version with an optional `^`, `~`, `>=` or `=` operator. */
const SIMPLE_RANGE = /^(\^|~|>=|=)?v?(\d+\.\d+\.\d+(?:-[\w.]+)?)$/;

const pep503 = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
const lineStart = (source: string, line: number) => source.split('\n').slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);

function requirementsFix({ finding, source }: FixContext, name: string, version: string, fixed: string): FixProposal | NoFix {
  const lines = source.split('\n');
  const index = lines.findIndex((line) => {
    const match = /^\s*([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#\\]+)/.exec(line);
    return match && pep503(match[1]!) === pep503(name) && match[2] === version;
  });
  if (index < 0) return { reason: `${finding.location.path} has no ${name}==${version} line` };
  const line = lines[index]!;
  if (/--hash/.test(line) || (line.trimEnd().endsWith('\\') && /^\s*--hash/.test(lines[index + 1] ?? ''))) return { reason: `${name} is hash-pinned: regenerate the file with pip-compile --generate-hashes after raising it to ${fixed}` };
  const at = line.search(/===?\s*/);
  const versionAt = at + /^===?\s*/.exec(line.slice(at))![0].length;
  const start = lineStart(source, index + 1) + versionAt;
  return {
    description: `Pin ${name} to ${fixed}, the lowest version that fixes every advisory reported for ${version}.`,
    edits: [{ path: finding.location.path, start, end: start + version.length, text: fixed }],
    followUp: `pip install -r ${finding.location.path}, then run the tests.`,
  };
}

async function packageJsonFix({ root, finding }: FixContext, name: string, version: string, fixed: string, refresh: string): Promise<FixProposal | NoFix> {
  const manifest = posix.join(dirname(finding.location.path).replaceAll('\\', '/'), 'package.json').replace(/^\.\//, '');
  let text: string;
  let parsed: Record<string, unknown>;
  try {
    text = await readFile(join(root, manifest), 'utf8');
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { reason: `cannot read ${manifest}, the manifest of ${finding.location.path}: ${(error as Error).message}` };
  }
  const section = DEPENDENCY_SECTIONS.find((s) => typeof (parsed[s] as Record<string, unknown> | undefined)?.[name] === 'string');
  if (!section) return { reason: `${name} is not declared in ${manifest}` };
  const range = (parsed[section] as Record<string, string>)[name]!;
  const simple = SIMPLE_RANGE.exec(range);
  if (!simple) return { reason: `${manifest} declares ${name} as "${range}", which the fix does not rewrite; require ${fixed} or later by hand` };
  const wanted = `${simple[1] ?? ''}${fixed}`;
  // The declaration's own line: the key inside the section, after the section's key.
  const sectionAt = text.search(new RegExp(`"${section}"\\s*:\\s*\\{`));
  const key = new RegExp(`("${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\s*:\\s*")${range.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g');
  key.lastIndex = Math.max(0, sectionAt);
  const match = key.exec(text);
  if (!match) return { reason: `cannot find "${name}": "${range}" in ${manifest}` };
  const start = match.index + match[1]!.length;
  const major = semver.valid(version) && semver.valid(fixed) && semver.major(fixed) > semver.major(version);
  return {
    description: `Require ${name} ${wanted} in ${manifest} (${section}), the lowest version that fixes every advisory reported for ${version}${major ? '; this is a new major version, so read its changelog' : ''}.`,
    edits: [{ path: manifest, start, end: start + range.length, text: wanted }],
    followUp: `Run ${refresh} to update ${basename(finding.location.path)}, then commit both files.`,
  };
}

/**
 * The highest fixed version among the advisories of this package version in this file, so
 * one upgrade clears them all (semver for npm, PEP 440 for PyPI).
 */
function fixedForAll({ finding, related }: FixContext): string | undefined {
  const pkg = finding.package!;
  const versions = [finding, ...related]
    .filter((f) => f.category === 'sca' && f.location.path === finding.location.path && f.package?.name === pkg.name && f.package.version === pkg.version)
    .map((f) => f.remediation.fixedVersion)
    .filter((v): v is string => !!v);
  const order = (a: string, b: string) => (pkg.ecosystem === 'PyPI' ? comparePep440(a, b) : semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a.localeCompare(b));
  return versions.sort(order).at(-1);
}

export async function upgradePackage(context: FixContext): Promise<FixProposal | NoFix> {
  const { finding } = context;
  const pkg = finding.package;
  const fixed = pkg && finding.remediation.fixedVersion ? fixedForAll(context) : undefined;
  if (!pkg || !fixed) return { reason: `${finding.ruleId} has no fixed version to upgrade ${pkg?.name ?? 'the package'} to; follow the advisory's workaround` };
  const file = basename(finding.location.path);
  const refresh = NPM_LOCKFILES[file];
  if (refresh) {
    if (pkg.direct === false) return { reason: `${pkg.name} is transitive: upgrade the package that requires it, or add "${pkg.name}": "^${fixed}" to "overrides" (npm), "resolutions" (Yarn) or "pnpm.overrides" in package.json, then ${refresh}` };
    return packageJsonFix(context, pkg.name, pkg.version, fixed, refresh);
  }
  const command = PYTHON_COMMANDS[file];
  if (command) return { reason: `raise ${pkg.name} in the project manifest and refresh ${file}: ${command(pkg.name, fixed)}` };
  if (file.toLowerCase().endsWith('.txt')) return requirementsFix(context, pkg.name, pkg.version, fixed);
  return { reason: `${file} is not a manifest the fix edits; upgrade ${pkg.name} to ${fixed} by hand` };
}
