// Times as an operator reads them: ISO-8601 from the API, shown in the browser's locale and zone.

const absolute = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

export function when(iso) {
  return iso ? absolute.format(new Date(iso)) : '—';
}

/** "in 3d 4h", "in 12m 5s", "expired 2h ago": the coarsest two units. */
export function countdown(iso, now = Date.now()) {
  if (!iso) return 'no expiry';
  const left = Date.parse(iso) - now;
  const span = spanOf(Math.abs(left));
  return left >= 0 ? `in ${span}` : `expired ${span} ago`;
}

function spanOf(millis) {
  const units = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  const parts = [];
  let rest = millis;
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${name}`);
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : '0s';
}

/** Keeps every [data-expires-at] element's countdown current, once a second. */
export function tickCountdowns() {
  const tick = () => document.querySelectorAll('[data-expires-at]').forEach(node => {
    node.textContent = countdown(node.dataset.expiresAt);
  });
  tick();
  setInterval(tick, 1000);
}
