import { readFileSync } from 'node:fs';
import type { InvestigationResult, TimelineEntry } from '../../../src/investigate/model.js';

const PATH = new URL('../../fixtures/investigate/result-leaked-key.json', import.meta.url);

/** The hand-written leaked-key investigation (a fresh copy per call, so tests may change it). */
export function leakedKeyResult(): InvestigationResult {
  return JSON.parse(readFileSync(PATH, 'utf8')) as InvestigationResult;
}

/** The fixture with its timeline replaced by `n` synthetic read-only calls spread over `spanMs`, spread over `actors` lanes. */
export function withLongTimeline(n: number, spanMs: number, actors = 6): InvestigationResult {
  const base = leakedKeyResult();
  const start = Date.parse('2024-06-04T00:00:00Z');
  const timeline: TimelineEntry[] = Array.from({ length: n }, (_, i) => ({
    time: new Date(start + Math.floor((i / n) * spanMs)).toISOString(),
    eventId: `evt-${i}`,
    eventSource: 's3.amazonaws.com',
    eventName: i % 7 === 0 ? 'PutObject' : 'GetObject',
    actor: `arn:aws:iam::111122223333:user/worker-${i % actors}`,
    accessKeyId: `AKIAEXAMPLEWORKER${String(i % actors).padStart(3, '0')}`,
    sourceIp: `198.51.100.${i % actors}`,
    region: 'us-east-1',
    ...(i % 11 === 0 ? { error: 'AccessDenied: denied' } : {}),
    resources: [],
    detectionIds: i % 50 === 0 ? ['aws.collection.bulk-s3-reads'] : [],
    scope: { kind: 'seed-access-key', via: 'AKIAEXAMPLEWORKER000', text: 'seed' },
  }));
  const hit = { id: 'aws.collection.bulk-s3-reads', title: 'Bulk S3 object reads', severity: 'high' as const, tactic: 'Collection', tacticId: 'TA0009', technique: 'T1530', techniqueName: 'Data from Cloud Storage', rationale: 'Many reads.', eventIds: timeline.filter((e) => e.detectionIds.length).map((e) => e.eventId) };
  return { ...base, timeline, detections: [hit], stats: { ...base.stats, inScope: n } };
}
