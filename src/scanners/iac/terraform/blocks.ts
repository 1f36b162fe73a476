/**
 * Blocks with their attribute expressions evaluated: the form resources, data sources
 * and module calls take before they are mapped to CloudFormation shapes.
 */
import { Unknown, type Value } from '../graph.js';
import type { Evaluator } from './evaluate.js';
import type { Block } from './syntax.js';

export interface EvaluatedAttribute {
  value: Value;
  line: number;
}

export interface EvaluatedBlock {
  type: string;
  labels: string[];
  /** Repository-relative path of the declaring file. */
  path: string;
  line: number;
  endLine: number;
  attributes: Map<string, EvaluatedAttribute>;
  blocks: EvaluatedBlock[];
  /** A `dynamic "<type>"` block: how many blocks it generates, and their content, are unknown. */
  dynamic?: Unknown;
}

/** Meta-arguments and blocks Terraform itself interprets (not resource arguments). */
const META_ATTRIBUTES = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

/** Evaluate a block's attributes and nested blocks (meta-arguments excluded when `meta` is false). */
export function evaluateBlock(block: Block, evaluator: Evaluator, options: { meta?: boolean } = {}): EvaluatedBlock {
  const attributes = new Map<string, EvaluatedAttribute>();
  for (const [name, attribute] of block.attributes) {
    if (!options.meta && META_ATTRIBUTES.has(name)) continue;
    attributes.set(name, { value: evaluator.evaluate(attribute.expr), line: attribute.line });
  }
  const blocks: EvaluatedBlock[] = [];
  for (const nested of block.blocks) {
    if (!options.meta && META_BLOCKS.has(nested.type)) continue;
    if (nested.type === 'dynamic') {
      const name = nested.labels[0] ?? '';
      blocks.push({ type: name, labels: [], path: nested.path, line: nested.line, endLine: nested.endLine, attributes: new Map(), blocks: [], dynamic: new Unknown(`dynamic "${name}"`) });
      continue;
    }
    blocks.push(evaluateBlock(nested, evaluator, { meta: true }));
  }
  return { type: block.type, labels: block.labels, path: block.path, line: block.line, endLine: block.endLine, attributes, blocks };
}

/** The value of attribute `name`, or `undefined` when not set. */
export const attributeValue = (block: EvaluatedBlock, name: string): Value | undefined => block.attributes.get(name)?.value;

/** Nested blocks of one type. */
export const blocksOf = (block: EvaluatedBlock, type: string): EvaluatedBlock[] => block.blocks.filter((b) => b.type === type);
