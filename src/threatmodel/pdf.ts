/**
 * The threat model as a PDF a person can hand to someone without the tool: the same
 * content, in the same order and words, as the Markdown report (./markdown.ts), laid out
 * for print and structured by the Four Question Frame (Shostack): a title page with the
 * totals, then "1. What are we working on?" (data-flow diagram, components, assumptions),
 * "2. What can go wrong?" (threats by STRIDE category), "3. What are we going to do about
 * it?" (mitigations) and "4. Did we do a good job?" (the review and STRIDE coverage).
 *
 * Built with pdfmake 0.3 (https://pdfmake.github.io/docs/0.3/) in the standard 14 fonts,
 * so nothing is embedded or read from disk; texts outside WinAnsi are spelt in ASCII
 * (./pdf/text.ts). Deterministic: the same report gives byte-identical files.
 */
import type { Content } from 'pdfmake';
import { renderPdf } from './pdf/document.js';
import { titlePage, workingOn } from './pdf/front.js';
import { didWeDoAGoodJob } from './pdf/review-section.js';
import { whatCanGoWrong, whatWeDo } from './pdf/threats.js';
import type { ThreatModelReport } from './report-view.js';

export { pdfText } from './pdf/text.js';

/** Rendering options. */
export interface ThreatModelPdfOptions {
  /**
   * Deflate the page streams (default true). Tests turn it off to read the texts from the
   * bytes; the output is deterministic either way.
   */
  compress?: boolean;
}

/**
 * The threat-model report as PDF bytes (A4, `%PDF-1.3` … `%%EOF`), with the application
 * name in the running header and "page X of Y" in the footer.
 *
 * Never rejects because of the diagram: when the data-flow diagram cannot be drawn or laid
 * out, the PDF is rendered again without it and says so in its place. Rejects only if
 * pdfmake fails on the text content itself.
 */
export async function threatModelPdf(report: ThreatModelReport, options: ThreatModelPdfOptions = {}): Promise<Buffer> {
  const meta = { title: `Threat model: ${report.model.application.name}`, application: report.model.application.name, generator: report.generator };
  const render = (diagram: boolean) => renderPdf(content(report, diagram), meta, { compress: options.compress ?? true });
  try {
    return await render(true);
  } catch {
    // pdfmake parses the SVG only while laying out; an unreadable drawing must not cost the whole report.
    return render(false);
  }
}

function content(report: ThreatModelReport, diagram: boolean): Content[] {
  return [...titlePage(report), ...workingOn(report, { diagram }), ...whatCanGoWrong(report), ...whatWeDo(report), ...didWeDoAGoodJob(report)];
}
