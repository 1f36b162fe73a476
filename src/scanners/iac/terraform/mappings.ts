/**
 * Terraform AWS provider resource types → CloudFormation types and property shapes, so
 * that IaC rules written once against CloudFormation shapes serve Terraform too. Data
 * only; the vocabulary is in `mapping-types.ts`, the engine in `map.ts`. Types not listed
 * keep their Terraform name and raw arguments.
 */
import type { BlockRule, FieldRule, ResourceRule } from './mapping-types.js';

const CORS: BlockRule['fields'] = {
  allow_origins: 'AllowOrigins',
  allow_methods: 'AllowMethods',
  allow_headers: 'AllowHeaders',
  allow_credentials: { to: 'AllowCredentials', as: 'bool' },
  expose_headers: 'ExposeHeaders',
  max_age: { to: 'MaxAge', as: 'number' },
};

const ACCESS_LOG: BlockRule['fields'] = { destination_arn: 'DestinationArn', format: 'Format' };

const SSE_RULE: BlockRule = {
  to: 'BucketEncryption.ServerSideEncryptionConfiguration',
  list: true,
  fields: { bucket_key_enabled: { to: 'BucketKeyEnabled', as: 'bool' } },
  blocks: { apply_server_side_encryption_by_default: { to: 'ServerSideEncryptionByDefault', fields: { sse_algorithm: 'SSEAlgorithm', kms_master_key_id: 'KMSMasterKeyID' } } },
};

const BUCKET_MERGE = { type: 'AWS::S3::Bucket', by: 'bucket', match: 'BucketName' };

const METADATA_OPTIONS: BlockRule['fields'] = {
  http_tokens: 'HttpTokens',
  http_endpoint: 'HttpEndpoint',
  http_put_response_hop_limit: { to: 'HttpPutResponseHopLimit', as: 'number' },
  instance_metadata_tags: 'InstanceMetadataTags',
};

/** `root_block_device` / `ebs_block_device` of instances and launch configurations → a BlockDeviceMappings entry. */
const EBS_DEVICE: BlockRule['fields'] = {
  device_name: 'DeviceName',
  encrypted: { to: 'Ebs.Encrypted', as: 'bool' },
  kms_key_id: 'Ebs.KmsKeyId',
  snapshot_id: 'Ebs.SnapshotId',
  volume_size: { to: 'Ebs.VolumeSize', as: 'number' },
  volume_type: 'Ebs.VolumeType',
  delete_on_termination: { to: 'Ebs.DeleteOnTermination', as: 'bool' },
};

const EBS_DEVICES: Record<string, BlockRule> = {
  root_block_device: { to: 'BlockDeviceMappings', list: true, fields: EBS_DEVICE },
  ebs_block_device: { to: 'BlockDeviceMappings', list: true, fields: EBS_DEVICE },
};

/** Arguments of aws_db_instance and aws_rds_cluster with the same property in AWS::RDS::DBInstance and AWS::RDS::DBCluster. */
const RDS_COMMON: Record<string, FieldRule> = {
  engine: 'Engine',
  engine_version: 'EngineVersion',
  storage_encrypted: { to: 'StorageEncrypted', as: 'bool' },
  kms_key_id: 'KmsKeyId',
  backup_retention_period: { to: 'BackupRetentionPeriod', as: 'number' },
  deletion_protection: { to: 'DeletionProtection', as: 'bool' },
  iam_database_authentication_enabled: { to: 'EnableIAMDatabaseAuthentication', as: 'bool' },
  manage_master_user_password: { to: 'ManageMasterUserPassword', as: 'bool' },
  publicly_accessible: { to: 'PubliclyAccessible', as: 'bool' },
  auto_minor_version_upgrade: { to: 'AutoMinorVersionUpgrade', as: 'bool' },
  db_subnet_group_name: 'DBSubnetGroupName',
};

/** Terraform resource type → mapping. */
export const RESOURCE_MAPPINGS: Record<string, ResourceRule> = {
  // Lambda
  aws_lambda_function: {
    type: 'AWS::Lambda::Function',
    fields: {
      function_name: 'FunctionName',
      role: 'Role',
      runtime: 'Runtime',
      handler: 'Handler',
      kms_key_arn: 'KmsKeyArn',
      memory_size: { to: 'MemorySize', as: 'number' },
      timeout: { to: 'Timeout', as: 'number' },
      reserved_concurrent_executions: { to: 'ReservedConcurrentExecutions', as: 'number' },
      layers: 'Layers',
      architectures: 'Architectures',
      package_type: 'PackageType',
      image_uri: 'Code.ImageUri',
      s3_bucket: 'Code.S3Bucket',
      s3_key: 'Code.S3Key',
      code_signing_config_arn: 'CodeSigningConfigArn',
    },
    blocks: {
      environment: { to: 'Environment', fields: { variables: 'Variables' } },
      tracing_config: { to: 'TracingConfig', fields: { mode: 'Mode' } },
      vpc_config: { to: 'VpcConfig', fields: { subnet_ids: 'SubnetIds', security_group_ids: 'SecurityGroupIds' } },
      dead_letter_config: { to: 'DeadLetterConfig', fields: { target_arn: 'TargetArn' } },
    },
  },
  aws_lambda_permission: {
    type: 'AWS::Lambda::Permission',
    tags: false,
    fields: {
      action: 'Action',
      principal: 'Principal',
      source_arn: 'SourceArn',
      source_account: 'SourceAccount',
      function_name: 'FunctionName',
      function_url_auth_type: 'FunctionUrlAuthType',
      principal_org_id: 'PrincipalOrgID',
      event_source_token: 'EventSourceToken',
    },
  },
  aws_lambda_function_url: {
    type: 'AWS::Lambda::Url',
    tags: false,
    fields: { authorization_type: 'AuthType', function_name: 'TargetFunctionArn', qualifier: 'Qualifier', invoke_mode: 'InvokeMode' },
    blocks: { cors: { to: 'Cors', fields: CORS } },
  },

  // API Gateway (REST)
  aws_api_gateway_rest_api: {
    type: 'AWS::ApiGateway::RestApi',
    fields: {
      name: 'Name',
      description: 'Description',
      policy: { to: 'Policy', as: 'policy' },
      disable_execute_api_endpoint: { to: 'DisableExecuteApiEndpoint', as: 'bool' },
      api_key_source: 'ApiKeySourceType',
      binary_media_types: 'BinaryMediaTypes',
    },
    blocks: { endpoint_configuration: { to: 'EndpointConfiguration', fields: { types: 'Types', vpc_endpoint_ids: 'VpcEndpointIds' } } },
  },
  aws_api_gateway_rest_api_policy: {
    type: 'AWS::ApiGateway::RestApi',
    merge: { type: 'AWS::ApiGateway::RestApi', by: 'rest_api_id', match: 'Name', replace: true },
    fields: { policy: { to: 'Policy', as: 'policy' } },
  },
  aws_api_gateway_method: {
    type: 'AWS::ApiGateway::Method',
    tags: false,
    fields: {
      http_method: 'HttpMethod',
      authorization: 'AuthorizationType',
      authorizer_id: 'AuthorizerId',
      authorization_scopes: 'AuthorizationScopes',
      request_validator_id: 'RequestValidatorId',
      rest_api_id: 'RestApiId',
      resource_id: 'ResourceId',
      api_key_required: { to: 'ApiKeyRequired', as: 'bool' },
      operation_name: 'OperationName',
      request_parameters: 'RequestParameters',
    },
  },
  aws_api_gateway_stage: {
    type: 'AWS::ApiGateway::Stage',
    fields: {
      stage_name: 'StageName',
      rest_api_id: 'RestApiId',
      deployment_id: 'DeploymentId',
      cache_cluster_enabled: { to: 'CacheClusterEnabled', as: 'bool' },
      cache_cluster_size: 'CacheClusterSize',
      xray_tracing_enabled: { to: 'TracingEnabled', as: 'bool' },
      client_certificate_id: 'ClientCertificateId',
      variables: 'Variables',
    },
    blocks: { access_log_settings: { to: 'AccessLogSetting', fields: ACCESS_LOG } },
  },
  aws_api_gateway_method_settings: {
    type: 'AWS::ApiGateway::Stage',
    merge: { type: 'AWS::ApiGateway::Stage', by: 'stage_name', match: 'StageName' },
    shape: 'methodSettings',
  },
  aws_api_gateway_request_validator: {
    type: 'AWS::ApiGateway::RequestValidator',
    tags: false,
    fields: {
      name: 'Name',
      rest_api_id: 'RestApiId',
      validate_request_body: { to: 'ValidateRequestBody', as: 'bool' },
      validate_request_parameters: { to: 'ValidateRequestParameters', as: 'bool' },
    },
  },
  aws_api_gateway_authorizer: {
    type: 'AWS::ApiGateway::Authorizer',
    tags: false,
    // The provider's default type is TOKEN; CloudFormation requires Type.
    defaults: { Type: 'TOKEN' },
    fields: {
      name: 'Name',
      rest_api_id: 'RestApiId',
      type: 'Type',
      authorizer_uri: 'AuthorizerUri',
      identity_source: 'IdentitySource',
      provider_arns: 'ProviderARNs',
      authorizer_credentials: 'AuthorizerCredentials',
      authorizer_result_ttl_in_seconds: { to: 'AuthorizerResultTtlInSeconds', as: 'number' },
    },
  },

  // API Gateway (HTTP and WebSocket)
  aws_apigatewayv2_api: {
    type: 'AWS::ApiGatewayV2::Api',
    tags: 'map',
    fields: { name: 'Name', protocol_type: 'ProtocolType', disable_execute_api_endpoint: { to: 'DisableExecuteApiEndpoint', as: 'bool' }, route_selection_expression: 'RouteSelectionExpression' },
    blocks: { cors_configuration: { to: 'CorsConfiguration', fields: CORS } },
  },
  aws_apigatewayv2_route: {
    type: 'AWS::ApiGatewayV2::Route',
    tags: false,
    fields: {
      api_id: 'ApiId',
      route_key: 'RouteKey',
      authorization_type: 'AuthorizationType',
      authorizer_id: 'AuthorizerId',
      authorization_scopes: 'AuthorizationScopes',
      api_key_required: { to: 'ApiKeyRequired', as: 'bool' },
      target: 'Target',
    },
  },
  aws_apigatewayv2_stage: {
    type: 'AWS::ApiGatewayV2::Stage',
    tags: 'map',
    fields: { api_id: 'ApiId', name: 'StageName', auto_deploy: { to: 'AutoDeploy', as: 'bool' } },
    blocks: {
      access_log_settings: { to: 'AccessLogSettings', fields: ACCESS_LOG },
      default_route_settings: {
        to: 'DefaultRouteSettings',
        fields: {
          detailed_metrics_enabled: { to: 'DetailedMetricsEnabled', as: 'bool' },
          logging_level: 'LoggingLevel',
          throttling_burst_limit: { to: 'ThrottlingBurstLimit', as: 'number' },
          throttling_rate_limit: { to: 'ThrottlingRateLimit', as: 'number' },
        },
      },
    },
  },
  aws_apigatewayv2_authorizer: {
    type: 'AWS::ApiGatewayV2::Authorizer',
    tags: false,
    fields: { api_id: 'ApiId', name: 'Name', authorizer_type: 'AuthorizerType', identity_sources: 'IdentitySource', authorizer_uri: 'AuthorizerUri' },
    blocks: { jwt_configuration: { to: 'JwtConfiguration', fields: { audience: 'Audience', issuer: 'Issuer' } } },
  },

  // WAF and CloudFront
  aws_wafv2_web_acl_association: {
    type: 'AWS::WAFv2::WebACLAssociation',
    tags: false,
    fields: { resource_arn: 'ResourceArn', web_acl_arn: 'WebACLArn' },
  },
  aws_cloudfront_distribution: {
    type: 'AWS::CloudFront::Distribution',
    fields: {
      enabled: { to: 'DistributionConfig.Enabled', as: 'bool' },
      web_acl_id: 'DistributionConfig.WebACLId',
      aliases: 'DistributionConfig.Aliases',
      default_root_object: 'DistributionConfig.DefaultRootObject',
      http_version: 'DistributionConfig.HttpVersion',
      price_class: 'DistributionConfig.PriceClass',
    },
    blocks: {
      viewer_certificate: {
        to: 'DistributionConfig.ViewerCertificate',
        fields: {
          acm_certificate_arn: 'AcmCertificateArn',
          cloudfront_default_certificate: { to: 'CloudFrontDefaultCertificate', as: 'bool' },
          iam_certificate_id: 'IamCertificateId',
          minimum_protocol_version: 'MinimumProtocolVersion',
          ssl_support_method: 'SslSupportMethod',
        },
      },
      logging_config: { to: 'DistributionConfig.Logging', fields: { bucket: 'Bucket', include_cookies: { to: 'IncludeCookies', as: 'bool' }, prefix: 'Prefix' } },
      default_cache_behavior: { to: 'DistributionConfig.DefaultCacheBehavior', fields: { target_origin_id: 'TargetOriginId', viewer_protocol_policy: 'ViewerProtocolPolicy', allowed_methods: 'AllowedMethods' } },
      ordered_cache_behavior: { to: 'DistributionConfig.CacheBehaviors', list: true, fields: { path_pattern: 'PathPattern', target_origin_id: 'TargetOriginId', viewer_protocol_policy: 'ViewerProtocolPolicy', allowed_methods: 'AllowedMethods' } },
      origin: {
        to: 'DistributionConfig.Origins',
        list: true,
        fields: { domain_name: 'DomainName', origin_id: 'Id', origin_path: 'OriginPath', origin_access_control_id: 'OriginAccessControlId' },
        blocks: {
          s3_origin_config: { to: 'S3OriginConfig', fields: { origin_access_identity: 'OriginAccessIdentity' } },
          custom_origin_config: { to: 'CustomOriginConfig', fields: { origin_protocol_policy: 'OriginProtocolPolicy', origin_ssl_protocols: 'OriginSSLProtocols', http_port: 'HTTPPort', https_port: 'HTTPSPort' } },
        },
      },
    },
  },

  // Data stores
  aws_dynamodb_table: {
    type: 'AWS::DynamoDB::Table',
    shape: 'dynamodbSseType',
    fields: { name: 'TableName', billing_mode: 'BillingMode', deletion_protection_enabled: { to: 'DeletionProtectionEnabled', as: 'bool' } },
    blocks: {
      point_in_time_recovery: { to: 'PointInTimeRecoverySpecification', fields: { enabled: { to: 'PointInTimeRecoveryEnabled', as: 'bool' } } },
      server_side_encryption: { to: 'SSESpecification', fields: { enabled: { to: 'SSEEnabled', as: 'bool' }, kms_key_arn: 'KMSMasterKeyId' } },
    },
  },
  aws_s3_bucket: {
    type: 'AWS::S3::Bucket',
    fields: { bucket: 'BucketName', acl: { to: 'AccessControl', as: 'cannedAcl' }, object_lock_enabled: { to: 'ObjectLockEnabled', as: 'bool' } },
    // Inline blocks of provider versions before 4.0, still accepted by later ones.
    blocks: {
      versioning: { to: 'VersioningConfiguration', fields: { enabled: { to: 'Status', as: 'versioningStatus' } } },
      logging: { to: 'LoggingConfiguration', fields: { target_bucket: 'DestinationBucketName', target_prefix: 'LogFilePrefix' } },
      server_side_encryption_configuration: { to: '', blocks: { rule: SSE_RULE } },
    },
  },
  aws_s3_bucket_public_access_block: {
    type: 'AWS::S3::Bucket',
    merge: BUCKET_MERGE,
    fields: {
      block_public_acls: { to: 'PublicAccessBlockConfiguration.BlockPublicAcls', as: 'bool' },
      block_public_policy: { to: 'PublicAccessBlockConfiguration.BlockPublicPolicy', as: 'bool' },
      ignore_public_acls: { to: 'PublicAccessBlockConfiguration.IgnorePublicAcls', as: 'bool' },
      restrict_public_buckets: { to: 'PublicAccessBlockConfiguration.RestrictPublicBuckets', as: 'bool' },
    },
  },
  aws_s3_bucket_server_side_encryption_configuration: { type: 'AWS::S3::Bucket', merge: BUCKET_MERGE, blocks: { rule: SSE_RULE } },
  aws_s3_bucket_versioning: {
    type: 'AWS::S3::Bucket',
    merge: BUCKET_MERGE,
    blocks: { versioning_configuration: { to: 'VersioningConfiguration', fields: { status: 'Status' } } },
  },
  aws_s3_bucket_logging: {
    type: 'AWS::S3::Bucket',
    merge: BUCKET_MERGE,
    fields: { target_bucket: 'LoggingConfiguration.DestinationBucketName', target_prefix: 'LoggingConfiguration.LogFilePrefix' },
  },
  aws_s3_bucket_acl: { type: 'AWS::S3::Bucket', merge: BUCKET_MERGE, fields: { acl: { to: 'AccessControl', as: 'cannedAcl' } } },
  aws_s3_bucket_policy: {
    type: 'AWS::S3::BucketPolicy',
    tags: false,
    fields: { bucket: 'Bucket', policy: { to: 'PolicyDocument', as: 'policy' } },
  },

  // Messaging and streaming
  aws_sqs_queue: {
    type: 'AWS::SQS::Queue',
    fields: {
      name: 'QueueName',
      kms_master_key_id: 'KmsMasterKeyId',
      sqs_managed_sse_enabled: { to: 'SqsManagedSseEnabled', as: 'bool' },
      fifo_queue: { to: 'FifoQueue', as: 'bool' },
      message_retention_seconds: { to: 'MessageRetentionPeriod', as: 'number' },
    },
  },
  aws_sqs_queue_policy: {
    type: 'AWS::SQS::QueuePolicy',
    tags: false,
    fields: { queue_url: { to: 'Queues', as: 'list' }, policy: { to: 'PolicyDocument', as: 'policy' } },
  },
  aws_sns_topic: {
    type: 'AWS::SNS::Topic',
    fields: { name: 'TopicName', kms_master_key_id: 'KmsMasterKeyId', fifo_topic: { to: 'FifoTopic', as: 'bool' } },
  },
  aws_sns_topic_policy: {
    type: 'AWS::SNS::TopicPolicy',
    tags: false,
    fields: { arn: { to: 'Topics', as: 'list' }, policy: { to: 'PolicyDocument', as: 'policy' } },
  },
  aws_kinesis_stream: {
    type: 'AWS::Kinesis::Stream',
    fields: { name: 'Name', shard_count: { to: 'ShardCount', as: 'number' }, retention_period: { to: 'RetentionPeriodHours', as: 'number' }, encryption_type: 'StreamEncryption.EncryptionType', kms_key_id: 'StreamEncryption.KeyId' },
  },
  aws_cloudwatch_event_bus: {
    type: 'AWS::Events::EventBus',
    fields: { name: 'Name', kms_key_identifier: 'KmsKeyIdentifier', event_source_name: 'EventSourceName' },
  },

  // Cognito
  aws_cognito_user_pool: {
    type: 'AWS::Cognito::UserPool',
    tags: 'map',
    fields: { name: 'UserPoolName', mfa_configuration: 'MfaConfiguration', deletion_protection: 'DeletionProtection' },
    blocks: {
      password_policy: {
        to: 'Policies.PasswordPolicy',
        fields: {
          minimum_length: { to: 'MinimumLength', as: 'number' },
          require_uppercase: { to: 'RequireUppercase', as: 'bool' },
          require_lowercase: { to: 'RequireLowercase', as: 'bool' },
          require_numbers: { to: 'RequireNumbers', as: 'bool' },
          require_symbols: { to: 'RequireSymbols', as: 'bool' },
          temporary_password_validity_days: { to: 'TemporaryPasswordValidityDays', as: 'number' },
        },
      },
      user_pool_add_ons: { to: 'UserPoolAddOns', fields: { advanced_security_mode: 'AdvancedSecurityMode' } },
    },
  },
  aws_cognito_user_pool_client: {
    type: 'AWS::Cognito::UserPoolClient',
    tags: false,
    fields: {
      name: 'ClientName',
      user_pool_id: 'UserPoolId',
      generate_secret: { to: 'GenerateSecret', as: 'bool' },
      refresh_token_validity: { to: 'RefreshTokenValidity', as: 'number' },
      access_token_validity: { to: 'AccessTokenValidity', as: 'number' },
      id_token_validity: { to: 'IdTokenValidity', as: 'number' },
      explicit_auth_flows: 'ExplicitAuthFlows',
      allowed_oauth_flows: 'AllowedOAuthFlows',
      callback_urls: 'CallbackURLs',
      prevent_user_existence_errors: 'PreventUserExistenceErrors',
    },
    blocks: { token_validity_units: { to: 'TokenValidityUnits', fields: { refresh_token: 'RefreshToken', access_token: 'AccessToken', id_token: 'IdToken' } } },
  },
  aws_cognito_identity_pool: {
    type: 'AWS::Cognito::IdentityPool',
    tags: 'map',
    fields: {
      identity_pool_name: 'IdentityPoolName',
      allow_unauthenticated_identities: { to: 'AllowUnauthenticatedIdentities', as: 'bool' },
      allow_classic_flow: { to: 'AllowClassicFlow', as: 'bool' },
    },
  },

  // Logging, audit and keys
  aws_cloudtrail: {
    type: 'AWS::CloudTrail::Trail',
    // enable_logging defaults to true in the provider; IsLogging is required in CloudFormation.
    defaults: { IsLogging: true },
    fields: {
      name: 'TrailName',
      enable_logging: { to: 'IsLogging', as: 'bool' },
      enable_log_file_validation: { to: 'EnableLogFileValidation', as: 'bool' },
      is_multi_region_trail: { to: 'IsMultiRegionTrail', as: 'bool' },
      include_global_service_events: { to: 'IncludeGlobalServiceEvents', as: 'bool' },
      is_organization_trail: { to: 'IsOrganizationTrail', as: 'bool' },
      kms_key_id: 'KMSKeyId',
      s3_bucket_name: 'S3BucketName',
      cloud_watch_logs_group_arn: 'CloudWatchLogsLogGroupArn',
      cloud_watch_logs_role_arn: 'CloudWatchLogsRoleArn',
    },
  },
  aws_kms_key: {
    type: 'AWS::KMS::Key',
    fields: {
      description: 'Description',
      enable_key_rotation: { to: 'EnableKeyRotation', as: 'bool' },
      policy: { to: 'KeyPolicy', as: 'policy' },
      key_usage: 'KeyUsage',
      customer_master_key_spec: 'KeySpec',
      deletion_window_in_days: { to: 'PendingWindowInDays', as: 'number' },
      is_enabled: { to: 'Enabled', as: 'bool' },
      multi_region: { to: 'MultiRegion', as: 'bool' },
    },
  },
  aws_cloudwatch_log_group: {
    type: 'AWS::Logs::LogGroup',
    fields: { name: 'LogGroupName', retention_in_days: { to: 'RetentionInDays', as: 'number' }, kms_key_id: 'KmsKeyId' },
  },

  // IAM
  aws_iam_role: {
    type: 'AWS::IAM::Role',
    fields: {
      name: 'RoleName',
      path: 'Path',
      description: 'Description',
      assume_role_policy: { to: 'AssumeRolePolicyDocument', as: 'policy' },
      managed_policy_arns: 'ManagedPolicyArns',
      permissions_boundary: 'PermissionsBoundary',
      max_session_duration: { to: 'MaxSessionDuration', as: 'number' },
    },
    blocks: { inline_policy: { to: 'Policies', list: true, fields: { name: 'PolicyName', policy: { to: 'PolicyDocument', as: 'policy' } } } },
  },
  aws_iam_policy: {
    type: 'AWS::IAM::ManagedPolicy',
    fields: { name: 'ManagedPolicyName', path: 'Path', description: 'Description', policy: { to: 'PolicyDocument', as: 'policy' } },
  },
  aws_iam_role_policy: {
    type: 'AWS::IAM::Policy',
    tags: false,
    fields: { name: 'PolicyName', role: { to: 'Roles', as: 'list' }, policy: { to: 'PolicyDocument', as: 'policy' } },
  },
  aws_iam_user_policy: {
    type: 'AWS::IAM::Policy',
    tags: false,
    fields: { name: 'PolicyName', user: { to: 'Users', as: 'list' }, policy: { to: 'PolicyDocument', as: 'policy' } },
  },
  aws_iam_group_policy: {
    type: 'AWS::IAM::Policy',
    tags: false,
    fields: { name: 'PolicyName', group: { to: 'Groups', as: 'list' }, policy: { to: 'PolicyDocument', as: 'policy' } },
  },
  aws_iam_role_policy_attachment: {
    type: 'AWS::IAM::Role',
    merge: { type: 'AWS::IAM::Role', by: 'role', match: 'RoleName' },
    fields: { policy_arn: { to: 'ManagedPolicyArns', as: 'list' } },
  },
  aws_iam_user_policy_attachment: {
    type: 'AWS::IAM::User',
    merge: { type: 'AWS::IAM::User', by: 'user', match: 'UserName' },
    fields: { policy_arn: { to: 'ManagedPolicyArns', as: 'list' } },
  },
  aws_iam_group_policy_attachment: {
    type: 'AWS::IAM::Group',
    merge: { type: 'AWS::IAM::Group', by: 'group', match: 'GroupName' },
    fields: { policy_arn: { to: 'ManagedPolicyArns', as: 'list' } },
  },
  aws_iam_user: {
    type: 'AWS::IAM::User',
    fields: { name: 'UserName', path: 'Path', permissions_boundary: 'PermissionsBoundary' },
  },
  aws_iam_group: {
    type: 'AWS::IAM::Group',
    tags: false,
    fields: { name: 'GroupName', path: 'Path' },
  },
  aws_iam_access_key: {
    type: 'AWS::IAM::AccessKey',
    tags: false,
    fields: { user: 'UserName', status: 'Status' },
  },

  // EC2 compute
  aws_instance: {
    type: 'AWS::EC2::Instance',
    shape: 'instancePublicIp',
    fields: {
      ami: 'ImageId',
      instance_type: 'InstanceType',
      subnet_id: 'SubnetId',
      vpc_security_group_ids: 'SecurityGroupIds',
      security_groups: 'SecurityGroups',
      iam_instance_profile: 'IamInstanceProfile',
      key_name: 'KeyName',
      user_data: 'UserData',
      user_data_base64: { to: 'UserData', as: 'base64Text' },
    },
    blocks: {
      metadata_options: { to: 'MetadataOptions', fields: METADATA_OPTIONS },
      launch_template: { to: 'LaunchTemplate', fields: { id: 'LaunchTemplateId', name: 'LaunchTemplateName', version: 'Version' } },
      ...EBS_DEVICES,
    },
  },
  aws_launch_template: {
    type: 'AWS::EC2::LaunchTemplate',
    // Tags of the template itself are TagSpecifications in CloudFormation; no rule reads them.
    tags: false,
    fields: {
      name: 'LaunchTemplateName',
      image_id: 'LaunchTemplateData.ImageId',
      instance_type: 'LaunchTemplateData.InstanceType',
      key_name: 'LaunchTemplateData.KeyName',
      vpc_security_group_ids: 'LaunchTemplateData.SecurityGroupIds',
      // The provider requires base64 here; CloudFormation rules read the decoded text.
      user_data: { to: 'LaunchTemplateData.UserData', as: 'base64Text' },
    },
    blocks: {
      metadata_options: { to: 'LaunchTemplateData.MetadataOptions', fields: METADATA_OPTIONS },
      network_interfaces: {
        to: 'LaunchTemplateData.NetworkInterfaces',
        list: true,
        fields: {
          associate_public_ip_address: { to: 'AssociatePublicIpAddress', as: 'bool' },
          device_index: { to: 'DeviceIndex', as: 'number' },
          subnet_id: 'SubnetId',
          security_groups: 'Groups',
        },
      },
      block_device_mappings: {
        to: 'LaunchTemplateData.BlockDeviceMappings',
        list: true,
        fields: { device_name: 'DeviceName', no_device: 'NoDevice', virtual_name: 'VirtualName' },
        blocks: {
          ebs: {
            to: 'Ebs',
            fields: {
              encrypted: { to: 'Encrypted', as: 'bool' },
              kms_key_id: 'KmsKeyId',
              snapshot_id: 'SnapshotId',
              volume_size: { to: 'VolumeSize', as: 'number' },
              volume_type: 'VolumeType',
            },
          },
        },
      },
    },
  },
  aws_launch_configuration: {
    type: 'AWS::AutoScaling::LaunchConfiguration',
    tags: false,
    fields: {
      name: 'LaunchConfigurationName',
      image_id: 'ImageId',
      instance_type: 'InstanceType',
      security_groups: 'SecurityGroups',
      associate_public_ip_address: { to: 'AssociatePublicIpAddress', as: 'bool' },
      user_data: 'UserData',
      user_data_base64: { to: 'UserData', as: 'base64Text' },
    },
    blocks: { metadata_options: { to: 'MetadataOptions', fields: METADATA_OPTIONS }, ...EBS_DEVICES },
  },
  aws_ebs_volume: {
    type: 'AWS::EC2::Volume',
    fields: {
      availability_zone: 'AvailabilityZone',
      encrypted: { to: 'Encrypted', as: 'bool' },
      kms_key_id: 'KmsKeyId',
      snapshot_id: 'SnapshotId',
      size: { to: 'Size', as: 'number' },
      type: 'VolumeType',
    },
  },

  // VPC networking
  aws_vpc: {
    type: 'AWS::EC2::VPC',
    fields: {
      cidr_block: 'CidrBlock',
      enable_dns_support: { to: 'EnableDnsSupport', as: 'bool' },
      enable_dns_hostnames: { to: 'EnableDnsHostnames', as: 'bool' },
      instance_tenancy: 'InstanceTenancy',
    },
  },
  aws_subnet: {
    type: 'AWS::EC2::Subnet',
    fields: { vpc_id: 'VpcId', cidr_block: 'CidrBlock', availability_zone: 'AvailabilityZone', map_public_ip_on_launch: { to: 'MapPublicIpOnLaunch', as: 'bool' } },
  },
  aws_flow_log: {
    type: 'AWS::EC2::FlowLog',
    // One of these names the resource whose traffic is logged (CloudFormation's ResourceId).
    fields: {
      vpc_id: 'ResourceId',
      subnet_id: 'ResourceId',
      eni_id: 'ResourceId',
      transit_gateway_id: 'ResourceId',
      transit_gateway_attachment_id: 'ResourceId',
      traffic_type: 'TrafficType',
      log_destination: 'LogDestination',
      log_destination_type: 'LogDestinationType',
      log_group_name: 'LogGroupName',
      iam_role_arn: 'DeliverLogsPermissionArn',
    },
  },
  aws_security_group: {
    type: 'AWS::EC2::SecurityGroup',
    shape: 'securityGroupRules',
    fields: { name: 'GroupName', description: 'GroupDescription', vpc_id: 'VpcId' },
  },
  aws_security_group_rule: {
    type: 'AWS::EC2::SecurityGroup',
    tags: false,
    // Merged only into the group it references (`GroupId` is never a property, so no literal id matches).
    merge: { type: 'AWS::EC2::SecurityGroup', by: 'security_group_id', match: 'GroupId' },
    shape: 'securityGroupRule',
  },
  aws_vpc_security_group_ingress_rule: {
    type: 'AWS::EC2::SecurityGroupIngress',
    tags: false,
    fields: {
      security_group_id: 'GroupId',
      ip_protocol: 'IpProtocol',
      from_port: { to: 'FromPort', as: 'number' },
      to_port: { to: 'ToPort', as: 'number' },
      cidr_ipv4: 'CidrIp',
      cidr_ipv6: 'CidrIpv6',
      referenced_security_group_id: 'SourceSecurityGroupId',
      prefix_list_id: 'SourcePrefixListId',
      description: 'Description',
    },
  },

  // RDS
  aws_db_instance: {
    type: 'AWS::RDS::DBInstance',
    fields: {
      ...RDS_COMMON,
      identifier: 'DBInstanceIdentifier',
      instance_class: 'DBInstanceClass',
      vpc_security_group_ids: 'VPCSecurityGroups',
      allocated_storage: 'AllocatedStorage',
      db_name: 'DBName',
      username: 'MasterUsername',
      password: 'MasterUserPassword',
      multi_az: { to: 'MultiAZ', as: 'bool' },
      replicate_source_db: 'SourceDBInstanceIdentifier',
      snapshot_identifier: 'DBSnapshotIdentifier',
    },
  },
  aws_rds_cluster_instance: {
    type: 'AWS::RDS::DBInstance',
    // An Aurora instance: encryption, backups, deletion protection and IAM authentication are the cluster's.
    fields: {
      identifier: 'DBInstanceIdentifier',
      cluster_identifier: 'DBClusterIdentifier',
      instance_class: 'DBInstanceClass',
      engine: 'Engine',
      publicly_accessible: { to: 'PubliclyAccessible', as: 'bool' },
      auto_minor_version_upgrade: { to: 'AutoMinorVersionUpgrade', as: 'bool' },
      db_subnet_group_name: 'DBSubnetGroupName',
    },
  },
  aws_rds_cluster: {
    type: 'AWS::RDS::DBCluster',
    fields: {
      ...RDS_COMMON,
      cluster_identifier: 'DBClusterIdentifier',
      vpc_security_group_ids: 'VpcSecurityGroupIds',
      engine_mode: 'EngineMode',
      database_name: 'DatabaseName',
      master_username: 'MasterUsername',
      master_password: 'MasterUserPassword',
      snapshot_identifier: 'SnapshotIdentifier',
      replication_source_identifier: 'ReplicationSourceIdentifier',
    },
  },

  // ECS
  aws_ecs_task_definition: {
    type: 'AWS::ECS::TaskDefinition',
    fields: {
      family: 'Family',
      network_mode: 'NetworkMode',
      requires_compatibilities: 'RequiresCompatibilities',
      cpu: 'Cpu',
      memory: 'Memory',
      task_role_arn: 'TaskRoleArn',
      execution_role_arn: 'ExecutionRoleArn',
      container_definitions: { to: 'ContainerDefinitions', as: 'containerDefinitions' },
    },
  },

  // CodeBuild
  aws_codebuild_project: {
    type: 'AWS::CodeBuild::Project',
    fields: { name: 'Name', service_role: 'ServiceRole', encryption_key: 'EncryptionKey', badge_enabled: { to: 'BadgeEnabled', as: 'bool' } },
    blocks: {
      source: {
        to: 'Source',
        fields: {
          type: 'Type',
          location: 'Location',
          buildspec: 'BuildSpec',
          report_build_status: { to: 'ReportBuildStatus', as: 'bool' },
          git_clone_depth: { to: 'GitCloneDepth', as: 'number' },
          insecure_ssl: { to: 'InsecureSsl', as: 'bool' },
        },
      },
      environment: {
        to: 'Environment',
        fields: {
          compute_type: 'ComputeType',
          image: 'Image',
          type: 'Type',
          privileged_mode: { to: 'PrivilegedMode', as: 'bool' },
          image_pull_credentials_type: 'ImagePullCredentialsType',
        },
        blocks: { environment_variable: { to: 'EnvironmentVariables', list: true, fields: { name: 'Name', value: 'Value', type: 'Type' } } },
      },
      artifacts: { to: 'Artifacts', fields: { type: 'Type', location: 'Location', encryption_disabled: { to: 'EncryptionDisabled', as: 'bool' } } },
      logs_config: {
        to: 'LogsConfig',
        blocks: {
          cloudwatch_logs: { to: 'CloudWatchLogs', fields: { status: 'Status', group_name: 'GroupName' } },
          s3_logs: { to: 'S3Logs', fields: { status: 'Status', location: 'Location', encryption_disabled: { to: 'EncryptionDisabled', as: 'bool' } } },
        },
      },
      vpc_config: { to: 'VpcConfig', fields: { vpc_id: 'VpcId', subnets: 'Subnets', security_group_ids: 'SecurityGroupIds' } },
    },
  },
  aws_codebuild_webhook: {
    type: 'AWS::CodeBuild::Project',
    merge: { type: 'AWS::CodeBuild::Project', by: 'project_name', match: 'Name' },
    shape: 'webhookTriggers',
  },
};
