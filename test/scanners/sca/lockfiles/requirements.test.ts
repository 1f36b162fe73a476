import { describe, expect, it } from 'vitest';
import { logicalLines, parseRequirements } from '../../../../src/scanners/sca/lockfiles/requirements.js';
import { byPurl, parseFixture, parseText } from './helpers.js';

const FILE = 'python/requirements/requirements.txt';

describe('requirements.txt', () => {
  const { components, problems } = parseFixture(parseRequirements, FILE);

  it('reads exact pins (==, ===) with extras, markers, hashes and continuations, plus -r includes', () => {
    expect(components.map((c) => [c.name, c.version, c.purl, c.direct, c.manifest])).toEqual([
      ['django', '3.2.25', 'pkg:pypi/django@3.2.25', true, FILE],
      ['flask', '0.12.2', 'pkg:pypi/flask@0.12.2', true, FILE],
      ['jinja2', '2.10', 'pkg:pypi/jinja2@2.10', true, FILE],
      ['mock', '4.0.3', 'pkg:pypi/mock@4.0.3', true, 'python/requirements/requirements-dev.txt'],
      ['pyyaml', '5.3', 'pkg:pypi/pyyaml@5.3', true, FILE],
      ['requests', '2.19.1', 'pkg:pypi/requests@2.19.1', true, FILE],
      ['typing-extensions', '4.11.0', 'pkg:pypi/typing-extensions@4.11.0', true, FILE],
      ['urllib3', '1.23', 'pkg:pypi/urllib3@1.23', true, FILE],
      ['zope-interface', '5.4.0', 'pkg:pypi/zope-interface@5.4.0', true, FILE],
    ]);
    expect(components.every((c) => c.ecosystem === 'PyPI' && c.dev === undefined && c.dependsOn === undefined)).toBe(true);
  });

  it('keeps a hash as integrity only when there is exactly one', () => {
    expect(byPurl(components, 'pkg:pypi/django@3.2.25').integrity).toBe('sha256:a52ea7fcf280b16f7b739cec38fa6d3f8953a5456986944c3ca97e79882b4e38');
    expect(byPurl(components, 'pkg:pypi/urllib3@1.23').integrity).toBeUndefined();
  });

  it('summarises unpinned requirements in one problem', () => {
    expect(problems).toEqual([
      { message: '5 requirements are not pinned to an exact version and cannot be checked: certifi, idna, chardet, itsdangerous, coverage' },
    ]);
  });

  it('reports unreadable -r and -c files, and includes outside the directory', () => {
    const result = parseFixture(parseRequirements, FILE, { 'requirements-dev.txt': undefined, 'constraints.txt': undefined });
    expect(result.problems.slice(0, 2)).toEqual([
      { message: 'cannot read constraints file "constraints.txt": it does not exist or cannot be read', line: 3 },
      { message: 'cannot read included requirements file "requirements-dev.txt": it does not exist or cannot be read', line: 24 },
    ]);
    expect(result.components.some((c) => c.name === 'mock')).toBe(false);
    expect(parseText(parseRequirements, 'requirements.txt', '-r ../base.txt\n--requirement=common/x.txt\n').problems).toEqual([
      { message: 'cannot read included requirements file "../base.txt": only files in the same directory are followed', line: 1 },
      { message: 'cannot read included requirements file "common/x.txt": only files in the same directory are followed', line: 2 },
    ]);
  });

  it('follows -r cycles once and names the included file in its problems', () => {
    const result = parseText(parseRequirements, 'app/requirements.txt', '-r base.txt\nflask==0.12.2\n', {
      'base.txt': '-rrequirements.txt\nrequests==2.19.1\nnot a requirement!\n',
    });
    expect(result.components.map((c) => [c.purl, c.manifest])).toEqual([
      ['pkg:pypi/flask@0.12.2', 'app/requirements.txt'],
      ['pkg:pypi/requests@2.19.1', 'app/base.txt'],
    ]);
    expect(result.problems).toEqual([{ message: 'base.txt line 3: cannot parse requirement "not a requirement!"' }]);
  });

  it('de-duplicates a pin repeated in one file, keeps different pins of one name', () => {
    const text = 'Flask==0.12.2\nflask == 0.12.2\nnumpy==1.19.5; python_version < "3.7"\nnumpy==1.21.0; python_version >= "3.7"\n';
    expect(parseText(parseRequirements, 'requirements.txt', text).components.map((c) => c.purl)).toEqual([
      'pkg:pypi/flask@0.12.2',
      'pkg:pypi/numpy@1.19.5',
      'pkg:pypi/numpy@1.21.0',
    ]);
  });

  it('does not treat wildcards, ranges, conflicting pins or URLs as pinned', () => {
    const text = [
      'a==1.*',
      'b>=1.0,<2',
      'c==1.0,==2.0',
      'd @ https://example.com/d-1.0.tar.gz',
      'https://example.com/pkgs/e-1.0-py3-none-any.whl',
      './local/f',
      'g>=1.0,==1.2 ; sys_platform == "linux"',
      'h (==3.0)',
    ].join('\n');
    const result = parseText(parseRequirements, 'requirements.txt', text);
    expect(result.components.map((c) => c.purl)).toEqual(['pkg:pypi/g@1.2', 'pkg:pypi/h@3.0']);
    expect(result.problems).toEqual([
      { message: '6 requirements are not pinned to an exact version and cannot be checked: a, b, c, d, https://example.com/pkgs/e-1.0-py3-none-any.whl, …' },
    ]);
  });

  it('a requirement is not pinned by a == inside its environment marker', () => {
    expect(parseText(parseRequirements, 'requirements.txt', 'six ; python_version == "2.7"\n').problems).toEqual([
      { message: '1 requirement is not pinned to an exact version and cannot be checked: six' },
    ]);
  });

  it('an empty or comment-only file has nothing to report', () => {
    expect(parseText(parseRequirements, 'requirements.txt', '')).toEqual({ components: [], problems: [] });
    expect(parseText(parseRequirements, 'requirements.txt', '# nothing\n\n   \n')).toEqual({ components: [], problems: [] });
  });
});

describe('logicalLines', () => {
  it('joins backslash continuations, drops comments and keeps the first line number', () => {
    const text = 'a==1 \\\n  --hash=sha256:x \\\n  --hash=sha256:y\n# comment \\\nb==2 # trailing\r\nc @ https://x/c.zip#egg=c\n';
    expect(logicalLines(text)).toEqual([
      { text: 'a==1   --hash=sha256:x   --hash=sha256:y', line: 1 },
      { text: 'b==2', line: 5 },
      { text: 'c @ https://x/c.zip#egg=c', line: 6 },
    ]);
  });

  it('keeps a dangling continuation at the end of the file', () => {
    expect(logicalLines('a==1 \\')).toEqual([{ text: 'a==1', line: 1 }]);
  });
});
