/** The dashboard: sign-in, then overview, repositories, findings and finding detail. */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type SessionInfo } from './api';
import { linkProps, navigate, useLocation } from './components/router';
import { FindingDetail } from './pages/FindingDetail';
import { Findings } from './pages/Findings';
import { Login } from './pages/Login';
import { Overview } from './pages/Overview';
import { Repositories } from './pages/Repositories';
import './styles.css';

function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const url = useLocation();
  const refresh = useCallback(() => api.session().then(setSession, () => setSession(null)), []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (session === undefined) return null;
  if (session === null) return <Login onSignedIn={() => void refresh()} />;
  const path = url.pathname;
  const detail = /^\/findings\/([\w-]+)$/.exec(path);
  const page = detail ? <FindingDetail id={detail[1]!} /> : path.startsWith('/findings') ? <Findings url={url} /> : path.startsWith('/repositories') ? <Repositories /> : <Overview />;
  const nav = (to: string, label: string) => (
    <a {...linkProps(to)} className={(to === '/' ? path === '/' : path.startsWith(to)) ? 'active' : ''}>
      {label}
    </a>
  );
  return (
    <>
      <header>
        <strong>Guardian</strong>
        <nav>
          {nav('/', 'Overview')}
          {nav('/repositories', 'Repositories')}
          {nav('/findings?status=active', 'Findings')}
        </nav>
        <span className="who">
          {session.principal.role}
          {session.principal.teams.length ? ` · ${session.principal.teams.join(', ')}` : ''}
          <button type="button" onClick={() => void api.logout().then(() => (setSession(null), navigate('/')))}>Sign out</button>
        </span>
      </header>
      <main>{page}</main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
