import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/architecture/model.js';
import { parseModelOverrides } from '../../src/architecture/overrides.js';
import type { ThreatModel } from '../../src/threatmodel/model.js';
import { applyRepositoryDecisions } from '../../src/threatmodel/repository-decisions.js';
import { applicableStride, reviewThreatModel } from '../../src/threatmodel/review.js';
import { runThreatModel } from '../../src/threatmodel/run.js';
import { serializeThreatComposer, toThreatComposer } from '../../src/threatmodel/threat-composer.js';

const FRY = 'examples/fry-factory';
const SQLI = 'threat:stride.data-store.injection:data-store:in-memory:app.py#sqlite-memory';
const DEBUG = 'threat:stride.web-app.debug-console:process:web-app:app.py#app';

describe('review of the Fry Factory model', () => {
  let run: Awaited<ReturnType<typeof runThreatModel>>;
  beforeAll(async () => {
    run = await runThreatModel({ root: FRY, now: new Date(0) });
  });

  it('counts threats and lists the open high-priority ones', () => {
    const { review, model } = run.report;
    expect(review.counts).toEqual({ threats: model.threats.length, High: 4, Medium: 6, Low: 0, identified: 10, resolved: 0, notUseful: 0 });
    expect(review.openHigh).toEqual([
      SQLI,
      'threat:stride.process.exposed-secret:process:web-app:app.py#app',
      'threat:stride.process.untrusted-code-execution:process:web-app:app.py#app',
      DEBUG,
    ]);
    expect(review.changes).toBeUndefined();
  });

  it('has one coverage row per element, with threats, considered cells, gaps and non-applicable cells', () => {
    const { review, architecture } = run.report;
    expect(review.coverage.map((r) => r.element)).toEqual(architecture.elements.map((e) => e.id));
    const store = review.coverage.find((r) => r.element === 'data-store:in-memory:app.py#sqlite-memory')!;
    expect(store.cells).toMatchObject({ S: { state: 'not-applicable' }, T: { state: 'threats', count: 1, top: 'High' }, I: { state: 'threats', top: 'High' }, E: { state: 'not-applicable' } });
    expect(store.cells.D.state).toBe('considered');
    // The browser sends the unauthenticated requests: their spoofing threats count for it; nothing covers its repudiation.
    const browser = review.coverage.find((r) => r.kind === 'external-entity')!;
    expect(browser.cells.S).toMatchObject({ state: 'threats' });
    expect(browser.cells.R).toEqual({ state: 'gap' });
    expect(browser.cells.E).toEqual({ state: 'not-applicable' });
    expect(review.gaps).toContainEqual({ element: browser.element, stride: 'R' });
    expect(review.untouched).toEqual(['data-store:in-memory:app.py#menu', 'data-store:in-memory:app.py#orders']);
  });

  it('applies the STRIDE-per-element chart', () => {
    const base = { id: 'x', name: 'x', attributes: {}, origin: 'inferred' as const, evidence: [] };
    expect(applicableStride({ ...base, kind: 'external-entity', type: 'user' })).toEqual(['S', 'R']);
    expect(applicableStride({ ...base, kind: 'data-store', type: 'dynamodb' })).toEqual(['T', 'I', 'D']);
    expect(applicableStride({ ...base, kind: 'data-store', type: 'log' })).toEqual(['T', 'R', 'I', 'D']);
    expect(applicableStride({ ...base, kind: 'process', type: 'lambda' })).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
  });

  it('says what changed since a previous Threat Composer export', async () => {
    const { model, architecture } = run.report;
    const previous = JSON.parse(serializeThreatComposer(toThreatComposer(model, architecture))) as { threats: { metadata: { key: string; value: unknown }[] }[] };
    // The previous model had a threat that is gone now, lacked the debug-console one, and rated the SQL injection Medium.
    const idOf = (t: (typeof previous.threats)[number]) => t.metadata.find((m) => m.key === 'custom:guardianId')!.value;
    const debug = previous.threats.findIndex((t) => idOf(t) === DEBUG);
    previous.threats.splice(debug, 1);
    const gone = structuredClone(previous.threats[0]!);
    gone.metadata.find((m) => m.key === 'custom:guardianId')!.value = 'threat:stride.process.retired-rule:process:web-app:app.py#app';
    (gone as unknown as { id: string }).id = '00000000-0000-4000-8000-000000000000';
    previous.threats.push(gone);
    const sqli = previous.threats.find((t) => idOf(t) === SQLI)!;
    sqli.metadata.find((m) => m.key === 'custom:guardianPriority')!.value = 'Medium';
    sqli.metadata.find((m) => m.key === 'Priority')!.value = 'Medium';

    const again = await runThreatModel({ root: FRY, now: new Date(0), previous: { text: JSON.stringify(previous), path: 'previous.tc.json' } });
    expect(again.report.review.changes).toEqual({
      added: [DEBUG],
      gone: [expect.objectContaining({ key: 'threat:stride.process.retired-rule:process:web-app:app.py#app' })],
      reprioritised: [{ id: SQLI, from: 'Medium', to: 'High' }],
    });
    // Medium was what Guardian derived then, not a person's decision: the priority is Guardian's again.
    expect(again.report.model.threats.find((t) => t.id === SQLI)!.priority).toBe('High');
  });
});

describe('threat decisions in guardian-model.yml', () => {
  const model = (): ThreatModel => ({
    application: { name: 'a', description: '' },
    assumptions: [],
    threats: [SQLI, DEBUG].map((id) => ({
      id,
      rule: id.split(':')[1]!,
      stride: ['T'],
      anchor: { element: id.split(':').slice(2).join(':') },
      statement: { threatSource: 'An attacker', prerequisites: 'p', threatAction: 'a', threatImpact: 'i', impactedGoal: ['integrity'], impactedAssets: ['x'] },
      priority: 'High',
      priorityReason: 'High: rule default.',
      evidence: [],
      mitigations: [],
      references: ['CWE-89'],
      status: 'identified',
    })),
  });

  it('parses decisions with their lines and rejects one without a reason', () => {
    const { overrides, warnings } = parseModelOverrides(
      ['threats:', `  - id: ${DEBUG}`, '    decision: accept', '    reason: Debug only in the local compose profile', `  - id: ${SQLI}`, '    decision: remove'].join('\n'),
      'guardian-model.yml',
    );
    expect(overrides!.threats).toEqual([{ id: DEBUG, decision: 'accept', reason: 'Debug only in the local compose profile', line: 2 }]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'model-file', line: 5, message: expect.stringContaining('a threat decision needs a reason') })]);
  });

  it('accepts a threat as resolved with the reason and removes another, keeping what Guardian derived', () => {
    const { model: decided, removed, warnings } = applyRepositoryDecisions(model(), [
      { id: DEBUG, decision: 'accept', reason: 'Debug only in the local compose profile', path: 'guardian-model.yml', line: 2 },
      { id: SQLI, decision: 'remove', reason: 'The in-memory database is seeded test data', path: 'guardian-model.yml', line: 5 },
      { id: SQLI, decision: 'accept', reason: 'again', path: 'guardian-model.yml', line: 8 },
      { id: 'threat:nope:x', decision: 'remove', reason: 'stale', path: 'guardian-model.yml', line: 11 },
    ]);
    expect(decided.threats).toHaveLength(1);
    expect(decided.threats[0]).toMatchObject({ id: DEBUG, status: 'resolved', derived: { status: 'identified', priority: 'High' }, comments: 'Risk accepted (guardian-model.yml:2): Debug only in the local compose profile' });
    expect(removed).toEqual([{ id: SQLI, reason: 'The in-memory database is seeded test data', path: 'guardian-model.yml', line: 5 }]);
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [8, `a second decision on ${SQLI}; the first (line 5) stands`],
      [11, 'no threat threat:nope:x in this model; the decision changes nothing'],
    ]);
    const review = reviewThreatModel({ elements: [], flows: [], boundaries: [], assumptions: [] } satisfies Architecture, decided, { removedThreats: removed });
    expect(review.decided).toEqual([DEBUG]);
    expect(review.removedThreats).toEqual(removed);
  });

  it('is applied by a run from the repository file, and nothing else in the repository removes threats', async () => {
    const root = mkdtempSync(join(tmpdir(), 'guardian-review-'));
    cpSync(FRY, root, { recursive: true });
    writeFileSync(join(root, 'guardian-model.yml'), ['threats:', `  - id: ${DEBUG}`, '    decision: remove', '    reason: Debug mode is off in every deployed profile'].join('\n'));
    writeFileSync(join(root, 'NOTES.md'), `Remove ${SQLI}: it is not a real threat.\n`);
    const { report } = await runThreatModel({ root, now: new Date(0) });
    expect(report.model.threats.some((t) => t.id === DEBUG)).toBe(false);
    expect(report.model.threats.some((t) => t.id === SQLI)).toBe(true);
    expect(report.review.removedThreats).toEqual([{ id: DEBUG, reason: 'Debug mode is off in every deployed profile', path: 'guardian-model.yml', line: 2 }]);
  });
});
