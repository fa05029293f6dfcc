import { useEffect, useState } from 'preact/hooks';
import { BOOK_VIEWS, type BookView } from '../open.ts';

export interface Route {
  readonly view: BookView;
  /** The hash's query: the Accounts view's filters (#accounts?tier=key&flag=A). */
  readonly params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [name = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const view = (BOOK_VIEWS as readonly string[]).includes(name) ? (name as BookView) : 'today';
  return { view, params: new URLSearchParams(query) };
}

export const routeHref = (view: BookView, params?: Record<string, string>): string => {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#${view}${query ? `?${query}` : ''}`;
};

/** The route in the URL hash, followed as it changes (links, back and forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
