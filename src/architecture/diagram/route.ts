/**
 * Geometry of the DFD's arrows: end points clipped to node borders, edges run straight
 * through their labels, self-loops, and elbows around nodes a straight segment would cross.
 */
import { METRICS, type Box, type Point } from './types.js';

/** A loop over the node's top edge, and where its label goes (bottom-centre of the label). */
export function selfLoop(n: Box): { points: Point[]; labelCentre: Point } {
  const cx = n.x + n.width / 2;
  const top = n.y;
  const dx = Math.min(24, n.width / 4);
  const h = METRICS.loopHeight;
  return {
    points: [
      { x: cx - dx, y: top },
      { x: cx - dx, y: top - h },
      { x: cx + dx, y: top - h },
      { x: cx + dx, y: top },
    ],
    labelCentre: { x: cx, y: top - h - 2 },
  };
}

/** Moves each end point onto its node's border, on the line towards the neighbouring point. */
export function clipEnds(points: Point[], from: Box, to: Box): Point[] {
  if (points.length < 2) return [centre(from), centre(to)].map((p, i) => borderPoint(i === 0 ? from : to, i === 0 ? centre(to) : centre(from)) ?? p);
  points[0] = borderPoint(from, points[1]!) ?? points[0]!;
  points[points.length - 1] = borderPoint(to, points[points.length - 2]!) ?? points[points.length - 1]!;
  return points;
}

/**
 * Dagre routes an edge through its label's centre, where it may bend and leave the label
 * box through its top or bottom. Splitting that point into the box's left and right edges
 * makes the edge run straight through the label, which then reads as part of the arrow.
 */
export function runThroughLabel(points: Point[], label: Box): Point[] {
  const c = centre(label);
  const i = points.findIndex((p, k) => k > 0 && k < points.length - 1 && Math.abs(p.x - c.x) < 0.01 && Math.abs(p.y - c.y) < 0.01);
  if (i < 0) return points;
  const prev = points[i - 1]!;
  const next = points[i + 1]!;
  const half = label.width / 2;
  const forward = prev.x < next.x;
  const entry = { x: c.x + (forward ? -half : half), y: c.y };
  const exit = { x: c.x + (forward ? half : -half), y: c.y };
  // Only when the neighbours lie outside the box, or the run would double back.
  const outside = forward ? prev.x <= entry.x && next.x >= exit.x : prev.x >= entry.x && next.x <= exit.x;
  return outside ? [...points.slice(0, i), entry, exit, ...points.slice(i + 1)] : points;
}

/** Where the segment from the box's centre towards `toward` leaves the box; undefined when `toward` is inside. */
export function borderPoint(n: Box, toward: Point): Point | undefined {
  const c = centre(n);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  if (Math.abs(dx) <= n.width / 2 && Math.abs(dy) <= n.height / 2) return undefined;
  const scale = Math.min(dx === 0 ? Infinity : n.width / 2 / Math.abs(dx), dy === 0 ? Infinity : n.height / 2 / Math.abs(dy));
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

export function centre(n: Box): Point {
  return { x: n.x + n.width / 2, y: n.y + n.height / 2 };
}

export function union(boxes: Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

export function centred(cx: number, cy: number, width: number, height: number): Box {
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/**
 * Dagre joins an edge's last dummy point to its target (and its source to the first one)
 * with one straight segment, which can cut diagonally through the other nodes of the
 * target's rank. When it would, the segment becomes an elbow: across to the free gap
 * before the rank's column, along the gap, then straight into the node's side.
 * `column` gives the horizontal extent of the rank a node sits in; `lanes` counts the
 * elbows already run along each gap, so that the next one runs beside them, not on them.
 */
export function avoidNodes(
  points: Point[],
  from: Box,
  to: Box,
  obstacles: readonly Box[],
  column: (node: Box) => { left: number; right: number },
  lanes: Map<number, number> = new Map(),
): Point[] {
  if (points.length < 2) return points;
  const blocked = (a: Point, b: Point, skip: Box) => obstacles.some((o) => o !== skip && o !== from && o !== to && segmentHitsBox(a, b, o));
  let out = points;
  const last = out.length - 1;
  if (blocked(out[last - 1]!, out[last]!, to)) {
    const elbow = elbowInto(out[last - 1]!, to, column(to), lanes);
    if (elbow) out = [...out.slice(0, last), ...elbow];
  }
  if (blocked(out[0]!, out[1]!, from)) {
    const elbow = elbowInto(out[1]!, from, column(from), lanes);
    if (elbow) out = [...elbow.reverse(), ...out.slice(1)];
  }
  return out;
}

/** From `p` horizontally to the gap beside `node`'s column, along it, then into the node's near side. */
function elbowInto(p: Point, node: Box, col: { left: number; right: number }, lanes: Map<number, number>): Point[] | undefined {
  const cy = node.y + node.height / 2;
  const side = p.x < col.left ? col.left : p.x > col.right ? col.right : undefined;
  if (side === undefined) return undefined;
  const key = Math.round(side);
  const lane = lanes.get(key) ?? 0;
  lanes.set(key, lane + 1);
  // Lanes alternate either side of the gap's middle, 7 px apart, and stay inside the gap.
  const half = Math.abs(side - p.x) / 2;
  const offset = Math.max(-half + 4, Math.min(half - 4, (lane % 2 === 0 ? 1 : -1) * Math.ceil(lane / 2) * 7));
  const gap = (p.x + side) / 2 + offset;
  const x = side === col.left ? node.x : node.x + node.width;
  return [{ x: gap, y: p.y }, { x: gap, y: cy }, { x, y: cy }];
}

/** Whether segment a→b passes through the inside of `box` (touching its border does not count). */
export function segmentHitsBox(a: Point, b: Point, box: Box): boolean {
  // Liang–Barsky clipping against the box shrunk by 1 px.
  const [x0, y0, x1, y1] = [box.x + 1, box.y + 1, box.x + box.width - 1, box.y + box.height - 1];
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}
