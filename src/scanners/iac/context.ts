import type { ScanContext } from '../../core/scanner.js';
import { type IacFile, type LoadedIac, isIacCandidate, loadIac } from './load.js';

const loads = new WeakMap<ScanContext['files'], Promise<LoadedIac>>();

/**
 * The ResourceGraph of a scan, loaded once and shared by the scanners that read it (IaC
 * rules, IAM analysis, pipeline checks). Keyed by the scan's file list, so each run gets
 * its own graph. Load warnings go to the scan's warnings once, when the graph is loaded.
 */
export function resourceGraphOf(ctx: ScanContext): Promise<LoadedIac> {
  const existing = loads.get(ctx.files);
  if (existing) return existing;
  const loaded = (async () => {
    const files: IacFile[] = [];
    for (const file of ctx.files) {
      if (!isIacCandidate(file.path)) continue;
      const text = await ctx.workspace.readText(file);
      if (text !== undefined) files.push({ path: file.path, text });
    }
    const result = await loadIac(files, {
      readFile: async (path) => {
        const file = ctx.files.find((f) => f.path === path);
        return file ? ctx.workspace.readText(file) : undefined;
      },
    });
    for (const warning of result.warnings) ctx.warnings.add(warning);
    return result;
  })();
  loads.set(ctx.files, loaded);
  return loaded;
}
