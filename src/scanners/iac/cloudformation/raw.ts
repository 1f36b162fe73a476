import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';

/**
 * A template as parsed, before intrinsic functions are resolved: JSON-like data where
 * the YAML short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) are already rewritten to
 * their long forms (`{Ref: X}`, `{'Fn::GetAtt': [A, B]}`), per the CloudFormation
 * intrinsic function reference. Every object and array remembers the line of each child
 * in `childLines`, so resolution and transforms can keep line numbers.
 */
export type Raw = string | number | boolean | null | Raw[] | { [key: string]: Raw };
export type RawObject = { [key: string]: Raw };

const CHILD_LINES = new WeakMap<object, Map<string | number, number>>();

/** 1-based line of `container[key]`, when the parser recorded it. */
export function childLine(container: object, key: string | number): number | undefined {
  return CHILD_LINES.get(container)?.get(key);
}

/** Record that `container[key]` was declared at `line` (for objects built by transforms). */
export function setChildLine(container: object, key: string | number, line: number): void {
  let lines = CHILD_LINES.get(container);
  if (!lines) CHILD_LINES.set(container, (lines = new Map()));
  lines.set(key, line);
}

/** Build an object whose every key is recorded at `line`. */
export function rawObjectAt(line: number, entries: Record<string, Raw | undefined>): RawObject {
  const out: RawObject = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    out[key] = value;
    setChildLine(out, key, line);
  }
  return out;
}

export const isRawObject = (value: Raw | undefined): value is RawObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Short-form tags and the long form each stands for. `!GetAtt A.B` also splits its string. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
  '!ForEach': 'Fn::ForEach',
};

/** A parse problem with its 1-based line. */
export interface RawProblem {
  message: string;
  line: number;
}

/**
 * Parse a CloudFormation/SAM/serverless.yml document (YAML 1.1-style, or JSON, which is
 * YAML) into `Raw`. Returns `undefined` data with problems when the text is not valid.
 * Only the first document of a multi-document stream is read.
 */
export function parseRaw(text: string): { data: Raw | undefined; problems: RawProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false, prettyErrors: false, version: '1.1' });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const problems = doc.errors.map((e) => ({ message: e.message.split('\n')[0]!, line: lineAt(e.pos[0]) }));
  if (problems.length) return { data: undefined, problems };

  const convert = (node: unknown): Raw => {
    if (isAlias(node)) return convert(node.resolve(doc));
    if (!node) return null;
    const n = node as Node;
    const value = convertUntagged(n);
    const tag = n.tag;
    if (tag && SHORT_FORMS[tag]) {
      const long = SHORT_FORMS[tag];
      const argument = tag === '!GetAtt' && typeof value === 'string' ? splitGetAtt(value) : value;
      const out: RawObject = { [long]: argument };
      setChildLine(out, long, lineAt(n.range?.[0]));
      return out;
    }
    return value;
  };

  const convertUntagged = (node: Node): Raw => {
    if (isScalar(node)) {
      const v = node.value;
      if (v === null || v === undefined) return null;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
      if (typeof v === 'bigint') return Number(v);
      return v instanceof Date ? v.toISOString() : String(v);
    }
    if (isSeq(node)) {
      const out: Raw[] = [];
      node.items.forEach((item, i) => {
        out.push(convert(item));
        setChildLine(out, i, lineAt((item as Node | null)?.range?.[0] ?? node.range?.[0]));
      });
      return out;
    }
    if (isMap(node)) {
      const out: RawObject = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        if (key === '<<' && pair.value) {
          // YAML merge key: serverless.yml files use anchors and merges.
          const merged = convert(pair.value);
          for (const source of Array.isArray(merged) ? merged : [merged]) if (isRawObject(source)) for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
          continue;
        }
        out[key] = convert(pair.value);
        setChildLine(out, key, lineAt(keyNode?.range?.[0]));
      }
      return out;
    }
    return null;
  };

  return { data: convert(doc.contents), problems: [] };
}

/** `!GetAtt Resource.Attribute.With.Dots` → `['Resource', 'Attribute.With.Dots']`. */
function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}
