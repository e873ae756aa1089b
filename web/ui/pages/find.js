// Find (screen 9): staff look a dossier up by its code, the applicant's ID number or name
// (GET /api/v1/dossiers?q=, which ignores diacritics and case on the server), among the dossiers
// they may see. The query lives in the route (#/tim-ho-so?q=) so that Back returns to the results.
import { h, mount, setTitle } from '../dom.js';
import { get, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { dateTime, effectiveDue } from '../format.js';
import { requireLogin } from '../session.js';
import { statusTag, markTags } from '../widgets.js';

export async function render(main, { query }) {
  const s = requireLogin();
  if (!s) return;
  setTitle('Tìm hồ sơ');
  const summary = errorSummary();
  const q = field({ id: 'find-q', label: 'Mã hồ sơ, số định danh hoặc tên người nộp', hint: 'Gõ có dấu hoặc không dấu, ví dụ: nguyen thi hang', spellcheck: false });
  q.input.value = query.get('q') || '';
  const results = h('div', { id: 'find-results' });
  const count = h('p', { role: 'status', class: 'muted', id: 'find-count' });
  const form = h('form', { class: 'search-panel no-print', novalidate: true, role: 'search', 'aria-label': 'Tìm hồ sơ' },
    summary.el, q.el, h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button' }, 'Tìm')));
  let cursor = null;
  let tbody = null;
  const more = h('button', { type: 'button', class: 'button button--secondary no-print', hidden: true, onclick: () => search(query.get('q') || '', false) }, 'Xem thêm');

  function rowOf(d) {
    const due = effectiveDue(d);
    return h('tr', { dataset: { code: d.code } },
      h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, d.code)),
      h('td', null, d.applicant.name),
      h('td', { class: 'nowrap' }, d.applicant.id_number || ''),
      h('td', null, d.procedure.name),
      h('td', null, statusTag(d.status)),
      h('td', { class: 'nowrap' }, dateTime(d.received_at || d.submitted_at)),
      h('td', { class: 'nowrap' }, due ? dateTime(due) : h('span', { class: 'muted' }, 'Chưa có')),
      h('td', null, markTags(d)));
  }

  async function search(text, reset) {
    const qs = new URLSearchParams({ q: text, limit: '50' });
    if (!reset && cursor) qs.set('cursor', cursor);
    let r;
    try {
      r = await get(`/dossiers?${qs}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
      if (e instanceof ApiError && e.status === 422) { q.setError(e.messageVi); summary.show([{ id: 'find-q', message: e.messageVi }]); return; }
      count.textContent = 'Không tìm được, vui lòng thử lại.';
      return;
    }
    if (reset || !tbody) {
      tbody = h('tbody');
      mount(results, r.items.length ? h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'find-caption', tabindex: '0' },
        h('table', { class: 'table', id: 'find-table' },
          h('caption', { id: 'find-caption' }, `Kết quả tìm “${text}”`),
          h('thead', null, h('tr', null, ['Mã hồ sơ', 'Người nộp', 'Số định danh', 'Thủ tục', 'Trạng thái', 'Ngày nộp, tiếp nhận', 'Hạn giải quyết', 'Ghi chú'].map((t) => h('th', { scope: 'col' }, t)))),
          tbody)) : null);
    }
    for (const d of r.items) tbody.append(rowOf(d));
    cursor = r.next_cursor;
    more.hidden = !cursor;
    const n = tbody.rows.length;
    count.textContent = n ? `Tìm thấy ${n}${cursor ? '+' : ''} hồ sơ.` : `Không tìm thấy hồ sơ nào với “${text}”.`;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = q.input.value.trim();
    if (!text) {
      q.setError('nhập mã hồ sơ, số định danh hoặc tên người nộp');
      summary.show([{ id: 'find-q', message: 'nhập mã hồ sơ, số định danh hoặc tên người nộp' }]);
      return;
    }
    q.setError(null);
    summary.clear();
    // The route carries the query: the router renders the results (and Back comes back to them).
    const next = `#/tim-ho-so?${new URLSearchParams({ q: text })}`;
    if (location.hash === next) search(text, true); else location.hash = next;
  });

  mount(main, h('h1', null, 'Tìm hồ sơ'), form, count, results, h('div', { class: 'button-group' }, more));
  const text = (query.get('q') || '').trim();
  if (text) await search(text, true);
  else q.input.focus();
}
