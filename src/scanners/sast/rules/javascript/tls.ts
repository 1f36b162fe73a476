import got from 'got';
import { Agent } from 'undici';

const insecure = process.argv.includes('--insecure');

// ruleid: javascript.tls.node-tls-reject-unauthorized
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = insecure ? '0' : '1';
// ok: javascript.tls.node-tls-reject-unauthorized
process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/internal-ca.pem';

export const client = got.extend({
  prefixUrl: 'https://billing.example.com',
  // ruleid: javascript.tls.verification-disabled
  https: { rejectUnauthorized: false },
});

export const dispatcher = new Agent({
  connect: {
    // ok: javascript.tls.verification-disabled
    rejectUnauthorized: true,
    // ok: javascript.tls.verification-disabled
    checkServerIdentity: (host: string, cert: { subject: { CN: string } }) =>
      cert.subject.CN === host ? undefined : new Error(`unexpected certificate for ${host}`),
  },
});
