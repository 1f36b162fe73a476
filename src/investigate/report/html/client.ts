/**
 * The investigation page's only script (inlined, CSP-hashed): a "Copy" button on each
 * containment command. The commands are plain `<pre>` text, so the page reads and prints
 * completely without it; the Clipboard API needs a secure context (file:// counts in
 * Chromium and Firefox), and the button says so when copying is refused.
 */
export const SCRIPT = `(function () {
  'use strict';
  if (!navigator.clipboard) return;
  document.querySelectorAll('pre.command').forEach(function (pre) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy the command');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(pre.textContent || '').then(
        function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); },
        function () { button.textContent = 'Copy failed'; }
      );
    });
    pre.parentNode.insertBefore(button, pre);
  });
})();
`;
