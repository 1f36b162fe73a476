/**
 * Human decisions recorded in a previous Threat Composer file — a threat's status, priority
 * and comments — read back and carried over to the same threats of a new model, so that a
 * re-run never undoes what a person decided.
 *
 * A value counts as a person's decision when it differs from what Guardian derived and wrote
 * beside it (`custom:guardianStatus`, `custom:guardianPriority`); a file without those
 * markers (hand-made, or from another tool) has every value taken as a decision. Comments
 * are always a person's: Guardian writes only the comments it carried over.
 */
import type { ScanWarning } from '../../core/warnings.js';
import type { Priority, Threat, ThreatModel } from '../model.js';
import { CUSTOM_KEYS, PRIORITIES, THREAT_STATUS, type ThreatComposerThreatStatus } from './format.js';
import { UUID_PATTERN, deterministicUuid } from './uuid.js';

/** What a person decided about one threat. Absent fields: no decision, Guardian's value stands. */
export interface ThreatDecision {
  status?: Threat['status'];
  priority?: Priority;
  comments?: string;
}

/**
 * Decisions keyed by Guardian threat id (`threat:<rule>:<anchor>`, from `custom:guardianId`)
 * or, for a threat whose metadata was lost, by its Threat Composer UUID (lower-case).
 */
export type ThreatDecisions = Map<string, ThreatDecision>;

/** A threat of the previous file, as it was then: what the review's "what changed" compares against. */
export interface PreviousThreat {
  /** Guardian threat id, or the Threat Composer UUID (lower-case) when the metadata was lost. */
  key: string;
  /** The threat sentence (`statement`), or `''` when the file has none. */
  statement: string;
  /** The priority Guardian derived then (`custom:guardianPriority`), else the file's `Priority`. */
  priority?: Priority;
}

/** What a previous Threat Composer file tells a re-run: a person's decisions, and the threats it held. */
export interface PreviousThreatModel {
  decisions: ThreatDecisions;
  /** In file order; threats without a usable key are skipped (with a warning). */
  threats: PreviousThreat[];
}

/** Where problems with the file go; `WarningSink` fits. `path` names the file in warnings. */
export interface ReadDecisionsOptions {
  path?: string;
  warnings?: { add(warning: ScanWarning): void };
}

const STATUS_BY_TC = new Map<string, Threat['status']>(
  Object.entries(THREAT_STATUS).map(([guardian, tc]) => [tc, guardian as Threat['status']]),
);

/**
 * Read a previous Threat Composer v1 file (parsed JSON, or its text): the decisions a
 * person made and the threats it held. Never throws: malformed parts (a threat that is
 * not an object, an unknown status or priority, a duplicate id) are skipped with a warning
 * (code `invalid-threat-composer`, source `threat-model`, message naming the field, e.g.
 * `threats[3].status`) and the rest is read. Threats with no decision are left out of
 * `decisions`.
 */
export function readPreviousThreatModel(json: unknown, options: ReadDecisionsOptions = {}): PreviousThreatModel {
  const decisions: ThreatDecisions = new Map();
  const threats: PreviousThreat[] = [];
  const result = { decisions, threats };
  const warn = (field: string, message: string) =>
    options.warnings?.add({
      code: 'invalid-threat-composer',
      message: `${field}: ${message}`,
      source: 'threat-model',
      ...(options.path !== undefined ? { path: options.path } : {}),
    });

  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch (error) {
      warn('(file)', `not JSON (${(error as Error).message}); no previous decisions are carried over`);
      return result;
    }
  }
  if (!isRecord(doc)) {
    warn('(file)', 'not a JSON object; no previous decisions are carried over');
    return result;
  }
  if (doc.schema !== undefined && doc.schema !== 1) warn('schema', `version ${JSON.stringify(doc.schema)} is not 1; reading it as version 1`);
  if (doc.threats === undefined) return result;
  if (!Array.isArray(doc.threats)) {
    warn('threats', 'not an array; no previous decisions are carried over');
    return result;
  }

  doc.threats.forEach((item: unknown, index) => {
    const at = `threats[${index}]`;
    if (!isRecord(item)) return warn(at, 'not an object; skipped');
    const metadata = readMetadata(item.metadata, `${at}.metadata`, warn);
    const key = threatKey(item, metadata);
    if (!key) return warn(at, 'has neither custom:guardianId nor a UUID id; skipped');
    if (threats.some((t) => t.key === key)) return warn(at, `a second threat with id ${key}; the first one's decisions are kept`);
    threats.push(previousThreat(key, item, metadata));
    const decision = readDecision(item, metadata, at, warn);
    if (Object.keys(decision).length) decisions.set(key, decision);
  });
  return result;
}

/**
 * The model with `decisions` applied: each threat whose id (or deterministic UUID) has a
 * decision takes its status, priority and comments; a decided priority that differs from
 * Guardian's says so in `priorityReason`. Threats without decisions are returned as they
 * are, and decisions for threats no longer in the model are ignored. Pure: `model` is not
 * changed. The values Guardian derived are kept in `Threat.derived`, which
 * `toThreatComposer` writes beside the decided ones so that the next import still sees
 * the decisions.
 */
export function applyDecisions(model: ThreatModel, decisions: ThreatDecisions): ThreatModel {
  if (!decisions.size) return model;
  const threats = model.threats.map((threat) => {
    const decision = decisions.get(threat.id) ?? decisions.get(deterministicUuid(threat.id));
    if (!decision) return threat;
    const derived = derivedValues(threat);
    const decided: Threat = { ...threat, derived };
    if (decision.status) decided.status = decision.status;
    if (decision.priority && decision.priority !== threat.priority) {
      decided.priority = decision.priority;
      decided.priorityReason = `Set to ${decision.priority} by a person in the previous Threat Composer file; Guardian derived ${derived.priority} (${threat.priorityReason}).`;
    }
    if (decision.comments !== undefined) decided.comments = decision.comments;
    return decided;
  });
  return { ...model, threats };
}

/** The status and priority Guardian derived for `threat`, before any person's decision was applied. */
export function derivedValues(threat: Threat): { status: Threat['status']; priority: Priority } {
  return threat.derived ?? { status: threat.status, priority: threat.priority };
}

type Warn = (field: string, message: string) => void;

/** The well-formed metadata entries, by key (first wins). */
function readMetadata(value: unknown, at: string, warn: Warn): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (value === undefined) return entries;
  if (!Array.isArray(value)) {
    warn(at, 'not an array; ignored');
    return entries;
  }
  value.forEach((entry: unknown, i) => {
    if (!isRecord(entry) || typeof entry.key !== 'string') return warn(`${at}[${i}]`, 'not a {key, value} entry; ignored');
    if (!entries.has(entry.key)) entries.set(entry.key, entry.value);
  });
  return entries;
}

function threatKey(threat: Record<string, unknown>, metadata: Map<string, unknown>): string | undefined {
  const guardianId = metadata.get(CUSTOM_KEYS.guardianId);
  if (typeof guardianId === 'string' && guardianId.trim()) return guardianId.trim();
  if (typeof threat.id === 'string' && UUID_PATTERN.test(threat.id)) return threat.id.toLowerCase();
  return undefined;
}

function previousThreat(key: string, threat: Record<string, unknown>, metadata: Map<string, unknown>): PreviousThreat {
  const priority = [metadata.get(CUSTOM_KEYS.derivedPriority), metadata.get('Priority')].find((p): p is Priority => PRIORITIES.includes(p as Priority));
  return { key, statement: typeof threat.statement === 'string' ? threat.statement : '', ...(priority ? { priority } : {}) };
}

function readDecision(threat: Record<string, unknown>, metadata: Map<string, unknown>, at: string, warn: Warn): ThreatDecision {
  const decision: ThreatDecision = {};

  if (threat.status !== undefined) {
    const status = typeof threat.status === 'string' ? STATUS_BY_TC.get(threat.status) : undefined;
    if (!status) warn(`${at}.status`, `unknown status ${JSON.stringify(threat.status)}; ignored`);
    else if (threat.status !== (metadata.get(CUSTOM_KEYS.derivedStatus) as ThreatComposerThreatStatus | undefined)) decision.status = status;
  }

  if (metadata.has('Priority')) {
    const priority = metadata.get('Priority');
    if (!PRIORITIES.includes(priority as Priority)) warn(`${at}.metadata.Priority`, `unknown priority ${JSON.stringify(priority)}; ignored`);
    else if (priority !== metadata.get(CUSTOM_KEYS.derivedPriority)) decision.priority = priority as Priority;
  }

  if (metadata.has('Comments')) {
    const comments = metadata.get('Comments');
    if (typeof comments !== 'string') warn(`${at}.metadata.Comments`, 'not a string; ignored');
    else if (comments.trim()) decision.comments = comments.trim();
  }
  return decision;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
