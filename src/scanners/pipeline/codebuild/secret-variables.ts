import { isNonSecretShape, isPlaceholder } from '../../secrets/placeholders.js';
import { NON_SECRET_NAME_WORDS, SECRET_NAME_WORDS, SECRET_VALUE_SHAPES } from './secret-shapes.js';

/** Why a variable is judged to hold a secret. */
export interface SecretVerdict {
  /** `value`: the value has a credential's shape; `name`: the name says secret and the value could be one. */
  reason: 'value' | 'name';
  /** The secret text (the matched credential, or the whole value). */
  secret: string;
  /** Characters to keep visible when masking. */
  visible: number;
  /** What was recognised, for messages (`an AWS access key ID`, `a secret-named variable`). */
  label: string;
}

/** The words of a variable name: `dbPassword`, `DB_PASSWORD`, `db-password` → `DB`, `PASSWORD`. */
export function nameWords(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/**
 * True when `name` says the variable holds a secret: one of its words is a secret word
 * (`PASSWORD`, `TOKEN`, `KEY`, … also inside compounds like `APIKEY`), and none says it
 * is only a reference or setting (`_ID`, `_ARN`, `_URL`, `PUBLIC`, …).
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => NON_SECRET_NAME_WORDS.includes(w))) return false;
  return words.some((w) => SECRET_NAME_WORDS.some((s) => w === s || (w.length > s.length && w.endsWith(s))));
}

/**
 * Judge a plain-text build variable: a credential-shaped value (AWS access key ID, GitHub
 * token) whatever the name, or a secret-looking name whose value is not a placeholder,
 * reference or obviously non-secret text (see secrets/placeholders.ts). `undefined`
 * when it does not look like a secret.
 */
export function judgeVariable(name: string, value: string): SecretVerdict | undefined {
  for (const shape of SECRET_VALUE_SHAPES) {
    const match = shape.pattern.exec(value);
    if (match && !isPlaceholder(match[0])) return { reason: 'value', secret: match[0], visible: shape.visible, label: shape.label };
  }
  const v = value.trim();
  if (!isSecretName(name) || isPlaceholder(v) || isNonSecretShape(v) || v.length < 6) return undefined;
  return { reason: 'name', secret: v, visible: 2, label: 'a secret-named variable' };
}
