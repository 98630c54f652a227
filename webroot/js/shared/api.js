// The API client every GridWatch page shares (the wall, the field app, the command screen):
// JSON in and out, the session cookie (same origin), RFC 9457 problems turned into an ApiError
// carrying status/type/title/detail/errors, and Idempotency-Key helpers for filing.
//
// Exported names are stable: other pages import them. Add, don't rename.

/** An HTTP error from the API: the problem's fields, and the whole body as `body`. */
export class ApiError extends Error {
  constructor(status, body, path) {
    const p = body && typeof body === 'object' ? body : {};
    super(p.detail || p.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = p.type || null;
    this.title = p.title || null;
    this.detail = p.detail || null;
    /** Validation errors: [{field, message}] (may be empty). */
    this.errors = Array.isArray(p.errors) ? p.errors : [];
    this.body = body;
    this.path = path || null;
  }

  /** True when the problem's type ends with suffix (types are URIs, e.g. .../problems/outside-coverage). */
  is(suffix) {
    return typeof this.type === 'string' && this.type.endsWith(suffix);
  }
}

/** The old name, kept for the wall's code: the same class. */
export const HttpError = ApiError;

const unauthorizedListeners = [];

/** fn() runs whenever a call (other than the login itself) answers 401: the page shows its login. */
export function onUnauthorized(fn) {
  unauthorizedListeners.push(fn);
}

/**
 * fetch() for the API. options are fetch's, plus: `json` (an object sent as the JSON body),
 * `idempotencyKey` (sent as Idempotency-Key), `query` (an object appended as the query string,
 * null/undefined/'' values left out). Resolves with the parsed JSON body (null for an empty
 * one); rejects with an ApiError for a non-2xx answer, or fetch's TypeError when offline.
 */
export async function api(path, options = {}) {
  const { json, idempotencyKey, query, headers, ...rest } = options;
  let url = path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) v.forEach(x => q.append(k, String(x))); else q.set(k, String(v));
    }
    const s = q.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const body = json !== undefined ? JSON.stringify(json) : rest.body;
  const r = await fetch(url, {
    credentials: 'same-origin',
    ...rest,
    body,
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(body && typeof body === 'string' ? { 'Content-Type': 'application/json' } : {}),
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      ...(headers || {}),
    },
  });
  const text = await r.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = text; }
  if (r.status === 401 && !path.startsWith('/api/auth/login')) {
    unauthorizedListeners.forEach(fn => { try { fn(); } catch (e) { console.error(e); } });
  }
  if (!r.ok) throw new ApiError(r.status, parsed, path);
  return parsed;
}

/** api(), but null instead of an error (for optional data: an endpoint still to come, a role without access). */
export async function apiOrNull(path, options) {
  try {
    return await api(path, options);
  } catch (e) {
    return null;
  }
}

/** GET path (with an optional query object). */
export function get(path, query) {
  return api(path, { query });
}

/** POST a JSON body; options as api()'s (e.g. idempotencyKey). */
export function post(path, json, options = {}) {
  return api(path, { ...options, method: 'POST', json });
}

/** PATCH a JSON body. */
export function patch(path, json, options = {}) {
  return api(path, { ...options, method: 'PATCH', json });
}

/** DELETE. */
export function del(path, options = {}) {
  return api(path, { ...options, method: 'DELETE' });
}

/** A fresh Idempotency-Key (a random UUID): one per thing to be created, kept across its retries. */
export function newIdempotencyKey() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // crypto.randomUUID needs a secure context (https or localhost); fall back to getRandomValues.
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * One key per form (or per thing being created): `key()` gives the same key until `reset()`
 * after a success, so a double submit, or a retry after a lost answer, files it once.
 */
export function idempotency() {
  let current = null;
  return {
    key() { if (!current) current = newIdempotencyKey(); return current; },
    reset() { current = null; },
    get current() { return current; },
  };
}

/**
 * POST /api/cases/{id}/transitions with expectedVersion. A 409 (stale version or an action not
 * allowed now) comes back as the ApiError with `conflict = true`, for the caller to reload.
 */
export async function transition(caseId, action, expectedVersion, fields = {}) {
  try {
    return await post(`/api/cases/${caseId}/transitions`, { action, expectedVersion, ...fields });
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) e.conflict = true;
    throw e;
  }
}

/** The signed-in user ({id, username, role, gridCode}), or null. */
export async function me() {
  return apiOrNull('/api/auth/me');
}

/** Signs in; resolves with {token, user}. */
export function login(username, password, totp) {
  const body = { username, password };
  if (totp) body.totp = totp;
  return post('/api/auth/login', body);
}

/** Signs out (ignores a session already gone). */
export async function logout() {
  try { await post('/api/auth/logout'); } catch (e) { /* the session may be gone already */ }
}
