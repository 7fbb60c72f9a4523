// The REST API as the dashboard calls it: same-origin, with the session cookie, and with the header that tells the
// API this request comes from the dashboard itself (cross-site pages cannot send it; see BrowserRequestGuard).
export const REQUESTED_WITH = { 'X-Requested-With': 'vmss-rollout' };

/** A refused or failed call; `problem` is the RFC 7807 body (title, status, detail, violations, ...). */
export class ApiError extends Error {
  constructor(status, problem, call) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.call = call;
  }
}

export function signInUrl() {
  return '/dashboard/signin?next=' + encodeURIComponent(location.pathname + location.search);
}

/**
 * Calls the API. Resolves to {status, data, headers} for 2xx; rejects with ApiError otherwise. A 401 sends the
 * browser to the sign-in page (unless `signInOn401` is false) and rejects with `error.redirecting` set.
 */
export async function request(method, path, { body, form, headers = {}, signInOn401 = true } = {}) {
  const call = `${method} ${path}`;
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json, application/problem+json', ...REQUESTED_WITH, ...headers },
  };
  if (form) {
    init.body = new URLSearchParams(form);
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'The API cannot be reached', detail: `${call} failed: ${e.message}` }, call);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) {
    return { status: response.status, data, headers: response.headers };
  }
  const problem = data && typeof data === 'object' && !Array.isArray(data) ? data
    : { title: response.statusText || `HTTP ${response.status}`, detail: text ? text.slice(0, 500) : undefined };
  if (problem.status === undefined) {
    problem.status = response.status;
  }
  const error = new ApiError(response.status, problem, call);
  if (response.status === 401 && signInOn401) {
    error.redirecting = true;
    location.assign(signInUrl());
  }
  throw error;
}

export async function getJson(path, options) {
  return (await request('GET', path, options)).data;
}

export function postJson(path, body, options = {}) {
  return request('POST', path, { ...options, body });
}

export const paths = {
  me: '/api/v1/me',
  session: '/api/v1/session',
  rollouts: '/api/v1/rollouts',
  rollout: (id) => `/api/v1/rollouts/${encodeURIComponent(id)}`,
  stream: (id) => `/api/v1/rollouts/${encodeURIComponent(id)}/events/stream`,
  action: (id, action) => `/api/v1/rollouts/${encodeURIComponent(id)}/${action}`,
  scaleSets: (subscriptionId, resourceGroup) => '/api/v1/scalesets?' + new URLSearchParams(resourceGroup
    ? { subscriptionId, resourceGroup } : { subscriptionId }),
  scaleSet: (t) => `/api/v1/scalesets/${[t.subscriptionId, t.resourceGroup, t.scaleSet].map(encodeURIComponent).join('/')}`,
  releases: '/api/v1/releases',
  release: (id) => `/api/v1/releases/${encodeURIComponent(id)}`,
  releaseAction: (id, action) => `/api/v1/releases/${encodeURIComponent(id)}/${action}`,
  calendars: '/api/v1/calendars',
  calendarAvailability: (name) => `/api/v1/calendars/${encodeURIComponent(name)}/availability`,
};

export const pages = {
  rollouts: '/dashboard/',
  rollout: (id) => `/dashboard/rollouts/${encodeURIComponent(id)}`,
  scaleSet: (t) => `/dashboard/scalesets/${[t.subscriptionId, t.resourceGroup, t.scaleSet].map(encodeURIComponent).join('/')}`,
  calendar: (name) => `/dashboard/calendars/${encodeURIComponent(name)}`,
  releases: '/dashboard/releases',
  release: (id) => `/dashboard/releases/${encodeURIComponent(id)}`,
};

/** An Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'dashboard-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
