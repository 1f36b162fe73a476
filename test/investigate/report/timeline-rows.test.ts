import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../src/investigate/model.js';
import { collapseTimeline, isReadOnlyName } from '../../../src/investigate/report/timeline-rows.js';

const base: TimelineEntry = {
  time: '2024-06-04T03:13:40.000Z',
  eventId: 'e0',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  actor: 'arn:aws:iam::111122223333:user/svc-reporting',
  accessKeyId: 'AKIA4MXQ7ZLV2REPORTS',
  sourceIp: '203.0.113.66',
  region: 'us-east-1',
  resources: [],
  detectionIds: ['aws.discovery.recon-burst'],
  scope: { kind: 'seed-access-key', via: 'AKIA4MXQ7ZLV2REPORTS', text: '' },
};
const at = (i: number, change: Partial<TimelineEntry> = {}): TimelineEntry => ({ ...base, eventId: `e${i}`, time: `2024-06-04T03:13:${40 + i}.000Z`, ...change });

describe('collapseTimeline', () => {
  it('merges consecutive identical read-only calls, keeping the range and the regions', () => {
    const rows = collapseTimeline([at(0), at(1, { region: 'us-east-2' }), at(2, { region: 'eu-west-1' })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(3);
    expect(rows[0]!.first.eventId).toBe('e0');
    expect(rows[0]!.last.eventId).toBe('e2');
    expect(rows[0]!.regions).toEqual(['us-east-1', 'us-east-2', 'eu-west-1']);
  });

  it('never merges writes, and breaks a run on any difference in who, where from, result or detections', () => {
    expect(collapseTimeline([at(0, { eventName: 'RunInstances' }), at(1, { eventName: 'RunInstances' })])).toHaveLength(2);
    expect(collapseTimeline([at(0), at(1, { sourceIp: '203.0.113.141' })])).toHaveLength(2);
    expect(collapseTimeline([at(0), at(1, { accessKeyId: 'ASIA4MXQ7ZLVSESSN0B3' })])).toHaveLength(2);
    expect(collapseTimeline([at(0), at(1, { actor: 'arn:aws:iam::111122223333:user/other' })])).toHaveLength(2);
    expect(collapseTimeline([at(0), at(1, { error: 'AccessDenied: no' })])).toHaveLength(2);
    expect(collapseTimeline([at(0), at(1, { detectionIds: [] })])).toHaveLength(2);
    expect(collapseTimeline([at(0), at(1, { eventName: 'DescribeVpcs' }), at(2)])).toHaveLength(3);
  });

  it('merges failures with the same error code even when the messages differ', () => {
    const rows = collapseTimeline([at(0, { error: 'AccessDenied: on a' }), at(1, { error: 'AccessDenied: on b' })]);
    expect(rows.map((r) => r.count)).toEqual([2]);
  });

  it('tells read-only calls by name', () => {
    expect(['DescribeInstances', 'ListBuckets', 'GetCallerIdentity', 'HeadObject', 'LookupEvents', 'BatchGetSecretValue', 'Scan', 'Query'].every(isReadOnlyName)).toBe(true);
    expect(['CreateUser', 'PutBucketPolicy', 'StopLogging', 'Listen', 'QueryAndDelete'].some(isReadOnlyName)).toBe(false);
  });
});
