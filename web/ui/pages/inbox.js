// Staff inbox: "Việc của tôi" — the dossiers at the steps of the processors and approvers, the
// soonest due first, each marked on track / at risk / overdue / paused — and "Tất cả hồ sơ", a
// dense table of every visible dossier with filters (the only view of receivers and managers).
// Keyboard: j / ↓ next row, k / ↑ previous, Enter opens, / goes to the filter.
import { h, mount, setTitle, selectRow } from '../dom.js';
import { get, session, unitChain, ApiError, serverNow } from '../api.js';
import { STATUS, OPEN, dateTime, effectiveDue, marks, progressMark } from '../format.js';

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

/** The dossiers in work whose current step is one of the user's (role and a unit it covers). */
export async function myWork(user) {
  const stepRoles = user.roles.filter((r) => r.role === 'processor' || r.role === 'approver');
  const pages = await Promise.all(['received', 'processing', 'awaiting_supplement']
    .map((st) => get(`/dossiers?${new URLSearchParams({ status: st, order: 'due', limit: '500' })}`)));
  const items = pages.flatMap((p) => p.items).filter((d) => d.current_step);
  const chains = new Map();
  await Promise.all([...new Set(items.map((d) => d.current_step.unit))].map(async (u) => chains.set(u, await unitChain(u))));
  const mine = items.filter((d) => stepRoles.some((r) => r.role === d.current_step.role && (chains.get(d.current_step.unit) || []).includes(r.unit)));
  const due = (d) => Date.parse(effectiveDue(d) || '9999-12-31T00:00:00Z');
  return { items: mine.sort((a, b) => due(a) - due(b) || (a.code < b.code ? -1 : 1)), more: pages.some((p) => p.next_cursor) };
}

export async function render(main, { query, isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  const staff = s.user.roles.some((r) => r.role !== 'citizen');
  const atSteps = s.user.roles.some((r) => r.role === 'processor' || r.role === 'approver');
  const view = atSteps && query.get('view') !== 'all' ? 'mine' : 'all';
  if (view === 'mine') return renderMine(main, s, isCurrent);
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
    const k = selectRow(tbody, i, focus);
    if (k >= 0) selected = k;
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
    if (atSteps) qs.set('view', 'all');
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
    atSteps ? viewSwitch('all') : null,
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

function viewSwitch(current) {
  const link = (v, text, href) => h('li', null, h('a', { href, 'aria-current': v === current ? 'page' : null, dataset: { view: v } }, text));
  return h('nav', { 'aria-label': 'Chọn danh sách', class: 'no-print' },
    h('ul', { class: 'views' }, link('mine', 'Việc của tôi', '#/ho-so'), link('all', 'Tất cả hồ sơ', '#/ho-so?view=all')));
}

/** "Việc của tôi": the dossiers at my steps, soonest due first, with where each stands. */
async function renderMine(main, s, isCurrent) {
  const title = 'Việc của tôi';
  setTitle(title);
  let work;
  try {
    work = await myWork(s.user);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
    mount(main, h('h1', null, 'Hồ sơ cần xử lý'), viewSwitch('mine'), h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được danh sách hồ sơ. Vui lòng thử lại.'));
    return;
  }
  // "At risk" is measured on the server's clock (its test clock too), not the browser's.
  const now = await serverNow();
  const tbody = h('tbody');
  let selected = -1;
  const rows = () => [...tbody.rows];
  function select(i, focus = true) {
    const k = selectRow(tbody, i, focus);
    if (k >= 0) selected = k;
  }
  for (const d of work.items) {
    const due = effectiveDue(d);
    const pm = progressMark(d, now);
    tbody.append(h('tr', { tabindex: '-1', dataset: { code: d.code, status: d.status, progress: pm ? pm.key : '' }, onclick: (e) => { if (e.target.tagName !== 'A') select(rows().indexOf(e.currentTarget), false); } },
      h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}`, tabindex: '-1' }, d.code)),
      h('td', null, d.procedure.name),
      h('td', null, `${d.current_step.index}. ${d.current_step.name}`),
      h('td', { class: 'nowrap' }, due ? dateTime(due) : 'Chưa có'),
      h('td', null, pm ? h('span', { class: `tag tag--${pm.key}` }, pm.text) : '', d.extended ? [' ', h('span', { class: 'tag tag--extended' }, 'Đã gia hạn')] : null)));
  }
  const counts = { overdue: 0, at_risk: 0, paused: 0, on_track: 0 };
  for (const r of rows()) counts[r.dataset.progress] = (counts[r.dataset.progress] || 0) + 1;
  const summary = work.items.length
    ? `${work.items.length} hồ sơ đang ở bước của bạn: ${counts.overdue} quá hạn, ${counts.at_risk} sắp đến hạn, ${counts.on_track} trong hạn, ${counts.paused} tạm dừng.`
    : 'Không có hồ sơ nào đang chờ bạn xử lý.';
  function onKey(e) {
    if (!tbody.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    const inTable = tbody.contains(t);
    if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) { e.preventDefault(); select(selected + 1); }
    else if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) { e.preventDefault(); select(selected - 1); }
    else if (e.key === 'Enter' && inTable && t.tagName === 'TR') { e.preventDefault(); location.hash = `#/ho-so/${encodeURIComponent(t.dataset.code)}`; }
  }
  document.addEventListener('keydown', onKey);
  mount(main,
    h('h1', null, 'Hồ sơ cần xử lý'),
    viewSwitch('mine'),
    h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, '↓'), ' dòng sau, ',
      h('kbd', null, 'k'), ' / ', h('kbd', null, '↑'), ' dòng trước, ', h('kbd', null, 'Enter'), ' mở hồ sơ.'),
    h('p', { role: 'status', class: 'muted', id: 'mine-count' }, summary, work.more ? ' Chỉ xét 500 hồ sơ hạn sớm nhất của mỗi trạng thái.' : ''),
    work.items.length ? h('div', { class: 'table-wrap', role: 'region', 'aria-label': title, tabindex: '0' },
      h('table', { class: 'table', id: 'mine' },
        h('caption', null, 'Hồ sơ ở bước của tôi, hạn sớm nhất trước', h('span', { class: 'visually-hidden' }, '. Dùng phím j, k hoặc mũi tên để chọn dòng, Enter để mở hồ sơ.')),
        h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Bước', 'Hạn của hồ sơ', 'Tiến độ'].map((x) => h('th', { scope: 'col' }, x)))),
        tbody)) : null);
  if (work.items.length) select(0, false);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}
