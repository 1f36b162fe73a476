import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../src/scanners/iac/cloudformation/template.js';
import { type Resource, Unknown, lineOf } from '../../../src/scanners/iac/graph.js';
import { loadIac } from '../../../src/scanners/iac/load.js';
import { loadServerless } from '../../../src/scanners/iac/serverless/load.js';

const byId = (resources: Resource[], id: string) => {
  const found = resources.find((r) => r.id === id);
  if (!found) throw new Error(`no resource ${id} in ${resources.map((r) => r.id).join(', ')}`);
  return found;
};

describe('CloudFormation loader', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String, Default: prod }
  Secret: { Type: String }
  Zones: { Type: CommaDelimitedList, Default: 'a,b' }
Mappings:
  Sizes: { prod: { Memory: 1024 } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Unknowable: !Equals [!Ref Secret, x]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'logs-\${Env}-\${AWS::AccountId}'
  Fn:
    Type: AWS::Lambda::Function
    DependsOn: Bucket
    Properties:
      MemorySize: !FindInMap [Sizes, !Ref Env, Memory]
      Description: !Join ['-', [fn, !Ref Env]]
      Role: !GetAtt Role.Arn
      Timeout: !If [IsProd, 30, 3]
      ReservedConcurrentExecutions: !If [Unknowable, 1, 2]
      KmsKeyArn: !Ref AWS::NoValue
      Layers: !Split [',', 'a,b']
      Environment:
        Variables:
          BUCKET: !Ref Bucket
          PLAIN: !Sub 'static-\${!Literal}'
          ZONE: !Select [1, !Ref Zones]
  Role:
    Type: AWS::IAM::Role
    Properties: {}
`;
  const loaded = loadTemplate('infra/app.yaml', template)!;
  const fn = byId(loaded.resources, 'Fn');

  it('resolves parameters with defaults, mappings, Join, Split, Select, conditions and AWS::NoValue', () => {
    expect(fn.properties.MemorySize).toBe(1024);
    expect(fn.properties.Description).toBe('fn-prod');
    expect(fn.properties.Timeout).toBe(30);
    expect(fn.properties.Layers).toEqual(['a', 'b']);
    expect('KmsKeyArn' in fn.properties).toBe(false);
    expect((fn.properties.Environment as { Variables: Record<string, unknown> }).Variables.PLAIN).toBe('static-${Literal}');
    expect((fn.properties.Environment as { Variables: Record<string, unknown> }).Variables.ZONE).toBe('b');
    expect(fn.attributes).toEqual({ DependsOn: 'Bucket' });
  });

  it('keeps what depends on deploy-time values unknown, with the resources it names', () => {
    const name = byId(loaded.resources, 'Bucket').properties.BucketName;
    expect(name).toBeInstanceOf(Unknown);
    expect(String(name)).toBe('logs-prod-${AWS::AccountId}');
    const role = fn.properties.Role as Unknown;
    expect(role.refs).toEqual(['Role#Arn']);
    expect(fn.properties.ReservedConcurrentExecutions).toBeInstanceOf(Unknown);
  });

  it('records the line of every property, and links references as edges', async () => {
    expect(fn.source).toEqual({ path: 'infra/app.yaml', line: 16 });
    expect(lineOf(fn, ['Environment', 'Variables', 'BUCKET'])).toBe(29);
    expect(lineOf(fn, ['Timeout'])).toBe(23);
    const { graph } = await loadIac([{ path: 'infra/app.yaml', text: template }]);
    const graphFn = graph.get('infra/app.yaml', 'Fn')!;
    expect(graph.referenced(graphFn).map((r) => r.id).sort()).toEqual(['Bucket', 'Role']);
    expect(graph.referrers(graph.get('infra/app.yaml', 'Role')!).map((r) => r.id)).toEqual(['Fn']);
  });

  it('reads JSON templates and CDK construct paths', () => {
    const json = JSON.stringify({ Resources: { Queue1234: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: false }, Metadata: { 'aws:cdk:path': 'AppStack/Orders/Queue/Resource' } } } }, null, 2);
    const cdk = loadTemplate('cdk.out/AppStack.template.json', json)!;
    expect(cdk.resources[0]).toMatchObject({ format: 'cdk', constructPath: 'AppStack/Orders/Queue/Resource', properties: { SqsManagedSseEnabled: false } });
    expect(lineOf(cdk.resources[0]!, ['SqsManagedSseEnabled'])).toBe(6);
  });

  it('ignores YAML that is not a template and reports broken templates with a line', () => {
    expect(loadTemplate('docker-compose.yml', 'services:\n  web:\n    image: nginx\n')).toBeUndefined();
    const broken = loadTemplate('bad.yaml', 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  A: [unclosed\n')!;
    expect(broken.resources).toEqual([]);
    expect(broken.warnings[0]).toMatchObject({ code: 'parse-error', path: 'bad.yaml' });
    expect(broken.warnings[0]!.line).toBeGreaterThanOrEqual(3);
  });
});

describe('SAM expansion', () => {
  const text = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'fitness-tracker', 'template.yaml'), 'utf8');
  const { resources } = loadTemplate('template.yaml', text)!;

  it('gives each function its execution role with policy templates bound to their resources', () => {
    const role = byId(resources, 'ActivitiesFunctionRole');
    expect(role.generatedBy).toEqual({ id: 'ActivitiesFunction', type: 'AWS::Serverless::Function' });
    expect(role.properties.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    const policies = role.properties.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown[] }[] } }[];
    const crud = policies[0]!.PolicyDocument.Statement[0]!;
    expect(crud.Action).toContain('dynamodb:PutItem');
    expect(String(crud.Resource[0])).toBe('arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}');
    expect((crud.Resource[0] as Unknown).refs).toEqual(['ActivitiesTable']);
    expect(byId(resources, 'ActivitiesFunction').properties.Role).toBeInstanceOf(Unknown);
  });

  it('expands policy templates with conditions and without parameters', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Policies:
        - RekognitionDetectOnlyPolicy: {}
        - EFSWriteAccessPolicy: { FileSystem: fs-123, AccessPoint: fsap-456 }
`;
    const role = byId(loadTemplate('sam.yaml', sam)!.resources, 'FnRole');
    const statements = (role.properties.Policies as { PolicyDocument: { Statement: { Action: string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> }[] } }[]).map((p) => p.PolicyDocument.Statement[0]!);
    expect(statements[0]).toMatchObject({ Action: ['rekognition:DetectFaces', 'rekognition:DetectLabels', 'rekognition:DetectModerationLabels', 'rekognition:DetectText'], Resource: '*' });
    expect(String(statements[1]!.Resource)).toBe('arn:aws:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-123');
    expect(String(statements[1]!.Condition!.StringEquals!['elasticfilesystem:AccessPointArn'])).toBe('arn:aws:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/fsap-456');
  });

  it('merges Globals into functions', () => {
    const fn = byId(resources, 'RoutesFunction');
    expect(fn.type).toBe('AWS::Lambda::Function');
    expect(fn.properties.Runtime).toBe('python3.12');
    expect(fn.properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(Object.keys((fn.properties.Environment as { Variables: object }).Variables)).toEqual(['STAGE', 'TABLE_NAME', 'MAPS_API_KEY']);
  });

  it('turns Api and HttpApi events into methods and routes with the authorizer that applies', () => {
    expect(byId(resources, 'ActivitiesFunctionRecordActivityMethod').properties).toMatchObject({ HttpMethod: 'POST', ResourceId: '/activities', AuthorizationType: 'COGNITO_USER_POOLS' });
    expect(byId(resources, 'RoutesFunctionListRoutesMethod').properties).toMatchObject({ HttpMethod: 'GET', AuthorizationType: 'NONE' });
    expect(byId(resources, 'SocialsFunctionFeedRoute').properties).toMatchObject({ RouteKey: 'GET /socials/feed', AuthorizationType: 'JWT' });
    expect(byId(resources, 'SocialsFunctionPartnerWebhookRoute').properties).toMatchObject({ RouteKey: 'POST /socials/webhook', AuthorizationType: 'NONE' });
    expect(byId(resources, 'ActivitiesFunctionRecordActivityMethod').source.line).toBe(text.split('\n').findIndex((l) => l.includes('RecordActivity:')) + 1);
  });

  it('expands APIs into stages that keep logging and cache settings, tables and function URLs', () => {
    expect(byId(resources, 'ActivitiesApi').properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    const stage = byId(resources, 'ActivitiesApiStage');
    expect(stage.properties).toMatchObject({ StageName: 'prod', CacheClusterEnabled: true, MethodSettings: [{ CachingEnabled: true }] });
    expect(byId(resources, 'RoutesTable')).toMatchObject({ type: 'AWS::DynamoDB::Table', properties: { BillingMode: 'PAY_PER_REQUEST' } });
    expect(byId(resources, 'SupportFunctionUrl').properties.AuthType).toBe('NONE');
    expect(byId(resources, 'SupportFunctionUrlPublicPermissions').properties).toMatchObject({ Principal: '*', FunctionUrlAuthType: 'NONE' });
  });
});

describe('Serverless Framework loader', () => {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', 'serverless.yml'), 'utf8');
  const { resources, warnings } = loadServerless('serverless.yml', text)!;

  it('resolves self and opt variables and keeps other sources unknown', () => {
    expect(warnings).toEqual([]);
    const webhook = byId(resources, 'WebhookLambdaFunction');
    const variables = (webhook.properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.TABLE_NAME).toBe('socials-dev');
    expect(String(variables.PARTNER_TOKEN)).toBe('${ssm:/fitness/partner-token}');
    expect(variables.PARTNER_TOKEN).toBeInstanceOf(Unknown);
    expect(lineOf(webhook, ['Environment', 'Variables', 'WEBHOOK_SECRET'])).toBe(40);
  });

  it('builds the shared execution role, routes with their authorization, function URLs and extra resources', () => {
    const role = byId(resources, 'IamRoleLambdaExecution');
    const statement = (role.properties.Policies as { PolicyDocument: { Statement: { Resource: unknown }[] } }[])[0]!.PolicyDocument.Statement[0]!;
    expect(statement.Resource).toBe('arn:aws:dynamodb:*:*:table/socials-dev');
    expect(byId(resources, 'HttpApiRouteGetFeed').properties).toMatchObject({ RouteKey: 'GET /feed', AuthorizationType: 'JWT' });
    expect(byId(resources, 'HttpApiRoutePostWebhook').properties).toMatchObject({ RouteKey: 'POST /webhook', AuthorizationType: 'NONE' });
    expect(byId(resources, 'ApiGatewayMethodLegacyIdVarGet').properties).toMatchObject({ HttpMethod: 'GET', ResourceId: '/legacy/{id}', AuthorizationType: 'NONE' });
    expect(byId(resources, 'LegacyLambdaFunctionUrl').properties.AuthType).toBe('NONE');
    expect(byId(resources, 'SocialsTable')).toMatchObject({ format: 'serverless', properties: { TableName: 'socials-dev' } });
  });

  it('leaves non-AWS providers alone', () => {
    expect(loadServerless('serverless.yml', 'service: x\nprovider:\n  name: azure\n')).toBeUndefined();
  });
});
