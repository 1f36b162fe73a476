import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessFor, architectureFromGraph } from '../../src/architecture/from-graph.js';
import type { Architecture, Flow } from '../../src/architecture/model.js';
import { ResourceGraph, Unknown } from '../../src/scanners/iac/graph.js';
import { loadIac } from '../../src/scanners/iac/load.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAM = 'examples/fitness-tracker/template.yaml';
const TF = 'examples/fitness-tracker/terraform';
const FIXTURES = 'test/architecture/fixtures';

async function graphOf(...paths: string[]): Promise<ResourceGraph> {
  const files = paths.flatMap((path) =>
    path.endsWith('.yaml') ? [path] : readdirSync(join(ROOT, path)).map((name) => `${path}/${name}`),
  );
  const { graph } = await loadIac(files.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })));
  return graph;
}

const id = (kind: string, type: string, stack: string, name: string) => `${kind}:${type}:${stack}#${name}`.toLowerCase();
const USERS = 'external-entity:user:internet-users';

function flow(model: Architecture, from: string, to: string, label: string): Flow {
  const found = model.flows.find((f) => f.from === from && f.to === to && f.label === label);
  if (!found) throw new Error(`no flow ${from} -> ${to} "${label}" among\n${model.flows.map((f) => `${f.from} -> ${f.to} ${f.label}`).join('\n')}`);
  return found;
}

describe('architectureFromGraph: fitness tracker (SAM)', async () => {
  const model = architectureFromGraph(await graphOf(SAM));
  const el = (kind: string, type: string, name: string) => id(kind, type, SAM, name);
  const fn = (name: string) => el('process', 'lambda', name);
  const table = (name: string) => el('data-store', 'dynamodb', name);
  const activitiesApi = el('process', 'api-gateway', 'ActivitiesApi');
  const socialsApi = el('process', 'api-gateway', 'SocialsHttpApi');

  it('has exactly the expected elements: no roles, methods, permissions or stages', () => {
    expect(model.elements.map((e) => [e.id, e.kind, e.type, e.name])).toEqual([
      [table('ActivitiesTable'), 'data-store', 'dynamodb', 'ActivitiesTable'],
      [table('AthleteProfilesTable'), 'data-store', 'dynamodb', 'AthleteProfilesTable'],
      [table('RoutesTable'), 'data-store', 'dynamodb', 'RoutesTable'],
      [table('SocialsTable'), 'data-store', 'dynamodb', 'SocialsTable'],
      [el('data-store', 'log', 'ApiAccessLogs'), 'data-store', 'log', 'ApiAccessLogs'],
      [el('data-store', 's3', 'ExportsBucket'), 'data-store', 's3', 'ExportsBucket'],
      [el('data-store', 'secrets-store', 'secrets-manager-secrets-outside-this-template'), 'data-store', 'secrets-store', 'Secrets Manager secrets outside this template'],
      [el('data-store', 'topic', 'ActivityEventsTopic'), 'data-store', 'topic', 'ActivityEventsTopic'],
      ['external-entity:aws-service:ses', 'external-entity', 'aws-service', 'Amazon SES'],
      [el('external-entity', 'identity-provider', 'AthletesUserPool'), 'external-entity', 'identity-provider', 'AthletesUserPool'],
      [USERS, 'external-entity', 'user', 'Internet users'],
      [activitiesApi, 'process', 'api-gateway', 'ActivitiesApi'],
      [socialsApi, 'process', 'api-gateway', 'SocialsHttpApi'],
      [fn('ActivitiesFunction'), 'process', 'lambda', 'ActivitiesFunction'],
      [fn('RoutesFunction'), 'process', 'lambda', 'RoutesFunction'],
      [fn('SocialsFunction'), 'process', 'lambda', 'SocialsFunction'],
      [fn('SupportFunction'), 'process', 'lambda', 'SupportFunction'],
    ]);
  });

  it('user → ActivitiesApi POST /activities is authenticated by Cognito and authorized', () => {
    const f = flow(model, USERS, activitiesApi, 'POST /activities');
    expect(f).toMatchObject({ protocol: 'https', authentication: 'cognito', authorization: 'enforced', encryptedInTransit: true, origin: 'inferred' });
    expect(f.crosses).toEqual(['boundary:internet', 'boundary:aws-account', `boundary:stack:${SAM}`]);
    expect(f.evidence).toEqual([
      {
        source: 'iac',
        path: SAM,
        line: 109,
        resource: { stack: SAM, id: 'ActivitiesFunctionRecordActivityMethod', type: 'AWS::ApiGateway::Method' },
        note: 'AWS::ApiGateway::Method POST /activities with AuthorizationType COGNITO_USER_POOLS (from AWS::Serverless::Function ActivitiesFunction).',
      },
    ]);
  });

  it('GET /routes reaches RoutesFunction without authentication', () => {
    expect(flow(model, USERS, activitiesApi, 'GET /routes')).toMatchObject({ authentication: 'none', authorization: 'none' });
    expect(flow(model, activitiesApi, fn('RoutesFunction'), 'GET /routes')).toMatchObject({ protocol: 'aws-api', authentication: 'iam' });
    expect(flow(model, USERS, socialsApi, 'GET /socials/feed')).toMatchObject({ authentication: 'jwt', authorization: 'enforced' });
    expect(flow(model, USERS, socialsApi, 'POST /socials/webhook')).toMatchObject({ authentication: 'none', authorization: 'none' });
  });

  it('SupportFunction has a public function URL without authentication', () => {
    expect(flow(model, USERS, fn('SupportFunction'), 'function URL')).toMatchObject({ authentication: 'none', authorization: 'none', protocol: 'https' });
    expect(model.elements.find((e) => e.id === fn('SupportFunction'))?.attributes.functionUrl).toBe('NONE');
  });

  it('draws execution-role grants as read/write flows to the stores they name', () => {
    const crud = flow(model, fn('ActivitiesFunction'), table('ActivitiesTable'), 'read-write');
    expect(crud).toMatchObject({ protocol: 'aws-api', authentication: 'iam', authorization: 'enforced', data: ['personal'] });
    expect(crud.evidence[0]).toMatchObject({ resource: { id: 'ActivitiesFunctionRole', type: 'AWS::IAM::Role' } });
    expect(crud.evidence[0]!.note).toContain('dynamodb:GetItem');
    flow(model, fn('RoutesFunction'), table('RoutesTable'), 'read');
    expect(model.flows.filter((f) => f.from === fn('RoutesFunction') && f.to.startsWith('data-store:')).map((f) => f.label)).toEqual(['read']);
    // The Strava secret's ARN is a parameter: the store is drawn as outside the template.
    expect(flow(model, fn('ActivitiesFunction'), el('data-store', 'secrets-store', 'secrets-manager-secrets-outside-this-template'), 'read').data).toEqual(['credentials']);
  });

  it('SocialsFunction reaches every DynamoDB table of the stack via its wildcard', () => {
    const targets = model.flows.filter((f) => f.from === fn('SocialsFunction') && f.label === 'read-write (via wildcard)').map((f) => f.to);
    expect(targets).toEqual([table('ActivitiesTable'), table('AthleteProfilesTable'), table('RoutesTable'), table('SocialsTable')]);
    expect(model.assumptions).toContain(`SocialsFunction is allowed dynamodb actions on *, which reaches resources outside ${SAM} too; only that stack's are drawn.`);
  });

  it('classifies data from names and key attributes', () => {
    const data = Object.fromEntries(model.elements.map((e) => [e.name, e.data ?? []]));
    expect(data).toMatchObject({
      AthleteProfilesTable: ['personal'],
      ActivitiesTable: ['personal'],
      RoutesTable: [],
      ActivitiesFunction: ['credentials'],
      RoutesFunction: ['credentials'],
      AthletesUserPool: ['credentials', 'personal'],
    });
    const profiles = model.elements.find((e) => e.name === 'AthleteProfilesTable')!;
    expect(profiles.evidence.map((e) => e.note)).toContain('Names suggest personal data ("athlete" in AthleteProfilesTable, "profile" in AthleteProfilesTable).');
  });

  it('reads API, function, table and user-pool attributes', () => {
    const attributes = Object.fromEntries(model.elements.map((e) => [e.name, e.attributes]));
    expect(attributes.ActivitiesApi).toEqual({
      protocol: 'rest', publicEndpoint: true, waf: false, accessLogs: true, stage: 'prod',
      routes: ['GET /activities/{id}', 'GET /routes', 'POST /activities'], authorizers: ['AthletesAuthorizer'],
    });
    expect(attributes.ActivitiesFunction).toEqual({ runtime: 'python3.12', handler: 'activities.handler', codeUri: 'src/', role: 'ActivitiesFunctionRole', vpc: false, routes: ['GET /activities/{id}', 'POST /activities'] });
    expect(attributes.ActivitiesTable).toMatchObject({ pointInTimeRecovery: true, customerKey: true });
    expect(attributes.AthleteProfilesTable).toMatchObject({ pointInTimeRecovery: false, customerKey: false, physicalName: 'athlete-profiles' });
    expect(attributes.ExportsBucket).toMatchObject({ publicAccessBlock: true, encryption: 'aws:kms', customerKey: true });
    expect(attributes.AthletesUserPool).toMatchObject({ mfa: 'off' });
  });

  it('draws identity, access-log and integration flows', () => {
    const pool = el('external-entity', 'identity-provider', 'AthletesUserPool');
    flow(model, pool, activitiesApi, 'token validation');
    flow(model, pool, socialsApi, 'token validation');
    expect(flow(model, USERS, pool, 'sign in').data).toEqual(['credentials', 'personal']);
    flow(model, activitiesApi, el('data-store', 'log', 'ApiAccessLogs'), 'access logs');
    flow(model, activitiesApi, fn('ActivitiesFunction'), 'POST /activities');
    flow(model, socialsApi, fn('SocialsFunction'), 'POST /socials/webhook');
    expect(flow(model, fn('SupportFunction'), 'external-entity:aws-service:ses', 'read-write').crosses).toEqual([`boundary:stack:${SAM}`, 'boundary:aws-account']);
  });

  it('has the Internet, account and stack boundaries', () => {
    expect(model.boundaries).toEqual([
      { id: 'boundary:aws-account', kind: 'aws-account', name: 'AWS account' },
      { id: 'boundary:internet', kind: 'internet', name: 'Internet' },
      { id: `boundary:stack:${SAM}`, kind: 'stack', name: SAM, parent: 'boundary:aws-account' },
    ]);
    expect(model.elements.find((e) => e.id === USERS)?.boundary).toBe('boundary:internet');
    expect(model.elements.find((e) => e.id === fn('SocialsFunction'))?.boundary).toBe(`boundary:stack:${SAM}`);
  });

  it('gives every element and flow evidence with a path, line, resource and note', () => {
    for (const item of [...model.elements, ...model.flows]) {
      expect(item.evidence.length, item.id).toBeGreaterThan(0);
      for (const evidence of item.evidence) {
        expect(evidence.path).toBe(SAM);
        expect(evidence.line).toBeGreaterThan(0);
        expect(evidence.resource?.stack).toBe(SAM);
        expect(evidence.note).toMatch(/\.$/);
      }
    }
  });
});

describe('architectureFromGraph: fitness tracker (Terraform)', async () => {
  const model = architectureFromGraph(await graphOf(TF));
  const el = (kind: string, type: string, name: string) => id(kind, type, TF, name);
  const api = el('process', 'api-gateway', 'aws_api_gateway_rest_api.activities');
  const fn = el('process', 'lambda', 'aws_lambda_function.activities');

  it('has the Terraform elements', () => {
    expect(model.elements.map((e) => [e.id, e.type])).toEqual([
      [el('data-store', 'dynamodb', 'aws_dynamodb_table.activities'), 'dynamodb'],
      [el('external-entity', 'identity-provider', 'aws_cognito_user_pool.athletes'), 'identity-provider'],
      [USERS, 'user'],
      [api, 'api-gateway'],
      [fn, 'lambda'],
    ]);
  });

  it('builds routes from aws_api_gateway_resource paths, skipping CORS preflight flows', () => {
    expect(flow(model, USERS, api, 'POST /activities')).toMatchObject({ authentication: 'cognito', authorization: 'enforced' });
    expect(flow(model, USERS, api, 'GET /routes')).toMatchObject({ authentication: 'none', authorization: 'none' });
    expect(model.flows.some((f) => f.label.startsWith('OPTIONS'))).toBe(false);
    expect(model.elements.find((e) => e.id === api)?.attributes).toMatchObject({ waf: true, routes: ['GET /routes', 'OPTIONS /routes', 'POST /activities'], stage: 'prod' });
    expect(model.assumptions.some((a) => a.startsWith('The rules of the AWS WAF web ACL associated with aws_api_gateway_rest_api.activities'))).toBe(true);
  });

  it('draws the function URL, the wildcard grant and the user-pool MFA setting', () => {
    expect(flow(model, USERS, fn, 'function URL')).toMatchObject({ authentication: 'none' });
    const grant = flow(model, fn, el('data-store', 'dynamodb', 'aws_dynamodb_table.activities'), 'read-write (via wildcard)');
    expect(grant.evidence[0]).toMatchObject({ path: `${TF}/iam.tf`, resource: { id: 'aws_iam_role_policy.activities' } });
    expect(model.elements.find((e) => e.type === 'identity-provider')?.attributes.mfa).toBe('optional');
    expect(model.elements.find((e) => e.id === fn)?.data).toEqual(['credentials']);
  });
});

describe('architectureFromGraph: grants, event sources and VPCs', async () => {
  const stack = `${FIXTURES}/worker.yaml`;
  const model = architectureFromGraph(await graphOf(stack));
  const el = (kind: string, type: string, name: string) => id(kind, type, stack, name);
  const worker = el('process', 'lambda', 'Worker');

  it('reads each statement by its verbs and resources', () => {
    expect(model.flows.filter((f) => f.from === worker).map((f) => [f.to, f.label])).toEqual([
      [el('data-store', 'dynamodb', 'Orders'), 'read (via wildcard)'],
      [el('data-store', 'queue', 'Queue'), 'read-write'],
      [el('data-store', 's3', 'Uploads'), 'read'], // a literal ARN naming the bucket
      [el('data-store', 'topic', 'sns-topics-outside-this-template'), 'write'],
    ]);
    const outside = model.elements.find((e) => e.id === el('data-store', 'topic', 'sns-topics-outside-this-template'));
    expect(outside).toMatchObject({ boundary: 'boundary:aws-account', attributes: { declared: false, resources: ['arn:aws:sns:us-east-1:123456789012:billing-events'] }, data: ['payment'] });
  });

  it('draws log groups only when written to, and never KMS keys, roles or subnets', () => {
    expect(model.elements.map((e) => e.name).sort()).toEqual(['Amazon EventBridge', 'InternalApi', 'Orders', 'Queue', 'SNS topics outside this template', 'Topic', 'Uploads', 'Worker']);
  });

  it('draws event sources: mapping, bucket permission, service without source, subscription', () => {
    flow(model, el('data-store', 'queue', 'Queue'), worker, 'messages');
    expect(flow(model, el('data-store', 's3', 'Uploads'), worker, 'object event')).toMatchObject({ protocol: 'event', data: ['health', 'personal'] });
    flow(model, 'external-entity:aws-service:events', worker, 'event');
    flow(model, el('data-store', 'topic', 'Topic'), el('data-store', 'queue', 'Queue'), 'notification');
  });

  it('puts the function in its VPC and keeps private APIs off the Internet', () => {
    const vpc = `boundary:vpc:${stack}#vpc`;
    expect(model.boundaries.find((b) => b.id === vpc)).toEqual({ id: vpc, kind: 'vpc', name: 'Vpc', parent: `boundary:stack:${stack}` });
    expect(model.elements.find((e) => e.id === worker)?.boundary).toBe(vpc);
    expect(flow(model, el('data-store', 'queue', 'Queue'), worker, 'messages').crosses).toEqual([vpc]);
    expect(model.elements.some((e) => e.id === USERS)).toBe(false);
    flow(model, el('process', 'api-gateway', 'InternalApi'), worker, 'GET /items/{id}');
  });

  it('states what it could not see, and nothing about VPC-less functions when there are none', () => {
    expect(model.assumptions).toEqual([
      `InternalApi has a private endpoint: its callers, inside a VPC, are not in this template.`,
      `Worker is allowed dynamodb actions on arn:aws:dynamodb:*:*:table/*, which reaches resources outside ${stack} too; only that stack's are drawn.`,
      'Worker: managed policy arn:aws:iam::123456789012:policy/TeamBoundaryExtras is not in this repository; the access it grants is not drawn.',
    ]);
  });
});

describe('architectureFromGraph: HTTP API integrations, schedules and triggers', async () => {
  const stack = `${FIXTURES}/events.yaml`;
  const model = architectureFromGraph(await graphOf(stack));
  const el = (kind: string, type: string, name: string) => id(kind, type, stack, name);
  const api = el('process', 'api-gateway', 'HttpApi');
  const handler = el('process', 'lambda', 'Handler');

  it('follows routes through separate integration resources', () => {
    flow(model, api, handler, 'GET /health');
    expect(flow(model, api, handler, 'POST /payments').data).toEqual(['payment']);
  });

  it('a health-check route carries no health data; IAM routes and URLs are authorized', () => {
    expect(flow(model, USERS, api, 'GET /health')).toMatchObject({ authentication: 'none', authorization: 'none' });
    expect(flow(model, USERS, api, 'GET /health').data).toBeUndefined();
    expect(flow(model, USERS, api, 'POST /payments')).toMatchObject({ authentication: 'iam', authorization: 'enforced', data: ['payment'] });
    expect(flow(model, USERS, handler, 'function URL')).toMatchObject({ authentication: 'iam', authorization: 'enforced' });
  });

  it('draws a scheduled rule once (not again for its permission) and user-pool triggers', () => {
    expect(model.flows.filter((f) => f.to === handler && f.from === 'external-entity:aws-service:events').map((f) => f.label)).toEqual(['schedule rate(1 day)']);
    flow(model, el('external-entity', 'identity-provider', 'Pool'), handler, 'trigger');
    expect(model.elements.find((e) => e.name === 'Handler')?.attributes.role).toBe('arn:aws:iam::123456789012:role/shop-handler');
    expect(model.elements.find((e) => e.name === 'Pool')?.attributes.mfa).toBe('on');
  });
});

describe('architectureFromGraph: state machines, CodeBuild, ECS and RDS', async () => {
  const stack = `${FIXTURES}/platform.yaml`;
  const model = architectureFromGraph(await graphOf(stack));
  const el = (kind: string, type: string, name: string) => id(kind, type, stack, name);

  it('types each process and draws one element for a cluster and its instances', () => {
    expect(model.elements.map((e) => [e.name, e.kind, e.type])).toEqual([
      ['Database', 'data-store', 'rds'],
      ['DeployToken', 'data-store', 'secrets-store'],
      ['Build', 'process', 'ci'],
      ['Service', 'process', 'container'],
      ['Step', 'process', 'lambda'],
      ['Flow', 'process', 'state-machine'],
    ]);
  });

  it('follows each kind of role: RoleArn, ServiceRole through AWS::IAM::Policy, TaskDefinition > TaskRoleArn', () => {
    expect(flow(model, el('process', 'state-machine', 'Flow'), el('process', 'lambda', 'Step'), 'invoke')).toMatchObject({ authentication: 'iam' });
    expect(flow(model, el('process', 'ci', 'Build'), el('data-store', 'secrets-store', 'DeployToken'), 'read').evidence[0]).toMatchObject({ resource: { id: 'BuildPolicy', type: 'AWS::IAM::Policy' } });
    expect(flow(model, el('process', 'container', 'Service'), el('data-store', 'rds', 'Database'), 'read-write').data).toEqual(['personal']);
    expect(model.elements.find((e) => e.name === 'DeployToken')?.data).toEqual(['credentials']);
  });
});

describe('architectureFromGraph: determinism and robustness', () => {
  it('gives JSON-identical output on two runs and for any insertion order', async () => {
    const graph = await graphOf(SAM, TF, `${FIXTURES}/worker.yaml`, `${FIXTURES}/events.yaml`, `${FIXTURES}/platform.yaml`);
    const first = JSON.stringify(architectureFromGraph(graph));
    expect(JSON.stringify(architectureFromGraph(graph))).toBe(first);

    const resources = [...graph.resources];
    // A fixed permutation: odd positions reversed, then even positions.
    const shuffled = [...resources.filter((_, i) => i % 2 === 1).reverse(), ...resources.filter((_, i) => i % 2 === 0)];
    const copy = new ResourceGraph();
    for (const resource of shuffled) copy.add(resource);
    for (const resource of [...shuffled].reverse()) for (const edge of [...graph.referencesFrom(resource)].reverse()) copy.addEdge(edge);
    expect(JSON.stringify(architectureFromGraph(copy))).toBe(first);
  });

  it('returns an empty model for an empty graph', () => {
    expect(architectureFromGraph(new ResourceGraph())).toEqual({ elements: [], flows: [], boundaries: [], assumptions: [] });
  });

  it('does not throw on unresolved and malformed properties', () => {
    const graph = new ResourceGraph();
    const base = { stack: 'bad.yaml', format: 'cloudformation' as const, source: { path: 'bad.yaml', line: 1 }, lines: new Map<string, number>() };
    graph.add({ ...base, id: 'Api', type: 'AWS::ApiGateway::RestApi', properties: { EndpointConfiguration: { Types: new Unknown('!Ref EndpointType') } } });
    graph.add({ ...base, id: 'Method', type: 'AWS::ApiGateway::Method', properties: { RestApiId: new Unknown('!Ref Api', ['Api']), HttpMethod: 42, AuthorizationType: new Unknown('!Ref Auth'), ResourceId: null } });
    graph.add({ ...base, id: 'Fn', type: 'AWS::Lambda::Function', properties: { Role: new Unknown('!Ref RoleArn'), Environment: 'oops', Runtime: ['x'] } });
    graph.add({ ...base, id: 'Role', type: 'AWS::IAM::Role', properties: { Policies: [{ PolicyDocument: 'not json' }, 7] } });
    graph.add({ ...base, id: 'Table', type: 'AWS::DynamoDB::Table', properties: { KeySchema: 'x', SSESpecification: { KMSMasterKeyId: new Unknown('!Ref Key'), SSEEnabled: new Unknown('!Ref On') } } });
    graph.linkUnknownRefs();
    const model = architectureFromGraph(graph);
    expect(model.elements.map((e) => e.name)).toEqual(['Table', 'Internet users', 'Api', 'Fn']);
    expect(flow(model, USERS, 'process:api-gateway:bad.yaml#api', '42 {null}')).toMatchObject({ authentication: 'unknown', authorization: 'unknown' });
    expect(model.elements.find((e) => e.name === 'Table')?.attributes.customerKey).toBe('unknown');
    expect(model.assumptions).toContain("Api's endpoint type is not resolvable; it is drawn as reachable from the Internet.");
  });
});

describe('accessFor', () => {
  it.each([
    [['dynamodb:GetItem', 'dynamodb:Query'], 'dynamodb', ['read']],
    [['dynamodb:PutItem'], 'dynamodb', ['write']],
    [['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'], 'dynamodb', ['read', 'write']],
    [['dynamodb:*'], 'dynamodb', ['invoke', 'read', 'write']],
    [['dynamodb:Get*'], 'dynamodb', ['read']],
    [['dynamodb:Batch*'], 'dynamodb', ['read', 'write']],
    [['DynamoDB:getitem'], 'dynamodb', ['read']],
    [['s3:GetObject'], 'dynamodb', []],
    [['kms:Decrypt'], 'kms', []],
    [['dynamodb:TagResource'], 'dynamodb', []],
    [['lambda:InvokeFunction'], 'lambda', ['invoke']],
    [['rds-data:ExecuteStatement'], 'rds-data', ['read', 'write']],
    [['sqs:SendMessage'], 'sqs', ['write']],
    [['sns:Publish'], 'sns', ['write']],
    [['*'], 's3', ['invoke', 'read', 'write']],
  ])('%j on %s → %j', (actions, service, expected) => {
    expect([...accessFor(actions, service)].sort()).toEqual(expected);
  });
});
