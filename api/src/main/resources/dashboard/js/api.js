import {apiKey} from './session.js';

/** A refusal from Mooring, with the stable code and the words of its error envelope. */
export class ApiError extends Error {
  constructor(status, code, message, remediation) {
    super(message);
    this.status = status;
    this.code = code;
    this.remediation = remediation;
  }

  /** What the operator reads: the message, what to do, and the code to look up. */
  get sentence() {
    return [this.message, this.remediation].filter(Boolean).join(' — ') + ` (${this.code})`;
  }
}

const signedOutListeners = [];

/** Called when Mooring no longer takes the key (revoked while the page was open). */
export function onKeyRefused(listener) {
  signedOutListeners.push(listener);
}

/** Calls a /v1 route with the signed-in key (or key); answers the JSON body, or null for 204. */
export async function call(method, path, body, key = apiKey()) {
  const headers = {Authorization: `Bearer ${key}`, Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let answer;
  try {
    answer = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store'});
  } catch (unreachable) {
    throw new ApiError(0, 'unreachable', 'Mooring cannot be reached.', 'check that it is running, then try again');
  }
  if (answer.status === 204) return null;
  const json = await answer.json().catch(() => null);
  if (answer.ok) return json;
  const error = json && json.error ? json.error : {};
  const refusal = new ApiError(answer.status, error.code || `http_${answer.status}`, error.message || `Mooring answered ${answer.status}.`, error.remediation);
  if (answer.status === 401 && key === apiKey()) signedOutListeners.forEach(listener => listener(refusal));
  throw refusal;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const remove = path => call('DELETE', path);

/** A path with the query parameters that have a value. */
export function withQuery(path, parameters) {
  const query = new URLSearchParams(Object.entries(parameters).filter(([, value]) => value));
  return query.size ? `${path}?${query}` : path;
}
