// One measured scan in its own process: prints a JSON line with counts, time and peak RSS.
import { runScan } from '../src/core/run.js';
import type { ScannerId } from '../src/core/config.js';
import { createScanners } from '../src/scanners/index.js';

const [target, scanners] = process.argv.slice(2);
const t0 = performance.now();
const result = await runScan({ root: target!, config: {}, scanners: createScanners(scanners!.split(',') as ScannerId[]), offline: true });
const wallMs = performance.now() - t0;
const sast = result.stats.scanners.sast as { lines?: number } | undefined;
console.log(
  JSON.stringify({
    files: result.stats.files,
    lines: sast?.lines ?? 0,
    findings: result.findings.length,
    wallMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    scanners: result.stats.scanners,
  }),
);
