const https = require('https');
const tls = require('tls');
const fs = require('fs');
const axios = require('axios');
const request = require('request');

// ruleid: javascript.tls.verification-disabled
const insecureAgent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });

// ok: javascript.tls.verification-disabled
const internalAgent = new https.Agent({ ca: fs.readFileSync('/etc/ssl/internal-ca.pem'), keepAlive: true });

async function fetchInventory() {
  const res = await axios.get('https://inventory.internal/api/items', {
    httpsAgent: new https.Agent({
      // ruleid: javascript.tls.verification-disabled
      rejectUnauthorized: false,
    }),
  });
  return res.data;
}

function connectLegacy(host) {
  return tls.connect({
    host,
    port: 8443,
    // ok: javascript.tls.verification-disabled
    rejectUnauthorized: process.env.NODE_ENV === 'production',
    // ruleid: javascript.tls.verification-disabled
    checkServerIdentity: () => undefined,
  });
}

function legacyReport(cb) {
  // ruleid: javascript.tls.verification-disabled
  request({ url: 'https://reports.partner.example/daily', strictSSL: false }, cb);
}

function patchAgent(agent) {
  // ruleid: javascript.tls.verification-disabled
  agent.options.rejectUnauthorized = false;
  // ok: javascript.tls.verification-disabled
  agent.options.keepAlive = false;
}

if (process.env.ALLOW_SELF_SIGNED) {
  // ruleid: javascript.tls.node-tls-reject-unauthorized
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

// ok: javascript.tls.node-tls-reject-unauthorized
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';

function startDevProxy() {
  // ruleid: javascript.tls.node-tls-reject-unauthorized
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0;
  // ok: javascript.tls.node-tls-reject-unauthorized
  const verifying = process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0';
  return verifying;
}

module.exports = { startDevProxy, insecureAgent, internalAgent, fetchInventory, connectLegacy, legacyReport, patchAgent };
