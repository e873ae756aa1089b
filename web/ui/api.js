// The UI's only way to the server: the public API (/api/v1). The session is a bearer token kept in
// sessionStorage (closed with the tab); an HttpOnly cookie session is a later server change.
const KEY = 'motcua.session';

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
  window.dispatchEvent(new Event('motcua:session'));
}

export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  const s = session();
  if (s && s.token && opts.auth !== false) headers.Authorization = `Bearer ${s.token}`;
  let body;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.ifMatch !== undefined) headers['If-Match'] = String(opts.ifMatch);
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body, signal: opts.signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    if (res.status === 401 && headers.Authorization) setSession(null);
    throw new ApiError(res.status, json);
  }
  return json;
}

export const get = (path, opts) => api('GET', path, opts);
export const post = (path, body, opts = {}) => api('POST', path, { ...opts, body });

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
