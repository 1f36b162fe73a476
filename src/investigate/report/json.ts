/**
 * The JSON report: the `InvestigationResult` itself (src/investigate/model.ts), described
 * by schema/investigation.schema.json (JSON Schema draft 2020-12). Keys come out in the
 * order the type declares them, whatever order the object was built in, so two runs over
 * the same evidence give byte-identical files and diffs stay readable.
 */
import type { InvestigationResult } from '../model.js';

/** Key order of one object shape, with the order of its nested shapes. */
interface Shape {
  keys: readonly string[];
  nested?: Record<string, Shape>;
}

const DETECTION: Shape = { keys: ['id', 'title', 'severity', 'tactic', 'tacticId', 'technique', 'techniqueName', 'rationale', 'eventIds'] };
const RESULT: Shape = {
  keys: ['tool', 'generatedAt', 'case', 'summary', 'criticalFindings', 'detections', 'otherDetections', 'timeline', 'affectedResources', 'indicators', 'containment', 'limitingFactors', 'cost', 'warnings', 'stats'],
  nested: {
    tool: { keys: ['name', 'version'] },
    case: {
      keys: ['id', 'title', 'description', 'concern', 'entities', 'facts', 'missingFacts'],
      nested: {
        entities: { keys: ['accessKeyIds', 'principals', 'userNames', 'roleNames', 'ips', 'accountIds', 'regions', 'instanceIds', 'buckets', 'times'] },
        facts: { keys: ['since', 'until', 'exposedAt', 'rotated', 'account', 'knownIps', 'knownPrincipals'] },
        missingFacts: { keys: ['fact', 'question', 'why'] },
      },
    },
    criticalFindings: { keys: ['title', 'severity', 'detail', 'eventIds'] },
    detections: DETECTION,
    otherDetections: DETECTION,
    timeline: {
      keys: ['time', 'eventId', 'eventSource', 'eventName', 'actor', 'accessKeyId', 'sourceIp', 'userAgent', 'region', 'error', 'resources', 'detectionIds', 'scope'],
      nested: { scope: { keys: ['kind', 'via', 'text'] } },
    },
    affectedResources: { keys: ['type', 'id', 'arn', 'region', 'change', 'eventIds', 'state'] },
    indicators: {
      keys: ['ips', 'userAgents', 'accessKeyIds', 'accounts'],
      nested: {
        ips: { keys: ['value', 'events', 'firstSeen', 'lastSeen'] },
        userAgents: { keys: ['value', 'events'] },
        accessKeyIds: { keys: ['value', 'kind', 'events'] },
        accounts: { keys: ['value', 'events'] },
      },
    },
    containment: { keys: ['step', 'action', 'target', 'region', 'detail', 'description', 'command', 'verify'] },
    cost: { keys: ['currency', 'since', 'until', 'total', 'baselineDaily', 'attributed', 'anomalies'], nested: { attributed: { keys: ['amount', 'resources'] }, anomalies: { keys: ['service', 'region', 'amount', 'baselineDaily'] } } },
    warnings: { keys: ['path', 'message'] },
    stats: { keys: ['eventsRead', 'eventsStored', 'duplicates', 'malformed', 'inScope', 'evidenceStart', 'evidenceEnd', 'durationMs'] },
  },
};

/**
 * A copy of `value` with object keys in `shape`'s order (arrays element by element).
 * Keys the shape does not know are kept after the known ones, in their own order, so a
 * newer field is never lost; `undefined` values are left out as JSON.stringify would.
 */
function ordered(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, shape));
  if (!shape || value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const known = new Set(shape.keys);
  for (const key of [...shape.keys, ...Object.keys(source).filter((k) => !known.has(k))]) {
    if (source[key] !== undefined) out[key] = ordered(source[key], shape.nested?.[key]);
  }
  return out;
}

/**
 * The investigation as JSON text: 2-space indented, keys in the type's order, ending in a
 * newline. The object is written as given (no defaults added), so the file validates
 * against schema/investigation.schema.json exactly when the result does. Does not throw for
 * any JSON-serialisable result.
 */
export function renderJson(result: InvestigationResult): string {
  return `${JSON.stringify(ordered(result, RESULT), null, 2)}\n`;
}
