const express = require('express');
const libxmljs = require('libxmljs');
const xml2js = require('xml2js');
const fs = require('fs');

const app = express();
app.use(express.text({ type: ['application/xml', 'text/xml'] }));

app.post('/invoices', (req, res) => {
  // ruleid: javascript.xxe.libxmljs-noent-taint
  const doc = libxmljs.parseXml(req.body, { noent: true, nocdata: true });
  res.json({ total: doc.get('//total').text() });
});

app.post('/invoices/v2', (req, res) => {
  const xml = req.body.toString('utf8');
  // ok: javascript.xxe.libxmljs-noent-taint
  const doc = libxmljs.parseXml(xml, { nonet: true });
  res.json({ total: doc.get('//total').text() });
});

app.post('/feeds', async (req, res) => {
  // ok: javascript.xxe.libxmljs-noent-taint
  const feed = await xml2js.parseStringPromise(req.body);
  res.json(feed);
});

// Trusted build-time file, but the option is still risky if the source ever changes.
function loadCatalog() {
  const xml = fs.readFileSync('catalog.xml', 'utf8');
  // ruleid: javascript.xxe.libxmljs-noent
  return libxmljs.parseXmlString(xml, { noent: true });
}

function renderInvoiceTemplate(templateXml) {
  // ruleid: javascript.xxe.libxmljs-noent
  return libxmljs.parseXmlString(templateXml, { noent: true, dtdload: true, noblanks: true });
}

function loadSchema() {
  // ok: javascript.xxe.libxmljs-noent
  return libxmljs.parseXml(fs.readFileSync('schema.xsd', 'utf8'), { noent: false });
}

module.exports = { app, loadCatalog, renderInvoiceTemplate, loadSchema };
