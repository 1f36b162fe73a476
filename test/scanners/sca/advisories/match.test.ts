import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchAdvisory } from '../../../../src/scanners/sca/advisories/match.js';
import { OSV_FIXTURES, npmRecord, pypiRecord } from './helpers.js';

describe('matchAdvisory on real OSV records', () => {
  it('npm SEMVER range: lodash command injection (GHSA-35jh-r3h4-6jhm, fixed 4.17.21)', () => {
    const record = npmRecord('GHSA-35jh-r3h4-6jhm');
    expect(matchAdvisory(record, 'npm', 'lodash', '4.17.20')).toEqual({ affected: true, fixedVersion: '4.17.21' });
    expect(matchAdvisory(record, 'npm', 'lodash', '4.17.21')).toEqual({ affected: false });
    expect(matchAdvisory(record, 'npm', 'lodash-es', '4.17.15')).toEqual({ affected: true, fixedVersion: '4.17.21' });
    expect(matchAdvisory(record, 'npm', 'underscore', '1.0.0')).toEqual({ affected: false });
  });

  it('picks the fix of the range the version is in (ws, four ranges)', () => {
    const record = npmRecord('GHSA-3h5v-q93c-6h6q');
    expect(matchAdvisory(record, 'npm', 'ws', '5.2.3')).toEqual({ affected: true, fixedVersion: '5.2.4' });
    expect(matchAdvisory(record, 'npm', 'ws', '7.4.6')).toEqual({ affected: true, fixedVersion: '7.5.10' });
    expect(matchAdvisory(record, 'npm', 'ws', '8.17.0')).toEqual({ affected: true, fixedVersion: '8.17.1' });
    expect(matchAdvisory(record, 'npm', 'ws', '8.17.1')).toEqual({ affected: false });
    expect(matchAdvisory(record, 'npm', 'ws', '1.1.5')).toEqual({ affected: false });
  });

  it('honours last_affected without a fix (vm2)', () => {
    const index = readFileSync(join(OSV_FIXTURES, 'npm', 'INDEX.tsv'), 'utf8').split('\n');
    const row = index.find((l) => l.includes('\tvm2\t') && l.split('\t')[8])!.split('\t');
    const [id, , , , , , , , lastAffected] = row;
    const record = npmRecord(id!);
    expect(matchAdvisory(record, 'npm', 'vm2', lastAffected!)).toEqual({ affected: true, fixedVersion: undefined });
    expect(matchAdvisory(record, 'npm', 'vm2', '99.0.0')).toEqual({ affected: false });
  });

  it('matches the record that spells the package "Axios"', () => {
    const index = readFileSync(join(OSV_FIXTURES, 'npm', 'INDEX.tsv'), 'utf8').split('\n');
    const row = index.find((l) => l.split('\t')[2]?.split(';').includes('Axios'))!.split('\t');
    expect(row[0]).toBe('GHSA-8hc4-vh64-cxmj');
    const record = npmRecord(row[0]!);
    expect(matchAdvisory(record, 'npm', 'axios', '1.7.3')).toEqual({ affected: true, fixedVersion: '1.7.4' });
    expect(matchAdvisory(record, 'npm', 'axios', '1.3.1')).toEqual({ affected: false });
  });

  it('PyPI ECOSYSTEM ranges with PEP 440 ordering (flask, pyyaml pre-release fix)', () => {
    const flask = pypiRecord('flask', 'PYSEC-2018-66');
    expect(matchAdvisory(flask, 'PyPI', 'Flask', '0.12.2')).toEqual({ affected: true, fixedVersion: '0.12.3' });
    expect(matchAdvisory(flask, 'PyPI', 'flask', '0.12.3')).toEqual({ affected: false });
    expect(matchAdvisory(flask, 'PyPI', 'flask', '1.0')).toEqual({ affected: false });
    const pyyaml = pypiRecord('pyyaml', 'PYSEC-2020-176');
    expect(matchAdvisory(pyyaml, 'PyPI', 'PyYAML', '5.1.2')).toEqual({ affected: true, fixedVersion: '5.2b1' });
    expect(matchAdvisory(pyyaml, 'PyPI', 'PyYAML', '5.2')).toEqual({ affected: false });
    expect(matchAdvisory(pyyaml, 'PyPI', 'pyyaml', '5.0')).toEqual({ affected: false });
  });

  it('ignores withdrawn records and unparseable versions', () => {
    const record = { ...npmRecord('GHSA-35jh-r3h4-6jhm'), withdrawn: '2024-01-01T00:00:00Z' };
    expect(matchAdvisory(record, 'npm', 'lodash', '4.17.20').affected).toBe(false);
    expect(matchAdvisory(npmRecord('GHSA-35jh-r3h4-6jhm'), 'npm', 'lodash', 'github:lodash/lodash').affected).toBe(false);
  });
});
