/**
 * The vocabulary of the Terraform → CloudFormation mapping table (`mappings.ts`).
 * Property names follow the AWS CloudFormation Resource and Property Reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html);
 * argument names the AWS provider documentation (https://registry.terraform.io/providers/hashicorp/aws/latest/docs).
 */

/**
 * How an argument's value becomes the property value:
 * - `bool` / `number` / `string`: Terraform's primitive conversions (`"true"` → true);
 * - `policy`: JSON policy text (or `jsonencode`, a policy document data source) → object;
 * - `list`: a single value wrapped in an array (`role` → `Roles: [role]`);
 * - `tags`: `{k = v}` → `[{Key, Value}]`;
 * - `cannedAcl`: S3 canned ACL `public-read` → `PublicRead`;
 * - `versioningStatus`: legacy `versioning { enabled = true }` → `Enabled` / `Suspended`;
 * - `containerDefinitions`: ECS container definitions JSON (camelCase, as the ECS API
 *   writes them) → `ContainerDefinitions` objects with CloudFormation's PascalCase keys;
 * - `base64Text`: base64 text (launch template `user_data`) → the decoded text, as
 *   CloudFormation's `Fn::Base64` content reaches rules.
 */
export type Conversion = 'bool' | 'number' | 'string' | 'policy' | 'list' | 'tags' | 'cannedAcl' | 'versioningStatus' | 'containerDefinitions' | 'base64Text';

/** Where an argument goes: a dotted property path relative to the enclosing object, or that with a conversion. */
export type FieldRule = string | { to: string; as: Conversion };

/** A nested block: the property path it fills, and the mapping of its own content. */
export interface BlockRule {
  to: string;
  /** Repeated blocks append objects to an array at `to` (otherwise one object). */
  list?: boolean;
  fields?: Record<string, FieldRule>;
  blocks?: Record<string, BlockRule>;
  /** Constant properties set whenever the block is present. */
  constants?: Record<string, string | number | boolean>;
}

/** Properties a shape function computes where a table cannot express the shape. */
export type ShapeName = 'dynamodbSseType' | 'methodSettings' | 'webhookTriggers' | 'instancePublicIp' | 'securityGroupRules' | 'securityGroupRule';

/**
 * Merge a companion resource (e.g. `aws_s3_bucket_versioning`) into the resource it
 * configures: the target is the resource of `type` that argument `by` refers to, or
 * whose property `match` equals the argument's literal value.
 */
export interface MergeRule {
  type: string;
  by: string;
  match: string;
  /** The fragment's properties replace the target's (a policy), instead of merging into them. */
  replace?: boolean;
}

/** How one Terraform resource type maps to a CloudFormation type. */
export interface ResourceRule {
  /** CloudFormation type; for companions, the type of the resource merged into. */
  type: string;
  fields?: Record<string, FieldRule>;
  blocks?: Record<string, BlockRule>;
  /** Properties Terraform defaults differently from an absent CloudFormation property. */
  defaults?: Record<string, string | number | boolean>;
  shape?: ShapeName;
  /** `tags` as `[{Key, Value}]` (default), as a map (`map`), or not mapped (`false`). */
  tags?: 'list' | 'map' | false;
  merge?: MergeRule;
}
