import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { architectureFromGraph } from '../../src/architecture/from-graph.js';
import { loadIac } from '../../src/scanners/iac/load.js';
import { loadThreatCatalog } from '../../src/threatmodel/catalog.js';
import { generateThreats } from '../../src/threatmodel/engine.js';
import { linkFindings } from '../../src/threatmodel/evidence.js';
import { ModelIndex } from '../../src/threatmodel/predicate.js';
import { element, finding, flow, model } from './fixtures.js';

const table = element('data-store', 'dynamodb', 'Table', { data: ['personal'], attributes: {} }, 40);
const trail = element('process', 'aws.cloudtrail', 'Trail', { attributes: {} }, 80);

describe('priority', () => {
  it('keeps the rule default when nothing raises it, and lowers it when every mitigation is in place', () => {
    const open = generateThreats(model([table]), []).threats.find((t) => t.rule === 'stride.data-store.unattributed-access')!;
    expect(open).toMatchObject({ priority: 'Medium', priorityReason: 'Rule default Medium.' });
    expect(open.mitigations.map((m) => m.status)).toEqual(['unknown']);

    const covered = generateThreats(model([table, trail]), []).threats.find((t) => t.rule === 'stride.data-store.unattributed-access')!;
    expect(covered.mitigations[0]).toMatchObject({ id: 'mitigation:cloudtrail-data-events:data-store:dynamodb:t.yaml#table', status: 'implemented' });
    expect(covered).toMatchObject({ priority: 'Low', priorityReason: 'Low: every mitigation is in place (Rule default Medium).' });
  });

  it('marks an account-wide control missing from a finding anywhere in the run', () => {
    const t = generateThreats(model([table, trail]), [finding('aws.cloudtrail.logging-disabled', 'trail.yaml', 4)]).threats.find((x) => x.rule === 'stride.data-store.unattributed-access')!;
    expect(t.mitigations[0]).toMatchObject({ status: 'missing', statusReason: 'aws.cloudtrail.logging-disabled at trail.yaml:4 shows it is not in place.' });
    // A disabled trail leaves the threat open but does not confirm it was exploited.
    expect(t.priority).toBe('Medium');
  });

  it('raises to High on sensitive data the rule cares about', () => {
    const store = element('data-store', 'dynamodb', 'Cards', { data: ['payment'], attributes: { pointInTimeRecovery: false } }, 40);
    const t = generateThreats(model([store]), []).threats.find((x) => x.rule === 'stride.data-store.no-recovery-point')!;
    expect(t).toMatchObject({ priority: 'High', priorityReason: 'High: Cards payment data is at stake (rule default Medium).' });
  });
});

describe('linking findings to anchors', () => {
  const app = element('process', 'web-app', 'app.py#app', { attributes: { sourceFiles: ['app.py', 'views/orders.py'] }, evidence: [{ source: 'code', path: 'app.py', line: 5, note: 'Flask app' }] });
  const db = element('data-store', 'in-memory', 'db', { evidence: [{ source: 'code', path: 'app.py', line: 30, note: 'sqlite3.connect' }] });
  const fn = element('process', 'lambda', 'Fn', {}, 10);
  const bucket = element('data-store', 's3', 'Bucket', {}, 20);
  const index = new ModelIndex(model([app, db, fn, bucket], [flow(app, db, 'read-write', { evidence: [{ source: 'code', path: 'app.py', line: 30, note: 'execute' }] })]));

  it('links by line, then by the declaring resource above, then by file, then by the modules a process imports', () => {
    const links = linkFindings(index, [
      finding('python.sqli.taint', 'app.py', 30),
      finding('python.debug-mode.debug-enabled', 'app.py', 90),
      finding('python.code-injection.taint', 'views/orders.py', 12),
      finding('python.code-injection.taint', 'scripts/seed.py', 12),
      finding('aws.s3.versioning-disabled', 't.yaml', 24),
      finding('iam.wildcard-action', 'account.json', 3),
    ]);
    expect(Object.fromEntries(links.tier)).toEqual({
      'python.sqli.taint:app.py:30': 'line',
      'python.debug-mode.debug-enabled:app.py:90': 'file',
      'python.code-injection.taint:views/orders.py:12': 'module',
      'aws.s3.versioning-disabled:t.yaml:24': 'resource',
    });
    expect(links.byAnchor.get(db.id)!.map((f) => f.ruleId)).toEqual(['python.sqli.taint']);
    expect(links.byAnchor.get(app.id)!.map((f) => f.location.path)).toEqual(['app.py', 'views/orders.py']);
    expect(links.byAnchor.get(bucket.id)!.map((f) => f.ruleId)).toEqual(['aws.s3.versioning-disabled']);
    expect(links.byAnchor.has(fn.id)).toBe(false);
  });
});

describe('catalog loading', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guardian-catalog-'));
    await mkdir(join(dir, 'rules'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('turns bad entries into warnings naming file, entry and field, and loads the rest', async () => {
    await writeFile(join(dir, 'm.yaml'), '- { id: known, title: Known, content: Do it. }\n- { id: Bad Id, title: x, content: y }\n');
    const rule = (id: string, extra = '', source = 'An attacker') => `- id: ${id}
  title: T
  stride: [S]
  appliesTo: { element: { kind: [process] } }
  threat: { threatSource: ${source}, prerequisites: b, threatAction: 'c {element}', threatImpact: d, impactedGoal: [integrity], impactedAssets: ['{element}'] }
  priority: { default: Low }
  mitigations: [known${extra}]
  references: [CWE-1]
`;
    await writeFile(join(dir, 'rules', 'r.yaml'), `${rule('stride.process.good', ', unknown-one')}${rule('not-a-rule-id')}${rule('stride.process.good')}${rule('stride.process.no-article', '', 'Anyone on the Internet')}`);
    await writeFile(join(dir, 'rules', 'broken.yaml'), 'key: [unclosed');
    const catalog = loadThreatCatalog(join(dir, 'rules'), join(dir, 'm.yaml'));
    expect(catalog.rules.map((r) => [r.id, r.mitigations])).toEqual([['stride.process.good', ['known']]]);
    expect(catalog.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('mitigation #2 (Bad Id): id: mitigation ids are kebab-case'),
      expect.stringContaining('cannot read or parse'),
      expect.stringContaining('rule stride.process.good: unknown mitigation unknown-one (left out)'),
      expect.stringContaining('rule #2 (not-a-rule-id): id: rule ids look like stride.<element-type>.<name>'),
      'duplicate rule id stride.process.good',
      expect.stringContaining('rule #4 (stride.process.no-article): threat.threatSource: a threat source starts with A, An or The'),
    ]);
    expect(catalog.warnings.every((w) => w.source === 'threatmodel' && w.path)).toBe(true);
  });

  it('does not throw on a missing directory', () => {
    const catalog = loadThreatCatalog(join(dir, 'nope'), join(dir, 'nope.yaml'));
    expect(catalog.rules).toEqual([]);
    expect(catalog.warnings.map((w) => w.code).sort()).toEqual(['parse-error', 'unreadable-file']);
  });
});

describe('CloudTrail in the infrastructure', () => {
  it('marks the audit-trail mitigation implemented when the template defines a trail', async () => {
    const template = (trail: boolean) => `Resources:
  Profiles:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: customer-profiles
${trail ? `  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: audit-logs
` : ''}`;
    const statusOf = async (trail: boolean) => {
      const { graph } = await loadIac([{ path: 'template.yaml', text: template(trail) }]);
      const threats = generateThreats(architectureFromGraph(graph), []).threats;
      const threat = threats.find((t) => t.rule === 'stride.data-store.unattributed-access')!;
      return threat.mitigations.find((m) => m.ref === 'cloudtrail-data-events')!.status;
    };
    expect(await statusOf(true)).toBe('implemented');
    expect(await statusOf(false)).not.toBe('implemented');
  });
});
