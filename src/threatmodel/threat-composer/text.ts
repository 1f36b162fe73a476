/**
 * Text helpers for the Threat Composer export: length limits and the threat statement as
 * Threat Composer renders it from the threat grammar.
 */

const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` characters, ending in `…` when cut. Never splits a UTF-16
 * surrogate pair. JSON Schema counts code points, UTF-16 units are never fewer, so the
 * result always satisfies `maxLength: max`.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ELLIPSIS.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

/** Whitespace runs (newlines included) collapsed to one space, ends trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The threat source without a leading article: Threat Composer stores `threat actor` and
 * adds `A`/`An` itself when it renders the statement, so `an attacker` would read "An an attacker".
 */
export function withoutArticle(source: string): string {
  return source.replace(/^(?:an?|the)\s+/i, '');
}

/** The grammar fields of one exported threat, already cut to the schema's limits. */
export interface GrammarFields {
  threatSource: string;
  prerequisites: string;
  threatAction: string;
  threatImpact: string;
  impactedGoal: string[];
  impactedAssets: string[];
}

/**
 * The threat statement, worded as Threat Composer renders it (the eight permutations in the
 * schema's `statement` description, checked against the statements of its example workspaces):
 *
 * `A|An <source> [<prerequisites>] can <action>[, which leads to <impact>]`
 * then `, resulting in reduced <goals>[ of <assets>]` when there are goals, or
 * `, negatively impacting <assets>` when there are only assets.
 *
 * Goals are joined `a, b and/or c`, assets `a, b and c`; `An` before a vowel; whitespace
 * runs collapse to one space. Not truncated here (the caller applies the 1400 limit).
 */
export function composeStatement(fields: GrammarFields): string {
  const source = fields.threatSource.trim();
  const article = /^[aeiou]/i.test(source) ? 'An' : 'A';
  let text = `${article} ${source} ${fields.prerequisites} can ${fields.threatAction}`;
  if (fields.threatImpact.trim()) text += `, which leads to ${fields.threatImpact}`;
  const goals = joinList(fields.impactedGoal, 'and/or');
  const assets = joinList(fields.impactedAssets, 'and');
  if (goals) text += `, resulting in reduced ${goals}${assets ? ` of ${assets}` : ''}`;
  else if (assets) text += `, negatively impacting ${assets}`;
  return oneLine(text);
}

/** `a`, `a <last> b`, `a, b <last> c`; blank items dropped. */
function joinList(items: string[], last: string): string {
  const kept = items.map((i) => i.trim()).filter(Boolean);
  if (kept.length <= 1) return kept[0] ?? '';
  return `${kept.slice(0, -1).join(', ')} ${last} ${kept[kept.length - 1]}`;
}
