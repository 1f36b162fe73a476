import { describe, expect, it } from 'vitest';
import { isExampleSecret, isNonSecretShape, isPlaceholder, isWordSequence } from '../../../src/scanners/secrets/placeholders.js';
import { isTestPath } from '../../../src/core/test-paths.js';
import { FAKE } from './fakes.js';

describe('isPlaceholder', () => {
  it.each([
    '',
    '   ',
    'changeme',
    'CHANGEME',
    'password',
    'secret',
    'xxxxxxxx',
    'XXXX-XXXX-XXXX',
    '********',
    '<your-api-key>',
    '<password>',
    '${DB_PASSWORD}',
    '${{ secrets.NPM_TOKEN }}',
    '{{ vault_db_password }}',
    '{{.Values.password}}',
    '%(password)s',
    '%s',
    '$DB_PASSWORD',
    '$(cat /run/secrets/db)',
    '#{ENV["TOKEN"]}',
    '%API_KEY%',
    '{0}',
    '{password}',
    '!Ref DbPassword',
    'ENC(b3Rlc3Q=)',
    'os.environ["DB_PASSWORD"]',
    'process.env.API_TOKEN',
    'getenv("API_TOKEN")',
    'vault:secret/data/db#password',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
    'op://Private/db/password',
    'example-password-123',
    'my_dummy_token_value',
    'test-token-abc123',
    'your_api_key_here',
    'REPLACE_WITH_TOKEN',
    'abcdefgh12',
    '1234567890',
    'not-a-secret',
    'asdfghjkl123',
  ])('%j is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([FAKE.genericPassword, FAKE.genericToken, FAKE.awsSecret, 'Pa$sw0rd!x', 'Kx8#mQ2vLp'])('%j is not a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });
});

describe('isNonSecretShape', () => {
  it.each([
    'https://api.example.org/v1/token',
    'http://localhost:8080',
    '/etc/ssl/private/server.key',
    './secrets/db.txt',
    '../config/token.json',
    '~/.aws/credentials',
    'C:\\keys\\app.pfx',
    'certs/server.pem',
    'readSecret()',
    'config.get(name)',
    '12345678',
    '-1.5',
    'ops@example.org',
    'my secret phrase',
    'db_password_field',
    'auth.token.label',
    'API_KEY',
    'mySecretName',
    'AuthorizationHeader',
    `'"+password+"'`,
    "' + pwd",
    '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
    'pbkdf2_sha256$260000$salt$hash',
    'ci/npm:token',
    'prod/app/db:password:AWSCURRENT',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-AbCdEf',
  ])('%j is not a credential by shape', (value) => {
    expect(isNonSecretShape(value)).toBe(true);
  });

  it.each([FAKE.genericPassword, FAKE.genericToken, FAKE.awsSecret, 'postgres://u:pw@h/db', 'kqzmvbxwtrplnhgfdsya', 'u9/Zq7+Wx:Kp3Vb8Rt2Ny6Lm'])('%j may be a credential', (value) => {
    expect(isNonSecretShape(value)).toBe(false);
  });
});

describe('isWordSequence', () => {
  it('splits camel case and separators into words', () => {
    expect(isWordSequence('resetPasswordToken')).toBe(true);
    expect(isWordSequence('X-Api-Key')).toBe(false);
    expect(isWordSequence('hGkTrPqLmZ')).toBe(false);
    expect(isWordSequence('Hx9!kq2P')).toBe(false);
  });
});

describe('isExampleSecret', () => {
  it('recognises the AWS documentation keys and anything with EXAMPLE', () => {
    expect(isExampleSecret(FAKE.awsDocsKeyId, 4)).toBe(true);
    expect(isExampleSecret(FAKE.awsDocsSecret)).toBe(true);
    expect(isExampleSecret('AKIA' + 'EXAMPLE' + 'ZZZZZZZZZ', 4)).toBe(true);
  });

  it('recognises well-known documentation tokens', () => {
    expect(isExampleSecret(FAKE.jwtDocs)).toBe(true);
    expect(isExampleSecret(FAKE.stripeDocs, 8)).toBe(true);
  });

  it('treats filler bodies after a prefix as examples', () => {
    expect(isExampleSecret('ghp_' + 'x'.repeat(36), 4)).toBe(true);
    expect(isExampleSecret('ghp_' + '0'.repeat(36), 4)).toBe(true);
    expect(isExampleSecret('XXX')).toBe(true);
  });

  it('does not flag random keys', () => {
    expect(isExampleSecret(FAKE.awsKeyId, 4)).toBe(false);
    expect(isExampleSecret(FAKE.github, 4)).toBe(false);
    expect(isExampleSecret(FAKE.awsSecret)).toBe(false);
  });
});

describe('isTestPath', () => {
  it.each(['test/settings.yml', 'tests/conftest.py', 'src/__tests__/a.ts', 'pkg/spec/x.rb', 'fixtures/keys.env', 'a/testdata/b.json', 'src/db.test.ts', 'src/db.spec.js', 'test_db.py', 'db_test.go', 'conftest.py'])(
    '%s is test code',
    (path) => {
      expect(isTestPath(path)).toBe(true);
    },
  );

  it.each(['src/config.py', 'src/testing_utils_helper/latest.ts', 'contest/app.py', 'src/attestation.ts'])('%s is not test code', (path) => {
    expect(isTestPath(path)).toBe(false);
  });
});
