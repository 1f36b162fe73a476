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
  return knex.raw(`SELECT * FROM users WHERE name = '${name}'`);
}

app.post('/users', async (req, res) => {
  const { name } = req.body;
  // ruleid: javascript.sqli.taint
  const rows = await findUser(app.locals.knex, name);
  res.json(rows);
});

app.get('/static', async (_req, res) => {
  // ok: javascript.sqli.taint
  res.json(await pool.query('SELECT count(*) FROM orders'));
});
