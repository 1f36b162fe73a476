/** The findings table: filters in the URL (so views can be shared), search and pagination. */
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Finding } from '../api';
import { linkProps, navigate } from '../components/router';
import { SEVERITIES, SeverityBadge, StatusBadge } from '../components/Severity';

const PAGE = 50;
const STATUSES = ['active', 'new', 'open', 'reopened', 'fixed', 'false_positive', 'risk_accepted'];

export function Findings({ url }: { url: URL }) {
  const params = url.searchParams;
  const [result, setResult] = useState<{ total: number; totalIsExact: boolean; findings: Finding[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState(params.get('q') ?? '');
  const offset = Number(params.get('offset') ?? 0);
  useEffect(() => {
    const query = new URLSearchParams(params);
    query.set('limit', String(PAGE));
    setResult(null);
    api.get<{ total: number; totalIsExact: boolean; findings: Finding[] }>(`/api/v1/findings?${query}`).then(setResult, (e: Error) => setError(e.message));
  }, [url.search]);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('offset');
    navigate(`/findings?${next}`);
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    set('q', q);
  };
  const page = (to: number) => {
    const next = new URLSearchParams(params);
    next.set('offset', String(to));
    navigate(`/findings?${next}`);
  };
  return (
    <section>
      <h2>Findings</h2>
      <form className="filters" onSubmit={search}>
        <select aria-label="Severity" value={params.get('severity') ?? ''} onChange={(e) => set('severity', e.target.value)}>
          <option value="">any severity</option>
          {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <select aria-label="Status" value={params.get('status') ?? ''} onChange={(e) => set('status', e.target.value)}>
          <option value="">any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s.replace('_', ' ')}</option>)}
        </select>
        <input aria-label="Search" placeholder="search title, path, rule" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit">Search</button>
        {params.get('repository') && <span className="chip">repository: {params.get('repository')} <button type="button" onClick={() => set('repository', '')}>×</button></span>}
        {params.get('rule') && <span className="chip">rule: {params.get('rule')} <button type="button" onClick={() => set('rule', '')}>×</button></span>}
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {!result ? (
        <p>Loading…</p>
      ) : (
        <>
          <p className="muted" data-testid="findings-total">{result.total}{result.totalIsExact ? '' : '+'} findings</p>
          <table className="findings">
            <thead><tr><th>Severity</th><th>Finding</th><th>Repository</th><th>Location</th><th>Status</th><th>Last seen</th></tr></thead>
            <tbody>
              {result.findings.map((f) => (
                <tr key={f.id}>
                  <td><SeverityBadge severity={f.severity} /></td>
                  <td><a {...linkProps(`/findings/${f.id}`)}>{f.title}</a><div className="muted small">{f.ruleId}</div></td>
                  <td>{f.repository}</td>
                  <td className="mono small">{f.location.path}:{f.location.startLine}</td>
                  <td><StatusBadge status={f.status} /></td>
                  <td className="small">{new Date(f.lastSeenAt).toLocaleDateString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => page(Math.max(0, offset - PAGE))}>Previous</button>
            <span>{result.findings.length ? `${offset + 1}–${offset + result.findings.length}` : 'none'}</span>
            <button type="button" disabled={offset + PAGE >= result.total} onClick={() => page(offset + PAGE)}>Next</button>
          </div>
        </>
      )}
    </section>
  );
}
