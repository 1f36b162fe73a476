import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { OsvRecord } from '../../../../src/scanners/sca/advisories/osv.js';

/** Real OSV records copied from the GitHub and PyPA advisory databases (see README there). */
export const OSV_FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'osv');

export function npmRecord(id: string): OsvRecord {
  return JSON.parse(readFileSync(join(OSV_FIXTURES, 'npm', `${id}.json`), 'utf8')) as OsvRecord;
}

export function pypiRecord(pkg: string, id: string): OsvRecord {
  return parse(readFileSync(join(OSV_FIXTURES, 'PyPI', pkg, `${id}.yaml`), 'utf8')) as OsvRecord;
}
