const express = require('express');
const axios = require('axios');
const http = require('http');
const got = require('got');

const app = express();
app.use(express.json());

const WEBHOOKS = { slack: 'https://hooks.slack.com/services/T000/B000/XXX', teams: 'https://example.webhook.office.com/x' };

app.get('/preview', async (req, res) => {
  const { url } = req.query;
  // ruleid: javascript.ssrf.taint
  const page = await axios.get(url, { timeout: 3000 });
  res.json({ title: /<title>(.*?)<\/title>/.exec(page.data)?.[1] });
});

app.post('/webhooks/test', async (req, res) => {
  const target = req.body.callbackUrl;
  // ruleid: javascript.ssrf.taint
  const result = await fetch(target, { method: 'POST', body: JSON.stringify({ ping: true }) });
  // ok: javascript.ssrf.taint
  const known = await fetch(WEBHOOKS[req.body.channel], { method: 'POST', body: JSON.stringify(req.body) });
  res.json({ status: result.status, known: known.status });
});

app.get('/users/:login', async (req, res) => {
  // ok: javascript.ssrf.taint
  const profile = await axios.get(`https://api.github.com/users/${encodeURIComponent(req.params.login)}`);
  // ok: javascript.ssrf.taint
  const repos = await got('https://api.github.com/users/' + req.params.login + '/repos').json();
  res.json({ profile: profile.data, repos });
});

app.get('/proxy', (req, res) => {
  // ruleid: javascript.ssrf.taint
  http.get({ hostname: req.query.host, port: 80, path: '/status' }, (upstream) => upstream.pipe(res));
});

app.get('/image', async (req, res) => {
  // ok: javascript.ssrf.taint
  const thumb = await axios({ method: 'get', url: 'https://images.example.com/thumb', params: { id: req.query.id } });
  const base = req.query.cdn;
  const response = await axios({
    method: 'get',
    // ruleid: javascript.ssrf.taint
    url: `${base}/images/${req.query.id}`,
    responseType: 'stream',
  });
  response.data.pipe(res);
  res.locals.thumb = thumb;
});

module.exports = app;
