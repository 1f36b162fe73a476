import { describe, expect, it } from 'vitest';
import { isPep508Name, parseRequirement, pinnedVersion } from '../../../../src/scanners/sca/lockfiles/pep508.js';

describe('PEP 508 requirements', () => {
  it('parses names, extras, clauses and markers', () => {
    expect(parseRequirement('requests[socks, security]==2.19.1 ; python_version < "3.8"')).toEqual({
      name: 'requests',
      extras: ['socks', 'security'],
      clauses: [{ op: '==', version: '2.19.1' }],
      marker: 'python_version < "3.8"',
    });
    expect(parseRequirement('Django (>=3.2,<4)')).toEqual({
      name: 'Django',
      extras: [],
      clauses: [{ op: '>=', version: '3.2' }, { op: '<', version: '4' }],
    });
    expect(parseRequirement('pip @ https://github.com/pypa/pip/archive/1.3.1.zip ; python_version > "3"')).toEqual({
      name: 'pip',
      extras: [],
      clauses: [],
      url: 'https://github.com/pypa/pip/archive/1.3.1.zip',
      marker: 'python_version > "3"',
    });
    expect(parseRequirement('six')).toEqual({ name: 'six', extras: [], clauses: [] });
  });

  it('rejects what is not a requirement', () => {
    expect(parseRequirement('not a requirement')).toBeUndefined();
    expect(parseRequirement('-e .')).toBeUndefined();
    expect(parseRequirement('foo=1.0')).toBeUndefined();
    expect(parseRequirement('x @ ')).toBeUndefined();
    expect(isPep508Name('zope.interface')).toBe(true);
    expect(isPep508Name('-bad')).toBe(false);
  });

  it('finds the one exact version a set of clauses pins', () => {
    const clauses = (text: string) => parseRequirement(`x${text}`)!.clauses;
    expect(pinnedVersion(clauses('==1.0'))).toBe('1.0');
    expect(pinnedVersion(clauses('===1.0-custom'))).toBe('1.0-custom');
    expect(pinnedVersion(clauses('>=0.9,==1.0'))).toBe('1.0');
    expect(pinnedVersion(clauses('==1.*'))).toBeUndefined();
    expect(pinnedVersion(clauses('==1.0,==2.0'))).toBeUndefined();
    expect(pinnedVersion(clauses('~=1.0'))).toBeUndefined();
    expect(pinnedVersion([])).toBeUndefined();
  });
});
