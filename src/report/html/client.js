// Browser code of Guardian's HTML report, inlined into the page (CSP-hashed).
// Renders the embedded JSON with DOM APIs only (textContent, never innerHTML):
// paths, snippets and messages come from the scanned repository.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('guardian-data').textContent || '{}');
  var severities = ['critical', 'high', 'medium', 'low', 'info'];
  var state = { text: '', severities: new Set(severities), category: '', showSuppressed: false, group: 'severity' };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeLink(url, label) {
    if (!/^https?:\/\//i.test(url)) return el('span', undefined, label);
    var a = el('a', undefined, label);
    a.href = url;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  function codeBlock(text, cls) {
    var pre = el('pre', cls);
    pre.append(el('code', undefined, text));
    return pre;
  }

  function card(f) {
    var root = el('details', 'finding sev-' + f.severity);
    root.id = f.id;
    var summary = el('summary');
    summary.append(
      el('span', 'badge sev-' + f.severity, f.severity),
      el('span', 'title', f.title),
      el('span', 'where', f.location.path + ':' + f.location.startLine)
    );
    root.append(summary);
    var body = el('div', 'body');
    var meta = el('p', 'meta');
    meta.append(el('code', undefined, f.ruleId), document.createTextNode(' · ' + f.category));
    (f.cwe || []).forEach(function (cwe) {
      meta.append(document.createTextNode(' · '), safeLink('https://cwe.mitre.org/data/definitions/' + cwe.replace('CWE-', '') + '.html', cwe));
    });
    (f.owasp || []).forEach(function (o) { meta.append(document.createTextNode(' · ' + o)); });
    body.append(meta, el('p', 'message', f.message));
    if (f.suppression) {
      body.append(el('p', 'suppressed-note', 'Suppressed (' + f.suppression.kind + '): ' + f.suppression.reason + (f.suppression.expires ? ' — until ' + f.suppression.expires : '')));
    }
    if (f.location.snippet) body.append(codeBlock(f.location.snippet, 'code'));
    if (f.dataFlow && f.dataFlow.length) {
      body.append(el('h4', undefined, 'Data flow'));
      var flow = el('ol', 'flow');
      f.dataFlow.forEach(function (step) { flow.append(el('li', undefined, 'line ' + step.location.startLine + ': ' + step.note)); });
      body.append(flow);
    }
    (f.standards || []).forEach(function (c) {
      body.append(el('p', 'standard', 'Violates: ' + c.title + ', section "' + c.sectionTitle + '" (' + c.path + ')'));
    });
    body.append(el('h4', undefined, 'Fix'), el('p', 'fix', f.remediation.text));
    if (f.remediation.example) body.append(codeBlock(f.remediation.example, 'code fixed'));
    if (f.references && f.references.length) {
      var refs = el('ul', 'refs');
      f.references.forEach(function (ref) {
        var li = el('li');
        li.append(safeLink(ref, ref));
        refs.append(li);
      });
      body.append(el('h4', undefined, 'References'), refs);
    }
    root.append(body);
    return root;
  }

  var list = document.getElementById('findings');
  var counter = document.getElementById('shown');

  function groupKey(f) {
    if (state.group === 'file') return f.location.path;
    if (state.group === 'rule') return f.ruleId + ' — ' + f.title;
    return f.severity;
  }

  function render() {
    var pool = state.showSuppressed ? data.findings.concat(data.suppressed) : data.findings;
    var items = pool.filter(function (f) {
      if (!state.severities.has(f.severity)) return false;
      if (state.category && f.category !== state.category) return false;
      if (!state.text) return true;
      var hay = (f.title + ' ' + f.message + ' ' + f.ruleId + ' ' + f.location.path + ' ' + (f.cwe || []).join(' ')).toLowerCase();
      return hay.indexOf(state.text) !== -1;
    });
    var groups = new Map();
    items.forEach(function (f) {
      var key = groupKey(f);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    });
    var keys = Array.from(groups.keys());
    if (state.group === 'severity') keys.sort(function (a, b) { return severities.indexOf(a) - severities.indexOf(b); });
    else keys.sort();
    list.replaceChildren();
    keys.forEach(function (key) {
      var section = el('section', 'group');
      section.append(el('h3', undefined, key + ' (' + groups.get(key).length + ')'));
      groups.get(key).forEach(function (f) { section.append(card(f)); });
      list.append(section);
    });
    if (!items.length) list.append(el('p', 'empty', 'No findings match these filters.'));
    counter.textContent = items.length + ' shown';
  }

  function on(id, event, handler) {
    var node = document.getElementById(id);
    if (node) node.addEventListener(event, function () { handler(node); render(); });
  }
  on('search', 'input', function (n) { state.text = n.value.trim().toLowerCase(); });
  on('category', 'change', function (n) { state.category = n.value; });
  on('group', 'change', function (n) { state.group = n.value; });
  on('show-suppressed', 'change', function (n) { state.showSuppressed = n.checked; });
  document.querySelectorAll('input[data-severity]').forEach(function (box) {
    box.addEventListener('change', function () {
      if (box.checked) state.severities.add(box.dataset.severity);
      else state.severities.delete(box.dataset.severity);
      render();
    });
  });
  // A link to #<finding-id> opens that finding.
  if (location.hash) {
    render();
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView(); }
  } else {
    render();
  }
})();
