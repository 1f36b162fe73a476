import type { Component } from '../../../core/inventory.js';
import type { LockfileProblem, LockfileResult } from './types.js';

/** How many problems one lockfile may report before the rest are summarised. */
export const MAX_PROBLEMS = 25;

/**
 * Accumulates the components of one lockfile, keyed by purl, so a package listed
 * twice (npm nested copies of one version, yarn aliases, pnpm peer variants) becomes
 * one component. Merging two sightings of one purl:
 * - `direct`: true if either says true, else false if either says false, else unknown;
 * - `dev`: false if either says false (needed in production), true only if both say
 *   true, else unknown;
 * - `dependsOn`: union; `integrity`, `license`: the first recorded.
 */
export class ComponentSet {
  private readonly byPurl = new Map<string, Component>();

  /** Adds (or merges) one component; `manifest` defaults to `defaultManifest`. */
  add(component: Omit<Component, 'manifest'> & { manifest?: string }, defaultManifest: string): Component {
    const incoming: Component = { ...component, manifest: component.manifest ?? defaultManifest };
    const existing = this.byPurl.get(incoming.purl);
    if (!existing) {
      const copy = withoutUndefined({ ...incoming });
      if (copy.dependsOn) copy.dependsOn = [...new Set(copy.dependsOn)];
      this.byPurl.set(copy.purl, copy);
      return copy;
    }
    const direct = existing.direct === true || incoming.direct === true ? true : mergeFalse(existing.direct, incoming.direct);
    const dev =
      existing.dev === false || incoming.dev === false
        ? false
        : existing.dev === true && incoming.dev === true
          ? true
          : undefined;
    setOrDelete(existing, 'direct', direct);
    setOrDelete(existing, 'dev', dev);
    if (incoming.dependsOn?.length) existing.dependsOn = [...new Set([...(existing.dependsOn ?? []), ...incoming.dependsOn])];
    existing.integrity ??= incoming.integrity;
    existing.license ??= incoming.license;
    return withoutUndefined(existing);
  }

  /** Components sorted by name, then version, then purl; `dependsOn` sorted, self-references dropped. */
  list(): Component[] {
    const all = [...this.byPurl.values()];
    for (const c of all) {
      if (!c.dependsOn) continue;
      const deps = c.dependsOn.filter((p) => p !== c.purl).sort();
      if (deps.length > 0) c.dependsOn = deps;
      else delete c.dependsOn;
    }
    return all.sort((a, b) => cmp(a.name, b.name) || cmp(a.version, b.version) || cmp(a.purl, b.purl));
  }
}

/**
 * Problems of one lockfile; after {@link MAX_PROBLEMS} the rest are counted and
 * summarised in one last problem so a badly broken file cannot flood the report.
 */
export class ProblemList {
  private readonly items: LockfileProblem[] = [];
  private dropped = 0;

  add(message: string, line?: number): void {
    if (this.items.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.items.push(line === undefined ? { message } : { message, line });
  }

  list(): LockfileProblem[] {
    return this.dropped > 0
      ? [...this.items, { message: `${this.dropped} more problem(s) in this file were not listed` }]
      : [...this.items];
  }
}

/** Result of a parse that read components and problems into the two accumulators. */
export function resultOf(components: ComponentSet, problems: ProblemList): LockfileResult {
  return { components: components.list(), problems: problems.list() };
}

/** Result of a file that could not be read at all: no components, one problem. */
export function failure(message: string, line?: number): LockfileResult {
  return { components: [], problems: [line === undefined ? { message } : { message, line }] };
}

function mergeFalse(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  return a === false || b === false ? false : undefined;
}

function setOrDelete<K extends 'direct' | 'dev'>(c: Component, key: K, value: boolean | undefined): void {
  if (value === undefined) delete c[key];
  else c[key] = value;
}

function withoutUndefined(c: Component): Component {
  for (const key of Object.keys(c) as (keyof Component)[]) {
    if (c[key] === undefined) delete c[key];
  }
  return c;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
