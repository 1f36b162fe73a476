/**
 * Policy document normalisation: an IAM JSON policy as CloudFormation, Terraform or the
 * AWS CLI hold it (an object, a JSON string, or URL-encoded JSON as in
 * `get-account-authorization-details`), possibly with `Unknown` leaves, becomes model
 * `Statement`s. Element grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html.
 *
 * Nothing here throws: each element that is not valid IAM becomes a problem naming its
 * path (`Statement[1].Condition.StringEquals`) and the statement is skipped or kept
 * without it, whichever is safe (see `parsePolicyDocument`).
 */
import { type SourceRef, type Value, Unknown } from '../iac/graph.js';
import type { Condition, PolicyString, Principals, Statement } from './model.js';

/** Where a document came from: its file and line, and optionally the lines of its parts. */
export type PolicySource = SourceRef & {
  /**
   * 1-based lines keyed by property path joined with `.` (as `Resource.lines` does); the
   * document's own keys are looked up under `prefix` (e.g. `PolicyDocument`).
   */
  lines?: ReadonlyMap<string, number>;
  prefix?: string;
};

/** A problem found while normalising a document; `path` is the element, e.g. `Statement[0].Effect`. */
export interface PolicyProblem {
  message: string;
  path: string;
}

/** The normalised statements of a document and the problems found on the way. */
export interface ParsedPolicy {
  statements: Statement[];
  problems: PolicyProblem[];
  /** The `Version` element, when a string. */
  version?: string;
}

/** Operator name of the synthetic condition that stands for an unresolved part of a policy; always evaluates `'unknown'`. */
export const UNRESOLVED_OPERATOR = 'Guardian:Unresolved';

const PRINCIPAL_KINDS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;

type Json = Value | undefined;
const isObject = (value: Json): value is { [key: string]: Value } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);

/**
 * Statements standing for a part of a policy Guardian cannot see (an unresolved
 * document or Effect): an Allow and a Deny of everything, each under a condition that is
 * always `'unknown'`, so that any decision they could change becomes `'unknown'`.
 */
export function unresolvedStatements(reason: string, source?: SourceRef, template: Partial<Statement> = {}): Statement[] {
  const condition: Condition = { operator: UNRESOLVED_OPERATOR, ifExists: false, key: 'guardian:unresolved', values: [new Unknown(reason)] };
  return (['Allow', 'Deny'] as const).map((effect) => ({
    actions: ['*'],
    resources: ['*'],
    ...template,
    effect,
    conditions: [...(template.conditions ?? []), condition],
    ...(source ? { source } : {}),
  }));
}

/**
 * Decode a policy document given as text: JSON, or URL-encoded JSON (`%7B%22Version…`,
 * as IAM's API returns documents). Returns the parsed value with the 1-based line of each
 * property path (keys joined with `.`, array indexes as numbers), or a problem.
 */
export function decodePolicyText(text: string): { value: Value; lines: Map<string, number> } | { problem: string } {
  let body = text.trim();
  if (!body.startsWith('{') && !body.startsWith('[') && /%[0-9a-f]{2}/i.test(body)) {
    try {
      body = decodeURIComponent(body);
    } catch {
      return { problem: 'policy document is neither JSON nor valid URL-encoded JSON' };
    }
  }
  try {
    return parseJsonWithLines(body);
  } catch (error) {
    return { problem: `policy document is not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Normalise a policy document into statements. `doc` is an object (leaves may be
 * `Unknown`), a JSON or URL-encoded JSON string, or an `Unknown` (the whole document
 * unresolved). Rules for invalid input:
 * - unresolved document or `Effect` → `unresolvedStatements` (decisions become `'unknown'`);
 * - a statement without a valid `Effect`, or without exactly one of `Action`/`NotAction`,
 *   is dropped with a problem;
 * - a malformed condition operator or value drops that statement too when it is an Allow
 *   (never grant on a test Guardian cannot read) and becomes an always-unknown condition when
 *   it is a Deny.
 * Single strings become arrays; 12-digit account ids in `Principal.AWS` become
 * `arn:aws:iam::<id>:root` (IAM stores them so); numbers and booleans in conditions become strings.
 */
export function parsePolicyDocument(doc: Value | unknown, source?: PolicySource): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  let lines = source?.lines;
  let prefix = source?.prefix ? `${source.prefix}.` : '';
  let value = doc as Json;
  let lineOffset = 0;
  if (typeof value === 'string') {
    const decoded = decodePolicyText(value);
    if ('problem' in decoded) return { statements: [], problems: [{ message: decoded.problem, path: '' }] };
    value = decoded.value;
    // Lines inside an embedded string count from the line the string starts on.
    lines = decoded.lines;
    prefix = '';
    lineOffset = source ? source.line - 1 : 0;
  }
  /** The first of `paths` with a known line, else the document's own line. */
  const lineFor = (...paths: string[]): SourceRef | undefined => {
    if (!source) return undefined;
    for (const path of paths) {
      const line = lines?.get(prefix + path);
      if (line !== undefined) return { path: source.path, line: line + lineOffset };
    }
    return { path: source.path, line: source.line };
  };

  if (value instanceof Unknown) {
    problems.push({ message: `policy document is unresolved (${value.expression})`, path: '' });
    return { statements: unresolvedStatements(value.expression, lineFor()), problems };
  }
  if (!isObject(value)) return { statements: [], problems: [{ message: 'policy document is not a JSON object', path: '' }] };

  const version = typeof value.Version === 'string' ? value.Version : undefined;
  if (value.Version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') problems.push({ message: `unexpected Version ${String(value.Version)}`, path: 'Version' });
  const raw = value.Statement;
  if (raw === undefined) return { statements: [], problems: [...problems, { message: 'policy has no Statement', path: 'Statement' }], version };
  if (raw instanceof Unknown) {
    problems.push({ message: `Statement is unresolved (${raw.expression})`, path: 'Statement' });
    return { statements: unresolvedStatements(raw.expression, lineFor('Statement')), problems, version };
  }
  const list = Array.isArray(raw) ? raw.map((item, i) => [item, `Statement.${i}`, `Statement[${i}]`] as const) : [[raw, 'Statement', 'Statement'] as const];
  const statements: Statement[] = [];
  for (const [item, key, label] of list) {
    statements.push(...parseStatement(item, label, lineFor(`${key}.Effect`, key), problems));
  }
  return { statements, problems, ...(version ? { version } : {}) };
}

function parseStatement(item: Value, path: string, source: SourceRef | undefined, problems: PolicyProblem[]): Statement[] {
  const at = (message: string, element?: string) => problems.push({ message, path: element ? `${path}.${element}` : path });
  if (item instanceof Unknown) {
    at(`statement is unresolved (${item.expression})`);
    return unresolvedStatements(item.expression, source);
  }
  if (!isObject(item)) {
    at('statement is not an object');
    return [];
  }
  for (const key of Object.keys(item)) if (!STATEMENT_KEYS.has(key)) at(`unknown element ${key}`, key);

  const statement: Statement = { effect: 'Allow', conditions: [] };
  if (typeof item.Sid === 'string') statement.sid = item.Sid;
  if (source) statement.source = source;

  const actions = item.Action !== undefined ? 'Action' : undefined;
  const notActions = item.NotAction !== undefined ? 'NotAction' : undefined;
  if (!actions === !notActions) {
    at(actions ? 'statement has both Action and NotAction' : 'statement has neither Action nor NotAction');
    return [];
  }
  const actionKey = (actions ?? notActions)!;
  const actionList = stringList(item[actionKey] as Value, `${path}.${actionKey}`, problems);
  if (!actionList) return [];
  if (actions) statement.actions = actionList;
  else statement.notActions = actionList;

  if (item.Resource !== undefined && item.NotResource !== undefined) {
    at('statement has both Resource and NotResource');
    return [];
  }
  // Trust and resource policies may omit Resource: the policy applies to its own resource.
  for (const key of ['Resource', 'NotResource'] as const) {
    if (item[key] === undefined) continue;
    const list = stringList(item[key], `${path}.${key}`, problems);
    if (!list) return [];
    if (key === 'Resource') statement.resources = list;
    else statement.notResources = list;
  }

  for (const key of ['Principal', 'NotPrincipal'] as const) {
    if (item[key] === undefined) continue;
    const principals = parsePrincipals(item[key], `${path}.${key}`, problems);
    if (!principals) return [];
    if (key === 'Principal') statement.principals = principals;
    else statement.notPrincipals = principals;
  }

  const effect = item.Effect;
  let conditionsOk = true;
  if (item.Condition !== undefined) {
    const parsed = parseConditions(item.Condition, `${path}.Condition`, problems);
    statement.conditions = parsed.conditions;
    conditionsOk = parsed.ok;
  }
  if (effect instanceof Unknown) {
    at(`Effect is unresolved (${effect.expression})`, 'Effect');
    return unresolvedStatements(effect.expression, source, statement);
  }
  if (effect !== 'Allow' && effect !== 'Deny') {
    at(`Effect must be "Allow" or "Deny", found ${JSON.stringify(effect ?? null)}`, 'Effect');
    return [];
  }
  statement.effect = effect;
  if (!conditionsOk) {
    if (effect === 'Allow') return [];
    statement.conditions.push({ operator: UNRESOLVED_OPERATOR, ifExists: false, key: 'guardian:unresolved', values: [new Unknown('malformed condition')] });
  }
  return [statement];
}

/** A string-or-array element as a list; numbers are kept as text (account ids written as numbers). */
function stringList(value: Value, path: string, problems: PolicyProblem[]): PolicyString[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const out: PolicyString[] = [];
  for (const [i, item] of items.entries()) {
    const converted = policyString(item);
    if (converted === undefined) problems.push({ message: `expected a string, found ${describe(item)}`, path: Array.isArray(value) ? `${path}[${i}]` : path });
    else out.push(converted);
  }
  if (out.length === 0) {
    problems.push({ message: 'element has no usable values', path });
    return undefined;
  }
  return out;
}

/** A JSON scalar as a policy string; CloudFormation intrinsics left unresolved become `Unknown`. */
function policyString(value: Value): PolicyString | undefined {
  if (typeof value === 'string' || value instanceof Unknown) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value)) {
    const [key] = Object.keys(value);
    if (key && (key === 'Ref' || key.startsWith('Fn::'))) return new Unknown(JSON.stringify(value));
  }
  return undefined;
}

const describe = (value: Value): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value);

function parsePrincipals(value: Value, path: string, problems: PolicyProblem[]): Principals | undefined {
  if (value === '*') return '*';
  if (!isObject(value)) {
    problems.push({ message: `principal must be "*" or an object, found ${describe(value)}`, path });
    return undefined;
  }
  const out: Exclude<Principals, '*'> = {};
  for (const [kind, entries] of Object.entries(value)) {
    if (!(PRINCIPAL_KINDS as readonly string[]).includes(kind)) {
      problems.push({ message: `unknown principal type ${kind}`, path: `${path}.${kind}` });
      continue;
    }
    const list = stringList(entries, `${path}.${kind}`, problems);
    if (!list) continue;
    out[kind as (typeof PRINCIPAL_KINDS)[number]] =
      kind === 'AWS' ? list.map((p) => (typeof p === 'string' && /^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p)) : list;
  }
  if (Object.keys(out).length === 0) {
    problems.push({ message: 'principal names no usable principal', path });
    return undefined;
  }
  return out;
}

/** Split `ForAnyValue:StringLikeIfExists` into its set prefix, operator and IfExists flag. */
export function parseOperator(text: string): { operator: string; ifExists: boolean; set?: Condition['set'] } | undefined {
  let rest = text.trim();
  let set: Condition['set'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const prefix = rest.slice(0, colon);
    set = SET_PREFIXES.find((p) => p.toLowerCase() === prefix.toLowerCase());
    if (!set) return undefined;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists');
  const operator = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  if (!/^[A-Za-z]+$/.test(operator)) return undefined;
  return { operator, ifExists, ...(set ? { set } : {}) };
}

function parseConditions(value: Value, path: string, problems: PolicyProblem[]): { conditions: Condition[]; ok: boolean } {
  const conditions: Condition[] = [];
  let ok = true;
  if (!isObject(value)) {
    problems.push({ message: `Condition must be an object, found ${value instanceof Unknown ? `unresolved ${value.expression}` : describe(value)}`, path });
    return { conditions, ok: false };
  }
  for (const [operatorText, tests] of Object.entries(value)) {
    const operator = parseOperator(operatorText);
    if (!operator || !isObject(tests)) {
      problems.push({ message: operator ? 'condition operator must map keys to values' : `malformed condition operator ${operatorText}`, path: `${path}.${operatorText}` });
      ok = false;
      continue;
    }
    for (const [key, raw] of Object.entries(tests)) {
      const values = stringList(raw, `${path}.${operatorText}.${key}`, problems);
      if (!values) {
        ok = false;
        continue;
      }
      conditions.push({ ...operator, key, values });
    }
  }
  return { conditions, ok };
}

/**
 * Parse JSON text, also returning the 1-based line of every property path (object keys
 * and array indexes joined with `.`, the root at `''`). Throws `SyntaxError` on invalid
 * JSON (callers turn it into a problem). Strings are decoded with `JSON.parse` itself.
 */
export function parseJsonWithLines(text: string): { value: Value; lines: Map<string, number> } {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at line ${line}`);
  };
  const skip = () => {
    for (; pos < text.length; pos++) {
      const ch = text[pos];
      if (ch === '\n') line++;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r') break;
    }
  };
  const readString = (): string => {
    const start = pos;
    pos++;
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    if (pos >= text.length) fail('unterminated string');
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readValue = (path: string): Value => {
    skip();
    lines.set(path, line);
    const ch = text[pos];
    const child = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
    if (ch === '{') {
      pos++;
      const out: { [key: string]: Value } = {};
      skip();
      if (text[pos] === '}') {
        pos++;
        return out;
      }
      for (;;) {
        skip();
        if (text[pos] !== '"') fail('expected a property name');
        const keyLine = line;
        const key = readString();
        skip();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        out[key] = readValue(child(key));
        lines.set(child(key), keyLine);
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return out;
        } else fail('expected "," or "}"');
      }
    }
    if (ch === '[') {
      pos++;
      const out: Value[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return out;
      }
      for (;;) {
        out.push(readValue(child(out.length)));
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return out;
        } else fail('expected "," or "]"');
      }
    }
    if (ch === '"') return readString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(pos, pos + 64));
    if (!literal) return fail('unexpected character');
    pos += literal[0].length;
    return JSON.parse(literal[0]) as Value;
  };
  const value = readValue('');
  skip();
  if (pos < text.length) fail('unexpected trailing content');
  return { value, lines };
}
