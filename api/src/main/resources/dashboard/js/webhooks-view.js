import {get, post, withQuery} from './api.js';
import {confirmDialog, el, secretOnce} from './dom.js';
import {when} from './format.js';

/** The workspace's webhook endpoints, each with its deliveries (resend) and its signing secret (rotate). */
export function webhooksView(view) {
  const list = el('div', {className: 'endpoints'});
  view.replaceChildren(el('h1', {}, 'Webhook endpoints'), list);
  get('/v1/webhook-endpoints').then(
    page => list.replaceChildren(...(page.data.length ? page.data.map(endpointCard)
      : [el('p', {className: 'muted'}, 'No webhook endpoints yet (POST /v1/webhook-endpoints registers one).')])),
    refusal => list.replaceChildren(el('p', {className: 'error', role: 'alert'}, refusal.sentence)));
}

function endpointCard(endpoint) {
  const path = `/v1/webhook-endpoints/${encodeURIComponent(endpoint.id)}`;
  const result = el('div', {role: 'status'});
  const deliveries = el('tbody');
  const more = el('button', {type: 'button', className: 'secondary', hidden: true}, 'Older deliveries');
  let cursor = null;

  const load = async () => {
    try {
      const page = await get(withQuery(`${path}/deliveries`, {cursor}));
      deliveries.append(...page.data.map(delivery => deliveryRow(path, delivery, result)));
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (refusal) {
      result.replaceChildren(el('p', {className: 'error'}, refusal.sentence));
    }
  };
  more.addEventListener('click', load);
  load();

  const rotate = async () => {
    const confirmed = await confirmDialog('Rotate the signing secret?',
      'A new secret signs from now on; the current one keeps signing beside it for a while, so the receiver can switch over.',
      'Rotate');
    if (!confirmed) return;
    try {
      const rotated = await post(`${path}/rotate-secret`);
      result.replaceChildren(secretOnce('New signing secret', rotated.secret),
        el('p', {className: 'hint'}, `The previous secret keeps signing until ${when(rotated.previousSecretExpiresAt)}.`));
    } catch (refusal) {
      result.replaceChildren(el('p', {className: 'error'}, refusal.sentence));
    }
  };

  return el('article', {className: 'card endpoint', dataset: {endpointId: endpoint.id}},
    el('h2', {}, endpoint.url, ' ', el('span', {className: `badge ${endpoint.enabled ? 'active' : 'revoked'}`},
      endpoint.enabled ? 'enabled' : 'disabled')),
    endpoint.disabledReason ? el('p', {className: 'trouble revoked'}, endpoint.disabledReason) : null,
    el('p', {className: 'muted'}, `Events: ${endpoint.eventTypes.join(', ')} · created ${when(endpoint.createdAt)}`),
    el('div', {className: 'actions'}, el('button', {type: 'button', onclick: rotate}, 'Rotate secret…')),
    result,
    el('table', {className: 'deliveries'},
      el('thead', {}, el('tr', {}, ['Event', 'Status', 'Created', 'Last attempt', ''].map(title => el('th', {scope: 'col'}, title)))),
      deliveries),
    more);
}

function deliveryRow(path, delivery, result) {
  const last = delivery.attempts[delivery.attempts.length - 1];
  const resend = async event => {
    event.target.disabled = true;
    try {
      await post(`${path}/deliveries/${encodeURIComponent(delivery.id)}/resend`);
      result.replaceChildren(el('p', {}, `Delivery of ${delivery.eventType} sent again.`));
    } catch (refusal) {
      result.replaceChildren(el('p', {className: 'error'}, refusal.sentence));
    } finally {
      event.target.disabled = false;
    }
  };
  return el('tr', {dataset: {deliveryId: delivery.id}},
    el('td', {}, delivery.eventType),
    el('td', {}, el('span', {className: `badge ${delivery.status}`}, delivery.status),
      delivery.status === 'pending' && delivery.nextAttemptAt ? ` next ${when(delivery.nextAttemptAt)}` : ''),
    el('td', {}, when(delivery.createdAt)),
    el('td', {}, last ? `#${last.attempt} ${last.statusCode ?? 'no answer'}${last.error ? ` — ${last.error}` : ''}` : 'none yet'),
    el('td', {}, el('button', {type: 'button', className: 'secondary', onclick: resend}, 'Resend')));
}
