/**
 * The investigation page's stylesheet, in Guardian's report style (the cards, tables and
 * badges of src/threatmodel/html/style.css), with the timeline's colours. Kept in a module
 * rather than a .css file because scripts/copy-assets.mjs ships only src/report/html and
 * src/threatmodel/html assets to dist/. The page hashes it into its CSP (src/report/html-page.ts).
 */
export const STYLE = `:root { --bg: #f7f8fa; --fg: #1d2330; --muted: #5b6576; --card: #fff; --line: #dde1e8; --code: #f0f2f5;
  --critical: #9b1c1c; --high: #d9480f; --medium: #b7791f; --low: #2b6cb0; --info: #718096; --none: #8a94a6; --ok: #2f855a; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171c; --fg: #e6e9ef; --muted: #9aa4b5; --card: #1d2128; --line: #313743; --code: #262b33; --critical: #f05252; --none: #6b7486; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header, section, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 8px; }
.sub, .muted { color: var(--muted); }
.mono, code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
code { overflow-wrap: anywhere; }
a { color: var(--low); }
blockquote { margin: 8px 0; padding: 4px 12px; border-left: 4px solid var(--line); color: var(--muted); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card .n { font-size: 26px; font-weight: 700; }
.card .l { color: var(--muted); }
.card .by { font-size: 13px; }
.card.sev-critical { border-top-color: var(--critical); } .card.sev-high { border-top-color: var(--high); }
.card .n.sev-critical { color: var(--critical); } .card .n.sev-high { color: var(--high); }
.summary { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); width: 100%; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--bg); font-weight: 600; position: sticky; top: 0; }
td.num, th.num { text-align: right; }
.nowrap { white-space: nowrap; }
table.kv { width: auto; min-width: 50%; }
table.events td { white-space: nowrap; }
table.events td.ua { font-size: 12px; color: var(--muted); }
table.events code { overflow-wrap: normal; }
tr.failed td.result { color: var(--high); font-weight: 600; }
.badge { display: inline-block; color: #fff; border-radius: 4px; padding: 0 6px; font-size: 12px; text-transform: uppercase; font-weight: 700; vertical-align: 1px; white-space: nowrap; }
.badge.sev-critical { background: var(--critical); } .badge.sev-high { background: var(--high); } .badge.sev-medium { background: var(--medium); }
.badge.sev-low { background: var(--low); } .badge.sev-info { background: var(--info); }
.dtag { display: inline-block; font-size: 11.5px; border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; margin: 1px 2px 1px 0; font-family: ui-monospace, monospace; }
.dtag.sev-critical { border-color: var(--critical); color: var(--critical); } .dtag.sev-high { border-color: var(--high); color: var(--high); }
.dtag.sev-medium { border-color: var(--medium); color: var(--medium); } .dtag.sev-low { border-color: var(--low); color: var(--low); }
article.finding { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--low); border-radius: 6px; margin: 8px 0; padding: 8px 14px; }
article.finding.sev-critical { border-left-color: var(--critical); } article.finding.sev-high { border-left-color: var(--high); } article.finding.sev-medium { border-left-color: var(--medium); }
article.finding p { margin: 2px 0; }
ol.steps { padding-left: 0; list-style: none; counter-reset: step; }
ol.steps > li { background: var(--card); border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; padding: 10px 14px; }
.step-head { font-weight: 600; }
.step-no { display: inline-block; min-width: 1.8em; height: 1.8em; line-height: 1.8em; text-align: center; border-radius: 50%; background: var(--fg); color: var(--card); margin-right: 8px; font-size: 13px; }
.cmd { position: relative; }
pre { background: var(--code); padding: 8px 10px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
button.copy { position: absolute; top: 4px; right: 4px; font: inherit; font-size: 12px; padding: 1px 8px; border: 1px solid var(--line); border-radius: 4px; background: var(--card); color: var(--fg); cursor: pointer; }
.verify { font-size: 14px; }
.verify strong { color: var(--ok); }
figure.chart { margin: 0 0 8px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; overflow-x: auto; }
figure.chart figcaption { color: #5b6576; font-size: 13px; margin-top: 4px; }
svg.timeline { display: block; max-width: 100%; height: auto; font-family: system-ui, sans-serif; }
svg.timeline .lane-bg { fill: #fff; } svg.timeline .lane-bg.odd { fill: #f4f6f9; }
svg.timeline .lane-name { font-size: 12px; font-weight: 600; fill: #1d2330; }
svg.timeline .lane-key { font-size: 11px; font-family: ui-monospace, monospace; fill: #5b6576; }
svg.timeline .grid { stroke: #dde1e8; stroke-width: 1; }
svg.timeline .plot-edge { stroke: #b8bfcc; }
svg.timeline .axis { font-size: 11px; fill: #5b6576; } svg.timeline .axis.date { font-weight: 600; }
svg.timeline .dlabel { font-size: 11px; font-weight: 600; }
svg.timeline .guide { stroke-width: 1; stroke-dasharray: 2 3; opacity: .7; }
svg.timeline .mark { stroke-width: 1.5; }
svg.timeline .sev-critical { fill: #9b1c1c; stroke: #9b1c1c; } svg.timeline .sev-high { fill: #d9480f; stroke: #d9480f; }
svg.timeline .sev-medium { fill: #b7791f; stroke: #b7791f; } svg.timeline .sev-low { fill: #2b6cb0; stroke: #2b6cb0; }
svg.timeline .sev-info, svg.timeline .sev-none { fill: #8a94a6; stroke: #8a94a6; }
svg.timeline .mark.failed { fill: #fff; stroke-width: 2; }
svg.timeline text.dlabel { stroke: none; }
.legend { font-size: 13px; color: var(--muted); display: flex; gap: 14px; flex-wrap: wrap; margin: 4px 0 8px; }
.legend .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; vertical-align: -1px; margin-right: 4px; border: 2px solid transparent; }
.dot.sev-critical { background: #9b1c1c; } .dot.sev-high { background: #d9480f; } .dot.sev-medium { background: #b7791f; } .dot.sev-low { background: #2b6cb0; }
.dot.sev-none { background: #8a94a6; } .dot.failed { background: #fff; border-color: #8a94a6; }
ul.plain { padding-left: 20px; } ul.plain li { margin: 2px 0; }
details summary { cursor: pointer; color: var(--muted); }
footer { margin: 36px auto 30px; color: var(--muted); font-size: 13px; }
@media print {
  :root { --bg: #fff; --fg: #000; --card: #fff; --code: #f4f4f4; }
  body { font-size: 10.5pt; }
  header, section, footer { max-width: none; padding: 0; }
  button.copy { display: none !important; }
  .scroll, figure.chart { overflow: visible; }
  thead th { position: static; }
  tr, ol.steps > li, article.finding, figure.chart, .card { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .badge, .dot, .card, svg.timeline { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
