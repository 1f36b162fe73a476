/**
 * Indicators of compromise seen in scope: source addresses, user agents, access keys and
 * outside accounts, with counts, for blocklists and for hunting in other accounts.
 */
import type { Indicators } from '../model.js';
import type { ScopedEvent } from '../scope/scope.js';

/** Service principals and internal callers, which are not addresses an attacker used. */
const isAddress = (ip: string) => /^[\d.]+$|:/.test(ip) && !ip.endsWith('.amazonaws.com');

/** Indicators from the in-scope events; `outsideAccounts` adds accounts seen only in policies (trust, grants, shares). */
export function indicators(events: readonly ScopedEvent[], victimAccount: string | undefined, outsideAccounts: readonly string[]): Indicators {
  const ips = new Map<string, { value: string; events: number; firstSeen: string; lastSeen: string }>();
  const agents = new Map<string, number>();
  const keys = new Map<string, number>();
  const accounts = new Map<string, number>(outsideAccounts.map((a) => [a, 0]));
  for (const { row } of events) {
    const ip = row.sourceipaddress;
    if (ip && isAddress(ip)) {
      const entry = ips.get(ip) ?? { value: ip, events: 0, firstSeen: row.eventtime, lastSeen: row.eventtime };
      entry.events++;
      entry.lastSeen = row.eventtime;
      ips.set(ip, entry);
    }
    if (row.useragent) agents.set(row.useragent, (agents.get(row.useragent) ?? 0) + 1);
    if (row.useridentity_accesskeyid) keys.set(row.useridentity_accesskeyid, (keys.get(row.useridentity_accesskeyid) ?? 0) + 1);
    const account = row.useridentity_accountid;
    if (account && victimAccount && account !== victimAccount) accounts.set(account, (accounts.get(account) ?? 0) + 1);
  }
  const byCount = <T extends { events: number }>(list: T[]) => list.sort((a, b) => b.events - a.events);
  return {
    ips: byCount([...ips.values()]),
    userAgents: byCount([...agents.entries()].map(([value, events]) => ({ value, events }))),
    accessKeyIds: byCount([...keys.entries()].map(([value, events]) => ({ value, kind: value.startsWith('ASIA') ? ('temporary' as const) : ('long-term' as const), events }))),
    accounts: byCount([...accounts.entries()].map(([value, events]) => ({ value, events }))),
  };
}
