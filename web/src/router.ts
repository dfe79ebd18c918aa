// A small router over location.hash: "#/city/beijing?year=2016".
export interface Route {
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?', 2);
  return { path: path || '/', params: {}, query: new URLSearchParams(qs ?? '') };
}

/** Matches "/city/:code" against "/city/beijing". */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

export function navigate(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

/** Replace the query of the current route without adding history or re-rendering. */
export function setQuery(q: Record<string, string>): void {
  const r = currentRoute();
  const qs = new URLSearchParams(q).toString();
  history.replaceState(null, '', '#' + r.path + (qs ? '?' + qs : ''));
}
