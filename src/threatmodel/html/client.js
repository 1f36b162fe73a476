// Browser code of Guardian's threat-model report, inlined into the page (CSP-hashed).
// It only switches which grouping of the threats is visible (both are in the HTML) and
// whether the diagram is shrunk to fit the window, so the page reads completely without it.
/* global document */
(function () {
  'use strict';
  // The diagram: natural size (scrolls when wide) or shrunk to the window's width.
  var figure = document.getElementById('dfd');
  var fit = figure && figure.querySelector('.fit-toggle');
  if (fit) {
    fit.addEventListener('click', function () {
      var on = !figure.classList.contains('fit');
      figure.classList.toggle('fit', on);
      fit.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
    fit.hidden = false;
  }

  var toggle = document.querySelector('.view-toggle');
  if (!toggle) return;
  var buttons = toggle.querySelectorAll('button[data-view]');
  function show(view) {
    buttons.forEach(function (button) {
      var on = button.getAttribute('data-view') === view;
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      var section = document.getElementById(button.getAttribute('data-view'));
      if (section) section.hidden = !on;
    });
  }
  buttons.forEach(function (button) {
    button.addEventListener('click', function () {
      show(button.getAttribute('data-view'));
    });
  });
  // A link to a threat (review section) lands in the STRIDE view, which holds the ids.
  document.querySelectorAll('a[href^="#t"]').forEach(function (link) {
    link.addEventListener('click', function () {
      show('view-stride');
    });
  });
  toggle.hidden = false;
  show('view-stride');
})();
