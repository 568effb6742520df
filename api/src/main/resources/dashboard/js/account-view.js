import {get, post, remove, withQuery} from './api.js';
import {confirmDialog, el} from './dom.js';
import {when} from './format.js';
import {onAccountEvent} from './live.js';
import {accountName, expiry, lastRefresh, statusBadge, trouble} from './account-parts.js';

const SETTLE_MILLIS = 1500;

/** One account: its state, its actions (refresh, verify, disconnect) and its history as a timeline. */
export function accountView(view, accountId, notify) {
  const path = `/v1/accounts/${encodeURIComponent(accountId)}`;
  const summary = el('div', {className: 'card'});
  const outcome = el('p', {className: 'outcome', role: 'status', hidden: true});
  const timeline = el('ol', {id: 'timeline', className: 'timeline'});
  const earlier = el('button', {type: 'button', className: 'secondary', hidden: true}, 'Show later events');
  let cursor = null;

  const say = (text, failed) => {
    outcome.textContent = text;
    outcome.className = failed ? 'outcome error' : 'outcome';
    outcome.hidden = false;
  };
  const act = (label, work) => el('button', {
    type: 'button', onclick: async event => {
      event.target.disabled = true;
      try {
        await work();
      } catch (refusal) {
        say(refusal.sentence || String(refusal), true);
      } finally {
        event.target.disabled = false;
      }
    }
  }, label);

  const show = account => summary.replaceChildren(...[
    el('h1', {}, accountName(account), ' ', statusBadge(account)),
    el('dl', {className: 'facts'},
      fact('Platform', account.platform), fact('Handle', account.handle || '—'),
      fact('Platform user id', account.platformUserId), fact('Account id', account.id),
      fact('Token expires', expiry(account)), fact('Last refresh', lastRefresh(account)),
      fact('Connected', when(account.connectedAt))),
    trouble(account),
    el('div', {className: 'actions'},
      act('Refresh now', async () => {
        await post(`${path}/refresh`);
        say('Refreshed: the platform issued a new token.');
        reload();
      }),
      act('Verify', async () => {
        await post(`${path}/verify`);
        say('Verified: the platform still accepts the account.');
        reload();
      }),
      act('Disconnect…', async () => {
        const confirmed = await confirmDialog(`Disconnect ${accountName(account)}?`,
          'Mooring destroys its tokens and stops refreshing them; posting tools can no longer use it. Its history stays for audit.',
          'Disconnect');
        if (!confirmed) return;
        await remove(path);
        notify(`${accountName(account)} is disconnected.`);
        location.hash = '#/accounts';
      }))].filter(Boolean));

  const reload = async () => {
    try {
      show(await get(path));
    } catch (refusal) {
      summary.replaceChildren(el('p', {className: 'error', role: 'alert'}, refusal.status === 404
        ? 'No such account in this workspace (it may have been disconnected).' : refusal.sentence));
    }
  };
  const history = async () => {
    try {
      const page = await get(withQuery(`${path}/history`, {cursor}));
      timeline.append(...page.data.map(entry));
      cursor = page.nextCursor;
      earlier.hidden = !cursor;
    } catch (refusal) {
      timeline.append(el('li', {className: 'error'}, refusal.sentence || String(refusal)));
    }
  };
  earlier.addEventListener('click', history);

  view.replaceChildren(el('p', {}, el('a', {href: '#/accounts'}, '← Accounts')), summary, outcome,
    el('h2', {}, 'History'), timeline, earlier);
  reload();
  history();

  // a new event of this account: read the account again, and the history from where it ended
  return onAccountEvent(event => {
    if (!event.data || event.data.accountId !== accountId) return;
    reload();
    setTimeout(reload, SETTLE_MILLIS);
    if (!cursor) {
      const seen = new Set([...timeline.children].map(item => item.dataset.eventId));
      get(`${path}/history?limit=100`).then(page => timeline.append(...page.data.filter(e => !seen.has(e.id)).map(entry)),
        () => undefined);
    }
  });
}

function fact(name, value) {
  return el('div', {}, el('dt', {}, name), el('dd', {}, value));
}

const DESCRIPTIONS = {
  'account.connected': data => data.reconnected ? 'Reconnected' : data.imported ? 'Imported' : 'Connected',
  'token.refreshed': data => `Token refreshed${data.expiresAt ? `; expires ${when(data.expiresAt)}` : ''}`,
  'token.refresh_failed': data => `Refresh failed (${data.consecutiveFailures} in a row): ${data.reason || data.code}; next attempt ${when(data.nextAttemptAt)}`,
  'token.expiring': data => `Token expiring ${when(data.expiresAt)}`,
  'token.revoked': data => `Revoked: ${data.reason || data.code}`,
  'token.accessed': data => `Token handed out to key ${data.keyId}`,
  'account.disconnected': data => `Disconnected${data.upstreamRevocation ? ` (upstream revocation: ${data.upstreamRevocation})` : ''}`,
};

function entry(event) {
  const describe = DESCRIPTIONS[event.type] || (() => event.type);
  return el('li', {className: `event ${event.type.replace(/\W/g, '-')}`, dataset: {eventId: event.id, type: event.type}},
    el('time', {datetime: event.createdAt}, when(event.createdAt)),
    el('span', {className: 'event-type'}, event.type),
    el('span', {className: 'event-text'}, describe(event.data || {})));
}
