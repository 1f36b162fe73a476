import type { Severity } from '../../core/severity.js';

/**
 * The catalog of Guardian's secrets rules: what each rule id means, how severe it is
 * and how to revoke the credential it finds. Detection lives elsewhere: secretlint's
 * preset (mapped in `secretlint-rules.ts`) and Guardian's own detectors
 * (`patterns.ts`, `generic.ts`) both report under these ids.
 *
 * Severity policy (consistent across rules):
 * - critical: a key that controls cloud infrastructure or signs as its owner — AWS secret
 *   access key, GCP service-account key, Azure storage account key, unencrypted private key;
 * - high: a complete credential for one provider's API (GitHub, Slack, Stripe live, …),
 *   an AWS access key ID on its own, a database/broker URL with a password, an encrypted
 *   private key;
 * - medium: webhooks (post-only), JWTs and bearer tokens, generic credential assignments;
 * - low: the same generic findings in tests, Stripe test-mode keys, AWS identifiers that
 *   are not credentials;
 * - info: documentation example keys (set per finding, not per rule).
 */
export interface SecretRule {
  /** `secrets.<name>`. */
  id: string;
  title: string;
  /** One or two sentences for reports: what is found and why it matters. */
  description: string;
  severity: Severity;
  /** CWE-798 (hard-coded credentials), CWE-321 (hard-coded cryptographic key) or CWE-200 (identifiers). */
  cwe: string[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** De-duplication priority: when findings overlap, the highest keeps the place. */
  specificity: number;
  /** Characters of the secret left visible when masked: 4 for public type prefixes (`AKIA`, `ghp_`), else 2. */
  visible: number;
  /** How to revoke or rotate this credential at its issuer (first remediation step). */
  revoke: string;
  /** Report at `low` in test code and fixtures (generic heuristics only). */
  downgradeInTests?: boolean;
  references?: string[];
}

const ROTATE_GENERIC = 'Rotate the credential at the system that issued it (change the password, regenerate the key or token) and invalidate the old value.';

/** Specificity bands: exact provider formats beat structural matches, which beat heuristics. */
const PROVIDER = 100;
const STRUCTURED = 70;
const HEURISTIC = 10;

function provider(id: string, title: string, what: string, revoke: string, extra: Partial<SecretRule> = {}): SecretRule {
  return {
    id,
    title,
    description: `${what} is hard-coded in the repository. Anyone who can read the code or its history can use it.`,
    severity: 'high',
    cwe: ['CWE-798'],
    precision: 'high',
    specificity: PROVIDER,
    visible: 4,
    revoke,
    ...extra,
  };
}

/** Every rule of the secrets scanner, in report order. */
export const SECRET_RULES: readonly SecretRule[] = [
  provider(
    'secrets.aws-secret-access-key',
    'AWS secret access key',
    'An AWS secret access key (with its access key ID, it signs API requests as the IAM user or role)',
    'Deactivate the access key in IAM (IAM → Users → Security credentials → Make inactive), then delete it and create a new one only if still needed. Review CloudTrail for API calls made with the access key ID since it was committed.',
    { severity: 'critical', specificity: PROVIDER + 10, visible: 2, references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'] },
  ),
  provider(
    'secrets.aws-access-key-id',
    'AWS access key ID',
    'An AWS access key ID (AKIA… long-term or ASIA… temporary); its secret key is often committed nearby',
    'Find the key in IAM (or with `aws iam get-access-key-last-used`), deactivate and delete it, and review CloudTrail for API calls made with the access key ID.',
    { references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'] },
  ),
  {
    ...provider('secrets.aws-unique-id', 'AWS IAM unique identifier', 'An AWS IAM unique ID (AIDA user, AROA role, AGPA group, ANPA/ANVA policy, AIPA instance profile)', 'No revocation is needed: it is an identifier, not a credential. Check that no access key or secret key was committed with it.'),
    description: 'An AWS IAM unique identifier (AIDA…, AROA…, AGPA…) is in the repository. It is not a credential, but it reveals account structure and often travels with real keys.',
    severity: 'low',
    cwe: ['CWE-200'],
    precision: 'medium',
  },
  {
    ...provider('secrets.aws-account-id', 'AWS account ID', 'An AWS account ID', 'No revocation is needed: an account ID is not a credential. Make sure no keys for the account are committed.'),
    description: 'An AWS account ID is assigned in the repository. It is not a credential, but it helps targeted attacks (e.g. role enumeration).',
    severity: 'low',
    cwe: ['CWE-200'],
    precision: 'medium',
    visible: 2,
  },
  provider(
    'secrets.gcp-service-account-key',
    'GCP service account key',
    'A Google Cloud service-account key file (JSON with private_key)',
    'Delete the key in Google Cloud Console (IAM & Admin → Service accounts → Keys) or with `gcloud iam service-accounts keys delete`, and check Cloud Audit Logs for its use.',
    { severity: 'critical', cwe: ['CWE-798', 'CWE-321'], specificity: PROVIDER + 10, visible: 2 },
  ),
  {
    ...provider(
      'secrets.private-key',
      'Private key',
      'A private key (PEM, OpenSSH or PGP)',
      'Treat the key pair as compromised: remove the public key wherever it is trusted (authorized_keys, deploy keys, certificates — revoke the certificate with its CA), generate a new key pair and distribute the new public key.',
    ),
    severity: 'critical',
    cwe: ['CWE-321'],
    specificity: PROVIDER - 10,
    visible: 2,
  },
  provider('secrets.github-token', 'GitHub token', 'A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_ or github_pat_)', 'Revoke the token at github.com → Settings → Developer settings (or the organisation\'s token list) and check the audit log for its use.'),
  provider('secrets.gitlab-token', 'GitLab personal access token', 'A GitLab personal access token (glpat-)', 'Revoke the token in GitLab → User settings → Access tokens and review the audit events.'),
  provider('secrets.npm-token', 'npm access token', 'An npm access token (npm_ or _authToken in .npmrc)', 'Revoke the token with `npm token revoke` or on npmjs.com → Access Tokens, and check that no package versions were published with it.'),
  provider('secrets.slack-token', 'Slack token', 'A Slack API token (xoxb-, xoxp-, xapp-…)', 'Revoke the token in the Slack app\'s settings (OAuth & Permissions → Revoke) or with auth.revoke.'),
  provider('secrets.slack-webhook', 'Slack incoming webhook URL', 'A Slack incoming-webhook URL (lets anyone post to the channel)', 'Regenerate or remove the webhook in the Slack app\'s Incoming Webhooks settings.', { severity: 'medium', visible: 2 }),
  provider('secrets.discord-webhook', 'Discord webhook URL', 'A Discord webhook URL (lets anyone post to the channel)', 'Delete the webhook in the Discord channel settings (Integrations → Webhooks) and create a new one.', { severity: 'medium', visible: 2 }),
  {
    ...provider('secrets.url-credentials', 'URL with embedded credentials', 'A URL with a user name and password (https://user:password@host)', ROTATE_GENERIC),
    specificity: STRUCTURED - 5,
    visible: 2,
    precision: 'medium',
  },
  {
    ...provider('secrets.database-url', 'Database or broker URL with a password', 'A database or message-broker connection URL with a password (PostgreSQL, MySQL, MongoDB, Redis, AMQP, SQL Server)', 'Change the database or broker user\'s password (ALTER USER … PASSWORD, Redis ACL, RabbitMQ change_password) and review the server\'s connection logs.'),
    specificity: STRUCTURED,
    visible: 2,
    precision: 'high',
  },
  provider('secrets.openai-api-key', 'OpenAI API key', 'An OpenAI API key', 'Delete the key at platform.openai.com → API keys and check usage for unexpected requests.'),
  provider('secrets.anthropic-api-key', 'Anthropic API key', 'An Anthropic API key (sk-ant-)', 'Delete the key in the Anthropic Console → API keys and check usage.'),
  provider('secrets.groq-api-key', 'Groq API key', 'A Groq API key (gsk_)', 'Delete the key in the Groq console → API keys.'),
  provider('secrets.huggingface-token', 'Hugging Face token', 'A Hugging Face user access token (hf_)', 'Invalidate the token at huggingface.co → Settings → Access tokens.', { visible: 3 }),
  provider('secrets.linear-api-key', 'Linear API key', 'A Linear API key (lin_api_)', 'Revoke the key in Linear → Settings → API.'),
  provider('secrets.notion-token', 'Notion integration token', 'A Notion integration token (ntn_)', 'Refresh the integration secret at notion.so/my-integrations.'),
  provider('secrets.sendgrid-api-key', 'SendGrid API key', 'A SendGrid API key (SG.)', 'Delete the key in SendGrid → Settings → API Keys.', { visible: 3 }),
  provider('secrets.shopify-token', 'Shopify access token', 'A Shopify access token or shared secret (shpat_, shpca_, shppa_, shpss_)', 'Rotate the token in the Shopify Partner dashboard or the store admin (Apps → Develop apps).'),
  provider('secrets.grafana-token', 'Grafana token', 'A Grafana Cloud API token or service-account token (glc_, glsa_)', 'Delete the token in Grafana (Administration → Service accounts, or the Grafana Cloud portal).'),
  provider('secrets.1password-service-account-token', '1Password service account token', 'A 1Password service-account token (ops_)', 'Revoke the service account token in 1Password (Developer → Service accounts) and review its vault access.'),
  provider('secrets.vault-token', 'HashiCorp Vault token', 'A HashiCorp Vault token (hvs., hvb., hvr.)', 'Revoke the token with `vault token revoke` and review Vault audit logs.'),
  provider('secrets.vercel-token', 'Vercel token', 'A Vercel access token (vcp_, vci_, vca_, vcr_, vck_)', 'Delete the token in Vercel → Account settings → Tokens.'),
  provider('secrets.databricks-token', 'Databricks personal access token', 'A Databricks personal access token (dapi)', 'Revoke the token in Databricks → User settings → Access tokens.'),
  provider('secrets.docker-token', 'Docker Hub access token', 'A Docker Hub personal access token (dckr_pat_)', 'Delete the token in Docker Hub → Account settings → Personal access tokens and check pushed images.'),
  provider('secrets.figma-token', 'Figma personal access token', 'A Figma personal access token (figd_)', 'Revoke the token in Figma → Settings → Personal access tokens.'),
  provider('secrets.stripe-secret-key', 'Stripe secret key', 'A Stripe secret or restricted API key (sk_live_, rk_live_; test mode keys are reported low)', 'Roll the key in the Stripe Dashboard → Developers → API keys and review the request logs.'),
  provider('secrets.stripe-webhook-secret', 'Stripe webhook signing secret', 'A Stripe webhook signing secret (whsec_; lets anyone forge webhook events)', 'Roll the signing secret in the Stripe Dashboard → Developers → Webhooks.', { severity: 'medium' }),
  provider('secrets.google-api-key', 'Google API key', 'A Google API key (AIza…)', 'Delete or regenerate the key in Google Cloud Console → APIs & Services → Credentials, and add API and application restrictions to the new key.'),
  provider('secrets.azure-storage-key', 'Azure storage account key', 'An Azure storage account key (AccountKey= in a connection string; full access to the storage account)', 'Rotate the key in the Azure portal (Storage account → Access keys → Rotate key) or with `az storage account keys renew`, and review storage analytics logs.', { severity: 'critical', visible: 2 }),
  provider('secrets.azure-ad-client-secret', 'Microsoft Entra ID client secret', 'A Microsoft Entra ID (Azure AD) application client secret', 'Delete the secret in the Azure portal (App registrations → Certificates & secrets) and review sign-in logs for the service principal.', { visible: 2 }),
  provider('secrets.twilio-auth-token', 'Twilio auth token', 'A Twilio auth token or API key secret', 'Rotate the auth token in the Twilio Console (Account → API keys & tokens) and review usage logs.', { visible: 2 }),
  provider('secrets.mailchimp-api-key', 'Mailchimp API key', 'A Mailchimp API key', 'Revoke the key in Mailchimp → Account → Extras → API keys.', { visible: 2 }),
  provider('secrets.pypi-token', 'PyPI API token', 'A PyPI API token (pypi-)', 'Remove the token at pypi.org → Account settings → API tokens and check recent releases of your projects.'),
  provider('secrets.telegram-bot-token', 'Telegram bot token', 'A Telegram bot token', 'Revoke the token with @BotFather (/revoke) and update the bot.', { visible: 2 }),
  provider('secrets.digitalocean-token', 'DigitalOcean token', 'A DigitalOcean API or OAuth token (dop_v1_, doo_v1_, dor_v1_)', 'Delete the token in the DigitalOcean control panel → API → Tokens and check the security history.'),
  {
    id: 'secrets.jwt',
    title: 'JSON Web Token',
    description: 'A signed JSON Web Token is hard-coded. While it is valid it authenticates as its subject; long-lived or non-expiring tokens are credentials.',
    severity: 'medium',
    cwe: ['CWE-798'],
    precision: 'medium',
    specificity: STRUCTURED - 10,
    visible: 3,
    revoke: 'Invalidate the token at its issuer (revoke the session or refresh token, or rotate the signing key if the token does not expire).',
    downgradeInTests: true,
  },
  {
    id: 'secrets.bearer-token',
    title: 'Hard-coded bearer token',
    description: 'An HTTP Authorization bearer token is hard-coded.',
    severity: 'medium',
    cwe: ['CWE-798'],
    precision: 'medium',
    specificity: HEURISTIC + 20,
    visible: 2,
    revoke: ROTATE_GENERIC,
    downgradeInTests: true,
  },
  {
    id: 'secrets.basic-auth-header',
    title: 'Hard-coded HTTP Basic credentials',
    description: 'An HTTP Authorization: Basic header with a base64-encoded user name and password is hard-coded.',
    severity: 'medium',
    cwe: ['CWE-798'],
    precision: 'high',
    specificity: HEURISTIC + 20,
    visible: 0,
    revoke: ROTATE_GENERIC,
    downgradeInTests: true,
  },
  {
    id: 'secrets.generic-credential',
    title: 'Hard-coded credential',
    description: 'A password, secret, token or API key is assigned a literal value in code or configuration.',
    severity: 'medium',
    cwe: ['CWE-798'],
    precision: 'medium',
    specificity: HEURISTIC,
    visible: 2,
    revoke: ROTATE_GENERIC,
    downgradeInTests: true,
  },
];

const BY_ID = new Map(SECRET_RULES.map((r) => [r.id, r]));
const FALLBACKS = new Map<string, SecretRule>();

/** The catalog entry for `id` (including fallbacks created for new secretlint rules), or undefined. */
export function secretRule(id: string): SecretRule | undefined {
  return BY_ID.get(id) ?? FALLBACKS.get(id);
}

/**
 * Catalog entry for a secretlint rule Guardian does not know yet (a newer preset):
 * `secrets.secretlint-<name>`, high, reported with secretlint's rule id in the title.
 * Registered so `secretRule` finds it by its Guardian id; a Guardian id passed in
 * returns that rule.
 */
export function fallbackRule(secretlintRuleId: string): SecretRule {
  const known = secretRule(secretlintRuleId);
  if (known) return known;
  const name = secretlintRuleId.replace(/^@secretlint\/secretlint-rule-/, '').replace(/[^a-z0-9-]/gi, '-').toLowerCase();
  const id = `secrets.secretlint-${name}`;
  const existing = FALLBACKS.get(id);
  if (existing) return existing;
  const rule: SecretRule = {
    id,
    title: `Secret (secretlint ${name})`,
    description: `A credential detected by secretlint's ${secretlintRuleId} rule is hard-coded in the repository.`,
    severity: 'high',
    cwe: ['CWE-798'],
    precision: 'high',
    specificity: PROVIDER,
    visible: 2,
    revoke: ROTATE_GENERIC,
  };
  FALLBACKS.set(id, rule);
  return rule;
}
