/** The scenario modules the simulator can inject, by name. */
import type { ScenarioModule } from './context.js';
import { insiderS3Exfiltration } from './insider-s3-exfiltration.js';
import { leakedAccessKey } from './leaked-access-key.js';
import { stolenInstanceCredentials } from './stolen-instance-credentials.js';

export type { ContainmentStep, CreatedResource, ScenarioModule, ScenarioTruth } from './context.js';

/** Every scenario, keyed by its name (`leaked-access-key`, ...). */
export const SCENARIOS: ReadonlyMap<string, ScenarioModule> = new Map([leakedAccessKey, stolenInstanceCredentials, insiderS3Exfiltration].map((s) => [s.name, s]));
