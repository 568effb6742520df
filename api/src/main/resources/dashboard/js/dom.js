// Every element is built here, text as text: the page's policy (Trusted Types) refuses markup from strings.

/** el('button', {type: 'button', onclick: f, dataset: {id}}, 'text', child...) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter(child => child !== null && child !== undefined && child !== false));
  return node;
}

/** A confirmation in a modal dialog; resolves true only when the operator presses the confirming button. */
export function confirmDialog(question, detail, confirmLabel) {
  return new Promise(resolve => {
    const dialog = el('dialog', {className: 'confirm', 'aria-labelledby': 'confirm-question'},
      el('h2', {id: 'confirm-question'}, question),
      el('p', {}, detail),
      el('div', {className: 'actions'},
        el('button', {type: 'button', className: 'secondary', dataset: {answer: 'cancel'}, onclick: () => dialog.close('cancel')}, 'Cancel'),
        el('button', {type: 'button', className: 'danger', dataset: {answer: 'confirm'}, onclick: () => dialog.close('confirm')}, confirmLabel)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A secret shown once, with what to do about it. */
export function secretOnce(label, secret) {
  return el('div', {className: 'secret', role: 'status'},
    el('strong', {}, label),
    el('code', {className: 'secret-value'}, secret),
    el('span', {className: 'hint'}, 'Copy it now: Mooring never shows it again.'));
}
