/**
 * Fake credentials for the secrets tests. None is real: bodies come from a seeded
 * pseudo-random generator. They are assembled at runtime from fragments so that this
 * repository's own source never contains a contiguous key (Guardian scanning itself
 * must not report its tests).
 */

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${BASE62}+/`;
const HEX = '0123456789abcdef';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Deterministic characters from `alphabet` (xorshift32 seeded by `seed`). */
export function fakeChars(seed: number, length: number, alphabet: string = BASE62): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

/** Join fragments (keeps key prefixes and bodies apart in the source). */
const j = (...parts: string[]): string => parts.join('');

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

/** PEM block with a DER-looking base64 body (starts with `MII`), 64-character lines. */
export function fakePem(label: string, seed: number, bodyLength = 1216): string {
  const body = j('MII', fakeChars(seed, bodyLength - 3, BASE64));
  const lines = body.match(/.{1,64}/g)!.join('\n');
  return [j('-----BEGIN ', label, '-----'), lines, j('-----END ', label, '-----')].join('\n');
}

export const FAKE = {
  awsKeyId: j('AK', 'IA', fakeChars(11, 16, UPPER_DIGITS)),
  awsKeyId2: j('AK', 'IA', fakeChars(12, 16, UPPER_DIGITS)),
  awsTempKeyId: j('AS', 'IA', fakeChars(13, 16, UPPER_DIGITS)),
  awsRoleId: j('AR', 'OA', fakeChars(14, 16, UPPER_DIGITS)),
  awsSecret: j('Zq3v', fakeChars(21, 36, BASE64).replace(/^(.{5})/, '$1a9Q')).slice(0, 40),
  awsSecret2: j('Hb7t', fakeChars(22, 36, BASE64).replace(/^(.{5})/, '$1k2M')).slice(0, 40),
  awsDocsKeyId: j('AKIA', 'IOSFODNN7', 'EXAMPLE'),
  awsDocsSecret: j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY'),
  github: j('gh', 'p_', fakeChars(31, 36)),
  gitlab: j('glp', 'at-', fakeChars(32, 20)),
  npm: j('np', 'm_', fakeChars(33, 36)),
  slackBot: j('xo', 'xb-', '2431658790-', '1928374650123-', fakeChars(34, 24)),
  sendgrid: j('S', 'G.', fakeChars(35, 22), '.', fakeChars(36, 43)),
  stripeLive: j('sk', '_live_', fakeChars(41, 24)),
  stripeTest: j('sk', '_test_', fakeChars(42, 24)),
  stripeDocs: j('sk_test_', '4eC39HqLyjWDarjtT1zdp7dc'),
  stripeWebhook: j('wh', 'sec_', fakeChars(43, 32)),
  google: j('AI', 'za', 'Sy', fakeChars(44, 33, `${BASE62}-_`)),
  azureStorage: j(fakeChars(45, 86, BASE64), '=='),
  azureClientSecret: j('x7K', '8Q~', fakeChars(46, 31, `${BASE62}_~.-`).replace(/[~.-]$/, 'z')),
  twilioToken: fakeChars(47, 32, HEX),
  mailchimp: j(fakeChars(48, 32, HEX), '-us', '14'),
  pypi: j('pypi-', 'AgEIcHlwaS5vcmc', fakeChars(49, 70, `${BASE62}_-`).replace(/[-_]$/, 'q')),
  telegram: j('6234519870', ':AA', fakeChars(50, 33)),
  digitalocean: j('do', 'p_v1_', fakeChars(51, 64, HEX)),
  discordWebhook: j('https://discord.com/api/webhooks/', '1123581321345589144', '/', fakeChars(52, 68)),
  slackWebhook: j('https://hooks.slack.com/services/', 'T0', fakeChars(53, 8, UPPER_DIGITS), '/B0', fakeChars(54, 8, UPPER_DIGITS), '/', fakeChars(55, 24)),
  jwt: j(
    base64url('{"alg":"HS256","typ":"JWT"}'),
    '.',
    base64url('{"sub":"user-4821","role":"admin","iat":1717000000,"exp":4102444800}'),
    '.',
    fakeChars(56, 43, `${BASE62}-_`),
  ),
  jwtDocs: j(
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
    '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ),
  bearer: fakeChars(57, 40, `${BASE62}-._`).replace(/[-._]$/, 'x'),
  /** `Basic` credentials: base64 of `deploy:` + a random password. */
  basicUserPass: j('deploy', ':', fakeChars(58, 14)),
  dbPassword: j('Vx7p', fakeChars(59, 12)),
  redisPassword: j('Rk8v', fakeChars(60, 14)),
  genericToken: j('9fK2', fakeChars(61, 20)),
  genericPassword: j('Hx9!', 'kq2P', 'zLw'),
  rsaKey: fakePem('RSA PRIVATE KEY', 71),
  opensshKey: fakePem('OPENSSH PRIVATE KEY', 72).replace('MII', 'b3BlbnNzaC1rZXktdjE'),
  encryptedKey: fakePem('ENCRYPTED PRIVATE KEY', 73),
  pkcs8Key: fakePem('PRIVATE KEY', 74),
};

/** `Basic` header value for FAKE.basicUserPass. */
export const FAKE_BASIC = Buffer.from(FAKE.basicUserPass).toString('base64');

/** A GCP service-account key file (JSON) with a fake key. */
export function fakeGcpKeyFile(): string {
  return `${JSON.stringify(
    {
      type: 'service_account',
      project_id: 'fry-factory-prod',
      private_key_id: fakeChars(75, 40, HEX),
      private_key: `${FAKE.pkcs8Key}\n`,
      client_email: 'orders@fry-factory-prod.iam.gserviceaccount.com',
      client_id: '109876543210987654321',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    null,
    2,
  )}\n`;
}
