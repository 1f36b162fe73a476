import type { ScannerId } from '../core/config.js';
import type { Scanner } from '../core/scanner.js';

// Loaded on demand: a run loads only the scanners it uses (the pre-commit hook's
// secrets + SAST start in a fraction of the time all six take to import).
const FACTORIES: Record<ScannerId, () => Promise<Scanner>> = {
  sast: async () => new (await import('./sast/scanner.js')).SastScanner(),
  secrets: async () => new (await import('./secrets/scanner.js')).SecretsScanner(),
  sca: async () => new (await import('./sca/scanner.js')).ScaScanner(),
  iac: async () => new (await import('./iac/scanner.js')).IacScanner(),
  iam: async () => new (await import('./iam/scanner.js')).IamScanner(),
  pipeline: async () => new (await import('./pipeline/scanner.js')).PipelineScanner(),
};

/** The scanners for these ids, in the order given. */
export async function createScanners(ids: readonly ScannerId[]): Promise<Scanner[]> {
  return Promise.all(ids.map((id) => FACTORIES[id]()));
}
