/**
 * Python dependency specifiers: PEP 508 requirement strings (`name[extra]>=1.0 ;
 * python_version < "3.8"`, `name @ https://…`), PEP 440 version specifiers and the
 * "pinned to one exact version" test the SCA scanner needs.
 */

/** One PEP 440 version clause, e.g. `{ op: '==', version: '0.12.2' }`. */
export interface VersionClause {
  op: '===' | '==' | '~=' | '!=' | '<=' | '>=' | '<' | '>';
  version: string;
}

/** A parsed PEP 508 requirement. `name` is as written (not normalised). */
export interface Requirement {
  name: string;
  extras: string[];
  /** Version clauses (empty when there are none or a URL is given). */
  clauses: VersionClause[];
  /** Direct reference after `@` (PEP 440 "direct references"), if any. */
  url?: string;
  /** Environment marker after `;`, not evaluated. */
  marker?: string;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*/;
const CLAUSE = /^(===|==|~=|!=|<=|>=|<|>)\s*([^\s,;]+)$/;

/** True when `text` is a PEP 508 distribution name (letters, digits, `.`, `_`, `-`). */
export function isPep508Name(text: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(text);
}

/**
 * Parses one PEP 508 requirement string; undefined when it does not start with a
 * valid name or its version specifier is malformed.
 * `parseRequirement('requests[socks]==2.19.1 ; python_version < "3.8"')` →
 * `{ name: 'requests', extras: ['socks'], clauses: [{ op: '==', version: '2.19.1' }], marker: 'python_version < "3.8"' }`.
 */
export function parseRequirement(text: string): Requirement | undefined {
  const head = NAME.exec(text.trim());
  if (!head) return undefined;
  const name = head[1]!;
  const extras = (head[2] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  let rest = text.trim().slice(head[0].length);
  if (rest.startsWith('@')) {
    // PEP 508: a URL must be followed by whitespace before the marker's `;`.
    const markerAt = rest.search(/\s;/);
    const url = (markerAt < 0 ? rest.slice(1) : rest.slice(1, markerAt)).trim();
    const marker = markerAt < 0 ? undefined : rest.slice(markerAt).trim().slice(1).trim();
    if (!url) return undefined;
    return marker ? { name, extras, clauses: [], url, marker } : { name, extras, clauses: [], url };
  }
  let marker: string | undefined;
  const semicolon = rest.indexOf(';');
  if (semicolon >= 0) {
    marker = rest.slice(semicolon + 1).trim() || undefined;
    rest = rest.slice(0, semicolon);
  }
  rest = rest.trim();
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  const clauses: VersionClause[] = [];
  if (rest) {
    for (const part of rest.split(',')) {
      const clause = CLAUSE.exec(part.trim());
      if (!clause) return undefined;
      clauses.push({ op: clause[1] as VersionClause['op'], version: clause[2]! });
    }
  }
  return marker ? { name, extras, clauses, marker } : { name, extras, clauses };
}

/**
 * The exact version a set of clauses pins (PEP 440 `==` without a `.*` wildcard, or
 * arbitrary equality `===`), or undefined when it allows a range. `==1.0` together
 * with `>=0.9` still pins 1.0; two different `==` pins nothing.
 */
export function pinnedVersion(clauses: readonly VersionClause[]): string | undefined {
  const exact = clauses.filter((c) => (c.op === '==' && !c.version.endsWith('*')) || c.op === '===').map((c) => c.version);
  const distinct = [...new Set(exact)];
  return distinct.length === 1 ? distinct[0] : undefined;
}
