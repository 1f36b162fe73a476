/**
 * `insider-s3-exfiltration`: a legitimate data user, at an unusual hour and from home,
 * lists and bulk-downloads a sensitive bucket (S3 data events), then rewrites the bucket
 * policy so their personal AWS account can read it, and that account copies more objects.
 * ATT&CK T1530 (Data from Cloud Storage) and T1537 (Transfer Data to Cloud Account).
 */
import { iamUser, otherAccount } from '../identity.js';
import type { ContainmentStep, ScenarioContext, ScenarioModule, StepInput } from './context.js';

interface InsiderData {
  victimPrincipal: string;
  outsideAccount: string;
  ips: { home: string };
  userAgents: { cli: string; external: string };
  bucket: string;
  prefixes: string[];
  objects: number;
}

const SECOND = 1000;

export const insiderS3Exfiltration: ScenarioModule = {
  name: 'insider-s3-exfiltration',
  description:
    'A legitimate user, at night and from an unfamiliar IP, bulk-downloads a sensitive bucket and then grants an outside account read access through the bucket policy; the outside account copies more objects.',
  run(ctx: ScenarioContext) {
    const d = ctx.data as unknown as InsiderData;
    const p = ctx.principal(d.victimPrincipal);
    const key = p.accessKeyId as string;
    const actor = iamUser(ctx.account, p.userName as string, p.principalId, key);
    const prng = ctx.prng;
    const region = 'us-east-1';
    let t = 0;
    const step = (s: Partial<StepInput> = {}): StepInput => ({ actor, after: t, region, ip: d.ips.home, userAgent: d.userAgents.cli, ...s });
    const bucketArn = `arn:aws:s3:::${d.bucket}`;

    ctx.emit('s3:ListBuckets', step());
    const keys: string[] = [];
    for (const prefix of d.prefixes) {
      t += prng.int(2, 8) * SECOND;
      ctx.emit('s3:ListObjects', step({ overrides: { bucket: d.bucket, prefix } }));
    }
    for (let i = 0; i < d.objects; i++) {
      t += prng.int(150, 1500);
      const prefix = prng.pick(d.prefixes);
      const objectKey = `${prefix}part-${String(i).padStart(5, '0')}-${prng.hex(8)}.parquet`;
      keys.push(objectKey);
      ctx.emit('s3:GetObject', step({ overrides: { bucket: d.bucket, objectKey, objectBytes: prng.int(5_000_000, 60_000_000) } }));
    }

    t += prng.int(2, 6) * 60 * SECOND;
    ctx.emit('s3:GetBucketPolicy', step({ overrides: { bucket: d.bucket } }));
    t += prng.int(20, 90) * SECOND;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AnalyticsPartnerRead', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${d.outsideAccount}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [bucketArn, `${bucketArn}/*`] },
      ],
    };
    ctx.emit('s3:PutBucketPolicy', step({ overrides: { bucket: d.bucket, bucketPolicy: policy } }));

    // The outside account reads through the new policy (logged in the bucket owner's trail).
    const outside = otherAccount(d.outsideAccount, ctx.newId('AIDA'));
    t += prng.int(3, 10) * 60 * SECOND;
    for (let i = 0; i < 40; i++) {
      t += prng.int(100, 800);
      const objectKey = `${prng.pick(d.prefixes)}part-${String(d.objects + i).padStart(5, '0')}-${prng.hex(8)}.parquet`;
      ctx.emit('s3:GetObject', step({ actor: outside, userAgent: d.userAgents.external, overrides: { bucket: d.bucket, objectKey, objectBytes: prng.int(5_000_000, 60_000_000) } }));
    }

    const userArn = `arn:aws:iam::${ctx.account}:user/${p.userName}`;
    const containment: ContainmentStep[] = [
      { action: 'revert-bucket-policy', target: d.bucket },
      { action: 'deactivate-access-key', target: key, detail: p.userName },
      { action: 'revoke-user-sessions', target: userArn },
    ];
    return { compromised: { accessKeyId: key, principal: userArn }, createdResources: [], expectedContainment: containment };
  },
};
