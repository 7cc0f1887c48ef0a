// Hash routes, so every view has an address: #/dashboard, #/timeline, #/table?status=done,
// #/instrument/ID, #/commitment/ID, #/milestone/ID, #/search?q=...
export type RouteName =
  | 'dashboard'
  | 'timeline'
  | 'table'
  | 'instrument'
  | 'commitment'
  | 'milestone'
  | 'search';

export type Route = { name: RouteName; id: string | null; query: URLSearchParams };

const NAMES: RouteName[] = ['dashboard', 'timeline', 'table', 'instrument', 'commitment', 'milestone', 'search'];

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [pathPart, queryPart = ''] = text.split('?', 2);
  const [head = '', ...rest] = pathPart.split('/');
  const name = (NAMES as string[]).includes(head) ? (head as RouteName) : 'dashboard';
  const id = rest.length ? decodeURIComponent(rest.join('/')) : null;
  return { name, id, query: new URLSearchParams(queryPart) };
}

export function href(name: RouteName, id?: string | null, query?: Record<string, string | undefined>): string {
  let out = `#/${name}`;
  if (id) out += `/${encodeURIComponent(id)}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return qs ? `${out}?${qs}` : out;
}

export function go(name: RouteName, id?: string | null, query?: Record<string, string | undefined>): void {
  location.hash = href(name, id, query);
}

/**
 * Changes the address without a new history entry: for filters and sort order, so Back
 * leaves the view instead of undoing each click.
 */
export function replace(name: RouteName, id?: string | null, query?: Record<string, string | undefined>): void {
  replaceHash(href(name, id, query));
}

/** Replaces the current address with a ready-made `#/…` link (from `filterHref`). */
export function replaceHash(hash: string): void {
  if (location.hash === hash) return;
  history.replaceState(history.state, '', hash);
  // replaceState fires no hashchange; tell the router ourselves.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

class Router {
  route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));
  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.route = parseHash(location.hash);
      });
    }
  }
}

export const router = new Router();
