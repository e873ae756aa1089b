// GOV.UK-style form parts: a labelled field that can show its error beside it, and an error
// summary at the top of the form whose links move the focus to each field.
import { h, mount } from './dom.js';
import { sentence } from './format.js';

/** A text field. Returns {el, input, setError(msg|null)}. */
export function field({ id, label, type = 'text', hint, autocomplete, value, inputmode, spellcheck, multiline, rows, width }) {
  const hintEl = hint ? h('div', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  const errEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const attrs = {
    id, name: id, autocomplete, inputmode,
    spellcheck: spellcheck === false ? 'false' : null,
    class: `input${width ? ` input--${width}` : ''}`,
    'aria-describedby': hint ? `${id}-hint` : null,
  };
  const input = multiline ? h('textarea', { ...attrs, rows: rows || 3 }) : h('input', { ...attrs, type });
  if (value) input.value = value;
  const el = h('div', { class: 'form-group' }, h('label', { for: id, class: 'label' }, label), hintEl, errEl,
    type === 'file' ? filePicker(input) : input);
  function setError(msg) {
    const described = [hint ? `${id}-hint` : null, msg ? `${id}-error` : null].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described); else input.removeAttribute('aria-describedby');
    if (msg) {
      mount(errEl, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(msg));
      errEl.hidden = false;
      el.classList.add('form-group--error');
      input.setAttribute('aria-invalid', 'true');
    } else {
      errEl.replaceChildren();
      errEl.hidden = true;
      el.classList.remove('form-group--error');
      input.removeAttribute('aria-invalid');
    }
  }
  return { el, input, setError };
}

/**
 * A file input in Vietnamese whatever the browser's language: the input stays (focusable, named by
 * its field's label) but is drawn as a "Chọn tệp" button with the chosen file's name beside it.
 */
export function filePicker(input) {
  input.classList.add('file__input');
  const chosen = h('span', { class: 'file__chosen', 'aria-hidden': 'true' }, 'Chưa chọn tệp');
  input.addEventListener('change', () => { chosen.textContent = input.files[0] ? input.files[0].name : 'Chưa chọn tệp'; });
  return h('div', { class: 'file' }, input,
    h('label', { for: input.id, class: 'button button--secondary file__pick', 'aria-hidden': 'true' }, 'Chọn tệp…'), chosen);
}

/** The visible name of a field: its <label for>, else its fieldset's legend, else its aria-label. */
function fieldName(id) {
  const el = id && document.getElementById(id);
  if (!el) return '';
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  const legend = el.closest('fieldset')?.querySelector('legend');
  const text = (label && label.textContent) || (legend && legend.textContent) || el.getAttribute('aria-label') || '';
  return text.replace(/\s+/g, ' ').replace(/\s*\((nếu có|không bắt buộc)\)\s*$/i, '').trim();
}

/**
 * The summary's lines: a message that does not name its field and is generic ("không được để
 * trống", "không hợp lệ", ...) or repeated gets the field's name in front, so no two lines read the
 * same; lines still identical (same field, same words) are shown once.
 */
export function summaryLines(errors) {
  const count = {};
  for (const e of errors) count[e.message] = (count[e.message] || 0) + 1;
  const seen = new Set();
  const out = [];
  for (const e of errors) {
    let message = e.message || '';
    const name = fieldName(e.id);
    const generic = /^không /i.test(message) || count[e.message] > 1;
    if (name && generic && !message.toLocaleLowerCase('vi').includes(name.toLocaleLowerCase('vi'))) {
      message = `${name}: ${message.charAt(0).toLocaleLowerCase('vi')}${message.slice(1)}`;
    }
    const key = `${e.id || ''}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...e, message });
  }
  return out;
}

/** An (initially empty) error summary. show([{id, message}]) fills it and takes the focus. */
export function errorSummary() {
  const list = h('ul', { class: 'error-summary__list' });
  const el = h('div', { class: 'error-summary', tabindex: '-1', hidden: true, 'aria-labelledby': 'error-summary-title' },
    h('h2', { class: 'error-summary__title', id: 'error-summary-title' }, 'Có lỗi cần sửa'),
    list);
  return {
    el,
    show(errors) {
      if (!errors.length) { this.clear(); return; }
      mount(list, summaryLines(errors).map((e) => h('li', null, e.id
        ? h('a', {
          href: `#${e.id}`,
          onclick: (ev) => {
            ev.preventDefault();
            const f = document.getElementById(e.id);
            if (f) { f.focus(); f.scrollIntoView({ block: 'center' }); }
          },
        }, sentence(e.message))
        : sentence(e.message))));
      el.hidden = false;
      el.setAttribute('role', 'alert');
      el.focus();
    },
    clear() { el.hidden = true; el.removeAttribute('role'); list.replaceChildren(); },
  };
}
