import type { ScanWarning } from '../../../core/warnings.js';
import type { Resource } from '../graph.js';
import { type Raw, type RawObject, childLine, isRawObject, parseRaw, rawObjectAt, setChildLine } from '../cloudformation/raw.js';
import { UNRESOLVED } from '../cloudformation/resolve.js';
import { loadParsedTemplate } from '../cloudformation/template.js';

/** `serverless.yml` / `serverless.yaml` at any depth. */
export const isServerlessPath = (path: string): boolean => /(^|\/)serverless\.ya?ml$/i.test(path);

const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/**
 * Load a Serverless Framework service (`serverless.yml`, framework v3/v4) into the
 * CloudFormation resources the framework deploys for AWS
 * (https://www.serverless.com/framework/docs/providers/aws/guide/resources): one shared
 * execution role `IamRoleLambdaExecution` with the provider's IAM statements, a
 * `<Name>LambdaFunction` per function (provider and function environment merged),
 * REST API methods for `http` events, HTTP API routes for `httpApi` events, function
 * URLs, and everything under `resources.Resources`. `${self:...}` and `${opt:x, default}`
 * variables are resolved; other variable sources (`${ssm:...}`, `${env:...}`,
 * `${file(...)}`) stay unknown.
 */
export function loadServerless(path: string, text: string): { resources: Resource[]; warnings: ScanWarning[] } | undefined {
  const { data, problems } = parseRaw(text);
  if (!data) return { resources: [], warnings: problems.slice(0, 1).map((p) => ({ code: 'parse-error', source: 'iac', path, line: p.line, message: `Not valid YAML: ${p.message}` })) };
  if (!isRawObject(data) || !isRawObject(data.provider) || (data.provider.name !== undefined && data.provider.name !== 'aws')) return undefined;
  resolveVariables(data, data);
  const template = toTemplate(data);
  return loadParsedTemplate(path, template, 'serverless');
}

/** Replace `${self:a.b}` and `${opt:x, 'default'}` in place; mark the rest unresolved. */
function resolveVariables(node: Raw, root: RawObject, depth = 0): void {
  if (depth > 50) return;
  const entries: [string | number, Raw][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : isRawObject(node) ? Object.entries(node) : [];
  for (const [key, value] of entries) {
    if (typeof value === 'string' && value.includes('${')) {
      const resolved = substitute(value, root, 0);
      (node as Record<string | number, Raw>)[key] = resolved;
    } else resolveVariables(value, root, depth + 1);
  }
}

function substitute(text: string, root: RawObject, depth: number): Raw {
  const whole = /^\$\{([^{}]+)\}$/.exec(text);
  if (whole) {
    const value = lookup(whole[1]!, root, depth);
    if (value !== undefined) return value;
    return { [UNRESOLVED]: text };
  }
  let known = true;
  const out = text.replace(/\$\{([^{}]+)\}/g, (all, inner: string) => {
    const value = lookup(inner, root, depth);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    known = false;
    return all;
  });
  return known ? out : { [UNRESOLVED]: out };
}

/** One variable: `self:path`, `opt:name` or a fallback list `a, b, 'literal'`. */
function lookup(expression: string, root: RawObject, depth: number): Raw | undefined {
  for (const candidate of expression.split(',').map((s) => s.trim())) {
    const literal = /^(['"])(.*)\1$/.exec(candidate);
    if (literal) return literal[2];
    if (/^-?\d+(\.\d+)?$/.test(candidate)) return Number(candidate);
    if (candidate.startsWith('self:')) {
      let value: Raw | undefined = root;
      for (const step of candidate.slice(5).split('.').filter(Boolean)) value = isRawObject(value) ? value[step] : Array.isArray(value) ? value[Number(step)] : undefined;
      if (typeof value === 'string' && value.includes('${')) {
        if (depth >= 5) continue;
        const nested = substitute(value, root, depth + 1);
        if (typeof nested === 'string') return nested;
        continue;
      }
      if (value !== undefined) return value;
    }
    // opt:, env:, ssm:, file(), cf:, s3: depend on the deploy environment: try the next fallback.
  }
  return undefined;
}

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
/** The framework's logical-id normalisation: capitalised, non-alphanumerics spelled out or dropped. */
const normalize = (name: string) => capitalize(name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore').replace(/[^A-Za-z0-9]/g, ''));
const pathId = (path: string) => path.split('/').filter(Boolean).map((p) => normalize(p.replace(/[{}]/g, '').replace(/\+$/, 'Proxy') + (p.startsWith('{') ? 'Var' : ''))).join('');

/** Build the CloudFormation template the framework would deploy. */
function toTemplate(service: RawObject): RawObject {
  const provider = service.provider as RawObject;
  const resources: RawObject = {};
  const add = (id: string, line: number, type: string, properties: RawObject, by?: string) => {
    resources[id] = { Type: type, Properties: properties, ...(by ? { __GeneratedBy: { id: by, type: 'Serverless::Function' } } : {}) };
    setChildLine(resources, id, line);
  };
  const providerLine = childLine(service, 'provider') ?? 1;
  const functions = isRawObject(service.functions) ? service.functions : {};
  const iam = isRawObject(provider.iam) && isRawObject(provider.iam.role) ? provider.iam.role : {};
  const statements = (Array.isArray(iam.statements) ? iam.statements : Array.isArray(provider.iamRoleStatements) ? provider.iamRoleStatements : []) as Raw[];
  const managed = (Array.isArray(iam.managedPolicies) ? iam.managedPolicies : Array.isArray(provider.iamManagedPolicies) ? provider.iamManagedPolicies : []) as Raw[];
  const customRole = typeof provider.iam === 'string' || typeof iam === 'string' || provider.role !== undefined;

  if (Object.keys(functions).length && !customRole) {
    const statementsLine = isRawObject(provider.iam) ? (childLine(provider, 'iam') ?? providerLine) : (childLine(provider, 'iamRoleStatements') ?? providerLine);
    add('IamRoleLambdaExecution', statementsLine, 'AWS::IAM::Role', rawObjectAt(statementsLine, {
      AssumeRolePolicyDocument: rawObjectAt(statementsLine, { Version: '2012-10-17', Statement: [rawObjectAt(statementsLine, { Effect: 'Allow', Principal: rawObjectAt(statementsLine, { Service: ['lambda.amazonaws.com'] }), Action: ['sts:AssumeRole'] })] }),
      ManagedPolicyArns: [BASIC_EXECUTION, ...managed],
      Policies: statements.length ? [rawObjectAt(statementsLine, { PolicyName: 'serverless-lambda', PolicyDocument: rawObjectAt(statementsLine, { Version: '2012-10-17', Statement: statements }) })] : undefined,
      PermissionsBoundary: iam.permissionsBoundary ?? provider.rolePermissionsBoundary,
    }));
  }

  const providerEnv = isRawObject(provider.environment) ? provider.environment : {};
  let restApi = false;
  let httpApi = false;
  for (const [name, fn] of Object.entries(functions)) {
    if (!isRawObject(fn)) continue;
    const line = childLine(functions, name) ?? 1;
    const id = `${normalize(name)}LambdaFunction`;
    const variables: RawObject = {};
    for (const source of [providerEnv, isRawObject(fn.environment) ? fn.environment : {}]) {
      for (const [key, value] of Object.entries(source)) {
        variables[key] = value;
        setChildLine(variables, key, childLine(source, key) ?? line);
      }
    }
    const role = fn.role ?? provider.role;
    add(id, line, 'AWS::Lambda::Function', rawObjectAt(line, {
      Handler: fn.handler,
      Runtime: fn.runtime ?? provider.runtime,
      FunctionName: `${String(service.service)}-${name}`,
      Timeout: fn.timeout ?? provider.timeout,
      MemorySize: fn.memorySize ?? provider.memorySize,
      KmsKeyArn: fn.kmsKeyArn ?? provider.kmsKeyArn,
      Environment: Object.keys(variables).length ? rawObjectAt(childLine(fn, 'environment') ?? childLine(provider, 'environment') ?? line, { Variables: variables }) : undefined,
      Role: role ?? (customRole ? undefined : { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] }),
      VpcConfig: fn.vpc ?? provider.vpc,
    }));
    if (fn.url !== undefined && fn.url !== false) {
      const urlLine = childLine(fn, 'url') ?? line;
      const authType = isRawObject(fn.url) && fn.url.authorizer === 'aws_iam' ? 'AWS_IAM' : 'NONE';
      add(`${id}Url`, urlLine, 'AWS::Lambda::Url', rawObjectAt(urlLine, { AuthType: authType, TargetFunctionArn: { 'Fn::GetAtt': [id, 'Arn'] } }), name);
    }
    const events = Array.isArray(fn.events) ? fn.events : [];
    events.forEach((event, i) => {
      if (!isRawObject(event)) return;
      const eventLine = childLine(events, i) ?? line;
      if (event.http !== undefined) {
        restApi = true;
        const http = typeof event.http === 'string' ? parseShortEvent(event.http) : isRawObject(event.http) ? event.http : {};
        const method = String(http.method ?? 'ANY').toUpperCase();
        const path = `/${String(http.path ?? '').replace(/^\//, '')}`;
        add(`ApiGatewayMethod${pathId(path)}${capitalize(method.toLowerCase())}`, eventLine, 'AWS::ApiGateway::Method', rawObjectAt(eventLine, {
          RestApiId: { Ref: 'ApiGatewayRestApi' },
          ResourceId: path,
          HttpMethod: method,
          ...restAuthorization(http.authorizer),
          ApiKeyRequired: http.private === true ? true : undefined,
          RequestValidatorId: isRawObject(http.request) && http.request.schemas !== undefined ? { Ref: 'ApiGatewayRequestValidator' } : undefined,
        }), name);
      }
      if (event.httpApi !== undefined) {
        httpApi = true;
        const route = typeof event.httpApi === 'string' ? parseShortEvent(event.httpApi) : isRawObject(event.httpApi) ? event.httpApi : {};
        const method = String(route.method ?? '*').toUpperCase();
        const routeKey = route.path === undefined || route.path === '*' ? '$default' : `${method === '*' ? 'ANY' : method} ${String(route.path)}`;
        add(`HttpApiRoute${routeKey === '$default' ? 'Default' : `${capitalize(method === '*' ? 'any' : method.toLowerCase())}${pathId(String(route.path))}`}`, eventLine, 'AWS::ApiGatewayV2::Route', rawObjectAt(eventLine, {
          ApiId: { Ref: 'HttpApi' },
          RouteKey: routeKey,
          ...httpAuthorization(route.authorizer, provider),
        }), name);
      }
    });
  }

  const logs = isRawObject(provider.logs) ? provider.logs : {};
  const apiGateway = isRawObject(provider.apiGateway) ? provider.apiGateway : {};
  if (restApi && !apiGateway.restApiId) {
    add('ApiGatewayRestApi', providerLine, 'AWS::ApiGateway::RestApi', rawObjectAt(providerLine, { Name: `${String(provider.stage ?? 'dev')}-${String(service.service)}`, EndpointConfiguration: rawObjectAt(providerLine, { Types: [String(provider.endpointType ?? 'EDGE').toUpperCase()] }) }));
    const logLine = childLine(logs, 'restApi') ?? providerLine;
    add('ApiGatewayStage', logLine, 'AWS::ApiGateway::Stage', rawObjectAt(logLine, {
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      StageName: provider.stage ?? 'dev',
      AccessLogSetting: logs.restApi ? rawObjectAt(logLine, { DestinationArn: { [UNRESOLVED]: 'serverless-managed log group' } }) : undefined,
      TracingEnabled: isRawObject(provider.tracing) ? provider.tracing.apiGateway : undefined,
    }));
    add('ApiGatewayRequestValidator', providerLine, 'AWS::ApiGateway::RequestValidator', rawObjectAt(providerLine, { RestApiId: { Ref: 'ApiGatewayRestApi' }, ValidateRequestBody: true, ValidateRequestParameters: true }));
  }
  if (httpApi) {
    const httpApiConfig = isRawObject(provider.httpApi) ? provider.httpApi : {};
    add('HttpApi', providerLine, 'AWS::ApiGatewayV2::Api', rawObjectAt(providerLine, { Name: `${String(provider.stage ?? 'dev')}-${String(service.service)}`, ProtocolType: 'HTTP', CorsConfiguration: httpApiConfig.cors }));
    const logLine = childLine(logs, 'httpApi') ?? providerLine;
    add('HttpApiStage', logLine, 'AWS::ApiGatewayV2::Stage', rawObjectAt(logLine, { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true, AccessLogSettings: logs.httpApi ? rawObjectAt(logLine, { DestinationArn: { [UNRESOLVED]: 'serverless-managed log group' } }) : undefined }));
  }

  const extra = isRawObject(service.resources) && isRawObject(service.resources.Resources) ? service.resources.Resources : {};
  for (const [id, declaration] of Object.entries(extra)) {
    resources[id] = declaration;
    setChildLine(resources, id, childLine(extra, id) ?? 1);
  }
  const template: RawObject = { Resources: resources };
  if (isRawObject(service.resources) && isRawObject(service.resources.Conditions)) template.Conditions = service.resources.Conditions;
  return template;
}

/** `'GET users/{id}'` → `{method: 'GET', path: 'users/{id}'}`. */
function parseShortEvent(text: string): RawObject {
  const [first, ...rest] = text.trim().split(/\s+/);
  return rest.length ? { method: first!, path: rest.join(' ') } : { path: first! };
}

/** REST API authorizer setting → CloudFormation method authorization. */
function restAuthorization(authorizer: Raw | undefined): RawObject {
  if (authorizer === undefined || authorizer === null) return { AuthorizationType: 'NONE' };
  if (authorizer === 'aws_iam' || (isRawObject(authorizer) && authorizer.type === 'aws_iam')) return { AuthorizationType: 'AWS_IAM' };
  const arn = isRawObject(authorizer) ? authorizer.arn : authorizer;
  const type = isRawObject(authorizer) && typeof authorizer.type === 'string' ? authorizer.type.toUpperCase() : undefined;
  const cognito = type === 'COGNITO_USER_POOLS' || (typeof arn === 'string' && arn.includes(':cognito-idp:'));
  return { AuthorizationType: cognito ? 'COGNITO_USER_POOLS' : 'CUSTOM', AuthorizerId: { [UNRESOLVED]: `authorizer ${typeof arn === 'string' ? arn : JSON.stringify(authorizer)}` } };
}

/** HTTP API authorizer setting (name of a provider.httpApi.authorizers entry, or type) → route authorization. */
function httpAuthorization(authorizer: Raw | undefined, provider: RawObject): RawObject {
  if (authorizer === undefined || authorizer === null) return { AuthorizationType: 'NONE' };
  const ref = isRawObject(authorizer) ? authorizer : { name: authorizer };
  if (ref.type === 'aws_iam' || ref.name === 'aws_iam') return { AuthorizationType: 'AWS_IAM' };
  const configured = isRawObject(provider.httpApi) && isRawObject(provider.httpApi.authorizers) ? provider.httpApi.authorizers[String(ref.name)] : undefined;
  const type = isRawObject(configured) && configured.type === 'request' ? 'CUSTOM' : ref.type === 'request' ? 'CUSTOM' : 'JWT';
  return { AuthorizationType: type, AuthorizerId: { [UNRESOLVED]: `authorizer ${String(ref.name ?? ref.id ?? '')}` } };
}
