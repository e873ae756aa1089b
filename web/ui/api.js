// The UI's only way to the server: the public API (/api/v1). Sessions: the UI asks for an HttpOnly
// cookie session (X-Session: cookie); a server that supports it answers a csrf_token, which the UI
// keeps in sessionStorage and sends as X-CSRF-Token on unsafe methods — the session token itself is
// never visible to scripts. A server without cookie sessions answers a bearer token, kept in
// sessionStorage (closed with the tab) and sent as Authorization.
import { vnIso } from './format.js';

const KEY = 'motcua.session';
// A non-secret hint that a cookie session may exist, so that a new tab asks GET /me once.
const HINT = 'motcua.cookie';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail_vi || problem.detail)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  /** The Vietnamese message of the problem as a whole. */
  get messageVi() {
    const p = this.problem;
    if (p.detail_vi) return p.detail_vi;
    if (this.status === 0) return 'không kết nối được máy chủ, vui lòng thử lại';
    return 'đã có lỗi, vui lòng thử lại';
  }
  /** Field errors: [{field, message_vi}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

export function session() {
  try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; }
}

export function setSession(s) {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  try {
    if (s && s.csrf) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch { /* storage may be disabled */ }
  window.dispatchEvent(new Event('motcua:session'));
}

/** True when the session is an HttpOnly cookie (files can then be plain links). */
export function cookieSession() {
  const s = session();
  return Boolean(s && s.csrf);
}

/** Logs in, asking for a cookie session; falls back to the bearer token of older servers. */
export async function login(username, password) {
  const r = await api('POST', '/auth/login', { body: { username, password }, auth: false, headers: { 'X-Session': 'cookie' } });
  const s = r.csrf_token
    ? { csrf: r.csrf_token, expires_at: r.expires_at, user: r.user }
    : { token: r.token, expires_at: r.expires_at, user: r.user };
  setSession(s);
  return s;
}

/**
 * Before the browser leaves for a login elsewhere (VNeID): forgets this tab's session and leaves
 * the hint, so that the page the server sends the browser back to asks GET /me for the cookie
 * session it set.
 */
export function expectCookieSession() {
  try {
    sessionStorage.removeItem(KEY);
    localStorage.setItem(HINT, '1');
  } catch { /* storage may be disabled: the citizen then logs in again */ }
}

/** Logs out (the server clears the cookie) and forgets the session. */
export async function logout() {
  try { await api('POST', '/auth/logout', { body: {} }); } catch { /* it may have expired already */ }
  setSession(null);
}

/**
 * A new tab has no sessionStorage: if an earlier login left a cookie session, GET /me answers the
 * user and a fresh csrf_token. Asked only when the hint says a cookie session may exist.
 */
export async function recoverSession() {
  if (session()) return session();
  let hint = null;
  try { hint = localStorage.getItem(HINT); } catch { /* disabled */ }
  if (!hint) return null;
  try {
    const r = await api('GET', '/me');
    if (r && r.csrf_token) {
      const { csrf_token: csrf, ...user } = r;
      setSession({ csrf, user: r.user || user });
      return session();
    }
  } catch { /* no cookie any more */ }
  try { localStorage.removeItem(HINT); } catch { /* disabled */ }
  return null;
}

export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  const s = session();
  if (s && opts.auth !== false) {
    if (s.token) headers.Authorization = `Bearer ${s.token}`;
    if (s.csrf && UNSAFE.has(method)) headers['X-CSRF-Token'] = s.csrf;
  }
  let body;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['Content-Type'] = opts.contentType || 'application/octet-stream';
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.ifMatch !== undefined) headers['If-Match'] = String(opts.ifMatch);
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, signal: opts.signal, credentials: 'same-origin' });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    if (res.status === 401 && s && opts.auth !== false) setSession(null);
    throw new ApiError(res.status, json);
  }
  return json;
}

export const get = (path, opts) => api('GET', path, opts);
export const post = (path, body, opts = {}) => api('POST', path, { ...opts, body });

// The server's clock minus the browser's, as serverNow() last measured it (0 before it has).
let clockOffset = 0;

/**
 * The server's "now" in milliseconds: its domain clock (a test clock included), which decides what
 * is overdue, what "today" is and which days may still change — never the browser's clock, which
 * may be wrong or in another time zone. Asked of GET /health each time (pages render rarely).
 * The UI's only sources of "now" and "today" are this function, serverToday() and serverNowCached().
 */
export async function serverNow() {
  try {
    const t = Date.parse((await get('/health', { auth: false })).now);
    if (Number.isFinite(t)) {
      clockOffset = t - Date.now();
      return t;
    }
  } catch { /* the server is unreachable: the page's own requests will say so */ }
  return Date.now() + clockOffset;
}

/**
 * The server's "now" without a request, for what cannot wait for one (the stamp of a page being
 * printed, the time of a refresh): the browser's clock corrected by the difference serverNow() last
 * measured.
 */
export function serverNowCached() {
  return Date.now() + clockOffset;
}

/** Today in Vietnam (UTC+7) by the server's clock, as YYYY-MM-DD. */
export async function serverToday() {
  return vnIso(await serverNow()).slice(0, 10);
}

let dayEnd = null;
/**
 * When the working day ends, as the server's working calendar says: the time of day and offset of a
 * same-day due time (GET /calendar/due, unit same_day: the end of the day's last working period),
 * e.g. "17:00:00+07:00". Asked once per load of the application.
 */
export function workdayEnd() {
  if (!dayEnd) {
    dayEnd = serverToday()
      .then((from) => get(`/calendar/due?${new URLSearchParams({ from, value: '1', unit: 'same_day' })}`, { auth: false }))
      .then((r) => r.due_at.slice(11))
      .catch((e) => { dayEnd = null; throw e; });
  }
  return dayEnd;
}

/** Every page of a list (the API pages everything, units too). */
export async function getAll(path, opts = {}) {
  const items = [];
  let cursor = null;
  for (let i = 0; i < 100; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, opts);
    items.push(...r.items);
    cursor = r.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** Uploads a file (raw body) as a document of owner → {id, sha256, size, content_type}. */
export function upload(file, owner) {
  const qs = new URLSearchParams({ owner, filename: file.name || 'tep' });
  return api('POST', `/documents?${qs}`, { raw: file, contentType: file.type || 'application/octet-stream' });
}

/**
 * An address for a file of the API (a form PDF, a document) that a link or an iframe can open:
 * with a cookie session the API's own path; with a bearer token the file is fetched and served
 * from a blob: address (links cannot carry an Authorization header).
 */
export async function fileHref(path) {
  if (cookieSession() || !session()) return `/api/v1${path}`;
  const res = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${session().token}` } });
  if (!res.ok) throw new ApiError(res.status, null);
  return URL.createObjectURL(await res.blob());
}

/**
 * A file of the API fetched into a blob: address, for viewing inline (the API sends documents as
 * attachments, so a plain link would download them). Returns { href, type }.
 */
export async function blobHref(path) {
  const s = session();
  const headers = s && s.token ? { Authorization: `Bearer ${s.token}` } : {};
  const res = await fetch(`/api/v1${path}`, { headers, credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, null);
  const blob = await res.blob();
  return { href: URL.createObjectURL(blob), type: blob.type };
}

// Units rarely change during a session: one request per code.
const units = new Map();
export function unit(code) {
  if (!code) return Promise.resolve(null);
  if (!units.has(code)) {
    units.set(code, get(`/units/${encodeURIComponent(code)}`, { auth: false }).catch((e) => { units.delete(code); throw e; }));
  }
  return units.get(code);
}

/** The codes of a unit and all its ancestors, nearest first. */
export async function unitChain(code) {
  const chain = [];
  let c = code;
  while (c && !chain.includes(c) && chain.length < 16) {
    chain.push(c);
    const u = await unit(c).catch(() => null);
    c = u && u.parent;
  }
  return chain;
}
