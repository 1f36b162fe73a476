/** Where the programme stands: open work by severity and team, trend, SLA, coverage, systemic rules. */
import { useEffect, useMemo, useState } from 'react';
import { api, type Metrics } from '../api';
import { BarChart } from '../components/Chart';
import { linkProps } from '../components/router';
import { SEVERITIES, SEVERITY_COLORS } from '../components/Severity';

export function Overview() {
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<Metrics>('/api/v1/metrics').then(setMetrics, (e: Error) => setError(e.message));
  }, []);
  const severity = useMemo(() => (metrics ? [{ label: 'Open', data: SEVERITIES.map((s) => metrics.open.bySeverity[s] ?? 0), color: SEVERITIES.map((s) => SEVERITY_COLORS[s]!) }] : []), [metrics]);
  const weekly = useMemo(
    () => (metrics ? [{ label: 'New', data: metrics.weekly.map((w) => w.new), color: '#dc2626' }, { label: 'Fixed', data: metrics.weekly.map((w) => w.fixed), color: '#16a34a' }] : []),
    [metrics],
  );
  const weeks = useMemo(() => metrics?.weekly.map((w) => w.week.slice(5)) ?? [], [metrics]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!metrics) return <p>Loading…</p>;
  const open = SEVERITIES.reduce((sum, s) => sum + (metrics.open.bySeverity[s] ?? 0), 0);
  return (
    <section>
      <h2>Overview</h2>
      <div className="cards">
        <div className="card" data-testid="open-total"><span className="value">{open}</span><span>open findings</span></div>
        <div className="card"><span className="value sev-text-critical">{(metrics.open.bySeverity.critical ?? 0) + (metrics.open.bySeverity.high ?? 0)}</span><span>critical and high</span></div>
        <div className="card"><span className="value">{metrics.slaBreaches}</span><span>past their SLA</span></div>
        <div className="card"><span className="value">{metrics.meanTimeToRemediateDays ?? '–'}</span><span>days to remediate (mean, 90 days)</span></div>
        <div className="card"><span className="value">{metrics.coverage.share === null ? '–' : `${Math.round(metrics.coverage.share * 100)}%`}</span><span>of {metrics.coverage.repositories} repositories scanned this week</span></div>
      </div>
      <div className="grid2">
        <figure>
          <figcaption>Open findings by severity</figcaption>
          <BarChart label="Open findings by severity" labels={[...SEVERITIES]} series={severity} />
        </figure>
        <figure>
          <figcaption>New and fixed per week</figcaption>
          <BarChart label="New and fixed findings per week" labels={weeks} series={weekly} />
        </figure>
      </div>
      <div className="grid2">
        <div>
          <h3>By team</h3>
          <table>
            <thead><tr><th>Team</th><th className="num">Open</th></tr></thead>
            <tbody>{metrics.open.byTeam.map((t) => <tr key={t.team}><td>{t.team}</td><td className="num">{t.open}</td></tr>)}</tbody>
          </table>
        </div>
        <div>
          <h3>Systemic issues</h3>
          <table>
            <thead><tr><th>Rule</th><th className="num">Repositories</th><th className="num">Findings</th></tr></thead>
            <tbody>
              {metrics.systemic.map((r) => (
                <tr key={r.rule}><td><a {...linkProps(`/findings?rule=${encodeURIComponent(r.rule)}&status=active`)}>{r.rule}</a></td><td className="num">{r.repositories}</td><td className="num">{r.findings}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
