// Staff inbox (and a citizen's own dossiers): a dense table of the visible dossiers.
// Keyboard: j / ↓ next row, k / ↑ previous, Enter opens, / goes to the filter.
import { h, mount, setTitle } from '../dom.js';
import { get, session, ApiError } from '../api.js';
import { STATUS, OPEN, dateTime, effectiveDue, marks } from '../format.js';

export function requireLogin() {
  const s = session();
  if (!s) location.replace(`#/dang-nhap?next=${encodeURIComponent(location.hash)}`);
  return s;
}

export function statusTag(status) {
  return h('span', { class: `tag ${OPEN.has(status) ? 'tag--open' : 'tag--closed'}` }, STATUS[status] || status);
}

export function markTags(d) {
  return marks(d).map((m) => h('span', { class: `tag tag--${m.key}` }, m.text));
}

export async function render(main, { query, isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  const staff = s.user.roles.some((r) => r.role !== 'citizen');
  const title = staff ? 'Hồ sơ cần xử lý' : 'Hồ sơ của tôi';
  setTitle(title);

  const statusSel = h('select', { id: 'status', class: 'input input--short' },
    h('option', { value: '' }, 'Tất cả'),
    Object.entries(STATUS).map(([k, v]) => h('option', { value: k }, v)));
  statusSel.value = query.get('status') || '';
  const overdue = h('input', { type: 'checkbox', id: 'overdue' });
  overdue.checked = query.get('overdue') === 'true';
  const tbody = h('tbody');
  const count = h('p', { role: 'status', class: 'muted' });
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Xem thêm');
  const table = h('table', { class: 'table', id: 'dossiers' },
    h('caption', null, title, h('span', { class: 'visually-hidden' }, '. Dùng phím j, k hoặc mũi tên để chọn dòng, Enter để mở hồ sơ.')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Mã hồ sơ'), h('th', { scope: 'col' }, 'Thủ tục'), h('th', { scope: 'col' }, 'Người nộp'),
      h('th', { scope: 'col' }, 'Trạng thái'), h('th', { scope: 'col' }, 'Hạn giải quyết'), h('th', { scope: 'col' }, 'Ghi chú'))),
    tbody);
  let cursor = null;
  let selected = -1;

  function rows() { return [...tbody.rows]; }
  function select(i, focus = true) {
    const rs = rows();
    if (!rs.length) return;
    selected = Math.max(0, Math.min(rs.length - 1, i));
    rs.forEach((r, j) => { r.tabIndex = j === selected ? 0 : -1; r.classList.toggle('selected', j === selected); });
    if (focus) rs[selected].focus();
  }
  function open(i) {
    const r = rows()[i];
    if (r) location.hash = `#/ho-so/${encodeURIComponent(r.dataset.code)}`;
  }

  function rowOf(d) {
    const due = effectiveDue(d);
    return h('tr', { tabindex: '-1', dataset: { code: d.code, status: d.status }, onclick: (e) => { if (e.target.tagName !== 'A') select(rows().indexOf(e.currentTarget), false); } },
      h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}`, tabindex: '-1' }, d.code)),
      h('td', null, d.procedure.name),
      h('td', null, d.applicant.name),
      h('td', null, statusTag(d.status)),
      h('td', { class: 'nowrap' }, due ? dateTime(due) : h('span', { class: 'muted' }, 'Chưa có')),
      h('td', null, markTags(d)));
  }

  async function load(reset) {
    const qs = new URLSearchParams({ limit: '50' });
    if (statusSel.value) qs.set('status', statusSel.value);
    if (overdue.checked) qs.set('overdue', 'true');
    if (!reset && cursor) qs.set('cursor', cursor);
    let r;
    try {
      r = await get(`/dossiers?${qs}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
      count.textContent = 'Không tải được danh sách hồ sơ. Vui lòng thử lại.';
      return;
    }
    if (reset) { tbody.replaceChildren(); selected = -1; }
    for (const d of r.items) tbody.append(rowOf(d));
    cursor = r.next_cursor;
    more.hidden = !cursor;
    const n = tbody.rows.length;
    count.textContent = n ? `${n}${cursor ? '+' : ''} hồ sơ` : 'Không có hồ sơ nào.';
    if (n && selected < 0) select(0, false);
  }

  function applyFilter() {
    const qs = new URLSearchParams();
    if (statusSel.value) qs.set('status', statusSel.value);
    if (overdue.checked) qs.set('overdue', 'true');
    history.replaceState(null, '', `#/ho-so${qs.toString() ? `?${qs}` : ''}`);
    load(true);
  }
  statusSel.addEventListener('change', applyFilter);
  overdue.addEventListener('change', applyFilter);
  more.addEventListener('click', () => load(false));

  function onKey(e) {
    if (!table.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    if (typing) return;
    const inTable = tbody.contains(t);
    if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) { e.preventDefault(); select(selected + 1); }
    else if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) { e.preventDefault(); select(selected - 1); }
    else if (inTable && e.key === 'Home') { e.preventDefault(); select(0); }
    else if (inTable && e.key === 'End') { e.preventDefault(); select(rows().length - 1); }
    else if (e.key === 'Enter' && inTable && t.tagName === 'TR') { e.preventDefault(); open(selected); }
    else if (e.key === '/') { e.preventDefault(); statusSel.focus(); }
  }
  document.addEventListener('keydown', onKey);

  mount(main,
    h('h1', null, title),
    h('form', { class: 'button-group no-print', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'status', class: 'label' }, 'Trạng thái'), statusSel,
      h('label', { for: 'overdue' }, overdue, ' Chỉ hồ sơ quá hạn')),
    h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, '↓'), ' dòng sau, ',
      h('kbd', null, 'k'), ' / ', h('kbd', null, '↑'), ' dòng trước, ', h('kbd', null, 'Enter'), ' mở hồ sơ, ',
      h('kbd', null, '/'), ' lọc theo trạng thái.'),
    count,
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': title, tabindex: '0' }, table),
    h('div', { class: 'button-group no-print' }, more));
  await load(true);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}
