// Small pieces of pages that several pages show: a row of a summary list, a dossier's status and
// marks, a link to a PDF of the API, and the in-page viewer of a document.
import { h, mount } from './dom.js';
import { fileHref, blobHref } from './api.js';
import { STATUS, OPEN, marks, dateTime } from './format.js';

/** A row of a summary list (<dl class="summary-list">): the term and what it says. */
export function summaryRow(term, ...desc) {
  return h('div', null, h('dt', null, term), h('dd', null, ...desc));
}

/** A dossier's status in words, as a tag (open and closed dossiers look different). */
export function statusTag(status) {
  return h('span', { class: `tag ${OPEN.has(status) ? 'tag--open' : 'tag--closed'}` }, STATUS[status] || status);
}

/** "Đã ký số bởi … lúc …": the signature of a dossier's electronic result (result.signature). */
export function signedBadge(sig) {
  if (!sig) return null;
  return h('span', { class: 'tag tag--signed', id: 'result-signed', 'data-unit': sig.unit },
    `Đã ký số bởi ${sig.unit_name || sig.unit} lúc ${dateTime(sig.signed_at)}`);
}

/** A dossier's marks in a list (paused, overdue, extended), as tags. */
export function markTags(d) {
  return marks(d).map((m) => h('span', { class: `tag tag--${m.key}` }, m.text));
}

/** A link to a PDF of the API that opens in a new tab (a blob: address with bearer sessions). */
export function pdfLink(path, label, id) {
  const a = h('a', { href: `/api/v1${path}`, target: '_blank', rel: 'noopener', id, class: 'button button--link', 'aria-busy': 'true' }, label);
  fileHref(path).then((u) => { a.href = u; a.removeAttribute('aria-busy'); }).catch(() => { a.removeAttribute('aria-busy'); });
  return a;
}

/**
 * A component's document shown in the page: an image, or a PDF in a frame; loaded on demand.
 * c is {id, document}; returns {button, box}: the button shows and hides the box.
 */
export function viewer(c, label) {
  const box = h('div', { class: 'doc-viewer', id: `doc-${c.id}`, hidden: true });
  let loaded = false;
  const button = h('button', { type: 'button', class: 'link-button no-print', 'aria-expanded': 'false', 'aria-controls': box.id,
    onclick: async () => {
      const open = box.hidden;
      box.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? 'Ẩn bản điện tử' : 'Xem bản điện tử';
      if (!open || loaded) return;
      loaded = true;
      mount(box, h('p', { class: 'muted' }, 'Đang tải…'));
      try {
        const f = await blobHref(`/documents/${encodeURIComponent(c.document)}`);
        mount(box, f.type.startsWith('image/')
          ? h('img', { src: f.href, alt: `Bản điện tử: ${label}`, class: 'doc-viewer__image' })
          : h('iframe', { src: f.href, title: `Bản điện tử: ${label}`, class: 'doc-viewer__frame' }),
        h('p', null, h('a', { href: f.href, download: `${c.id}${f.type === 'application/pdf' ? '.pdf' : ''}` }, 'Tải về')));
        box.dataset.type = f.type;
      } catch (e) {
        loaded = false;
        mount(box, h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được bản điện tử.'));
      }
    } }, 'Xem bản điện tử');
  return { button, box };
}
