import {call, onKeyRefused} from './api.js';
import {tickCountdowns} from './format.js';
import {startLive, stopLive} from './live.js';
import {apiKey, forgetApiKey, keepApiKey} from './session.js';
import {accountsView} from './accounts-view.js';
import {accountView} from './account-view.js';
import {webhooksView} from './webhooks-view.js';
import {keysView} from './keys-view.js';

const byId = id => document.getElementById(id);
const LIVE_STATES = {connecting: 'connecting…', live: '● live', reconnecting: 'reconnecting…'};
let leaveView = () => undefined;
// a notice outlives the one navigation that follows it (a disconnect goes back to the table)
let noticeOutlivesNavigation = false;

function notify(text) {
  byId('notice').textContent = text;
  byId('notice').hidden = !text;
  noticeOutlivesNavigation = Boolean(text);
}

function showSignIn(problem) {
  leaveView();
  stopLive();
  for (const id of ['nav', 'live', 'sign-out', 'view']) byId(id).hidden = true;
  byId('sign-in').hidden = false;
  byId('sign-in-error').textContent = problem || '';
  byId('sign-in-error').hidden = !problem;
  byId('api-key').focus();
}

function showDashboard() {
  byId('sign-in').hidden = true;
  for (const id of ['nav', 'live', 'sign-out', 'view']) byId(id).hidden = false;
  startLive(state => {
    byId('live').textContent = LIVE_STATES[state];
    byId('live').dataset.state = state;
  });
  route();
}

/** #/accounts[?platform&status], #/accounts/{id}, #/webhooks, #/keys */
function route() {
  if (!apiKey()) return;
  leaveView();
  leaveView = () => undefined;
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const parameters = new URLSearchParams(query || '');
  const view = byId('view');
  const account = path.match(/^\/accounts\/([^/]+)$/);
  if (account) leaveView = accountView(view, decodeURIComponent(account[1]), notify) || leaveView;
  else if (path === '/webhooks') webhooksView(view);
  else if (path === '/keys') keysView(view);
  else leaveView = accountsView(view, parameters) || leaveView;
  document.querySelectorAll('#nav a').forEach(link =>
    link.setAttribute('aria-current', path.startsWith(link.getAttribute('href').slice(1)) ? 'page' : 'false'));
}

async function signIn(event) {
  event.preventDefault();
  const key = byId('api-key').value.trim();
  try {
    // a key is good when Mooring takes it for the accounts list, the dashboard's first page
    await call('GET', '/v1/accounts?limit=1', undefined, key);
  } catch (refusal) {
    showSignIn(refusal.status === 401
      ? 'Mooring does not know this API key (or it was revoked). Check it and try again.'
      : refusal.status === 403 ? `This key may not read accounts: ${refusal.sentence}` : refusal.sentence);
    return;
  }
  keepApiKey(key);
  byId('api-key').value = '';
  notify('');
  showDashboard();
}

function signOut(problem) {
  forgetApiKey();
  notify('');
  showSignIn(problem);
}

byId('sign-in-form').addEventListener('submit', signIn);
byId('sign-out').addEventListener('click', () => signOut());
onKeyRefused(refusal => signOut(`Signed out: Mooring no longer takes this key. ${refusal.sentence}`));
window.addEventListener('hashchange', () => {
  if (noticeOutlivesNavigation) noticeOutlivesNavigation = false;
  else notify('');
  route();
});
tickCountdowns();
if (apiKey()) showDashboard();
else showSignIn();
