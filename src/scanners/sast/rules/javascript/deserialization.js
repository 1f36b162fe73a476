const express = require('express');
const cookieParser = require('cookie-parser');
const serialize = require('node-serialize');
const yaml = require('js-yaml');

const app = express();
app.use(cookieParser());
app.use(express.text({ type: 'application/x-yaml' }));

app.get('/dashboard', (req, res) => {
  if (req.cookies.profile) {
    const raw = Buffer.from(req.cookies.profile, 'base64').toString();
    // ruleid: javascript.deserialization.taint
    const profile = serialize.unserialize(raw);
    return res.render('dashboard', { name: profile.username });
  }
  // ok: javascript.deserialization.taint
  const prefs = JSON.parse(req.cookies.prefs || '{}');
  return res.render('dashboard', { prefs });
});

app.post('/config', (req, res) => {
  // ruleid: javascript.deserialization.taint
  const config = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  // ok: javascript.deserialization.taint, javascript.deserialization.unsafe-deserializer
  const safe = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json({ config, safe });
});

app.post('/bulk', (req, res) => {
  const docs = [];
  // ruleid: javascript.deserialization.taint
  yaml.loadAll(req.body, (doc) => docs.push(doc), { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json(docs);
});

// Jobs read back from a shared cache: not request data, but the format executes functions.
function restoreJob(cached) {
  // ruleid: javascript.deserialization.unsafe-deserializer
  return serialize.unserialize(cached);
}

function loadPluginManifest(text) {
  // ruleid: javascript.deserialization.unsafe-deserializer
  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA, filename: 'plugins.yml' });
}

function loadSettings(text) {
  // js-yaml 4: load() uses the safe default schema.
  // ok: javascript.deserialization.unsafe-deserializer
  return yaml.load(text);
}

// ok: javascript.deserialization.unsafe-deserializer
const snapshot = serialize.serialize({ createdAt: Date.now() });

module.exports = { app, restoreJob, loadPluginManifest, loadSettings, snapshot };
