import type { ScannerId } from '../core/config.js';
import type { Scanner } from '../core/scanner.js';
import { IacScanner } from './iac/scanner.js';
import { IamScanner } from './iam/scanner.js';
import { PipelineScanner } from './pipeline/scanner.js';
import { SastScanner } from './sast/scanner.js';
import { ScaScanner } from './sca/scanner.js';
import { SecretsScanner } from './secrets/scanner.js';

const FACTORIES: Record<ScannerId, () => Scanner> = {
  sast: () => new SastScanner(),
  secrets: () => new SecretsScanner(),
  sca: () => new ScaScanner(),
  iac: () => new IacScanner(),
  iam: () => new IamScanner(),
  pipeline: () => new PipelineScanner(),
};

/** The scanners for these ids, in the order given. */
export function createScanners(ids: readonly ScannerId[]): Scanner[] {
  return ids.map((id) => FACTORIES[id]());
}
