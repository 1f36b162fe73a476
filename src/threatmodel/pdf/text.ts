/**
 * Text the PDF's standard 14 fonts can show. Helvetica and Courier, unembedded, draw only
 * the WinAnsi (Windows-1252) character set (PDF 1.7, ISO 32000-1, annex D.2); pdfkit turns
 * any other character into a wrong glyph or nothing. So every text goes through
 * {@link pdfText} first: symbols the reports use get an ASCII spelling (`→` becomes `->`,
 * `✓` becomes `ok`), accented letters outside WinAnsi lose their accent, and whatever is
 * left is written as its code point (`[U+4E2D]`) so that no character disappears silently.
 */

/** Unicode code points outside Latin-1 that WinAnsi encodes (the 0x80–0x9F block of Windows-1252). */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** ASCII spellings of the symbols reports and repository texts commonly use. */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  '→': '->',
  '⟶': '->',
  '➔': '->',
  '➜': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '⇐': '<=',
  '⇔': '<=>',
  '↑': '^',
  '↓': 'v',
  '✓': 'ok',
  '✔': 'ok',
  '✅': 'ok',
  '☑': 'ok',
  '✗': 'x',
  '✘': 'x',
  '❌': 'x',
  '❎': 'x',
  '❔': '?',
  '❓': '?',
  '❕': '!',
  '❗': '!',
  '⚠': '(!)',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
  '≈': '~',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '―': '--',
  '′': "'",
  '″': '"',
  '‹': '<',
  '›': '>',
  '∞': 'infinity',
  '\t': ' ',
};

/** Characters that carry no visible text: zero-width spaces and joiners, word joiner, BOM, variation selectors. */
function isInvisible(code: number): boolean {
  return (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff || (code >= 0xfe00 && code <= 0xfe0f);
}

/** Whether the standard 14 fonts can draw `code` (printable ASCII, Latin-1 or the WinAnsi extras; `\n` for line breaks). */
export function isWinAnsi(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);
}

/**
 * `text` with every character the standard 14 fonts cannot draw replaced: by its ASCII
 * spelling (see REPLACEMENTS), else by its letters without accents (NFKD: `ő` → `o`,
 * `ﬁ` → `fi`), else by `[U+XXXX]`. Invisible characters (zero-width, variation selectors)
 * go; other control characters become spaces. ASCII and WinAnsi text comes back unchanged.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += pdfChar(ch);
  return out;
}

/**
 * An SVG document with the same replacements applied to its characters, XML-escaped where
 * a replacement holds `<` or `&`, so that pdfmake's SVG renderer draws its texts in the
 * standard fonts too. Markup is ASCII and stays as it is.
 */
export function pdfSvg(svg: string): string {
  // eslint-disable-next-line no-control-regex -- every character outside printable ASCII is checked
  return svg.normalize('NFC').replace(/[^\x0a\x0d\x20-\x7e]/gu, (ch) => escapeXml(pdfChar(ch)));
}

function pdfChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const replacement = REPLACEMENTS[ch];
  if (replacement !== undefined) return replacement;
  if (isWinAnsi(code)) return ch;
  if (isInvisible(code) || code === 0x0d) return '';
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return ' ';
  // Combining marks are dropped with their base letter's accent (NFKD), keeping the letter.
  const decomposed = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  if (decomposed && decomposed !== ch && [...decomposed].every((c) => isWinAnsi(c.codePointAt(0) ?? 0))) return decomposed;
  if (/^\p{M}$/u.test(ch)) return '';
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
