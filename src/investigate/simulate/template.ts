/**
 * Tiny templates for the simulator's data files: any JSON value whose strings may hold
 * `{name}` placeholders. A string that is exactly one placeholder takes the resolved
 * value as is (number, object...); otherwise the pieces are concatenated. Templates are
 * compiled once, so a million records cost one function call per field, not a parse.
 *
 * Placeholders are resolved by a {@link TemplateScope}; within one record a placeholder
 * resolves once (so `{bucket}` in the request and in `resources` agree).
 */

/** Resolves placeholder names (`bucket`, `uuid`, `int:1:9`) for one record. */
export interface TemplateScope {
  resolve(token: string): unknown;
}

/** A compiled template: evaluates to a fresh JSON value. */
export type Compiled = (scope: TemplateScope) => unknown;

const PLACEHOLDER = /\{([A-Za-z][\w.:-]*)\}/g;

function compileString(text: string): Compiled {
  const parts: (string | { token: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ token: match[1] as string });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length === 0) return () => '';
  if (parts.length === 1) {
    const only = parts[0] as string | { token: string };
    if (typeof only === 'string') return () => only;
    return (scope) => scope.resolve(only.token);
  }
  return (scope) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : String(scope.resolve(part.token));
    return out;
  };
}

/** Compile a JSON value template. Constants (no placeholders) are shared copies-on-build. */
export function compileTemplate(template: unknown): Compiled {
  if (typeof template === 'string') return compileString(template);
  if (Array.isArray(template)) {
    const items = template.map(compileTemplate);
    return (scope) => items.map((item) => item(scope));
  }
  if (typeof template === 'object' && template !== null) {
    const entries = Object.entries(template).map(([key, value]) => [key, compileTemplate(value)] as const);
    return (scope) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of entries) out[key] = value(scope);
      return out;
    };
  }
  return () => template;
}

/** The placeholder names a template uses (for validating data files). */
export function placeholders(template: unknown, into = new Set<string>()): Set<string> {
  if (typeof template === 'string') for (const match of template.matchAll(PLACEHOLDER)) into.add(match[1] as string);
  else if (Array.isArray(template)) for (const item of template) placeholders(item, into);
  else if (typeof template === 'object' && template !== null) for (const value of Object.values(template)) placeholders(value, into);
  return into;
}
