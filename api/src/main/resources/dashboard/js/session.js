// The API key lives in this tab's sessionStorage only: never localStorage, never a cookie, never a URL.
const KEY = 'mooring.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function keepApiKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetApiKey() {
  sessionStorage.removeItem(KEY);
}
