import type { Architecture, Element, Flow } from '../../../src/architecture/model.js';

const element = (id: string, kind: Element['kind'], type: string, name: string, boundary?: string): Element => ({
  id,
  kind,
  type,
  name,
  ...(boundary ? { boundary } : {}),
  attributes: {},
  origin: 'inferred',
  evidence: [],
});

const flow = (from: string, to: string, label: string, authentication?: Flow['authentication']): Flow => ({
  id: `flow:${from}->${to}:${label}`.toLowerCase().replace(/\s+/g, '-'),
  from,
  to,
  label,
  ...(authentication ? { authentication } : {}),
  origin: 'inferred',
  evidence: [],
});

export const USER = 'external-entity:user:customer';
export const API = 'process:lambda:api';
export const WORKER = 'process:lambda:worker';
export const TABLE = 'data-store:dynamodb:orders';
export const QUEUE = 'data-store:queue:jobs';
export const GHOST = 'process:lambda:ghost';

/**
 * Three nested boundaries (account > vpc > subnet), five elements, four routes between the
 * customer and the API, a self-loop on the worker and a flow to an element nobody defines.
 */
export function dfdModel(): Architecture {
  return {
    elements: [
      element(USER, 'external-entity', 'user', 'Customer'),
      element(API, 'process', 'lambda', 'Orders API', 'boundary:vpc'),
      element(WORKER, 'process', 'lambda', 'Worker', 'boundary:subnet'),
      element(TABLE, 'data-store', 'dynamodb', 'Orders table', 'boundary:account'),
      element(QUEUE, 'data-store', 'queue', 'Jobs queue', 'boundary:subnet'),
    ],
    flows: [
      flow(USER, API, 'GET /a', 'cognito'),
      flow(USER, API, 'POST /b', 'cognito'),
      flow(USER, API, 'GET /c', 'none'),
      flow(USER, API, 'DELETE /d', 'cognito'),
      flow(API, WORKER, 'invoke', 'iam'),
      flow(API, TABLE, 'PutItem', 'iam'),
      flow(WORKER, QUEUE, 'publish', 'iam'),
      flow(WORKER, WORKER, 'retry'),
      flow(WORKER, GHOST, 'invoke', 'iam'),
    ],
    boundaries: [
      { id: 'boundary:account', kind: 'aws-account', name: 'AWS account' },
      { id: 'boundary:vpc', kind: 'vpc', name: 'Main VPC', parent: 'boundary:account' },
      { id: 'boundary:subnet', kind: 'vpc', name: 'Private subnet', parent: 'boundary:vpc' },
    ],
    assumptions: [],
  };
}

/** A deterministic reordering of the model's arrays. */
export function shuffled(model: Architecture): Architecture {
  const mix = <T>(items: T[]) => items.map((item, i) => ({ item, key: (i * 7919) % 13 })).sort((a, b) => a.key - b.key).map((x) => x.item);
  return { ...model, elements: mix(model.elements), flows: mix(model.flows), boundaries: mix(model.boundaries) };
}

/** Whether the inside of two boxes overlaps. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether `inner` lies inside `outer` (borders may touch). */
export function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

type Box = { x: number; y: number; width: number; height: number };
