/**
 * `userIdentity` shapes as CloudTrail writes them
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html),
 * checked against the Stratus Red Team recordings: IAM users with long-term keys, console
 * sessions, assumed roles (including EC2 instance credentials with `ec2RoleDelivery` and
 * web-identity sessions), AWS services, other accounts and the root user.
 */

/** Who makes a call: the `userIdentity` JSON plus the ARN used in AccessDenied messages. */
export interface Actor {
  identity: Record<string, unknown>;
  /** ARN named in error messages (`User: <arn> is not authorized ...`). */
  arn: string;
  /** IAM user name, when the caller is a user (fills `{userName}`). */
  userName?: string;
}

/** A CloudTrail `sessionContext.attributes.creationDate` (ISO 8601, seconds). */
export const isoSeconds = (ms: number): string => new Date(ms - (ms % 1000)).toISOString().replace('.000Z', 'Z');

/** An IAM user calling with a long-term key (AKIA...) or a console session key (ASIA..., `mfaAuthenticated`). */
export function iamUser(
  account: string,
  userName: string,
  principalId: string,
  accessKeyId: string | undefined,
  consoleSession?: { creationMs: number; mfa: boolean },
): Actor {
  const arn = `arn:aws:iam::${account}:user/${userName}`;
  const identity: Record<string, unknown> = { type: 'IAMUser', principalId, arn, accountId: account };
  if (accessKeyId) identity.accessKeyId = accessKeyId;
  identity.userName = userName;
  if (consoleSession) {
    identity.sessionContext = {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(consoleSession.creationMs), mfaAuthenticated: String(consoleSession.mfa) },
    };
  }
  return { identity, arn, userName };
}

/** Options of an assumed-role session identity. */
export interface RoleSession {
  account: string;
  roleName: string;
  roleId: string;
  sessionName: string;
  accessKeyId: string;
  creationMs: number;
  /** EC2 instance-profile credentials carry `ec2RoleDelivery` (`"2.0"` with IMDSv2). */
  ec2RoleDelivery?: string;
  /** Web-identity sessions name their provider. */
  federatedProvider?: string;
  /** Path of the role (`/` by default). */
  path?: string;
}

/** The ARN of a role session: `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
export const sessionArn = (s: { account: string; roleName: string; sessionName: string }): string =>
  `arn:aws:sts::${s.account}:assumed-role/${s.roleName}/${s.sessionName}`;

/** A role session calling with temporary credentials (ASIA...). */
export function assumedRole(s: RoleSession): Actor {
  const arn = sessionArn(s);
  const sessionContext: Record<string, unknown> = {
    sessionIssuer: { type: 'Role', principalId: s.roleId, arn: `arn:aws:iam::${s.account}:role${s.path ?? '/'}${s.roleName}`, accountId: s.account, userName: s.roleName },
    webIdFederationData: s.federatedProvider ? { federatedProvider: s.federatedProvider, attributes: {} } : {},
    attributes: { creationDate: isoSeconds(s.creationMs), mfaAuthenticated: 'false' },
  };
  if (s.ec2RoleDelivery) sessionContext.ec2RoleDelivery = s.ec2RoleDelivery;
  return {
    identity: { type: 'AssumedRole', principalId: `${s.roleId}:${s.sessionName}`, arn, accountId: s.account, accessKeyId: s.accessKeyId, sessionContext },
    arn,
  };
}

/** An AWS service acting itself (`type: AWSService`), e.g. `lambda.amazonaws.com` assuming an execution role. */
export function awsService(invokedBy: string): Actor {
  return { identity: { type: 'AWSService', invokedBy }, arn: invokedBy };
}

/** A principal of another account, as the callee account sees it (`type: AWSAccount`). */
export function otherAccount(accountId: string, principalId: string): Actor {
  return { identity: { type: 'AWSAccount', principalId, accountId }, arn: `arn:aws:iam::${accountId}:root` };
}

/** The GitHub Actions OIDC caller of AssumeRoleWithWebIdentity (`type: WebIdentityUser`). */
export function webIdentityUser(account: string, subject: string): Actor {
  const provider = `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
  return {
    identity: { type: 'WebIdentityUser', principalId: `${provider}:sts.amazonaws.com:${subject}`, userName: subject, identityProvider: provider },
    arn: provider,
  };
}

/** The account root user (`type: Root`). */
export function root(account: string, accessKeyId?: string): Actor {
  const identity: Record<string, unknown> = { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account };
  if (accessKeyId) identity.accessKeyId = accessKeyId;
  return { identity, arn: `arn:aws:iam::${account}:root` };
}
