/**
 * The `cloudtrail` table of a case's evidence store (DuckDB), as data.
 *
 * Column names and meanings follow the standard Amazon Athena CloudTrail table
 * (https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html, "Create the table for
 * CloudTrail logs in Athena using manual partitioning") so that one detection can be
 * rendered as SQL for both engines. Field meanings:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 *
 * Differences from the Athena table, all deliberate, for a SQL generator to account for:
 *
 * | column | Athena | DuckDB here | Athena predicate ⇔ DuckDB predicate |
 * |---|---|---|---|
 * | `eventtime` | `STRING` (ISO 8601) | `TIMESTAMP` (UTC, µs) | `from_iso8601_timestamp(eventtime) >= TIMESTAMP '…'` ⇔ `eventtime >= TIMESTAMP '…'` |
 * | `requestparameters`, `responseelements`, `additionaleventdata`, `serviceeventdetails` | `STRING` (JSON text) | `JSON` | `json_extract_scalar(requestparameters, '$.userName')` ⇔ `requestparameters->>'$.userName'` |
 * | `readonly` | `STRING` (`'true'`/`'false'`) | `BOOLEAN` | `readonly = 'false'` ⇔ `readonly = false` |
 * | `useridentity` | `STRUCT<…>` | the same `STRUCT` (DuckDB struct fields are case-insensitive, so `useridentity.sessioncontext.sessionissuer.arn` works in both), `webIdFederationData` kept as `JSON` | |
 * | `resources`, `tlsdetails` | `ARRAY<STRUCT<…>>`, `STRUCT<…>` | `STRUCT(…)[]`, `STRUCT(…)` | `cardinality(resources)` ⇔ `len(resources)` |
 *
 * DuckDB-only columns: the identity fields detections filter on, flattened
 * (`useridentity_type`, `useridentity_arn`, `useridentity_accountid`,
 * `useridentity_accesskeyid`, `useridentity_principalid`, `useridentity_username`,
 * `useridentity_invokedby`, `sessionissuer_arn`, `sessionissuer_username`,
 * `mfaauthenticated` BOOLEAN), and the evidence origin (`source_file`: the path as given
 * to ingest, `source_index`: the record's 0-based position in that file). In Athena the
 * flattened columns are the struct paths given in {@link CloudTrailColumn.athena}.
 */

/** One column of the `cloudtrail` table. */
export interface CloudTrailColumn {
  /** Column name (lower case, as in the Athena table). */
  name: string;
  /** DuckDB type. */
  type: string;
  /**
   * SQL (DuckDB) computing the column from `x`, the record transformed by
   * {@link RECORD_STRUCTURE}; for example `x.eventID`.
   */
  from: string;
  /** The Athena equivalent: the column's type in the Athena DDL, or the expression a flattened column stands for. */
  athena: string;
  description: string;
}

const SESSION_ISSUER = 'STRUCT("type" VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR)';
/** `useridentity`: Athena's struct, with `webIdFederationData` as JSON. */
export const USER_IDENTITY_TYPE =
  'STRUCT("type" VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, invokedBy VARCHAR, accessKeyId VARCHAR, userName VARCHAR, ' +
  'onBehalfOf STRUCT(userId VARCHAR, identityStoreArn VARCHAR), ' +
  `sessionContext STRUCT(attributes STRUCT(mfaAuthenticated VARCHAR, creationDate VARCHAR), sessionIssuer ${SESSION_ISSUER}, ` +
  'sourceIdentity VARCHAR, ec2RoleDelivery VARCHAR, webIdFederationData JSON))';
const RESOURCES_TYPE = 'STRUCT(ARN VARCHAR, accountId VARCHAR, "type" VARCHAR)[]';
const TLS_TYPE = 'STRUCT(tlsVersion VARCHAR, cipherSuite VARCHAR, clientProvidedHostHeader VARCHAR)';

/** The columns, in table order. */
export const CLOUDTRAIL_COLUMNS: readonly CloudTrailColumn[] = [
  { name: 'eventversion', type: 'VARCHAR', from: 'x.eventVersion', athena: 'STRING', description: 'Record format version, e.g. `1.09`.' },
  { name: 'useridentity', type: USER_IDENTITY_TYPE, from: 'x.userIdentity', athena: 'STRUCT<…>', description: 'Who made the request.' },
  {
    name: 'eventtime',
    type: 'TIMESTAMP',
    // A present but unparseable date becomes -infinity so ingest can tell it from a missing
    // one when it moves malformed rows out; no stored row keeps either.
    from: "CASE WHEN x.eventTime IS NULL THEN NULL ELSE coalesce(TRY_CAST(x.eventTime AS TIMESTAMPTZ)::TIMESTAMP, '-infinity'::TIMESTAMP) END",
    athena: 'STRING',
    description: 'When the request completed, UTC.',
  },
  { name: 'eventsource', type: 'VARCHAR', from: 'x.eventSource', athena: 'STRING', description: 'Service endpoint, e.g. `iam.amazonaws.com`.' },
  { name: 'eventname', type: 'VARCHAR', from: 'x.eventName', athena: 'STRING', description: 'API operation, e.g. `CreateAccessKey`.' },
  { name: 'awsregion', type: 'VARCHAR', from: 'x.awsRegion', athena: 'STRING', description: 'Region the request went to.' },
  { name: 'sourceipaddress', type: 'VARCHAR', from: 'x.sourceIPAddress', athena: 'STRING', description: 'Caller IP, or the calling service name (`lambda.amazonaws.com`).' },
  { name: 'useragent', type: 'VARCHAR', from: 'x.userAgent', athena: 'STRING', description: 'Caller user agent.' },
  { name: 'errorcode', type: 'VARCHAR', from: 'x.errorCode', athena: 'STRING', description: 'AWS error code when the request failed, e.g. `AccessDenied`.' },
  { name: 'errormessage', type: 'VARCHAR', from: 'x.errorMessage', athena: 'STRING', description: 'AWS error message when the request failed.' },
  { name: 'requestparameters', type: 'JSON', from: 'x.requestParameters', athena: 'STRING', description: 'Request parameters as JSON.' },
  { name: 'responseelements', type: 'JSON', from: 'x.responseElements', athena: 'STRING', description: 'Response elements as JSON (e.g. minted access keys).' },
  { name: 'additionaleventdata', type: 'JSON', from: 'x.additionalEventData', athena: 'STRING', description: 'Additional event data as JSON (e.g. `MFAUsed` of console logins).' },
  { name: 'requestid', type: 'VARCHAR', from: 'x.requestID', athena: 'STRING', description: 'Service-generated request id.' },
  { name: 'eventid', type: 'VARCHAR', from: 'x.eventID', athena: 'STRING', description: 'CloudTrail event id; the deduplication key.' },
  { name: 'resources', type: RESOURCES_TYPE, from: 'x.resources', athena: 'ARRAY<STRUCT<arn:STRING, accountId:STRING, type:STRING>>', description: 'Resources the event names.' },
  { name: 'eventtype', type: 'VARCHAR', from: 'x.eventType', athena: 'STRING', description: '`AwsApiCall`, `AwsConsoleSignIn`, `AwsServiceEvent`, …' },
  { name: 'apiversion', type: 'VARCHAR', from: 'x.apiVersion', athena: 'STRING', description: 'API version (some services only).' },
  { name: 'readonly', type: 'BOOLEAN', from: 'x.readOnly', athena: 'STRING', description: 'Whether the operation is read-only.' },
  { name: 'recipientaccountid', type: 'VARCHAR', from: 'x.recipientAccountId', athena: 'STRING', description: 'Account that received the event.' },
  { name: 'serviceeventdetails', type: 'JSON', from: 'x.serviceEventDetails', athena: 'STRING', description: 'Details of service events as JSON.' },
  { name: 'sharedeventid', type: 'VARCHAR', from: 'x.sharedEventID', athena: 'STRING', description: 'Id shared by the copies of a cross-account event.' },
  { name: 'vpcendpointid', type: 'VARCHAR', from: 'x.vpcEndpointId', athena: 'STRING', description: 'VPC endpoint the request came through.' },
  { name: 'vpcendpointaccountid', type: 'VARCHAR', from: 'x.vpcEndpointAccountId', athena: 'STRING', description: 'Owner account of that VPC endpoint.' },
  { name: 'eventcategory', type: 'VARCHAR', from: 'x.eventCategory', athena: 'STRING', description: '`Management`, `Data`, `Insight`, `NetworkActivity`.' },
  { name: 'managementevent', type: 'BOOLEAN', from: 'x.managementEvent', athena: '(not in the Athena table)', description: 'Whether it is a management event.' },
  { name: 'sessioncredentialfromconsole', type: 'VARCHAR', from: 'x.sessionCredentialFromConsole', athena: 'STRING', description: '`true` when the session credentials came from the console.' },
  { name: 'tlsdetails', type: TLS_TYPE, from: 'x.tlsDetails', athena: 'STRUCT<tlsVersion:STRING, cipherSuite:STRING, clientProvidedHostHeader:STRING>', description: 'TLS of the request.' },
  // Flattened identity fields (DuckDB only; the Athena column is the struct path).
  { name: 'useridentity_type', type: 'VARCHAR', from: 'x.userIdentity."type"', athena: 'useridentity.type', description: '`Root`, `IAMUser`, `AssumedRole`, `FederatedUser`, `AWSService`, …' },
  { name: 'useridentity_arn', type: 'VARCHAR', from: 'x.userIdentity.arn', athena: 'useridentity.arn', description: 'Caller ARN.' },
  { name: 'useridentity_accountid', type: 'VARCHAR', from: 'x.userIdentity.accountId', athena: 'useridentity.accountid', description: 'Caller account.' },
  { name: 'useridentity_accesskeyid', type: 'VARCHAR', from: 'x.userIdentity.accessKeyId', athena: 'useridentity.accesskeyid', description: 'Access key used (AKIA… long-term, ASIA… temporary).' },
  { name: 'useridentity_principalid', type: 'VARCHAR', from: 'x.userIdentity.principalId', athena: 'useridentity.principalid', description: 'Caller principal id.' },
  { name: 'useridentity_username', type: 'VARCHAR', from: 'x.userIdentity.userName', athena: 'useridentity.username', description: 'IAM user name (IAMUser, Root alias).' },
  { name: 'useridentity_invokedby', type: 'VARCHAR', from: 'x.userIdentity.invokedBy', athena: 'useridentity.invokedby', description: 'Service acting on the caller’s behalf.' },
  { name: 'sessionissuer_arn', type: 'VARCHAR', from: 'x.userIdentity.sessionContext.sessionIssuer.arn', athena: 'useridentity.sessioncontext.sessionissuer.arn', description: 'Role (or user) that issued the session.' },
  { name: 'sessionissuer_username', type: 'VARCHAR', from: 'x.userIdentity.sessionContext.sessionIssuer.userName', athena: 'useridentity.sessioncontext.sessionissuer.username', description: 'Name of that role or user.' },
  {
    name: 'mfaauthenticated',
    type: 'BOOLEAN',
    from: 'TRY_CAST(x.userIdentity.sessionContext.attributes.mfaAuthenticated AS BOOLEAN)',
    athena: "useridentity.sessioncontext.attributes.mfaauthenticated = 'true'",
    description: 'Whether the session was MFA-authenticated (absent: NULL).',
  },
  // Evidence origin.
  { name: 'source_file', type: 'VARCHAR', from: 'source_file', athena: '"$path"', description: 'File the record was read from.' },
  { name: 'source_index', type: 'INTEGER', from: 'source_index', athena: '(none)', description: '0-based position of the record in that file (line number − 1 for JSON lines).' },
];

/**
 * `json_transform` structure turning one raw record (JSON) into the struct `x` the column
 * expressions read: the record's own camelCase keys, each with the type it is stored as.
 * eventTime stays text here so a bad date is reported, not turned into an error.
 */
export const RECORD_STRUCTURE: Readonly<Record<string, string>> = {
  eventVersion: 'VARCHAR',
  userIdentity: USER_IDENTITY_TYPE,
  eventTime: 'VARCHAR',
  eventSource: 'VARCHAR',
  eventName: 'VARCHAR',
  awsRegion: 'VARCHAR',
  sourceIPAddress: 'VARCHAR',
  userAgent: 'VARCHAR',
  errorCode: 'VARCHAR',
  errorMessage: 'VARCHAR',
  requestParameters: 'JSON',
  responseElements: 'JSON',
  additionalEventData: 'JSON',
  requestID: 'VARCHAR',
  eventID: 'VARCHAR',
  resources: RESOURCES_TYPE,
  eventType: 'VARCHAR',
  apiVersion: 'VARCHAR',
  readOnly: 'BOOLEAN',
  recipientAccountId: 'VARCHAR',
  serviceEventDetails: 'JSON',
  sharedEventID: 'VARCHAR',
  vpcEndpointId: 'VARCHAR',
  vpcEndpointAccountId: 'VARCHAR',
  eventCategory: 'VARCHAR',
  managementEvent: 'BOOLEAN',
  sessionCredentialFromConsole: 'VARCHAR',
  tlsDetails: TLS_TYPE,
};

/** DuckDB DDL of the `cloudtrail` table (idempotent). */
export const CLOUDTRAIL_TABLE_DDL = `CREATE TABLE IF NOT EXISTS cloudtrail (\n${CLOUDTRAIL_COLUMNS.map((c) => `  ${c.name} ${c.type}`).join(',\n')}\n)`;

/**
 * The Athena table the same detections run against (the AWS documentation's manual
 * partitioning DDL, abridged to the columns above). `LOCATION` is the trail's S3 prefix.
 */
export const ATHENA_CLOUDTRAIL_DDL = `CREATE EXTERNAL TABLE cloudtrail (
  eventversion STRING,
  useridentity STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, invokedby:STRING, accesskeyid:STRING, username:STRING,
    onbehalfof:STRUCT<userid:STRING, identitystorearn:STRING>,
    sessioncontext:STRUCT<attributes:STRUCT<mfaauthenticated:STRING, creationdate:STRING>,
      sessionissuer:STRUCT<type:STRING, principalid:STRING, arn:STRING, accountid:STRING, username:STRING>,
      ec2roledelivery:STRING, webidfederationdata:STRUCT<federatedprovider:STRING, attributes:MAP<STRING,STRING>>, sourceidentity:STRING>>,
  eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING, useragent STRING,
  errorcode STRING, errormessage STRING, requestparameters STRING, responseelements STRING, additionaleventdata STRING,
  requestid STRING, eventid STRING, resources ARRAY<STRUCT<arn:STRING, accountid:STRING, type:STRING>>, eventtype STRING,
  apiversion STRING, readonly STRING, recipientaccountid STRING, serviceeventdetails STRING, sharedeventid STRING,
  vpcendpointid STRING, vpcendpointaccountid STRING, eventcategory STRING, sessioncredentialfromconsole STRING,
  tlsdetails STRUCT<tlsversion:STRING, ciphersuite:STRING, clientprovidedhostheader:STRING>
)
PARTITIONED BY (region STRING, year STRING, month STRING, day STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://<bucket>/AWSLogs/<account>/CloudTrail/'`;

/**
 * Evidence other than CloudTrail, kept whole as loaded (`aws iam
 * get-account-authorization-details`, `aws ec2 describe-instances`, GuardDuty / Security Hub
 * findings): small documents the analysis parses when it runs. `source_file` is the
 * absolute path; re-loading a file replaces its row.
 */
export const DOCUMENTS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS documents (
  kind VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  body JSON NOT NULL
)`;

/**
 * Cost evidence, one row per (day, service, region, resource) line of a Cost and Usage
 * Report, a Cost Explorer CSV download or `aws ce get-cost-and-usage` output
 * (./cost.ts). `amount` is the unblended cost in `currency`; `day` is the usage day (UTC).
 */
export const COST_TABLE_DDL = `CREATE TABLE IF NOT EXISTS cost_lines (
  day DATE NOT NULL,
  account VARCHAR,
  service VARCHAR NOT NULL,
  region VARCHAR,
  resource_id VARCHAR,
  usage_type VARCHAR,
  amount DOUBLE NOT NULL,
  currency VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL
)`;

/** All DDL run by `EvidenceStore.open`, in order. */
export const EVIDENCE_SCHEMA: readonly string[] = [CLOUDTRAIL_TABLE_DDL, DOCUMENTS_TABLE_DDL, COST_TABLE_DDL];
