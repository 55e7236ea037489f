// The one way the storefront talks to the gateway: same-origin JSON, RFC 9457 problems turned
// into readable errors, and a single session re-creation when the identity cookie is gone (401).

/** An API failure with the text a shopper should see (`detail` of a problem, or a network hint). */
export class ApiError extends Error {
  constructor(message, { status = 0, problem = null, network = false } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.network = network;
    this.reason = problem && typeof problem.reason === 'string' ? problem.reason : null;
  }
}

const SESSION_PATH = '/api/v1/session';
let sessionPromise = null;

/** Ensures the anonymous identity cookie exists; `fresh` forces a new POST (after 401 or delete). */
export function ensureSession(fresh = false) {
  if (!sessionPromise || fresh) {
    sessionPromise = send('POST', SESSION_PATH, {}).catch((error) => {
      // Forget the failure so the next call tries again instead of failing forever.
      sessionPromise = null;
      throw error;
    });
  }
  return sessionPromise;
}

/** Calls the API as the current shopper; retries once with a fresh session on 401. */
export async function api(method, path, body) {
  await ensureSession();
  try {
    return await send(method, path, body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await ensureSession(true);
      return send(method, path, body);
    }
    throw error;
  }
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const init = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('Can’t reach the store right now. Check your connection and try again.', { network: true });
  }
  const data = await readBody(response);
  if (!response.ok) {
    throw new ApiError(describeFailure(response, data), { status: response.status, problem: isObject(data) ? data : null });
  }
  return data;
}

async function readBody(response) {
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 204) return null;
  const text = await response.text().catch(() => '');
  if (!text) return null;
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

function describeFailure(response, data) {
  if (isObject(data)) {
    if (typeof data.detail === 'string' && data.detail.trim()) return data.detail;
    if (typeof data.title === 'string' && data.title.trim()) return data.title;
  }
  if (response.status === 429) return 'Too many requests — please wait a moment and try again.';
  if (response.status >= 500) return `The store server is unavailable right now (${response.status}). Please try again.`;
  if (response.status === 404) return 'This feature is not available right now (404).';
  return `Request failed (${response.status}).`;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A random UUID, also where `crypto.randomUUID` is missing (non-secure origins). */
export function uuid() {
  if (globalThis.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
