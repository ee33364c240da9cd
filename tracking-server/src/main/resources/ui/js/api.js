// Client of the MLflow-compatible REST API, through the `ajax-api` prefix as MLflow's own UI does.
// JSON follows MLflow's proto3 mapping: empty lists and default values are simply absent, so
// every reader below defaults them.
// https://mlflow.org/docs/latest/rest-api.html

const MLFLOW = '/ajax-api/2.0/mlflow/';
// Trackbook's own endpoints, next to MLflow's under the same prefix.
const TRACKBOOK = '/ajax-api/2.0/trackbook/';

/** An error answered by the server: `message` is the server's own text, `code` its error_code. */
export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

// A server started with --auth wants `Authorization: Bearer <token>` on every API call. The token
// lives in sessionStorage (this tab only, gone when it closes) and travels only in that header,
// never in a URL, where it would end up in history and server logs.
const TOKEN_KEY = 'trackbook.token';

export function currentToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (e) {
    return null;
  }
}

export function saveToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token a call's headers carry (see withAuth), or null. */
function sentToken(headers) {
  const auth = headers && headers.Authorization;
  return auth ? auth.slice('Bearer '.length) : null;
}

/** Adds the Authorization header when a token is set. */
function withAuth(headers) {
  const token = currentToken();
  if (token) headers.Authorization = 'Bearer ' + token;
  return headers;
}

/**
 * GETs an artifact through the artifact proxy, with the token, for downloads and previews. Resolves
 * to the response when it is OK; otherwise rejects with an ApiError as API calls do (the server's
 * message, or why it could not be reached), and a 401 also asks for a token. An abort through
 * `signal` rejects with the browser's AbortError.
 */
export async function fetchArtifact(url, signal) {
  const headers = withAuth({});
  const res = await send(url, { headers, signal });
  if (!res.ok) throw failure(res, parseJson(await res.text()), headers);
  return res;
}

/**
 * Tells the app (app.js) that the server wants a token; `message` is the server's reason and
 * `sentToken` the token the refused call carried (null for none). A token saved after that call
 * left has not been refused: it is kept, and nobody is asked again.
 */
function unauthorized(message, sentToken) {
  const current = currentToken();
  if (current && current !== sentToken) return;
  forgetToken();
  window.dispatchEvent(
    new CustomEvent('trackbook:unauthorized', { detail: { message, hadToken: Boolean(sentToken) } }));
}

/** A call to MLflow's REST API; `path` is relative to its prefix. */
function call(method, path, params) {
  return request(method, MLFLOW + path, params);
}

async function request(method, url, params) {
  const init = { method, headers: withAuth({ Accept: 'application/json' }) };
  if (method === 'GET' && params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
      else q.append(k, v);
    }
    url += '?' + q.toString();
  } else if (params) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(params);
  }
  const res = await send(url, init);
  const body = parseJson(await res.text());
  if (!res.ok) throw failure(res, body, init.headers);
  if (body === null) throw new ApiError('The server sent a response that is not JSON', 'BAD_RESPONSE', res.status);
  return body;
}

/** fetch(), with a network failure as an ApiError; an abort stays the browser's AbortError. */
async function send(url, init) {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('Cannot reach the tracking server (' + e.message + ')', 'NETWORK', 0);
  }
}

/** A response body as JSON: {} when empty, null when it is not JSON. */
function parseJson(text) {
  try {
    return text ? JSON.parse(text) : {};
  } catch (e) {
    return null;
  }
}

/** The error for a response that is not OK; a 401 to a call sent with `headers` also asks for a token. */
function failure(res, body, headers) {
  const serverMessage = body && typeof body.message === 'string' && body.message ? body.message : null;
  if (res.status === 401) unauthorized(serverMessage, sentToken(headers));
  // Only the server's structured message is shown; an HTML error page or a stack trace is not.
  const message = serverMessage || `The server answered HTTP ${res.status} ${res.statusText}`.trim();
  return new ApiError(message, body && body.error_code, res.status);
}

export const api = {
  searchExperiments: (viewType, pageToken, maxResults = 1000) =>
    call('POST', 'experiments/search', {
      view_type: viewType, max_results: maxResults, page_token: pageToken || undefined,
      order_by: ['name ASC'],
    }),
  getExperiment: (id) => call('GET', 'experiments/get', { experiment_id: id }),
  createExperiment: (name) => call('POST', 'experiments/create', { name }),
  renameExperiment: (id, newName) => call('POST', 'experiments/update', { experiment_id: id, new_name: newName }),
  deleteExperiment: (id) => call('POST', 'experiments/delete', { experiment_id: id }),
  restoreExperiment: (id) => call('POST', 'experiments/restore', { experiment_id: id }),
  /**
   * runs/search paged by parent groups (Trackbook's own endpoint): `maxResults` counts top-level
   * runs, and each comes with every matching run nested under it, so a page never splits a parent
   * from its children.
   */
  searchRunGroups: ({ experimentIds, filter, orderBy, maxResults, pageToken, viewType }) =>
    request('POST', TRACKBOOK + 'runs/search-groups', {
      experiment_ids: experimentIds, filter: filter || undefined, order_by: orderBy || [],
      max_results: maxResults, page_token: pageToken || undefined, run_view_type: viewType || 'ACTIVE_ONLY',
    }),
  getRun: (id) => call('GET', 'runs/get', { run_id: id }),
  /** MLflow's runs/search; `viewType` ACTIVE_ONLY (the default), DELETED_ONLY or ALL. */
  searchRuns: ({ experimentIds, filter, maxResults, pageToken, viewType }) =>
    call('POST', 'runs/search', {
      experiment_ids: experimentIds, filter: filter || undefined, max_results: maxResults,
      page_token: pageToken || undefined, run_view_type: viewType || 'ACTIVE_ONLY',
    }),
  /** Sampled history: at most maxResults points per run, first and last always included. */
  sampledHistory: (runIds, key, startStep, endStep, maxResults) =>
    call('GET', 'metrics/get-history-bulk-interval', {
      run_ids: runIds, metric_key: key, start_step: startStep, end_step: endStep, max_results: maxResults,
    }),
  listArtifacts: (runId, path) => call('GET', 'artifacts/list', { run_id: runId, path: path || undefined }),
  // Model registry (MLflow ModelRegistryService)
  searchModels: (filter, pageToken, maxResults = 100) =>
    call('GET', 'registered-models/search', {
      filter: filter || undefined, max_results: maxResults, page_token: pageToken || undefined,
      order_by: ['name ASC'],
    }),
  getModel: (name) => call('GET', 'registered-models/get', { name }),
  searchVersions: (filter, pageToken, maxResults = 1000) =>
    call('GET', 'model-versions/search', {
      filter, max_results: maxResults, page_token: pageToken || undefined,
      // newest version first, not MLflow's default (most recently updated first)
      order_by: ['version_number DESC'],
    }),
};

/** A string literal for the server's filter grammar: single quotes, an embedded one doubled (SQL style). */
export function filterString(s) {
  return "'" + String(s).replace(/'/g, "''") + "'";
}

/**
 * The download URL of a run's artifact through the artifact proxy, for runs whose artifact_uri is
 * `mlflow-artifacts:/<experiment>/<run>/artifacts`; null when the store keeps artifacts elsewhere.
 */
export function artifactUrl(artifactUri, path) {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri || '');
  if (!m) return null;
  const parts = (m[1] + '/' + path).split('/').filter((p) => p.length > 0);
  return '/api/2.0/mlflow-artifacts/artifacts/' + parts.map(encodeURIComponent).join('/');
}

/** The run tag naming a nested run's parent (MLflow's mlflow.utils.mlflow_tags.MLFLOW_PARENT_RUN_ID). */
export const PARENT_RUN_TAG = 'mlflow.parentRunId';

/** key/value list (MLflow JSON) to a Map; absent lists are empty. */
export function kv(list) {
  const m = new Map();
  for (const e of list || []) m.set(e.key, e.value);
  return m;
}
