const express = require('express');
const http = require('http');
const escapeHtml = require('escape-html');

const app = express();

app.get('/search', (req, res) => {
  const q = req.query.q;
  // ruleid: javascript.xss.server-response
  res.send(`<h1>Results for ${q}</h1>`);
});

app.get('/search-safe', (req, res) => {
  // ok: javascript.xss.server-response
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
});

app.get('/hello/:name', (req, res) => {
  // ruleid: javascript.xss.server-response
  res.status(200).send('<p>Hello ' + req.params.name + '</p>');
  // ok: javascript.xss.server-response
  res.json({ greeting: `Hello ${req.params.name}` });
});

app.get('/profile', (req, res) => {
  // ok: javascript.xss.server-response
  res.render('profile', { name: req.query.name });
});

app.post('/api/echo', express.json(), (req, res) => {
  // ok: javascript.xss.server-response
  res.send({ received: req.body });
});

function errorPage(message) {
  return `<html><body><div class="error">${message}</div></body></html>`;
}

app.get('/error', (req, res) => {
  const page = errorPage(req.query.msg);
  // ruleid: javascript.xss.server-response
  res.status(400).send(page);
  // ok: javascript.xss.server-response
  res.status(400).send(errorPage('Something went wrong'));
});

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  res.writeHead(200, { 'Content-Type': 'text/html' });
  // ruleid: javascript.xss.server-response
  res.write('<p>You asked for ' + url.searchParams.get('page') + '</p>');
  // ok: javascript.xss.server-response
  res.end(JSON.stringify({ path: url.pathname }));
}).listen(8080);

// Browser code.
function showSearchTerm() {
  const params = new URLSearchParams(window.location.search);
  const term = params.get('term');
  // ruleid: javascript.xss.dom
  document.getElementById('term').innerHTML = 'Searching for <b>' + term + '</b>';
  // ok: javascript.xss.dom
  document.getElementById('term-text').textContent = term;
  // ok: javascript.xss.dom
  document.getElementById('term-safe').innerHTML = DOMPurify.sanitize(term);
}

function renderTab() {
  const tab = decodeURIComponent(location.hash.slice(1));
  // ruleid: javascript.xss.dom
  $('#tabs').html(`<li class="active">${tab}</li>`);
  // ok: javascript.xss.dom
  $('#tabs .label').text(tab);
  // ruleid: javascript.xss.dom
  document.write('<script src="/widgets/' + tab + '.js"></script>');
}

window.addEventListener('message', (event) => {
  // ruleid: javascript.xss.dom
  document.querySelector('#chat').insertAdjacentHTML('beforeend', `<p>${event.data.text}</p>`);
  // ok: javascript.xss.dom
  document.querySelector('#status').innerHTML = '<em>new message</em>';
});

module.exports = { app, showSearchTerm, renderTab };
