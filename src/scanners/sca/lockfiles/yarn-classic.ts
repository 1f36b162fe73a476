/**
 * Yarn classic `yarn.lock` v1 (https://classic.yarnpkg.com/lang/en/docs/yarn-lock/),
 * read with Yarn's own parser `@yarnpkg/lockfile`.
 */
import { createRequire } from 'node:module';
import type * as YarnLockfile from '@yarnpkg/lockfile';
import { ComponentSet, ProblemList, failure, resultOf } from './collect.js';
import { readPackageJson, rolesFromPackageJson } from './package-json.js';
import { lineAt } from './parse-text.js';
import { npmPurl } from './purl.js';
import { isRecord, rec, str } from './shape.js';
import type { LockfileParser } from './types.js';
import { splitDescriptor } from './yarn-descriptor.js';

// A CommonJS webpack bundle whose default export differs between Node's ESM loader and
// bundlers; `require` gives the same object everywhere.
const lockfile = createRequire(import.meta.url)('@yarnpkg/lockfile') as typeof YarnLockfile;

/**
 * Parses a yarn.lock v1. Each entry is keyed by one or more descriptors
 * (`"lodash@^4.17.20, lodash@4.17.20"`, which the parser expands) and records
 * `version`, `resolved`, `integrity`, `dependencies`, `optionalDependencies`.
 * `npm:` aliases (`"old-ms@npm:ms@2.0.0"`) are reported under the real name.
 * Direct = the entry a sibling package.json dependency resolves to (by `name@range`);
 * dev = reachable only from its devDependencies. Without a package.json both are unknown.
 */
export const parseYarnClassic: LockfileParser = (input) => {
  let object: Record<string, unknown>;
  // @yarnpkg/lockfile's tokenizer spins (for seconds, gigabytes) on a quote that never closes
  // and on a comment with no newline after it: rule out the first, prevent the second.
  const unterminated = unterminatedQuoteLine(input.text);
  if (unterminated !== undefined) return failure('yarn.lock could not be parsed: a quoted string is never closed', unterminated);
  const text = input.text.endsWith('\n') ? input.text : `${input.text}\n`;
  try {
    const parsed = lockfile.parse(text, input.path);
    if (parsed.type === 'conflict') return failure('yarn.lock contains merge conflict markers that Yarn cannot resolve');
    object = rec(parsed.object);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    const at = /(\d+):(\d+) in /.exec(message);
    const clean = message.replace(/\s*\d+:\d+ in .*$/, '').replace(/^Unknown token: \{.*type: '(\w+)'.*\}$/, 'unexpected $1 token');
    return failure(`yarn.lock could not be parsed: ${clean}`, at ? fileLine(input.text, Number(at[1])) : undefined);
  }
  const problems = new ProblemList();
  const components = new ComponentSet();

  // descriptor ("name@range") → the package it resolves to
  const resolved = new Map<string, { name: string; version: string; purl: string }>();
  for (const [descriptor, entry] of Object.entries(object)) {
    const parts = splitDescriptor(descriptor);
    const version = isRecord(entry) ? str(entry.version) : undefined;
    if (!parts || !version) {
      problems.add(`yarn.lock entry "${descriptor}" has no name or version`);
      continue;
    }
    const name = parts.alias?.name ?? parts.name;
    resolved.set(descriptor, { name, version, purl: npmPurl(name, version) });
  }

  const edges = new Map<string, string[]>();
  const found: Array<{ name: string; version: string; purl: string; dependsOn: string[]; integrity?: string }> = [];
  for (const [descriptor, entry] of Object.entries(object)) {
    const self = resolved.get(descriptor);
    if (!self || !isRecord(entry)) continue;
    const deps = [...Object.entries(rec(entry.dependencies)), ...Object.entries(rec(entry.optionalDependencies))];
    const dependsOn = deps.flatMap(([name, range]) => resolved.get(`${name}@${String(range)}`)?.purl ?? []);
    edges.set(self.purl, [...(edges.get(self.purl) ?? []), ...dependsOn]);
    found.push({ ...self, dependsOn, integrity: str(entry.integrity) });
  }

  const byName = new Map<string, Set<string>>();
  for (const [descriptor, pkg] of resolved) {
    const name = descriptor.slice(0, descriptor.indexOf('@', 1));
    byName.set(name, (byName.get(name) ?? new Set()).add(pkg.purl));
  }
  // A package.json range missing from the lockfile (edited without relocking) falls back to the name's only version.
  const resolveDeclared = (name: string, range: string): string | undefined => {
    const exact = resolved.get(`${name}@${range}`)?.purl;
    const candidates = byName.get(name);
    return exact ?? (candidates?.size === 1 ? [...candidates][0] : undefined);
  };
  const roles = rolesFromPackageJson(readPackageJson(input, problems), resolveDeclared, edges);
  for (const pkg of found) components.add({ ecosystem: 'npm', ...pkg, ...roles(pkg.purl) }, input.path);
  return resultOf(components, problems);
};


/**
 * The file line of a line number reported by @yarnpkg/lockfile, whose tokenizer
 * counts `\n\n` and `\r\n` as one newline.
 */
function fileLine(text: string, parserLine: number): number {
  let parser = 1;
  let file = 1;
  for (let i = 0; parser < parserLine && i < text.length; i++) {
    const c = text[i];
    if (c !== '\n' && c !== '\r') continue;
    if (c === '\n') file++;
    if (text[i + 1] === '\n') {
      file++;
      i++;
    }
    parser++;
  }
  return file;
}

/**
 * Line of a `"` that opens a string the yarn v1 tokenizer would never see closed,
 * found by walking the tokens the way it does (comments, unquoted words, `true`/
 * `false` and quoted strings with `\"` escapes).
 */
function unterminatedQuoteLine(text: string): number | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === '"' && !(text[j - 1] === '\\' && text[j - 2] !== '\\'))) j++;
      if (j >= text.length) return lineAt(text, i);
      i = j + 1;
    } else if (text.startsWith('true', i) || text.startsWith('false', i)) {
      i += text.startsWith('true', i) ? 4 : 5;
    } else if (/[a-zA-Z/-]/.test(c)) {
      while (i < text.length && !':\n\r, '.includes(text[i]!)) i++;
    } else {
      i++;
    }
  }
  return undefined;
}
