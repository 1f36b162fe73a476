/**
 * Affected resources: what the in-scope calls created, changed, read or used, from the
 * effect table in effects.yaml (data) applied to each event's parameters.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { EvidenceValue } from '../evidence/store.js';
import type { AffectedResource } from '../model.js';
import { type EventRow, succeeded } from '../scope/event-row.js';

const Effect = z.object({ type: z.string(), id: z.string().regex(/^(request|response)\./), change: z.enum(['created', 'modified', 'deleted', 'read', 'used']) });
const EffectTable = z.record(z.string(), z.array(Effect));
type Effect = z.infer<typeof Effect>;

let table: Record<string, Effect[]> | undefined;
/** The effect table, validated on first use; a malformed table is a packaging bug and throws naming the file. */
export function effects(): Record<string, Effect[]> {
  if (!table) {
    const url = new URL('./effects.yaml', import.meta.url);
    const parsed = EffectTable.safeParse(parseYaml(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`${url.pathname}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    table = parsed.data;
  }
  return table;
}

/**
 * Values at a path of the effect syntax inside a parsed JSON value: `a.b` a field,
 * `items[]` each element of an array (so `instancesSet.items[].instanceId` gives every
 * instance id). Non-string leaves are dropped.
 */
export function valuesAt(value: EvidenceValue | undefined, path: string): string[] {
  let current: EvidenceValue[] = value === undefined ? [] : [value];
  for (const part of path.split('.')) {
    const spread = part.endsWith('[]');
    const key = spread ? part.slice(0, -2) : part;
    const next: EvidenceValue[] = [];
    for (const item of current) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      const found = item[key];
      if (found === undefined || found === null) continue;
      if (spread) {
        if (Array.isArray(found)) next.push(...found);
      } else next.push(found);
    }
    current = next;
  }
  return current.flatMap((v) => (typeof v === 'string' && v !== '' ? [v] : typeof v === 'number' || typeof v === 'boolean' ? [String(v)] : []));
}

const CHANGE_RANK: Record<string, number> = { created: 5, deleted: 4, modified: 3, read: 2, used: 1, attempted: 0 };

/**
 * The resources the events touched, one entry per (type, id, region for regional types),
 * with the strongest change seen (created > deleted > modified > read > used > attempted)
 * and every event that touched it. Ordered by first touch.
 */
export function affectedResources(rows: readonly EventRow[]): AffectedResource[] {
  const table = effects();
  const byKey = new Map<string, AffectedResource>();
  for (const row of rows) {
    for (const effect of table[row.eventname] ?? []) {
      const [source, ...rest] = effect.id.split('.');
      const ids = valuesAt(source === 'request' ? row.requestparameters : row.responseelements, rest.join('.'));
      const change = succeeded(row) ? effect.change : 'attempted';
      const regional = !effect.type.startsWith('AWS::IAM::') && !effect.type.startsWith('AWS::S3::');
      for (const id of ids) {
        const region = regional ? (row.awsregion ?? undefined) : undefined;
        const key = `${effect.type}|${id}|${region ?? ''}`;
        const entry = byKey.get(key);
        if (!entry) {
          byKey.set(key, { type: effect.type, id, ...(id.startsWith('arn:') ? { arn: id } : {}), ...(region ? { region } : {}), change, eventIds: [row.eventid] });
          continue;
        }
        if (!entry.eventIds.includes(row.eventid)) entry.eventIds.push(row.eventid);
        if (CHANGE_RANK[change]! > CHANGE_RANK[entry.change]!) entry.change = change;
      }
    }
  }
  return [...byKey.values()];
}
