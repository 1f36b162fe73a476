import { describe, expect, it } from 'vitest';
import { isSecretName, judgeVariable, nameWords } from '../../../../src/scanners/pipeline/codebuild/secret-variables.js';

describe('secret variable heuristics', () => {
  it('splits names into words', () => {
    expect(nameWords('dbPassword')).toEqual(['DB', 'PASSWORD']);
    expect(nameWords('DB_PASSWORD')).toEqual(['DB', 'PASSWORD']);
    expect(nameWords('npm-auth-token')).toEqual(['NPM', 'AUTH', 'TOKEN']);
  });

  it.each(['DB_PASSWORD', 'dbPassword', 'NPM_TOKEN', 'API_KEY', 'APIKEY', 'CLIENT_SECRET', 'GCP_CREDENTIALS', 'SSH_PRIVATE', 'SIGNING_PASSPHRASE'])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['AWS_REGION', 'KMS_KEY_ID', 'SECRET_ARN', 'TOKEN_URL', 'PUBLIC_KEY', 'KEY_PAIR_NAME', 'SECRET_NAME', 'BUILD_NUMBER', 'KEYBOARD'])('%s is not a secret name', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it('needs a literal, secret-looking value for name matches', () => {
    expect(judgeVariable('DB_PASSWORD', 'pr0d-Passw0rd!')).toMatchObject({ reason: 'name', secret: 'pr0d-Passw0rd!' });
    for (const value of ['', 'changeme', '${DB_PASSWORD}', '$DB_PASSWORD', '/prod/db/password', 'short', 'true', 'some words here']) {
      expect(judgeVariable('DB_PASSWORD', value)).toBeUndefined();
    }
  });
});
