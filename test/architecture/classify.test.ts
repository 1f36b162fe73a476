import { describe, expect, it } from 'vitest';
import { classify, createClassifier, explainClassification, words } from '../../src/architecture/classify.js';

describe('words', () => {
  it('splits camelCase, acronyms, separators and folds plurals', () => {
    expect(words('AthleteProfilesTable')).toEqual(['athlete', 'profile', 'table']);
    expect(words('/users/{userId}')).toEqual(['user', 'user', 'id']);
    expect(words('MAPS_API_KEY')).toEqual(['map', 'api', 'key']);
    expect(words('APIKeys')).toEqual(['api', 'key']);
    expect(words('home-addresses.v2')).toEqual(['home', 'address', 'v', '2']);
    expect(words('Activities')).toEqual(['activity']);
    expect(words('status diagnosis')).toEqual(['status', 'diagnosis']);
    expect(words('')).toEqual([]);
  });
});

describe('classify', () => {
  it.each([
    ['AthleteProfilesTable', ['personal']],
    ['athlete-profiles', ['personal']],
    ['/users/{id}', ['personal']],
    ['/profiles', ['personal']],
    ['customer_email', ['personal']],
    ['/payments', ['payment']],
    ['CreditCards', ['payment']],
    ['card_last4', ['payment']],
    ['DB_PASSWORD', ['credentials']],
    ['STRAVA_CLIENT_SECRET_ARN', ['credentials']],
    ['MAPS_API_KEY', ['credentials']],
    ['apikey', ['credentials']],
    ['refreshToken', ['credentials']],
    ['/patients/{id}', ['health', 'personal']],
    ['MedicalRecordsBucket', ['health']],
    ['health_records', ['health']],
  ])('%s → %j', (name, expected) => {
    expect(classify([name])).toEqual(expected);
  });

  it.each(['/health', 'healthcheck', 'HealthCheckFunction', '/healthz', 'health-check', 'TABLE_NAME', 'KeySchema', 'RoutesTable', 'tokenizer', 'secretsmanager', 'RoutingMode', 'activityId'])(
    '%s is not classified',
    (name) => {
      expect(classify([name])).toEqual([]);
    },
  );

  it('unions and sorts classes over several names', () => {
    expect(classify(['/payments', 'users', 'password'])).toEqual(['credentials', 'payment', 'personal']);
    expect(classify([])).toEqual([]);
  });

  it('explains each match with its term and the name it was found in', () => {
    expect(explainClassification(['athleteId', 'RoutesTable', 'DB_PASSWORD'])).toEqual([
      { dataClass: 'credentials', term: 'password', text: 'DB_PASSWORD' },
      { dataClass: 'personal', term: 'athlete', text: 'athleteId' },
    ]);
  });
});

describe('createClassifier', () => {
  it('uses its own table, normalises terms and ignores entries that are not strings', () => {
    const classifier = createClassifier({ payment: ['Loyalty Points', 42 as unknown as string], confidential: ['roadmap'] });
    expect(classifier.classify(['loyaltyPoints'])).toEqual(['payment']);
    expect(classifier.classify(['LOYALTY_POINT_LEDGER', 'ProductRoadmaps'])).toEqual(['confidential', 'payment']);
    expect(classifier.classify(['password'])).toEqual([]);
  });

  it('never throws on odd input', () => {
    const classifier = createClassifier({});
    expect(classifier.classify([''])).toEqual([]);
    expect(classify([undefined as unknown as string, '%%%'])).toEqual([]);
  });
});
