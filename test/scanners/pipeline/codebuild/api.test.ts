import { describe, expect, it } from 'vitest';
import { analyzeCodeBuildApiOutput } from '../../../../src/scanners/pipeline/codebuild/analyze.js';
import { brief } from './helpers.js';

const ARN = 'arn:aws:codebuild:eu-west-1:111122223333:project/';

/** A batch-get-projects answer for `projects`, pretty-printed (2 spaces) like the CLI. */
const output = (...projects: object[]) => JSON.stringify({ projects, projectsNotFound: [] }, null, 2);

const prProject = (extra: object = {}) => ({
  name: 'prs',
  arn: `${ARN}prs`,
  source: { type: 'GITHUB', location: 'https://github.com/o/r.git' },
  environment: { type: 'LINUX_CONTAINER', privilegedMode: false, environmentVariables: [] },
  serviceRole: 'arn:aws:iam::111122223333:role/ci',
  webhook: { url: 'https://api.github.com/repos/o/r/hooks/1', filterGroups: [[{ type: 'EVENT', pattern: 'PULL_REQUEST_CREATED', excludeMatchedPattern: false }]] },
  ...extra,
});

describe('analyzeCodeBuildApiOutput', () => {
  it('returns undefined for files that are not batch-get-projects output', () => {
    expect(analyzeCodeBuildApiOutput('package.json', '{"name": "x", "version": "1.0.0"}')).toBeUndefined();
    expect(analyzeCodeBuildApiOutput('p.json', '{"projects": [{"name": "x", "arn": "arn:aws:s3:::bucket"}]}')).toBeUndefined();
    expect(analyzeCodeBuildApiOutput('p.json', '{"projects": []}')).toBeUndefined();
    expect(analyzeCodeBuildApiOutput('p.json', `{"projects": [{"arn": "${ARN}x"`)).toBeUndefined();
    expect(analyzeCodeBuildApiOutput('p.json', `["projects", "${ARN}x"]`)).toBeUndefined();
  });

  it('reads projects by content, at JSON lines, in any partition', () => {
    const text = output(prProject({ arn: 'arn:aws-cn:codebuild:cn-north-1:111122223333:project/prs' }));
    const r = analyzeCodeBuildApiOutput('cb.json', text)!;
    const line = text.split('\n').findIndex((l) => l.includes('"pattern": "PULL_REQUEST_CREATED"')) + 1;
    expect(brief(r.findings)).toEqual([`${line} untrusted-pull-request-builds critical`]);
    expect(r.findings[0]!.location.path).toBe('cb.json');
    expect(r.findings[0]!.message).toContain('CodeBuild project "prs" (GITHUB https://github.com/o/r.git)');
  });

  it('reports a webhook without filter groups, and none with comment approval', () => {
    const open = output(prProject({ webhook: { url: 'u' } }));
    const webhookLine = open.split('\n').findIndex((l) => l.includes('"webhook": {')) + 1;
    expect(webhookLine).toBeGreaterThan(1);
    expect(brief(analyzeCodeBuildApiOutput('cb.json', open)!.findings)).toEqual([`${webhookLine} webhook-without-filter-groups critical`]);
    const approved = output(prProject({ webhook: { url: 'u', pullRequestBuildPolicy: { requiresCommentApproval: 'FORK_PULL_REQUESTS', approverRoles: ['GITHUB_WRITE'] } } }));
    expect(analyzeCodeBuildApiOutput('cb.json', approved)!.findings).toEqual([]);
  });

  it('reports nothing for projects without a webhook', () => {
    expect(analyzeCodeBuildApiOutput('cb.json', output(prProject({ webhook: undefined })))).toEqual({ findings: [], warnings: [] });
  });

  it('warns about items that are not projects and checks the others', () => {
    const r = analyzeCodeBuildApiOutput('cb.json', output({ name: 'odd' }, prProject()))!;
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'invalid-property', path: 'cb.json', line: 3 })]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['pipeline.codebuild.untrusted-pull-request-builds']);
  });

  it('warns about malformed fields instead of throwing', () => {
    const r = analyzeCodeBuildApiOutput('cb.json', output(prProject({ webhook: { filterGroups: 'PUSH' }, environment: { environmentVariables: 7, privilegedMode: 'yes' } })))!;
    expect(r.findings).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'CodeBuild project prs: webhook.filterGroups should be a list of filter groups; the field is treated as unknown.',
      'CodeBuild project prs: environment.environmentVariables should be a list of environment variables; the field is treated as unknown.',
      'CodeBuild project prs: environment.privilegedMode should be true or false; the field is treated as unknown.',
    ]);
  });
});
