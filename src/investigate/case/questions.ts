/**
 * Clarifying questions on a terminal: ask each missing fact's question, read the answer
 * the way the fact's kind says (concerns.yaml), ask once more on an answer that cannot be
 * read, and skip on a blank answer or when the input ends.
 */
import { createInterface } from 'node:readline/promises';
import type { CaseEntities, CaseFacts, MissingFact } from '../model.js';
import { answerHint, factSpec, parseYesNo } from './concerns.js';
import { emptyEntities, extractEntities, mergeEntities } from './entities.js';
import { parseTime } from './times.js';

/** The streams to talk over (process.stdin/stdout on a TTY; PassThrough streams in tests). */
export interface QuestionIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** What the answers established: facts by CaseFacts field, identifiers by entity list (only non-empty lists). */
export type ClarifyingAnswers = Partial<CaseFacts> & { entities?: Partial<CaseEntities> };

/** One answer read: what it adds, `blank` (skip) or `unreadable`. */
export type AnswerReading = { facts: Partial<CaseFacts>; entities: Partial<CaseEntities> } | 'blank' | 'unreadable';

const LONE_NAME = /^[`'"\u2018\u201C]?([\w+=,.@-]{1,64}?)[`'"\u2019\u201D]?[.!]?$/;

/**
 * Read one answer to the question for `fact` (a {@link MissingFact.fact} of concerns.yaml):
 * times as in times.ts (resolved against `now`), yes/no for `rotated`, a 12-digit id for
 * `account`, identifiers through extractEntities for the rest; a lone word counts as the
 * fact's `bareName` (an IAM user name). Never throws; an unknown fact is `unreadable`.
 */
export function readAnswer(fact: string, answer: string, options: { now?: Date } = {}): AnswerReading {
  const text = typeof answer === 'string' ? answer.trim() : '';
  if (!text) return 'blank';
  const spec = factSpec(fact);
  if (!spec) return 'unreadable';
  switch (spec.kind) {
    case 'time': {
      const iso = parseTime(text, options);
      return iso ? { facts: { [spec.fact]: iso }, entities: {} } : 'unreadable';
    }
    case 'yes-no': {
      const yes = parseYesNo(text);
      return yes === undefined ? 'unreadable' : { facts: { [spec.fact]: yes }, entities: {} };
    }
    case 'account': {
      const account = extractEntities(text, options).accountIds[0];
      return account ? { facts: { account }, entities: {} } : 'unreadable';
    }
    case 'entities': {
      const found = extractEntities(text, options);
      const entities: Partial<CaseEntities> = {};
      for (const kind of spec.accepts ?? []) if (found[kind].length) entities[kind] = found[kind];
      if (!Object.keys(entities).length && spec.bareName) {
        const lone = LONE_NAME.exec(text)?.[1];
        if (lone && /[A-Za-z]/.test(lone) && parseYesNo(lone) === undefined) entities[spec.bareName] = [lone];
      }
      return Object.keys(entities).length ? { facts: {}, entities } : 'unreadable';
    }
  }
}

/**
 * Ask each missing fact's question on `io.output` and read the answers from `io.input`,
 * one line each. An answer that cannot be read gets a hint and the question once more;
 * a blank answer, a second unreadable one, or the end of the input skips the fact.
 * Returns only what the answers established, e.g.
 * `{ exposedAt: '2024-06-04T02:00:00Z', rotated: false, entities: { userNames: ['svc-reporting'] } }`.
 * Never rejects for odd answers; `options.now` resolves relative times ("yesterday").
 */
export async function askClarifyingQuestions(missing: MissingFact[], io: QuestionIo, options: { now?: Date } = {}): Promise<ClarifyingAnswers> {
  const result: ClarifyingAnswers = {};
  let entities = emptyEntities();
  if (!missing.length) return result;
  const rl = createInterface({ input: io.input, terminal: false });
  // The iterator buffers lines that arrive before a question is asked (piped answers).
  const lines = rl[Symbol.asyncIterator]();
  const say = (text: string) => io.output.write(text);
  const nextLine = async (): Promise<string | undefined> => {
    const line = await lines.next();
    return line.done ? undefined : String(line.value);
  };
  try {
    for (const m of missing) {
      const spec = factSpec(m.fact);
      say(`? ${m.question}\n  ${m.why}\n> `);
      let reading: AnswerReading = 'blank';
      for (let attempt = 0; attempt < 2; attempt++) {
        const line = await nextLine();
        if (line === undefined) return finish(result, entities);
        reading = readAnswer(m.fact, line, options);
        if (reading !== 'unreadable') break;
        say(attempt === 0 ? `  ${spec ? answerHint(spec.kind) : 'Could not read that.'}\n> ` : '  Skipped.\n');
      }
      if (reading === 'blank' || reading === 'unreadable') continue;
      Object.assign(result, reading.facts);
      entities = mergeEntities(entities, reading.entities);
    }
    return finish(result, entities);
  } finally {
    rl.close();
  }
}

function finish(result: ClarifyingAnswers, entities: CaseEntities): ClarifyingAnswers {
  const nonEmpty = Object.fromEntries(Object.entries(entities).filter(([, list]) => list.length)) as Partial<CaseEntities>;
  return Object.keys(nonEmpty).length ? { ...result, entities: nonEmpty } : result;
}
