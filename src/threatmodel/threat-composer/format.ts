/**
 * The part of the Threat Composer v1 data exchange format Guardian writes and reads, with
 * the schema's length limits and status vocabularies. Source: the JSON Schema
 * `schemas/threat-composer-v1.schema.json` of https://github.com/awslabs/threat-composer
 * (a copy is in test/fixtures/threat-composer/). Data only: no behaviour here.
 */
import type { Mitigation, Priority, Stride, Threat } from '../model.js';

/** `maxLength` of every string field Guardian fills, as the schema states them (in characters). */
export const LIMITS = {
  applicationName: 200,
  /** applicationInfo, architecture and dataflow descriptions (Markdown). */
  description: 100_000,
  /** threatSource, prerequisites, threatAction, threatImpact, each impactedGoal and impactedAssets item. */
  grammarField: 200,
  statement: 1400,
  /** Threat, mitigation and assumption tags. */
  tag: 30,
  /** `Comments` metadata values. */
  comments: 1000,
  /** Mitigation and assumption `content`. */
  content: 1000,
  /** `custom:*` metadata keys. */
  customKey: 50,
  /** `custom:*` values have no limit in the schema; Guardian caps each string so the file stays readable in the UI. */
  customValue: 1000,
} as const;

/** Threat `status` values of the schema, by Guardian's threat status. */
export const THREAT_STATUS: Record<Threat['status'], ThreatComposerThreatStatus> = {
  identified: 'threatIdentified',
  resolved: 'threatResolved',
  notUseful: 'threatResolvedNotUseful',
};

/**
 * Mitigation `status` values, by Guardian's mitigation status. Evidence of absence and no
 * evidence both leave a mitigation to do (`mitigationIdentified`); Guardian never claims
 * `mitigationInProgress`, which only a person can know.
 */
export const MITIGATION_STATUS: Record<Mitigation['status'], ThreatComposerMitigationStatus> = {
  implemented: 'mitigationResolved',
  missing: 'mitigationIdentified',
  unknown: 'mitigationIdentified',
};

/** STRIDE letters in the order of the acronym, for stable metadata. */
export const STRIDE_ORDER: readonly Stride[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export const PRIORITIES: readonly Priority[] = ['High', 'Medium', 'Low'];

/** Metadata keys under which Guardian keeps its own data (`custom:` keys are free-form in the schema). */
export const CUSTOM_KEYS = {
  /** The Guardian threat, mitigation or assumption id; imports match threats by it. */
  guardianId: 'custom:guardianId',
  rule: 'custom:guardianRule',
  anchor: 'custom:guardianAnchor',
  /** The status Guardian derived, in Threat Composer's vocabulary: a file status that differs from it is a person's decision. */
  derivedStatus: 'custom:guardianStatus',
  /** The priority Guardian derived: a file priority that differs from it is a person's decision. */
  derivedPriority: 'custom:guardianPriority',
  priorityReason: 'custom:priorityReason',
  evidence: 'custom:evidence',
  references: 'custom:references',
  mitigationRef: 'custom:guardianMitigationRef',
  /** A mitigation's status in Guardian's terms (`implemented`, `missing`, `unknown`): finer than Threat Composer's. */
  mitigationEvidence: 'custom:guardianEvidenceStatus',
  statusReason: 'custom:statusReason',
  findings: 'custom:findings',
} as const;

export type ThreatComposerThreatStatus = 'threatIdentified' | 'threatResolved' | 'threatResolvedNotUseful';
export type ThreatComposerMitigationStatus = 'mitigationIdentified' | 'mitigationInProgress' | 'mitigationResolved' | 'mitigationResolvedWillNotAction';

/** One `metadata` entry: `Comments`, `STRIDE`, `Priority` or a `custom:` key. */
export type ThreatComposerMetadata =
  | { key: 'Comments'; value: string }
  | { key: 'STRIDE'; value: Stride[] }
  | { key: 'Priority'; value: Priority }
  | { key: `custom:${string}`; value: string | string[] };

export interface ThreatComposerThreat {
  /** UUID v4 shape. */
  id: string;
  numericId: number;
  displayOrder: number;
  metadata: ThreatComposerMetadata[];
  tags: string[];
  threatSource: string;
  prerequisites: string;
  threatAction: string;
  threatImpact: string;
  impactedGoal: string[];
  impactedAssets: string[];
  statement: string;
  status: ThreatComposerThreatStatus;
}

export interface ThreatComposerMitigation {
  id: string;
  numericId: number;
  displayOrder: number;
  metadata: ThreatComposerMetadata[];
  tags: string[];
  content: string;
  status: ThreatComposerMitigationStatus;
}

export interface ThreatComposerAssumption {
  id: string;
  numericId: number;
  displayOrder: number;
  content: string;
}

/** A Threat Composer v1 workspace export (`.tc.json`), as Guardian writes it. */
export interface ThreatComposerDocument {
  schema: 1;
  applicationInfo: { name: string; description: string };
  architecture: { description: string };
  dataflow: { description: string };
  assumptions: ThreatComposerAssumption[];
  mitigations: ThreatComposerMitigation[];
  assumptionLinks: { type: 'Threat' | 'Mitigation'; assumptionId: string; linkedId: string }[];
  mitigationLinks: { mitigationId: string; linkedId: string }[];
  threats: ThreatComposerThreat[];
}
