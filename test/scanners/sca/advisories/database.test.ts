import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AdvisoryDatabase, buildDatabase } from '../../../../src/scanners/sca/advisories/database.js';
import { type RecordProblem, readOsvRecords } from '../../../../src/scanners/sca/advisories/records.js';
import { OSV_FIXTURES } from './helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'guardian-osv-'));

describe('offline advisory database', () => {
  it('builds from a directory tree of JSON and YAML records and looks packages up', () => {
    const problems: RecordProblem[] = [];
    const path = join(tmp(), 'osv.db');
    const info = buildDatabase(path, readOsvRecords(OSV_FIXTURES, (p) => problems.push(p)), [OSV_FIXTURES], new Date('2026-11-22T00:00:00Z'));
    const npm = readdirSync(join(OSV_FIXTURES, 'npm')).filter((f) => f.endsWith('.json')).length;
    const pypi = readdirSync(join(OSV_FIXTURES, 'PyPI'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length;
    expect(problems).toEqual([]);
    expect(info.advisories).toBe(npm + pypi);
    const db = AdvisoryDatabase.openIfExists(path)!;
    expect(db.info()).toMatchObject({ builtAt: '2026-11-22T00:00:00.000Z', advisories: npm + pypi });
    expect(db.lookup('PyPI', 'Flask').map((r) => r.id)).toEqual(['PYSEC-2018-66', 'PYSEC-2019-179', 'PYSEC-2023-62']);
    expect(db.lookup('PyPI', 'PyYAML').map((r) => r.id)).toContain('PYSEC-2021-142');
    expect(db.lookup('npm', 'axios').map((r) => r.id)).toContain('GHSA-8hc4-vh64-cxmj');
    expect(db.lookup('npm', 'left-pad')).toEqual([]);
    db.close();
  });

  it('reads zip exports and reports invalid files without stopping', () => {
    const dir = tmp();
    const flask = readFileSync(join(OSV_FIXTURES, 'PyPI', 'flask', 'PYSEC-2018-66.yaml'), 'utf8');
    const lodash = readFileSync(join(OSV_FIXTURES, 'npm', 'GHSA-35jh-r3h4-6jhm.json'), 'utf8');
    const zip = join(dir, 'all.zip');
    writeFileSync(zip, zipSync({ 'PYSEC-2018-66.yaml': strToU8(flask), 'GHSA-35jh-r3h4-6jhm.json': strToU8(lodash), 'broken.json': strToU8('{"id": '), 'other.json': strToU8('{"no": "id"}') }));
    const problems: RecordProblem[] = [];
    const records = [...readOsvRecords(zip, (p) => problems.push(p))];
    expect(records.map((r) => r.id).sort()).toEqual(['GHSA-35jh-r3h4-6jhm', 'PYSEC-2018-66']);
    expect(problems.map((p) => p.file).sort()).toEqual(['broken.json', 'other.json']);
    expect(problems.find((p) => p.file === 'other.json')?.message).toBe("not an OSV record: missing string 'id'");
  });

  it('replaces the file atomically and keeps the newest version of a record', () => {
    const path = join(tmp(), 'osv.db');
    const base = JSON.parse(readFileSync(join(OSV_FIXTURES, 'npm', 'GHSA-35jh-r3h4-6jhm.json'), 'utf8'));
    const older = { ...base, modified: '2000-01-01T00:00:00Z', summary: 'old' };
    buildDatabase(path, [base, older], ['test']);
    const db = AdvisoryDatabase.openIfExists(path)!;
    expect(db.lookup('npm', 'lodash')[0]!.summary).toBe(base.summary);
    db.close();
    expect(readdirSync(join(path, '..'))).toEqual(['osv.db']);
    expect(AdvisoryDatabase.openIfExists(join(tmp(), 'missing.db'))).toBeUndefined();
  });

  const shared = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'osv');
  it.runIf(existsSync(shared))('loads the complete shared OSV sample (664 PyPI packages, 61 npm records)', () => {
    const problems: RecordProblem[] = [];
    const path = join(tmp(), 'osv.db');
    const info = buildDatabase(path, readOsvRecords(shared, (p) => problems.push(p)), [shared]);
    expect(problems).toEqual([]);
    expect(info.packages).toBeGreaterThanOrEqual(664 + 42);
    const db = AdvisoryDatabase.openIfExists(path)!;
    expect(db.lookup('PyPI', 'django').length).toBeGreaterThan(100);
    db.close();
  });
});
