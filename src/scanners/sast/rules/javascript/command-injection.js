const express = require('express');
const cp = require('child_process');
const { exec, execFile, spawn } = require('child_process');
const shell = require('shelljs');
const path = require('path');

const app = express();
const UPLOAD_DIR = '/var/app/uploads';

app.get('/ping', (req, res) => {
  const host = req.query.host;
  // ruleid: javascript.command-injection.taint
  exec(`ping -c 4 ${host}`, (err, stdout) => res.send(stdout));
});

app.post('/convert', (req, res) => {
  const { input, format } = req.body;
  const outFile = path.join(UPLOAD_DIR, 'out.' + format);
  // ruleid: javascript.command-injection.taint
  cp.execSync('convert ' + input + ' ' + outFile);
  // ok: javascript.command-injection.taint
  execFile('convert', [input, outFile], (err) => res.sendStatus(err ? 500 : 204));
});

app.get('/archive/:name', (req, res) => {
  // ruleid: javascript.command-injection.taint
  const child = spawn('tar', ['-czf', '/tmp/out.tgz', req.params.name], { shell: true });
  // ok: javascript.command-injection.taint
  const safe = spawn('tar', ['-czf', '/tmp/out.tgz', '--', req.params.name]);
  child.on('exit', () => res.download('/tmp/out.tgz'));
  safe.on('exit', () => {});
});

app.post('/run', (req, res) => {
  const tool = req.body.tool;
  // ruleid: javascript.command-injection.taint
  const proc = spawn(tool, ['--version']);
  proc.stdout.pipe(res);
});

function gitLog(branch) {
  // ruleid: javascript.command-injection.dynamic-command
  return require('child_process').execSync(`git log --oneline ${branch}`).toString();
}

app.get('/log', (req, res) => {
  // ruleid: javascript.command-injection.taint
  res.type('text').send(gitLog(req.query.branch));
});

app.get('/disk', (req, res) => {
  const pages = parseInt(req.query.pages, 10);
  // ok: javascript.command-injection.taint
  // ruleid: javascript.command-injection.dynamic-command
  exec(`df -h | head -n ${pages}`, (err, out) => res.type('text').send(out));
  // ok: javascript.command-injection.taint, javascript.command-injection.dynamic-command
  exec('uptime', (err, out) => res.type('text').send(out));
});

app.post('/deploy', (req, res) => {
  // ruleid: javascript.command-injection.taint
  shell.exec('./deploy.sh ' + req.body.env);
  res.sendStatus(202);
});

// Not request data, but still a shell command assembled from a variable.
function backup(dbName) {
  // ruleid: javascript.command-injection.dynamic-command
  cp.exec(`pg_dump ${dbName} > /backups/${dbName}.sql`);
  // ok: javascript.command-injection.dynamic-command
  cp.exec(`du -sh ${UPLOAD_DIR}`);
}

// Regex exec is not child_process.exec.
function firstWord(text) {
  const re = /\w+/;
  // ok: javascript.command-injection.taint, javascript.command-injection.dynamic-command
  return re.exec(text + ' ');
}

// CI helper run as `node checkout.js "$BRANCH"`: branch names come from pull requests.
function checkoutFromCli() {
  // ruleid: javascript.command-injection.taint
  cp.execSync(`git checkout ${process.argv[2]}`);
  // ok: javascript.command-injection.taint
  spawn(process.argv[0], [__filename, '--child'], { stdio: 'inherit' });
}

module.exports = { app, backup, firstWord, checkoutFromCli };
