/**
 * Flows grouped into diagram edges: every flow between the same ordered pair of elements
 * becomes ONE edge, so that a web app's 90 routes draw as one arrow labelled
 * `GET /a, POST /b +88 more` instead of 90 overlapping ones.
 */
import type { Flow } from '../model.js';
import { ellipsize } from './text-width.js';

/** One edge before layout: the flows it stands for and its text. */
export interface MergedFlow {
  /** Ids of the flows drawn by this edge, in id order. */
  flowIds: string[];
  from: string;
  to: string;
  /** Up to `SHOWN` distinct flow labels joined by `, `, then ` +N more` for the rest. */
  label: string;
  /** The flows' distinct authentication values joined by `/` (`cognito/none`), absent when none says. */
  authentication?: string;
  /** Whether any flow declares boundaries it crosses (`Flow.crosses`). */
  declaresCrossing: boolean;
}

/** Distinct labels shown before `+N more`. */
const SHOWN = 2;
/** Characters kept of each shown label. */
const LABEL_PART_CHARS = 26;

/**
 * Group `flows` by (from, to). Output is sorted by (from, to) and each group's flows by id,
 * so the result does not depend on input order. Flows with the same label are counted once.
 */
export function mergeFlows(flows: readonly Flow[]): MergedFlow[] {
  const sorted = [...flows].sort((a, b) => compare(a.id, b.id));
  const groups = new Map<string, Flow[]>();
  for (const flow of sorted) {
    const key = `${flow.from}\u0000${flow.to}`;
    const group = groups.get(key);
    if (group) group.push(flow);
    else groups.set(key, [flow]);
  }
  return [...groups.keys()].sort(compare).map((key) => {
    const group = groups.get(key) ?? [];
    const first = group[0]!;
    const merged: MergedFlow = {
      flowIds: group.map((f) => f.id),
      from: first.from,
      to: first.to,
      label: edgeLabel(group.map((f) => f.label)),
      declaresCrossing: group.some((f) => (f.crosses?.length ?? 0) > 0),
    };
    const auth = [...new Set(group.map((f) => f.authentication).filter((a): a is NonNullable<typeof a> => Boolean(a)))].sort();
    if (auth.length > 0) merged.authentication = auth.join('/');
    return merged;
  });
}

/** `a, b` for up to two distinct labels; `a, b +N more` beyond. */
export function edgeLabel(labels: readonly string[]): string {
  const distinct = [...new Set(labels.map((l) => (typeof l === 'string' ? l.replace(/\s+/g, ' ').trim() : '')).filter(Boolean))];
  const shown = distinct.slice(0, SHOWN).map((l) => ellipsize(l, LABEL_PART_CHARS));
  const rest = distinct.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} +${rest} more` : shown.join(', ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
