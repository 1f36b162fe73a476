import { describe, expect, it } from 'vitest';
import { findTimes, parseTime, relativeTimePhrases } from '../../../src/investigate/case/times.js';

const now = new Date('2024-06-05T10:30:45Z');
const at = (text: string) => parseTime(text, { now });

describe('parseTime', () => {
  it.each([
    ['2024-06-04T02:13:00Z', '2024-06-04T02:13:00Z'],
    ['2024-06-04T02:13:00.987Z', '2024-06-04T02:13:00Z'],
    ['2024-06-04T02:13:00+02:00', '2024-06-04T00:13:00Z'],
    ['2024-06-04T02:13:00-0530', '2024-06-04T07:43:00Z'],
    ['2024-06-04T02:13', '2024-06-04T02:13:00Z'],
    ['2024-06-04 02:13 UTC', '2024-06-04T02:13:00Z'],
    ['2024-06-04 around 02:00 UTC', '2024-06-04T02:00:00Z'],
    ['2024-06-04', '2024-06-04T00:00:00Z'],
    ['June 4, 2024 at 02:13 UTC', '2024-06-04T02:13:00Z'],
    ['4 June 2024', '2024-06-04T00:00:00Z'],
    ['the 4th of June 2024 at 2pm CEST', '2024-06-04T12:00:00Z'],
    ['02:13 UTC on June 4, 2024', '2024-06-04T02:13:00Z'],
    ['Jun 4 2024, 12:05 am GMT+1', '2024-06-03T23:05:00Z'],
    ['June 4 at 2am', '2024-06-04T02:00:00Z'],
    ['December 31 at 23:00', '2023-12-31T23:00:00Z'],
    ['yesterday', '2024-06-04T00:00:00Z'],
    ['yesterday at 14:30', '2024-06-04T14:30:00Z'],
    ['last night', '2024-06-04T18:00:00Z'],
    ['this morning', '2024-06-05T00:00:00Z'],
    ['the day before yesterday', '2024-06-03T00:00:00Z'],
    ['2 hours ago', '2024-06-05T08:30:45Z'],
    ['an hour ago', '2024-06-05T09:30:45Z'],
    ['a couple of days ago', '2024-06-03T10:30:45Z'],
    ['45 minutes ago', '2024-06-05T09:45:45Z'],
    ['25:00 on 2024-06-04', '2024-06-04T00:00:00Z'],
    ['2024-06-04 at 13pm', '2024-06-04T00:00:00Z'],
  ])('%s → %s', (text, iso) => {
    expect(at(text)).toBe(iso);
  });

  it.each(['not sure', 'at 02:13', '06/04/2024', '2024-02-30', 'June 31, 2024', 'may'])('reads nothing in %j', (text) => {
    expect(at(text)).toBeUndefined();
  });
});

describe('findTimes', () => {
  it('keeps a clock with the date it follows, not the next date', () => {
    expect(findTimes('June 4, 2024 at 02:13 UTC, 4 June 2024', { now }).map((t) => [t.text, t.iso])).toEqual([
      ['June 4, 2024 at 02:13 UTC', '2024-06-04T02:13:00Z'],
      ['4 June 2024', '2024-06-04T00:00:00Z'],
    ]);
  });

  it('says what it assumed', () => {
    expect(findTimes('2024-06-04 02:13 and June 4 and last night', { now }).map((t) => t.note)).toEqual([
      '"2024-06-04 02:13" has no time zone: read as UTC',
      '"June 4" has no year: read as 2024, the latest such date not after now; "June 4" has no time of day: read as 00:00 UTC',
      '"last night" read as 18:00 UTC of the day before now\'s date (the start of the night, so the window covers all of it)',
    ]);
  });

  it('documents every relative phrase', () => {
    const phrases = relativeTimePhrases();
    expect(phrases.map((p) => p.phrase)).toContain('last night');
    expect(phrases.every((p) => p.meaning.includes('UTC'))).toBe(true);
  });
});
