/**
 * The dashboard's only door to the server: same-origin fetches with the session cookie
 * (HttpOnly: scripts never see a credential) and the CSRF token on every change.
 */
let csrf: string | null = null;

/** What the server answered when it refused. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await response.json().catch(() => ({}))) as { error?: string; issues?: { field: string; message: string }[] };
  if (!response.ok) throw new ApiError(response.status, data.issues ? data.issues.map((i) => `${i.field}: ${i.message}`).join('; ') : (data.error ?? `HTTP ${response.status}`));
  return data as T;
}

export interface SessionInfo {
  principal: { id: string; role: string; teams: string[]; scopes: string[] };
  csrf: string | null;
}

export const api = {
  async session(): Promise<SessionInfo> {
    const info = await call<SessionInfo>('GET', '/auth/session');
    csrf = info.csrf;
    return info;
  },
  async login(token: string): Promise<void> {
    csrf = (await call<{ csrf: string }>('POST', '/auth/login', { token })).csrf;
  },
  logout: () => call('POST', '/auth/logout'),
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
};

export interface Finding {
  id: string;
  repository: string;
  tool: string;
  ruleId: string;
  category: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  status: string;
  title: string;
  message: string;
  location: { path: string; startLine: number; snippet: string | null };
  cwe: string[];
  remediation: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  fixedAt: string | null;
  slaDueAt: string | null;
  acceptedUntil: string | null;
  acceptedBy: string | null;
  statusReason: string | null;
}

export interface Metrics {
  open: { bySeverity: Record<string, number>; byTeam: { team: string; open: number }[]; byRepository: { repository: string; open: number }[] };
  weekly: { week: string; new: number; fixed: number }[];
  meanTimeToRemediateDays: number | null;
  slaBreaches: number;
  coverage: { repositories: number; scannedLast7Days: number; share: number | null };
  systemic: { rule: string; repositories: number; findings: number }[];
}
