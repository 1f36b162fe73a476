import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A synthetic source tree for benchmarks: Flask-style Python modules under `py/` and
 * Express-style JavaScript and TypeScript under `js/`, about 200 lines each, with
 * request handlers, database and HTTP calls, helpers and classes, and a sprinkling of
 * real vulnerabilities (so the taint engine has work to do). Deterministic per seed.
 *
 * `mix: 'app'` models an application's file mix: one module in five handles requests,
 * the rest are domain logic, models and utilities (Saleor, a real 850k-line app, has
 * fewer request handlers than that). `mix: 'dense'` makes every module a request
 * handler full of database, HTTP and file calls: a worst case for the analyser.
 */
export function generateTree(root: string, files: number, seed = 42, mix: 'app' | 'dense' = 'app'): { files: number; lines: number } {
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const words = ['order', 'customer', 'fries', 'invoice', 'ticket', 'report', 'session', 'account', 'product', 'basket', 'payment', 'shipment', 'review', 'coupon', 'menu'];
  const name = () => `${pick(words)}_${pick(words)}`;
  const camel = () => `${pick(words)}${pick(words).replace(/^./, (c) => c.toUpperCase())}`;

  let lines = 0;
  for (let i = 0; i < files; i++) {
    const python = i % 2 === 0;
    // In the app mix, four modules in five are domain logic with no request handling.
    const handlers = mix === 'dense' || rand() < 0.2;
    const dir = join(root, python ? 'py' : 'js', `pkg${Math.floor(i / 100)}`);
    mkdirSync(dir, { recursive: true });
    const body: string[] = [];
    if (python) {
      body.push(...(handlers ? ['import os', 'import json', 'import sqlite3', 'import requests', 'from flask import Flask, request, jsonify', '', 'app = Flask(__name__)', ''] : ['import os', 'import json', 'from dataclasses import dataclass', '']));
      while (body.length < 190) {
        const fn = name();
        const kind = handlers ? rand() : 0.5 + rand() * 0.5;
        if (kind < 0.25) {
          body.push(`@app.route("/${fn}/<item_id>")`, `def ${fn}(item_id):`, `    value = request.args.get("${pick(words)}", "")`, `    conn = sqlite3.connect("app.db")`);
          body.push(rand() < 0.1 ? `    rows = conn.execute("SELECT * FROM ${pick(words)} WHERE id = '" + value + "'").fetchall()` : `    rows = conn.execute("SELECT * FROM ${pick(words)} WHERE id = ?", (value,)).fetchall()`);
          body.push('    result = [dict(zip(["id", "name"], row)) for row in rows]', '    return jsonify(result)', '');
        } else if (kind < 0.5) {
          body.push(`class ${camel().replace(/^./, (c) => c.toUpperCase())}Service:`, '    def __init__(self, client, limit=10):', '        self.client = client', '        self.limit = limit', '');
          body.push(`    def fetch(self, key):`, `        response = self.client.get(f"https://api.example.com/${pick(words)}/{key}", timeout=5)`, '        response.raise_for_status()', '        return response.json()[: self.limit]', '');
        } else if (kind < 0.75) {
          body.push(`def ${fn}(data, factor=2):`, '    total = 0', '    for entry in data:', '        if entry.get("active"):', '            total += entry["amount"] * factor', '        else:', '            total -= 1', `    return {"${pick(words)}": total, "count": len(data)}`, '');
        } else {
          body.push(`def load_${fn}(path):`, '    with open(os.path.join("/srv/data", os.path.basename(path))) as handle:', '        content = json.load(handle)', `    return [item for item in content if item.get("${pick(words)}")]`, '');
        }
      }
    } else {
      const ts = i % 4 === 1;
      body.push(...(handlers ? ["const express = require('express');", "const axios = require('axios');", "const { Pool } = require('pg');", '', 'const router = express.Router();', 'const pool = new Pool();', ''] : ["const path = require('path');", '', 'const router = {};', '']));
      while (body.length < 190) {
        const fn = camel();
        const kind = handlers ? rand() : 0.5 + rand() * 0.5;
        if (kind < 0.25) {
          body.push(`router.get('/${fn}/:id', async (req, res) => {`, `  const ${fn}Id = req.params.id;`);
          body.push(rand() < 0.1 ? `  const result = await pool.query(\`SELECT * FROM ${pick(words)} WHERE id = '\${${fn}Id}'\`);` : `  const result = await pool.query('SELECT * FROM ${pick(words)} WHERE id = $1', [${fn}Id]);`);
          body.push('  res.json(result.rows);', '});', '');
        } else if (kind < 0.5) {
          body.push(`async function fetch${fn}(key${ts ? ': string' : ''}) {`, `  const response = await axios.get(\`https://api.example.com/${pick(words)}/\${encodeURIComponent(key)}\`, { timeout: 5000 });`, '  return response.data.items.filter((item) => item.active);', '}', '');
        } else if (kind < 0.75) {
          body.push(`function ${fn}(items${ts ? ': Array<{ amount: number; active: boolean }>' : ''}, factor = 2) {`, '  let total = 0;', '  for (const item of items) {', '    if (item.active) {', '      total += item.amount * factor;', '    } else {', '      total -= 1;', '    }', '  }', `  return { ${pick(words)}: total, count: items.length };`, '}', '');
        } else {
          body.push(`class ${fn.replace(/^./, (c) => c.toUpperCase())}Store {`, '  constructor(limit = 10) {', '    this.limit = limit;', '    this.cache = new Map();', '  }', '', '  get(key) {', '    return this.cache.get(key) ?? null;', '  }', '}', '');
        }
      }
      body.push('module.exports = router;');
    }
    const ext = python ? 'py' : i % 4 === 1 ? 'ts' : 'js';
    writeFileSync(join(dir, `module${i}.${ext}`), `${body.join('\n')}\n`);
    lines += body.length + 1;
  }
  return { files, lines };
}
