import { describe, expect, it } from 'vitest';
import { encodePurlComponent, normalizePypiName, npmPurl, pypiPurl } from '../../../../src/scanners/sca/lockfiles/purl.js';

describe('purl helpers', () => {
  it('npm: scope @ is percent-encoded, names keep their case', () => {
    expect(npmPurl('lodash', '4.17.20')).toBe('pkg:npm/lodash@4.17.20');
    expect(npmPurl('@babel/core', '7.22.0')).toBe('pkg:npm/%40babel/core@7.22.0');
    expect(npmPurl('JSONStream', '1.3.5')).toBe('pkg:npm/JSONStream@1.3.5');
    expect(npmPurl('pkg', '1.0.0-rc.1+build.5')).toBe('pkg:npm/pkg@1.0.0-rc.1%2Bbuild.5');
  });

  it('PyPI: PEP 503 normalised names', () => {
    expect(normalizePypiName('Flask_SQLAlchemy')).toBe('flask-sqlalchemy');
    expect(normalizePypiName('zope.interface')).toBe('zope-interface');
    expect(normalizePypiName('Foo.-_Bar')).toBe('foo-bar');
    expect(pypiPurl('PyYAML', '5.3')).toBe('pkg:pypi/pyyaml@5.3');
    expect(pypiPurl('typing_extensions', '4.11.0')).toBe('pkg:pypi/typing-extensions@4.11.0');
    expect(pypiPurl('foo', '1!2.0+local.1')).toBe('pkg:pypi/foo@1%212.0%2Blocal.1');
  });

  it('encodes everything but RFC 3986 unreserved characters', () => {
    expect(encodePurlComponent("a-b_c.d~e!'()* /:@")).toBe('a-b_c.d~e%21%27%28%29%2A%20%2F%3A%40');
  });
});
