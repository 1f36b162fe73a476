import { describe, expect, it } from 'vitest';
import { dedupeHits, overlaps } from '../../../src/scanners/secrets/dedupe.js';
import type { SecretHit } from '../../../src/scanners/secrets/hit.js';

function hit(ruleId: string, start: number, end: number, extra: Partial<SecretHit> = {}): SecretHit {
  return { ruleId, start, end, secretStart: start, secretEnd: end, engine: 'guardian', ...extra };
}

describe('overlaps', () => {
  it('is true when regions share a character, false when they only touch', () => {
    expect(overlaps(hit('a', 0, 5), hit('b', 4, 8))).toBe(true);
    expect(overlaps(hit('a', 0, 5), hit('b', 5, 8))).toBe(false);
    expect(overlaps(hit('a', 2, 3), hit('b', 0, 10))).toBe(true);
  });
});

describe('dedupeHits', () => {
  it('keeps one hit when secretlint and Guardian report the same range under the same rule (Guardian first)', () => {
    const kept = dedupeHits([hit('secrets.github-token', 10, 50, { engine: 'secretlint' }), hit('secrets.github-token', 10, 50)]);
    expect(kept).toEqual([hit('secrets.github-token', 10, 50)]);
  });

  it('keeps the more specific rule when ranges overlap', () => {
    const generic = hit('secrets.generic-credential', 10, 50);
    const provider = hit('secrets.github-token', 10, 50, { engine: 'secretlint' });
    expect(dedupeHits([generic, provider])).toEqual([provider]);
    const url = hit('secrets.url-credentials', 0, 80);
    const inside = hit('secrets.github-token', 20, 60, { engine: 'secretlint' });
    expect(dedupeHits([url, inside])).toEqual([inside]);
  });

  it('prefers the GCP key file over the private key inside it, and the AWS secret over a generic match', () => {
    const gcp = hit('secrets.gcp-service-account-key', 100, 1400, { engine: 'secretlint' });
    const pem = hit('secrets.private-key', 100, 1398);
    expect(dedupeHits([pem, gcp])).toEqual([gcp]);
    const aws = hit('secrets.aws-secret-access-key', 30, 70);
    expect(dedupeHits([hit('secrets.generic-credential', 30, 70), aws])).toEqual([aws]);
  });

  it("keeps Guardian's example verdict over secretlint's plain report (secretlint does not know documentation keys)", () => {
    const example = hit('secrets.aws-access-key-id', 0, 20, { example: true });
    expect(dedupeHits([hit('secrets.aws-access-key-id', 0, 20, { engine: 'secretlint' }), example])).toEqual([example]);
  });

  it('between hits of one engine and rule, prefers a real hit over an example', () => {
    const real = hit('secrets.aws-access-key-id', 0, 20);
    expect(dedupeHits([hit('secrets.aws-access-key-id', 0, 20, { example: true }), real])).toEqual([real]);
  });

  it('keeps non-overlapping hits, in text order', () => {
    const a = hit('secrets.aws-access-key-id', 0, 20);
    const b = hit('secrets.aws-secret-access-key', 40, 80);
    const c = hit('secrets.generic-credential', 100, 120);
    expect(dedupeHits([c, b, a])).toEqual([a, b, c]);
  });
});
