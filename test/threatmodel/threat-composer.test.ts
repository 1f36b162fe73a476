import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/architecture/model.js';
import type { ScanWarning } from '../../src/core/warnings.js';
import type { Mitigation, Threat, ThreatModel } from '../../src/threatmodel/model.js';
import {
  applyDecisions,
  composeStatement,
  deterministicUuid,
  readPreviousThreatModel,
  serializeThreatComposer,
  toThreatComposer,
  type ThreatComposerDocument,
} from '../../src/threatmodel/threat-composer.js';
import { threatComposerSchemaErrors } from './threat-composer-schema.js';

const decisionsOf = (...args: Parameters<typeof readPreviousThreatModel>) => readPreviousThreatModel(...args).decisions;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LONG = 'x'.repeat(5000);

function example(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/threat-composer/${name}.tc.json`, import.meta.url), 'utf8')) as unknown;
}

const architecture: Architecture = {
  elements: [
    { id: 'external-entity:user:customer', kind: 'external-entity', type: 'user', name: 'Customer', boundary: 'boundary:internet', attributes: {}, origin: 'inferred', evidence: [] },
    {
      id: 'process:lambda:template.yaml#ordersfunction',
      kind: 'process',
      type: 'lambda',
      name: 'OrdersFunction | <script>alert(1)</script>',
      boundary: 'boundary:aws-account',
      attributes: { routes: ['POST /orders'] },
      origin: 'inferred',
      evidence: [{ source: 'iac', path: 'template.yaml', line: 12, note: 'AWS::Serverless::Function' }],
    },
    { id: 'data-store:dynamodb:template.yaml#orderstable', kind: 'data-store', type: 'dynamodb', name: 'OrdersTable', boundary: 'boundary:aws-account', data: ['personal'], attributes: {}, origin: 'stated', evidence: [] },
  ],
  flows: [
    {
      id: 'flow:external-entity:user:customer->process:lambda:template.yaml#ordersfunction:post /orders',
      from: 'external-entity:user:customer',
      to: 'process:lambda:template.yaml#ordersfunction',
      label: 'POST /orders',
      protocol: 'https',
      authentication: 'none',
      authorization: 'none',
      encryptedInTransit: true,
      data: ['personal'],
      crosses: ['boundary:internet', 'boundary:aws-account'],
      origin: 'inferred',
      evidence: [],
    },
  ],
  boundaries: [
    { id: 'boundary:aws-account', kind: 'aws-account', name: 'AWS account' },
    { id: 'boundary:internet', kind: 'internet', name: 'Internet' },
  ],
  assumptions: ['Lambda functions run outside a VPC', 'Shared assumption'],
};

const FLOW = architecture.flows[0]!.id;
const FUNCTION = 'process:lambda:template.yaml#ordersfunction';
const TABLE = 'data-store:dynamodb:template.yaml#orderstable';

function mitigation(ref: string, anchor: string, status: Mitigation['status'], extra: Partial<Mitigation> = {}): Mitigation {
  return {
    id: `mitigation:${ref}:${anchor}`,
    ref,
    title: `Apply ${ref}`,
    content: `Do ${ref} concretely.`,
    status,
    statusReason: `${status} because template.yaml:12 says so`,
    findings: [],
    ...extra,
  };
}

const authorizer = mitigation('api-authorizer', FLOW, 'missing', { findings: ['finding-1'] });

const threats: Threat[] = [
  {
    id: `threat:stride.spoofing.unauthenticated-route:${FLOW}`,
    rule: 'stride.spoofing.unauthenticated-route',
    stride: ['E', 'S'],
    anchor: { flow: FLOW },
    statement: {
      threatSource: 'an internet-based actor',
      prerequisites: 'with a network path to the API',
      threatAction: 'call POST /orders without credentials',
      threatImpact: 'orders placed in other customers’ names',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['orders', 'customer data', 'payment records'],
    },
    priority: 'High',
    priorityReason: 'rule default',
    evidence: [
      { kind: 'missing-control', control: 'authorizer', path: 'template.yaml', line: 20, note: 'the route has no authorizer' },
      { kind: 'finding', findingId: 'finding-1', ruleId: 'iac/api-no-auth', severity: 'high', path: 'template.yaml', line: 20 },
    ],
    mitigations: [authorizer, mitigation('waf-web-acl', FLOW, 'implemented')],
    references: ['CAPEC-115', 'CWE-306'],
    status: 'identified',
  },
  {
    id: `threat:stride.repudiation.no-audit-log:${FUNCTION}`,
    rule: 'stride.repudiation.no-audit-log-for-order-changes-in-the-orders-function',
    stride: ['R'],
    anchor: { element: FUNCTION },
    statement: {
      threatSource: 'customer',
      prerequisites: '',
      threatAction: 'deny having placed an order',
      threatImpact: '',
      impactedGoal: [],
      impactedAssets: ['order history'],
    },
    priority: 'Medium',
    priorityReason: 'rule default',
    evidence: [{ kind: 'model', note: 'no CloudTrail data events' }],
    mitigations: [authorizer, mitigation('audit-logging', FUNCTION, 'unknown')],
    references: [],
    status: 'resolved',
  },
  {
    id: `threat:stride.tampering.injection:${TABLE}`,
    rule: 'stride.tampering.injection',
    stride: ['T', 'I', 'D'],
    anchor: { element: TABLE },
    statement: {
      threatSource: `attacker ${LONG}`,
      prerequisites: `who can send crafted input ${LONG}`,
      threatAction: `inject queries ${LONG}`,
      threatImpact: `data loss ${LONG}`,
      impactedGoal: [`integrity ${LONG}`, 'availability'],
      impactedAssets: Array.from({ length: 12 }, (_, i) => `asset ${i} ${LONG}`),
    },
    priority: 'Low',
    priorityReason: 'rule default',
    evidence: [],
    mitigations: [mitigation('parameterized-queries', TABLE, 'missing', { title: `Use parameterized queries ${LONG}`, content: `Details ${LONG}` })],
    references: [],
    status: 'notUseful',
    comments: `Reviewed ${LONG}`,
  },
];

const model: ThreatModel = {
  application: { name: `Orders ${LONG}`, description: 'An <b>orders</b> service.' },
  threats,
  assumptions: ['Shared assumption', 'The CDN is out of scope'],
};

const MERMAID = 'flowchart LR\n  n1["Customer"] --> n2(["OrdersFunction ```"])\n';

const byGuardianId = (doc: ThreatComposerDocument, id: string) =>
  doc.threats.find((t) => t.metadata.some((m) => m.key === 'custom:guardianId' && m.value === id))!;

describe('toThreatComposer', () => {
  const doc = toThreatComposer(model, architecture, { mermaid: MERMAID });

  it('validates against the Threat Composer v1 schema', () => {
    expect(threatComposerSchemaErrors(doc)).toEqual([]);
    expect(doc.schema).toBe(1);
    expect(doc.threats).toHaveLength(3);
  });

  it('is rejected by the schema once a limit is broken, so the validation can fail', () => {
    const broken = structuredClone(doc);
    broken.threats[0]!.tags.push('t'.repeat(31));
    broken.threats[1]!.status = 'open' as never;
    expect(threatComposerSchemaErrors(broken)).toEqual([
      '/threats/0/tags/2 must NOT have more than 30 characters',
      '/threats/1/status must be equal to one of the allowed values',
    ]);
  });

  it('gives byte-identical output for the same input, whatever the input order', () => {
    const again = serializeThreatComposer(toThreatComposer(model, architecture, { mermaid: MERMAID }));
    const shuffled = serializeThreatComposer(
      toThreatComposer({ ...model, threats: [...threats].reverse(), assumptions: [...model.assumptions].reverse() }, architecture, { mermaid: MERMAID }),
    );
    expect(again).toBe(serializeThreatComposer(doc));
    expect(shuffled).toBe(again);
    expect(again.endsWith('}\n')).toBe(true);
  });

  it('derives stable UUID v4-shaped ids from Guardian ids', () => {
    expect(deterministicUuid('threat:a:b')).toBe(deterministicUuid('threat:a:b'));
    expect(deterministicUuid('threat:a:b')).not.toBe(deterministicUuid('threat:a:c'));
    // Pinned: changing the derivation would orphan every decision in existing files.
    expect(deterministicUuid('threat:a:b')).toBe('5e61c3fd-dc54-4da9-b558-11cb068d8404');
    for (const item of [...doc.threats, ...doc.mitigations, ...doc.assumptions]) expect(item.id).toMatch(UUID_V4);
    expect(doc.threats.map((t) => t.id)).toEqual([...threats].sort((a, b) => (a.id < b.id ? -1 : 1)).map((t) => deterministicUuid(t.id)));
    expect(doc.threats.map((t) => t.numericId)).toEqual([1, 2, 3]);
  });

  it('writes the grammar fields and the statement as Threat Composer renders it', () => {
    const spoofing = byGuardianId(doc, threats[0]!.id);
    expect(spoofing.threatSource).toBe('internet-based actor');
    expect(spoofing.statement).toBe(
      'An internet-based actor with a network path to the API can call POST /orders without credentials, ' +
        'which leads to orders placed in other customers’ names, resulting in reduced integrity and/or confidentiality ' +
        'of orders, customer data and payment records',
    );
    const repudiation = byGuardianId(doc, threats[1]!.id);
    expect(repudiation.statement).toBe('A customer can deny having placed an order, negatively impacting order history');
  });

  it('writes STRIDE, Priority, Comments, custom ids, tags and statuses', () => {
    const spoofing = byGuardianId(doc, threats[0]!.id);
    expect(spoofing.metadata.slice(0, 2)).toEqual([
      { key: 'Priority', value: 'High' },
      { key: 'STRIDE', value: ['S', 'E'] },
    ]);
    expect(spoofing.metadata).toContainEqual({ key: 'custom:guardianStatus', value: 'threatIdentified' });
    expect(spoofing.metadata).toContainEqual({
      key: 'custom:evidence',
      value: ['Missing authorizer: the route has no authorizer (template.yaml:20)', 'Finding iac/api-no-auth (high) (template.yaml:20)'],
    });
    expect(spoofing.metadata).toContainEqual({ key: 'custom:references', value: ['CAPEC-115', 'CWE-306'] });
    expect(spoofing.metadata.some((m) => m.key === 'Comments')).toBe(false);
    expect(spoofing.tags).toEqual(['data-flow', 'unauthenticated-route']);
    expect(spoofing.status).toBe('threatIdentified');

    const repudiation = byGuardianId(doc, threats[1]!.id);
    expect(repudiation.tags).toEqual(['lambda', 'no-audit-log-for-order-change…']);
    expect(repudiation.status).toBe('threatResolved');

    const tampering = byGuardianId(doc, threats[2]!.id);
    expect(tampering.tags).toEqual(['dynamodb', 'injection']);
    expect(tampering.status).toBe('threatResolvedNotUseful');
    const strideLetters = doc.threats.flatMap((t) => t.metadata.filter((m) => m.key === 'STRIDE').flatMap((m) => m.value as string[]));
    expect(new Set(strideLetters)).toEqual(new Set(['S', 'T', 'R', 'I', 'D', 'E']));
  });

  it('cuts long strings to the schema limits with an ellipsis', () => {
    const tampering = byGuardianId(doc, threats[2]!.id);
    expect(doc.applicationInfo.name).toHaveLength(200);
    expect(doc.applicationInfo.name.endsWith('x…')).toBe(true);
    for (const field of ['threatSource', 'prerequisites', 'threatAction', 'threatImpact'] as const) {
      expect(tampering[field]).toHaveLength(200);
      expect(tampering[field].endsWith('…')).toBe(true);
    }
    expect(tampering.impactedAssets).toHaveLength(12);
    expect(tampering.statement).toHaveLength(1400);
    expect(tampering.statement.startsWith(`An ${tampering.threatSource} who can send crafted input xxx`)).toBe(true);
    expect(tampering.statement.endsWith('x…')).toBe(true);
    const comments = tampering.metadata.find((m) => m.key === 'Comments');
    expect((comments?.value as string).length).toBe(1000);
    const queries = doc.mitigations.find((m) => m.content.startsWith('Use parameterized queries'))!;
    expect(queries.content).toHaveLength(1000);
  });

  it('exports each mitigation once with its status, and links it to every threat it answers', () => {
    expect(doc.mitigations.map((m) => [m.content, m.status])).toEqual(
      [
        ['Apply api-authorizer', 'mitigationIdentified'],
        ['Apply audit-logging', 'mitigationIdentified'],
        [expect.stringMatching(/^Use parameterized queries/), 'mitigationIdentified'],
        ['Apply waf-web-acl', 'mitigationResolved'],
      ],
    );
    const authorizerId = deterministicUuid(authorizer.id);
    const linkedToAuthorizer = doc.mitigationLinks.filter((l) => l.mitigationId === authorizerId).map((l) => l.linkedId);
    expect(linkedToAuthorizer.sort()).toEqual([deterministicUuid(threats[0]!.id), deterministicUuid(threats[1]!.id)].sort());
    expect(doc.mitigationLinks).toHaveLength(5);
    const waf = doc.mitigations.find((m) => m.content === 'Apply waf-web-acl')!;
    expect(waf.metadata).toContainEqual({ key: 'custom:guardianEvidenceStatus', value: 'implemented' });
    expect(waf.metadata).toContainEqual({ key: 'Comments', value: 'Do waf-web-acl concretely.' });
    expect(waf.tags).toEqual(['waf-web-acl']);
  });

  it('exports the assumptions of the model and the architecture once each', () => {
    expect(doc.assumptions.map((a) => a.content)).toEqual(['Lambda functions run outside a VPC', 'Shared assumption', 'The CDN is out of scope']);
    expect(doc.assumptionLinks).toEqual([]);
  });

  it('describes the architecture and the data flows in Markdown, with the Mermaid DFD', () => {
    expect(doc.architecture.description).toContain('### Components\n\n| Name | Kind |');
    expect(doc.architecture.description).toContain('OrdersFunction \\| &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(doc.architecture.description).toContain('| Internet | internet |  |');
    expect(doc.dataflow.description).toContain(
      '| Customer | OrdersFunction \\| &lt;script&gt;alert(1)&lt;/script&gt; | POST /orders | https | none | none | true | personal | boundary:internet, boundary:aws-account |',
    );
    // The source contains ```, so the fence is four backticks.
    expect(doc.dataflow.description).toContain(`### Data-flow diagram\n\n\`\`\`\`mermaid\n${MERMAID}\`\`\`\`\n`);
    expect(doc.applicationInfo.description.startsWith('An &lt;b&gt;orders&lt;/b&gt; service.\n\n### About this model')).toBe(true);
    expect(toThreatComposer(model, architecture).dataflow.description).not.toContain('mermaid');
  });

  it('leaves out a diagram too long for the description limit rather than cutting it', () => {
    const huge = toThreatComposer(model, architecture, { mermaid: `flowchart LR\n${'  a --> b\n'.repeat(20_000)}` });
    expect(huge.dataflow.description).toContain('_The Mermaid diagram (200013 characters) is too long for Threat Composer');
    expect(huge.dataflow.description).not.toContain('```mermaid');
    expect(threatComposerSchemaErrors(huge)).toEqual([]);
  });
});

describe('composeStatement', () => {
  it('reproduces the statements of the Threat Composer example workspaces', () => {
    // Six example statements were edited by hand after their fields ("a LLM" in the field,
    // "an LLM" in the statement); the articles inside fields are compared loosely.
    const looseArticles = (s: string) => s.replace(/\ban\b/g, 'a');
    let compared = 0;
    for (const name of ['GenAIChatbot', 'ThreatComposer']) {
      for (const t of (example(name) as ThreatComposerDocument).threats) {
        const statement = composeStatement({
          threatSource: t.threatSource ?? '',
          prerequisites: t.prerequisites ?? '',
          threatAction: t.threatAction ?? '',
          threatImpact: t.threatImpact ?? '',
          impactedGoal: t.impactedGoal ?? [],
          impactedAssets: t.impactedAssets ?? [],
        });
        expect(looseArticles(statement.slice(3))).toBe(looseArticles(t.statement.slice(3)));
        expect(statement.slice(0, 3)).toBe(t.statement.slice(0, 3));
        compared++;
      }
    }
    expect(compared).toBe(57);
  });
});

describe('decisions', () => {
  const [spoofing, repudiation, tampering] = threats as [Threat, Threat, Threat];

  /** A previous file in which a person resolved the spoofing threat, lowered its priority and commented. */
  function editedExport(): ThreatComposerDocument {
    const edited = structuredClone(toThreatComposer(model, architecture));
    const threat = byGuardianId(edited, spoofing.id);
    threat.status = 'threatResolved';
    threat.metadata = threat.metadata.map((m) => (m.key === 'Priority' ? { key: 'Priority', value: 'Low' } : m));
    threat.metadata.push({ key: 'Comments', value: 'Accepted: the API sits behind the corporate VPN.' });
    return edited;
  }

  it('round-trips status, priority and comments through a Threat Composer file', () => {
    const warnings: ScanWarning[] = [];
    const decisions = decisionsOf(JSON.parse(serializeThreatComposer(editedExport())), { warnings: { add: (w) => warnings.push(w) } });
    expect(warnings).toEqual([]);
    expect([...decisions]).toEqual([
      [spoofing.id, { status: 'resolved', priority: 'Low', comments: 'Accepted: the API sits behind the corporate VPN.' }],
      // Guardian's own comment on the tampering threat counts as carried over (comments are always a person's).
      [tampering.id, { comments: `Reviewed ${LONG}`.slice(0, 999) + '…' }],
    ]);

    const applied = applyDecisions(model, decisions);
    const decided = applied.threats.find((t) => t.id === spoofing.id)!;
    expect(decided.status).toBe('resolved');
    expect(decided.priority).toBe('Low');
    expect(decided.comments).toBe('Accepted: the API sits behind the corporate VPN.');
    expect(decided.priorityReason).toBe('Set to Low by a person in the previous Threat Composer file; Guardian derived High (rule default).');
    expect(applied.threats.find((t) => t.id === repudiation.id)).toBe(repudiation);
    expect(model.threats[0]!.status).toBe('identified');
  });

  it('keeps the decisions on the next runs, and lets Guardian change what no person decided', () => {
    const decisions = decisionsOf(editedExport());
    // Run 2: Guardian now derives Medium for the repudiation threat; nobody touched it.
    const rerun: ThreatModel = { ...model, threats: model.threats.map((t) => (t.id === repudiation.id ? { ...t, priority: 'Medium' as const, status: 'identified' as const } : t)) };
    const second = toThreatComposer(applyDecisions(rerun, decisions), architecture);
    const spoofed = byGuardianId(second, spoofing.id);
    expect(spoofed.status).toBe('threatResolved');
    expect(spoofed.metadata).toContainEqual({ key: 'custom:guardianStatus', value: 'threatIdentified' });
    expect(spoofed.metadata).toContainEqual({ key: 'custom:guardianPriority', value: 'High' });
    expect(byGuardianId(second, repudiation.id).status).toBe('threatIdentified');

    // Run 3 reads run 2's file: the person's decisions are still there, nothing else became one.
    const third = decisionsOf(second);
    expect(third.get(spoofing.id)).toEqual({ status: 'resolved', priority: 'Low', comments: 'Accepted: the API sits behind the corporate VPN.' });
    expect(third.has(repudiation.id)).toBe(false);
  });

  it('matches a threat by its deterministic UUID when custom:guardianId was lost', () => {
    const edited = editedExport();
    const threat = byGuardianId(edited, spoofing.id);
    threat.metadata = threat.metadata.filter((m) => !m.key.startsWith('custom:'));
    const decisions = decisionsOf(edited);
    expect(decisions.get(deterministicUuid(spoofing.id))).toEqual({ status: 'resolved', priority: 'Low', comments: 'Accepted: the API sits behind the corporate VPN.' });
    const decided = applyDecisions(model, decisions).threats.find((t) => t.id === spoofing.id)!;
    expect([decided.status, decided.priority]).toEqual(['resolved', 'Low']);
  });

  it('reads the Threat Composer example workspaces without warnings', () => {
    for (const [name, count] of [
      ['GenAIChatbot', 37],
      ['ThreatComposer', 20],
    ] as const) {
      const warnings: ScanWarning[] = [];
      const decisions = decisionsOf(example(name), { path: `${name}.tc.json`, warnings: { add: (w) => warnings.push(w) } });
      expect(warnings).toEqual([]);
      expect(decisions.size).toBe(count);
    }
    const composer = decisionsOf(example('ThreatComposer'));
    expect(composer.get('f29b9a9f-94d9-4d6e-be3e-5fffb874d2a6')).toEqual({ status: 'resolved', priority: 'Medium' });
    const chatbot = decisionsOf(example('GenAIChatbot'));
    expect(chatbot.get('b0797dc7-f812-498b-9a35-5f6e2a923d2e')).toMatchObject({ status: 'identified', priority: 'Low', comments: expect.stringMatching(/^LoRA \(Low-Rank Adaptation\)/) });
  });

  it('turns bad input into warnings and reads what it can', () => {
    const warnings: ScanWarning[] = [];
    const sink = { add: (w: ScanWarning) => warnings.push(w) };
    expect(decisionsOf('{not json', { path: 'prev.tc.json', warnings: sink }).size).toBe(0);
    expect(decisionsOf(null, { warnings: sink }).size).toBe(0);
    expect(decisionsOf({ schema: 1, threats: {} }, { warnings: sink }).size).toBe(0);
    const id = deterministicUuid('threat:x:y');
    const decisions = decisionsOf(
      {
        schema: 2,
        threats: [
          42,
          { id: 'not-a-uuid' },
          { id, status: 'open', metadata: [{ key: 'Priority', value: 'Urgent' }, 'junk', { key: 'Comments', value: 'kept' }] },
          { id, status: 'threatResolved' },
          { id: deterministicUuid('threat:x:z'), metadata: 'nope', status: 'threatResolvedNotUseful' },
        ],
      },
      { warnings: sink },
    );
    expect([...decisions]).toEqual([
      [id, { comments: 'kept' }],
      [deterministicUuid('threat:x:z'), { status: 'notUseful' }],
    ]);
    expect(warnings[0]).toMatchObject({ code: 'invalid-threat-composer', source: 'threat-model', path: 'prev.tc.json' });
    expect(warnings.map((w) => w.message.replace(/not JSON \(.*\)/, 'not JSON (…)'))).toEqual([
      '(file): not JSON (…); no previous decisions are carried over',
      '(file): not a JSON object; no previous decisions are carried over',
      'threats: not an array; no previous decisions are carried over',
      'schema: version 2 is not 1; reading it as version 1',
      'threats[0]: not an object; skipped',
      'threats[1]: has neither custom:guardianId nor a UUID id; skipped',
      'threats[2].metadata[1]: not a {key, value} entry; ignored',
      'threats[2].status: unknown status "open"; ignored',
      'threats[2].metadata.Priority: unknown priority "Urgent"; ignored',
      `threats[3]: a second threat with id ${id}; the first one's decisions are kept`,
      'threats[4].metadata: not an array; ignored',
    ]);
  });

  it('returns the model unchanged when there are no decisions', () => {
    expect(applyDecisions(model, new Map())).toBe(model);
  });
});
