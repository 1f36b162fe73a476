const express = require('express');
const vm = require('vm');
const _ = require('lodash');

const app = express();
app.use(express.json());

app.get('/calc', (req, res) => {
  const expr = req.query.expr;
  // ruleid: javascript.code-injection.taint
  const result = eval(expr);
  res.json({ result });
});

app.post('/rules/preview', (req, res) => {
  const { condition } = req.body;
  // ruleid: javascript.code-injection.taint
  const predicate = new Function('order', `return (${condition});`);
  res.json({ matches: predicate({ total: 10 }) });
});

app.post('/sandbox', (req, res) => {
  const sandbox = { result: null };
  // ruleid: javascript.code-injection.taint
  vm.runInNewContext('result = ' + req.body.script, sandbox, { timeout: 50 });
  res.json(sandbox);
});

app.post('/schedule', (req, res) => {
  const { action, delayMs } = req.body;
  // ruleid: javascript.code-injection.taint
  setTimeout(action, 1000);
  // ok: javascript.code-injection.taint
  setTimeout(() => console.log('reminder', action), Number(delayMs));
  res.sendStatus(202);
});

app.post('/email/preview', (req, res) => {
  // ruleid: javascript.code-injection.taint
  const compiled = _.template(req.body.template);
  res.send(compiled({ name: 'Ada' }));
});

app.get('/plugins/:name', (req, res) => {
  // ruleid: javascript.code-injection.taint
  const plugin = require('./plugins/' + req.params.name);
  res.json(plugin.describe());
});

const OPERATIONS = { add: (a, b) => a + b, mul: (a, b) => a * b };

app.get('/op', (req, res) => {
  const op = OPERATIONS[req.query.op];
  if (!op) return res.status(400).end();
  // ok: javascript.code-injection.taint
  const value = op(Number(req.query.a), Number(req.query.b));
  // ok: javascript.code-injection.taint
  const settings = JSON.parse(req.query.settings || '{}');
  // ok: javascript.code-injection.taint, javascript.code-injection.eval-dynamic
  const globalObject = new Function('return this')();
  return res.json({ value, settings, hasGlobal: !!globalObject });
});

// Legacy config loader: evaluates a file's contents.
function loadLegacyConfig(text) {
  // ruleid: javascript.code-injection.eval-dynamic
  return eval('(' + text + ')');
}

// Spreadsheet-style formulas compiled from stored strings.
function compileFormula(expression) {
  // ruleid: javascript.code-injection.eval-dynamic
  return new Function('row', `with (row) { return (${expression}); }`);
}

// ok: javascript.code-injection.eval-dynamic
const ONE = eval('1');

module.exports = { app, loadLegacyConfig, compileFormula, ONE };
