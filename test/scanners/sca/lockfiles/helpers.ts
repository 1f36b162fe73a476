import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component } from '../../../../src/core/inventory.js';
import type { LockfileParser, LockfileResult } from '../../../../src/scanners/sca/lockfiles/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Reads a fixture file (path relative to fixtures/). */
export function fixtureText(relPath: string): string {
  return readFileSync(join(FIXTURES, relPath), 'utf8');
}

/** Runs a parser on a fixture; siblings come from the fixture's directory unless `siblings` overrides them. */
export function parseFixture(parse: LockfileParser, relPath: string, siblings?: Record<string, string | undefined>): LockfileResult {
  const dir = dirname(join(FIXTURES, relPath));
  return parse({
    path: relPath,
    text: fixtureText(relPath),
    readSibling: (name) => {
      if (siblings && name in siblings) return siblings[name];
      const file = join(dir, name);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
  });
}

/** Runs a parser on inline text with the given sibling files. */
export function parseText(parse: LockfileParser, path: string, text: string, siblings: Record<string, string> = {}): LockfileResult {
  return parse({ path, text, readSibling: (name) => siblings[name] });
}

/** `name@version` of every component, in result order. */
export function ids(components: readonly Component[]): string[] {
  return components.map((c) => `${c.name}@${c.version}`);
}

/** `name@version` of the components matching a predicate. */
export function idsWhere(components: readonly Component[], predicate: (c: Component) => boolean): string[] {
  return ids(components.filter(predicate));
}

/** The component with this purl; fails the test when missing. */
export function byPurl(components: readonly Component[], purl: string): Component {
  const found = components.find((c) => c.purl === purl);
  if (!found) throw new Error(`no component ${purl}; have ${components.map((c) => c.purl).join(', ')}`);
  return found;
}

/** Components without fields that legitimately differ between lockfile generations (license, integrity). */
export function comparable(components: readonly Component[]): Array<Pick<Component, 'name' | 'version' | 'purl' | 'direct' | 'dev' | 'dependsOn'>> {
  return components.map(({ name, version, purl, direct, dev, dependsOn }) => ({ name, version, purl, direct, dev, dependsOn }));
}

/** `name@version` ids in the parsers' output order: by name, then version (plain string order). */
export function sortIds(list: readonly string[]): string[] {
  const split = (id: string): [string, string] => [id.slice(0, id.lastIndexOf('@')), id.slice(id.lastIndexOf('@') + 1)];
  return [...list].sort((a, b) => {
    const [an, av] = split(a);
    const [bn, bv] = split(b);
    return an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0;
  });
}
