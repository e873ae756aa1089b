// A tiny DOM builder: h('p', {class: 'x', onclick: fn}, 'text', child, [more]) → an Element.
// Strings become text nodes (never HTML), so data from the API cannot inject markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value') el.value = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Sets the document title the way every page does ("<page> — Dịch vụ công Hà Nội"). */
export function setTitle(t) {
  document.title = t ? `${t} — Trung tâm PVHCC Hà Nội` : 'Trung tâm Phục vụ hành chính công Hà Nội';
}

/** Calls fn at most once per `ms` of quiet. */
export function debounce(fn, ms) {
  let t = null;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}

/**
 * Makes row i of a table body the selected one (clamped to the rows): a roving tabindex and the
 * "selected" class, focused when asked. Returns its index, or -1 when the body has no row.
 */
export function selectRow(tbody, i, focus = true) {
  const rs = [...tbody.rows];
  if (!rs.length) return -1;
  const k = Math.max(0, Math.min(rs.length - 1, i));
  rs.forEach((r, j) => { r.tabIndex = j === k ? 0 : -1; r.classList.toggle('selected', j === k); });
  if (focus) rs[k].focus();
  return k;
}
