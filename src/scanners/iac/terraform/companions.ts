/**
 * Merging companion resources into the resource they configure: since AWS provider 4.0
 * an S3 bucket's encryption, versioning, logging and public access block are separate
 * resources, as are API Gateway method settings, CodeBuild webhooks and IAM policy
 * attachments; CloudFormation (and so every IaC rule) sees them as properties of the
 * bucket, stage, project or role.
 */
import { type Resource, Unknown, type Value, isRecord, valueAt } from '../graph.js';
import type { MappedResource } from './map.js';

/**
 * Merge every companion of `mapped` (one stack) into its target, in place. The target
 * is the resource the companion's key argument refers to (`bucket = aws_s3_bucket.b.id`),
 * or the only resource of the target type whose matching property equals the key's
 * literal value. Unmatched companions only stay as raw resources. Lines are copied when
 * the companion is in the target's file (a line number alone cannot name another file).
 */
export function mergeCompanions(mapped: readonly MappedResource[]): void {
  const byId = new Map(mapped.map((m) => [m.resource.id, m.resource]));
  for (const { companion } of mapped) {
    if (!companion) continue;
    const target = findTarget(companion.key, companion.rule.type, companion.rule.match, byId, mapped);
    if (!target) continue;
    const moves: [string, string][] = [];
    if (companion.rule.replace) Object.assign(target.properties, companion.fragment.properties);
    else mergeObject(target.properties, companion.fragment.properties, '', moves);
    if (companion.path !== target.source.path) continue;
    for (const [key, line] of companion.fragment.lines) {
      const moved = movedKey(key, moves);
      // A list or object the target declared keeps its own line; what the companion set takes the companion's.
      const value = valueAt(companion.fragment.properties, key.split('.'));
      if (target.lines.has(moved) && (Array.isArray(value) || isRecord(value))) continue;
      target.lines.set(moved, line);
    }
  }
}

function findTarget(key: Value | undefined, type: string, match: string, byId: Map<string, Resource>, mapped: readonly MappedResource[]): Resource | undefined {
  if (key instanceof Unknown) {
    for (const ref of key.refs) {
      const hash = ref.lastIndexOf('#');
      const candidate = byId.get(hash === -1 ? ref : ref.slice(0, hash));
      if (candidate?.type === type) return candidate;
    }
    return undefined;
  }
  if (typeof key !== 'string') return undefined;
  const candidates = mapped.filter((m) => !m.companion && m.resource.type === type && m.resource.properties[match] === key);
  return candidates.length === 1 ? candidates[0]!.resource : undefined;
}

/** Deep merge: objects merge, arrays append (recording how fragment indexes moved), scalars replace. */
function mergeObject(target: { [key: string]: Value }, source: { [key: string]: Value }, path: string, moves: [string, string][]): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    const here = path ? `${path}.${key}` : key;
    if (isRecord(existing) && isRecord(value)) mergeObject(existing, value, here, moves);
    else if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((_item, i) => moves.push([`${here}.${i}`, `${here}.${existing.length + i}`]));
      existing.push(...value);
    } else if (existing instanceof Unknown && Array.isArray(value)) {
      // An unknown list stays unknown: what the companion adds cannot be placed in it.
    } else target[key] = value;
  }
}

function movedKey(key: string, moves: readonly [string, string][]): string {
  for (const [from, to] of moves) if (key === from || key.startsWith(`${from}.`)) return to + key.slice(from.length);
  return key;
}
