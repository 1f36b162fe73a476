/**
 * Turning a Terraform policy argument (`policy`, `assume_role_policy`, ...), which is
 * JSON text, into the policy document object IAM analysis reads — also when the text is
 * only partly known: a heredoc or template whose interpolations are resource attributes
 * keeps its structure, each unknown piece becoming an `Unknown` leaf.
 */
import { Unknown, type Value, isRecord } from '../graph.js';
import { JsonEncoded, PartialTemplate } from './values.js';

/** Private-use code points that cannot occur in policy text and survive JSON.parse inside strings. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const HOLE = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/**
 * The document `policy` stands for: JSON text parsed, `jsonencode()` and policy
 * document data sources unwrapped, objects as they are. Text that is not JSON, or
 * unknown pieces outside JSON strings, give back `policy` unchanged (an `Unknown` or a
 * string rules can still report).
 */
export function parsePolicyValue(policy: Value): Value {
  if (policy instanceof JsonEncoded) return policy.value;
  if (typeof policy === 'string') return parseJson(policy) ?? policy;
  if (policy instanceof PartialTemplate) return parseTemplate(policy) ?? policy;
  return policy;
}

function parseJson(text: string): Value | undefined {
  if (!/^\s*[{[]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as Value;
  } catch {
    return undefined;
  }
}

function parseTemplate(template: PartialTemplate): Value | undefined {
  const holes: Unknown[] = [];
  const text = template.parts.map((part) => (typeof part === 'string' ? part : `${OPEN}${holes.push(part) - 1}${CLOSE}`)).join('');
  const parsed = parseJson(text);
  if (parsed === undefined) return undefined;
  let stray = false;
  const fill = (value: Value): Value => {
    if (typeof value === 'string') return value.includes(OPEN) ? fillString(value, holes) : value;
    if (Array.isArray(value)) return value.map(fill);
    if (isRecord(value)) {
      const result: { [key: string]: Value } = {};
      for (const [key, item] of Object.entries(value)) {
        if (key.includes(OPEN)) stray = true;
        result[key] = fill(item);
      }
      return result;
    }
    return value;
  };
  const filled = fill(parsed);
  return stray ? undefined : filled;
}

/** A string with holes: exactly one hole is that `Unknown`; text around holes makes a new `Unknown`. */
function fillString(value: string, holes: Unknown[]): Value {
  const whole = new RegExp(`^${OPEN}(\\d+)${CLOSE}$`).exec(value);
  if (whole) return holes[Number(whole[1])]!;
  const used: Unknown[] = [];
  const expression = value.replace(HOLE, (_m, index: string) => {
    const hole = holes[Number(index)]!;
    used.push(hole);
    return `\${${hole.expression}}`;
  });
  return new Unknown(expression, [...new Set(used.flatMap((u) => u.refs))]);
}
