import { describe, expect, it } from 'vitest';
import { analyzeCodeBuildProjects } from '../../../../src/scanners/pipeline/codebuild/analyze.js';
import { Unknown } from '../../../../src/scanners/iac/graph.js';
import { brief, GITHUB, PR, projectResources } from './helpers.js';

/** Findings of a project with the GitHub source and `triggers` (YAML at column 0, under `Triggers:`). */
function check(triggers: string, extra = '', source = GITHUB) {
  const props = `${source}\n${extra}\nTriggers:\n${triggers.trim().split('\n').map((l) => `  ${l}`).join('\n')}`;
  return analyzeCodeBuildProjects(projectResources(props));
}

// Line numbers: Source is at 5-7, `extra` at 8 (blank when not given), Triggers at 9, Webhook at 10,
// FilterGroups at 11, the first group's EVENT filter at 12 and its Pattern at 13.
describe('webhook filter checks', () => {
  it('flags pull-request events without an actor allow-list, at the EVENT pattern', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}`);
    expect(brief(r.findings)).toEqual(['13 untrusted-pull-request-builds critical']);
    expect(r.findings[0]!.message).toContain('PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED in filter group 1');
  });

  it('flags only the groups that admit pull requests', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: PUSH\n  - - Type: EVENT\n      Pattern: PULL_REQUEST_UPDATED`);
    expect(brief(r.findings)).toEqual(['15 untrusted-pull-request-builds critical']);
  });

  it('does not flag merged/closed pull requests, pushes or releases', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: PUSH, PULL_REQUEST_MERGED, PULL_REQUEST_CLOSED, RELEASED`);
    expect(r.findings).toEqual([]);
  });

  it('treats an excluded EVENT list as every other event', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: PUSH\n      ExcludeMatchedPattern: true`);
    expect(brief(r.findings)).toEqual(['13 untrusted-pull-request-builds critical']);
    expect(r.findings[0]!.message).toContain('PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED');
  });

  it('does not count a deny-list actor filter (ExcludeMatchedPattern) as a restriction, nor check its anchoring', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: "12345"\n      ExcludeMatchedPattern: true`);
    expect(brief(r.findings)).toEqual(['13 untrusted-pull-request-builds critical']);
  });

  it('accepts an anchored actor allow-list, also written as a YAML number-free string list', () => {
    expect(check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: ^12345$|^67890$`).findings).toEqual([]);
  });

  it('flags an unquoted numeric actor pattern (YAML number) as unanchored', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: 12345`);
    expect(brief(r.findings)).toEqual(['15 unanchored-actor-filter high']);
  });

  it('flags an anchored actor pattern with a wildcard', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: ^12345.*$`);
    expect(brief(r.findings)).toEqual(['15 unanchored-actor-filter high']);
    expect(r.findings[0]!.message).toContain('"^12345.*$" with wildcards or quantifiers');
  });

  it('flags unanchored HEAD_REF and BASE_REF allow-lists, not anchored ones', () => {
    const r = check(
      `Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: PUSH\n    - Type: HEAD_REF\n      Pattern: refs/heads/main\n  - - Type: EVENT\n      Pattern: PULL_REQUEST_MERGED\n    - Type: BASE_REF\n      Pattern: ^refs/heads/main$\n    - Type: FILE_PATH\n      Pattern: src/`,
    );
    expect(brief(r.findings)).toEqual(['15 unanchored-ref-filter high']);
  });

  it('reports a webhook without filter groups once, at Webhook: true, and not also as open pull requests', () => {
    const r = check('Webhook: true');
    expect(brief(r.findings)).toEqual(['10 webhook-without-filter-groups critical']);
  });

  it('accepts the string "true" for Webhook and ignores Webhook: false and an absent Webhook', () => {
    expect(brief(check("Webhook: 'true'").findings)).toEqual(['10 webhook-without-filter-groups critical']);
    expect(check(`Webhook: false\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}`).findings).toEqual([]);
    expect(check(`BuildType: BUILD`).findings).toEqual([]);
  });

  it.each(['ALL_PULL_REQUESTS', 'FORK_PULL_REQUESTS'])('accepts comment approval %s', (mode) => {
    expect(check(`Webhook: true\nPullRequestBuildPolicy:\n  RequiresCommentApproval: ${mode}`).findings).toEqual([]);
    expect(check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\nPullRequestBuildPolicy:\n  RequiresCommentApproval: ${mode}`).findings).toEqual([]);
  });

  it('still flags when comment approval is DISABLED', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\nPullRequestBuildPolicy:\n  RequiresCommentApproval: DISABLED`);
    expect(brief(r.findings)).toEqual(['13 untrusted-pull-request-builds critical']);
  });

  it('lowers to high for self-managed providers and unresolved source types', () => {
    const ghe = 'Source:\n  Type: GITHUB_ENTERPRISE\n  Location: https://git.corp/o/r.git';
    expect(brief(check('Webhook: true', '', ghe).findings)).toEqual(['10 webhook-without-filter-groups high']);
    const unresolved = 'Source:\n  Type: !Ref SourceType\n  Location: x';
    expect(brief(check('Webhook: true', '', unresolved).findings)).toEqual(['10 webhook-without-filter-groups high']);
  });

  it('ignores webhooks on sources that have none (CodeCommit)', () => {
    expect(check('Webhook: true', '', 'Source:\n  Type: CODECOMMIT\n  Location: https://git-codecommit/x').findings).toEqual([]);
  });

  describe('unresolved values never make a finding', () => {
    it.each([
      ['the filter groups', 'Webhook: true\nFilterGroups: !Ref Groups'],
      ['the EVENT pattern', 'Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: !Ref Events'],
      ['the actor pattern', `Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: !Ref MaintainerIds`],
      ['ExcludeMatchedPattern of the actor filter', `Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: ^1$\n      ExcludeMatchedPattern: !Ref Exclude`],
      ['the comment-approval mode', `Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\nPullRequestBuildPolicy:\n  RequiresCommentApproval: !Ref Approval`],
      ['the webhook switch', 'Webhook: !Ref EnableWebhook'],
      ['a filter type', `Webhook: true\nFilterGroups:\n  - - Type: !Ref T\n      Pattern: ${PR}`],
      ['the type of a filter beside the EVENT filter', `Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: !Ref T\n      Pattern: ^42$`],
    ])('%s', (_what, triggers) => {
      const r = check(triggers);
      expect(r.findings).toEqual([]);
      expect(r.warnings).toEqual([]);
    });
  });

  it('turns malformed filter groups into a warning naming file, line and field', () => {
    const r = check('Webhook: true\nFilterGroups:\n  - Type: EVENT\n    Pattern: PUSH');
    expect(r.findings).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'invalid-property', path: 't.yaml', line: 12, source: 'pipeline' })]);
    expect(r.warnings[0]!.message).toContain('Triggers.FilterGroups.0');
  });

  it('warns about an unreadable regex and checks the rest', () => {
    const r = check(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: ^(123$\n  - - Type: EVENT\n      Pattern: PUSH\n    - Type: HEAD_REF\n      Pattern: main`);
    expect(brief(r.findings)).toEqual(['19 unanchored-ref-filter high']);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'invalid-pattern', line: 15 })]);
  });

  it('never throws on odd resources', () => {
    const odd = projectResources('Triggers: 5\nEnvironment: [1]\nSource: x');
    odd.push({ stack: 't.yaml', id: 'Raw', type: 'AWS::CodeBuild::Project', properties: { Triggers: new Unknown('!If [...]') }, format: 'cloudformation', source: { path: 't.yaml', line: 1 }, lines: new Map() });
    expect(() => analyzeCodeBuildProjects(odd)).not.toThrow();
    expect(analyzeCodeBuildProjects(odd).findings).toEqual([]);
  });
});

describe('privileged mode', () => {
  const privileged = 'Environment:\n  Type: LINUX_CONTAINER\n  PrivilegedMode: true';
  const props = (triggers: string) => `${GITHUB}\n${privileged}\nTriggers:\n${triggers.split('\n').map((l) => `  ${l}`).join('\n')}`;

  it('is flagged with pull requests from anyone, at PrivilegedMode', () => {
    const r = analyzeCodeBuildProjects(projectResources(props(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}`)));
    expect(brief(r.findings)).toEqual(['10 privileged-untrusted-builds high', '15 untrusted-pull-request-builds critical']);
  });

  it('is flagged with a leaky actor filter, and with no filter groups', () => {
    const leaky = analyzeCodeBuildProjects(projectResources(props(`Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: "123"`)));
    expect(brief(leaky.findings)).toEqual(['10 privileged-untrusted-builds high', '17 unanchored-actor-filter high']);
    const all = analyzeCodeBuildProjects(projectResources(props('Webhook: true')));
    expect(brief(all.findings)).toEqual(['10 privileged-untrusted-builds high', '12 webhook-without-filter-groups critical']);
  });

  it('is not flagged for push builds, maintainers only, approval-gated builds or "false"', () => {
    for (const triggers of [
      'Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: PUSH',
      `Webhook: true\nFilterGroups:\n  - - Type: EVENT\n      Pattern: ${PR}\n    - Type: ACTOR_ACCOUNT_ID\n      Pattern: ^123$`,
      'Webhook: true\nPullRequestBuildPolicy:\n  RequiresCommentApproval: ALL_PULL_REQUESTS',
    ]) {
      expect(analyzeCodeBuildProjects(projectResources(props(triggers))).findings).toEqual([]);
    }
    const off = `${GITHUB}\nEnvironment:\n  PrivilegedMode: 'false'\nTriggers:\n  Webhook: true\n  FilterGroups:\n    - - Type: EVENT\n        Pattern: ${PR}`;
    expect(brief(analyzeCodeBuildProjects(projectResources(off)).findings)).toEqual(['14 untrusted-pull-request-builds critical']);
  });
});
