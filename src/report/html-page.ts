/**
 * The frame every Guardian HTML report shares: one self-contained page whose
 * Content-Security-Policy allows nothing but its own inline style and script, by their
 * SHA-256 hashes (CSP Level 2, https://www.w3.org/TR/CSP2/#script-src-hash-usage), and
 * `data:` images. Repository text goes in only through `escapeHtml`.
 */
import { createHash } from 'node:crypto';

/** Escape text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What a page is made of. `title` is plain text (escaped here); `body` is markup the caller escaped. */
export interface HtmlPage {
  title: string;
  style: string;
  script: string;
  body: string;
}

/**
 * The page as a complete `<!doctype html>` document. Every `<style>` block inside `body`
 * (an inline SVG may bring one) is hashed into the policy too, so it still applies.
 */
export function htmlPage(page: HtmlPage): string {
  const styles = [page.style, ...[...page.body.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)];
  const csp = [
    "default-src 'none'",
    `style-src ${[...new Set(styles.map(sha256))].map((h) => `'${h}'`).join(' ')}`,
    `script-src '${sha256(page.script)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
${page.body}
<script>${page.script}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}
