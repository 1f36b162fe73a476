// One measured scan in its own process, on the built code (dist/), as users run it:
// prints a JSON line with counts, wall time and peak RSS.
import { runScan } from '../dist/core/run.js';
import { createScanners } from '../dist/scanners/index.js';

const [target, scanners] = process.argv.slice(2);
const t0 = performance.now();
const result = await runScan({ root: target, config: {}, scanners: createScanners(scanners.split(',')), offline: true });
const wallMs = performance.now() - t0;
console.log(
  JSON.stringify({
    files: result.stats.files,
    lines: result.stats.scanners.sast?.lines ?? 0,
    findings: result.findings.length,
    wallMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    scanners: result.stats.scanners,
  }),
);
