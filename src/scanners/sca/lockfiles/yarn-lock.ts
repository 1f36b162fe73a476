/** `yarn.lock`: dispatches to the classic (v1) or Berry (v2+) parser by content. */
import type { LockfileParser } from './types.js';
import { parseYarnBerry } from './yarn-berry.js';
import { parseYarnClassic } from './yarn-classic.js';

/**
 * Parses a yarn.lock of either generation: Berry lockfiles are YAML with a
 * top-level `__metadata:` key; anything else is read as the classic v1 format
 * (`# yarn lockfile v1`).
 */
export const parseYarnLock: LockfileParser = (input) =>
  /^__metadata:/m.test(input.text) ? parseYarnBerry(input) : parseYarnClassic(input);
