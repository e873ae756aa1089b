// Radios, checkboxes and selects in the GOV.UK pattern: a fieldset (or label) with a hint, the error
// beside the group, and setError(msg|null) like forms.field.
import { h, mount } from './dom.js';
import { sentence } from './format.js';

function errorBox(id) {
  return h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
}

function showError(group, errEl, msg, controls) {
  if (Array.isArray(msg) && !msg.length) msg = null;
  if (msg) {
    const list = Array.isArray(msg) ? msg : [msg];
    mount(errEl, list.map((m) => h('span', { class: 'field-error__line' }, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(m))));
    errEl.hidden = false;
    group.classList.add('form-group--error');
  } else {
    errEl.replaceChildren();
    errEl.hidden = true;
    group.classList.remove('form-group--error');
  }
  for (const c of controls()) {
    const d = (c.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== errEl.id);
    if (msg) d.push(errEl.id);
    if (d.length) c.setAttribute('aria-describedby', d.join(' ')); else c.removeAttribute('aria-describedby');
    if (msg) c.setAttribute('aria-invalid', 'true'); else c.removeAttribute('aria-invalid');
  }
}

/** Radios: options {value: label}. Returns {el, value, set(v), setError, firstId, onChange(fn)}. */
export function radios({ id, legend, options, value, hint, inline }) {
  const errEl = errorBox(id);
  const inputs = Object.entries(options).map(([v, label]) => {
    const input = h('input', { type: 'radio', name: id, value: v, id: `${id}-${v}`, class: 'choice__input' });
    input.checked = v === value;
    return [input, h('div', { class: 'choice' }, input, h('label', { for: `${id}-${v}`, class: 'choice__label' }, label))];
  });
  const el = h('div', { class: 'form-group' }, h('fieldset', { class: `fieldset${inline ? ' fieldset--inline' : ''}`, id, 'aria-describedby': hint ? `${id}-hint` : null },
    h('legend', { class: 'label' }, legend), hint ? h('div', { id: `${id}-hint`, class: 'hint' }, hint) : null, errEl,
    h('div', { class: 'choices' }, inputs.map((x) => x[1]))));
  return {
    el,
    firstId: `${id}-${Object.keys(options)[0]}`,
    get value() { const c = inputs.find(([i]) => i.checked); return c ? c[0].value : null; },
    set(v) { for (const [i] of inputs) i.checked = i.value === v; },
    setError(msg) { showError(el, errEl, msg, () => inputs.map((x) => x[0])); },
    onChange(fn) { for (const [i] of inputs) i.addEventListener('change', () => fn(i.value)); },
  };
}

/** A select: options [[value, label]]. Returns {el, input, setError}. */
export function select({ id, label, options, value, hint, placeholder }) {
  const errEl = errorBox(id);
  const input = h('select', { id, name: id, class: 'input', 'aria-describedby': hint ? `${id}-hint` : null },
    placeholder ? h('option', { value: '' }, placeholder) : null,
    options.map(([v, l]) => h('option', { value: v }, l)));
  if (value !== undefined && value !== null) input.value = value;
  const el = h('div', { class: 'form-group' }, h('label', { for: id, class: 'label' }, label),
    hint ? h('div', { id: `${id}-hint`, class: 'hint' }, hint) : null, errEl, input);
  return { el, input, setError(msg) { showError(el, errEl, msg, () => [input]); } };
}

/**
 * A checkbox group: items [{value, label: Node|string, id}]. Returns {el, values(), setError,
 * setItemError(value, bool)}.
 */
export function checkboxes({ id, legend, hint, items, checked = [], section }) {
  const errEl = errorBox(id);
  const rows = items.map((it) => {
    const input = h('input', { type: 'checkbox', id: it.id || `${id}-${it.value}`, value: it.value, class: 'choice__input' });
    input.checked = checked.includes(it.value);
    return [input, h('div', { class: 'choice' }, input, h('label', { for: input.id, class: 'choice__label' }, it.label))];
  });
  const el = h('div', { class: 'form-group' }, h('fieldset', { class: section ? 'section' : 'fieldset', id, 'aria-describedby': hint ? `${id}-hint` : null },
    h('legend', { class: section ? 'section__title' : 'label' }, legend), hint ? h('div', { id: `${id}-hint`, class: 'hint' }, hint) : null, errEl,
    h('div', { class: 'choices' }, rows.map((x) => x[1]))));
  return {
    el,
    inputs: rows.map((x) => x[0]),
    values() { return rows.filter(([i]) => i.checked).map(([i]) => i.value); },
    setError(msg) { showError(el, errEl, msg, () => rows.map((x) => x[0])); },
    setItemError(value, on) {
      const r = rows.find(([i]) => i.value === value);
      if (r) r[1].classList.toggle('choice--error', on);
    },
  };
}
