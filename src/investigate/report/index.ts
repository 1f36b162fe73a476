/**
 * The investigation's report formats, all rendered from one `InvestigationResult`
 * (src/investigate/model.ts): `terminal` (a compact summary), `md` (GitHub Flavored
 * Markdown for a ticket), `html` (one self-contained page with the visual timeline) and
 * `json` (the result itself; schema/investigation.schema.json).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { InvestigationResult } from '../model.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { type TerminalOptions, renderTerminal } from './terminal.js';

/** Formats, as named by `--format`. */
export const INVESTIGATION_FORMATS = ['terminal', 'md', 'html', 'json'] as const;
export type InvestigationFormat = (typeof INVESTIGATION_FORMATS)[number];

/** True when `value` names a format (for validating `--format` lists). */
export function isInvestigationFormat(value: string): value is InvestigationFormat {
  return (INVESTIGATION_FORMATS as readonly string[]).includes(value);
}

/** File name of each format inside `--out-dir`. */
export const INVESTIGATION_FILES: Record<InvestigationFormat, string> = {
  terminal: 'investigation.txt',
  md: 'investigation.md',
  html: 'investigation.html',
  json: 'investigation.json',
};

/** The file name a format is written to by default, e.g. `investigation.html`. */
export function defaultFileName(format: InvestigationFormat): string {
  return INVESTIGATION_FILES[format];
}

/**
 * The result rendered in `format`. `terminal` defaults to no colour and 100 columns (the
 * form written to a file); pass `terminal` options for a TTY. Never throws on odd values.
 */
export function renderInvestigation(result: InvestigationResult, format: InvestigationFormat, terminal: TerminalOptions = { color: false, width: 100 }): string {
  switch (format) {
    case 'terminal':
      return renderTerminal(result, terminal);
    case 'md':
      return renderMarkdown(result);
    case 'html':
      return renderHtml(result);
    case 'json':
      return renderJson(result);
  }
}

export { renderHtml, renderJson, renderMarkdown, renderTerminal, type TerminalOptions };

/** Write each format to its file name (INVESTIGATION_FILES) in `outDir` (created); the paths written, in format order. */
export async function writeInvestigationReports(result: InvestigationResult, formats: readonly InvestigationFormat[], outDir: string): Promise<string[]> {
  await mkdir(resolve(outDir), { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const file = join(resolve(outDir), INVESTIGATION_FILES[format]);
    await writeFile(file, renderInvestigation(result, format));
    written.push(file);
  }
  return written;
}
