import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/architecture/model.js';
import { applyOverrides, loadModelOverrides, parseModelOverrides } from '../../src/architecture/overrides.js';
import type { ModelOverrides } from '../../src/architecture/overrides.js';

const ROOT = fileURLToPath(new URL('./fixtures/model-root', import.meta.url));
const FILE = readFileSync(`${ROOT}/guardian-model.yml`, 'utf8');

/** A hand-made inferred model: storefront → API → table and bucket, inside the account. */
function model(): Architecture {
  const iac = (line: number, note: string) => [{ source: 'iac' as const, path: 'template.yaml', line, note }];
  return {
    elements: [
      { id: 'data-store:dynamodb:orders-table', kind: 'data-store', type: 'dynamodb', name: 'OrdersTable', boundary: 'boundary:aws-account', data: ['personal'], attributes: { encryptedAtRest: true }, origin: 'inferred', evidence: iac(40, 'AWS::DynamoDB::Table') },
      { id: 'data-store:s3:receipts-bucket', kind: 'data-store', type: 's3', name: 'ReceiptsBucket', boundary: 'boundary:aws-account', attributes: {}, origin: 'inferred', evidence: iac(60, 'AWS::S3::Bucket') },
      { id: 'external-entity:browser:storefront', kind: 'external-entity', type: 'browser', name: 'Storefront', boundary: 'boundary:internet', attributes: {}, origin: 'inferred', evidence: iac(10, 'API caller') },
      { id: 'process:lambda:orders-api', kind: 'process', type: 'lambda', name: 'OrdersFunction', boundary: 'boundary:aws-account', attributes: { runtime: 'python3.12' }, origin: 'inferred', evidence: iac(20, 'AWS::Serverless::Function') },
    ],
    flows: [
      { id: 'flow:a', from: 'external-entity:browser:storefront', to: 'process:lambda:orders-api', label: 'POST /orders', authentication: 'none', origin: 'inferred', evidence: iac(25, 'Api event') },
      { id: 'flow:b', from: 'process:lambda:orders-api', to: 'data-store:dynamodb:orders-table', label: 'PutItem', origin: 'inferred', evidence: iac(30, 'policy') },
      { id: 'flow:c', from: 'process:lambda:orders-api', to: 'data-store:s3:receipts-bucket', label: 'PutObject', origin: 'inferred', evidence: iac(31, 'policy') },
    ],
    boundaries: [
      { id: 'boundary:aws-account', kind: 'aws-account', name: 'AWS account' },
      { id: 'boundary:internet', kind: 'internet', name: 'Internet' },
    ],
    assumptions: ['Lambda functions run outside a VPC'],
  };
}

const parse = (text: string) => parseModelOverrides(text, 'guardian-model.yml');
const overridesOf = (text: string): ModelOverrides => {
  const { overrides, warnings } = parse(text);
  expect(warnings).toEqual([]);
  return overrides!;
};

describe('parseModelOverrides', () => {
  it('reads every section with the line each entry starts on', () => {
    const o = overridesOf(FILE);
    expect(o.elements).toEqual([
      { name: 'Fraud scoring', kind: 'external-entity', type: 'third-party-api', data: ['payment'], boundary: 'boundary:internet', attributes: { vendor: 'Sift' }, line: 3 },
    ]);
    expect(o.rename).toEqual([{ id: 'process:lambda:orders-api', name: 'Orders API (v2)', line: 10 }]);
    expect(o.remove).toEqual([{ id: 'data-store:s3:receipts-bucket', reason: 'Receipts moved to the payments provider in PR 214', line: 12 }]);
    expect(o.annotate).toEqual([{ id: 'data-store:dynamodb:orders-table', data: ['health'], attributes: { retention: '90 days' }, note: 'Stores dietary notes for some orders', line: 15 }]);
    expect(o.flows).toEqual([{ from: 'process:lambda:orders-api', to: 'Fraud scoring', label: 'POST /score', protocol: 'https', authentication: 'api-key', data: ['payment', 'personal'], line: 20 }]);
    expect(o.boundaries).toEqual([{ id: 'boundary:vpc:payments', kind: 'vpc', name: 'Payments VPC', parent: 'boundary:aws-account', line: 27 }]);
    expect(o.assumptions).toEqual([{ text: 'The payments provider is PCI DSS level 1 certified', line: 29 }]);
  });

  it('drops a removal without a reason, naming the line and key, and keeps the rest', () => {
    const { overrides, warnings } = parse(['remove:', '  - id: process:lambda:orders-api', '  - id: data-store:s3:receipts-bucket', '    reason: gone', ''].join('\n'));
    expect(overrides!.remove).toEqual([{ id: 'data-store:s3:receipts-bucket', reason: 'gone', line: 3 }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'model-file', path: 'guardian-model.yml', line: 2, source: 'architecture' });
    expect(warnings[0]!.message).toBe("'remove.0.reason': a removal needs a reason; the entry is ignored");
  });

  it('rejects a blank reason', () => {
    const { overrides, warnings } = parse('remove:\n  - id: x\n    reason: "   "\n');
    expect(overrides!.remove).toEqual([]);
    expect(warnings[0]!.message).toBe("'remove.0.reason': a removal needs a reason; the entry is ignored");
    expect(warnings[0]!.line).toBe(3);
  });

  it('names the line of a bad value and of an unknown key', () => {
    const { overrides, warnings } = parse(['elements:', '  - name: Cache', '    kind: database', 'flows:', '  - from: a', '    to: b', '    label: x', '    colour: red', 'risks: []'].join('\n'));
    expect(overrides!.elements).toEqual([]);
    expect(overrides!.flows).toEqual([]);
    expect(warnings.map((w) => [w.line, w.message.split(':')[0]])).toEqual([
      [9, "'risks'"],
      [3, "'elements.0.kind'"],
      [8, "'flows.0.colour'"],
    ]);
  });

  it('ignores a file that is not a mapping', () => {
    const { overrides, warnings } = parse('- a\n- b\n');
    expect(overrides!.elements).toEqual([]);
    expect(warnings.map((w) => [w.line, w.message])).toEqual([[1, 'top level: Invalid input: expected object, received array; ignored']]);
  });

  it('ignores a file that is not valid YAML, with a warning on its line', () => {
    const { overrides, warnings } = parse('elements:\n  - name: [unclosed\n');
    expect(overrides).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/^invalid YAML, the model file is ignored/);
  });

  it('accepts an empty file', () => {
    expect(overridesOf('# nothing yet\n')).toMatchObject({ elements: [], remove: [], rename: [] });
  });
});

describe('loadModelOverrides', () => {
  it('reads guardian-model.yml at the root', async () => {
    const { overrides, warnings } = await loadModelOverrides(ROOT);
    expect(warnings).toEqual([]);
    expect(overrides?.path).toBe('guardian-model.yml');
    expect(overrides?.remove.map((r) => r.id)).toEqual(['data-store:s3:receipts-bucket']);
  });

  it('returns nothing when there is no model file', async () => {
    expect(await loadModelOverrides(fileURLToPath(new URL('./fixtures', import.meta.url)))).toEqual({ warnings: [] });
  });
});

describe('applyOverrides', () => {
  const input = model();
  const before = JSON.stringify(input);
  const { model: result, removed, warnings } = applyOverrides(input, overridesOf(FILE));
  const byId = (id: string) => result.elements.find((e) => e.id === id);

  it('adds stated elements, flows, boundaries and assumptions with model-file evidence', () => {
    expect(warnings).toEqual([]);
    expect(byId('external-entity:third-party-api:fraud-scoring')).toEqual({
      id: 'external-entity:third-party-api:fraud-scoring',
      kind: 'external-entity',
      type: 'third-party-api',
      name: 'Fraud scoring',
      boundary: 'boundary:internet',
      data: ['payment'],
      attributes: { vendor: 'Sift' },
      origin: 'stated',
      evidence: [{ source: 'model-file', path: 'guardian-model.yml', line: 3, note: 'added in the model file' }],
    });
    const flow = result.flows.find((f) => f.to === 'external-entity:third-party-api:fraud-scoring');
    expect(flow).toMatchObject({
      id: 'flow:process:lambda:orders-api->external-entity:third-party-api:fraud-scoring:post-/score',
      from: 'process:lambda:orders-api',
      protocol: 'https',
      authentication: 'api-key',
      data: ['payment', 'personal'],
      origin: 'stated',
      evidence: [{ source: 'model-file', path: 'guardian-model.yml', line: 20, note: 'added in the model file' }],
    });
    expect(result.boundaries.map((b) => b.id)).toEqual(['boundary:aws-account', 'boundary:internet', 'boundary:vpc:payments']);
    expect(result.assumptions).toEqual(['Lambda functions run outside a VPC', 'The payments provider is PCI DSS level 1 certified']);
  });

  it('renames without changing the id, and annotates by adding data and attributes', () => {
    const api = byId('process:lambda:orders-api')!;
    expect(api.name).toBe('Orders API (v2)');
    expect(api.origin).toBe('inferred');
    expect(api.evidence.at(-1)).toEqual({ source: 'model-file', path: 'guardian-model.yml', line: 10, note: 'renamed from "OrdersFunction" in the model file' });
    const table = byId('data-store:dynamodb:orders-table')!;
    expect(table.data).toEqual(['health', 'personal']);
    expect(table.attributes).toEqual({ encryptedAtRest: true, retention: '90 days' });
    expect(table.evidence.at(-1)!.note).toBe('annotated in the model file: Stores dietary notes for some orders');
  });

  it('removes with a record of who removed what and why, including the flows of a removed element', () => {
    expect(byId('data-store:s3:receipts-bucket')).toBeUndefined();
    expect(result.flows.map((f) => f.id)).not.toContain('flow:c');
    expect(removed).toEqual([
      { id: 'data-store:s3:receipts-bucket', reason: 'Receipts moved to the payments provider in PR 214', line: 12 },
      { id: 'flow:c', reason: 'its endpoint data-store:s3:receipts-bucket was removed: Receipts moved to the payments provider in PR 214', line: 12 },
    ]);
  });

  it('does not modify its input and is deterministic', () => {
    expect(JSON.stringify(input)).toBe(before);
    expect(JSON.stringify(applyOverrides(model(), overridesOf(FILE)))).toBe(JSON.stringify({ model: result, removed, warnings }));
  });

  it('marks a re-stated existing element as stated and keeps its evidence', () => {
    const { model: m } = applyOverrides(model(), overridesOf('elements:\n  - id: process:lambda:orders-api\n    name: Orders API\n    kind: process\n    type: lambda\n'));
    const api = m.elements.find((e) => e.id === 'process:lambda:orders-api')!;
    expect(api.origin).toBe('stated');
    expect(api.attributes).toEqual({ runtime: 'python3.12' });
    expect(api.evidence.map((e) => e.source)).toEqual(['iac', 'model-file']);
  });

  it('removes flows and boundaries, moving what a boundary held to its parent', () => {
    const text = ['boundaries:', '  - { id: boundary:vpc:v, kind: vpc, name: V, parent: boundary:aws-account }', 'annotate: {}', 'remove:', '  - { id: flow:a, reason: route deleted }', '  - { id: boundary:aws-account, reason: single account is implied }'].join('\n');
    const { model: m, removed: r } = applyOverrides(model(), overridesOf(text));
    expect(m.flows.map((f) => f.id)).toEqual(['flow:b', 'flow:c']);
    expect(m.boundaries).toEqual([
      { id: 'boundary:internet', kind: 'internet', name: 'Internet' },
      { id: 'boundary:vpc:v', kind: 'vpc', name: 'V' },
    ]);
    expect(m.elements.find((e) => e.id === 'process:lambda:orders-api')!.boundary).toBeUndefined();
    expect(r.map((x) => [x.id, x.line])).toEqual([
      ['flow:a', 5],
      ['boundary:aws-account', 6],
    ]);
  });

  it('warns about references to ids that do not exist and changes nothing for them', () => {
    const text = ['rename: { ghost: Ghost }', 'annotate: { ghost: { note: x } }', 'remove: [{ id: ghost, reason: r }]', 'flows: [{ from: ghost, to: OrdersTable, label: read }]'].join('\n');
    const { model: m, removed: r, warnings: w } = applyOverrides(model(), overridesOf(text));
    expect(m).toEqual(model());
    expect(r).toEqual([]);
    expect(w.map((x) => [x.line, x.message])).toEqual([
      [4, 'flow "read": ghost is not an element id or a unique element name; the flow is ignored'],
      [1, 'rename: no element has the id ghost'],
      [2, 'annotate: no element has the id ghost'],
      [3, 'remove: nothing has the id ghost'],
    ]);
  });

  it('lets a removal win over an addition of the same element', () => {
    const text = ['elements: [{ name: Temp, kind: data-store, type: file }]', 'remove: [{ id: "data-store:file:temp", reason: not deployed }]'].join('\n');
    const { model: m, removed: r } = applyOverrides(model(), overridesOf(text));
    expect(m.elements.map((e) => e.id)).not.toContain('data-store:file:temp');
    expect(r).toEqual([{ id: 'data-store:file:temp', reason: 'not deployed', line: 2 }]);
  });
});
