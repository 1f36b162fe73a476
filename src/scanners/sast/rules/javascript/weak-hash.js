const crypto = require('crypto');
const md5 = require('md5');
const express = require('express');

const app = express();
app.use(express.json());

async function register(db, username, password) {
  // ruleid: javascript.weak-hash.password-createhash
  const passwordHash = crypto.createHash('md5').update(password).digest('hex');
  await db.users.insert({ username, passwordHash });
}

function hashApiSecret(client) {
  const hash = crypto.createHash('sha1');
  // ruleid: javascript.weak-hash.password-createhash
  hash.update(client.apiSecret, 'utf8');
  return hash.digest('base64');
}

app.post('/login', async (req, res) => {
  const user = await app.locals.db.users.findOne({ username: String(req.body.username) });
  // ruleid: javascript.weak-hash.password-md5-function
  if (!user || user.passwordHash !== md5(req.body.password)) return res.sendStatus(401);
  return res.sendStatus(204);
});

// ETags and cache keys are not secrets: fast hashes are fine.
app.get('/assets/:name', (req, res) => {
  const body = app.locals.assets.get(req.params.name);
  // ok: javascript.weak-hash.password-createhash
  const etag = crypto.createHash('md5').update(body).digest('hex');
  // ok: javascript.weak-hash.password-md5-function
  const cacheKey = md5(req.params.name);
  res.set({ ETag: etag, 'X-Cache-Key': cacheKey }).send(body);
});

// Legacy scheme kept for old accounts.
function legacyDigest(user, salt) {
  // ruleid: javascript.weak-hash.password-md5-function
  return md5(user.password + salt);
}

function fileEtag(fileBuffer) {
  // ok: javascript.weak-hash.password-md5-function
  return md5(fileBuffer);
}

function storePassword(password) {
  // ok: javascript.weak-hash.password-createhash
  const digest = crypto.createHash('sha256').update(password).digest('hex');
  // ok: javascript.weak-hash.password-createhash
  const key = crypto.scryptSync(password, crypto.randomBytes(16), 64);
  return { digest, key };
}

module.exports = { app, register, hashApiSecret, legacyDigest, fileEtag, storePassword };
