import { jwtDecode } from 'jwt-decode';
import { jwtVerify, createRemoteJWKSet } from 'jose';
import type { NextRequest } from 'next/server';
import { Strategy as JwtStrategy, ExtractJwt } from 'passport-jwt';

const JWKS = createRemoteJWKSet(new URL('https://auth.example.com/.well-known/jwks.json'));

interface Claims {
  sub: string;
  roles: string[];
}

export async function middleware(request: NextRequest): Promise<Response | undefined> {
  const token = request.cookies.get('id_token')?.value ?? '';
  // ruleid: javascript.jwt.decode-without-verify
  const claims = jwtDecode<Claims>(token);
  if (!claims.roles.includes('admin')) return new Response('forbidden', { status: 403 });
  return undefined;
}

export async function verifiedMiddleware(request: NextRequest): Promise<Response | undefined> {
  const token = request.cookies.get('id_token')?.value ?? '';
  // ok: javascript.jwt.decode-without-verify
  const preview = jwtDecode<Claims>(token);
  const { payload } = await jwtVerify(token, JWKS, { algorithms: ['RS256'], issuer: 'https://auth.example.com' });
  if (payload.sub !== preview.sub) return new Response('mismatch', { status: 401 });
  return undefined;
}

// Browser helper: reading the expiry for UX is fine.
export function secondsLeft(token: string): number {
  // ok: javascript.jwt.decode-without-verify
  return jwtDecode<{ exp: number }>(token).exp - Date.now() / 1000;
}

export const apiStrategy = new JwtStrategy(
  {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    secretOrKey: process.env.JWT_PUBLIC_KEY,
    // ok: javascript.jwt.none-algorithm
    algorithms: ['RS256'],
    // ruleid: javascript.jwt.ignore-expiration
    ignoreExpiration: true,
  },
  (payload: Claims, done: (err: unknown, user?: Claims) => void) => done(null, payload),
);

export const strictStrategy = new JwtStrategy(
  {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    secretOrKey: process.env.JWT_PUBLIC_KEY,
    algorithms: ['RS256'],
    // ok: javascript.jwt.ignore-expiration
    ignoreExpiration: false,
  },
  (payload: Claims, done: (err: unknown, user?: Claims) => void) => done(null, payload),
);
