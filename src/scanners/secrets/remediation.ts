import type { RuleDescriptor } from '../../core/finding.js';
import { cweUrl, owaspForCwes } from '../../core/references.js';
import type { SecretRule } from './rules.js';

/** Where to keep the secret instead, and how to read it (second remediation step). */
const MOVE_TO_SECRET_MANAGER =
  'Then move the value out of the repository: store it in a secret manager (AWS Secrets Manager, SSM Parameter Store SecureString, or your platform\'s secret store) or inject it as an environment variable at deploy time, and have the code read it at runtime (e.g. `process.env.NAME`, `os.environ["NAME"]`, an SDK call).';

const HISTORY =
  'Deleting the line is not enough: the value stays in the git history and in every clone, so revoke it first. Rewriting history (git filter-repo) is optional cleanup, never a substitute for rotation.';

const AWS_EXTRA =
  'For AWS, prefer IAM roles (instance profiles, IRSA, OIDC for CI) over long-term access keys so no key is needed in code at all.';

/**
 * Remediation text for a rule: (1) revoke/rotate first — it is in git history —
 * with the rule's provider-specific steps, (2) move the value to a secret manager
 * and read it at runtime, (3) a note on history rewriting.
 */
export function remediationText(rule: SecretRule): string {
  const aws = rule.id.startsWith('secrets.aws-') && rule.severity !== 'low';
  return [`1. Revoke or rotate the credential first — it is in the git history. ${rule.revoke}`, `2. ${MOVE_TO_SECRET_MANAGER}${aws ? ` ${AWS_EXTRA}` : ''}`, `3. ${HISTORY}`].join('\n');
}

/** SARIF-ready descriptor of a secrets rule (category `secrets`, OWASP from its CWEs). */
export function describeSecretRule(rule: SecretRule): RuleDescriptor {
  return {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    category: 'secrets',
    cwe: rule.cwe,
    owasp: owaspForCwes(rule.cwe),
    remediation: remediationText(rule),
    references: [...(rule.references ?? []), ...rule.cwe.map(cweUrl)],
    precision: rule.precision,
  };
}
