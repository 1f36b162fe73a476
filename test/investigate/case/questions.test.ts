import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { missingFacts } from '../../../src/investigate/case/concerns.js';
import { mergeEntities } from '../../../src/investigate/case/entities.js';
import { askClarifyingQuestions, readAnswer } from '../../../src/investigate/case/questions.js';

const now = new Date('2024-06-05T10:30:00Z');

/** Run the question loop with scripted answer lines (all piped up front), returning the answers and what was printed. */
async function ask(concern: Parameters<typeof missingFacts>[0]['concern'], answers: string[], end = true) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  input.write(answers.map((a) => `${a}\n`).join(''));
  if (end) input.end();
  const result = await askClarifyingQuestions(missingFacts({ concern, entities: mergeEntities(), facts: {} }), { input, output }, { now });
  return { result, printed };
}

describe('askClarifyingQuestions', () => {
  it('reads every answer of a leaked-credentials case', async () => {
    const { result, printed } = await ask('leaked-credentials', ['svc-reporting', 'yesterday at 02:13', 'no, not yet', '1111-2222-3333']);
    expect(result).toEqual({ exposedAt: '2024-06-04T02:13:00Z', rotated: false, account: '111122223333', entities: { userNames: ['svc-reporting'] } });
    expect(printed).toContain('? Which access key id or IAM user name was exposed?\n');
    expect(printed).toContain('? Which AWS account (12 digits) does the key belong to?\n');
  });

  it('asks once more on an unreadable answer, then takes the second', async () => {
    const { result, printed } = await ask('suspicious-ip', ['somewhere in Brazil', 'it was 198.51.100.23', 'no idea', '2 hours ago']);
    expect(result).toEqual({ since: '2024-06-05T08:30:00Z', entities: { ips: ['198.51.100.23'] } });
    expect(printed.match(/Could not find that/g)).toHaveLength(1);
    expect(printed.match(/Could not read a time/g)).toHaveLength(1);
  });

  it('skips a fact after two unreadable answers and on a blank one', async () => {
    const { result, printed } = await ask('compromised-instance', ['the web server', 'the big one', '']);
    expect(result).toEqual({});
    expect(printed).toContain('  Skipped.\n');
  });

  it('stops when the input ends, keeping what it has', async () => {
    const { result } = await ask('leaked-credentials', ['AKIAIOSFODNN7EXAMPLE']);
    expect(result).toEqual({ entities: { accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'] } });
  });

  it('waits for answers typed after each question', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (text.includes('Which IAM user or role')) input.write('bucket acme-payroll-exports\n');
      if (text.includes('Since when should the investigation look')) input.write('2024-06-04T22:00:00+02:00\n');
    });
    const missing = missingFacts({ concern: 'data-access', entities: mergeEntities(), facts: {} });
    const result = await askClarifyingQuestions(missing, { input, output }, { now });
    expect(result).toEqual({ since: '2024-06-04T20:00:00Z', entities: { buckets: ['acme-payroll-exports'] } });
  });

  it('asks nothing when nothing is missing', async () => {
    const input = new PassThrough();
    expect(await askClarifyingQuestions([], { input, output: new PassThrough() })).toEqual({});
  });
});

describe('readAnswer', () => {
  it.each([
    ['accessKeyId', 'the key was `AKIAIOSFODNN7EXAMPLE`', { facts: {}, entities: { accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'] } }],
    ['accessKeyId', 'arn:aws:iam::111122223333:user/svc-reporting', { facts: {}, entities: { principals: ['arn:aws:iam::111122223333:user/svc-reporting'], userNames: ['svc-reporting'] } }],
    ['principal', 'role WebAppRole', { facts: {}, entities: { roleNames: ['WebAppRole'] } }],
    ['instanceId', 'i-0abc1234def567890', { facts: {}, entities: { instanceIds: ['i-0abc1234def567890'] } }],
    ['rotated', 'Yes', { facts: { rotated: true }, entities: {} }],
    ['account', '111122223333', { facts: { account: '111122223333' }, entities: {} }],
    ['account', '12345', 'unreadable'],
    ['accessKeyId', 'yes', 'unreadable'],
    ['instanceId', 'web-1', 'unreadable'],
    ['exposedAt', '   ', 'blank'],
    ['no-such-fact', 'x', 'unreadable'],
  ] as const)('%s ← %j', (fact, answer, expected) => {
    expect(readAnswer(fact, answer, { now })).toEqual(expected);
  });
});
