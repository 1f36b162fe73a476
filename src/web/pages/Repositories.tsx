/** Every repository the credential may see, with its team, last scan and open findings. */
import { useEffect, useState } from 'react';
import { api } from '../api';
import { linkProps } from '../components/router';

interface Repository {
  id: string;
  name: string;
  team: string | null;
  lastScanAt: string | null;
  openFindings: number;
}

export function Repositories() {
  const [repositories, setRepositories] = useState<Repository[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ repositories: Repository[] }>('/api/v1/repositories').then((r) => setRepositories(r.repositories), (e: Error) => setError(e.message));
  }, []);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!repositories) return <p>Loading…</p>;
  return (
    <section>
      <h2>Repositories</h2>
      <table>
        <thead><tr><th>Repository</th><th>Team</th><th>Last scan</th><th className="num">Open findings</th></tr></thead>
        <tbody>
          {repositories.map((r) => (
            <tr key={r.id}>
              <td><a {...linkProps(`/findings?repository=${encodeURIComponent(r.name)}&status=active`)}>{r.name}</a></td>
              <td>{r.team ?? '–'}</td>
              <td>{r.lastScanAt ? new Date(r.lastScanAt).toLocaleString() : 'never'}</td>
              <td className="num">{r.openFindings}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
