import { describe, expect, it } from 'vitest';
import { analyzeCodeBuildProjects } from '../../../../src/scanners/pipeline/codebuild/analyze.js';
import { brief, GITHUB, PR, resourcesFromTemplate, template } from './helpers.js';

const P = 'AWS::CodeBuild::Project';
const indent = (text: string, n: number) => text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
const prProject = (role: string) => `${GITHUB}\nServiceRole: ${role}\nTriggers:\n  Webhook: true\n  FilterGroups:\n    - - Type: EVENT\n        Pattern: ${PR}\n      - Type: ACTOR_ACCOUNT_ID\n        Pattern: ^42$`;
const pushProject = (role: string) => `${GITHUB}\nServiceRole: ${role}\nTriggers:\n  Webhook: true\n  FilterGroups:\n    - - Type: EVENT\n        Pattern: PUSH`;
const pipelineProject = (role: string) => `Source:\n  Type: CODEPIPELINE\nServiceRole: ${role}`;
const role = (statement: string, extra = '') =>
  `AssumeRolePolicyDocument: {}\n${extra}Policies:\n  - PolicyName: ci\n    PolicyDocument:\n      Statement:\n${indent(statement, 8)}`;

const analyze = (...resources: [string, string, string][]) => analyzeCodeBuildProjects(resourcesFromTemplate('t.yaml', template(...resources)));

describe('shared service role', () => {
  it('flags the pull-request project at its ServiceRole when a push project uses the same role ARN', () => {
    const arn = 'arn:aws:iam::111122223333:role/ci';
    const r = analyze(['Prs', P, prProject(arn)], ['Main', P, pushProject(arn)]);
    expect(brief(r.findings)).toEqual(['8 shared-service-role medium']);
    expect(r.findings[0]!.message).toContain('"Main"');
  });

  it('matches a role by !GetAtt and by its RoleName written as an ARN', () => {
    const roleProps = 'RoleName: ci-role\nAssumeRolePolicyDocument: {}';
    const r = analyze(['Prs', P, prProject('!GetAtt Role.Arn')], ['Release', P, pipelineProject('arn:aws:iam::111122223333:role/ci-role')], ['Role', 'AWS::IAM::Role', roleProps]);
    expect(brief(r.findings)).toEqual(['8 shared-service-role medium']);
  });

  it('does not flag roles shared only by pull-request projects, or distinct roles', () => {
    expect(analyze(['A', P, prProject('!GetAtt Role.Arn')], ['B', P, prProject('!GetAtt Role.Arn')]).findings).toEqual([]);
    expect(analyze(['A', P, prProject('!GetAtt PrRole.Arn')], ['B', P, pushProject('!GetAtt ReleaseRole.Arn')]).findings).toEqual([]);
  });

  it('treats the same parameter as one role within a template only', () => {
    expect(brief(analyze(['A', P, prProject('!Ref CiRoleArn')], ['B', P, pushProject('!Ref CiRoleArn')]).findings)).toEqual(['8 shared-service-role medium']);
    const a = resourcesFromTemplate('a.yaml', template(['A', P, prProject('!Ref CiRoleArn')]));
    const b = resourcesFromTemplate('b.yaml', template(['B', P, pushProject('!Ref CiRoleArn')]));
    expect(analyzeCodeBuildProjects([...a, ...b]).findings).toEqual([]);
  });
});

describe('over-broad service role', () => {
  const project: [string, string, string] = ['Build', P, pushProject('!GetAtt Role.Arn')];

  it('flags Action "*" in an inline policy at the Action line', () => {
    const r = analyze(project, ['Role', 'AWS::IAM::Role', role('- Effect: Allow\n  Action: "*"\n  Resource: "*"')]);
    expect(brief(r.findings)).toEqual(['23 overbroad-service-role medium']);
    expect(r.findings[0]!.location.path).toBe('t.yaml');
    expect(r.findings[0]!.message).toContain('Role Role, the service role of CodeBuild project "Build", allows Action "*" in policy ci');
  });

  it('flags ["*"], a single statement object, AdministratorAccess, and AWS::IAM::Policy attached by Roles', () => {
    expect(brief(analyze(project, ['Role', 'AWS::IAM::Role', role('- Effect: Allow\n  Action: [s3:GetObject, "*"]\n  Resource: "*"')]).findings)).toEqual(['23 overbroad-service-role medium']);
    const single = `AssumeRolePolicyDocument: {}\nPolicies:\n  - PolicyName: ci\n    PolicyDocument:\n      Statement:\n        Effect: Allow\n        Action: "*"\n        Resource: "*"`;
    expect(brief(analyze(project, ['Role', 'AWS::IAM::Role', single]).findings)).toEqual(['23 overbroad-service-role medium']);
    const admin = 'AssumeRolePolicyDocument: {}\nManagedPolicyArns:\n  - arn:aws:iam::aws:policy/ReadOnlyAccess\n  - arn:aws:iam::aws:policy/AdministratorAccess';
    expect(brief(analyze(project, ['Role', 'AWS::IAM::Role', admin]).findings)).toEqual(['20 overbroad-service-role medium']);
    const attached = 'PolicyName: extra\nRoles: [!Ref Role]\nPolicyDocument:\n  Statement:\n    - Effect: Allow\n      Action: "*"\n      Resource: "*"';
    const r = analyze(project, ['Role', 'AWS::IAM::Role', 'AssumeRolePolicyDocument: {}'], ['Extra', 'AWS::IAM::Policy', attached]);
    expect(brief(r.findings)).toEqual(['26 overbroad-service-role medium']);
  });

  it('does not flag scoped actions, Deny, unresolved actions, or roles no CodeBuild project uses', () => {
    expect(analyze(project, ['Role', 'AWS::IAM::Role', role('- Effect: Allow\n  Action: [logs:PutLogEvents, s3:*]\n  Resource: "*"')]).findings).toEqual([]);
    expect(analyze(project, ['Role', 'AWS::IAM::Role', role('- Effect: Deny\n  Action: "*"\n  Resource: "*"')]).findings).toEqual([]);
    expect(analyze(project, ['Role', 'AWS::IAM::Role', role('- Effect: Allow\n  Action: !Ref Actions\n  Resource: "*"')]).findings).toEqual([]);
    expect(analyze(['Build', P, pushProject('!GetAtt Other.Arn')], ['Role', 'AWS::IAM::Role', role('- Effect: Allow\n  Action: "*"\n  Resource: "*"')]).findings).toEqual([]);
  });
});
