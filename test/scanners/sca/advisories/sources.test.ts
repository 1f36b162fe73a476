import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OsvApiSource } from '../../../../src/scanners/sca/advisories/sources.js';
import { npmRecord, pypiRecord } from './helpers.js';

// A loopback stand-in for api.osv.dev that answers like the real API.
const records = new Map([npmRecord('GHSA-35jh-r3h4-6jhm'), pypiRecord('flask', 'PYSEC-2018-66')].map((r) => [r.id, r]));
const requests: string[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/v1/querybatch') {
      const { queries } = JSON.parse(body) as { queries: { package: { name: string }; version: string }[] };
      const results = queries.map((q) => {
        if (q.package.name === 'lodash' && q.version === '4.17.20') return { vulns: [{ id: 'GHSA-35jh-r3h4-6jhm', modified: '2024' }] };
        if (q.package.name === 'flask') return { vulns: [{ id: 'PYSEC-2018-66', modified: '2024' }] };
        return {};
      });
      res.end(JSON.stringify({ results }));
      return;
    }
    const id = decodeURIComponent(req.url?.replace('/v1/vulns/', '') ?? '');
    const record = records.get(id);
    res.statusCode = record ? 200 : 404;
    res.end(JSON.stringify(record ?? { code: 5, message: 'Bug not found.' }));
  });
});

let base: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('OsvApiSource', () => {
  it('queries in a batch and fetches each record once', async () => {
    const source = new OsvApiSource(base);
    const result = await source.candidates([
      { ecosystem: 'npm', name: 'lodash', version: '4.17.20' },
      { ecosystem: 'npm', name: 'lodash', version: '4.17.21' },
      { ecosystem: 'PyPI', name: 'flask', version: '0.12.2' },
    ]);
    expect(result.map((list) => list.map((r) => r.id))).toEqual([['GHSA-35jh-r3h4-6jhm'], [], ['PYSEC-2018-66']]);
    expect(requests.filter((r) => r.startsWith('GET')).sort()).toEqual(['GET /v1/vulns/GHSA-35jh-r3h4-6jhm', 'GET /v1/vulns/PYSEC-2018-66']);
    expect(source.description).toBe(`OSV API (${base})`);
  });

  it('fails with the HTTP status when the API errors', async () => {
    const source = new OsvApiSource(`${base}/nothing-here`);
    await expect(source.candidates([{ ecosystem: 'npm', name: 'a', version: '1.0.0' }])).rejects.toThrow(/HTTP 404/);
  });
});
