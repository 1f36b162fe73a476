/** Severity and status as coloured labels, the same everywhere. */
export const SEVERITY_COLORS: Record<string, string> = { critical: '#7f1d1d', high: '#dc2626', medium: '#f59e0b', low: '#3b82f6', info: '#9ca3af' };
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{status.replace('_', ' ')}</span>;
}
