import { compare as pep440Compare, valid as pep440Valid } from '@renovatebot/pep440';
import semver from 'semver';
import { type Ecosystem, type OsvAffected, type OsvRange, type OsvRecord, normalizePackageName, toEcosystem } from './osv.js';

/** Version ordering of an ecosystem: negative, zero or positive like `Array.sort`. */
type Comparator = (a: string, b: string) => number;

/** npm: semver 2.0.0 (loose, so `v1.2.3` and `1.2.3-beta.1` parse); PyPI: PEP 440. */
export function versionComparator(ecosystem: Ecosystem): Comparator {
  if (ecosystem === 'PyPI') return (a, b) => pep440Compare(a, b);
  return (a, b) => semver.compare(a, b, { loose: true });
}

function isValidVersion(ecosystem: Ecosystem, version: string): boolean {
  return ecosystem === 'PyPI' ? pep440Valid(version) !== null : semver.valid(version, { loose: true }) !== null;
}

/** Whether an advisory affects a version, and the lowest version that fixes it. */
export interface MatchResult {
  affected: boolean;
  /** Lowest `fixed` event above the installed version in the range that matched. */
  fixedVersion?: string;
}

/**
 * Does `record` affect `name@version` in `ecosystem`? Implements the OSV schema's
 * evaluation (https://ossf.github.io/osv-schema/#evaluation): a version is affected
 * when it is listed in `versions`, or when, walking a SEMVER/ECOSYSTEM range's events
 * in version order, it is at or after an `introduced` and before the next `fixed`
 * (or at or before a `last_affected`). `introduced: "0"` means every version.
 * Withdrawn records never match. GIT ranges are ignored (no commit to compare).
 */
export function matchAdvisory(record: OsvRecord, ecosystem: Ecosystem, name: string, version: string): MatchResult {
  if (record.withdrawn) return { affected: false };
  if (!isValidVersion(ecosystem, version)) return { affected: false };
  const key = normalizePackageName(ecosystem, name);
  const cmp = versionComparator(ecosystem);
  let affected = false;
  const fixes: string[] = [];
  for (const entry of record.affected ?? []) {
    if (!entry.package || toEcosystem(entry.package.ecosystem) !== ecosystem) continue;
    if (normalizePackageName(ecosystem, entry.package.name) !== key) continue;
    const result = matchAffected(entry, version, cmp, ecosystem);
    if (result.affected) {
      affected = true;
      if (result.fixedVersion) fixes.push(result.fixedVersion);
    }
  }
  if (!affected) return { affected: false };
  fixes.sort(cmp);
  return { affected: true, fixedVersion: fixes[0] };
}

function matchAffected(entry: OsvAffected, version: string, cmp: Comparator, ecosystem: Ecosystem): MatchResult {
  let listed = (entry.versions ?? []).some((v) => v === version || (isValidVersion(ecosystem, v) && cmp(v, version) === 0));
  let fixedVersion: string | undefined;
  for (const range of entry.ranges ?? []) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    const result = inRange(range.events, version, cmp, ecosystem);
    if (result.affected) {
      listed = true;
      if (result.fixedVersion && (!fixedVersion || cmp(result.fixedVersion, fixedVersion) < 0)) fixedVersion = result.fixedVersion;
    }
  }
  if (listed && !fixedVersion) fixedVersion = nextFixFromRanges(entry, version, cmp, ecosystem);
  return { affected: listed, fixedVersion };
}

type Event = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string };

function eventsOf(events: OsvRange['events'], ecosystem: Ecosystem): Event[] {
  const out: Event[] = [];
  for (const e of events) {
    const [kind, value] = Object.entries(e)[0] ?? [];
    if (!kind || typeof value !== 'string') continue;
    if (kind === 'introduced' && value === '0') {
      out.push({ kind: 'introduced', version: '0' });
    } else if ((kind === 'introduced' || kind === 'fixed' || kind === 'last_affected' || kind === 'limit') && isValidVersion(ecosystem, value)) {
      out.push({ kind, version: value });
    }
  }
  return out;
}

function inRange(rawEvents: OsvRange['events'], version: string, cmp: Comparator, ecosystem: Ecosystem): MatchResult {
  const zeroFirst = (a: Event, b: Event) => (a.version === '0' ? -1 : b.version === '0' ? 1 : cmp(a.version, b.version));
  const events = eventsOf(rawEvents, ecosystem).sort(zeroFirst);
  const limit = events.find((e) => e.kind === 'limit');
  if (limit && cmp(version, limit.version) >= 0) return { affected: false };
  let affected = false;
  let fixedVersion: string | undefined;
  for (const event of events) {
    const atOrAfter = event.version === '0' || cmp(version, event.version) >= 0;
    if (event.kind === 'introduced' && atOrAfter) {
      affected = true;
      fixedVersion = undefined;
    } else if (event.kind === 'fixed') {
      if (atOrAfter) affected = false;
      else if (affected && !fixedVersion) fixedVersion = event.version;
    } else if (event.kind === 'last_affected' && event.version !== '0' && cmp(version, event.version) > 0) {
      affected = false;
    }
  }
  return { affected, fixedVersion: affected ? fixedVersion : undefined };
}

/** For `versions`-only matches: the lowest `fixed` event above the version, if any range has one. */
function nextFixFromRanges(entry: OsvAffected, version: string, cmp: Comparator, ecosystem: Ecosystem): string | undefined {
  const fixes = (entry.ranges ?? [])
    .flatMap((r) => eventsOf(r.events, ecosystem))
    .filter((e) => e.kind === 'fixed' && cmp(e.version, version) > 0)
    .map((e) => e.version)
    .sort(cmp);
  return fixes[0];
}
