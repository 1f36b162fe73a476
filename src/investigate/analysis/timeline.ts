/**
 * The chronological timeline of the in-scope events: who, with which credentials, from
 * where, did what, with what result, and which detections fired on it.
 */
import type { DetectionHit, TimelineEntry } from '../model.js';
import { actorOf } from '../scope/event-row.js';
import type { ScopedEvent } from '../scope/scope.js';
import { effects, valuesAt } from './resources.js';

/** Detection ids by event id, for the hits given. */
export function detectionsByEvent(hits: readonly DetectionHit[]): Map<string, string[]> {
  const byEvent = new Map<string, string[]>();
  for (const hit of hits)
    for (const id of hit.eventIds) {
      const list = byEvent.get(id) ?? [];
      if (!list.includes(hit.id)) list.push(hit.id);
      byEvent.set(id, list);
    }
  return byEvent;
}

/** Timeline entries in event order (the scope's order: eventTime, then eventID). */
export function buildTimeline(events: readonly ScopedEvent[], hits: readonly DetectionHit[]): TimelineEntry[] {
  const byEvent = detectionsByEvent(hits);
  const table = effects();
  return events.map(({ row, reason }) => {
    const resources = new Set<string>();
    for (const effect of table[row.eventname] ?? []) {
      const [source, ...rest] = effect.id.split('.');
      for (const id of valuesAt(source === 'request' ? row.requestparameters : row.responseelements, rest.join('.'))) resources.add(id);
    }
    for (const r of row.resources ?? []) if (r.arn) resources.add(r.arn);
    const error = row.errorcode ? (row.errormessage ? `${row.errorcode}: ${row.errormessage}` : row.errorcode) : undefined;
    return {
      time: row.eventtime,
      eventId: row.eventid,
      eventSource: row.eventsource,
      eventName: row.eventname,
      actor: actorOf(row),
      ...(row.useridentity_accesskeyid ? { accessKeyId: row.useridentity_accesskeyid } : {}),
      ...(row.sourceipaddress ? { sourceIp: row.sourceipaddress } : {}),
      ...(row.useragent ? { userAgent: row.useragent } : {}),
      ...(row.awsregion ? { region: row.awsregion } : {}),
      ...(error ? { error } : {}),
      resources: [...resources],
      detectionIds: byEvent.get(row.eventid) ?? [],
      scope: reason,
    };
  });
}
