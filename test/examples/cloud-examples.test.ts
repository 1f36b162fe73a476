import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sarifSchemaErrors } from '../report/sarif-schema.js';

/**
 * `guardian scan` on the cloud examples reports exactly the findings checked by hand —
 * none missing, none extra — in JSON, SARIF, Markdown and HTML. Each expectation is
 * [path, line, rule id]; the examples' READMEs and comments say why each is (or is not) there.
 */
type Expected = [string, number, string];

const FITNESS: Expected[] = [
  ['account/authorization-details.json', 15, 'iam.wildcard-action'],
  ['account/authorization-details.json', 16, 'iam.wildcard-action'],
  ['account/authorization-details.json', 17, 'iam.wildcard-action'],
  ['account/authorization-details.json', 34, 'iam.escalation.lambda-create-invoke'],
  ['account/authorization-details.json', 34, 'iam.escalation.lambda-update-function-code'],
  ['account/authorization-details.json', 56, 'iam.passrole-star'],
  ['account/authorization-details.json', 57, 'iam.resource-star-write'],
  ['account/authorization-details.json', 70, 'iam.admin-equivalent'],
  ['account/authorization-details.json', 76, 'iam.trust-github-oidc-subject'],
  ['template.yaml', 28, 'aws.cognito.threat-protection-not-enforced'],
  ['template.yaml', 34, 'aws.cognito.mfa-off'],
  ['template.yaml', 37, 'aws.cognito.weak-password-policy'],
  ['template.yaml', 53, 'aws.cognito.refresh-token-long-lived'],
  ['template.yaml', 66, 'aws.apigateway.no-waf'],
  ['template.yaml', 70, 'aws.apigateway.public-endpoint'],
  ['template.yaml', 78, 'aws.apigateway.cache-unencrypted'],
  ['template.yaml', 94, 'aws.lambda.environment-no-cmk'],
  ['template.yaml', 109, 'aws.apigateway.method-no-request-validation'],
  ['template.yaml', 122, 'aws.lambda.environment-no-cmk'],
  ['template.yaml', 130, 'secrets.google-api-key'],
  ['template.yaml', 135, 'aws.apigateway.method-no-auth'],
  ['template.yaml', 145, 'aws.apigateway.v2-stage-no-access-logs'],
  ['template.yaml', 157, 'aws.lambda.environment-no-cmk'],
  ['template.yaml', 167, 'iam.wildcard-action'],
  ['template.yaml', 177, 'aws.apigateway.http-route-no-auth'],
  ['template.yaml', 187, 'aws.lambda.environment-no-cmk'],
  ['template.yaml', 192, 'aws.lambda.function-url-no-auth'],
  ['template.yaml', 216, 'aws.dynamodb.pitr-disabled'],
  ['template.yaml', 232, 'aws.dynamodb.pitr-disabled'],
  ['template.yaml', 232, 'aws.dynamodb.sensitive-table-no-cmk'],
  ['template.yaml', 290, 'aws.sns.topic-not-encrypted'],
  ['terraform/api.tf', 4, 'aws.apigateway.public-endpoint'],
  ['terraform/api.tf', 21, 'aws.apigateway.method-no-request-validation'],
  ['terraform/api.tf', 39, 'aws.apigateway.method-no-auth'],
  ['terraform/api.tf', 49, 'aws.apigateway.stage-no-access-logs'],
  ['terraform/iam.tf', 18, 'iam.wildcard-action'],
  ['terraform/main.tf', 13, 'aws.cognito.threat-protection-not-enforced'],
  ['terraform/main.tf', 15, 'aws.cognito.mfa-optional'],
  ['terraform/main.tf', 30, 'aws.dynamodb.pitr-disabled'],
  ['terraform/main.tf', 46, 'aws.lambda.environment-no-cmk'],
  ['terraform/main.tf', 57, 'aws.lambda.environment-secret'],
  ['terraform/main.tf', 64, 'aws.lambda.function-url-no-auth'],
];

const PIPELINES: Expected[] = [
  ['api/batch-get-projects.json', 26, 'pipeline.codebuild.privileged-untrusted-builds'],
  ['api/batch-get-projects.json', 29, 'pipeline.codebuild.shared-service-role'],
  ['api/batch-get-projects.json', 47, 'pipeline.codebuild.unanchored-actor-filter'],
  ['api/batch-get-projects.json', 79, 'pipeline.codebuild.plaintext-secret-variable'],
  ['api/batch-get-projects.json', 106, 'pipeline.codebuild.unanchored-ref-filter'],
  ['buildspec/plaintext-secret/buildspec.yml', 10, 'pipeline.buildspec.plaintext-secret'],
  ['buildspec/plaintext-secret/buildspec.yml', 13, 'pipeline.buildspec.exported-secret'],
  ['cloudformation/01-pr-builds-for-anyone.yaml', 32, 'pipeline.codebuild.privileged-untrusted-builds'],
  ['cloudformation/01-pr-builds-for-anyone.yaml', 40, 'pipeline.codebuild.untrusted-pull-request-builds'],
  ['cloudformation/02-no-filter-groups.yaml', 36, 'pipeline.codebuild.webhook-without-filter-groups'],
  ['cloudformation/06-actor-filtered-unanchored.yaml', 41, 'pipeline.codebuild.unanchored-actor-filter'],
  ['cloudformation/08-shared-admin-role.yaml', 22, 'iam.admin-equivalent'],
  ['cloudformation/08-shared-admin-role.yaml', 23, 'pipeline.codebuild.overbroad-service-role'],
  ['cloudformation/08-shared-admin-role.yaml', 29, 'pipeline.codebuild.shared-service-role'],
];

beforeEach(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const key = ([path, line, rule]: Expected) => `${path}:${line} ${rule}`;

interface SarifLog {
  runs: { results: { ruleId: string; suppressions?: unknown[]; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

describe.each([
  ['fitness-tracker', FITNESS],
  ['pipelines', PIPELINES],
])('guardian scan examples/%s', (name, expected) => {
  it('reports exactly the expected findings in JSON, SARIF, Markdown and HTML', async () => {
    const out = mkdtempSync(join(tmpdir(), `guardian-${name}-`));
    const root = join(import.meta.dirname, '..', '..', 'examples', name);
    expect(await main(['node', 'guardian', 'scan', root, '--out-dir', out, '--format', 'json,sarif,md,html', '--offline'])).toBe(1);
    const want = expected.map(key).sort();

    const json = JSON.parse(readFileSync(join(out, 'guardian.json'), 'utf8')) as { findings: { ruleId: string; location: { path: string; startLine: number } }[]; warnings: unknown[] };
    expect(json.findings.map((f) => key([f.location.path, f.location.startLine, f.ruleId])).sort()).toEqual(want);
    expect(json.warnings).toEqual([]);

    const sarif = JSON.parse(readFileSync(join(out, 'guardian.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    // Suppressed results (guardian.yml) are in the log with `suppressions`; the rest must match.
    const results = sarif.runs[0]!.results.filter((r) => !r.suppressions?.length).map((r) => key([r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine, r.ruleId]));
    expect(results.sort()).toEqual(want);

    const markdown = readFileSync(join(out, 'guardian.md'), 'utf8');
    const html = readFileSync(join(out, 'guardian.html'), 'utf8');
    for (const [path, line, rule] of expected) {
      expect(markdown).toContain(`\`${rule}\` · \`${path}:${line}\``);
      expect(html).toContain(`"ruleId":"${rule}"`);
      expect(html).toContain(`"path":"${path}","startLine":${line}`);
    }
  });
});
