// Fetch wrapper for the admin API: JSON in and out, CSRF header on writes, problem details as errors.

export class ApiError extends Error {
  constructor(message, status, problem) {
    super(message);
    this.status = status;
    this.problem = problem || {};
  }

  /** The machine-readable reason of a refusal (e.g. no_consent), when the service gave one. */
  get reason() {
    return this.problem.reason;
  }
}

export function cookie(name) {
  const prefix = `${name}=`;
  const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : '';
}

const SAFE = new Set(['GET', 'HEAD']);

export async function api(path, { method = 'GET', body, signal, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE.has(method)) headers['X-XSRF-TOKEN'] = cookie('XSRF-TOKEN');
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('Cannot reach the server. Check your connection and try again.', 0);
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.status !== 204 && type.includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (response.ok) return data;
  if (response.status === 401 && !quiet401) {
    window.dispatchEvent(new CustomEvent('sbme:unauthorized'));
  }
  const problem = data && typeof data === 'object' ? data : {};
  const message = problem.detail || problem.title || defaultMessage(response.status);
  throw new ApiError(message, response.status, problem);
}

function defaultMessage(status) {
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'This action is not allowed (your session may have expired: reload and sign in).';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests; wait a moment and try again.';
  if (status >= 500) return `The server failed (HTTP ${status}). Try again shortly.`;
  return `Request failed (HTTP ${status}).`;
}

export const get = (path, options) => api(path, options);
export const post = (path, body, options) => api(path, { ...options, method: 'POST', body });
export const put = (path, body, options) => api(path, { ...options, method: 'PUT', body });
export const del = (path, options) => api(path, { ...options, method: 'DELETE' });
