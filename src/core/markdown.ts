/**
 * Markdown text built from repository data (names, messages, paths): escaped so that it
 * cannot turn into markup (links, HTML, headings, emphasis) or break a table
 * (CommonMark / GitHub Flavored Markdown backslash escapes).
 */

/** Backslash-escape the characters that start markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|!]/g, (c) => `\\${c}`);
}

/**
 * One table cell: whitespace collapsed to single spaces, `|` and Markdown punctuation
 * backslash-escaped, `<`/`>` as entities, so a hostile name cannot break the table or inject HTML.
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]|#!]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A GFM table: header row, separator, one row per entry; every cell escaped with `markdownCell`. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(columns), `|${columns.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}
