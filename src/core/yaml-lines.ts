import { type Document, type LineCounter, isMap, isNode, isSeq } from 'yaml';

/**
 * 1-based line of the deepest node along `keys` that exists in a parsed YAML document: the key's own line for a map entry (a
 * missing or wrong value is looked for at its key), the item's line for a sequence item.
 */
export function yamlLineOf(doc: Document, counter: LineCounter, keys: readonly (string | number)[]): number | undefined {
  for (let depth = keys.length; depth >= 0; depth--) {
    const path = keys.slice(0, depth);
    if (depth > 0) {
      const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
      const last = path[depth - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isNode(item.key) && (item.key as { value?: unknown }).value === last);
        if (pair && isNode(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
      } else if (isSeq(parent) && typeof last === 'number') {
        const item = parent.items[last];
        if (isNode(item) && item.range) return counter.linePos(item.range[0]).line;
      }
      continue;
    }
    if (isNode(doc.contents) && doc.contents.range) return counter.linePos(doc.contents.range[0]).line;
  }
  return undefined;
}
