import {get, post, remove} from './api.js';
import {confirmDialog, el, secretOnce} from './dom.js';
import {when} from './format.js';

// the scopes a new key gets when none are ticked off: everything but holding a platform token
const SCOPES = ['accounts:read', 'accounts:write', 'accounts:import', 'connect', 'proxy', 'tokens:read', 'webhooks', 'keys'];
const DEFAULT_SCOPES = SCOPES.filter(scope => scope !== 'tokens:read');

/** The workspace's API keys: list, create (the key shown once), revoke. */
export function keysView(view) {
  const rows = el('tbody');
  const result = el('div', {role: 'status'});
  const name = el('input', {id: 'key-name', name: 'name', required: true, maxlength: 100, autocomplete: 'off'});
  const scopes = SCOPES.map(scope => el('label', {className: 'scope'},
    el('input', {type: 'checkbox', name: 'scope', value: scope, checked: DEFAULT_SCOPES.includes(scope)}), ` ${scope}`));

  const load = () => get('/v1/api-keys').then(
    page => rows.replaceChildren(...page.data.map(key => keyRow(key, result, load))),
    refusal => result.replaceChildren(el('p', {className: 'error', role: 'alert'}, refusal.sentence)));

  const create = async event => {
    event.preventDefault();
    try {
      const chosen = scopes.map(label => label.querySelector('input')).filter(box => box.checked).map(box => box.value);
      const created = await post('/v1/api-keys', {name: name.value, scopes: chosen});
      result.replaceChildren(secretOnce(`New key “${created.name}”`, created.key));
      name.value = '';
      load();
    } catch (refusal) {
      result.replaceChildren(el('p', {className: 'error', role: 'alert'}, refusal.sentence));
    }
  };

  view.replaceChildren(el('h1', {}, 'API keys'),
    el('form', {className: 'card', onsubmit: create},
      el('h2', {}, 'Create a key'), el('label', {for: 'key-name'}, 'Name'), name,
      el('fieldset', {}, el('legend', {}, 'Scopes'), scopes),
      el('button', {type: 'submit'}, 'Create key')),
    result,
    el('table', {className: 'keys'},
      el('thead', {}, el('tr', {}, ['Name', 'Prefix', 'Scopes', 'Created', 'Revoked', ''].map(title => el('th', {scope: 'col'}, title)))),
      rows));
  load();
}

function keyRow(key, result, reload) {
  const revoke = async () => {
    const confirmed = await confirmDialog(`Revoke the key “${key.name}”?`,
      'Every call with it is refused from now on. If this is the key you signed in with, you are signed out.', 'Revoke');
    if (!confirmed) return;
    try {
      await remove(`/v1/api-keys/${encodeURIComponent(key.id)}`);
      reload();
    } catch (refusal) {
      result.replaceChildren(el('p', {className: 'error', role: 'alert'}, refusal.sentence));
    }
  };
  return el('tr', {dataset: {keyId: key.id}},
    el('td', {}, key.name), el('td', {}, el('code', {}, key.prefix)), el('td', {}, key.scopes.join(', ')),
    el('td', {}, when(key.createdAt)), el('td', {}, key.revokedAt ? when(key.revokedAt) : '—'),
    el('td', {}, key.revokedAt ? null : el('button', {type: 'button', className: 'danger', onclick: revoke}, 'Revoke…')));
}
