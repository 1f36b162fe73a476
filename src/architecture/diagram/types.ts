/**
 * The shapes a laid-out data-flow diagram is made of (see ./layout.ts), shared by the
 * layout and the renderers, and the fonts and spacings both rely on. All lengths are px,
 * coordinates have a top-left origin.
 */
import type { ElementKind, TrustBoundary } from '../model.js';

/** An element (or an undefined flow endpoint) as a box. */
export interface DiagramNode {
  /** The element id (or the unknown endpoint's id). */
  id: string;
  /** DFD kind; `unknown` for a flow endpoint no element defines. */
  kind: ElementKind | 'unknown';
  type: string;
  /** Full display name (the element's name, else its id). */
  name: string;
  /** `name` shortened with a middle ellipsis to `maxLabel` characters. */
  label: string;
  /** Top-left corner and size, px. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A trust boundary as a box around its elements and nested boundaries. */
export interface DiagramCluster {
  /** The trust boundary id. */
  id: string;
  kind: TrustBoundary['kind'];
  name: string;
  /** `name` shortened to fit the box's width as its title. */
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0 for a top-level boundary, parent's depth + 1 below it. */
  depth: number;
}

/** One arrow: every flow between the same ordered pair of elements. */
export interface DiagramEdge {
  /** Flow ids drawn by this edge, in id order. */
  flowIds: string[];
  from: string;
  to: string;
  /** `GET /a, POST /b +88 more`: up to two distinct flow labels, then a count. */
  label: string;
  /** Polyline from the sender's border to the receiver's border, px. */
  points: { x: number; y: number }[];
  /** Box reserved for the label (and the authentication line), when there is text. */
  labelBox?: { x: number; y: number; width: number; height: number };
  /** The flows' distinct authentication values joined by `/`, e.g. `cognito/none`. */
  authentication?: string;
  /** Whether the ends sit in different trust boundaries or a flow declares crossings. */
  crossesBoundary: boolean;
}

/** A laid-out DFD: the drawing's size and every box and arrow in it. */
export interface DiagramLayout {
  width: number;
  height: number;
  nodes: DiagramNode[];
  /** Outer boundaries before inner ones (by depth, then id), so they can be drawn in order. */
  clusters: DiagramCluster[];
  edges: DiagramEdge[];
}

/** Options for {@link layoutArchitecture}. */
export interface LayoutOptions {
  /** Characters of an element name shown on its box (default 36). */
  maxLabel?: number;
}

/** Fonts (px) and spacing the renderer relies on. */
export const METRICS = {
  nameFont: 12,
  typeFont: 10,
  labelFont: 11,
  authFont: 10,
  titleFont: 11,
  nodeHeight: 44,
  nodePadX: 14,
  /** Extra width for a process's rounded ends. */
  processPadX: 12,
  minNodeWidth: 90,
  labelLine: 13,
  labelPad: 4,
  clusterPad: 14,
  clusterTitle: 18,
  /** Height of a self-loop above its node. */
  loopHeight: 22,
  margin: 16,
} as const;

/** An axis-aligned box, top-left corner and size (px). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point (px). */
export interface Point {
  x: number;
  y: number;
}
