/**
 * Triage: sort findings into archived (explained by expected behaviour, with the reason)
 * and escalated (with the reasons nothing explained them), by the rules in rules.yaml.
 * Addresses may be given as CIDRs; principals as names, ARNs or globs (`ci-*`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { severityRank } from '../../core/severity.js';
import type { CaseEntities, Concern } from '../model.js';
import type { SecurityFinding } from './findings.js';

/** What is expected in this account. */
export interface Expectations {
  knownIps: string[];
  knownPrincipals: string[];
  knownAccounts?: string[];
}

/** Triage outcome. */
export interface TriageResult {
  archived: { finding: SecurityFinding; rule: string; reason: string }[];
  escalated: { finding: SecurityFinding; reasons: string[] }[];
}

const Rules = z
  .object({
    neverArchive: z.array(z.string()),
    archive: z.array(
      z
        .object({
          id: z.string(),
          when: z
            .object({ 'known-ip': z.boolean().optional(), 'known-principal': z.boolean().optional(), 'known-account': z.boolean().optional(), 'severity-at-most': z.enum(['low', 'medium', 'high']).optional(), type: z.string().optional() })
            .strict(),
          reason: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
type TriageRules = z.infer<typeof Rules>;

let rules: TriageRules | undefined;
/** The bundled triage rules, validated once (a malformed file is a packaging bug: throws naming it). */
export function triageRules(): TriageRules {
  if (!rules) {
    const url = new URL('./rules.yaml', import.meta.url);
    const parsed = Rules.safeParse(parseYaml(readFileSync(url, 'utf8')));
    if (!parsed.success) throw new Error(`${url.pathname}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    rules = parsed.data;
  }
  return rules;
}

/** A glob where `*` matches anything, `/` and `:` included (finding types and ARNs are full of both). */
export function globMatcher(patterns: readonly string[]): (value: string) => boolean {
  const regexes = patterns.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (value) => regexes.some((r) => r.test(value));
}

/** IPv4 `a.b.c.d` → 32-bit number, or undefined. */
function ipv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  const nums = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (nums.some((n) => Number.isNaN(n) || n > 255)) return undefined;
  return ((nums[0]! << 24) >>> 0) + (nums[1]! << 16) + (nums[2]! << 8) + nums[3]!;
}

/** Whether `ip` is one of `known` (addresses or IPv4 CIDRs; other IPv6 forms by equality). */
export function ipMatches(ip: string, known: readonly string[]): boolean {
  const value = ipv4(ip);
  return known.some((entry) => {
    if (!entry.includes('/')) return entry === ip;
    const [base, bits] = entry.split('/');
    const network = ipv4(base ?? '');
    const prefix = Number(bits);
    if (value === undefined || network === undefined || !(prefix >= 0 && prefix <= 32)) return false;
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    return ((value & mask) >>> 0) === ((network & mask) >>> 0);
  });
}

/** Whether the principal (name or ARN) matches one of `known` (names, ARNs or globs; an ARN also matches by its last segment). */
export function principalMatches(principal: string | undefined, known: readonly string[]): boolean {
  if (!principal || !known.length) return false;
  const name = principal.split('/').at(-1) ?? principal;
  const match = globMatcher(known);
  return match(principal) || match(name);
}

/** Triage findings against expectations. Pure. */
export function triageFindings(findings: readonly SecurityFinding[], expected: Expectations): TriageResult {
  const { neverArchive, archive } = triageRules();
  const never = globMatcher(neverArchive);
  const result: TriageResult = { archived: [], escalated: [] };
  for (const finding of findings) {
    const facts = {
      'known-ip': finding.ips.length > 0 && finding.ips.every((ip) => ipMatches(ip, expected.knownIps)),
      'known-principal': principalMatches(finding.principal, expected.knownPrincipals),
      'known-account': !!finding.account && (expected.knownAccounts ?? []).includes(finding.account),
    };
    const fill = (text: string) => text.replace('{ips}', finding.ips.join(', ') || 'none').replace('{principal}', finding.principal ?? 'unknown');
    if (never(finding.type)) {
      result.escalated.push({ finding, reasons: [`${finding.type} is never archived on expected behaviour alone`] });
      continue;
    }
    const rule = archive.find((r) =>
      Object.entries(r.when).every(([key, want]) => {
        if (key === 'type') return globMatcher([want as string])(finding.type);
        if (key === 'severity-at-most') return severityRank(finding.severity) <= severityRank(want as 'low');
        return facts[key as keyof typeof facts] === want;
      }),
    );
    if (rule) {
      result.archived.push({ finding, rule: rule.id, reason: fill(rule.reason) });
      continue;
    }
    const reasons: string[] = [];
    if (finding.ips.length && !facts['known-ip']) reasons.push(`remote address ${finding.ips.filter((ip) => !ipMatches(ip, expected.knownIps)).join(', ')} is not in --known-ips`);
    if (finding.principal && !facts['known-principal']) reasons.push(`principal ${finding.principal} is not in --known-principals`);
    if (severityRank(finding.severity) >= severityRank('high')) reasons.push(`severity ${finding.severity}`);
    if (!reasons.length) reasons.push('no expected-behaviour rule explains it');
    result.escalated.push({ finding, reasons });
  }
  return result;
}

/** What a case opened from an escalated finding starts with. */
export interface CaseSeed {
  concern: Concern;
  description: string;
  entities: Partial<CaseEntities>;
  since?: string;
}

/** Case seed from a finding: its key, principal, addresses and time, and the concern its type implies. */
export function caseSeedFromFinding(finding: SecurityFinding): CaseSeed {
  const concern: Concern = /InstanceCredentialExfiltration/.test(finding.type)
    ? 'compromised-instance'
    : /S3|Exfiltration/.test(finding.type)
      ? 'data-access'
      : finding.accessKeyId
        ? 'leaked-credentials'
        : finding.ips.length
          ? 'suspicious-ip'
          : 'unusual-activity';
  const since = finding.createdAt ? new Date(Date.parse(finding.createdAt) - 24 * 3600 * 1000).toISOString().replace('.000Z', 'Z') : undefined;
  return {
    concern,
    description: `${finding.source === 'guardduty' ? 'GuardDuty' : 'Security Hub'} finding ${finding.type}: ${finding.title}`,
    entities: {
      ...(finding.accessKeyId ? { accessKeyIds: [finding.accessKeyId] } : {}),
      ...(finding.principal ? (finding.principal.startsWith('arn:') ? { principals: [finding.principal] } : {}) : {}),
      ...(finding.ips.length ? { ips: finding.ips } : {}),
      ...(finding.instanceId ? { instanceIds: [finding.instanceId] } : {}),
      ...(finding.account ? { accountIds: [finding.account] } : {}),
    },
    ...(since ? { since } : {}),
  };
}
