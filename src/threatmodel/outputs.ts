/**
 * The outputs of `guardian threat-model`, by format: which file each is written to and how
 * it is rendered from one ThreatModelReport. Every renderer is deterministic.
 */
import { toMermaid } from '../architecture/mermaid.js';
import { threatModelHtml } from './html.js';
import { threatModelMarkdown } from './markdown.js';
import { threatModelPdf } from './pdf.js';
import type { ThreatModelReport } from './report-view.js';
import { serializeThreatComposer, toThreatComposer } from './threat-composer.js';

/** Output formats, in the order they are written. */
export const THREAT_MODEL_FORMATS = ['md', 'html', 'pdf', 'tc.json', 'json', 'mermaid'] as const;
export type ThreatModelFormat = (typeof THREAT_MODEL_FORMATS)[number];

/** File name of each format inside the output directory. */
export const THREAT_MODEL_FILES: Record<ThreatModelFormat, string> = {
  md: 'threat-model.md',
  html: 'threat-model.html',
  pdf: 'threat-model.pdf',
  'tc.json': 'threat-model.tc.json',
  json: 'threat-model.json',
  mermaid: 'dfd.mmd',
};

/**
 * Render `report` as `format`: text for every format but `pdf` (bytes).
 * `json` is the full model: `{ generator, application, architecture, threats, assumptions, review }`.
 */
export async function renderThreatModel(format: ThreatModelFormat, report: ThreatModelReport): Promise<string | Buffer> {
  const { architecture, model, review } = report;
  switch (format) {
    case 'md':
      return threatModelMarkdown(report);
    case 'html':
      return threatModelHtml(report);
    case 'pdf':
      return threatModelPdf(report);
    case 'tc.json':
      return serializeThreatComposer(toThreatComposer(model, architecture, { mermaid: toMermaid(architecture) }));
    case 'json':
      return `${JSON.stringify({ generator: report.generator, application: model.application, architecture, threats: model.threats, assumptions: model.assumptions, review }, null, 2)}\n`;
    case 'mermaid':
      return toMermaid(architecture);
  }
}
