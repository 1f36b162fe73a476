/**
 * Turns lockfile text into plain data (JSON, TOML, YAML) without throwing: a syntax
 * error becomes `{ ok: false, message, line }` with a one-line message and the
 * 1-based line when the parser reports one.
 */
import { parse as parseTomlText } from 'smol-toml';
import { parseAllDocuments } from 'yaml';

/** Message for text that stops in the middle of a value. */
export const TRUNCATED = 'the file ends unexpectedly (truncated?)';

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string; line?: number };

/** JSON (RFC 8259). A leading UTF-8 byte order mark is ignored. */
export function parseJson(text: string): Parsed {
  const body = stripBom(text);
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const message = firstLine(error);
    const match = /at position (\d+)/.exec(message);
    const position = match ? Number(match[1]) : undefined;
    if (/end of JSON input/i.test(message) || (position !== undefined && position >= body.trimEnd().length)) {
      return failed(TRUNCATED, lineAt(body, body.trimEnd().length));
    }
    const clean = message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+$/, '');
    return failed(clean, position === undefined ? undefined : lineAt(body, position));
  }
}

/** TOML 1.0 (via smol-toml). */
export function parseToml(text: string): Parsed {
  try {
    return { ok: true, value: parseTomlText(stripBom(text)) as unknown };
  } catch (error) {
    const line = (error as { line?: unknown }).line;
    return failed(firstLine(error).replace(/^Invalid TOML document:\s*/, ''), typeof line === 'number' ? line : undefined);
  }
}

/**
 * YAML 1.2 (via `yaml`) with the failsafe schema: every scalar stays a string
 * (`version: 1.10` is `"1.10"`, not the number 1.1; `dev: true` is `"true"`), which is
 * what lockfile versions and ranges need. When the text holds several documents
 * (pnpm 9+ can prepend its own "env" document), the last one is returned.
 */
export function parseYaml(text: string): Parsed {
  try {
    const docs = parseAllDocuments(stripBom(text), { schema: 'failsafe', uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      const error = doc.errors[0];
      if (error) return failed(error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), error.linePos?.[0].line);
    }
    const last = list[list.length - 1];
    return { ok: true, value: last ? (last.toJS() as unknown) : null };
  } catch (error) {
    return failed(firstLine(error));
  }
}

/** 1-based line of the character at `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * 1-based line of the first occurrence of `needle` in `text`, or undefined. Used to
 * point a problem at an entry (e.g. `"node_modules/foo":`) after structured parsing.
 */
export function lineOf(text: string, needle: string): number | undefined {
  const at = text.indexOf(needle);
  return at < 0 ? undefined : lineAt(text, at);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

function failed(message: string, line?: number): Parsed {
  return line === undefined ? { ok: false, message } : { ok: false, message, line };
}
