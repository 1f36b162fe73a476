/**
 * Development-only classification by reachability, for lockfiles that record the
 * dependency graph but not which packages are dev-only (pnpm 9, yarn, uv, Poetry 1.5+).
 */

/**
 * Walks `edges` (node → the nodes it depends on) from the production roots, then
 * from the development roots. Nodes reached from a production root are `false`
 * (needed in production); nodes reached only from development roots are `true`;
 * nodes not reached at all are absent from the result (unknown).
 */
export function classifyDev(
  edges: ReadonlyMap<string, readonly string[]>,
  prodRoots: Iterable<string>,
  devRoots: Iterable<string>,
): Map<string, boolean> {
  const result = new Map<string, boolean>();
  const walk = (roots: Iterable<string>, dev: boolean): void => {
    const stack = [...roots];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (result.has(node)) continue;
      result.set(node, dev);
      for (const next of edges.get(node) ?? []) if (!result.has(next)) stack.push(next);
    }
  };
  walk(prodRoots, false);
  walk(devRoots, true);
  return result;
}
