/**
 * Test code and fixtures, recognised by path: a `test`/`tests`/`spec`/`__tests__`/
 * `fixtures`/`e2e`/`mocks` directory, or a test file name (`*.test.js`, `*_spec.rb`,
 * `test_*.py`, `*_test.go`, `conftest.py`). Scanners lower what they report there:
 * test code does not run in production.
 */
const TEST_DIR = /^(test|tests|testing|spec|specs|__tests__|__mocks__|__fixtures__|fixtures?|testdata|test-data|test_data|e2e|mocks?)$/i;
const TEST_FILE = /(^|[._-])(test|tests|spec)\.[A-Za-z0-9]+$|^test_[^/]+\.py$|_test\.(go|py|rb)$|^conftest\.py$/i;

/** True when a repository-relative path (forward slashes) is test code or a test fixture. */
export function isTestPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.pop() ?? '';
  return segments.some((s) => TEST_DIR.test(s)) || TEST_FILE.test(name);
}
