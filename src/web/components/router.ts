/** A minimal history-API router: the dashboard has five pages and no nested routes. */
import { useEffect, useState } from 'react';

export function navigate(to: string): void {
  history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path and query, updated on navigation. */
export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return url;
}

/** An in-app link (no reload). */
export function linkProps(to: string) {
  return {
    href: to,
    onClick: (event: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean }) => {
      if (event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      navigate(to);
    },
  };
}
