import { createHash } from 'node:crypto';
import CryptoJS from 'crypto-js';

interface Credentials {
  email: string;
  password: string;
  pin: string;
}

export function legacyFingerprint(creds: Credentials): string {
  // ruleid: javascript.weak-hash.password-createhash
  return createHash('sha1').update(`${creds.email}:${creds.password}`).digest('hex');
}

export function pinDigest(creds: Credentials): string {
  // ruleid: javascript.weak-hash.password-md5-function
  return CryptoJS.MD5(creds.pin).toString();
}

export function fileChecksum(buffer: Buffer): string {
  // ok: javascript.weak-hash.password-createhash
  return createHash('md5').update(buffer).digest('hex');
}

export function gravatarUrl(creds: Credentials): string {
  // ok: javascript.weak-hash.password-md5-function
  const hash = CryptoJS.MD5(creds.email.trim().toLowerCase()).toString();
  return `https://www.gravatar.com/avatar/${hash}`;
}
