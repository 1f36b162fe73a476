import type { ScanResult } from '../core/run.js';
import { toCycloneDx } from './cyclonedx.js';
import { toHtml } from './html.js';
import { toJson } from './json.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';
import { toSarif } from './sarif.js';

/** Options every file format may use. */
export interface RenderOptions {
  /** A baseline was applied: SARIF marks results `new` / `unchanged`. */
  baselineUsed?: boolean;
}

/** A report file format: its `--format` id, default file name, and renderer. */
export interface ReportFormat {
  id: string;
  fileName: string;
  render(result: ScanResult, options: RenderOptions): string;
}

/** The file formats, in the order they are listed in help and summaries. */
export const FORMATS: readonly ReportFormat[] = [
  { id: 'json', fileName: 'guardian.json', render: (r) => toJson(r) },
  { id: 'sarif', fileName: 'guardian.sarif', render: (r, o) => `${JSON.stringify(toSarif(r, o), null, 2)}\n` },
  { id: 'html', fileName: 'guardian.html', render: (r) => toHtml(r) },
  { id: 'md', fileName: 'guardian.md', render: (r) => toMarkdown(r) },
  { id: 'cyclonedx', fileName: 'guardian.cdx.json', render: (r) => toCycloneDx(r) },
  { id: 'junit', fileName: 'guardian.junit.xml', render: (r) => toJunit(r) },
];

/** Formats written when `--format` is not given. */
export const DEFAULT_FORMATS = ['json', 'sarif', 'html', 'md', 'cyclonedx'];

export function formatById(id: string): ReportFormat | undefined {
  const alias: Record<string, string> = { markdown: 'md', cdx: 'cyclonedx', sbom: 'cyclonedx' };
  return FORMATS.find((f) => f.id === (alias[id] ?? id));
}
