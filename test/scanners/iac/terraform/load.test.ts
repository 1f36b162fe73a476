import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Resource, ResourceGraph, Unknown, lineOf, valueAt } from '../../../../src/scanners/iac/graph.js';
import { type TerraformLoad, loadTerraform } from '../../../../src/scanners/iac/terraform/index.js';
import { RESOURCE_MAPPINGS } from '../../../../src/scanners/iac/terraform/mappings.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));

function fixtureFiles(): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(tf|tfvars)$/.test(name)) files.push({ path: relative(FIXTURES, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(FIXTURES);
  return files;
}

const readFixture = async (path: string) => {
  try {
    return readFileSync(join(FIXTURES, path), 'utf8');
  } catch {
    return undefined;
  }
};

let load: TerraformLoad;
const get = (id: string, stack = 'app'): Resource => {
  const found = load.resources.find((r) => r.stack === stack && r.id === id);
  if (!found) throw new Error(`no resource ${stack}:${id}`);
  return found;
};
const props = (id: string) => get(id).properties;
const unknown = (value: unknown): Unknown => {
  expect(value).toBeInstanceOf(Unknown);
  return value as Unknown;
};

beforeAll(async () => {
  load = await loadTerraform(fixtureFiles(), { readFile: readFixture });
});

describe('loadTerraform: modules, variables and evaluation', () => {
  it('loads each root module as a stack and local child modules into their caller', () => {
    const stacks = new Set(load.resources.map((r) => r.stack));
    expect([...stacks].sort()).toEqual(['app', 'broken']);
    const child = get('module.logs.aws_s3_bucket.this');
    expect(child.type).toBe('AWS::S3::Bucket');
    expect(child.source).toEqual({ path: 'modules/bucket/main.tf', line: 5, endLine: 7 });
    // The module argument `name = "${local.prefix}-logs"` became the child's variable.
    expect(child.properties.BucketName).toBe('shop-prod-logs');
    // The child's own companion merged into the child's bucket.
    expect(child.properties.VersioningConfiguration).toEqual({ Status: 'Suspended' });
  });

  it('resolves variables from defaults, overridden by terraform.tfvars, and locals built from them', () => {
    expect(props('aws_s3_bucket.data').BucketName).toBe('shop-prod-data');
    expect(props('aws_cloudwatch_log_group.api').RetentionInDays).toBe(90);
    expect(props('aws_lambda_function.api').Runtime).toBe('python3.12');
    expect(props('aws_s3_bucket.data').Tags).toEqual([
      { Key: 'Project', Value: 'shop' },
      { Key: 'Env', Value: 'prod' },
    ]);
  });

  it('keeps what cannot be known as Unknown with the expression and the resources it names', () => {
    const role = unknown(props('aws_lambda_function.api').Role);
    expect(role.expression).toBe('aws_iam_role.lambda.arn');
    expect(role.refs).toEqual(['aws_iam_role.lambda#arn']);
    // A variable without default and without value.
    expect(unknown(valueAt(props('aws_dynamodb_table.orders'), ['SSESpecification', 'KMSMasterKeyId'])).expression).toBe('var.table_kms_key');
    // A module output resolves to the child's resource attribute, addressed with the module prefix.
    expect(unknown(valueAt(props('aws_cloudtrail.main'), ['S3BucketName'])).refs).toEqual(['module.logs.aws_s3_bucket.this#bucket']);
    // Templates with unknown parts.
    const sourceArn = unknown(props('aws_lambda_permission.apigw').SourceArn);
    expect(sourceArn.expression).toBe('"${aws_api_gateway_rest_api.shop.execution_arn}/*/*"');
    expect(sourceArn.refs).toEqual(['aws_api_gateway_rest_api.shop#execution_arn']);
  });

  it('evaluates functions, for expressions and conditionals, and never guesses', () => {
    const probe = get('aws_ssm_parameter.probe');
    expect(probe.type).toBe('aws_ssm_parameter');
    const encoded = unknown(probe.properties.value) as Unknown & { value: Record<string, unknown> };
    const value = encoded.value;
    expect(value.flags).toEqual({ a: 'A', b: 'B' });
    expect(value.merged).toEqual({ Project: 'shop', Env: 'prod', Owner: 'team' });
    expect(value.joined).toBe('x,y');
    expect(value.formatted).toBe('build-7');
    expect(value.conditional).toBe('strict');
    expect(value.unknown_cond).toBeInstanceOf(Unknown);
    expect((value.cycle as Unknown).expression).toBe('local.cycle_a');
    expect((value.account as Unknown).refs).toEqual(['data.aws_caller_identity.current#account_id']);
    expect(value.escaped).toBe('a"b\\c ${literal}');
    expect(encoded.refs).toEqual(['data.aws_caller_identity.current#account_id']);
    // `<<-` heredoc: common indentation removed, interpolation evaluated.
    expect(probe.properties.description).toBe('first line\n  indented prod\n');
  });

  it('produces one resource for count / for_each and notes the meta-argument', () => {
    const events = get('aws_sqs_queue.events');
    expect(events.attributes).toEqual({ count: 2 });
    expect(unknown(events.properties.QueueName).refs).toEqual([]);
    expect(get('aws_sqs_queue.per_tenant').attributes).toEqual({ for_each: ['a', 'b'] });
    expect(load.resources.filter((r) => r.id.startsWith('aws_sqs_queue.events'))).toHaveLength(1);
  });

  it('skips resources whose count is known to be 0 or whose for_each is known to be empty', () => {
    expect(load.resources.some((r) => r.id === 'aws_s3_bucket.disabled' || r.id === 'aws_sqs_queue.none')).toBe(false);
  });

  it('makes dynamic blocks Unknown', () => {
    expect(unknown(valueAt(get('aws_security_group.web').properties, ['SecurityGroupIngress', 0])).expression).toBe('dynamic "ingress"');
  });

  it('keeps unmapped types with their Terraform type and raw arguments', () => {
    const glue = get('aws_glue_job.etl');
    expect(glue.type).toBe('aws_glue_job');
    expect(glue.properties.name).toBe('etl');
    expect(glue.properties.command).toEqual([{ script_location: 's3://scripts/etl.py' }]);
    expect(glue.lines.get('command.0.script_location')).toBe(182);
  });

  it('warns about remote modules and broken HCL, and still loads the other files', () => {
    expect(load.warnings).toContainEqual(expect.objectContaining({ code: 'terraform-remote-module', path: 'app/storage.tf', line: 191 }));
    expect(load.warnings).toContainEqual(expect.objectContaining({ code: 'parse-error', path: 'broken/bad.tf', line: 7 }));
    expect(get('aws_sqs_queue.fine', 'broken').properties.QueueName).toBe('fine');
    expect(load.resources.some((r) => r.stack === 'broken' && r.id === 'aws_sqs_queue.ok')).toBe(false);
  });

  it('covers every mapped Terraform type with a fixture', () => {
    const declared = new Set(fixtureFiles().flatMap((f) => [...f.text.matchAll(/^resource "(\w+)"/gm)].map((m) => m[1])));
    expect(Object.keys(RESOURCE_MAPPINGS).filter((type) => !declared.has(type))).toEqual([]);
  });
});

describe('loadTerraform: policies', () => {
  it('renders aws_iam_policy_document data sources into IAM JSON with unknown leaves', () => {
    const policy = get('aws_s3_bucket_policy.data');
    expect(policy.type).toBe('AWS::S3::BucketPolicy');
    const statement = valueAt(policy.properties, ['PolicyDocument', 'Statement', 0]) as Record<string, unknown>;
    expect(statement.Sid).toBe('DenyInsecureTransport');
    expect(statement.Effect).toBe('Deny');
    expect(statement.Action).toEqual(['s3:*']);
    expect(statement.Principal).toBe('*');
    expect(statement.Condition).toEqual({ Bool: { 'aws:SecureTransport': ['false'] } });
    const resources = statement.Resource as Unknown[];
    expect(resources.map((r) => r.refs)).toEqual([['aws_s3_bucket.data#arn'], ['aws_s3_bucket.data#arn']]);
    // Statement lines point into the data source when it is in the same file.
    expect(lineOf(policy, ['PolicyDocument', 'Statement', 0, 'Condition'])).toBe(56);
  });

  it('renders not_actions, principals by type, default effect and dynamic statements', () => {
    const inline = valueAt(props('aws_iam_role.lambda'), ['Policies', 0]) as Record<string, unknown>;
    expect(inline.PolicyName).toBe('read-orders');
    expect(valueAt(inline as never, ['PolicyDocument', 'Statement', 0, 'Effect'])).toBe('Allow');
    expect(valueAt(inline as never, ['PolicyDocument', 'Statement', 1, 'NotAction'])).toEqual(['dynamodb:*']);
    const topic = props('aws_sns_topic_policy.orders');
    expect(valueAt(topic, ['PolicyDocument', 'Statement', 0, 'Principal'])).toEqual({ Service: ['events.amazonaws.com'] });
    expect(unknown(valueAt(topic, ['PolicyDocument', 'Statement', 1])).expression).toBe('dynamic "statement"');
  });

  it('parses jsonencode, heredoc JSON (with interpolations) and file() policies into objects', () => {
    expect(props('aws_iam_role.lambda').AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const queuePolicy = props('aws_sqs_queue_policy.jobs');
    expect(valueAt(queuePolicy, ['PolicyDocument', 'Statement', 0, 'Action'])).toBe('sqs:SendMessage');
    expect(unknown(valueAt(queuePolicy, ['PolicyDocument', 'Statement', 0, 'Resource'])).refs).toEqual(['aws_sqs_queue.jobs#arn']);
    expect(unknown(valueAt(queuePolicy, ['PolicyDocument', 'Statement', 0, 'Condition', 'ArnEquals', 'aws:SourceArn'])).refs).toEqual(['aws_sns_topic.orders#arn']);
    expect(valueAt(props('aws_iam_policy.boundary'), ['PolicyDocument', 'Statement', 0])).toEqual({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(valueAt(props('aws_kms_key.data'), ['KeyPolicy', 'Statement', 0, 'Principal'])).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    const extra = get('aws_iam_role_policy.extra');
    expect(extra.type).toBe('AWS::IAM::Policy');
    expect(unknown(valueAt(extra.properties, ['Roles', 0])).refs).toEqual(['aws_iam_role.lambda#id']);
    expect(unknown(valueAt(extra.properties, ['PolicyDocument', 'Statement', 0, 'Resource'])).expression).toBe('"${aws_s3_bucket.data.arn}/*"');
    expect(lineOf(extra, ['PolicyDocument', 'Statement', 0])).toBe(42);
  });

  it('leaves a file() policy unknown when the file cannot be read', async () => {
    const files = fixtureFiles().filter((f) => f.path.startsWith('app/') || f.path.startsWith('modules/'));
    const { resources } = await loadTerraform(files);
    const boundary = resources.find((r) => r.id === 'aws_iam_policy.boundary')!;
    expect(unknown(boundary.properties.PolicyDocument).expression).toBe('file("${path.module}/policies/boundary.json")');
  });
});

describe('loadTerraform: CloudFormation shapes', () => {
  it('merges S3 companion resources into the bucket with their lines', () => {
    const bucket = get('aws_s3_bucket.data');
    expect(bucket.properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: false });
    expect(valueAt(bucket.properties, ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'])).toBe('aws:kms');
    expect(valueAt(bucket.properties, ['BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'BucketKeyEnabled'])).toBe(true);
    expect(bucket.properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(valueAt(bucket.properties, ['LoggingConfiguration', 'LogFilePrefix'])).toBe('data/');
    expect(lineOf(bucket, ['PublicAccessBlockConfiguration', 'RestrictPublicBuckets'])).toBe(11);
    expect(lineOf(bucket, ['VersioningConfiguration', 'Status'])).toBe(28);
    // The companion stays in the graph too, raw.
    expect(get('aws_s3_bucket_versioning.data').type).toBe('aws_s3_bucket_versioning');
  });

  it('maps the legacy inline S3 blocks and canned ACLs; a literal bucket name finds its companion', () => {
    expect(props('aws_s3_bucket.legacy')).toEqual({
      BucketName: 'shop-legacy',
      AccessControl: 'PublicRead',
      VersioningConfiguration: { Status: 'Suspended' },
      LoggingConfiguration: { DestinationBucketName: 'shop-logs', LogFilePrefix: 'legacy/' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(props('aws_s3_bucket.public').AccessControl).toBe('PublicRead');
    expect(lineOf(get('aws_s3_bucket.public'), ['AccessControl'])).toBe(70);
  });

  it('maps Lambda functions, permissions and URLs', () => {
    const fn = get('aws_lambda_function.api');
    expect(fn.type).toBe('AWS::Lambda::Function');
    expect(fn.properties.FunctionName).toBe('shop-prod-api');
    expect(fn.properties.Timeout).toBe(30);
    expect(fn.properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(valueAt(fn.properties, ['Environment', 'Variables', 'STAGE'])).toBe('prod');
    expect(unknown(fn.properties.KmsKeyArn).refs).toEqual(['aws_kms_key.data#arn']);
    expect(lineOf(fn, ['Environment', 'Variables', 'STAGE'])).toBe(75);
    const permission = get('aws_lambda_permission.apigw');
    expect(permission.type).toBe('AWS::Lambda::Permission');
    expect(permission.properties.Action).toBe('lambda:InvokeFunction');
    expect(permission.properties.Principal).toBe('apigateway.amazonaws.com');
    const url = get('aws_lambda_function_url.api');
    expect(url.type).toBe('AWS::Lambda::Url');
    expect(url.properties.AuthType).toBe('NONE');
    expect(url.properties.Cors).toEqual({ AllowOrigins: ['*'], AllowMethods: ['GET'] });
  });

  it('maps REST APIs, methods, validators, authorizers and stages with method settings', () => {
    const api = get('aws_api_gateway_rest_api.shop');
    expect(valueAt(api.properties, ['EndpointConfiguration', 'Types'])).toEqual(['REGIONAL']);
    // aws_api_gateway_rest_api_policy replaces the inline policy.
    expect(valueAt(api.properties, ['Policy', 'Statement', 0, 'Effect'])).toBe('Deny');
    const method = props('aws_api_gateway_method.get_orders');
    expect(method.HttpMethod).toBe('GET');
    expect(method.AuthorizationType).toBe('COGNITO_USER_POOLS');
    expect(method.ApiKeyRequired).toBe(false);
    expect(unknown(method.RequestValidatorId).refs).toEqual(['aws_api_gateway_request_validator.body#id']);
    expect(props('aws_api_gateway_request_validator.body').ValidateRequestBody).toBe(true);
    expect(props('aws_api_gateway_authorizer.cognito').Type).toBe('COGNITO_USER_POOLS');
    const stage = get('aws_api_gateway_stage.prod');
    expect(stage.properties.TracingEnabled).toBe(true);
    expect(valueAt(stage.properties, ['AccessLogSetting', 'Format'])).toBe('$context.requestId');
    expect(stage.properties.MethodSettings).toEqual([
      { ResourcePath: '/*', HttpMethod: '*', MetricsEnabled: true, LoggingLevel: 'INFO', CachingEnabled: true, CacheDataEncrypted: false },
      { ResourcePath: '/orders~1items', HttpMethod: 'GET', LoggingLevel: 'ERROR' },
    ]);
    expect(lineOf(stage, ['MethodSettings', 0, 'CacheDataEncrypted'])).toBe(57);
  });

  it('maps HTTP APIs, routes, stages, authorizers, WAF associations and CloudFront', () => {
    expect(props('aws_apigatewayv2_api.http')).toMatchObject({ ProtocolType: 'HTTP', CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['*'] } });
    expect(props('aws_apigatewayv2_route.orders')).toMatchObject({ RouteKey: 'GET /orders', AuthorizationType: 'NONE' });
    expect(valueAt(props('aws_apigatewayv2_stage.default'), ['AccessLogSettings', 'Format'])).toBe('{"requestId":"$context.requestId"}');
    expect(props('aws_apigatewayv2_authorizer.jwt')).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Audience: ['shop'] } });
    expect(props('aws_wafv2_web_acl_association.api').WebACLArn).toBe('arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/abc');
    const distribution = props('aws_cloudfront_distribution.site');
    expect(valueAt(distribution, ['DistributionConfig', 'WebACLId'])).toBe('arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/def');
    expect(valueAt(distribution, ['DistributionConfig', 'ViewerCertificate'])).toEqual({ CloudFrontDefaultCertificate: true, MinimumProtocolVersion: 'TLSv1' });
    expect(valueAt(distribution, ['DistributionConfig', 'Logging'])).toEqual({ Bucket: 'logs.s3.amazonaws.com', Prefix: 'cf/' });
    expect(valueAt(distribution, ['DistributionConfig', 'DefaultCacheBehavior', 'ViewerProtocolPolicy'])).toBe('allow-all');
    expect(valueAt(distribution, ['DistributionConfig', 'Origins', 0, 'Id'])).toBe('s3');
  });

  it('maps data stores, messaging, logging and keys', () => {
    expect(props('aws_dynamodb_table.orders')).toMatchObject({
      TableName: 'shop-prod-orders',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
    });
    // "true" converts to a boolean as the provider's schema does.
    expect(props('aws_sqs_queue.jobs').SqsManagedSseEnabled).toBe(true);
    expect(unknown(props('aws_sqs_queue.events').KmsMasterKeyId).refs).toEqual(['aws_kms_key.data#id']);
    expect(props('aws_sns_topic.orders').KmsMasterKeyId).toBe('alias/aws/sns');
    expect(props('aws_kinesis_stream.clicks').StreamEncryption).toEqual({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    expect(unknown(props('aws_cloudwatch_event_bus.orders').KmsKeyIdentifier).refs).toEqual(['aws_kms_key.data#arn']);
    // enable_logging defaults to true in Terraform; IsLogging is required in CloudFormation.
    expect(props('aws_cloudtrail.main')).toMatchObject({ IsLogging: true, EnableLogFileValidation: true });
    expect(props('aws_cloudtrail.main').IsMultiRegionTrail).toBeUndefined();
    expect(props('aws_kms_key.data').EnableKeyRotation).toBe(true);
    expect(props('aws_cloudwatch_log_group.api')).toEqual({ LogGroupName: '/aws/api/prod', RetentionInDays: 90 });
  });

  it('maps Cognito pools and clients', () => {
    expect(props('aws_cognito_user_pool.users')).toEqual({
      UserPoolName: 'users',
      MfaConfiguration: 'OPTIONAL',
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false } },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    expect(props('aws_cognito_user_pool_client.web')).toMatchObject({ RefreshTokenValidity: 30, TokenValidityUnits: { RefreshToken: 'days' } });
    expect(props('aws_cognito_identity_pool.main').AllowUnauthenticatedIdentities).toBe(true);
  });

  it('maps IAM roles, users, groups and attachments', () => {
    const role = get('aws_iam_role.lambda');
    expect(role.properties.ManagedPolicyArns).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    expect(lineOf(role, ['ManagedPolicyArns', 0])).toBe(11);
    expect(lineOf(role, ['ManagedPolicyArns', 1])).toBe(48);
    expect(unknown(role.properties.PermissionsBoundary).refs).toEqual(['aws_iam_policy.boundary#arn']);
    expect(get('aws_iam_policy.boundary').type).toBe('AWS::IAM::ManagedPolicy');
    expect(props('aws_iam_user.ci')).toEqual({ UserName: 'ci', ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
    // Matched by literal group name.
    expect(props('aws_iam_group.admins')).toEqual({ GroupName: 'admins', ManagedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'] });
    expect(get('aws_iam_user_policy.ci').properties.PolicyName).toBe('ci-deploy');
    expect(get('aws_iam_group_policy.admins').type).toBe('AWS::IAM::Policy');
    expect(get('aws_iam_access_key.ci').type).toBe('AWS::IAM::AccessKey');
  });

  it('maps CodeBuild projects with their webhook triggers', () => {
    const project = get('aws_codebuild_project.build');
    expect(project.properties.Source).toEqual({ Type: 'GITHUB', Location: 'https://github.com/example/shop.git', BuildSpec: 'buildspec.yml', ReportBuildStatus: true });
    expect(valueAt(project.properties, ['Environment', 'PrivilegedMode'])).toBe(true);
    expect(valueAt(project.properties, ['Environment', 'EnvironmentVariables'])).toEqual([
      { Name: 'DB_PASSWORD', Value: '/shop/db', Type: 'PARAMETER_STORE' },
      { Name: 'STAGE', Value: 'prod' },
    ]);
    expect(project.properties.Triggers).toEqual({
      Webhook: true,
      BuildType: 'BUILD',
      FilterGroups: [
        [
          { Type: 'EVENT', Pattern: 'PULL_REQUEST_CREATED' },
          { Type: 'ACTOR_ACCOUNT_ID', Pattern: '12345', ExcludeMatchedPattern: true },
        ],
      ],
    });
    expect(lineOf(project, ['Triggers', 'FilterGroups', 0, 1, 'ExcludeMatchedPattern'])).toBe(145);
  });
});

describe('Terraform resources in a ResourceGraph', () => {
  it('link references within each stack', () => {
    const graph = new ResourceGraph();
    for (const resource of load.resources) graph.add(resource);
    graph.linkUnknownRefs();
    const bucket = graph.get('app', 'aws_s3_bucket.data')!;
    expect(graph.referrers(bucket, 'AWS::S3::BucketPolicy').map((r) => r.id)).toEqual(['aws_s3_bucket_policy.data']);
    const fn = graph.get('app', 'aws_lambda_function.api')!;
    expect(graph.referenced(fn, 'AWS::IAM::Role').map((r) => r.id)).toEqual(['aws_iam_role.lambda']);
    expect(graph.referencesFrom(fn).find((e) => e.to === 'aws_iam_role.lambda')).toMatchObject({ path: 'Role', attribute: 'arn' });
    const trail = graph.get('app', 'aws_cloudtrail.main')!;
    expect(graph.referenced(trail).map((r) => r.id)).toEqual(['module.logs.aws_s3_bucket.this']);
  });
});
