import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import { describe, expect, it } from 'vitest';
import { KeywordText } from '../../../src/scanners/secrets/keywords.js';
import { secretRule } from '../../../src/scanners/secrets/rules.js';
import { type SecretlintMessage, SecretlintEngine } from '../../../src/scanners/secrets/secretlint.js';
import { SECRETLINT_RULES } from '../../../src/scanners/secrets/secretlint-rules.js';
import { FAKE, fakeChars, fakeGcpKeyFile } from './fakes.js';

const engine = new SecretlintEngine();
const j = (...parts: string[]): string => parts.join('');
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function onePasswordToken(): string {
  let json = '{"email":"ops@fry.example","secretKey":"A3-XK4FZP","srpX":"' + fakeChars(81, 64, '0123456789abcdef') + '"';
  while (!Buffer.from(`${json}}`).toString('base64').endsWith('fQ==')) json += ' ';
  return j('op', 's_', Buffer.from(`${json}}`).toString('base64'));
}

/** One sample per secretlint message id: [message id, file path, text, Guardian rule id]. */
const SAMPLES: [string, string, string, string][] = [
  ['AWSAccessKeyID', 'src/a.js', `const id = "${FAKE.awsKeyId}";`, 'secrets.aws-access-key-id'],
  ['AWSSecretAccessKey', 'src/a.py', `AWS_SECRET_ACCESS_KEY = "${FAKE.awsSecret}"`, 'secrets.aws-secret-access-key'],
  ['AWSAccountID', 'src/a.py', `aws_account_id = "${j('1234', '5678', '9012')}"`, 'secrets.aws-account-id'],
  ['PrivateKeyJSON', 'keys/sa.json', fakeGcpKeyFile(), 'secrets.gcp-service-account-key'],
  ['PackageJSON_xOauthToken', 'package.json', `{"repository": "https://${FAKE.github}:x-oauth-basic@github.com/fry/app.git"}`, 'secrets.github-token'],
  ['Npmrc_authToken', '.npmrc', `//registry.npmjs.org/:_authToken=${FAKE.npm}`, 'secrets.npm-token'],
  ['NPM_ACCESS_TOKEN', 'src/a.js', `const t = "${FAKE.npm}";`, 'secrets.npm-token'],
  ['SLACK_TOKEN', 'src/a.js', `const t = "${FAKE.slackBot}";`, 'secrets.slack-token'],
  ['IncomingWebhook', 'src/a.js', `const u = "${FAKE.slackWebhook}";`, 'secrets.slack-webhook'],
  ['BasicAuth', 'src/a.js', `const u = "https://deploy:${FAKE.dbPassword}@git.fry.io/app";`, 'secrets.url-credentials'],
  ['OPENAI_TOKEN', 'src/a.js', `const t = "${j('sk-', fakeChars(82, 20), 'T3Blbk', 'FJ', fakeChars(83, 20))}";`, 'secrets.openai-api-key'],
  ['ANTHROPIC_API_KEY', 'src/a.js', `const t = "${j('sk-ant-', 'api03-', fakeChars(84, 93, `${B62}_-`), 'AA')}";`, 'secrets.anthropic-api-key'],
  ['GROQ_API_KEY', 'src/a.js', `const t = "${j('gs', 'k_', fakeChars(85, 52))}";`, 'secrets.groq-api-key'],
  ['HUGGINGFACE_USER_ACCESS_TOKEN', 'src/a.js', `const t = "${j('h', 'f_', fakeChars(86, 34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'))}";`, 'secrets.huggingface-token'],
  ['LINEAR_API_TOKEN', 'src/a.js', `const t = "${j('lin_', 'api_', fakeChars(87, 40))}";`, 'secrets.linear-api-key'],
  ['NOTION_INTEGRATION_TOKEN', 'src/a.js', `const t = "${j('nt', 'n_', '12345678901', fakeChars(88, 35))}";`, 'secrets.notion-token'],
  ['PrivateKey', 'keys/id_rsa', FAKE.rsaKey, 'secrets.private-key'],
  ['SENDGRID_KEY', 'src/a.js', `const t = "${FAKE.sendgrid}";`, 'secrets.sendgrid-api-key'],
  ['SHOPIFY_KEY', 'src/a.js', `const t = "${j('shp', 'at_', fakeChars(89, 32))}";`, 'secrets.shopify-token'],
  ['GITHUB_TOKEN', 'src/a.js', `const t = "${FAKE.github}";`, 'secrets.github-token'],
  ['GITLAB_PERSONAL_ACCESS_TOKEN', 'src/a.js', `const t = "${FAKE.gitlab}";`, 'secrets.gitlab-token'],
  ['GRAFANA_CLOUD_API_TOKEN', 'src/a.js', `const t = "${j('gl', 'c_', fakeChars(90, 48))}";`, 'secrets.grafana-token'],
  ['GRAFANA_SERVICE_ACCOUNT_TOKEN', 'src/a.js', `const t = "${j('gl', 'sa_', fakeChars(91, 32), '_', fakeChars(92, 8, '0123456789abcdef'))}";`, 'secrets.grafana-token'],
  ['OPS_TOKEN', 'src/a.js', `const t = "${onePasswordToken()}";`, 'secrets.1password-service-account-token'],
  ['MongoDBConnection', 'src/a.js', `const u = "mongodb+srv://orders:${FAKE.dbPassword}@cluster0.ab1cd.mongodb.net/orders";`, 'secrets.database-url'],
  ['MySQLConnection', 'src/a.js', `const u = "mysql://shop:${FAKE.dbPassword}@10.0.0.5:3306/shop";`, 'secrets.database-url'],
  ['PostgreSQLConnection', 'src/a.js', `const u = "postgres://app:${FAKE.dbPassword}@db.internal:5432/app";`, 'secrets.database-url'],
  ['HASHICORP_VAULT_SERVICE_TOKEN', 'src/a.js', `const t = "${j('hv', 's.', fakeChars(93, 95))}";`, 'secrets.vault-token'],
  ['HASHICORP_VAULT_BATCH_TOKEN', 'src/a.js', `const t = "${j('hv', 'b.', fakeChars(94, 140))}";`, 'secrets.vault-token'],
  ['HASHICORP_VAULT_RECOVERY_TOKEN', 'src/a.js', `const t = "${j('hv', 'r.', fakeChars(95, 95))}";`, 'secrets.vault-token'],
  ['VERCEL_PERSONAL_ACCESS_TOKEN', 'src/a.js', `const t = "${j('vc', 'p_', fakeChars(96, 24))}";`, 'secrets.vercel-token'],
  ['VERCEL_INTEGRATION_TOKEN', 'src/a.js', `const t = "${j('vc', 'i_', fakeChars(97, 24))}";`, 'secrets.vercel-token'],
  ['VERCEL_APP_ACCESS_TOKEN', 'src/a.js', `const t = "${j('vc', 'a_', fakeChars(98, 24))}";`, 'secrets.vercel-token'],
  ['VERCEL_APP_REFRESH_TOKEN', 'src/a.js', `const t = "${j('vc', 'r_', fakeChars(99, 24))}";`, 'secrets.vercel-token'],
  ['VERCEL_AI_GATEWAY_API_KEY', 'src/a.js', `const t = "${j('vc', 'k_', fakeChars(100, 24))}";`, 'secrets.vercel-token'],
  ['DATABRICKS_PERSONAL_ACCESS_TOKEN', 'src/a.js', `const t = "${j('da', 'pi', fakeChars(101, 32, '0123456789abcdef'))}";`, 'secrets.databricks-token'],
  ['DOCKER_PERSONAL_ACCESS_TOKEN', 'src/a.js', `const t = "${j('dckr', '_pat_', fakeChars(102, 27))}";`, 'secrets.docker-token'],
  ['FIGMA_PERSONAL_ACCESS_TOKEN', 'src/a.js', `const t = "${j('fi', 'gd_', fakeChars(103, 44))}";`, 'secrets.figma-token'],
];

describe('secretlint rule table', () => {
  it('has an entry for every rule of the installed preset, and no other', () => {
    expect(SECRETLINT_RULES.map((r) => r.id).sort()).toEqual(presetRules.map((r) => r.meta.id).sort());
  });

  it('maps every message id of every rule to a catalogued Guardian rule', () => {
    for (const rule of presetRules) {
      const spec = SECRETLINT_RULES.find((s) => s.id === rule.meta.id)!;
      if (spec.disabled) continue;
      expect(Object.keys(spec.messages).sort(), rule.meta.id).toEqual(Object.keys(rule.messages ?? {}).sort());
      for (const id of Object.values(spec.messages)) expect(secretRule(id), id).toBeDefined();
    }
  });

  it('has a sample for every mapped message id (so the prefilter is verified for each)', () => {
    const mapped = SECRETLINT_RULES.flatMap((s) => Object.keys(s.messages)).filter((id) => id !== 'PrivateKeyP12');
    expect(SAMPLES.map((s) => s[0]).sort()).toEqual(mapped.sort());
  });

  it('runs every preset rule except the comment filter (Guardian has guardian-ignore)', () => {
    expect(engine.ruleIds).not.toContain('@secretlint/secretlint-rule-filter-comments');
    expect(engine.ruleIds).toHaveLength(presetRules.length - 1);
  });
});

describe('SecretlintEngine', () => {
  it.each(SAMPLES)('%s: reported under the mapped rule, and the prefilter keeps it', async (messageId, path, text, ruleId) => {
    const all = await engine.detect(new KeywordText(text), path, true);
    expect(all.hits.map((h) => h.ruleId), `secretlint reports ${messageId}`).toContain(ruleId);
    const filtered = await engine.detect(new KeywordText(text), path);
    expect(filtered.hits).toEqual(all.hits);
  });

  it('the prefilter skips files with none of the keywords (no secretlint call)', async () => {
    const result = await engine.detect(new KeywordText('export const add = (a, b) => a + b;\n'), 'src/add.js');
    expect(result).toEqual({ hits: [], rulesRun: 0 });
  });

  it('narrows the AWS secret key range to the value (secretlint reports it from the name)', async () => {
    const text = `AWS_SECRET_ACCESS_KEY = "${FAKE.awsSecret}"\n`;
    const [hit] = (await engine.detect(new KeywordText(text), 'a.py')).hits;
    expect(text.slice(hit!.start, hit!.end)).toBe(FAKE.awsSecret);
    expect(text.slice(hit!.secretStart, hit!.secretEnd)).toBe(FAKE.awsSecret);
  });

  it('strips the trailing quote secretlint includes in database URLs and masks only the password', async () => {
    const text = `DB = "postgres://app:${FAKE.dbPassword}@db.internal:5432/app"\n`;
    const hits = (await engine.detect(new KeywordText(text), 'a.py')).hits.filter((h) => h.ruleId === 'secrets.database-url');
    expect(hits.map((h) => [text.slice(h.start, h.end), text.slice(h.secretStart, h.secretEnd), h.detail])).toEqual([
      [`postgres://app:${FAKE.dbPassword}@db.internal:5432/app`, FAKE.dbPassword, 'PostgreSQL'],
    ]);
  });

  it('drops database URLs whose password is a placeholder or default', async () => {
    for (const url of ['postgres://app:your_password_here@db/app', 'mongodb://admin:changeme@localhost/db', 'mysql://shop:shop@db/shop']) {
      const hits = (await engine.detect(new KeywordText(`"${url}"`), 'a.js', true)).hits;
      expect(hits, url).toEqual([]);
    }
  });

  it('relocates the GCP key finding to the private_key field', async () => {
    const text = fakeGcpKeyFile();
    const hit = (await engine.detect(new KeywordText(text), 'sa.json')).hits.find((h) => h.ruleId === 'secrets.gcp-service-account-key')!;
    expect(text.slice(hit.start - 16, hit.start)).toBe('"private_key": "');
    expect(text.slice(hit.start, hit.end)).toMatch(/^-----BEGIN PRIVATE KEY-----\\n.*-----END PRIVATE KEY-----\\n$/);
  });

  it('classifies AWS IDs by prefix: AKIA/ASIA keys versus AROA/AIDA identifiers', async () => {
    const text = `a = "${FAKE.awsKeyId}"\nb = "${FAKE.awsRoleId}"\n`;
    expect((await engine.detect(new KeywordText(text), 'a.py')).hits.map((h) => h.ruleId)).toEqual(['secrets.aws-access-key-id', 'secrets.aws-unique-id']);
  });

  it('marks filler tokens as examples', async () => {
    const text = `const t = "${j('gh', 'p_', 'x'.repeat(36))}";`;
    expect((await engine.detect(new KeywordText(text), 'a.js')).hits.map((h) => h.example)).toEqual([true]);
  });

  it('ignores secretlint-disable comments (suppression is guardian-ignore:)', async () => {
    const text = `const t = "${FAKE.github}"; // secretlint-disable-line\n`;
    expect((await engine.detect(new KeywordText(text), 'a.js')).hits).toHaveLength(1);
  });

  it('maps a message of an unknown rule or message id to a fallback rule', () => {
    const message = {
      type: 'message',
      ruleId: '@secretlint/secretlint-rule-newvendor',
      messageId: 'NEW_TOKEN',
      message: 'found',
      range: [4, 10],
      loc: { start: { line: 1, column: 4 }, end: { line: 1, column: 10 } },
      severity: 'error',
      data: { TOKEN: 'abcdef' },
    } as unknown as SecretlintMessage;
    const hit = engine.toHit(message, 'xxx abcdef yyy');
    expect(hit).toMatchObject({ ruleId: 'secrets.secretlint-newvendor', start: 4, end: 10, engine: 'secretlint' });
    expect(secretRule('secrets.secretlint-newvendor')?.severity).toBe('high');
  });
});
