import { describe, expect, it } from 'vitest';
import { ESCALATION_CATALOG, attackUrl, parseEscalationCatalog } from '../../../../src/scanners/iam/escalation/catalog.js';

describe('escalation catalog (methods.yml)', () => {
  it('holds the published methods by their required permissions', () => {
    const byActions = new Map(ESCALATION_CATALOG.methods.map((m) => [m.permissions.map((p) => `${p.action}@${p.resource}`).join(' + '), m.id]));
    for (const combination of [
      'iam:CreatePolicyVersion@policy',
      'iam:SetDefaultPolicyVersion@policy',
      'iam:AttachUserPolicy@self',
      'iam:AttachGroupPolicy@group',
      'iam:AttachRolePolicy@role + sts:AssumeRole@role',
      'iam:PutUserPolicy@self',
      'iam:PutGroupPolicy@group',
      'iam:PutRolePolicy@role + sts:AssumeRole@role',
      'iam:AddUserToGroup@group',
      'iam:CreateAccessKey@user',
      'iam:CreateLoginProfile@user',
      'iam:UpdateLoginProfile@user',
      'iam:UpdateAssumeRolePolicy@role + sts:AssumeRole@role',
      'iam:PassRole@role + lambda:CreateFunction@lambda-function + lambda:InvokeFunction@lambda-function',
      'iam:PassRole@role + lambda:CreateFunction@lambda-function + lambda:CreateEventSourceMapping@any',
      'lambda:UpdateFunctionCode@lambda-function',
      'iam:PassRole@role + ec2:RunInstances@ec2-instance',
      'iam:PassRole@role + cloudformation:CreateStack@cloudformation-stack',
      'iam:PassRole@role + codebuild:CreateProject@codebuild-project + codebuild:StartBuild@codebuild-project',
      'iam:PassRole@role + glue:CreateDevEndpoint@any',
      'glue:UpdateDevEndpoint@glue-dev-endpoint',
      'iam:PassRole@role + sagemaker:CreateNotebookInstance@sagemaker-notebook + sagemaker:CreatePresignedNotebookInstanceUrl@sagemaker-notebook',
      'iam:PassRole@role + datapipeline:CreatePipeline@any + datapipeline:PutPipelineDefinition@datapipeline-pipeline',
      'ssm:SendCommand@ec2-instance + ssm:SendCommand@ssm-shell-document',
      'ssm:StartSession@ec2-instance',
      'ec2-instance-connect:SendSSHPublicKey@ec2-instance',
      'sts:AssumeRole@role',
    ]) {
      expect(byActions.has(combination), combination).toBe(true);
    }
  });

  it('passes each role to the service that would receive it', () => {
    for (const method of ESCALATION_CATALOG.methods) {
      for (const permission of method.permissions.filter((p) => p.action === 'iam:PassRole')) {
        expect(permission.context['iam:PassedToService'], method.id).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
      }
    }
  });

  it('gives every method ATT&CK techniques, a remediation, the stopping constraint and references', () => {
    for (const method of ESCALATION_CATALOG.methods) {
      expect(method.attack.length, method.id).toBeGreaterThan(0);
      expect(method.stop.length, method.id).toBeGreaterThan(10);
      expect(method.references.every((r) => r.startsWith('https://')), method.id).toBe(true);
    }
    expect(attackUrl('T1098.003')).toBe('https://attack.mitre.org/techniques/T1098/003/');
    expect(attackUrl('T1651')).toBe('https://attack.mitre.org/techniques/T1651/');
  });

  it('fills every probe placeholder it knows and no other', () => {
    for (const [kind, template] of Object.entries(ESCALATION_CATALOG.probes)) {
      expect(template.replace(/\{(partition|region|account|self)\}/g, ''), kind).not.toMatch(/[{}]/);
    }
  });

  it('rejects a method with an undeclared probe kind, a bad technique id or a duplicate id', () => {
    const method = (extra: string) => `
probes: { role: 'arn:{partition}:iam::{account}:role/x' }
methods:
  - id: m
    name: M
    title: T
    severity: high
    permissions: [{ action: iam:PassRole, resource: ${extra.includes('probe') ? 'bucket' : 'role'} }]
    result: r
    preconditions: p
    attack: [${extra.includes('attack') ? 'X1' : 'T1098'}]
    remediation: r
    stop: s
    references: [https://example.com/]
`;
    expect(() => parseEscalationCatalog(method(''))).not.toThrow();
    expect(() => parseEscalationCatalog(method('probe'))).toThrow(/unknown probe kind "bucket"/);
    expect(() => parseEscalationCatalog(method('attack'))).toThrow();
    const twice = method('') + method('').split('methods:\n')[1];
    expect(() => parseEscalationCatalog(twice)).toThrow(/duplicate escalation method id m/);
  });
});
