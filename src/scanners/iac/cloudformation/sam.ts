import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ScanWarning } from '../../../core/warnings.js';
import { type Raw, type RawObject, childLine, isRawObject, rawObjectAt, setChildLine } from './raw.js';

/** The `Transform` value that marks a SAM template. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** AWS managed policy every SAM function role gets (SAM's default `AWSLambdaBasicExecutionRole`). */
const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const VPC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

interface PolicyTemplate {
  parameters?: string[];
  statements?: RawObject[];
  managed?: string;
}

const POLICY_TEMPLATES = parseYaml(readFileSync(new URL('./data/sam-policy-templates.yaml', import.meta.url), 'utf8')) as Record<string, PolicyTemplate>;

/** `Globals` sections and the resource type each applies to. */
const GLOBAL_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  StateMachine: 'AWS::Serverless::StateMachine',
};

/** Lambda function properties SAM passes through unchanged. */
const FUNCTION_PASSTHROUGH = ['Architectures', 'CodeSigningConfigArn', 'DeadLetterConfig', 'Description', 'Environment', 'EphemeralStorage', 'FileSystemConfigs', 'FunctionName', 'Handler', 'ImageConfig', 'KmsKeyArn', 'Layers', 'LoggingConfig', 'MemorySize', 'PackageType', 'ReservedConcurrentExecutions', 'Role', 'Runtime', 'RuntimeManagementConfig', 'SnapStartConfig', 'Timeout', 'VpcConfig'];

/** Event sources that invoke a function through a resource-based permission, and the principal. */
const PUSH_EVENTS: Record<string, { principal: string; source?: string }> = {
  S3: { principal: 's3.amazonaws.com', source: 'Bucket' },
  SNS: { principal: 'sns.amazonaws.com', source: 'Topic' },
  Schedule: { principal: 'events.amazonaws.com' },
  EventBridgeRule: { principal: 'events.amazonaws.com' },
  CloudWatchEvent: { principal: 'events.amazonaws.com' },
  CloudWatchLogs: { principal: 'logs.amazonaws.com', source: 'LogGroupName' },
  Cognito: { principal: 'cognito-idp.amazonaws.com', source: 'UserPool' },
  IoTRule: { principal: 'iot.amazonaws.com' },
  AlexaSkill: { principal: 'alexa-appkit.amazon.com' },
};
/** Event sources Lambda polls (an event source mapping), and the property naming the source. */
const POLL_EVENTS: Record<string, string> = { SQS: 'Queue', Kinesis: 'Stream', DynamoDB: 'Stream', MQ: 'Broker', MSK: 'Stream', DocumentDB: 'Cluster' };

/**
 * Expand the AWS SAM resource types into the CloudFormation resources the SAM transform
 * deploys, following the SAM specification
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html):
 * `Globals` merged in; a function gets its execution role (with policy templates and
 * managed policies), its function URL and permissions; `Api`/`HttpApi` events become API
 * methods/routes on the explicit or implicit API with the authorizer that applies; other
 * events become permissions or event source mappings. API methods are emitted as
 * `AWS::ApiGateway::Method` / `AWS::ApiGatewayV2::Route` resources (SAM itself writes an
 * OpenAPI body) so that rules see one shape; for those, `ResourceId` holds the path.
 * Generated resources carry `__GeneratedBy` and the line of what declared them.
 */
export function expandServerless(resources: RawObject, globals: RawObject, warnings: ScanWarning[], path: string): RawObject {
  const out: RawObject = {};
  const put = (id: string, line: number, declaration: RawObject, by?: { id: string; type: string }) => {
    if (id in out && by) return;
    out[id] = by ? { ...declaration, __GeneratedBy: { id: by.id, type: by.type } } : declaration;
    setChildLine(out, id, line);
  };
  const withGlobals = (declaration: RawObject): RawObject => {
    const section = Object.entries(GLOBAL_SECTIONS).find(([, type]) => type === declaration.Type)?.[0];
    const global = section ? globals[section] : undefined;
    if (!isRawObject(global)) return declaration;
    return { ...declaration, Properties: mergeGlobals(global, isRawObject(declaration.Properties) ? declaration.Properties : {}) };
  };

  const apis = new Map<string, RawObject>();
  for (const [id, declaration] of Object.entries(resources)) {
    if (isRawObject(declaration) && (declaration.Type === 'AWS::Serverless::Api' || declaration.Type === 'AWS::Serverless::HttpApi')) apis.set(id, withGlobals(declaration));
  }
  // Implicit APIs are declared by the first event that needs them.
  const implicitLines = new Map<string, number>();
  const apiFor = (apiId: string, implicitId: string, type: string, global: Raw | undefined, line: number): RawObject | undefined => {
    if (apiId === implicitId && !apis.has(apiId)) {
      apis.set(apiId, implicitApi(type, global));
      implicitLines.set(apiId, line);
    }
    return apis.get(apiId);
  };

  for (const [id, raw] of Object.entries(resources)) {
    const line = childLine(resources, id) ?? 1;
    if (!isRawObject(raw) || typeof raw.Type !== 'string' || !raw.Type.startsWith('AWS::Serverless::')) {
      put(id, line, raw as RawObject);
      continue;
    }
    const declaration = apis.get(id) ?? withGlobals(raw);
    const props = isRawObject(declaration.Properties) ? declaration.Properties : {};
    const by = { id, type: raw.Type };
    const lineOf = (key: string) => childLine(props, key) ?? line;
    switch (raw.Type) {
      case 'AWS::Serverless::Function': {
        const lambda: RawObject = pick(props, FUNCTION_PASSTHROUGH);
        // Before `sam package`, CodeUri is a local folder: kept as Code.LocalPath (not a
        // CloudFormation property) so that code and infrastructure can be joined.
        if (typeof props.CodeUri === 'string') Object.assign(lambda, rawObjectAt(lineOf('CodeUri'), { Code: rawObjectAt(lineOf('CodeUri'), { LocalPath: props.CodeUri }) }));
        if (props.Tracing !== undefined) Object.assign(lambda, rawObjectAt(lineOf('Tracing'), { TracingConfig: rawObjectAt(lineOf('Tracing'), { Mode: props.Tracing }) }));
        if (props.Role === undefined) {
          const roleId = `${id}Role`;
          Object.assign(lambda, rawObjectAt(line, { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } }));
          put(roleId, line, executionRole('lambda.amazonaws.com', props, id, line, warnings, path, props.VpcConfig !== undefined), by);
        }
        put(id, line, { ...raw, Type: 'AWS::Lambda::Function', Properties: lambda }, undefined);
        if (isRawObject(props.FunctionUrlConfig)) {
          const urlLine = lineOf('FunctionUrlConfig');
          const url = props.FunctionUrlConfig;
          put(`${id}Url`, urlLine, { Type: 'AWS::Lambda::Url', Properties: { ...url, ...rawObjectAt(urlLine, { TargetFunctionArn: { Ref: id } }) } }, by);
          if (url.AuthType === 'NONE') {
            put(`${id}UrlPublicPermissions`, urlLine, { Type: 'AWS::Lambda::Permission', Properties: rawObjectAt(urlLine, { Action: 'lambda:InvokeFunctionUrl', FunctionName: { Ref: id }, Principal: '*', FunctionUrlAuthType: 'NONE' }) }, by);
          }
        }
        const events = isRawObject(props.Events) ? props.Events : {};
        for (const [eventId, event] of Object.entries(events)) {
          if (!isRawObject(event)) continue;
          const eventLine = childLine(events, eventId) ?? line;
          const eventProps = isRawObject(event.Properties) ? event.Properties : {};
          const type = String(event.Type);
          if (type === 'Api') {
            const apiId = refName(eventProps.RestApiId) ?? 'ServerlessRestApi';
            const api = apiFor(apiId, 'ServerlessRestApi', 'AWS::Serverless::Api', globals.Api, eventLine);
            put(`${id}${eventId}Method`, eventLine, { Type: 'AWS::ApiGateway::Method', Properties: restMethod(eventProps, api, apiId, id, eventLine) }, by);
            put(`${id}${eventId}Permission`, eventLine, { Type: 'AWS::Lambda::Permission', Properties: apiPermission(id, apiId, eventLine) }, by);
          } else if (type === 'HttpApi') {
            const apiId = refName(eventProps.ApiId) ?? 'ServerlessHttpApi';
            const api = apiFor(apiId, 'ServerlessHttpApi', 'AWS::Serverless::HttpApi', globals.HttpApi, eventLine);
            put(`${id}${eventId}Route`, eventLine, { Type: 'AWS::ApiGatewayV2::Route', Properties: httpRoute(eventProps, api, apiId, id, eventLine) }, by);
            put(`${id}${eventId}Permission`, eventLine, { Type: 'AWS::Lambda::Permission', Properties: apiPermission(id, apiId, eventLine) }, by);
          } else if (PUSH_EVENTS[type]) {
            const { principal, source } = PUSH_EVENTS[type];
            const permission = rawObjectAt(eventLine, { Action: 'lambda:InvokeFunction', FunctionName: { Ref: id }, Principal: principal, SourceArn: source ? eventProps[source] : undefined });
            put(`${id}${eventId}Permission`, eventLine, { Type: 'AWS::Lambda::Permission', Properties: permission }, by);
          } else if (POLL_EVENTS[type]) {
            const mapping = rawObjectAt(eventLine, { FunctionName: { Ref: id }, EventSourceArn: eventProps[POLL_EVENTS[type]], BatchSize: eventProps.BatchSize, Enabled: eventProps.Enabled });
            put(`${id}${eventId}EventSourceMapping`, eventLine, { Type: 'AWS::Lambda::EventSourceMapping', Properties: mapping }, by);
          }
        }
        break;
      }
      case 'AWS::Serverless::SimpleTable': {
        const table = rawObjectAt(line, { TableName: props.TableName, SSESpecification: props.SSESpecification, Tags: props.Tags, ProvisionedThroughput: props.ProvisionedThroughput });
        for (const key of ['TableName', 'SSESpecification', 'Tags', 'ProvisionedThroughput']) if (key in table) setChildLine(table, key, lineOf(key));
        if (props.ProvisionedThroughput === undefined) Object.assign(table, rawObjectAt(line, { BillingMode: 'PAY_PER_REQUEST' }));
        put(id, line, { Type: 'AWS::DynamoDB::Table', Properties: table });
        break;
      }
      case 'AWS::Serverless::StateMachine': {
        const machine = pick(props, ['Definition', 'DefinitionS3Location', 'Logging', 'Tracing', 'StateMachineName', 'Type', 'RoleArn']);
        if (props.Role !== undefined) Object.assign(machine, rawObjectAt(lineOf('Role'), { RoleArn: props.Role }));
        else {
          Object.assign(machine, rawObjectAt(line, { RoleArn: { 'Fn::GetAtt': [`${id}Role`, 'Arn'] } }));
          put(`${id}Role`, line, executionRole('states.amazonaws.com', props, id, line, warnings, path, false), by);
        }
        put(id, line, { Type: 'AWS::StepFunctions::StateMachine', Properties: machine });
        break;
      }
      case 'AWS::Serverless::LayerVersion':
        put(id, line, { Type: 'AWS::Lambda::LayerVersion', Properties: pick(props, ['CompatibleRuntimes', 'CompatibleArchitectures', 'Description', 'LayerName', 'LicenseInfo']) });
        break;
      case 'AWS::Serverless::Application':
        put(id, line, { Type: 'AWS::CloudFormation::Stack', Properties: pick(props, ['Location', 'Parameters', 'Tags', 'TimeoutInMinutes']) });
        break;
      case 'AWS::Serverless::Api':
      case 'AWS::Serverless::HttpApi':
        break; // emitted below, once implicit APIs are known
      default:
        put(id, line, raw);
    }
  }

  for (const [apiId, declaration] of apis) {
    const line = childLine(resources, apiId) ?? implicitLines.get(apiId) ?? 1;
    const emit = declaration.Type === 'AWS::Serverless::Api' ? restApi : httpApi;
    for (const [id, generated] of Object.entries(emit(apiId, declaration, line))) {
      if (isRawObject(generated)) put(id, line, generated, id === apiId && apiId in resources ? undefined : { id: apiId, type: String(declaration.Type) });
    }
  }
  return out;
}

/** Merge `Globals` into a resource's properties: maps deep-merge, lists append, scalars are overridden. */
function mergeGlobals(global: RawObject, local: RawObject): RawObject {
  const out: RawObject = {};
  for (const [key, value] of Object.entries(global)) {
    out[key] = value;
    const line = childLine(global, key);
    if (line !== undefined) setChildLine(out, key, line);
  }
  for (const [key, value] of Object.entries(local)) {
    const current = out[key];
    if (isRawObject(current) && isRawObject(value) && !Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'))) out[key] = mergeGlobals(current, value);
    else if (Array.isArray(current) && Array.isArray(value)) out[key] = [...current, ...value];
    else out[key] = value;
    const line = childLine(local, key);
    if (line !== undefined) setChildLine(out, key, line);
  }
  return out;
}

function pick(props: RawObject, keys: readonly string[]): RawObject {
  const out: RawObject = {};
  for (const key of keys) {
    if (props[key] === undefined) continue;
    out[key] = props[key];
    const line = childLine(props, key);
    if (line !== undefined) setChildLine(out, key, line);
  }
  return out;
}

/** `!Ref Name` → `Name`; anything else → undefined. */
function refName(value: Raw | undefined): string | undefined {
  return isRawObject(value) && typeof value.Ref === 'string' ? value.Ref : undefined;
}

/**
 * The execution role SAM creates: trust for `service`, the basic execution managed policy,
 * the `Policies` property (managed policy names/ARNs, inline documents, policy
 * templates) and `PermissionsBoundary`.
 */
function executionRole(service: string, props: RawObject, id: string, line: number, warnings: ScanWarning[], path: string, vpc: boolean): RawObject {
  const managed: Raw[] = service === 'lambda.amazonaws.com' ? [BASIC_EXECUTION] : [];
  if (vpc) managed.push(VPC_EXECUTION);
  const inline: Raw[] = [];
  const policiesLine = childLine(props, 'Policies') ?? line;
  const policies = props.Policies === undefined ? [] : Array.isArray(props.Policies) ? props.Policies : [props.Policies];
  policies.forEach((policy, i) => {
    const itemLine = Array.isArray(props.Policies) ? (childLine(props.Policies, i) ?? policiesLine) : policiesLine;
    if (typeof policy === 'string') managed.push(policy.startsWith('arn:') ? policy : `arn:aws:iam::aws:policy/${policy}`);
    else if (isRawObject(policy) && ('Statement' in policy)) inline.push(rawObjectAt(itemLine, { PolicyName: `${id}RolePolicy${i}`, PolicyDocument: policy }));
    else if (isRawObject(policy) && Object.keys(policy).length === 1 && POLICY_TEMPLATES[Object.keys(policy)[0]!]) {
      const name = Object.keys(policy)[0]!;
      const template = POLICY_TEMPLATES[name]!;
      if (template.managed) managed.push(template.managed);
      else inline.push(rawObjectAt(itemLine, { PolicyName: `${id}RolePolicy${i}`, PolicyDocument: rawObjectAt(itemLine, { Statement: expandTemplate(template, policy[name], itemLine) }) }));
    } else if (isRawObject(policy) && ('Ref' in policy || 'Fn::Sub' in policy || 'Fn::GetAtt' in policy || 'Fn::ImportValue' in policy)) managed.push(policy);
    else warnings.push({ code: 'unknown-policy-template', source: 'iac', path, line: itemLine, message: `${id}: unknown SAM policy template ${isRawObject(policy) ? Object.keys(policy).join(', ') : String(policy)}; its permissions are not analysed` });
  });
  const trust = rawObjectAt(line, {
    Version: '2012-10-17',
    Statement: [rawObjectAt(line, { Effect: 'Allow', Principal: rawObjectAt(line, { Service: [service] }), Action: ['sts:AssumeRole'] })],
  });
  return {
    Type: 'AWS::IAM::Role',
    Properties: rawObjectAt(line, {
      AssumeRolePolicyDocument: trust,
      ManagedPolicyArns: managed,
      Policies: inline.length ? inline : undefined,
      PermissionsBoundary: props.PermissionsBoundary,
    }),
  };
}

/** A policy template's statements with its parameters bound (as `Fn::Sub` variables). */
function expandTemplate(template: PolicyTemplate, args: Raw | undefined, line: number): Raw[] {
  const variables: RawObject = {};
  for (const parameter of template.parameters ?? []) {
    const value = isRawObject(args) ? args[parameter] : undefined;
    variables[parameter] = value ?? `\${${parameter}}`;
  }
  const bind = (value: unknown): Raw => {
    if (typeof value === 'string') return value.includes('${') ? { 'Fn::Sub': [value, variables] } : value;
    if (Array.isArray(value)) return value.map(bind);
    if (value && typeof value === 'object') return rawObjectAt(line, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'Action' || k === 'Effect' ? (v as Raw) : bind(v)])));
    return value as Raw;
  };
  return (template.statements ?? []).map(bind);
}

/** The API SAM creates when events name none (`ServerlessRestApi` / `ServerlessHttpApi`), with the API `Globals`. */
function implicitApi(type: string, global: Raw | undefined): RawObject {
  return { Type: type, Properties: isRawObject(global) ? global : {} };
}

/** The authorizer an event gets: its own `Auth.Authorizer`, else the API's `DefaultAuthorizer`. */
function chosenAuthorizer(eventProps: RawObject, api: RawObject | undefined): string | undefined {
  const own = isRawObject(eventProps.Auth) ? eventProps.Auth.Authorizer : undefined;
  if (own === 'NONE') return undefined;
  if (typeof own === 'string') return own;
  const apiAuth = isRawObject(api?.Properties) && isRawObject(api.Properties.Auth) ? api.Properties.Auth : {};
  return typeof apiAuth.DefaultAuthorizer === 'string' ? apiAuth.DefaultAuthorizer : undefined;
}

function authorizersOf(api: RawObject | undefined): RawObject {
  const auth = isRawObject(api?.Properties) && isRawObject(api.Properties.Auth) ? api.Properties.Auth : {};
  return isRawObject(auth.Authorizers) ? auth.Authorizers : {};
}

/**
 * The authorizer name and AuthorizationType of an event: `AWS_IAM`, the type `kindOf`
 * reads from the API's authorizer definition, `CUSTOM` for a name the API does not
 * define, or `NONE`.
 */
function authorization(eventProps: RawObject, api: RawObject | undefined, kindOf: (authorizer: RawObject) => string): { name?: string; authorizationType: string } {
  const name = chosenAuthorizer(eventProps, api);
  if (!name) return { authorizationType: 'NONE' };
  if (name === 'AWS_IAM') return { name, authorizationType: 'AWS_IAM' };
  const authorizer = authorizersOf(api)[name];
  return { name, authorizationType: isRawObject(authorizer) ? kindOf(authorizer) : 'CUSTOM' };
}

function restMethod(eventProps: RawObject, api: RawObject | undefined, apiId: string, functionId: string, line: number): RawObject {
  const { name, authorizationType } = authorization(eventProps, api, (a) => (a.UserPoolArn !== undefined ? 'COGNITO_USER_POOLS' : 'CUSTOM'));
  const model = isRawObject(eventProps.RequestModel) ? eventProps.RequestModel : undefined;
  const validates = model !== undefined && (model.ValidateBody === true || model.Required === true);
  const auth = isRawObject(eventProps.Auth) ? eventProps.Auth : {};
  return rawObjectAt(line, {
    RestApiId: { Ref: apiId },
    ResourceId: eventProps.Path,
    HttpMethod: typeof eventProps.Method === 'string' ? eventProps.Method.toUpperCase() : eventProps.Method,
    AuthorizationType: authorizationType,
    AuthorizerId: name && name !== 'AWS_IAM' ? { Ref: `${apiId}${name}Authorizer` } : undefined,
    ApiKeyRequired: auth.ApiKeyRequired,
    RequestValidatorId: validates ? { Ref: `${apiId}RequestValidator` } : undefined,
    Integration: rawObjectAt(line, { Type: 'AWS_PROXY', Uri: { 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${functionId}.Arn}/invocations` } }),
  });
}

function httpRoute(eventProps: RawObject, api: RawObject | undefined, apiId: string, functionId: string, line: number): RawObject {
  const { name, authorizationType } = authorization(eventProps, api, (a) => (a.JwtConfiguration !== undefined ? 'JWT' : 'CUSTOM'));
  const method = typeof eventProps.Method === 'string' ? eventProps.Method.toUpperCase() : 'ANY';
  const routeKey = eventProps.Path === undefined ? '$default' : `${method === 'ANY' || method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method} ${String(eventProps.Path)}`;
  const auth = isRawObject(eventProps.Auth) ? eventProps.Auth : {};
  return rawObjectAt(line, {
    ApiId: { Ref: apiId },
    RouteKey: routeKey,
    AuthorizationType: authorizationType,
    AuthorizerId: name && name !== 'AWS_IAM' ? { Ref: `${apiId}${name}Authorizer` } : undefined,
    AuthorizationScopes: auth.AuthorizationScopes,
    Target: { 'Fn::Sub': `integrations/\${${functionId}.Arn}` },
  });
}

function apiPermission(functionId: string, apiId: string, line: number): RawObject {
  return rawObjectAt(line, {
    Action: 'lambda:InvokeFunction',
    FunctionName: { Ref: functionId },
    Principal: 'apigateway.amazonaws.com',
    SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/*` },
  });
}

/** `AWS::Serverless::Api` → RestApi, Stage, Authorizers and a request validator. */
function restApi(apiId: string, declaration: RawObject, line: number): RawObject {
  const props = isRawObject(declaration.Properties) ? declaration.Properties : {};
  const at = (key: string) => childLine(props, key) ?? line;
  const endpoint = props.EndpointConfiguration;
  const endpointConfiguration = typeof endpoint === 'string'
    ? rawObjectAt(at('EndpointConfiguration'), { Types: [endpoint] })
    : isRawObject(endpoint) ? rawObjectAt(at('EndpointConfiguration'), { Types: endpoint.Type !== undefined ? [endpoint.Type] : undefined, VpcEndpointIds: endpoint.VPCEndpointIds }) : undefined;
  const out: RawObject = {};
  out[apiId] = {
    Type: 'AWS::ApiGateway::RestApi',
    Properties: {
      ...pick(props, ['Name', 'Description', 'BinaryMediaTypes', 'MinimumCompressionSize', 'DisableExecuteApiEndpoint', 'Tags']),
      ...(endpointConfiguration ? withLine({ EndpointConfiguration: endpointConfiguration }, at('EndpointConfiguration')) : {}),
      ...(props.DefinitionBody !== undefined ? withLine({ Body: props.DefinitionBody }, at('DefinitionBody')) : {}),
    },
  };
  const stageName = props.StageName ?? 'Prod';
  const stage = pick(props, ['AccessLogSetting', 'MethodSettings', 'CacheClusterEnabled', 'CacheClusterSize', 'TracingEnabled', 'Variables', 'CanarySetting']);
  Object.assign(stage, rawObjectAt(at('StageName'), { RestApiId: { Ref: apiId }, StageName: stageName }));
  out[`${apiId}${typeof stageName === 'string' ? stageName : ''}Stage`] = { Type: 'AWS::ApiGateway::Stage', Properties: stage };
  for (const [name, authorizer] of Object.entries(authorizersOfProps(props))) {
    if (!isRawObject(authorizer)) continue;
    const type = authorizer.UserPoolArn !== undefined ? 'COGNITO_USER_POOLS' : authorizer.FunctionPayloadType === 'REQUEST' ? 'REQUEST' : 'TOKEN';
    out[`${apiId}${name}Authorizer`] = { Type: 'AWS::ApiGateway::Authorizer', Properties: rawObjectAt(line, { RestApiId: { Ref: apiId }, Name: name, Type: type, ProviderARNs: authorizer.UserPoolArn === undefined ? undefined : [authorizer.UserPoolArn].flat(), AuthorizerUri: authorizer.FunctionArn }) };
  }
  out[`${apiId}RequestValidator`] = { Type: 'AWS::ApiGateway::RequestValidator', Properties: rawObjectAt(line, { RestApiId: { Ref: apiId }, ValidateRequestBody: true, ValidateRequestParameters: true }) };
  return out;
}

/** `AWS::Serverless::HttpApi` → Api, Stage and Authorizers. */
function httpApi(apiId: string, declaration: RawObject, line: number): RawObject {
  const props = isRawObject(declaration.Properties) ? declaration.Properties : {};
  const out: RawObject = {};
  out[apiId] = {
    Type: 'AWS::ApiGatewayV2::Api',
    Properties: { ...pick(props, ['Name', 'Description', 'DisableExecuteApiEndpoint', 'Tags']), ...rawObjectAt(line, { ProtocolType: 'HTTP', CorsConfiguration: props.CorsConfiguration, Body: props.DefinitionBody }) },
  };
  const stageName = props.StageName ?? '$default';
  const stage = pick(props, ['AccessLogSettings', 'DefaultRouteSettings', 'RouteSettings', 'StageVariables']);
  Object.assign(stage, rawObjectAt(childLine(props, 'StageName') ?? line, { ApiId: { Ref: apiId }, StageName: stageName, AutoDeploy: true }));
  out[`${apiId}${stageName === '$default' ? 'ApiGatewayDefault' : String(stageName)}Stage`] = { Type: 'AWS::ApiGatewayV2::Stage', Properties: stage };
  for (const [name, authorizer] of Object.entries(authorizersOfProps(props))) {
    if (!isRawObject(authorizer)) continue;
    const jwt = isRawObject(authorizer.JwtConfiguration) ? authorizer.JwtConfiguration : undefined;
    out[`${apiId}${name}Authorizer`] = {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: rawObjectAt(line, { ApiId: { Ref: apiId }, Name: name, AuthorizerType: jwt ? 'JWT' : 'REQUEST', JwtConfiguration: jwt ? rawObjectAt(line, { Audience: jwt.audience ?? jwt.Audience, Issuer: jwt.issuer ?? jwt.Issuer }) : undefined, AuthorizerUri: authorizer.FunctionArn, IdentitySource: authorizer.IdentitySource }),
    };
  }
  return out;
}

function authorizersOfProps(props: RawObject): RawObject {
  return isRawObject(props.Auth) && isRawObject(props.Auth.Authorizers) ? props.Auth.Authorizers : {};
}

function withLine(object: RawObject, line: number): RawObject {
  for (const key of Object.keys(object)) setChildLine(object, key, line);
  return object;
}
