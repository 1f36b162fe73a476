const express = require('express');
const mysql = require('mysql2');
const { Pool } = require('pg');

const app = express();
const db = mysql.createConnection({});
const pool = new Pool();

app.get('/orders', (req, res) => {
  const customer = req.query.customer;
  const sql = `SELECT * FROM orders WHERE customer = '${customer}'`;
  // ruleid: javascript.sqli.taint
  db.query(sql, (err, rows) => res.json(rows));
});

app.get('/orders/:id', async (req, res) => {
  // ruleid: javascript.sqli.taint
  const result = await pool.query('SELECT * FROM orders WHERE id = ' + req.params.id);
  // ok: javascript.sqli.taint
  const safe = await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  // ok: javascript.sqli.taint
  const numeric = await pool.query('SELECT * FROM orders WHERE id = ' + parseInt(req.params.id, 10));
  res.json({ result, safe, numeric });
});

function findUser(knex, name) {
  // ruleid: javascript.sqli.string-built-query
  return knex.raw(`SELECT * FROM users WHERE name = '${name}'`);
}

app.post('/users', async (req, res) => {
  const { name } = req.body;
  // ruleid: javascript.sqli.taint
  const rows = await findUser(app.locals.knex, name);
  res.json(rows);
});

app.get('/static', async (_req, res) => {
  // ok: javascript.sqli.taint, javascript.sqli.string-built-query
  res.json(await pool.query('SELECT count(*) FROM orders'));
});

const TABLE = 'audit_log';

// Repository helpers: the values come from callers, so only the pattern rule can see them.
async function countByStatus(status) {
  // ruleid: javascript.sqli.string-built-query
  const [rows] = await db.promise().query(`SELECT count(*) AS n FROM orders WHERE status = '${status}'`);
  return rows[0].n;
}

async function purgeBefore(days) {
  // ok: javascript.sqli.string-built-query
  await pool.query(`DELETE FROM ${TABLE} WHERE created_at < now() - interval '30 days'`);
  // ok: javascript.sqli.string-built-query
  await pool.query('DELETE FROM ' + TABLE + ' WHERE created_at < now() - $1::interval', [`${days} days`]);
  // ruleid: javascript.sqli.string-built-query
  await pool.query('DELETE FROM sessions WHERE user_id = ' + days.userId);
}

app.get('/search', async (req, res) => {
  const sql = require('sql-template-strings');
  // ok: javascript.sqli.taint
  const rows = await pool.query(sql`SELECT * FROM orders WHERE customer = ${req.query.customer}`);
  // ruleid: javascript.sqli.taint
  const sorted = await pool.query('SELECT * FROM orders ORDER BY ' + req.query.sort);
  res.json({ rows, sorted, n: await countByStatus('open'), purged: await purgeBefore(30) });
});
