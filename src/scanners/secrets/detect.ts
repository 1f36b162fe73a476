/**
 * Runs Guardian's own detectors (patterns.ts, generic.ts) over one file's text.
 */
import type { SecretHit, Verdict } from './hit.js';
import { GENERIC_KEYWORDS, detectGeneric } from './generic.js';
import type { Keyword, KeywordText } from './keywords.js';
import { type ContextDetector, type PatternDetector, CONTEXT_DETECTORS, PATTERN_DETECTORS } from './patterns.js';
import { isExampleSecret } from './placeholders.js';

/** A detector that failed on a file (a bug or a pathological input); reported as a warning. */
export interface DetectorFailure {
  rule: string;
  message: string;
}

function toHit(detector: PatternDetector | ContextDetector, match: RegExpMatchArray, offset: number, verdict: Verdict): SecretHit {
  const rule = detector.rule;
  const secretIndices = match.indices?.groups?.secret;
  const [secretStart, secretEnd] = secretIndices ? [offset + secretIndices[0], offset + secretIndices[1]] : [offset + match.index!, offset + match.index! + match[0].length];
  const whole = 'region' in detector && detector.region === 'match';
  const [start, end] = whole ? [offset + match.index!, offset + match.index! + match[0].length] : [secretStart, secretEnd];
  return {
    ruleId: rule,
    start,
    end,
    secretStart,
    secretEnd,
    engine: 'guardian',
    ...(verdict.example ? { example: true } : {}),
    ...(verdict.severity ? { severity: verdict.severity } : {}),
    ...(verdict.detail ? { detail: verdict.detail } : {}),
  };
}

function runPattern(detector: PatternDetector | ContextDetector, text: string, offset: number): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const match of text.matchAll(detector.pattern)) {
    const secret = match.groups?.secret ?? match[0];
    const verdict = detector.validate ? detector.validate(secret, match.groups ?? {}) : { example: isExampleSecret(secret) };
    if (verdict) hits.push(toHit(detector, match, offset, verdict));
  }
  return hits;
}

/** Offsets `[start, end)` of the lines `line - radius … line + radius` around offset `at`. */
function lineWindow(text: string, at: number, radius: number): [number, number] {
  let start = text.lastIndexOf('\n', at - 1) + 1;
  for (let i = 0; i < radius && start > 0; i++) start = start < 2 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  for (let i = 0; i < radius && end < text.length; i++) {
    const next = text.indexOf('\n', end + 1);
    end = next === -1 ? text.length : next;
  }
  return [start, end];
}

/**
 * Own-detector hits in `source` (file at repository path `path`): pattern detectors
 * whose keywords occur, context detectors around their anchors, and the generic
 * detector. Overlaps are not resolved here (see dedupe.ts). A detector that throws is
 * skipped for this file and reported in `failures`.
 */
export function detectOwn(
  source: KeywordText,
  path: string,
  detectors: { patterns: readonly PatternDetector[]; context: readonly ContextDetector[] } = { patterns: PATTERN_DETECTORS, context: CONTEXT_DETECTORS },
): { hits: SecretHit[]; failures: DetectorFailure[] } {
  const text = source.text;
  const hits: SecretHit[] = [];
  const failures: DetectorFailure[] = [];
  const attempt = (rule: string, run: () => SecretHit[]): void => {
    try {
      hits.push(...run());
    } catch (error) {
      failures.push({ rule, message: (error as Error).message });
    }
  };
  for (const detector of detectors.patterns) {
    if (!source.hasAny(detector.keywords, detector.ignoreCase)) continue;
    if (detector.prefilter && !detector.prefilter.test(text)) continue;
    attempt(detector.rule, () => runPattern(detector, text, 0));
  }
  for (const detector of detectors.context) {
    const anchors = hits.filter((h) => h.ruleId === detector.anchorRule);
    const windows = new Map<string, [number, number]>();
    for (const anchor of anchors) {
      const window = lineWindow(text, anchor.start, detector.windowLines);
      windows.set(window.join(':'), window);
    }
    for (const [start, end] of windows.values()) attempt(detector.rule, () => runPattern(detector, text.slice(start, end), start));
  }
  if (source.hasAny(GENERIC_KEYWORDS, true)) attempt('secrets.generic-credential', () => detectGeneric(text, path));
  return { hits, failures };
}

/** Every keyword Guardian's own detectors test, for a shared KeywordMatcher. */
export function ownKeywords(patterns: readonly PatternDetector[] = PATTERN_DETECTORS): Keyword[] {
  return [
    ...patterns.flatMap((d) => d.keywords.map((text) => ({ text, ignoreCase: Boolean(d.ignoreCase) }))),
    ...GENERIC_KEYWORDS.map((text) => ({ text, ignoreCase: true })),
  ];
}
