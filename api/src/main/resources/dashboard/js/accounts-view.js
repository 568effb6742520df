import {get, withQuery} from './api.js';
import {el} from './dom.js';
import {onAccountEvent} from './live.js';
import {accountName, expiry, lastRefresh, PLATFORMS, STATUSES, statusBadge, trouble} from './account-parts.js';

const PAGE = 50;
// the read model may show an event a moment after the stream does: read the account again after this
const SETTLE_MILLIS = 1500;

/** The workspace's accounts, filtered by platform and status (kept in the address), kept current from the event stream. */
export function accountsView(view, parameters) {
  const filters = {platform: parameters.get('platform') || '', status: parameters.get('status') || ''};
  const rows = el('tbody');
  const more = el('button', {type: 'button', className: 'secondary', hidden: true}, 'Load more');
  const problem = el('p', {className: 'error', role: 'alert', hidden: true});
  let cursor = null;

  const choose = (name, options) => el('label', {}, `${name[0].toUpperCase()}${name.slice(1)} `,
    el('select', {
      name, onchange: event => {
        filters[name] = event.target.value;
        location.hash = withQuery('#/accounts', filters);
      }
    }, el('option', {value: ''}, 'all'), options.map(option => el('option', {value: option, selected: filters[name] === option}, option))));

  view.replaceChildren(
    el('h1', {}, 'Accounts'),
    el('form', {className: 'filters', onsubmit: event => event.preventDefault()}, choose('platform', PLATFORMS), choose('status', STATUSES)),
    problem,
    el('table', {id: 'accounts', className: 'accounts'},
      el('thead', {}, el('tr', {},
        ['Platform', 'Name', 'Status', 'Token expires', 'Last refresh'].map(title => el('th', {scope: 'col'}, title)))),
      rows),
    more);

  const load = async () => {
    try {
      const page = await get(withQuery('/v1/accounts', {...filters, limit: String(PAGE), cursor}));
      rows.append(...page.data.map(row));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      if (!rows.children.length) rows.append(el('tr', {className: 'empty'}, el('td', {colspan: 5}, 'No accounts match.')));
      view.dataset.loaded = 'true';
      if (!performance.getEntriesByName('mooring:accounts-rendered').length) performance.mark('mooring:accounts-rendered');
    } catch (refusal) {
      problem.textContent = refusal.sentence || String(refusal);
      problem.hidden = false;
    }
  };
  more.addEventListener('click', load);

  const update = async accountId => {
    const shown = rows.querySelector(`tr[data-account-id="${CSS.escape(accountId)}"]`);
    let account = null;
    try {
      account = await get(`/v1/accounts/${encodeURIComponent(accountId)}`);
    } catch (refusal) {
      if (refusal.status !== 404) return;
    }
    const matches = account && Object.entries(filters).every(([name, value]) => !value || account[name] === value);
    if (!matches) shown?.remove();
    else if (shown) shown.replaceWith(row(account));
    else {
      rows.querySelector('tr.empty')?.remove();
      rows.prepend(row(account));
    }
  };
  const stop = onAccountEvent(event => {
    const accountId = event.data && event.data.accountId;
    if (!accountId) return;
    update(accountId);
    setTimeout(() => update(accountId), SETTLE_MILLIS);
  });

  load();
  return stop;
}

function row(account) {
  const href = `#/accounts/${encodeURIComponent(account.id)}`;
  return el('tr', {dataset: {accountId: account.id, status: account.status}},
    el('td', {}, account.platform),
    el('td', {}, el('a', {href}, accountName(account)), account.handle ? el('span', {className: 'muted'}, ` ${account.handle}`) : null,
      trouble(account)),
    el('td', {}, statusBadge(account)),
    el('td', {}, expiry(account)),
    el('td', {}, lastRefresh(account)));
}
