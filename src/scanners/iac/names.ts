import { type ResourceGraph, walkValues } from './graph.js';

/**
 * The property that holds a resource's physical name, per CloudFormation type. Templates
 * often refer to a resource of the same stack by that literal name (`Bucket: my-logs`) or
 * by an ARN that ends in it, instead of `!Ref`; such references are edges too.
 */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::CodeBuild::Project': 'Name',
  'AWS::KMS::Key': 'KeyId',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Kinesis::Stream': 'Name',
};

/** Names shorter than this are too likely to appear by coincidence. */
const MIN_NAME = 3;

/**
 * Add an edge wherever a string in a resource's properties is the literal name of
 * another resource of the same stack, or an ARN or queue URL ending in `:name` or `/name`.
 */
export function linkLiteralNames(graph: ResourceGraph): void {
  const byStack = new Map<string, Map<string, string>>();
  for (const resource of graph.resources) {
    const property = NAME_PROPERTY[resource.type];
    const name = property ? resource.properties[property] : undefined;
    if (typeof name !== 'string' || name.length < MIN_NAME) continue;
    const names = byStack.get(resource.stack) ?? new Map<string, string>();
    names.set(name, resource.id);
    byStack.set(resource.stack, names);
  }
  for (const resource of graph.resources) {
    const names = byStack.get(resource.stack);
    if (!names) continue;
    walkValues(resource.properties, [], (value, path) => {
      if (typeof value !== 'string' || path.length === 0) return;
      const target = names.get(value) ?? names.get(namedIn(value) ?? '');
      if (target && target !== resource.id) graph.addEdge({ stack: resource.stack, from: resource.id, to: target, path: path.join('.') });
    });
  }
}

/** The name an ARN or SQS queue URL ends in (the bucket, for S3 object ARNs), if it is one. */
function namedIn(value: string): string | undefined {
  const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(value);
  if (s3) return s3[1];
  if (!value.startsWith('arn:') && !value.startsWith('https://sqs.')) return undefined;
  return value.slice(Math.max(value.lastIndexOf(':'), value.lastIndexOf('/')) + 1);
}
