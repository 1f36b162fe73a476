import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_TABLE_DDL } from '../../../src/investigate/evidence/schema.js';
import { EvidenceStore } from '../../../src/investigate/evidence/store.js';

describe('EvidenceStore', () => {
  it('creates the cloudtrail table with the Athena column names plus the flattened ones', async () => {
    const store = await EvidenceStore.open(':memory:');
    const columns = await store.query<{ name: string; type: string }>(
      "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = 'cloudtrail' ORDER BY ordinal_position",
    );
    await store.close();
    expect(columns.map((c) => c.name)).toEqual(CLOUDTRAIL_COLUMNS.map((c) => c.name));
    const type = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    expect(type).toMatchObject({ eventtime: 'TIMESTAMP', requestparameters: 'JSON', readonly: 'BOOLEAN', useridentity_accesskeyid: 'VARCHAR', source_index: 'INTEGER' });
    for (const athena of ['eventversion', 'useridentity', 'eventsource', 'errorcode', 'additionaleventdata', 'sharedeventid', 'vpcendpointid', 'tlsdetails'])
      expect(type[athena]).toBeDefined();
    expect(CLOUDTRAIL_TABLE_DDL).toContain('CREATE TABLE IF NOT EXISTS cloudtrail');
  });

  it('returns plain values: numbers for BIGINT, ISO strings for timestamps, parsed JSON', async () => {
    const store = await EvidenceStore.open(':memory:');
    const [row] = await store.query(
      "SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big, TIMESTAMP '2024-08-01 13:33:28' AS t, '{\"a\":[1]}'::JSON AS j, {'k': 1::BIGINT} AS s, [1, 2] AS l, $1 AS p",
      ['x'],
    );
    await store.close();
    expect(row).toEqual({ small: 42, big: '9007199254740993', t: '2024-08-01T13:33:28.000Z', j: { a: [1] }, s: { k: 1 }, l: [1, 2], p: 'x' });
  });

  it('keeps a case store on disk across opens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guardian-store-'));
    const path = join(dir, '.guardian', 'cases', 'c1', 'evidence.duckdb');
    try {
      const first = await EvidenceStore.open(path);
      expect(await first.execute("INSERT INTO cloudtrail (eventid, eventname) VALUES ('e1', 'ListUsers')")).toBe(1);
      await first.close();
      const second = await EvidenceStore.open(path);
      expect(await second.query('SELECT eventid, eventname FROM cloudtrail')).toEqual([{ eventid: 'e1', eventname: 'ListUsers' }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
