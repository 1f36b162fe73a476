import { describe, expect, it } from 'vitest';
import type { Architecture, Element } from '../../src/architecture/model.js';
import type { Finding } from '../../src/core/finding.js';
import { bundledRules } from '../../src/scanners/sast/scanner.js';
import { citedFindingGlobs, defaultThreatCatalog } from '../../src/threatmodel/catalog.js';
import { globToRegExp } from '../../src/threatmodel/predicate.js';
import { generateThreats } from '../../src/threatmodel/engine.js';
import { INTERNET, USERS, element, finding, flow, model } from './fixtures.js';

interface Case {
  model: Architecture;
  findings?: Finding[];
}

const api = (attributes: Record<string, string | boolean | string[]>) => element('process', 'api-gateway', 'Api', { attributes }, 20);
const fn = (attributes: Record<string, string | boolean | string[]> = {}) => element('process', 'lambda', 'Fn', { attributes }, 30);
const table = (attributes: Record<string, string | boolean>, data: Element['data'] = ['personal']) => element('data-store', 'dynamodb', 'Table', { attributes, data }, 40);
const webApp = element('process', 'web-app', 'app.py#app', { attributes: {}, evidence: [{ source: 'code', path: 'app.py', line: 5, note: 'Flask app' }] });
const sqlDb = element('data-store', 'postgresql', 'db', { attributes: { engine: 'postgresql' } }, 60);
const cacheStore = element('data-store', 'cache', 'Cache', { attributes: {} }, 61);
const thirdParty = element('external-entity', 'third-party-api', 'api.partner.example', { attributes: {} }, 70);

/** For every catalog rule: a model it must fire on, and a close one it must not. */
const CASES: Record<string, { fires: Case; silent: Case }> = {
  'stride.flow.unauthenticated-internet-request': {
    fires: { model: model([USERS, api({})], [flow(USERS, api({}), 'GET /items', { authentication: 'none', ...INTERNET })]) },
    silent: {
      model: model([USERS, api({})], [flow(USERS, api({}), 'GET /items', { authentication: 'cognito', ...INTERNET }), flow(USERS, api({}), 'OPTIONS /items', { authentication: 'none', ...INTERNET })]),
    },
  },
  'stride.flow.cleartext-transport': {
    fires: { model: model([fn(), thirdParty], [flow(fn(), thirdParty, 'call', { protocol: 'http' })]) },
    silent: { model: model([fn(), thirdParty], [flow(fn(), thirdParty, 'call', { protocol: 'https', encryptedInTransit: true })]) },
  },
  'stride.identity-provider.single-factor-sign-in': {
    fires: { model: model([element('external-entity', 'identity-provider', 'Pool', { attributes: { mfa: 'optional' } })]) },
    silent: { model: model([element('external-entity', 'identity-provider', 'Pool', { attributes: { mfa: 'on' } })]) },
  },
  'stride.data-store.injection': {
    fires: { model: model([webApp, sqlDb], [flow(webApp, sqlDb, 'read-write', { protocol: 'sql' })]) },
    // A key-value cache reached by the same app has no query language to inject into.
    silent: { model: model([webApp, cacheStore, sqlDb], [flow(webApp, cacheStore, 'read-write')]) },
  },
  'stride.data-store.unattributed-access': {
    fires: { model: model([table({}, ['personal'])]) },
    silent: { model: model([table({}, []), element('data-store', 'in-memory', 'Mem', { data: ['personal'] })]) },
  },
  'stride.data-store.weak-encryption-at-rest': {
    fires: { model: model([table({ encryptedAtRest: true, customerKey: false }, ['personal'])]) },
    silent: { model: model([table({ encryptedAtRest: true, customerKey: true }, ['personal']), element('data-store', 's3', 'Logs', { attributes: { customerKey: false } }, 90)]) },
  },
  'stride.data-store.no-recovery-point': {
    fires: { model: model([table({ pointInTimeRecovery: false }, [])]) },
    silent: { model: model([table({ pointInTimeRecovery: true }, []), element('data-store', 's3', 'Bucket', { attributes: { versioning: 'unknown' } }, 90)]) },
  },
  'stride.s3.public-bucket': {
    fires: { model: model([element('data-store', 's3', 'Bucket', { attributes: { publicAccessBlock: false } })]) },
    silent: { model: model([element('data-store', 's3', 'Bucket', { attributes: { publicAccessBlock: true } })]) },
  },
  'stride.api-gateway.missing-access-logs': {
    fires: { model: model([api({ accessLogs: false })]) },
    silent: { model: model([api({ accessLogs: true }), element('process', 'api-gateway', 'Other', { attributes: {} }, 25)]) },
  },
  'stride.api-gateway.request-flooding': {
    fires: { model: model([api({ publicEndpoint: true, waf: false })]) },
    silent: { model: model([api({ publicEndpoint: false, waf: false })]) },
  },
  'stride.lambda.function-url-flooding': {
    fires: { model: model([fn({ functionUrl: 'NONE' })]) },
    silent: { model: model([fn({ runtime: 'python3.12' })]) },
  },
  'stride.process.unattributed-changes': {
    fires: { model: model([USERS, webApp, sqlDb], [flow(USERS, webApp, 'POST /order', { authentication: 'none', ...INTERNET }), flow(webApp, sqlDb, 'read-write')]) },
    silent: { model: model([USERS, webApp, sqlDb], [flow(USERS, webApp, 'GET /menu', { authentication: 'none', ...INTERNET }), flow(webApp, sqlDb, 'read-write')]) },
  },
  'stride.process.over-privileged-role': {
    fires: { model: model([fn(), table({}, [])], [flow(fn(), table({}, []), 'read-write (via wildcard)')]) },
    silent: { model: model([fn(), table({}, [])], [flow(fn(), table({}, []), 'read-write')]), findings: [finding('iam.wildcard-action', 'account/details.json', 3)] },
  },
  'stride.process.exposed-secret': {
    fires: { model: model([fn()]), findings: [finding('aws.lambda.environment-secret', 't.yaml', 34)] },
    silent: { model: model([fn(), table({}, [])]), findings: [finding('aws.lambda.environment-secret', 't.yaml', 44)] },
  },
  'stride.web-app.debug-console': {
    fires: { model: model([webApp]), findings: [finding('python.debug-mode.flask-debugger', 'app.py', 90, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.debug-mode.flask-debugger', 'other.py', 90, { category: 'sast' })] },
  },
  'stride.process.untrusted-code-execution': {
    fires: { model: model([webApp]), findings: [finding('python.deserialization.pickle', 'app.py', 12, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.xss.taint', 'app.py', 12, { category: 'sast' })] },
  },
  'stride.process.forged-identity-token': {
    fires: { model: model([webApp]), findings: [finding('python.jwt.verification-disabled', 'app.py', 30, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.jwt.verification-disabled', 'other.py', 30, { category: 'sast' })] },
  },
  'stride.process.server-side-request-forgery': {
    fires: { model: model([webApp]), findings: [finding('python.ssrf.taint', 'app.py', 31, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.sqli.taint', 'app.py', 31, { category: 'sast' })] },
  },
  'stride.process.path-traversal': {
    fires: { model: model([webApp]), findings: [finding('python.path-traversal.tar-extractall', 'app.py', 32, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.path-traversal.taint', 'tools/seed.py', 32, { category: 'sast' })] },
  },
  'stride.web-app.script-injection': {
    fires: { model: model([webApp]), findings: [finding('python.xss.taint', 'app.py', 33, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.deserialization.pickle', 'app.py', 33, { category: 'sast' })] },
  },
  'stride.process.weak-secret-generation': {
    fires: { model: model([webApp]), findings: [finding('python.weak-hash.password', 'app.py', 34, { category: 'sast' })] },
    silent: { model: model([webApp]), findings: [finding('python.weak-hash.password', 'lib/other.py', 34, { category: 'sast' })] },
  },
  'stride.ci.untrusted-build': {
    fires: { model: model([element('process', 'ci', 'Build', { attributes: { privileged: true, sourceType: 'GITHUB' } })]) },
    silent: { model: model([element('process', 'ci', 'Build', { attributes: { privileged: true, sourceType: 'CODECOMMIT' } })]) },
  },
};

const ruleIds = (c: Case) => generateThreats(c.model, c.findings ?? []).threats.map((t) => t.rule);

describe('STRIDE rule catalog', () => {
  it('loads without warnings and covers all six STRIDE categories', () => {
    const catalog = defaultThreatCatalog();
    expect(catalog.warnings).toEqual([]);
    const letters = new Set(catalog.rules.flatMap((r) => r.stride));
    expect([...letters].sort()).toEqual(['D', 'E', 'I', 'R', 'S', 'T']);
  });

  it('has a must-fire and a must-not-fire fixture for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(defaultThreatCatalog().rules.map((r) => r.id));
  });

  for (const [id, { fires, silent }] of Object.entries(CASES)) {
    it(`${id} fires on its fixture`, () => expect(ruleIds(fires)).toContain(id));
    it(`${id} stays silent on its near miss`, () => expect(ruleIds(silent)).not.toContain(id));
  }
});

describe('what the catalog can cite', () => {
  it('cites every bundled SAST rule, so each code finding can confirm a threat', () => {
    const globs = citedFindingGlobs(defaultThreatCatalog()).map(globToRegExp);
    expect(bundledRules().filter((r) => !globs.some((g) => g.test(r.id))).map((r) => r.id)).toEqual([]);
  });
});
