/**
 * How Guardian uses each rule of secretlint's recommended preset
 * (`@secretlint/secretlint-rule-preset-recommend` 12.x): the Guardian rule id each
 * message id maps to, and the prefilter that must match a file's text before the rule
 * can report anything there. Prefilters were derived from each rule's regexes: a rule
 * only reports text that contains one of its literals (compared case-insensitively
 * when the rule's regex has the `i` flag or case alternatives). A preset rule missing
 * from this table runs on every file, so an upgrade can only cost speed, not findings.
 */

/** Prefilter and mapping for one secretlint rule. */
export interface SecretlintRuleSpec {
  /** secretlint rule id, e.g. `@secretlint/secretlint-rule-aws`. */
  id: string;
  /** Case-sensitive literals; the rule runs only if one of these or of `keywordsIgnoreCase` occurs. */
  keywords?: readonly string[];
  /** Lower-case literals compared case-insensitively. */
  keywordsIgnoreCase?: readonly string[];
  /** A regex that must also match (checked after the keywords, which are cheaper). */
  prefilter?: RegExp;
  /** Run only on files with these extensions (the rule itself checks the extension). */
  extensions?: readonly string[];
  /** secretlint message id → Guardian rule id. */
  messages: Readonly<Record<string, string>>;
  /** Options passed to the rule. */
  options?: Readonly<Record<string, unknown>>;
  /** Never run this rule (secretlint-disable comments: Guardian has its own `guardian-ignore:`). */
  disabled?: boolean;
}

/** `scheme://user:password@` — the shape every credential-URL rule needs (basic auth, database strings). */
export const CREDENTIAL_URL_PREFILTER = /:\/\/[^\s:/]+:[^\s@/]+@/;

/** The table, one entry per rule of the preset. */
export const SECRETLINT_RULES: readonly SecretlintRuleSpec[] = [
  {
    id: '@secretlint/secretlint-rule-aws',
    keywords: ['AKIA', 'A3T', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'],
    keywordsIgnoreCase: ['account', 'secretaccesskey', 'secret_accesskey', 'secretaccess_key', 'secret_access_key'],
    // Every AWS message needs a key-id prefix, a 12-digit account id or a 40-character secret:
    // the word "account" alone (common in code) is not worth a secretlint run.
    prefilter: /A3T|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA|\d{12}|[A-Za-z0-9/+=]{40}/,
    messages: { AWSAccessKeyID: 'secrets.aws-access-key-id', AWSSecretAccessKey: 'secrets.aws-secret-access-key', AWSAccountID: 'secrets.aws-account-id' },
    options: { enableIDScanRule: true },
  },
  {
    id: '@secretlint/secretlint-rule-gcp',
    keywords: ['private_key_id'],
    extensions: ['.json'],
    messages: { PrivateKeyJSON: 'secrets.gcp-service-account-key', PrivateKeyP12: 'secrets.gcp-service-account-key' },
  },
  { id: '@secretlint/secretlint-rule-privatekey', keywords: ['PRIVATE KEY'], messages: { PrivateKey: 'secrets.private-key' } },
  {
    id: '@secretlint/secretlint-rule-npm',
    keywords: ['x-oauth-basic', '_authToken', 'npm_'],
    messages: { PackageJSON_xOauthToken: 'secrets.github-token', Npmrc_authToken: 'secrets.npm-token', NPM_ACCESS_TOKEN: 'secrets.npm-token' },
  },
  { id: '@secretlint/secretlint-rule-basicauth', keywords: ['://'], prefilter: CREDENTIAL_URL_PREFILTER, messages: { BasicAuth: 'secrets.url-credentials' } },
  {
    id: '@secretlint/secretlint-rule-slack',
    keywords: ['xoxb-', 'xoxp-', 'xapp-', 'xoxa-', 'xoxo-', 'xoxr-'],
    keywordsIgnoreCase: ['hooks.slack.com'],
    messages: { SLACK_TOKEN: 'secrets.slack-token', IncomingWebhook: 'secrets.slack-webhook' },
  },
  { id: '@secretlint/secretlint-rule-sendgrid', keywords: ['SG.'], messages: { SENDGRID_KEY: 'secrets.sendgrid-api-key' } },
  { id: '@secretlint/secretlint-rule-shopify', keywords: ['shppa_', 'shpca_', 'shpat_', 'shpss_'], messages: { SHOPIFY_KEY: 'secrets.shopify-token' } },
  { id: '@secretlint/secretlint-rule-github', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], messages: { GITHUB_TOKEN: 'secrets.github-token' } },
  { id: '@secretlint/secretlint-rule-gitlab', keywords: ['glpat-'], messages: { GITLAB_PERSONAL_ACCESS_TOKEN: 'secrets.gitlab-token' } },
  {
    id: '@secretlint/secretlint-rule-grafana',
    keywords: ['glc_', 'glsa_'],
    messages: { GRAFANA_CLOUD_API_TOKEN: 'secrets.grafana-token', GRAFANA_SERVICE_ACCOUNT_TOKEN: 'secrets.grafana-token' },
  },
  { id: '@secretlint/secretlint-rule-openai', keywords: ['T3BlbkFJ'], messages: { OPENAI_TOKEN: 'secrets.openai-api-key' } },
  { id: '@secretlint/secretlint-rule-anthropic', keywords: ['sk-ant-api0'], messages: { ANTHROPIC_API_KEY: 'secrets.anthropic-api-key' } },
  { id: '@secretlint/secretlint-rule-groq', keywords: ['gsk_'], messages: { GROQ_API_KEY: 'secrets.groq-api-key' } },
  { id: '@secretlint/secretlint-rule-huggingface', keywords: ['hf_'], messages: { HUGGINGFACE_USER_ACCESS_TOKEN: 'secrets.huggingface-token' } },
  { id: '@secretlint/secretlint-rule-linear', keywords: ['lin_api_'], messages: { LINEAR_API_TOKEN: 'secrets.linear-api-key' } },
  { id: '@secretlint/secretlint-rule-notion', keywords: ['ntn_'], messages: { NOTION_INTEGRATION_TOKEN: 'secrets.notion-token' } },
  { id: '@secretlint/secretlint-rule-1password', keywords: ['ops_ey'], messages: { OPS_TOKEN: 'secrets.1password-service-account-token' } },
  {
    id: '@secretlint/secretlint-rule-database-connection-string',
    keywords: ['://'],
    prefilter: CREDENTIAL_URL_PREFILTER,
    messages: { MongoDBConnection: 'secrets.database-url', MySQLConnection: 'secrets.database-url', PostgreSQLConnection: 'secrets.database-url' },
  },
  {
    id: '@secretlint/secretlint-rule-hashicorp-vault',
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    messages: { HASHICORP_VAULT_SERVICE_TOKEN: 'secrets.vault-token', HASHICORP_VAULT_BATCH_TOKEN: 'secrets.vault-token', HASHICORP_VAULT_RECOVERY_TOKEN: 'secrets.vault-token' },
  },
  {
    id: '@secretlint/secretlint-rule-vercel',
    keywords: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    messages: {
      VERCEL_PERSONAL_ACCESS_TOKEN: 'secrets.vercel-token',
      VERCEL_INTEGRATION_TOKEN: 'secrets.vercel-token',
      VERCEL_APP_ACCESS_TOKEN: 'secrets.vercel-token',
      VERCEL_APP_REFRESH_TOKEN: 'secrets.vercel-token',
      VERCEL_AI_GATEWAY_API_KEY: 'secrets.vercel-token',
    },
  },
  { id: '@secretlint/secretlint-rule-databricks', keywords: ['dapi'], messages: { DATABRICKS_PERSONAL_ACCESS_TOKEN: 'secrets.databricks-token' } },
  { id: '@secretlint/secretlint-rule-docker', keywords: ['dckr_pat_'], messages: { DOCKER_PERSONAL_ACCESS_TOKEN: 'secrets.docker-token' } },
  { id: '@secretlint/secretlint-rule-figma', keywords: ['figd_'], messages: { FIGMA_PERSONAL_ACCESS_TOKEN: 'secrets.figma-token' } },
  { id: '@secretlint/secretlint-rule-filter-comments', disabled: true, messages: {} },
];

/** Every keyword of the table, for a shared KeywordMatcher. */
export function secretlintKeywords(table: readonly SecretlintRuleSpec[] = SECRETLINT_RULES): { text: string; ignoreCase: boolean }[] {
  return table.flatMap((spec) => [
    ...(spec.keywords ?? []).map((text) => ({ text, ignoreCase: false })),
    ...(spec.keywordsIgnoreCase ?? []).map((text) => ({ text, ignoreCase: true })),
  ]);
}
