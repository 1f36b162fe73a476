/**
 * The server's tables as Kysely types. Ids are UUID text, times ISO-8601 UTC text and
 * lists JSON text, so one schema runs unchanged on SQLite and PostgreSQL.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

/** Lifecycle of a finding on the server (DefectDojo's active/mitigated/false-positive/risk-accepted, with new and reopened made explicit). */
export type FindingStatus = 'new' | 'open' | 'reopened' | 'fixed' | 'false_positive' | 'risk_accepted';
/** Statuses that count as open work. */
export const ACTIVE_STATUSES: readonly FindingStatus[] = ['new', 'open', 'reopened'];

/** Who a person or token acts as; the Cedar policies give each its rights. */
export type Role = 'admin' | 'security' | 'developer' | 'auditor';

export interface TeamTable {
  id: string;
  name: string;
  created_at: string;
}

export interface RepositoryTable {
  id: string;
  /** `owner/name` or any unique label. */
  name: string;
  url: string | null;
  team_id: string | null;
  created_at: string;
  last_scan_at: string | null;
  /** When the scheduler last queued a scan of it (so one is not queued twice). */
  scan_queued_at: string | null;
}

export interface ScanTable {
  id: string;
  repository_id: string;
  /** Tool that produced the results (`Guardian`, `Semgrep OSS`, …). */
  tool: string;
  /** JSON array of categories the scan covered (`["sast","secrets"]`). */
  categories: string;
  /** 1 when the scan covered the whole repository for those categories: only then can it mark findings fixed. */
  full: number;
  commit_sha: string | null;
  branch: string | null;
  started_at: string;
  imported_at: string;
  uploaded_by: string;
  /** JSON `{ received, new, reopened, fixed, unchanged }`. */
  counts: string;
}

export interface FindingTable {
  id: string;
  repository_id: string;
  /** The repository's team, copied here so a team's list walks one index (kept in step when a repository changes team). */
  team_id: string | null;
  tool: string;
  fingerprint: string;
  rule_id: string;
  category: string;
  severity: string;
  /** severityRank of the severity (critical 4 … info 0), so lists sort by an index. */
  severity_rank: number;
  title: string;
  message: string;
  path: string;
  start_line: number;
  snippet: string | null;
  /** JSON array of CWE ids. */
  cwe: string;
  remediation: string | null;
  status: FindingStatus;
  first_seen_at: string;
  last_seen_at: string;
  last_scan_id: string;
  fixed_at: string | null;
  /** Due date from the SLA for its severity, counted from first_seen_at. */
  sla_due_at: string | null;
  accepted_until: string | null;
  accepted_by: string | null;
  status_reason: string | null;
}

export interface FindingEventTable {
  id: Generated<number>;
  finding_id: string;
  at: string;
  /** `new`, `fixed`, `reopened`, `false_positive`, `risk_accepted`, `risk_expired`, `reactivated`. */
  kind: string;
  actor: string;
  scan_id: string | null;
  detail: string | null;
}

export interface UserTable {
  id: string;
  /** OIDC `iss` + `sub`, unique per person. */
  subject: string;
  email: string | null;
  name: string | null;
  role: Role;
  created_at: string;
}

export interface MembershipTable {
  user_id: string;
  team_id: string;
}

export interface TokenTable {
  id: string;
  name: string;
  /** SHA-256 hex of the whole token; the token itself is never stored. */
  hash: string;
  /** First characters, shown in lists so people can tell tokens apart. */
  display: string;
  role: Role;
  /** JSON array of team ids the token acts for (empty: organisation-wide, as its role allows). */
  teams: string;
  /** JSON array of scopes. */
  scopes: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** How and when a repository is scanned by the server's workers; `repository_id` null is the default for new repositories. */
export interface ScanConfigTable {
  id: string;
  repository_id: string | null;
  /** What `git clone` is given: https://, ssh://, git@host:path, file:// or an absolute path. */
  clone_url: string | null;
  branch: string | null;
  schedule: 'weekly' | 'monthly' | 'never';
  /** 1: scan on every push to the default branch (GitHub webhook). */
  on_push: number;
  /** JSON array of scanner ids. */
  scanners: string;
  updated_at: string;
  updated_by: string;
}

/** The durable job table of the SQLite queue (PostgreSQL uses pg-boss's own tables). */
export interface JobTable {
  id: string;
  name: string;
  /** JSON payload. */
  data: string;
  state: 'created' | 'active' | 'retry' | 'completed' | 'failed';
  attempts: number;
  run_after: string;
  /** While active: when the lease ends and another worker may take the job. */
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A browser session: the cookie holds the id, the database its SHA-256. */
export interface SessionTable {
  hash: string;
  /** `token:<id>` the person signed in with (OIDC users will add `user:<id>`). */
  principal: string;
  /** Sent back in `x-csrf-token` on every change made with the cookie. */
  csrf: string;
  created_at: string;
  expires_at: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  resource_type: string;
  resource_id: string;
  detail: string | null;
}

export interface Database {
  teams: TeamTable;
  repositories: RepositoryTable;
  scans: ScanTable;
  findings: FindingTable;
  finding_events: FindingEventTable;
  users: UserTable;
  memberships: MembershipTable;
  tokens: TokenTable;
  sessions: SessionTable;
  scan_configs: ScanConfigTable;
  jobs: JobTable;
  audit_log: AuditTable;
}

export type Finding = Selectable<FindingTable>;
export type NewFinding = Insertable<FindingTable>;
export type Repository = Selectable<RepositoryTable>;
export type Token = Selectable<TokenTable>;
