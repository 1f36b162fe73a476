import type { ScanContext } from '../../core/scanner.js';
import { type IacFile, type LoadedIac, isIacCandidate, loadIac } from './load.js';

const loads = new WeakMap<ScanContext['files'], Promise<LoadedIac>>();

/**
 * The ResourceGraph of a scan, loaded once and shared by the scanners that read it (IaC
 * rules, IAM analysis, pipeline checks). Keyed by the scan's file list, so each run gets
 * its own graph. Load warnings are reported once, by the first caller.
 */
export function resourceGraphOf(ctx: ScanContext): { loaded: Promise<LoadedIac>; first: boolean } {
  const existing = loads.get(ctx.files);
  if (existing) return { loaded: existing, first: false };
  const loaded = (async () => {
    const files: IacFile[] = [];
    for (const file of ctx.files) {
      if (!isIacCandidate(file.path)) continue;
      const text = await ctx.workspace.readText(file);
      if (text !== undefined) files.push({ path: file.path, text });
    }
    return loadIac(files);
  })();
  loads.set(ctx.files, loaded);
  return { loaded, first: true };
}
