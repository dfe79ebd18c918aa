// The app's small state: who is signed in, the CSRF token for writes, and the
// language. Screens subscribe to re-render when it changes.
import type { User } from './api';

export type Lang = 'en' | 'zh';

export interface State {
  user: User | null;
  csrf: string | null;
  lang: Lang;
  /** true once GET /auth/me has answered (signed in or not). */
  ready: boolean;
}

type Listener = (s: State, prev: State) => void;

function initialLang(): Lang {
  const saved = localStorage.getItem('kinet.lang');
  if (saved === 'en' || saved === 'zh') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let state: State = { user: null, csrf: null, lang: initialLang(), ready: false };
const listeners = new Set<Listener>();

export function getState(): State {
  return state;
}

export function setState(patch: Partial<State>): void {
  const prev = state;
  state = { ...state, ...patch };
  if (patch.lang) localStorage.setItem('kinet.lang', patch.lang);
  for (const l of listeners) l(state, prev);
}

export function subscribe(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
