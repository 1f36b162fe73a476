/** Sign in with an API token; the server turns it into an HttpOnly session cookie. */
import { type FormEvent, useState } from 'react';
import { api } from '../api';

export function Login({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.login(token);
      setToken('');
      onSignedIn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main className="login">
      <h1>Guardian</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} placeholder="gdn_…" />
        <button type="submit">Sign in</button>
        {error && <p className="error" role="alert">{error}</p>}
        <p className="hint">The token stays on the server: the browser keeps only a session cookie it cannot read.</p>
      </form>
    </main>
  );
}
