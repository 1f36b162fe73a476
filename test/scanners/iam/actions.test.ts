import { beforeAll, describe, expect, it } from 'vitest';
import { type ActionCatalog, loadActionCatalog } from '../../../src/scanners/iam/actions.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadActionCatalog();
});

describe('ActionCatalog (iam-data)', () => {
  it('loads once and answers synchronously', async () => {
    expect(await loadActionCatalog()).toBe(catalog);
    expect(catalog.size).toBeGreaterThan(15000);
    expect(catalog.hasService('s3')).toBe(true);
    expect(catalog.hasService('s4')).toBe(false);
  });

  it('canonical casing and access levels', () => {
    expect(catalog.canonical('S3:getobject')).toBe('s3:GetObject');
    expect(catalog.canonical('s3:GetObjekt')).toBeUndefined();
    expect(catalog.accessLevel('s3:GetObject')).toBe('Read');
    expect(catalog.accessLevel('s3:ListBucket')).toBe('List');
    expect(catalog.accessLevel('s3:PutObject')).toBe('Write');
    expect(catalog.accessLevel('iam:PutRolePolicy')).toBe('Permissions management');
    expect(catalog.accessLevel('iam:AttachUserPolicy')).toBe('Permissions management');
    expect(catalog.accessLevel('iam:TagRole')).toBe('Tagging');
    expect(catalog.lookup('s3:GetObject')?.resourceTypes).toContain('object');
    expect(catalog.lookup('s3:ListAllMyBuckets')?.resourceTypes).toEqual([]);
    expect(catalog.arnFormat('s3', 'object')).toBe('arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  });

  it('expands wildcards to concrete actions', () => {
    const gets = catalog.expand('s3:Get*').actions.map((a) => a.action);
    expect(gets).toContain('s3:GetObject');
    expect(gets).toContain('s3:GetBucketPolicy');
    expect(gets.every((a) => a.startsWith('s3:Get'))).toBe(true);
    expect(catalog.expand('iam:*').actions.length).toBeGreaterThan(100);
    expect(catalog.expand('*').actions.length).toBe(catalog.size);
    expect(catalog.expand('lambda:invokefunction').actions.map((a) => a.action)).toEqual(['lambda:InvokeFunction']);
    expect(catalog.expandNot(['s3:*', 'iam:*']).some((a) => a.service === 's3' || a.service === 'iam')).toBe(false);
  });

  it('reports unknown services and patterns instead of throwing', () => {
    expect(catalog.expand('s4:GetObject')).toEqual({ actions: [], problems: ['unknown service "s4"'] });
    expect(catalog.expand('s3:Gett*').problems).toEqual(['no action matches "s3:Gett*"']);
    expect(catalog.expand('GetObject').problems[0]).toMatch(/not of the form/);
  });

  it('classifies patterns by access level', () => {
    expect(catalog.grantsWrite('s3:Put*')).toBe(true);
    expect(catalog.grantsWrite('s3:Get*')).toBe(false);
    expect(catalog.grantsPermissionsManagement('iam:Put*')).toBe(true);
    expect(catalog.grantsPermissionsManagement('s3:GetObject')).toBe(false);
    expect(catalog.grantsPermissionsManagement('s3:PutBucketPolicy')).toBe(true);
  });
});
