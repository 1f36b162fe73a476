/** One finding: the code, what to do, its history, and the decisions (false positive, accepted risk). */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, type Finding } from '../api';
import { linkProps } from '../components/router';
import { SeverityBadge, StatusBadge } from '../components/Severity';

interface HistoryEvent {
  at: string;
  kind: string;
  actor: string;
  /** The token's or person's name. */
  actorName: string;
  detail?: { reason?: string; until?: string };
}

export function FindingDetail({ id }: { id: string }) {
  const [data, setData] = useState<{ finding: Finding; history: HistoryEvent[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decision, setDecision] = useState<'false_positive' | 'risk_accepted' | 'open'>('risk_accepted');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(30);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => api.get<{ finding: Finding; history: HistoryEvent[] }>(`/api/v1/findings/${id}`).then(setData, (e: Error) => setError(e.message)), [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const decide = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      await api.post(`/api/v1/findings/${id}/status`, decision === 'risk_accepted' ? { status: decision, reason, days } : { status: decision, reason });
      setReason('');
      setMessage('Recorded.');
      await load();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p>Loading…</p>;
  const f = data.finding;
  return (
    <section className="detail">
      <p><a {...linkProps('/findings')}>← Findings</a></p>
      <h2><SeverityBadge severity={f.severity} /> {f.title}</h2>
      <p className="muted">
        {f.repository} · <span className="mono">{f.location.path}:{f.location.startLine}</span> · {f.tool} <span className="mono">{f.ruleId}</span> {f.cwe.join(' ')} · <StatusBadge status={f.status} />
      </p>
      <p>{f.message}</p>
      {f.location.snippet && <pre className="snippet"><code><span className="line">{f.location.startLine}</span>{f.location.snippet}</code></pre>}
      {f.remediation && (
        <>
          <h3>How to fix it</h3>
          <pre className="remediation">{f.remediation}</pre>
        </>
      )}
      <div className="grid2">
        <div>
          <h3>History</h3>
          <ol className="timeline">
            {data.history.map((h, i) => (
              <li key={i}>
                <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time> <strong>{h.kind.replace('_', ' ')}</strong> by <span title={h.actor}>{h.actorName}</span>
                {h.detail?.reason && <div className="muted">“{h.detail.reason}”{h.detail.until ? ` until ${new Date(h.detail.until).toLocaleDateString()}` : ''}</div>}
              </li>
            ))}
          </ol>
          {f.slaDueAt && <p className="muted">Due by {new Date(f.slaDueAt).toLocaleDateString()} (SLA for {f.severity}).</p>}
        </div>
        <form className="decision" onSubmit={decide}>
          <h3>Decision</h3>
          <label>
            <input type="radio" name="decision" checked={decision === 'risk_accepted'} onChange={() => setDecision('risk_accepted')} /> Accept the risk
          </label>
          <label>
            <input type="radio" name="decision" checked={decision === 'false_positive'} onChange={() => setDecision('false_positive')} /> False positive
          </label>
          <label>
            <input type="radio" name="decision" checked={decision === 'open'} onChange={() => setDecision('open')} /> Reopen
          </label>
          {decision === 'risk_accepted' && (
            <label>
              For <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Days" /> days
            </label>
          )}
          <textarea aria-label="Reason" placeholder="Why (recorded in the history and the audit log)" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit">Record decision</button>
          {message && <p role="status">{message}</p>}
        </form>
      </div>
    </section>
  );
}
