import { describe, expect, it } from 'vitest';
import { analyzeCodeBuildProjects } from '../../../../src/scanners/pipeline/codebuild/analyze.js';
import { brief, GITHUB, projectResources } from './helpers.js';

/** Fake credentials assembled at runtime so the repository never holds a contiguous one. */
const AWS_KEY_ID = ['AK', 'IA', 'Q7RZ4M2WX9TB3KLP'].join('');
const GITHUB_TOKEN = ['gh', 'p_', 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('');

/** Findings for `EnvironmentVariables` entries (YAML list items at column 0). Items start at line 10. */
function variables(items: string) {
  const list = items.trim().split('\n').map((l) => `    ${l}`).join('\n');
  return analyzeCodeBuildProjects(projectResources(`${GITHUB}\nEnvironment:\n  Type: LINUX_CONTAINER\n  EnvironmentVariables:\n${list}`));
}

describe('plaintext secret environment variables', () => {
  it('flags a secret-named PLAINTEXT variable at its Value line, value masked', () => {
    const r = variables('- Name: DB_PASSWORD\n  Value: hunter2-Prod-2024');
    expect(brief(r.findings)).toEqual(['12 plaintext-secret-variable high']);
    expect(r.findings[0]!.message).toContain('DB_PASSWORD');
    expect(r.findings[0]!.message).toContain('(hu**********)');
    expect(JSON.stringify(r.findings)).not.toContain('hunter2-Prod-2024');
  });

  it('treats an absent Type as PLAINTEXT and an explicit PLAINTEXT alike', () => {
    const r = variables('- Name: API_TOKEN\n  Type: PLAINTEXT\n  Value: 9f8e7d6c5b4a39281706');
    expect(brief(r.findings)).toEqual(['13 plaintext-secret-variable high']);
  });

  it('flags credential-shaped values whatever the name, keeping the public prefix', () => {
    const r = variables(`- Name: DEPLOY_ID\n  Value: ${AWS_KEY_ID}\n- Name: HELPER\n  Value: ${GITHUB_TOKEN}`);
    expect(brief(r.findings)).toEqual(['12 plaintext-secret-variable high', '14 plaintext-secret-variable high']);
    expect(r.findings[0]!.message).toContain('an AWS access key ID (AKIA********)');
    expect(r.findings[1]!.message).toContain('a GitHub token (ghp_********)');
    expect(JSON.stringify(r.findings)).not.toContain(AWS_KEY_ID);
  });

  it('does not flag secret stores, references, placeholders or non-secret names', () => {
    const r = variables(
      [
        '- Name: DB_PASSWORD',
        '  Type: SECRETS_MANAGER',
        '  Value: prod/db:password',
        '- Name: NPM_TOKEN',
        '  Type: PARAMETER_STORE',
        '  Value: /ci/npm-token',
        '- Name: GITHUB_TOKEN',
        '  Value: !Ref GitHubToken',
        '- Name: SECRET_KEY',
        '  Value: changeme',
        '- Name: KMS_KEY_ID',
        '  Value: 1234abcd-12ab-34cd-56ef-1234567890ab',
        '- Name: SECRET_ARN',
        '  Value: arn:aws:secretsmanager:eu-west-1:111122223333:secret:db',
        '- Name: TOKEN_URL',
        '  Value: https://auth.example.com/token',
        '- Name: API_KEY',
        '  Value: "{{resolve:secretsmanager:api:SecretString:key}}"',
        '- Name: AWS_REGION',
        '  Value: eu-west-1',
      ].join('\n'),
    );
    expect(r.findings).toEqual([]);
  });

  it('does not flag when the whole variable list is unresolved', () => {
    const r = analyzeCodeBuildProjects(projectResources(`${GITHUB}\nEnvironment:\n  EnvironmentVariables: !If [Prod, [], []]`));
    expect(r).toEqual({ findings: [], warnings: [] });
  });

  it('has fingerprints that depend on the secret and name, not on the line', () => {
    const a = variables('- Name: DB_PASSWORD\n  Value: hunter2-Prod-2024').findings[0]!;
    const b = variables('- Name: OTHER\n  Value: x\n- Name: DB_PASSWORD\n  Value: hunter2-Prod-2024').findings[0]!;
    const c = variables('- Name: DB_PASSWORD\n  Value: hunter3-Prod-2025').findings[0]!;
    expect(b.location.startLine).not.toBe(a.location.startLine);
    expect(b.fingerprintKey).toBe(a.fingerprintKey);
    expect(c.fingerprintKey).not.toBe(a.fingerprintKey);
    expect(a.fingerprintKey).not.toContain('hunter2');
  });
});
