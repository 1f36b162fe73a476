const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

const DESTINATIONS = { billing: '/account/billing', docs: 'https://docs.example.com/' };

app.post('/login', (req, res) => {
  const returnTo = req.query.returnTo || '/';
  // ruleid: javascript.open-redirect.taint
  res.redirect(returnTo);
});

app.get('/out', (req, res) => {
  // ruleid: javascript.open-redirect.taint
  res.redirect(302, req.query.url);
});

app.get('/go/:name', (req, res) => {
  // ok: javascript.open-redirect.taint
  res.redirect(DESTINATIONS[req.params.name] || '/');
});

app.get('/orders/:id/edit', (req, res) => {
  // ok: javascript.open-redirect.taint
  res.redirect('/orders/' + req.params.id + '?tab=edit');
  // ok: javascript.open-redirect.taint
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
});

app.get('/legacy', (req, res) => {
  // ruleid: javascript.open-redirect.taint
  res.redirect('/' + req.query.path);
});

app.get('/sso/callback', (req, res) => {
  const target = req.session.returnTo || req.cookies.returnTo;
  // ruleid: javascript.open-redirect.taint
  res.writeHead(302, { Location: target, 'Cache-Control': 'no-store' });
  res.end();
});

// Browser: after sign-in, continue where the user was going.
function continueAfterLogin() {
  const next = new URLSearchParams(location.search).get('next');
  // ruleid: javascript.open-redirect.taint
  window.location.href = next;
}

function openHelp() {
  // ok: javascript.open-redirect.taint
  window.location.href = '/help#' + location.hash.slice(1);
}

module.exports = { app, continueAfterLogin, openHelp };
