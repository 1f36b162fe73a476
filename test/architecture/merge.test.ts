import { describe, expect, it } from 'vitest';
import { mergeArchitectures, normalizedName } from '../../src/architecture/merge.js';
import type { Architecture, Element, Evidence, Flow } from '../../src/architecture/model.js';

const ev = (source: Evidence['source'], path: string, line: number, note = source): Evidence => ({ source, path, line, note });
const el = (id: string, name: string, kind: Element['kind'], evidence: Evidence[], extra: Partial<Element> = {}): Element => ({
  id,
  kind,
  type: id.split(':')[1]!,
  name,
  attributes: {},
  origin: 'inferred',
  evidence,
  ...extra,
});
const fl = (from: string, to: string, label: string, evidence: Evidence[], extra: Partial<Flow> = {}): Flow => ({
  id: `flow:${from}->${to}:${label.toLowerCase().replace(/\s+/g, '-')}`,
  from,
  to,
  label,
  origin: 'inferred',
  evidence,
  ...extra,
});
const arch = (elements: Element[], flows: Flow[] = [], extra: Partial<Architecture> = {}): Architecture => ({ elements, flows, boundaries: [], assumptions: [], ...extra });

const LAMBDA = 'process:lambda:template.yaml#activitiesfunction';
const TABLE = 'data-store:dynamodb:template.yaml#activitiestable';

/** SAM template: a function with CodeUri src/ and Handler activities.handler, writing a table. */
const iac = arch(
  [
    el(LAMBDA, 'ActivitiesFunction', 'process', [ev('iac', 'template.yaml', 95)], { attributes: { codeUri: 'src/', handler: 'activities.handler', runtime: 'python3.12', routes: ['GET /activities'] }, boundary: 'boundary:aws-account' }),
    el(TABLE, 'ActivitiesTable', 'data-store', [ev('iac', 'template.yaml', 40)], { attributes: { encryptedAtRest: 'unknown' } }),
    el('process:lambda:template.yaml#routesfunction', 'RoutesFunction', 'process', [ev('iac', 'template.yaml', 120)], { attributes: { codeUri: 'src/', handler: 'routes.handler' } }),
  ],
  [fl(LAMBDA, TABLE, 'PutItem', [ev('iac', 'template.yaml', 110)], { authentication: 'iam', protocol: 'aws-api' })],
  { boundaries: [{ id: 'boundary:aws-account', kind: 'aws-account', name: 'AWS account' }] },
);

/** Code: the handler module, its route, and a write to a table named in code. */
const code = arch(
  [
    el('process:lambda:src/activities.handler', 'activities.handler', 'process', [ev('code', 'examples/fitness-tracker/src/activities.py', 12)], {
      attributes: { handler: 'examples/fitness-tracker/src/activities.handler', runtime: 'python3.11', routes: ['POST /activities'], encryptedAtRest: true },
      data: ['health'],
    }),
    el('data-store:dynamodb:activities-table', 'activities_table', 'data-store', [ev('code', 'examples/fitness-tracker/src/activities.py', 3)]),
  ],
  [fl('process:lambda:src/activities.handler', 'data-store:dynamodb:activities-table', 'PutItem', [ev('code', 'examples/fitness-tracker/src/activities.py', 30)], { authentication: 'unknown' })],
);

/** Design document: the same table by its human name, stated. */
const design = arch(
  [el('data-store:table:activities-table', 'Activities table', 'data-store', [ev('design', 'docs/design.md', 9)], { origin: 'stated', data: ['personal'] }),
    el('external-entity:user:athlete', 'Athlete', 'external-entity', [ev('design', 'docs/design.md', 8)], { origin: 'stated' })],
  [fl('external-entity:user:athlete', 'data-store:table:activities-table', 'reads', [ev('design', 'docs/design.md', 20)])],
  { boundaries: [{ id: 'boundary:internet', kind: 'internet', name: 'Internet' }], assumptions: ['Athletes use the mobile app'] },
);

describe('normalizedName', () => {
  it('keeps lower-case letters and digits only', () => {
    expect(normalizedName('Activities table')).toBe('activitiestable');
    expect(normalizedName('activities_table')).toBe('activitiestable');
    expect(normalizedName('ActivitiesTable')).toBe('activitiestable');
    expect(normalizedName('S3 Bucket #2')).toBe('s3bucket2');
  });
});

describe('mergeArchitectures', () => {
  const merged = mergeArchitectures([iac, code, design]);
  const byId = (id: string) => merged.elements.find((e) => e.id === id)!;

  it('joins a code handler with the IaC Lambda whose CodeUri and Handler name it, keeping the IaC id', () => {
    expect(merged.elements.map((e) => e.id)).toEqual([TABLE, 'external-entity:user:athlete', LAMBDA, 'process:lambda:template.yaml#routesfunction']);
    const fn = byId(LAMBDA);
    expect(fn.name).toBe('ActivitiesFunction');
    expect(fn.data).toEqual(['health']);
    expect(fn.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['examples/fitness-tracker/src/activities.py:12', 'template.yaml:95']);
    expect(fn.boundary).toBe('boundary:aws-account');
  });

  it('unions attributes: lists merge, IaC wins conflicts and the conflict is noted, unknown never wins', () => {
    expect(byId(LAMBDA).attributes).toEqual({
      codeUri: 'src/',
      encryptedAtRest: true,
      handler: 'activities.handler',
      routes: ['GET /activities', 'POST /activities'],
      runtime: 'python3.12',
    });
    // The handler is the same thing in two notations (the join was made on it): not a conflict.
    expect(merged.assumptions.filter((a) => a.includes('"handler"'))).toEqual([]);
    expect(merged.assumptions).toContain(`${LAMBDA}: attribute "runtime" is "python3.12" at template.yaml:95 but "python3.11" at examples/fitness-tracker/src/activities.py:12; "python3.12" is used`);
  });

  it('does not call a less specific value a conflict (python in code, python3.12 in IaC)', () => {
    const vague = arch([
      el('process:lambda:src/activities.handler', 'activities.handler', 'process', [ev('code', 'examples/fitness-tracker/src/activities.py', 12)], {
        attributes: { handler: 'examples/fitness-tracker/src/activities.handler', runtime: 'python' },
      }),
    ]);
    const joined = mergeArchitectures([iac, vague]);
    expect(joined.elements.find((e) => e.id === LAMBDA)?.attributes.runtime).toBe('python3.12');
    expect(joined.assumptions.filter((a) => a.includes('"runtime"'))).toEqual([]);
  });

  it('joins elements of the same kind and normalised name, stated when any part is', () => {
    const table = byId(TABLE);
    expect(table.name).toBe('ActivitiesTable');
    expect(table.origin).toBe('stated');
    expect(table.data).toEqual(['personal']);
    expect(table.evidence.map((e) => e.source)).toEqual(['design', 'code', 'iac']);
  });

  it('re-points flows to merged ids and de-duplicates them, IaC facts first', () => {
    expect(merged.flows.map((f) => [f.id, f.from, f.to, f.authentication ?? '', f.evidence.length])).toEqual([
      ['flow:external-entity:user:athlete->data-store:dynamodb:template.yaml#activitiestable:reads', 'external-entity:user:athlete', TABLE, '', 1],
      [`flow:${LAMBDA}->${TABLE}:putitem`, LAMBDA, TABLE, 'iam', 2],
    ]);
    expect(merged.flows[1]!.protocol).toBe('aws-api');
  });

  it('unions boundaries and assumptions', () => {
    expect(merged.boundaries.map((b) => b.id)).toEqual(['boundary:aws-account', 'boundary:internet']);
    expect(merged.assumptions).toContain('Athletes use the mobile app');
  });

  it('gives the same model whatever the order of the parts', () => {
    const expected = JSON.stringify(merged);
    for (const parts of [[design, code, iac], [code, iac, design], [design, iac, code]]) expect(JSON.stringify(mergeArchitectures(parts))).toBe(expected);
  });

  it('does not join by name across kinds', () => {
    const m = mergeArchitectures([arch([el('process:service:orders', 'Orders', 'process', [ev('design', 'd.md', 1)])]), arch([el('data-store:table:orders', 'orders', 'data-store', [ev('code', 'a.py', 1)])])]);
    expect(m.elements).toHaveLength(2);
  });

  it('does not join a name that matches two elements of one source, and says so', () => {
    const twoStacks = arch([
      el('data-store:dynamodb:a.yaml#orderstable', 'OrdersTable', 'data-store', [ev('iac', 'a.yaml', 5)]),
      el('data-store:dynamodb:b.yaml#orderstable', 'OrdersTable', 'data-store', [ev('iac', 'b.yaml', 5)]),
    ]);
    const doc = arch([el('data-store:table:orders-table', 'Orders table', 'data-store', [ev('design', 'd.md', 3)])]);
    const m = mergeArchitectures([twoStacks, doc]);
    expect(m.elements.map((e) => e.id)).toEqual(['data-store:dynamodb:a.yaml#orderstable', 'data-store:dynamodb:b.yaml#orderstable', 'data-store:table:orders-table']);
    expect(m.assumptions).toEqual(['The data-store name "orderstable" matches data-store:dynamodb:a.yaml#orderstable, data-store:dynamodb:b.yaml#orderstable in one source; they were not joined with other sources by name']);
  });

  it('never joins two different ids of the same source through a third', () => {
    // The code process matches the IaC function by handler and the IaC worker by name.
    const iacPart = arch([
      el('process:lambda:t.yaml#fn', 'Fn', 'process', [ev('iac', 't.yaml', 1)], { attributes: { codeUri: 'src', handler: 'app.handler' } }),
      el('process:lambda:t.yaml#worker', 'Worker', 'process', [ev('iac', 't.yaml', 9)]),
    ]);
    const codePart = arch([el('process:worker:worker', 'worker', 'process', [ev('code', 'src/app.py', 2)], { attributes: { handler: 'src/app.py' } })]);
    const m = mergeArchitectures([iacPart, codePart]);
    expect(m.elements.map((e) => e.id)).toEqual(['process:lambda:t.yaml#fn', 'process:lambda:t.yaml#worker']);
    expect(m.assumptions).toEqual([
      'process:lambda:t.yaml#worker and process:worker:worker look like the same element but were kept apart: joining them would merge different elements of one source',
    ]);
  });
});

describe('mergeArchitectures: handler matching', () => {
  const fn = (id: string, attributes: Element['attributes']) => el(id, id.split('#')[1]!, 'process', [ev('iac', 'template.yaml', 1)], { attributes });
  const handler = (value: string) => el('process:lambda:code', 'code', 'process', [ev('code', 'x.py', 1)], { attributes: { handler: value } });
  const joined = (lambda: Element, value: string) => mergeArchitectures([arch([lambda]), arch([handler(value)])]).elements.length === 1;

  it('matches module.function, file paths and path:function forms, with or without a folder prefix', () => {
    const sam = fn('process:lambda:t#a', { codeUri: './src/', handler: 'activities.handler' });
    expect(joined(sam, 'src/activities.handler')).toBe(true);
    expect(joined(sam, 'examples/app/src/activities.handler')).toBe(true);
    expect(joined(sam, 'src/activities.py')).toBe(true);
    expect(joined(sam, 'src/activities.py:handler')).toBe(true);
    expect(joined(fn('process:lambda:t#n', { codeUri: 'functions/orders', handler: 'lib/index.main' }), 'functions/orders/lib/index.js')).toBe(true);
    expect(joined(fn('process:lambda:t#p', { handler: 'pkg.mod.handler' }), 'app/pkg/mod.py#handler')).toBe(true);
  });

  it('does not match another function of the same file, another file, or a partial folder name', () => {
    const sam = fn('process:lambda:t#a', { codeUri: 'src', handler: 'activities.handler' });
    expect(joined(sam, 'src/activities.other_handler')).toBe(false);
    expect(joined(sam, 'src/routes.handler')).toBe(false);
    expect(joined(sam, 'mysrc/activities.handler')).toBe(false);
    expect(joined(fn('process:lambda:t#b', { codeUri: 'unknown', handler: 'unknown' }), 'src/activities.py')).toBe(false);
  });

  it('does not join a handler that matches two functions, and says so', () => {
    const m = mergeArchitectures([
      arch([fn('process:lambda:t#a', { codeUri: 'a/src', handler: 'app.handler' }), fn('process:lambda:t#b', { codeUri: 'b/src', handler: 'app.handler' })]),
      arch([handler('src/app.handler')]),
    ]);
    expect(m.elements).toHaveLength(3);
    expect(m.assumptions).toEqual(['process:lambda:code (handler src/app.handler) matches several functions (process:lambda:t#a, process:lambda:t#b); it was not joined with any']);
  });

  it('drops a flow that merging turned into a self-loop', () => {
    const lambda = fn('process:lambda:t#a', { codeUri: 'src', handler: 'app.handler' });
    const codeFn = handler('src/app.handler');
    const m = mergeArchitectures([arch([lambda]), arch([codeFn], [fl(codeFn.id, lambda.id, 'invoke', [ev('code', 'x.py', 4)])])]);
    expect(m.flows).toEqual([]);
  });
});
