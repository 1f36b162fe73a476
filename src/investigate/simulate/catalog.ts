/**
 * The simulator's API catalog (`apis.yaml`): for each `<service>:<eventName>` the event
 * source, the TLS host, the region a global service logs in, how a refusal looks, and
 * compiled templates of requestParameters / responseElements / resources. Shapes follow
 * real records and
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type Compiled, compileTemplate } from './template.js';

/** How an AccessDenied refusal is written: IAM-style, EC2's `Client.UnauthorizedOperation`, or S3's terse one. */
export type ErrorStyle = 'standard' | 'ec2' | 's3';

/** One API the simulator can emit, with compiled templates. */
export interface ApiSpec {
  /** `<service>:<eventName>`, e.g. `s3:GetObject`. */
  key: string;
  eventSource: string;
  eventName: string;
  /** tlsDetails.clientProvidedHostHeader template. */
  host: Compiled;
  /** Region a global service logs in (IAM, sign-in: `us-east-1`); undefined for regional services. */
  globalRegion?: string;
  errorStyle: ErrorStyle;
  /** IAM action named in AccessDenied messages, e.g. `lambda:ListFunctions`. */
  iamAction: string;
  eventVersion: string;
  readOnly: boolean;
  /** `Management` or `Data` (data events: S3 object, DynamoDB item, SQS message, Lambda Invoke). */
  category: 'Management' | 'Data';
  /** `AwsApiCall`, `AwsConsoleSignIn` or `AwsServiceEvent`. */
  eventType: string;
  request: Compiled;
  response: Compiled;
  resources?: Compiled;
  additionalEventData?: Compiled;
  serviceEventDetails?: Compiled;
}

const EventSchema = z.object({
  readOnly: z.boolean(),
  category: z.enum(['Management', 'Data']).default('Management'),
  eventType: z.enum(['AwsApiCall', 'AwsConsoleSignIn', 'AwsServiceEvent']).default('AwsApiCall'),
  iamAction: z.string().optional(),
  request: z.unknown().optional(),
  response: z.unknown().optional(),
  resources: z.array(z.unknown()).optional(),
  additionalEventData: z.unknown().optional(),
  serviceEventDetails: z.unknown().optional(),
});

const ServiceSchema = z.object({
  eventSource: z.string(),
  host: z.string(),
  globalRegion: z.string().optional(),
  errorStyle: z.enum(['standard', 'ec2', 's3']).default('standard'),
  iamPrefix: z.string().optional(),
  eventVersion: z.string().default('1.09'),
  events: z.record(z.string(), EventSchema),
});

const CatalogSchema = z.record(z.string(), ServiceSchema);

/**
 * Parse an API catalog from YAML text. Throws with zod's message naming the bad field: the
 * catalog ships with Guardian, so a broken one is a bug caught by the tests.
 */
export function parseApiCatalog(text: string): Map<string, ApiSpec> {
  const parsed = CatalogSchema.parse(parseYaml(text));
  const catalog = new Map<string, ApiSpec>();
  for (const [service, spec] of Object.entries(parsed)) {
    const host = compileTemplate(spec.host);
    const prefix = spec.iamPrefix ?? spec.eventSource.split('.')[0] ?? service;
    for (const [eventName, event] of Object.entries(spec.events)) {
      const key = `${service}:${eventName}`;
      catalog.set(key, {
        key,
        eventSource: spec.eventSource,
        eventName,
        host,
        globalRegion: spec.globalRegion,
        errorStyle: spec.errorStyle,
        iamAction: event.iamAction ?? `${prefix}:${eventName}`,
        eventVersion: spec.eventVersion,
        readOnly: event.readOnly,
        category: event.category,
        eventType: event.eventType,
        request: compileTemplate(event.request ?? null),
        response: compileTemplate(event.response ?? null),
        resources: event.resources ? compileTemplate(event.resources) : undefined,
        additionalEventData: event.additionalEventData !== undefined ? compileTemplate(event.additionalEventData) : undefined,
        serviceEventDetails: event.serviceEventDetails !== undefined ? compileTemplate(event.serviceEventDetails) : undefined,
      });
    }
  }
  return catalog;
}

/** The catalog shipped beside this module (`apis.yaml`), keyed by `<service>:<eventName>`. */
export const API_CATALOG: ReadonlyMap<string, ApiSpec> = parseApiCatalog(readFileSync(new URL('./apis.yaml', import.meta.url), 'utf8'));

/** The spec of `key`; throws on an unknown key (a bug in shipped data or a scenario module). */
export function api(key: string): ApiSpec {
  const spec = API_CATALOG.get(key);
  if (!spec) throw new Error(`unknown simulator API '${key}' (not in apis.yaml)`);
  return spec;
}
