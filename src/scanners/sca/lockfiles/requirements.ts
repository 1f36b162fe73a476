/**
 * pip requirements files (https://pip.pypa.io/en/stable/reference/requirements-file-format/):
 * one PEP 508 requirement per line, `#` comments, `\` line continuations,
 * per-requirement `--hash` options and `-r`/`-c` includes.
 */
import type { Component } from '../../../core/inventory.js';
import { ComponentSet, ProblemList, resultOf } from './collect.js';
import { parseRequirement, pinnedVersion } from './pep508.js';
import { normalizePypiName, pypiPurl } from './purl.js';
import { baseName, dirName } from './shape.js';
import type { LockfileInput, LockfileParser } from './types.js';

/** How many unpinned names the "not pinned" problem lists. */
const LISTED_UNPINNED = 5;

interface LogicalLine {
  text: string;
  /** 1-based line where it starts. */
  line: number;
}

/** A component that names the file it was read from. */
type Pinned = Omit<Component, 'manifest'> & { manifest: string };

interface ReadState {
  input: LockfileInput;
  components: ComponentSet;
  problems: ProblemList;
  unpinned: string[];
  /** Files already read (cycle guard for `-r`). */
  seen: Set<string>;
}

/**
 * Parses a requirements file. Every requirement pinned to one exact version
 * (`name==1.2.3`, `name[extra]===1.2.3`, with or without an environment marker) is a
 * direct component named by its PEP 503 normalised name; a single `--hash` is kept
 * as integrity. Ranges, bare names and URL/path requirements cannot be matched to
 * advisories: they are summarised in one problem naming up to five of them.
 * Editable installs (`-e`) are skipped. `-r file` is followed when the file is in
 * the same directory (its components name it as manifest); an unreadable `-r` or
 * `-c` file is a problem. Constraint files only restrict versions, so their
 * entries are not components. Markers are not evaluated.
 */
export const parseRequirements: LockfileParser = (input) => {
  const state: ReadState = {
    input,
    components: new ComponentSet(),
    problems: new ProblemList(),
    unpinned: [],
    seen: new Set([baseName(input.path)]),
  };
  readFile(state, input.path, input.text, true);
  const unpinned = [...new Set(state.unpinned)];
  if (unpinned.length > 0) {
    const listed = unpinned.slice(0, LISTED_UNPINNED).join(', ') + (unpinned.length > LISTED_UNPINNED ? ', …' : '');
    const verb = unpinned.length === 1 ? 'requirement is' : 'requirements are';
    state.problems.add(`${unpinned.length} ${verb} not pinned to an exact version and cannot be checked: ${listed}`);
  }
  return resultOf(state.components, state.problems);
};

function readFile(state: ReadState, path: string, text: string, top: boolean): void {
  // Problems carry the top file's line; for an included file, name it in the message instead.
  const report = (message: string, line: number): void =>
    top ? state.problems.add(message, line) : state.problems.add(`${baseName(path)} line ${line}: ${message}`);

  for (const { text: content, line } of logicalLines(text)) {
    if (content.startsWith('-')) {
      readOption(state, path, content, line, report);
      continue;
    }
    const component = readRequirement(content, path, state.unpinned);
    if (component === 'invalid') report(`cannot parse requirement "${truncate(content)}"`, line);
    else if (component) state.components.add(component, path);
  }
}

/** `-r`/`--requirement` includes, `-c`/`--constraint` checks; every other option is ignored. */
function readOption(state: ReadState, path: string, content: string, line: number, report: (message: string, line: number) => void): void {
  const option = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?<=^-[rc]))(\S.*)$/.exec(content);
  if (!option) return; // -e/--editable, -i/--index-url, --hash-only lines, --pre…: nothing to inventory
  const include = option[1] === '-r' || option[1] === '--requirement';
  const target = option[2]!.trim().replace(/^\.\//, '');
  const sameDir = !target.includes('/') && !target.includes('\\') && dirName(path) === dirName(state.input.path);
  if (include && sameDir && state.seen.has(target)) return; // already read: an include cycle
  const text = sameDir ? state.input.readSibling(target) : undefined;
  if (text === undefined) {
    const why = sameDir ? 'it does not exist or cannot be read' : 'only files in the same directory are followed';
    report(`cannot read ${include ? 'included requirements' : 'constraints'} file "${target}": ${why}`, line);
    return;
  }
  if (!include) return;
  state.seen.add(target);
  readFile(state, `${dirName(path)}${target}`, text, false);
}

/**
 * One requirement line → a pinned component, `undefined` (recorded as unpinned) or
 * `'invalid'` when the line is not a requirement at all.
 */
function readRequirement(content: string, path: string, unpinned: string[]): Pinned | undefined | 'invalid' {
  const optionAt = content.search(/\s--?[a-z]/i);
  const spec = (optionAt < 0 ? content : content.slice(0, optionAt)).trim();
  const hashes = [...content.matchAll(/--hash[=\s]\s*(\S+)/g)].map((m) => m[1]!);
  const req = parseRequirement(spec);
  if (!req) {
    if (!looksLikeUrlOrPath(spec)) return 'invalid';
    unpinned.push(/#egg=([A-Za-z0-9._-]+)/.exec(spec)?.[1] ?? truncate(spec));
    return undefined;
  }
  const name = normalizePypiName(req.name);
  const version = req.url ? undefined : pinnedVersion(req.clauses);
  if (!version) {
    unpinned.push(name);
    return undefined;
  }
  const component: Pinned = {
    ecosystem: 'PyPI',
    name,
    version,
    purl: pypiPurl(name, version),
    direct: true,
    manifest: path,
  };
  if (hashes.length === 1) component.integrity = hashes[0];
  return component;
}

/** A URL, VCS URL or local path given instead of a name (`./pkg`, `https://…/x.whl`, `git+https://…`, `libs/x`). */
function looksLikeUrlOrPath(spec: string): boolean {
  return /^([a-z][a-z0-9+.-]*:|[.~])/i.test(spec) || /[/\\]/.test(spec) || /\.(whl|zip|tar\.gz|tar\.bz2|tgz)$/i.test(spec);
}

/**
 * Physical lines joined at trailing backslashes, comments (`#` at the start or
 * after whitespace) removed, blank lines dropped; each keeps its first line number.
 */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const physical = text.split(/\r?\n/);
  let pending = '';
  let start = 0;
  physical.forEach((raw, index) => {
    if (pending === '') start = index + 1;
    const isComment = /(^|\s)#/.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      pending += raw.slice(0, -1);
      return;
    }
    const joined = (pending + raw).replace(/(^|\s)#.*$/, '').trim();
    pending = '';
    if (joined) out.push({ text: joined, line: start });
  });
  const rest = pending.trim();
  if (rest) out.push({ text: rest, line: start });
  return out;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
