import { describe, expect, it } from 'vitest';
import { concernSpec, inferConcern, inferRotated, missingFacts, parseYesNo } from '../../../src/investigate/case/concerns.js';
import { mergeEntities } from '../../../src/investigate/case/entities.js';
import { CONCERNS, type CaseEntities, type CaseFacts, type Concern } from '../../../src/investigate/model.js';

const none = mergeEntities();

describe('concerns.yaml', () => {
  it('describes every concern of the model, each need with a question and a reason', () => {
    for (const concern of CONCERNS) {
      const spec = concernSpec(concern);
      expect(spec?.needs.length).toBeGreaterThan(0);
      for (const need of spec?.needs ?? []) expect([need.question.endsWith('?') || need.question.endsWith(')'), need.why.length > 20]).toEqual([true, true]);
    }
  });
});

describe('missingFacts', () => {
  it('asks a leaked-credentials case with nothing for the key, exposure, rotation and account, in that order', () => {
    const missing = missingFacts({ concern: 'leaked-credentials', entities: none, facts: {} });
    expect(missing.map((m) => m.fact)).toEqual(['accessKeyId', 'exposedAt', 'rotated', 'account']);
    expect(missing.map((m) => m.question)).toEqual([
      'Which access key id or IAM user name was exposed?',
      'When were the credentials first exposed? (e.g. the commit time, or the time you learned of it)',
      'Have you already rotated or deactivated the credentials? (yes/no)',
      'Which AWS account (12 digits) does the key belong to?',
    ]);
  });

  it('counts a user name as the exposed credential and rotated=false as known', () => {
    const missing = missingFacts({ concern: 'leaked-credentials', entities: mergeEntities({ userNames: ['svc-reporting'] }), facts: { rotated: false, account: '111122223333' } });
    expect(missing.map((m) => m.fact)).toEqual(['exposedAt']);
  });

  it.each([
    ['suspicious-ip', {}, {}, ['ip', 'since']],
    ['suspicious-ip', { ips: ['203.0.113.66'] }, { since: '2024-06-04T00:00:00Z' }, []],
    ['data-access', { buckets: ['acme-data'] }, {}, ['since']],
    ['data-access', { accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'] }, {}, ['principalOrBucket', 'since']],
    ['compromised-instance', { instanceIds: ['i-0abc1234def567890'] }, {}, ['since']],
    ['compromised-instance', { ips: ['203.0.113.66'] }, { since: '2024-06-04T00:00:00Z' }, ['instanceId']],
    ['unusual-activity', { accessKeyIds: ['ASIAY34FZKBOKMUTVV7A'] }, {}, ['since']],
    ['unusual-activity', { buckets: ['acme-data'] }, {}, ['principal', 'since']],
  ] as [Concern, Partial<CaseEntities>, Partial<CaseFacts>, string[]][])('%s with %j and %j misses %j', (concern, entities, facts, expected) => {
    expect(missingFacts({ concern, entities: mergeEntities(entities), facts }).map((m) => m.fact)).toEqual(expected);
  });

  it('asks the suspicious-ip window in its own words', () => {
    expect(missingFacts({ concern: 'suspicious-ip', entities: none, facts: {} })[1]?.question).toBe('Since when has the address been seen (or since when should we look)?');
  });

  it('needs nothing for an unknown concern and tolerates missing lists', () => {
    expect(missingFacts({ concern: 'nope' as never, entities: none, facts: {} })).toEqual([]);
    expect(missingFacts({ concern: 'suspicious-ip' }).map((m) => m.fact)).toEqual(['ip', 'since']);
  });
});

describe('inferConcern', () => {
  it.each([
    ['Our access key was pushed to GitHub last night', 'leaked-credentials'],
    ['AWS sent an AWSCompromisedKeyQuarantine notice: key exposed on a public repository', 'leaked-credentials'],
    ['We see calls from an unknown IP in Brazil', 'suspicious-ip'],
    ['An insider may have exfiltrated payroll data from S3', 'data-access'],
    ['The web server instance was compromised through SSRF to the metadata service', 'compromised-instance'],
    ['A cost spike and strange API calls overnight', 'unusual-activity'],
    ['Unusual calls from a suspicious IP after our key leaked', 'leaked-credentials'],
  ] as const)('%s → %s', (text, concern) => {
    expect(inferConcern(text)).toBe(concern);
  });

  it('says nothing without cues', () => {
    expect(inferConcern('Please look at account 111122223333')).toBeUndefined();
    expect(inferConcern(42 as unknown as string)).toBeUndefined();
  });
});

describe('rotation and yes/no', () => {
  it.each([
    ['We rotated the key at 03:00.', true],
    ['The key has been deactivated.', true],
    ['The key is not rotated yet.', false],
    ["We haven't rotated it; the key is still active.", false],
    ['The key leaked.', undefined],
  ] as const)('inferRotated(%j) = %s', (text, expected) => {
    expect(inferRotated(text)).toBe(expected);
  });

  it.each([
    ['yes', true],
    ['Y', true],
    ['yes, at 03:00', true],
    ['no', false],
    ['Not yet.', false],
    ['nope', false],
    ['maybe', undefined],
  ] as const)('parseYesNo(%j) = %s', (answer, expected) => {
    expect(parseYesNo(answer)).toBe(expected);
  });
});
