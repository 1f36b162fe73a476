/**
 * Pipenv `Pipfile.lock` (JSON, pipfile-spec 6, https://pipenv.pypa.io/en/latest/pipfile.html):
 * `_meta`, then `default` (production) and `develop` (development) maps of
 * normalised name → `{ version: "==1.2.3", hashes: [...], markers?, index? }`.
 */
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { parseJson } from './parse-text.js';
import { normalizePypiName, pypiPurl } from './purl.js';
import { readPipfile } from './python-manifests.js';
import { arr, isRecord, isTrue, str } from './shape.js';
import type { LockfileParser } from './types.js';

/**
 * Parses a Pipfile.lock. Versions must be `==x` (or `===x`); git and path entries
 * carry none and are listed in one problem, editable local paths (the project
 * itself) are skipped. A package in `develop` only is dev. Direct = named in the
 * sibling Pipfile's `[packages]`/`[dev-packages]`; without a Pipfile, unknown.
 * Pipfile.lock records no dependency graph, so there is no `dependsOn`.
 */
export const parsePipfileLock: LockfileParser = (input) => {
  const parsed = parseJson(input.text);
  if (!parsed.ok) return failure(`Pipfile.lock is not valid JSON: ${parsed.message}`, parsed.line);
  const lock = parsed.value;
  if (!isRecord(lock) || (!isRecord(lock.default) && !isRecord(lock.develop))) {
    return failure('Pipfile.lock has neither a "default" nor a "develop" object');
  }
  const problems = new ProblemList();
  const components = new ComponentSet();
  const declared = readPipfile(input, problems);
  const unversioned: string[] = [];

  for (const section of ['default', 'develop'] as const) {
    const packages = lock[section];
    if (packages === undefined) continue;
    if (!isRecord(packages)) {
      problems.add(`Pipfile.lock "${section}" is not an object`);
      continue;
    }
    for (const [rawName, entry] of Object.entries(packages)) {
      const name = normalizePypiName(rawName);
      if (!isRecord(entry)) {
        problems.add(`Pipfile.lock ${section} entry "${rawName}" is not an object`);
        continue;
      }
      const spec = str(entry.version);
      const version = spec ? /^===?\s*(\S+)$/.exec(spec)?.[1] : undefined;
      if (!version) {
        if (spec) problems.add(`Pipfile.lock ${section} entry "${rawName}" has version "${spec}", not an exact "==" pin`);
        else if (!(isTrue(entry.editable) && entry.path !== undefined)) unversioned.push(name);
        continue;
      }
      const hashes = arr(entry.hashes).filter((h): h is string => typeof h === 'string');
      components.add(
        {
          ecosystem: 'PyPI',
          name,
          version,
          purl: pypiPurl(name, version),
          direct: declared ? declared.prod.has(name) || declared.dev.has(name) : undefined,
          dev: section === 'develop',
          integrity: hashes.length === 1 ? hashes[0] : undefined,
        },
        input.path,
      );
    }
  }
  if (unversioned.length > 0) {
    problems.add(
      `${unversioned.length} Pipfile.lock ${unversioned.length === 1 ? 'entry has' : 'entries have'} no version (git or path installs) and cannot be checked: ${unversioned.join(', ')}`,
    );
  }
  return resultOf(components, problems);
};
