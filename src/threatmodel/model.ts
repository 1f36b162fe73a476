/**
 * The threat model: STRIDE threats anchored to elements and flows of the Architecture
 * (src/architecture/model.ts), written in Threat Composer's threat grammar
 * (https://github.com/awslabs/threat-composer: "[threat source] [prerequisites] can
 * [threat action], which leads to [threat impact], negatively impacting [impacted goal]
 * of [impacted assets]"), with the evidence that confirms them and the mitigations that
 * answer them. Ids are stable for the same rule and anchor, so human decisions recorded
 * against a threat survive re-runs.
 */
import type { Finding } from '../core/finding.js';

/** STRIDE categories (Kohnfelder and Garg, 1999): Spoofing, Tampering, Repudiation, Information disclosure, Denial of service, Elevation of privilege. */
export type Stride = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

/** Threat Composer priorities. */
export type Priority = 'High' | 'Medium' | 'Low';

/** Where a threat applies: one DFD element or one flow. */
export type Anchor = { element: string } | { flow: string };

/** Threat Composer's threat grammar fields (all plain text). */
export interface ThreatStatement {
  threatSource: string;
  prerequisites: string;
  threatAction: string;
  threatImpact: string;
  /** Impacted goals, e.g. `confidentiality`, `integrity`, `availability`. */
  impactedGoal: string[];
  impactedAssets: string[];
}

/** Something that confirms or enables a threat. */
export type ThreatEvidence =
  /** A scanner finding that confirms the threat (SQL injection on the orders route → tampering with the orders store). */
  | { kind: 'finding'; findingId: string; ruleId: string; severity: Finding['severity']; path: string; line: number }
  /** A control the element or flow lacks (no authorizer, no WAF, no point-in-time recovery). */
  | { kind: 'missing-control'; control: string; path?: string; line?: number; note: string }
  /** A fact of the model that makes the threat apply (a public endpoint, personal data stored). */
  | { kind: 'model'; note: string; path?: string; line?: number };

/** A mitigation and whether the repository shows it in place. */
export interface Mitigation {
  /** Stable id: `mitigation:<catalog id>:<anchor id>`. */
  id: string;
  /** Catalog id, e.g. `api-authorizer`, `waf-web-acl`, `parameterized-queries`. */
  ref: string;
  title: string;
  /** What to do, concretely (AWS control and code change). */
  content: string;
  /** `implemented` when evidence shows it, `missing` when evidence shows its absence, `unknown` otherwise. */
  status: 'implemented' | 'missing' | 'unknown';
  /** Why the status is what it is (the evidence, with file:line). */
  statusReason: string;
  /** Findings whose fix implements this mitigation. */
  findings: string[];
}

/** One threat. */
export interface Threat {
  /** Stable id: `threat:<rule id>:<anchor id>`. */
  id: string;
  /** The STRIDE rule that produced it. */
  rule: string;
  stride: Stride[];
  anchor: Anchor;
  statement: ThreatStatement;
  priority: Priority;
  /** Why this priority (rule default, raised by a confirming finding, lowered by mitigations in place). */
  priorityReason: string;
  evidence: ThreatEvidence[];
  mitigations: Mitigation[];
  /** CAPEC, CWE and MITRE ATT&CK ids, e.g. `CAPEC-66`, `CWE-89`, `T1190`. */
  references: string[];
  /** Threat Composer status. A person's decision from `--previous` overrides the derived one. */
  status: 'identified' | 'resolved' | 'notUseful';
  /** Comments carried over from a previous Threat Composer file. */
  comments?: string;
  /**
   * What Guardian derived before a person's decision replaced `status` or `priority`
   * (set by applying a previous Threat Composer file). Exports keep it so that the next
   * import can tell a person's decision from Guardian's own value.
   */
  derived?: { status: Threat['status']; priority: Priority };
}

/** The threat model of one repository: the answers to the Four Question Frame. */
export interface ThreatModel {
  /** Application name and a short description. */
  application: { name: string; description: string };
  /** Q2 and Q3: threats with their mitigations. Sorted by id. */
  threats: Threat[];
  /** Assumptions from the architecture and the rules. */
  assumptions: string[];
}
