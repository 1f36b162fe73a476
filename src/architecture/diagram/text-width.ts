/**
 * Deterministic text measurement for the DFD layout, without a DOM or canvas: the advance
 * widths of Helvetica (identical to Arial's) from Adobe's Core 14 AFM metrics, in 1/1000 em,
 * for printable ASCII. The diagram is drawn in "Helvetica, Arial, sans-serif", so the
 * estimate is close in browsers and exact in PDF renderers that use the built-in Helvetica.
 * Characters outside the table count as a wide Latin letter (or a full em for CJK and other
 * wide scripts), so the estimate errs towards boxes a little too large, never too small.
 */

/** Helvetica advance widths (1/1000 em) for code points 32 (space) to 126 (`~`). */
const HELVETICA: readonly number[] = [
  // space ! " # $ % & ' ( ) * + , - . /
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  // 0-9
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
  // : ; < = > ? @
  278, 278, 584, 584, 584, 556, 1015,
  // A-Z
  667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667,
  611,
  // [ \ ] ^ _ `
  278, 278, 278, 469, 556, 333,
  // a-z
  556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
  500,
  // { | } ~
  334, 260, 334, 584,
];

/** Helvetica-Bold is about 6% wider on average; scaling keeps one table. */
const BOLD_FACTOR = 1.08;
const OTHER_NARROW = 611;
const OTHER_WIDE = 1000;

/** Estimated width in px of `text` set in Helvetica/Arial at `fontSize` px. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += charUnits(ch.codePointAt(0) ?? 0);
  return (units * fontSize * (bold ? BOLD_FACTOR : 1)) / 1000;
}

function charUnits(code: number): number {
  if (code >= 32 && code <= 126) return HELVETICA[code - 32] ?? OTHER_NARROW;
  // Hangul Jamo, CJK, Hangul syllables, full-width forms and emoji are about one em wide.
  if ((code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3)) return OTHER_WIDE;
  if ((code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f000) return OTHER_WIDE;
  return OTHER_NARROW;
}

/**
 * `text` with whitespace collapsed, shortened to at most `maxChars` characters (code points,
 * never splitting a surrogate pair) by an ellipsis in the middle: names here are paths and
 * dotted ids whose end (`settings.py#sqlite-memory`) tells them apart more than their start.
 */
export function ellipsize(text: string, maxChars: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= maxChars) return chars.join('');
  if (maxChars <= 1) return '…';
  const head = Math.ceil((maxChars - 1) * 0.4);
  const tail = maxChars - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/** `text` ellipsized until it fits `maxWidth` px at `fontSize` (at least the ellipsis). */
export function fitWidth(text: string, maxWidth: number, fontSize: number, bold = false): string {
  let fitted = ellipsize(text, Number.MAX_SAFE_INTEGER);
  for (let n = Array.from(fitted).length; n > 1 && textWidth(fitted, fontSize, bold) > maxWidth; n--) fitted = ellipsize(text, n - 1);
  return fitted;
}
