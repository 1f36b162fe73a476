import { describe, expect, it } from 'vitest';
import { credentialKind, detectGeneric } from '../../../src/scanners/secrets/generic.js';
import { FAKE } from './fakes.js';

const PW = FAKE.genericPassword;
const TOK = FAKE.genericToken;

/** The values the generic detector reports in `text` (file at `path`), with their severities. */
function found(path: string, text: string): { value: string; severity: string | undefined; detail: string | undefined }[] {
  return detectGeneric(text, path).map((h) => ({ value: text.slice(h.secretStart, h.secretEnd), severity: h.severity, detail: h.detail }));
}

describe('credentialKind', () => {
  it.each([
    ['password', 'password'],
    ['DB_PASSWORD', 'password'],
    ['dbPassword', 'password'],
    ['db.passwd', 'password'],
    ['SMTP_PWD', 'password'],
    ['db_pass', 'password'],
    ['dbPass', 'password'],
    ['--password', 'password'],
    ['$password', 'password'],
    ['client_secret', 'token'],
    ['apiKey', 'token'],
    ['X-Api-Key', 'token'],
    ['GITHUB_TOKEN', 'token'],
    ['refreshToken', 'token'],
    ['aws_secret_access_key', 'token'],
    ['SECRET_KEY', 'token'],
    ['signing_key', 'token'],
  ])('%s holds a %s', (name, kind) => {
    expect(credentialKind(name)).toBe(kind);
  });

  it.each(['password_hash', 'passwordField', 'token_url', 'tokenizer', 'max_tokens', 'csrf_token', 'nextPageToken', 'public_key', 'bypass', 'compass', 'secret_name', 'api_key_id', 'passwordRegex'])(
    '%s is not a credential name',
    (name) => {
      expect(credentialKind(name)).toBeUndefined();
    },
  );
});

describe('detectGeneric: reported', () => {
  it.each([
    ['src/settings.py', `DB_PASSWORD = "${PW}"`, PW],
    ['src/client.js', `const apiKey = '${TOK}';`, TOK],
    ['src/client.ts', `  private readonly apiToken: string = '${TOK}';`, TOK],
    ['src/settings.py', `    password: str = "${PW}"`, PW],
    ['src/config.json', `  "client_secret": "${TOK}",`, TOK],
    ['src/config.json', `{"password":"${PW}"}`, PW],
    ['deploy/values.yaml', `  password: ${PW}`, PW],
    ['deploy/values.yaml', `  password: "${PW}"  # rotated monthly`, PW],
    ['.env', `API_TOKEN=${TOK}`, TOK],
    ['config/.env.production', `export SMTP_PASSWORD=${PW}`, PW],
    ['src/db.php', `    'password' => '${PW}',`, PW],
    ['src/db.go', `\tPassword: "${PW}",`, PW],
    ['src/db.rb', `  :password => '${PW}',`, PW],
    ['src/app.properties', `spring.datasource.password=${PW}`, PW],
    ['scripts/deploy.sh', `mysql --password=${PW} -h db`, PW],
    ['src/Db.cs', `var cs = "Server=db;User Id=sa;Password=${PW};";`, PW],
    ['src/Db.java', `String url = "jdbc:sqlserver://db;user=sa;pwd=${PW}";`, PW],
    ['src/client.py', `headers['X-Api-Key'] = '${TOK}'`, TOK],
    ['src/client.py', `client = Client(api_key="${TOK}")`, TOK],
    ['infra/main.tf', `  master_password = "${PW}"`, PW],
  ])('%s: %s', (path, line, value) => {
    expect(found(path, `${line}\n`).map((f) => f.value)).toEqual([value]);
  });

  it('names the variable in the detail and keeps medium severity in source code', () => {
    expect(found('src/settings.py', `DB_PASSWORD = "${PW}"\n`)).toEqual([{ value: PW, severity: undefined, detail: 'DB_PASSWORD' }]);
  });

  it.each(['test/test_settings.py', 'tests/fixtures/db.py', 'src/__tests__/db.ts', 'src/db.spec.ts', 'docs/setup.md', 'README.md'])('is low in tests and docs: %s', (path) => {
    expect(found(path, `password = "${PW}"\n`).map((f) => f.severity)).toEqual(['low']);
  });

  it('is low for test-looking names in source code', () => {
    expect(found('src/seed.py', `TEST_USER_PASSWORD = "${PW}"\n`).map((f) => f.severity)).toEqual(['low']);
  });

  it('reports documented example values (RFC 6749) as examples', () => {
    const hits = detectGeneric(`"access_token": "${'2YotnFZFEjr1' + 'zCsicMWpAA'}",\n`, 'src/oauth.py');
    expect(hits.map((h) => h.example)).toEqual([true]);
  });
});

describe('detectGeneric: not reported', () => {
  it.each([
    ['placeholder', 'src/a.py', 'password = "changeme"'],
    ['empty', 'src/a.py', 'password = ""'],
    ['env lookup', 'src/a.py', 'password = os.environ["DB_PASSWORD"]'],
    ['env lookup with default', 'src/a.py', 'password = os.environ.get("DB_PASSWORD", "")'],
    ['process.env', 'src/a.js', 'const token = process.env.API_TOKEN;'],
    ['getenv', 'src/a.go', 'password := os.Getenv("DB_PASSWORD")'],
    ['${VAR}', 'src/a.js', 'const secret = `${SECRET}`;'],
    ['shell ${VAR}', '.env', 'API_TOKEN=${API_TOKEN}'],
    ['jinja', 'deploy/app.yml', 'password: "{{ db_password }}"'],
    ['GitHub Actions', '.github/workflows/ci.yml', '          token: ${{ secrets.NPM_TOKEN }}'],
    ['%(var)s', 'src/a.py', 'password = "%(password)s" % values'],
    ['your_..._here', 'src/a.py', 'api_key = "your_api_key_here"'],
    ['xxx', 'src/a.py', 'password = "xxxxxxxxxxxx"'],
    ['stars', 'config/app.yml', 'password: "********"'],
    ['<...>', 'src/a.py', 'password = "<password>"'],
    ['test', 'src/a.py', 'token = "test-token-12345678"'],
    ['example', 'src/a.py', 'password = "example123!"'],
    ['dummy', 'src/a.py', 'secret = "dummy-secret-value-1"'],
    ['URL without credentials', 'src/a.py', 'token = "https://api.github.com/app/token"'],
    ['file path', 'src/a.py', 'private_key = "/etc/keys/app.pem"'],
    ['relative path', 'config/app.yml', 'token: ./secrets/token.txt'],
    ['function call', 'src/a.py', 'password = hashlib.sha256(salt + raw).hexdigest()'],
    ['unquoted call in YAML', 'docs/rules.yml', '      const resetToken = randomBytes(32).toString("base64url");'],
    ['comparison', 'src/a.py', 'if password == "hunter2hunter2":'],
    ['strict comparison', 'src/a.js', 'if (token === "abc123XYZ789def") {'],
    ['hash name', 'src/a.py', 'password_hash = "pbkdf2:sha256:260000$abc$def"'],
    ['csrf', 'src/a.py', 'csrf_token = "a8f5f167f44f4964e6c998dee827110c"'],
    ['public key', 'src/a.py', 'public_key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"'],
    ['TypeScript type', 'src/a.ts', '  password: string;'],
    ['unquoted identifier in code', 'src/a.js', 'const password = userInput;'],
    ['YAML tag', 'template.yaml', '      MasterUserPassword: !Ref DbPassword'],
    ['YAML boolean', 'config/app.yml', '  token: true'],
    ['number', 'src/a.py', 'max_tokens = 4096'],
    ['header name', 'src/a.js', "const token = 'Authorization';"],
    ['translation', 'locales/de.json', '  "password": "Passwort",'],
    ['label with spaces', 'locales/en.json', '  "password": "Enter your password",'],
    ['constant name', 'src/a.py', 'API_KEY = "API_KEY"'],
    ['input prompt', 'src/a.py', 'password = input("Password: ")'],
    ['too short', 'src/a.py', 'password = "ab12"'],
    ['low-entropy token', 'src/a.py', 'token = "aaaaaaaaaaaab1"'],
    ['identifier-like value', 'src/a.py', 'secret = "app-signing-secret-name"'],
  ])('%s', (_label, path, line) => {
    expect(found(path, `${line}\n`)).toEqual([]);
  });
});
