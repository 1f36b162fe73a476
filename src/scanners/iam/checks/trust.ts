/**
 * Checks of role trust policies (AssumeRolePolicyDocument): roles anyone can assume,
 * cross-account trust without an external ID (confused deputy,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html), and GitHub
 * Actions OIDC trust that does not pin the repository or the audience
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services).
 */
import { Unknown } from '../../iac/graph.js';
import type { Severity } from '../../../core/severity.js';
import type { Condition, Policy, PolicyString, Statement } from '../model.js';
import { parseArn } from '../patterns.js';
import { type IamIssue, statementIssue } from './issue.js';
import { conditionsOn, coversAction, isLikeOperator, isNarrowing, isRestricting, isWildcardValue, label, principalValues, publicPrincipal, shown } from './statements.js';

/** The GitHub Actions OIDC issuer host, which is also the prefix of its condition keys. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
const SUB_KEY = `${GITHUB_OIDC_HOST}:sub`;
const AUD_KEY = `${GITHUB_OIDC_HOST}:aud`;

/** How much of GitHub a `sub` value admits: 0 one repository, 1 every repository of an owner, 2 any owner. */
export type SubjectBreadth = 0 | 1 | 2;

/**
 * Breadth of one `token.actions.githubusercontent.com:sub` value. Only …Like operators
 * give `*`/`?` a meaning; `Unknown` values are assumed specific. Subjects look like
 * `repo:OWNER/REPO:ref:refs/heads/main` or `repo:OWNER/REPO:environment:prod`; a value in
 * another (customised) format counts as "any owner" only when it starts with a wildcard.
 */
export function subjectBreadth(condition: Condition, value: PolicyString): SubjectBreadth {
  if (typeof value !== 'string' || !isLikeOperator(condition)) return 0;
  if (/^[*?]/.test(value)) return 2;
  if (!value.startsWith('repo:')) return 0;
  const [owner = '', repo] = (value.slice(5).split(':')[0] ?? '').split('/');
  if (owner === '' || /[*?]/.test(owner)) return 2;
  if (repo === undefined || repo === '' || /[*?]/.test(repo)) return 1;
  return 0;
}

/** True when a Federated principal or a condition key points at GitHub's OIDC provider. */
function trustsGitHubOidc(statement: Statement): boolean {
  const federated = principalValues(statement.principals, 'Federated');
  const named = federated.some((p) => (p instanceof Unknown ? p.expression : p).includes(GITHUB_OIDC_HOST));
  return named || statement.conditions.some((c) => c.key.toLowerCase().startsWith(`${GITHUB_OIDC_HOST}:`));
}

/** 12-digit account id of an AWS principal (`123456789012`, `arn:aws:iam::123456789012:root`, a role/user ARN). */
export function principalAccount(principal: PolicyString): string | undefined {
  if (typeof principal !== 'string') return undefined;
  if (/^\d{12}$/.test(principal)) return principal;
  const arn = parseArn(principal);
  return arn && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}

/** Issues of one Allow statement of a trust policy. `accountId`: the role's own account, when known. */
export function checkTrustStatement(policy: Policy, statement: Statement, index: number, keys: ReadonlySet<string>, accountId?: string): IamIssue[] {
  if (statement.effect !== 'Allow') return [];
  const issues: IamIssue[] = [];
  const add = (ruleId: string, severity: Severity, message: string, details: IamIssue['details'] = {}) =>
    issues.push(statementIssue(policy, statement, index, { ruleId, severity, message, details }));
  const restricted = statement.conditions.some((c) => isRestricting(c, keys));

  const open = publicPrincipal(statement);
  if (open && !restricted) {
    add('iam.trust-public-principal', 'critical', `Trust statement ${label(statement, index)} lets anyone assume the role (${open}) with no condition restricting the caller's account, organization or ARN.`, {
      principal: open,
    });
  }

  if (coversAction(statement, 'sts:AssumeRole') === true && !hasExternalId(statement)) {
    const foreign = [
      ...new Set(
        principalValues(statement.principals, 'AWS')
          .map(principalAccount)
          .filter((account): account is string => account !== undefined && account !== accountId),
      ),
    ];
    if (foreign.length > 0) {
      const known = accountId !== undefined;
      add(
        'iam.trust-cross-account-no-external-id',
        known ? 'medium' : 'low',
        `Trust statement ${label(statement, index)} lets account ${foreign.join(', ')} assume the role without an sts:ExternalId condition${known ? '' : ' (the role’s own account is not known: if that is another account, it is open to the confused deputy problem)'}.`,
        { accounts: foreign },
      );
    }
  }

  if (trustsGitHubOidc(statement) && coversAction(statement, 'sts:AssumeRoleWithWebIdentity') !== false) issues.push(...checkGitHubOidc(policy, statement, index));
  return issues;
}

/** An sts:ExternalId condition that narrows to specific values. */
const hasExternalId = (statement: Statement): boolean =>
  conditionsOn(statement, 'sts:ExternalId').some((c) => isNarrowing(c) && c.values.length > 0 && !c.values.some((v) => isWildcardValue(c, v)));

function checkGitHubOidc(policy: Policy, statement: Statement, index: number): IamIssue[] {
  const issues: IamIssue[] = [];
  const subjects = conditionsOn(statement, SUB_KEY).filter((c) => isNarrowing(c) && c.values.length > 0);
  if (subjects.length === 0) {
    issues.push(
      statementIssue(policy, statement, index, {
        ruleId: 'iam.trust-github-oidc-subject',
        severity: 'critical',
        message: `Trust statement ${label(statement, index)} trusts GitHub Actions OIDC without a ${SUB_KEY} condition: a workflow in any GitHub repository can assume the role.`,
        details: { subjects: [] },
      }),
    );
  } else {
    // Conditions are ANDed, so the narrowest condition decides; within one, any value may match.
    const breadth = Math.min(...subjects.map((c) => Math.max(...c.values.map((v) => subjectBreadth(c, v))))) as SubjectBreadth;
    if (breadth > 0) {
      const values = subjects.flatMap((c) => c.values.map(shown));
      issues.push(
        statementIssue(policy, statement, index, {
          ruleId: 'iam.trust-github-oidc-subject',
          severity: breadth === 2 ? 'critical' : 'high',
          message:
            breadth === 2
              ? `Trust statement ${label(statement, index)} accepts GitHub OIDC subject ${values.join(', ')}, which matches workflows of any GitHub owner.`
              : `Trust statement ${label(statement, index)} accepts GitHub OIDC subject ${values.join(', ')}, which matches every repository of the owner rather than one repository.`,
          details: { subjects: values },
        }),
      );
    }
  }
  const audiences = conditionsOn(statement, AUD_KEY).filter((c) => isNarrowing(c) && c.values.length > 0);
  const wildcardOnly = audiences.length > 0 && audiences.every((c) => c.values.some((v) => isWildcardValue(c, v)));
  if (audiences.length === 0 || wildcardOnly) {
    issues.push(
      statementIssue(policy, statement, index, {
        ruleId: 'iam.trust-github-oidc-audience',
        severity: 'low',
        message: `Trust statement ${label(statement, index)} trusts GitHub Actions OIDC ${wildcardOnly ? 'with a wildcard' : 'without a'} ${AUD_KEY} condition; require "sts.amazonaws.com".`,
        details: { audiences: audiences.flatMap((c) => c.values.map(shown)) },
      }),
    );
  }
  return issues;
}
