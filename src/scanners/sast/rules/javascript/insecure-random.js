const express = require('express');
const crypto = require('crypto');

const app = express();
app.use(express.json());

app.post('/password-reset', async (req, res) => {
  const user = await app.locals.users.findByEmail(String(req.body.email));
  // ruleid: javascript.insecure-random.math-random-secret
  const resetToken = Math.random().toString(36).slice(2);
  // ok: javascript.insecure-random.math-random-secret
  const safeToken = crypto.randomBytes(32).toString('hex');
  await app.locals.users.update(user.id, { resetToken, safeToken });
  res.sendStatus(202);
});

function generateOtp(length = 6) {
  let otp = '';
  for (let i = 0; i < length; i++) {
    // ruleid: javascript.insecure-random.math-random-secret
    const digit = Math.floor(Math.random() * 10);
    otp += digit;
  }
  return otp;
}

function createSession(user) {
  return {
    userId: user.id,
    // ruleid: javascript.insecure-random.math-random-secret
    sessionId: Date.now().toString(36) + Math.random().toString(36).substring(2),
    // ok: javascript.insecure-random.math-random-secret
    sessionIdSecure: crypto.randomUUID(),
  };
}

function retryDelay(attempt) {
  // ok: javascript.insecure-random.math-random-secret
  const jitter = Math.random() * 250;
  return Math.min(30_000, 2 ** attempt * 100 + jitter);
}

function pickColor(palette) {
  // ok: javascript.insecure-random.math-random-secret
  return palette[Math.floor(Math.random() * palette.length)];
}

module.exports = { app, generateOtp, createSession, retryDelay, pickColor };
