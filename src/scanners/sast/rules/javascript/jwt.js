const express = require('express');
const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');

const app = express();
const SECRET = process.env.JWT_SECRET;

function authenticate(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    // ruleid: javascript.jwt.none-algorithm
    req.user = jwt.verify(token, SECRET, { algorithms: ['HS256', 'none'] });
    next();
  } catch (err) {
    res.sendStatus(401);
  }
}

function authenticateStrict(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  // ok: javascript.jwt.none-algorithm
  req.user = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
  next();
}

app.use(
  '/legacy',
  // ruleid: javascript.jwt.none-algorithm
  expressjwt({ secret: SECRET, algorithms: ['none', 'HS256'], credentialsRequired: false }),
);

// Debug tokens for local tooling.
function issueDebugToken(userId) {
  // ruleid: javascript.jwt.none-algorithm
  return jwt.sign({ sub: userId }, null, { algorithm: 'none' });
}

function issueToken(userId) {
  // ok: javascript.jwt.none-algorithm
  return jwt.sign({ sub: userId }, SECRET, { algorithm: 'HS256', expiresIn: '15m' });
}

app.get('/me', (req, res) => {
  const token = req.cookies.session;
  // ruleid: javascript.jwt.decode-without-verify
  const claims = jwt.decode(token);
  if (!claims || claims.role !== 'admin') return res.sendStatus(403);
  return res.json({ id: claims.sub });
});

app.get('/me/v2', async (req, res) => {
  const token = req.cookies.session;
  // ok: javascript.jwt.decode-without-verify
  const { header } = jwt.decode(token, { complete: true });
  const key = await app.locals.keys.get(header.kid);
  const claims = jwt.verify(token, key, { algorithms: ['RS256'] });
  res.json({ id: claims.sub });
});

function tokenExpiresAt(token) {
  // ok: javascript.jwt.decode-without-verify
  const payload = jwt.decode(token);
  return new Date(payload.exp * 1000);
}

// Admin-only middleware that trusts unverified claims.
function requireAdmin(req, res, next) {
  const [, token] = (req.headers.authorization || '').split(' ');
  // ruleid: javascript.jwt.decode-without-verify
  const { role } = jwt.decode(token) || {};
  return role === 'admin' ? next() : res.sendStatus(403);
}

// ruleid: javascript.jwt.ignore-expiration
const LEGACY_VERIFY_OPTIONS = { algorithms: ['RS256'], ignoreExpiration: true };
// ok: javascript.jwt.ignore-expiration, javascript.jwt.none-algorithm
const VERIFY_OPTIONS = { algorithms: ['RS256', 'ES256'], clockTolerance: 30 };

function refresh(req, res) {
  // ruleid: javascript.jwt.ignore-expiration
  const claims = jwt.verify(req.body.token, SECRET, { algorithms: ['HS256'], ignoreExpiration: true });
  // ok: javascript.jwt.ignore-expiration
  const current = jwt.verify(req.body.token, SECRET, { algorithms: ['HS256'], ignoreExpiration: false });
  res.json({ token: issueToken(claims.sub), current });
}

module.exports = { app, authenticate, authenticateStrict, issueDebugToken, tokenExpiresAt, requireAdmin, refresh, LEGACY_VERIFY_OPTIONS, VERIFY_OPTIONS };
