const express = require('express');
const fs = require('fs');
const path = require('path');
const multer = require('multer');

const app = express();
const upload = multer({ dest: '/var/app/uploads' });
const REPORTS_DIR = path.join(__dirname, 'reports');

app.get('/reports/:name', (req, res) => {
  const file = path.join(REPORTS_DIR, req.params.name);
  // ruleid: javascript.path-traversal.taint
  fs.readFile(file, 'utf8', (err, data) => res.type('text').send(data));
});

app.get('/download', (req, res) => {
  const { file } = req.query;
  // ruleid: javascript.path-traversal.taint
  res.download(`${REPORTS_DIR}/${file}`);
});

app.get('/attachments/:id', (req, res) => {
  // ruleid: javascript.path-traversal.taint
  res.sendFile(path.resolve('attachments', req.params.id), { maxAge: 3600 });
});

app.get('/static/:file', (req, res) => {
  // ok: javascript.path-traversal.taint
  res.sendFile(req.params.file, { root: REPORTS_DIR });
});

app.get('/avatar', (req, res) => {
  const name = path.basename(req.query.name);
  // ok: javascript.path-traversal.taint
  fs.createReadStream(path.join(REPORTS_DIR, name)).pipe(res);
});

app.post('/import', upload.single('csv'), (req, res) => {
  // ok: javascript.path-traversal.taint
  const rows = fs.readFileSync(req.file.path, 'utf8').split('\n');
  // ruleid: javascript.path-traversal.taint
  fs.renameSync(req.file.path, path.join('/var/app/imports', req.file.originalname));
  res.json({ rows: rows.length });
});

app.delete('/cache/:key', async (req, res) => {
  const target = path.join('/tmp/cache', req.params.key);
  // ruleid: javascript.path-traversal.taint
  await fs.promises.unlink(target);
  // ok: javascript.path-traversal.taint
  await fs.promises.unlink(path.join('/tmp/cache', 'index.json'));
  res.sendStatus(204);
});

function saveNote(user, title, body) {
  fs.writeFileSync(path.join('/data/notes', user, title + '.md'), body);
}

app.post('/notes', (req, res) => {
  // ruleid: javascript.path-traversal.taint
  saveNote('alice', req.body.title, 'hello');
  // ok: javascript.path-traversal.taint
  saveNote('alice', 'draft', req.body.text);
  res.sendStatus(201);
});

// CLI entry point: the operator names the file to import.
function importFromCli() {
  // ok: javascript.path-traversal.taint
  return fs.readFileSync(process.argv[2], 'utf8');
}

module.exports = { app, importFromCli };
