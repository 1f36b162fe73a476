import { type Raw, type RawObject, childLine, isRawObject, rawObjectAt, setChildLine } from './raw.js';

/** OpenAPI operation keys API Gateway routes (`x-amazon-apigateway-any-method` is ANY). */
const OPERATIONS: Readonly<Record<string, string>> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

/** What a security scheme means to API Gateway, from its `x-amazon-apigateway-authtype` / `-authorizer`. */
type SchemeKind = 'COGNITO_USER_POOLS' | 'CUSTOM' | 'AWS_IAM' | 'JWT' | 'API_KEY';

/** One operation of an inline OpenAPI definition, as API Gateway would route it. */
export interface OpenApiOperation {
  method: string;
  path: string;
  line: number;
  /** `NONE` when no security requirement applies; `API_KEY` alone is not authentication. */
  authorizationType: string;
  authorizerName?: string;
  apiKeyRequired: boolean;
  /** True when a request validator that validates the body applies (REST APIs). */
  validatesBody: boolean;
}

/**
 * The operations of an inline OpenAPI 2.0/3.0 definition (`Body` of
 * AWS::ApiGateway::RestApi / AWS::ApiGatewayV2::Api, `DefinitionBody` of the SAM APIs)
 * with the authorization and request validation API Gateway applies to each, following
 * the API Gateway extensions to OpenAPI
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html).
 * Returns `undefined` when the definition is not inline (an `AWS::Include`, a reference).
 */
export function openApiOperations(definition: Raw | undefined): OpenApiOperation[] | undefined {
  if (!isRawObject(definition) || !isRawObject(definition.paths)) return undefined;
  const schemes = securitySchemes(definition);
  const validators = isRawObject(definition['x-amazon-apigateway-request-validators']) ? definition['x-amazon-apigateway-request-validators'] : {};
  const validatesBody = (name: Raw | undefined) => typeof name === 'string' && isRawObject(validators[name]) && validators[name].validateRequestBody === true;
  const rootValidator = definition['x-amazon-apigateway-request-validator'];
  const operations: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(definition.paths)) {
    if (!isRawObject(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = OPERATIONS[key.toLowerCase()];
      if (!method || !isRawObject(operation)) continue;
      const security = Array.isArray(operation.security) ? operation.security : Array.isArray(definition.security) ? definition.security : [];
      const { authorizationType, authorizerName, apiKeyRequired } = authorizationOf(security, schemes);
      operations.push({
        method,
        path,
        line: childLine(item, key) ?? childLine(definition.paths, path) ?? 1,
        authorizationType,
        ...(authorizerName ? { authorizerName } : {}),
        apiKeyRequired,
        validatesBody: validatesBody(operation['x-amazon-apigateway-request-validator'] ?? rootValidator),
      });
    }
  }
  return operations;
}

/** Security schemes by name (OpenAPI 3 `components.securitySchemes`, Swagger 2 `securityDefinitions`). */
function securitySchemes(definition: RawObject): Map<string, SchemeKind> {
  const out = new Map<string, SchemeKind>();
  const components = isRawObject(definition.components) ? definition.components : {};
  const declared = isRawObject(components.securitySchemes) ? components.securitySchemes : isRawObject(definition.securityDefinitions) ? definition.securityDefinitions : {};
  for (const [name, scheme] of Object.entries(declared)) {
    if (!isRawObject(scheme)) continue;
    const authtype = String(scheme['x-amazon-apigateway-authtype'] ?? '').toLowerCase();
    const authorizer = isRawObject(scheme['x-amazon-apigateway-authorizer']) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
    const authorizerType = String(authorizer?.type ?? '').toLowerCase();
    if (authtype === 'cognito_user_pools' || authorizerType === 'cognito_user_pools') out.set(name, 'COGNITO_USER_POOLS');
    else if (authtype === 'awssigv4') out.set(name, 'AWS_IAM');
    else if (authorizerType === 'jwt') out.set(name, 'JWT');
    else if (authorizer || authtype === 'custom') out.set(name, 'CUSTOM');
    else if (scheme.type === 'apiKey') out.set(name, 'API_KEY');
    else if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') out.set(name, 'JWT');
  }
  return out;
}

/**
 * The authorization of an operation's `security` list: requirement objects are
 * alternatives, and an empty object `{}` among them means anonymous access is allowed.
 */
function authorizationOf(security: Raw[], schemes: Map<string, SchemeKind>): { authorizationType: string; authorizerName?: string; apiKeyRequired: boolean } {
  let apiKeyRequired = false;
  let best: { authorizationType: string; authorizerName?: string } | undefined;
  for (const requirement of security) {
    if (!isRawObject(requirement)) continue;
    const names = Object.keys(requirement);
    if (names.length === 0) return { authorizationType: 'NONE', apiKeyRequired };
    for (const name of names) {
      const kind = schemes.get(name) ?? 'CUSTOM';
      if (kind === 'API_KEY') apiKeyRequired = true;
      else best ??= { authorizationType: kind, authorizerName: name };
    }
  }
  return { ...(best ?? { authorizationType: 'NONE' }), apiKeyRequired };
}

/** The API types whose inline `Body` holds an OpenAPI definition, and what routes look like there. */
const API_TYPES: Readonly<Record<string, 'rest' | 'http'>> = { 'AWS::ApiGateway::RestApi': 'rest', 'AWS::ApiGatewayV2::Api': 'http' };

/**
 * Add the methods (`AWS::ApiGateway::Method`, `ResourceId` holding the path) or routes
 * (`AWS::ApiGatewayV2::Route`) that the inline OpenAPI `Body` of each API in `resources`
 * defines, so rules see APIs defined in OpenAPI like APIs defined resource by resource.
 * Operations the template already declares as resources (SAM events) are not repeated.
 * Returns a new resources object; generated entries carry `__GeneratedBy`.
 */
export function expandOpenApiBodies(resources: RawObject): RawObject {
  const declared = new Set<string>();
  for (const declaration of Object.values(resources)) {
    if (!isRawObject(declaration) || !isRawObject(declaration.Properties)) continue;
    const p = declaration.Properties;
    const api = refName(p.RestApiId ?? p.ApiId);
    if (declaration.Type === 'AWS::ApiGateway::Method' && api) declared.add(`${api} ${String(p.HttpMethod)} ${String(p.ResourceId)}`);
    if (declaration.Type === 'AWS::ApiGatewayV2::Route' && api) declared.add(`${api} ${String(p.RouteKey)}`);
  }
  const out: RawObject = {};
  for (const [apiId, declaration] of Object.entries(resources)) {
    out[apiId] = declaration;
    const line = childLine(resources, apiId);
    if (line !== undefined) setChildLine(out, apiId, line);
    const kind = isRawObject(declaration) ? API_TYPES[String(declaration.Type)] : undefined;
    if (!kind || !isRawObject(declaration) || !isRawObject(declaration.Properties)) continue;
    for (const op of openApiOperations(declaration.Properties.Body) ?? []) {
      if (declared.has(`${apiId} ${op.method} ${op.path}`)) continue;
      const id = `${apiId}${op.method}${op.path.replace(/[^A-Za-z0-9]/g, '')}${kind === 'rest' ? 'Method' : 'Route'}`;
      if (id in resources) continue;
      const authorizer = op.authorizerName && op.authorizationType !== 'AWS_IAM' ? { AuthorizerId: `${op.authorizerName} (OpenAPI security scheme)` } : {};
      const properties =
        kind === 'rest'
          ? rawObjectAt(op.line, {
              RestApiId: { Ref: apiId },
              ResourceId: op.path,
              HttpMethod: op.method,
              AuthorizationType: op.authorizationType,
              ...authorizer,
              ApiKeyRequired: op.apiKeyRequired || undefined,
              RequestValidatorId: op.validatesBody ? 'OpenAPI x-amazon-apigateway-request-validator' : undefined,
            })
          : rawObjectAt(op.line, { ApiId: { Ref: apiId }, RouteKey: `${op.method} ${op.path}`, AuthorizationType: op.authorizationType, ...authorizer });
      const by = isRawObject(declaration.__GeneratedBy) ? declaration.__GeneratedBy : { id: apiId, type: String(declaration.Type) };
      out[id] = { Type: kind === 'rest' ? 'AWS::ApiGateway::Method' : 'AWS::ApiGatewayV2::Route', Properties: properties, __GeneratedBy: by };
      setChildLine(out, id, op.line);
    }
  }
  return out;
}

/** `{Ref: Name}` → `Name`. */
const refName = (value: Raw | undefined): string | undefined => (isRawObject(value) && typeof value.Ref === 'string' ? value.Ref : undefined);
