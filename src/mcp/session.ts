/**
 * What one MCP server instance knows: the directories it may touch (its roots) and the
 * last scan of each, so `list_findings`, `explain_finding` and the fix and suppression
 * tools answer without scanning again.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadConfig, SCANNER_IDS, type ScannerId } from '../core/config.js';
import type { Finding } from '../core/finding.js';
import { runScan, type ScanResult } from '../core/run.js';
import { createScanners } from '../scanners/index.js';

/** A tool call the server refuses: returned to the client as an `isError` result with this message. */
export class ToolError extends Error {}

/** The allowed roots and the scans made in them. */
export class McpSession {
  private readonly scans = new Map<string, ScanResult>();

  private constructor(readonly roots: readonly string[]) {}

  /** A session confined to `roots` (made absolute and real). Throws when a root does not exist. */
  static async create(roots: readonly string[]): Promise<McpSession> {
    return new McpSession(await Promise.all(roots.map((r) => realpath(resolve(r)))));
  }

  /**
   * `path` (absolute, or relative to the first root; default the first root) as a real
   * path inside one of the roots. Throws {@link ToolError} for anything outside them,
   * symbolic links included.
   */
  async resolve(path?: string): Promise<string> {
    const wanted = path === undefined || path === '' ? this.roots[0]! : isAbsolute(path) ? path : resolve(this.roots[0]!, path);
    let real: string;
    try {
      real = await realpath(wanted);
    } catch {
      throw new ToolError(`${path}: no such file or directory`);
    }
    const inside = this.roots.some((root) => {
      const rel = relative(root, real);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
    if (!inside) throw new ToolError(`${path}: outside the directories this server may read (${this.roots.join(', ')}); start it with --root to allow more`);
    return real;
  }

  /** Scan `root` (already resolved) with `scanners` (default: those enabled in its guardian.yml) and remember the result. */
  async scan(root: string, scanners?: readonly ScannerId[]): Promise<ScanResult> {
    const { config, path: configPath } = await loadConfig(root);
    const ids = scanners?.length ? [...scanners] : SCANNER_IDS.filter((id) => config.scanners?.[id] !== false);
    const result = await runScan({ root, config, configPath, scanners: await createScanners(ids), offline: true });
    this.scans.set(root, result);
    return result;
  }

  /** The last scan of `root`, scanning it first when there is none. */
  async lastScan(root: string): Promise<ScanResult> {
    return this.scans.get(root) ?? this.scan(root);
  }

  /** A finding of the last scan of `root` by its id or fingerprint. Throws {@link ToolError} when there is none. */
  async finding(root: string, idOrFingerprint: string): Promise<{ finding: Finding; result: ScanResult }> {
    const result = await this.lastScan(root);
    const finding = [...result.findings, ...result.suppressed].find((f) => f.id === idOrFingerprint || f.fingerprint === idOrFingerprint);
    if (!finding) throw new ToolError(`no finding ${idOrFingerprint} in the last scan of ${root} (run the scan tool, then use an id from its results)`);
    return { finding, result };
  }
}
