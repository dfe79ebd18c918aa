// The client of the KINet HTTP API (docs/api.md): JSON under /api/v1, errors
// as {"error":{"code","message","field"}}, lists as {items,page,per_page,total},
// cookie sessions, and the CSRF token from GET /auth/me sent as X-CSRF-Token
// on every state-changing request. Every failure is an ApiError.
import { getState, setState } from './store';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  /** Extra members of the error object, e.g. a per-row report. */
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, field: string | null, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
  /** The route or resource does not exist (yet): screens show "not available yet". */
  get notFound(): boolean {
    return this.status === 404;
  }
  /** The server has no such route (yet), as opposed to "no such city" or "no data". */
  get routeMissing(): boolean {
    return this.status === 404 && (this.code === 'no_route' || /^no route\b/.test(this.message));
  }
  get unauthenticated(): boolean {
    return this.status === 401;
  }
  get forbidden(): boolean {
    return this.status === 403;
  }
  /** The server could not be reached at all. */
  get network(): boolean {
    return this.status === 0;
  }
}

// ---- types of the responses ----

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export type DataStatus = 'real' | 'illustrative' | string;
export type MemberStatus = 'active' | 'suspended' | 'withdrawn' | string;
export type Role = 'secretariat' | 'national-coordinator' | 'city-officer' | 'agency-officer' | 'expert' | 'public' | string;

export interface Country {
  code: string;
  name_en: string;
  name_local?: string;
  name_zh?: string;
  region?: string;
}

export interface Population {
  persons: number;
  year: number;
  kind: string;
  source: string;
}

export interface SizeClass {
  code: string;
  scheme: string;
  name_en: string;
  name_zh: string;
}

export interface Membership {
  joined: string;
  status: MemberStatus;
  modalities: string[];
  benefits_accepted: string[];
  obligations_accepted: string[];
  note: string;
  data_status: DataStatus;
}

export interface City {
  code: string;
  country: Country | string;
  name_en: string;
  name_local: string;
  name_zh?: string;
  province_en?: string;
  province_local?: string;
  lat: number | null;
  lon: number | null;
  time_zone?: string;
  area_km2?: number | null;
  area_source?: string;
  data_status?: DataStatus;
  note?: string;
  population?: Population | null;
  size_class?: SizeClass | null;
  membership?: Membership | null;
}

export interface Member extends Partial<Membership> {
  city_code?: string;
  code?: string;
  city?: City;
  name_en?: string;
  name_local?: string;
  name_zh?: string;
  country?: Country | string;
}

export interface Organisation {
  code: string;
  acronym?: string;
  name_en: string;
  name_local?: string;
  type?: string;
  country_code?: string;
  data_status?: DataStatus;
}

export interface User {
  id?: number | string;
  email: string;
  name: string;
  role: Role;
  scope?: string | null;
  organisation_code?: string | null;
  active?: boolean;
  data_status?: DataStatus;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  entity_id: string | number;
  field?: string | null;
  old_value?: unknown;
  new_value?: unknown;
}

export interface DailyAqi {
  date: string;
  aqi: number | null;
  primary?: string | null;
  category_level?: number | null;
  category_en?: string;
  category_zh?: string;
  rule_set?: string;
}

export interface Target {
  id?: number | string;
  city_code?: string;
  indicator_code: string;
  indicator?: Indicator;
  baseline_year: number;
  baseline_value: number;
  target_year: number;
  target_value: number;
  kind?: string;
  responsible_body?: string;
  source?: string;
  data_status?: DataStatus;
  milestones?: { year: number; value: number }[];
  progress?: {
    status?: string;
    latest_period?: string;
    latest_value?: number | null;
    expected_value?: number | null;
    share?: number | null;
    [k: string]: unknown;
  } | null;
  status?: string;
}

export interface Scheme {
  id: string;
  version?: string;
  name_en: string;
  name_zh?: string;
  max_score?: number;
}

export interface SchemeScore {
  city_code?: string;
  city?: string | City;
  score?: number | null;
  total?: number | null;
  max_score?: number | null;
  rank?: number | null;
  designation?: string | null;
  [k: string]: unknown;
}

export interface Indicator {
  code: string;
  name_en: string;
  name_zh: string;
  definition_en?: string;
  definition_zh?: string;
  theme: string;
  unit: string;
  direction: 'higher' | 'lower' | string;
  valid_min?: number | null;
  valid_max?: number | null;
  computed_by?: string;
  source?: string;
}

export interface ValueFlag {
  code: string;
  reason: string;
}

export interface IndicatorValue {
  id?: number | string;
  city_code: string;
  indicator_code: string;
  period: string;
  value: number;
  unit?: string;
  status?: string;
  source?: string;
  note?: string;
  flags?: ValueFlag[];
  data_status?: DataStatus;
}

/** One row of a per-row error report: `row` is the 1-based line of the file. */
export interface RowError {
  row: number;
  /** The line of a CSV file or row of a sheet (the same as row for CSV). */
  line?: number;
  /** The uploaded file's name, when the server names it. */
  file?: string;
  field?: string | null;
  message: string;
}

/** The answer of an upload: {"ok":false,"errors":[…]} (HTTP 400) or the import summary. */
export interface UploadReport {
  ok: boolean;
  errors?: RowError[];
  [summary: string]: unknown;
}

// ---- transport ----

type Query = Record<string, string | number | boolean | null | undefined>;

function url(path: string, query?: Query): string {
  let u = API_BASE + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') qs.set(k, String(v));
    const s = qs.toString();
    if (s) u += '?' + s;
  }
  return u;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  // An upload's per-row report: {"ok":false,"errors":[{row,field,message}]}.
  const rows = (body as { errors?: unknown } | null)?.errors;
  if (Array.isArray(rows)) {
    const first = rows[0] as RowError | undefined;
    return new ApiError(res.status, 'invalid_rows', first?.message ?? res.statusText, first?.field ?? null, body as Record<string, unknown>);
  }
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  if (err && typeof err === 'object') {
    const { code, message, field, ...rest } = err;
    return new ApiError(res.status, String(code ?? 'error'), String(message ?? res.statusText), field ? String(field) : null, rest);
  }
  return new ApiError(res.status, res.status === 404 ? 'not_found' : 'http_' + res.status, res.statusText || 'HTTP ' + res.status, null);
}

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.contentType) {
    headers['Content-Type'] = opts.contentType;
  }
  if (UNSAFE.has(method)) {
    const csrf = getState().csrf;
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(url(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', (e as Error).message, null);
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (err.unauthenticated && getState().user && path !== '/auth/login') setState({ user: null, csrf: null });
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  // An HTML page under /api/v1 is the web app's fallback, not an API answer: the route does not exist.
  if (type.includes('text/html')) throw new ApiError(404, 'no_route', `no route ${path}`, null);
  if (!type.includes('json')) return (await res.text()) as unknown as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal });
export const post = <T>(path: string, json: unknown) => request<T>('POST', path, { json });
export const patch = <T>(path: string, json: unknown) => request<T>('PATCH', path, { json });
export const del = <T>(path: string) => request<T>('DELETE', path);

/** All items of a paginated list (the lists here are small: tens to hundreds of rows). */
export async function getAll<T>(path: string, query: Query = {}, maxPages = 20): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const p = await get<Page<T> | T[]>(path, { ...query, page, per_page: 100 });
    if (Array.isArray(p)) return p;
    out.push(...p.items);
    if (p.items.length === 0 || out.length >= p.total) break;
  }
  return out;
}

// ---- session ----

interface MeResponse {
  user?: User;
  csrf_token?: string;
}

/** Reads the session; signed out is not an error. */
export async function loadSession(): Promise<void> {
  try {
    const me = await get<MeResponse & Partial<User>>('/auth/me');
    const user = me.user ?? (me.email ? (me as User) : null);
    setState({ user, csrf: me.csrf_token ?? null, ready: true });
  } catch (e) {
    setState({ user: null, csrf: null, ready: true });
    if (!(e instanceof ApiError) || !(e.unauthenticated || e.notFound || e.forbidden)) throw e;
  }
}

export async function login(email: string, password: string): Promise<void> {
  await post('/auth/login', { email, password });
  await loadSession();
}

export async function logout(): Promise<void> {
  try {
    await post('/auth/logout', {});
  } finally {
    setState({ user: null, csrf: null });
  }
}

// ---- assistance programmes, requests, notifications (docs/api.md "Assistance") ----

export interface Programme {
  code: string;
  agency: string;
  agency_name?: string;
  title: string;
  description?: string;
  types: string[];
  themes: string[];
  countries: string[];
  size_classes: string[];
  budget_min: number | null;
  budget_max: number | null;
  open_from?: string | null;
  open_until?: string | null;
  data_status?: DataStatus;
  note?: string;
}

export interface RequestProgramme {
  programme: string;
  agency: string;
  status: string;
  comment?: string;
  decided_by?: string | null;
  decided_at?: string | null;
}

export interface RequestOutcome {
  help_delivered?: string;
  funds?: number | null;
  pilot_id?: number | string | null;
  note?: string;
}

export interface RequestStep {
  at: string;
  actor: string | null;
  action: string;
  from?: string | null;
  to?: string | null;
  programme?: string | null;
  comment?: string | null;
}

export interface AssistanceRequest {
  id: number;
  city: string;
  country?: string;
  title: string;
  problem_code?: string;
  indicator?: string;
  type: string;
  theme: string;
  description?: string;
  budget?: number | null;
  co_funding?: number | null;
  wanted_start?: string | null;
  status: string;
  programmes?: RequestProgramme[];
  outcome?: RequestOutcome | null;
  history?: RequestStep[];
  data_status?: DataStatus;
  created_by?: string | null;
  created_at?: string;
  updated_at?: string;
}

export interface ProgrammeMatch {
  programme: Programme;
  eligible: boolean;
  reasons: { criterion: string; message: string }[];
}

export interface Notification {
  id: number;
  at: string;
  recipient: string;
  kind: string;
  entity: string;
  entity_id: string;
  message: string;
  read_at: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unread: number;
}

// ---- events (docs/api.md "Events") ----

export interface KiEvent {
  id: number;
  code: string;
  kind: string;
  status: string;
  title: string;
  title_local?: string;
  start_date: string;
  end_date?: string | null;
  dates_note?: string;
  venue?: string;
  city?: string;
  country?: string;
  summary?: string;
  organisations?: { organisation: string; role: string; note?: string }[];
  sessions?: { number: number; title: string; kind?: string; date?: string | null; start_time?: string; end_time?: string; chairs?: string; summary?: string }[];
  participants?: { name?: string; organisation?: string; city?: string; role?: string; count?: number; note?: string }[];
  documents?: { title: string; kind?: string; url?: string; note?: string }[];
  decisions?: { number: number; text: string }[];
  actions?: { number: number; decision?: number | null; text: string; owner?: string; due_date?: string | null; status: string; note?: string }[];
  links?: { kind: string; ref: string; note?: string }[];
  data_status?: DataStatus;
  note?: string;
}
