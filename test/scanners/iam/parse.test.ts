import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../src/scanners/iac/graph.js';
import { evaluateConditions } from '../../../src/scanners/iam/conditions.js';
import { UNRESOLVED_OPERATOR, parseJsonWithLines, parseOperator, parsePolicyDocument } from '../../../src/scanners/iam/parse.js';

describe('parsePolicyDocument', () => {
  it('normalises single values to arrays and keeps Sid, NotAction, NotResource', () => {
    const { statements, problems } = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: { Sid: 'ReadOnly', Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secrets/*' },
    });
    expect(problems).toEqual([]);
    expect(statements).toEqual([{ sid: 'ReadOnly', effect: 'Allow', notActions: ['iam:*'], notResources: ['arn:aws:s3:::secrets/*'], conditions: [] }]);
  });

  it('parses principals: "*", {AWS: "*"}, account ids, services', () => {
    const { statements } = parsePolicyDocument({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' },
        { Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:role/Reader'], Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(statements[0]!.principals).toBe('*');
    expect(statements[1]!.principals).toEqual({ AWS: ['*'] });
    expect(statements[2]!.principals).toEqual({
      AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:role/Reader'],
      Service: ['lambda.amazonaws.com'],
    });
    expect(statements[2]!.resources).toBeUndefined();
  });

  it('parses condition operators with IfExists and set prefixes; values become strings', () => {
    const { statements } = parsePolicyDocument({
      Statement: {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['secret*'] },
          Bool: { 'aws:MultiFactorAuthPresent': false },
          NumericLessThan: { 's3:max-keys': 10 },
        },
      },
    });
    expect(statements[0]!.conditions).toEqual([
      { operator: 'StringLike', ifExists: true, set: 'ForAnyValue', key: 'aws:TagKeys', values: ['secret*'] },
      { operator: 'Bool', ifExists: false, key: 'aws:MultiFactorAuthPresent', values: ['false'] },
      { operator: 'NumericLessThan', ifExists: false, key: 's3:max-keys', values: ['10'] },
    ]);
    expect(parseOperator('ForAllValues:StringEquals')).toEqual({ operator: 'StringEquals', ifExists: false, set: 'ForAllValues' });
    expect(parseOperator('Sometimes:StringEquals')).toBeUndefined();
  });

  it('accepts JSON strings and URL-encoded JSON, with lines', () => {
    const json = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "A",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}';
    const fromText = parsePolicyDocument(json, { path: 'policies/read.json', line: 1 });
    expect(fromText.statements[0]!.source).toEqual({ path: 'policies/read.json', line: 6 });
    expect(fromText.version).toBe('2012-10-17');
    const encoded = parsePolicyDocument(encodeURIComponent(json));
    expect(encoded.statements[0]!.actions).toEqual(['s3:GetObject']);
    // a document embedded as a string at line 40 of a template counts from there
    expect(parsePolicyDocument(json, { path: 'main.tf', line: 40 }).statements[0]!.source?.line).toBe(45);
  });

  it('uses the resource line map for object documents', () => {
    const lines = new Map([
      ['Policies.0.PolicyDocument', 12],
      ['Policies.0.PolicyDocument.Statement.0', 14],
      ['Policies.0.PolicyDocument.Statement.0.Effect', 15],
    ]);
    const { statements } = parsePolicyDocument(
      { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] },
      { path: 'template.yaml', line: 10, lines, prefix: 'Policies.0.PolicyDocument' },
    );
    expect(statements[0]!.source).toEqual({ path: 'template.yaml', line: 15 });
  });

  it('reports invalid elements without throwing', () => {
    const { statements, problems } = parsePolicyDocument({
      Statement: [
        { Effect: 'Permit', Action: 's3:*', Resource: '*' },
        { Effect: 'Allow', Resource: '*' },
        { Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*' },
        { Effect: 'Allow', Action: ['s3:GetObject', 42, null], Resource: '*', Colour: 'blue' },
        { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { 'StringEquals ': 'x' } },
        'not a statement',
      ],
    });
    expect(statements).toHaveLength(1);
    expect(statements[0]!.actions).toEqual(['s3:GetObject', '42']);
    expect(problems.map((p) => p.path)).toEqual([
      'Statement[0].Effect',
      'Statement[1]',
      'Statement[2]',
      'Statement[3].Colour',
      'Statement[3].Action[2]',
      'Statement[4].Condition.StringEquals ',
      'Statement[5]',
    ]);
    expect(parsePolicyDocument('{"Statement": [').problems[0]!.message).toMatch(/not valid JSON/);
    expect(parsePolicyDocument(42).problems[0]!.message).toMatch(/not a JSON object/);
    expect(parsePolicyDocument(null).statements).toEqual([]);
  });

  it('keeps Unknown leaves and turns an unresolved document or Effect into unknown statements', () => {
    const partial = parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: new Unknown('!GetAtt Bucket.Arn') }] });
    expect(partial.statements[0]!.resources![0]).toBeInstanceOf(Unknown);
    expect(parsePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: { 'Fn::GetAtt': ['B', 'Arn'] } }] }).statements[0]!.resources![0]).toBeInstanceOf(Unknown);

    const whole = parsePolicyDocument(new Unknown('data.aws_iam_policy_document.x.json'));
    expect(whole.statements.map((s) => s.effect)).toEqual(['Allow', 'Deny']);
    expect(whole.statements.every((s) => s.conditions.some((c) => c.operator === UNRESOLVED_OPERATOR))).toBe(true);
    expect(evaluateConditions(whole.statements[0]!.conditions, {})).toBe('unknown');

    const effect = parsePolicyDocument({ Statement: [{ Effect: new Unknown('var.effect'), Action: 'iam:*', Resource: '*' }] });
    expect(effect.statements.map((s) => [s.effect, s.actions])).toEqual([
      ['Allow', ['iam:*']],
      ['Deny', ['iam:*']],
    ]);
  });
});

describe('parseJsonWithLines', () => {
  it('records the line of each key and array element', () => {
    const { value, lines } = parseJsonWithLines('{\n "a": [\n  1,\n  {"b": "x\\"y"}\n ],\n "c": null\n}');
    expect(value).toEqual({ a: [1, { b: 'x"y' }], c: null });
    expect(lines.get('a')).toBe(2);
    expect(lines.get('a.1')).toBe(4);
    expect(lines.get('a.1.b')).toBe(4);
    expect(lines.get('c')).toBe(6);
    expect(() => parseJsonWithLines('{"a": 1,}')).toThrow(SyntaxError);
    expect(() => parseJsonWithLines('[1] x')).toThrow(/trailing/);
  });
});
