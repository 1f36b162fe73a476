/**
 * The timeline as table rows for reports read by people (Markdown, terminal), where a
 * recon burst of forty `Describe*` calls would bury the five calls that matter.
 *
 * Collapse rule: consecutive timeline entries (adjacent in time order) merge into one row
 * when the call is read-only by its name (`Describe*`, `List*`, `Get*`, `Head*`, `Lookup*`,
 * `Search*`, `BatchGet*`, `Scan`, `Query`) and they share actor, access key, source IP,
 * eventSource, eventName, error code and detection ids. The row reads
 * `12× ec2:DescribeInstances` with the time range and the regions seen. Anything that
 * writes, and any two calls that differ in who, from where, result or detections, stays
 * its own row. The JSON and HTML reports keep every event.
 */
import type { TimelineEntry } from '../model.js';
import { errorCode } from './view.js';

/** One row: a single entry, or a run of identical read-only calls. */
export interface TimelineRow {
  /** The first entry of the run (its actor, key, IP, action, result and detections stand for all). */
  first: TimelineEntry;
  /** The last entry of the run (the same as `first` for a single event). */
  last: TimelineEntry;
  /** Entries in the row (1 for a single event). */
  count: number;
  /** Regions of the run's entries, deduplicated in first-seen order. */
  regions: string[];
}

const READ_ONLY = /^(?:(?:Describe|List|Get|Head|Lookup|Search|BatchGet)(?=[A-Z0-9]|$)|(?:Scan|Query)$)/;

/** True when the eventName names a read-only call by AWS's naming convention. */
export function isReadOnlyName(eventName: string): boolean {
  return READ_ONLY.test(eventName);
}

function sameCall(a: TimelineEntry, b: TimelineEntry): boolean {
  return (
    isReadOnlyName(a.eventName) &&
    a.eventName === b.eventName &&
    a.eventSource === b.eventSource &&
    a.actor === b.actor &&
    a.accessKeyId === b.accessKeyId &&
    a.sourceIp === b.sourceIp &&
    errorCode(a.error) === errorCode(b.error) &&
    a.detectionIds.join(' ') === b.detectionIds.join(' ')
  );
}

/** The entries as rows, runs of identical read-only calls collapsed (rule above). Order is kept. */
export function collapseTimeline(entries: readonly TimelineEntry[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const entry of entries) {
    const row = rows.at(-1);
    if (row && sameCall(row.last, entry)) {
      row.last = entry;
      row.count++;
      if (entry.region && !row.regions.includes(entry.region)) row.regions.push(entry.region);
    } else rows.push({ first: entry, last: entry, count: 1, regions: entry.region ? [entry.region] : [] });
  }
  return rows;
}
