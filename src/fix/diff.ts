/**
 * A unified diff (the `diff -u` / `git diff` format,
 * https://www.gnu.org/software/diffutils/manual/html_node/Unified-Format.html) of one
 * replaced line range, with three lines of context, so `git apply` and `patch -p1` take it.
 */

/** Replace lines `start..end` (1-based, inclusive) of `lines` with `replacement`; the diff of `path`. */
export function unifiedDiff(path: string, lines: readonly string[], start: number, end: number, replacement: readonly string[]): string {
  const from = Math.max(1, start - 3);
  const to = Math.min(lines.length, end + 3);
  const before = lines.slice(from - 1, start - 1);
  const removed = lines.slice(start - 1, end);
  const after = lines.slice(end, to);
  const oldCount = before.length + removed.length + after.length;
  const newCount = before.length + replacement.length + after.length;
  return [
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${from},${oldCount} +${from},${newCount} @@`,
    ...before.map((l) => ` ${l}`),
    ...removed.map((l) => `-${l}`),
    ...replacement.map((l) => `+${l}`),
    ...after.map((l) => ` ${l}`),
    '',
  ].join('\n');
}
