import { describe, expect, it } from 'vitest';
import { dedupeHits } from '../../../src/scanners/secrets/dedupe.js';
import { detectOwn } from '../../../src/scanners/secrets/detect.js';
import type { SecretHit } from '../../../src/scanners/secrets/hit.js';
import { KeywordText } from '../../../src/scanners/secrets/keywords.js';
import { CONTEXT_DETECTORS, PATTERN_DETECTORS } from '../../../src/scanners/secrets/patterns.js';
import { secretRule } from '../../../src/scanners/secrets/rules.js';
import { FAKE, FAKE_BASIC } from './fakes.js';

/** Hits of the detectors of one rule (pattern and context detectors; no generic), overlaps resolved. */
function run(rule: string, text: string, path = 'src/app.js'): SecretHit[] {
  const patterns = PATTERN_DETECTORS.filter((d) => d.rule === rule || d.rule === 'secrets.aws-access-key-id');
  const context = CONTEXT_DETECTORS.filter((d) => d.rule === rule);
  return dedupeHits(detectOwn(new KeywordText(text), path, { patterns, context }).hits.filter((h) => h.ruleId === rule));
}

/** Secret text, example flag, severity override and detail of each hit. */
function summary(rule: string, text: string): { secret: string; example?: boolean; severity?: string; detail?: string }[] {
  return run(rule, text).map((h) => ({
    secret: text.slice(h.secretStart, h.secretEnd),
    ...(h.example ? { example: true } : {}),
    ...(h.severity ? { severity: h.severity } : {}),
    ...(h.detail ? { detail: h.detail } : {}),
  }));
}

describe('pattern table', () => {
  it('every detector reports under a catalogued rule, with a global regex with indices', () => {
    for (const d of [...PATTERN_DETECTORS, ...CONTEXT_DETECTORS]) {
      expect(secretRule(d.rule), d.rule).toBeDefined();
      expect(d.pattern.flags).toContain('g');
      expect(d.pattern.flags).toContain('d');
    }
  });

  it('case-insensitive keywords are written in lower case', () => {
    for (const d of PATTERN_DETECTORS.filter((p) => p.ignoreCase)) for (const k of d.keywords) expect(k).toBe(k.toLowerCase());
  });
});

describe('AWS', () => {
  it('finds access key IDs, marks ASIA keys temporary and the docs key an example', () => {
    const text = `a = "${FAKE.awsKeyId}"\nb = "${FAKE.awsTempKeyId}"\nc = "${FAKE.awsDocsKeyId}"\nd = "X${FAKE.awsKeyId}"\n`;
    expect(summary('secrets.aws-access-key-id', text)).toEqual([
      { secret: FAKE.awsKeyId },
      { secret: FAKE.awsTempKeyId, detail: 'temporary STS key' },
      { secret: FAKE.awsDocsKeyId, example: true },
    ]);
  });

  it('finds a secret key assigned to an AWS secret name, even with no key ID around', () => {
    for (const line of [
      `aws_secret_access_key = ${FAKE.awsSecret}`,
      `AWS_SECRET_ACCESS_KEY="${FAKE.awsSecret}"`,
      `  secretAccessKey: '${FAKE.awsSecret}',`,
      `"SecretAccessKey": "${FAKE.awsSecret}"`,
      `aws_secret_key => '${FAKE.awsSecret}'`,
    ]) {
      expect(summary('secrets.aws-secret-access-key', `${line}\n`), line).toEqual([{ secret: FAKE.awsSecret }]);
    }
  });

  it('finds an unlabelled 40-character secret within 3 lines of a key ID, not 4', () => {
    const near = `id = "${FAKE.awsKeyId}"\n\n\nother = "${FAKE.awsSecret}"\n`;
    expect(summary('secrets.aws-secret-access-key', near)).toEqual([{ secret: FAKE.awsSecret }]);
    const above = `other = "${FAKE.awsSecret}"\n\n\nid = "${FAKE.awsKeyId}"\n`;
    expect(summary('secrets.aws-secret-access-key', above)).toEqual([{ secret: FAKE.awsSecret }]);
    const far = `id = "${FAKE.awsKeyId}"\n\n\n\nother = "${FAKE.awsSecret}"\n`;
    expect(summary('secrets.aws-secret-access-key', far)).toEqual([]);
  });

  it('reports the documentation secret key as an example (secretlint ignores it)', () => {
    const text = `[default]\naws_access_key_id = ${FAKE.awsDocsKeyId}\naws_secret_access_key = ${FAKE.awsDocsSecret}\n`;
    expect(summary('secrets.aws-secret-access-key', text)).toEqual([{ secret: FAKE.awsDocsSecret, example: true }]);
  });

  it('reports the documentation secret key anywhere, as an example', () => {
    expect(summary('secrets.aws-secret-access-key', `See ${FAKE.awsDocsSecret} in the AWS guide.`)).toEqual([{ secret: FAKE.awsDocsSecret, example: true }]);
  });

  it('does not take a git SHA, a lower-case hash or a longer token near a key ID for a secret key', () => {
    const sha = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    const text = `id = "${FAKE.awsKeyId}"\ncommit = "${sha}"\nupper = "${sha.toUpperCase()}"\nlonger = "${FAKE.awsSecret}xyz"\n`;
    expect(summary('secrets.aws-secret-access-key', text)).toEqual([]);
  });
});

describe('private keys', () => {
  it('reports one hit per key block, the body as the secret, and the key type', () => {
    const hits = run('secrets.private-key', `${FAKE.rsaKey}\n`);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ start: 0, end: FAKE.rsaKey.length, detail: 'RSA' });
    expect(FAKE.rsaKey.slice(hits[0]!.secretStart, hits[0]!.secretEnd).trim()).toMatch(/^MII[\s\S]+[A-Za-z0-9+/=]$/);
  });

  it('reports encrypted keys (PKCS#8 or Proc-Type) as high', () => {
    expect(summary('secrets.private-key', FAKE.encryptedKey).map((h) => [h.severity, h.detail])).toEqual([['high', 'encrypted']]);
    const legacy = FAKE.rsaKey.replace('\nMII', '\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F2504E04F8941D3\n\nMII');
    expect(summary('secrets.private-key', legacy).map((h) => [h.severity, h.detail])).toEqual([['high', 'RSA, encrypted']]);
  });

  it('finds keys inside JSON strings with \\n escapes and OpenSSH keys', () => {
    const json = JSON.stringify({ key: FAKE.pkcs8Key });
    expect(run('secrets.private-key', json)).toHaveLength(1);
    expect(summary('secrets.private-key', FAKE.opensshKey).map((h) => h.detail)).toEqual(['OPENSSH']);
  });

  it('ignores placeholder bodies and public keys', () => {
    expect(run('secrets.private-key', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n')).toEqual([]);
    expect(run('secrets.private-key', '-----BEGIN PRIVATE KEY-----\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END PRIVATE KEY-----\n')).toEqual([]);
    expect(run('secrets.private-key', FAKE.rsaKey.replace(/RSA PRIVATE/g, 'PUBLIC'))).toEqual([]);
  });
});

describe('credential URLs', () => {
  it('finds database and broker URLs, the password as the secret, stopping at quotes', () => {
    const cases: [string, string][] = [
      [`"postgres://app:${FAKE.dbPassword}@db.internal:5432/app"`, 'PostgreSQL'],
      [`'postgresql://app:${FAKE.dbPassword}@db/app?sslmode=require',`, 'PostgreSQL'],
      [`mysql://root:${FAKE.dbPassword}@10.0.0.5/shop`, 'MySQL'],
      [`mongodb+srv://orders:${FAKE.dbPassword}@cluster0.ab1cd.mongodb.net/orders`, 'MongoDB'],
      [`redis://:${FAKE.redisPassword}@cache:6379/0`, 'Redis'],
      [`rediss://default:${FAKE.redisPassword}@cache:6380`, 'Redis'],
      [`amqps://svc:${FAKE.dbPassword}@mq.internal:5671/vhost`, 'AMQP'],
      [`jdbc:postgresql://app:${FAKE.dbPassword}@db:5432/app`, 'PostgreSQL'],
    ];
    for (const [text, detail] of cases) {
      const hits = run('secrets.database-url', text);
      expect(hits.map((h) => [text.slice(h.secretStart, h.secretEnd), h.detail]), text).toEqual([[detail === 'Redis' ? FAKE.redisPassword : FAKE.dbPassword, detail]]);
      expect(text.slice(hits[0]!.start, hits[0]!.end)).not.toMatch(/["',]$/);
    }
  });

  it('skips URLs without a password, with placeholders or with default credentials', () => {
    for (const text of [
      'postgres://db.internal:5432/app',
      'postgres://app@db/app',
      'postgres://app:${DB_PASSWORD}@db/app',
      'postgres://app:<password>@db/app',
      'postgres://postgres:postgres@localhost/app',
      'amqp://guest:guest@localhost:5672/',
      'mysql://user:password@localhost/db',
      'redis://:changeme@cache:6379',
    ]) {
      expect(run('secrets.database-url', text), text).toEqual([]);
    }
  });

  it('marks URLs on documentation hosts as examples', () => {
    expect(summary('secrets.database-url', `postgres://app:${FAKE.dbPassword}@db.example.com/app`)[0]?.example).toBe(true);
  });

  it('finds passwords in http(s) and ssh URLs', () => {
    const text = `git clone https://deploy:${FAKE.dbPassword}@git.fry.internal/app.git`;
    expect(summary('secrets.url-credentials', text)).toEqual([{ secret: FAKE.dbPassword }]);
    expect(run('secrets.url-credentials', 'https://user:pass@host.internal/x')).toEqual([]);
  });
});

describe('provider keys', () => {
  it.each([
    ['secrets.stripe-secret-key', () => FAKE.stripeLive, { detail: 'live mode' }],
    ['secrets.stripe-secret-key', () => FAKE.stripeTest, { severity: 'low', detail: 'test mode' }],
    ['secrets.stripe-secret-key', () => FAKE.stripeDocs, { example: true, severity: 'low', detail: 'test mode' }],
    ['secrets.stripe-webhook-secret', () => FAKE.stripeWebhook, {}],
    ['secrets.google-api-key', () => FAKE.google, {}],
    ['secrets.azure-ad-client-secret', () => FAKE.azureClientSecret, {}],
    ['secrets.mailchimp-api-key', () => FAKE.mailchimp, {}],
    ['secrets.pypi-token', () => FAKE.pypi, {}],
    ['secrets.telegram-bot-token', () => FAKE.telegram, {}],
    ['secrets.digitalocean-token', () => FAKE.digitalocean, {}],
    ['secrets.jwt', () => FAKE.jwt, {}],
    ['secrets.jwt', () => FAKE.jwtDocs, { example: true }],
  ] as const)('%s finds %#', (rule, value, extra) => {
    const secret = value();
    expect(summary(rule, `const value = '${secret}';\n`)).toEqual([{ secret, ...extra }]);
  });

  it('finds the Azure storage key inside a connection string', () => {
    const text = `DefaultEndpointsProtocol=https;AccountName=fry;AccountKey=${FAKE.azureStorage};EndpointSuffix=core.windows.net`;
    expect(summary('secrets.azure-storage-key', text)).toEqual([{ secret: FAKE.azureStorage }]);
  });

  it('finds the Twilio auth token next to a Twilio name only', () => {
    expect(summary('secrets.twilio-auth-token', `TWILIO_AUTH_TOKEN = "${FAKE.twilioToken}"`)).toEqual([{ secret: FAKE.twilioToken }]);
    expect(summary('secrets.twilio-auth-token', `twilio: { authToken: '${FAKE.twilioToken}' }`)).toEqual([]);
    expect(summary('secrets.twilio-auth-token', `md5 = "${FAKE.twilioToken}"`)).toEqual([]);
  });

  it('finds the token of a Discord webhook URL', () => {
    const hits = run('secrets.discord-webhook', FAKE.discordWebhook);
    expect(hits.map((h) => FAKE.discordWebhook.slice(h.secretStart, h.secretEnd))).toEqual([FAKE.discordWebhook.split('/').pop()]);
  });

  it('ignores lookalikes: too short, glued to other text, wrong alphabet', () => {
    expect(run('secrets.stripe-secret-key', `x = '${FAKE.stripeLive.slice(0, 20)}'`)).toEqual([]);
    expect(run('secrets.google-api-key', `x = 'my${FAKE.google}'`)).toEqual([]);
    expect(run('secrets.digitalocean-token', `x = '${FAKE.digitalocean.toUpperCase()}'`)).toEqual([]);
    expect(run('secrets.jwt', "x = 'eyJub3QiOiJqc29uIn0.eyJhIjoxMjM0NTY3ODl9.c2ln' ; y = 'eyJxxxxxxxxxx.eyJyyyyyyyyyy.zzzz'")).toEqual([]);
  });
});

describe('detector failures', () => {
  it('skips a detector that throws and reports it, keeping the other hits', () => {
    const boom = { rule: 'secrets.google-api-key', keywords: ['AIza'], pattern: /AIza\w+/dg, validate: () => { throw new Error('boom'); } };
    const text = `k = '${FAKE.google}'\nid = '${FAKE.awsKeyId}'\n`;
    const result = detectOwn(new KeywordText(text), 'src/a.py', { patterns: [boom, PATTERN_DETECTORS[0]!], context: [] });
    expect(result.failures).toEqual([{ rule: 'secrets.google-api-key', message: 'boom' }]);
    expect(result.hits.map((h) => h.ruleId)).toEqual(['secrets.aws-access-key-id']);
  });
});

describe('HTTP Authorization', () => {
  it('finds bearer tokens and Basic credentials', () => {
    expect(summary('secrets.bearer-token', `curl -H "Authorization: Bearer ${FAKE.bearer}" https://api`)).toEqual([{ secret: FAKE.bearer }]);
    expect(summary('secrets.basic-auth-header', `Authorization: Basic ${FAKE_BASIC}`)).toEqual([{ secret: FAKE_BASIC }]);
  });

  it('ignores placeholders, template values and non-credential Basic values', () => {
    expect(run('secrets.bearer-token', 'Authorization: Bearer ${TOKEN}')).toEqual([]);
    expect(run('secrets.bearer-token', 'Authorization: Bearer <your-access-token-here>')).toEqual([]);
    expect(run('secrets.bearer-token', '"Bearer " + token')).toEqual([]);
    expect(run('secrets.basic-auth-header', `Authorization: Basic ${Buffer.from('user:password').toString('base64')}`)).toEqual([]);
    expect(run('secrets.basic-auth-header', 'realm="Basic Authentication" Basic Realm')).toEqual([]);
  });
});
