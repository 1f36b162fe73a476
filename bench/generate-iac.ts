/**
 * A generated infrastructure-as-code corpus for `bench/iac.ts`: CloudFormation, SAM,
 * CDK output, Terraform modules and serverless.yml services in the proportions of a
 * typical serverless organisation, each with a mix of good and bad settings.
 * Deterministic for a given seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const cloudFormation = (n: number, r: () => number) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String, Default: prod }
Resources:
  Bucket${n}:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'data-${n}-\${Stage}'
${r() < 0.5 ? `      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        IgnorePublicAcls: true
        BlockPublicPolicy: ${r() < 0.8}
        RestrictPublicBuckets: true` : ''}
  Queue${n}:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: ${r() < 0.9}
  Topic${n}:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: topic-${n}
  Table${n}:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: users-${n}
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: ${r() < 0.5} }
  Role${n}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: access
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${r() < 0.3 ? "'dynamodb:*'" : '[dynamodb:GetItem, dynamodb:PutItem]'}
                Resource: ${r() < 0.3 ? "'*'" : `!GetAtt Table${n}.Arn`}
  Function${n}:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: !GetAtt Role${n}.Arn
      Code: { ZipFile: 'def handler(e, c): return 1' }
      Environment:
        Variables:
          TABLE: !Ref Table${n}
          ${r() < 0.2 ? `API_TOKEN: tok_${n}_a8f7d6s5a4s3d2f1` : `STAGE: !Ref Stage`}
  Logs${n}:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /app/${n}
${r() < 0.5 ? '      RetentionInDays: 30' : ''}
`;

const sam = (n: number, r: () => number) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Timeout: 10
Resources:
  Api${n}:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
${r() < 0.5 ? `      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool${n}.Arn` : ''}
  Pool${n}:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: '${r() < 0.5 ? 'ON' : 'OFF'}'
  Items${n}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: items.handler
      CodeUri: src/
      Policies:
        - DynamoDBCrudPolicy: { TableName: !Ref ItemsTable${n} }
      Events:
        List: { Type: Api, Properties: { RestApiId: !Ref Api${n}, Path: /items, Method: get } }
        Create: { Type: Api, Properties: { RestApiId: !Ref Api${n}, Path: /items, Method: post } }
        Health: { Type: Api, Properties: { RestApiId: !Ref Api${n}, Path: /health, Method: get, Auth: { Authorizer: NONE } } }
  ItemsTable${n}:
    Type: AWS::Serverless::SimpleTable
`;

const terraform = (n: number, r: () => number) => [
  `variable "stage" {
  default = "prod"
}

locals {
  name = "svc-${n}-\${var.stage}"
}

resource "aws_s3_bucket" "data" {
  bucket = "\${local.name}-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = ${r() < 0.8}
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_dynamodb_table" "users" {
  name         = "\${local.name}-users"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = ${r() < 0.5}
  }
}
`,
  `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "access" {
  statement {
    actions   = [${r() < 0.3 ? '"dynamodb:*"' : '"dynamodb:GetItem", "dynamodb:PutItem"'}]
    resources = [${r() < 0.3 ? '"*"' : 'aws_dynamodb_table.users.arn'}]
  }
}

resource "aws_iam_role" "fn" {
  name               = "\${local.name}-fn"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "access" {
  role   = aws_iam_role.fn.id
  policy = data.aws_iam_policy_document.access.json
}

resource "aws_lambda_function" "fn" {
  function_name = local.name
  role          = aws_iam_role.fn.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "app.zip"
  environment {
    variables = {
      TABLE = aws_dynamodb_table.users.name
      ${r() < 0.2 ? `DB_PASSWORD = "pw-${n}-Sup3rS3cret"` : 'STAGE = var.stage'}
    }
  }
}

resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/\${local.name}"
  retention_in_days = ${r() < 0.5 ? 14 : 0}
}
`,
];

const serverless = (n: number, r: () => number) => `service: svc-${n}
provider:
  name: aws
  runtime: nodejs20.x
  stage: \${opt:stage, 'dev'}
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [${r() < 0.3 ? "'s3:*'" : 's3:GetObject'}]
          Resource: '*'
functions:
  api:
    handler: handler.api
    events:
      - httpApi: 'GET /items'
      - httpApi: 'POST /items'
  worker:
    handler: handler.worker
    events:
      - sqs: arn:aws:sqs:eu-west-1:123456789012:jobs-${n}
`;

const cdk = (n: number, r: () => number) =>
  JSON.stringify(
    {
      Resources: {
        [`Queue${n}ABCD`]: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: r() < 0.9 }, Metadata: { 'aws:cdk:path': `Stack${n}/Orders/Queue/Resource` } },
        [`Key${n}ABCD`]: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: r() < 0.5 }, Metadata: { 'aws:cdk:path': `Stack${n}/Key/Resource` } },
        [`Trail${n}ABCD`]: { Type: 'AWS::CloudTrail::Trail', Properties: { IsLogging: true, S3BucketName: 'trail', EnableLogFileValidation: r() < 0.5 }, Metadata: { 'aws:cdk:path': `Stack${n}/Trail/Resource` } },
      },
    },
    null,
    1,
  );

/** Write a corpus of about `files` IaC files under `dir`; returns the number written. */
export function generateIacCorpus(dir: string, files: number, seed = 7): number {
  const r = rng(seed);
  let written = 0;
  for (let n = 0; written < files; n++) {
    const pick = r();
    const service = join(dir, `svc-${String(n).padStart(5, '0')}`);
    mkdirSync(service, { recursive: true });
    if (pick < 0.4) {
      writeFileSync(join(service, 'template.yaml'), cloudFormation(n, r));
      written++;
    } else if (pick < 0.6) {
      writeFileSync(join(service, 'template.yaml'), sam(n, r));
      written++;
    } else if (pick < 0.85) {
      const [main, iam] = terraform(n, r);
      writeFileSync(join(service, 'main.tf'), main!);
      writeFileSync(join(service, 'iam.tf'), iam!);
      written += 2;
    } else if (pick < 0.95) {
      writeFileSync(join(service, 'serverless.yml'), serverless(n, r));
      written++;
    } else {
      mkdirSync(join(service, 'cdk.out'), { recursive: true });
      writeFileSync(join(service, 'cdk.out', `Stack${n}.template.json`), cdk(n, r));
      written++;
    }
  }
  return written;
}
