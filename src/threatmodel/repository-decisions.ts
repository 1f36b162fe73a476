/**
 * A person's decisions on threats written in the repository's `guardian-model.yml`
 * (`threats:` entries, parsed with line numbers by src/architecture/overrides.ts): `accept`
 * keeps the threat with status `resolved` and the reason as its comment; `remove` drops it
 * and the review lists it with the reason. Nothing else in a repository (README, comments,
 * docs) can change a threat: these entries are the only way, and each needs a reason.
 */
import type { ThreatDecisionEntry } from '../architecture/overrides.js';
import type { ScanWarning } from '../core/warnings.js';
import type { ThreatModel } from './model.js';
import { derivedValues } from './threat-composer/decisions.js';

/** A threat a person removed: its id, the reason and where they wrote it. */
export interface ThreatRemoval {
  id: string;
  reason: string;
  path: string;
  line: number;
}

/**
 * Apply the model file's threat decisions to `model` (pure; `model` is not changed).
 * Accepted threats keep Guardian's derived values in `Threat.derived`, so exports and
 * `--previous` tell the person's decision from Guardian's. An entry naming a threat the
 * model does not have, or a second entry for the same threat, changes nothing and becomes
 * a warning (`model-file`, with file and line): a stale decision must never hide a new threat.
 */
export function applyRepositoryDecisions(model: ThreatModel, entries: readonly ThreatDecisionEntry[]): { model: ThreatModel; removed: ThreatRemoval[]; warnings: ScanWarning[] } {
  const warnings: ScanWarning[] = [];
  const byId = new Map<string, ThreatDecisionEntry>();
  for (const entry of entries) {
    const warn = (message: string) => warnings.push({ code: 'model-file', source: 'threat-model', path: entry.path, line: entry.line, message });
    if (byId.has(entry.id)) warn(`a second decision on ${entry.id}; the first (line ${byId.get(entry.id)!.line}) stands`);
    else if (!model.threats.some((t) => t.id === entry.id)) warn(`no threat ${entry.id} in this model; the decision changes nothing`);
    else byId.set(entry.id, entry);
  }
  if (!byId.size) return { model, removed: [], warnings };

  const removed: ThreatRemoval[] = [];
  const threats = model.threats.flatMap((threat) => {
    const entry = byId.get(threat.id);
    if (!entry) return [threat];
    const where = `${entry.path}:${entry.line}`;
    if (entry.decision === 'remove') {
      removed.push({ id: threat.id, reason: entry.reason, path: entry.path, line: entry.line });
      return [];
    }
    return [{ ...threat, derived: derivedValues(threat), status: 'resolved' as const, comments: `Risk accepted (${where}): ${entry.reason}` }];
  });
  return { model: { ...model, threats }, removed, warnings };
}
