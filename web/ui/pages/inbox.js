// Staff inbox: "Việc của tôi" — the dossiers at the steps of the processors and approvers, the
// soonest due first, each marked on track / at risk / overdue / paused — and "Tất cả hồ sơ", a
// dense table of every visible dossier with filters (the only view of receivers and managers).
// Keyboard: j / ↓ next row, k / ↑ previous, Enter opens, / goes to the filter.
import { h, mount, setTitle, selectRow } from '../dom.js';
import { get, ApiError, serverNow } from '../api.js';
import { STATUS, dateTime, effectiveDue, progressMark } from '../format.js';
import { requireLogin, hasAnyRole, hasRole, isStaff } from '../session.js';
import { statusTag, markTags } from '../widgets.js';
import { myWork } from '../work.js';

const ROW_KEYS_HIDDEN = '. Dùng phím j, k hoặc mũi tên để chọn dòng, Enter để mở hồ sơ.';

/** The selected row of a table body: {index, select(i, focus)} (a roving tabindex, dom.selectRow). */
function selection(tbody) {
  const sel = {
    index: -1,
    select(i, focus = true) {
      const k = selectRow(tbody, i, focus);
      if (k >= 0) sel.index = k;
    },
    /** A row's click handler: selects it (a click on its link just follows the link). */
    onClick(e) {
      if (e.target.tagName !== 'A') sel.select([...tbody.rows].indexOf(e.currentTarget), false);
    },
  };
  return sel;
}

/**
 * Listens to the keys of a table of dossiers while it is shown: j / ↓ next row, k / ↑ previous,
 * then more(e, inTable) for the page's other keys. Typing in a field is left alone.
 */
function listenKeys(tbody, sel, more) {
  function onKey(e) {
    if (!tbody.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    const inTable = tbody.contains(t);
    if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) { e.preventDefault(); sel.select(sel.index + 1); }
    else if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) { e.preventDefault(); sel.select(sel.index - 1); }
    else more(e, inTable);
  }
  document.addEventListener('keydown', onKey);
  return onKey;
}

/** "Phím tắt: j / ↓ dòng sau, k / ↑ dòng trước, Enter mở hồ sơ" and the page's other keys (tail). */
function keysHelp(tail) {
  return h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, '↓'), ' dòng sau, ',
    h('kbd', null, 'k'), ' / ', h('kbd', null, '↑'), ' dòng trước, ', h('kbd', null, 'Enter'), tail ? [' mở hồ sơ, ', tail] : ' mở hồ sơ.');
}

const openDossier = (code) => { location.hash = `#/ho-so/${encodeURIComponent(code)}`; };
const codeCell = (d) => h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}`, tabindex: '-1' }, d.code));

export async function render(main, { query, isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  const atSteps = hasAnyRole(s, ['processor', 'approver']);
  const view = atSteps && query.get('view') !== 'all' ? 'mine' : 'all';
  if (view === 'mine') return renderMine(main, s, isCurrent);
  return renderAll(main, { query, isCurrent, atSteps, admin: hasRole(s, 'admin'), title: isStaff(s) ? 'Hồ sơ cần xử lý' : 'Hồ sơ của tôi' });
}

function viewSwitch(current) {
  const link = (v, text, href) => h('li', null, h('a', { href, 'aria-current': v === current ? 'page' : null, dataset: { view: v } }, text));
  return h('nav', { 'aria-label': 'Chọn danh sách', class: 'no-print' },
    h('ul', { class: 'views' }, link('mine', 'Việc của tôi', '#/ho-so'), link('all', 'Tất cả hồ sơ', '#/ho-so?view=all')));
}

/** The filters of "Tất cả hồ sơ" (status, overdue only), set from the route's query. */
function allFilters(query) {
  const status = h('select', { id: 'status', class: 'input input--short' },
    h('option', { value: '' }, 'Tất cả'),
    Object.entries(STATUS).map(([k, v]) => h('option', { value: k }, v)));
  status.value = query.get('status') || '';
  const overdue = h('input', { type: 'checkbox', id: 'overdue' });
  overdue.checked = query.get('overdue') === 'true';
  return {
    status,
    overdue,
    el: h('form', { class: 'button-group no-print', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'status', class: 'label' }, 'Trạng thái'), status,
      h('label', { for: 'overdue' }, overdue, ' Chỉ hồ sơ quá hạn')),
    /** The query of the filters as chosen. */
    query() {
      const qs = new URLSearchParams();
      if (status.value) qs.set('status', status.value);
      if (overdue.checked) qs.set('overdue', 'true');
      return qs;
    },
  };
}

function allRow(d, sel) {
  const due = effectiveDue(d);
  return h('tr', { tabindex: '-1', dataset: { code: d.code, status: d.status }, onclick: sel.onClick },
    codeCell(d),
    h('td', null, d.procedure.name),
    h('td', null, d.applicant.name),
    h('td', null, statusTag(d.status)),
    h('td', { class: 'nowrap' }, due ? dateTime(due) : h('span', { class: 'muted' }, 'Chưa có')),
    h('td', null, markTags(d)));
}

function allTable(title, tbody) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': title, tabindex: '0' },
    h('table', { class: 'table', id: 'dossiers' },
      h('caption', null, title, h('span', { class: 'visually-hidden' }, ROW_KEYS_HIDDEN)),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Mã hồ sơ'), h('th', { scope: 'col' }, 'Thủ tục'), h('th', { scope: 'col' }, 'Người nộp'),
        h('th', { scope: 'col' }, 'Trạng thái'), h('th', { scope: 'col' }, 'Hạn giải quyết'), h('th', { scope: 'col' }, 'Ghi chú'))),
      tbody));
}

/**
 * "Tất cả hồ sơ": a dense table of every visible dossier with filters (the only view of receivers
 * and managers), 50 at a time.
 */
/** The administrator's landing warns of signing certificates expiring within 30 days or expired. */
async function certBanner() {
  try {
    const [{ expiryBanner }, r] = await Promise.all([import('./certificates.js'), get('/certificates')]);
    return expiryBanner(r.items, true);
  } catch {
    return null;
  }
}

async function renderAll(main, { query, isCurrent, atSteps, admin, title }) {
  setTitle(title);
  const banner = admin ? await certBanner() : null;
  const filters = allFilters(query);
  const tbody = h('tbody');
  const sel = selection(tbody);
  const count = h('p', { role: 'status', class: 'muted' });
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Xem thêm');
  let cursor = null;

  async function load(reset) {
    const qs = new URLSearchParams({ limit: '50' });
    for (const [k, v] of filters.query()) qs.set(k, v);
    if (!reset && cursor) qs.set('cursor', cursor);
    let r;
    try {
      r = await get(`/dossiers?${qs}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
      count.textContent = 'Không tải được danh sách hồ sơ. Vui lòng thử lại.';
      return;
    }
    if (reset) { tbody.replaceChildren(); sel.index = -1; }
    for (const d of r.items) tbody.append(allRow(d, sel));
    cursor = r.next_cursor;
    more.hidden = !cursor;
    const n = tbody.rows.length;
    count.textContent = n ? `${n}${cursor ? '+' : ''} hồ sơ` : 'Không có hồ sơ nào.';
    if (n && sel.index < 0) sel.select(0, false);
  }

  function applyFilter() {
    const qs = filters.query();
    if (atSteps) qs.set('view', 'all');
    history.replaceState(null, '', `#/ho-so${qs.toString() ? `?${qs}` : ''}`);
    load(true);
  }
  filters.status.addEventListener('change', applyFilter);
  filters.overdue.addEventListener('change', applyFilter);
  more.addEventListener('click', () => load(false));

  const onKey = listenKeys(tbody, sel, (e, inTable) => {
    if (inTable && e.key === 'Home') { e.preventDefault(); sel.select(0); }
    else if (inTable && e.key === 'End') { e.preventDefault(); sel.select(tbody.rows.length - 1); }
    else if (e.key === 'Enter' && inTable && e.target.tagName === 'TR') {
      e.preventDefault();
      const r = tbody.rows[sel.index];
      if (r) openDossier(r.dataset.code);
    } else if (e.key === '/') { e.preventDefault(); filters.status.focus(); }
  });

  mount(main,
    h('h1', null, title),
    banner,
    atSteps ? viewSwitch('all') : null,
    filters.el,
    keysHelp([h('kbd', null, '/'), ' lọc theo trạng thái.']),
    count,
    allTable(title, tbody),
    h('div', { class: 'button-group no-print' }, more));
  await load(true);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}

/** A row of "Việc của tôi": the step, the dossier's due time and where it stands (progressMark). */
function mineRow(d, now, sel) {
  const due = effectiveDue(d);
  const pm = progressMark(d, now);
  return h('tr', { tabindex: '-1', dataset: { code: d.code, status: d.status, progress: pm ? pm.key : '' }, onclick: sel.onClick },
    codeCell(d),
    h('td', null, d.procedure.name),
    h('td', null, `${d.current_step.index}. ${d.current_step.name}`),
    h('td', { class: 'nowrap' }, due ? dateTime(due) : 'Chưa có'),
    h('td', null, pm ? h('span', { class: `tag tag--${pm.key}` }, pm.text) : '', d.extended ? [' ', h('span', { class: 'tag tag--extended' }, 'Đã gia hạn')] : null));
}

/** "N hồ sơ đang ở bước của bạn: … quá hạn, … sắp đến hạn, …" from the rows' progress. */
function mineSummary(work, tbody) {
  if (!work.items.length) return 'Không có hồ sơ nào đang chờ bạn xử lý.';
  const counts = { overdue: 0, at_risk: 0, paused: 0, on_track: 0 };
  for (const r of tbody.rows) counts[r.dataset.progress] = (counts[r.dataset.progress] || 0) + 1;
  return `${work.items.length} hồ sơ đang ở bước của bạn: ${counts.overdue} quá hạn, ${counts.at_risk} sắp đến hạn, ${counts.on_track} trong hạn, ${counts.paused} tạm dừng.`;
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
  const sel = selection(tbody);
  for (const d of work.items) tbody.append(mineRow(d, now, sel));
  const onKey = listenKeys(tbody, sel, (e, inTable) => {
    if (e.key === 'Enter' && inTable && e.target.tagName === 'TR') { e.preventDefault(); openDossier(e.target.dataset.code); }
  });
  mount(main,
    h('h1', null, 'Hồ sơ cần xử lý'),
    viewSwitch('mine'),
    keysHelp(null),
    h('p', { role: 'status', class: 'muted', id: 'mine-count' }, mineSummary(work, tbody), work.more ? ' Chỉ xét 500 hồ sơ hạn sớm nhất của mỗi trạng thái.' : ''),
    work.items.length ? h('div', { class: 'table-wrap', role: 'region', 'aria-label': title, tabindex: '0' },
      h('table', { class: 'table', id: 'mine' },
        h('caption', null, 'Hồ sơ ở bước của tôi, hạn sớm nhất trước', h('span', { class: 'visually-hidden' }, ROW_KEYS_HIDDEN)),
        h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Bước', 'Hạn của hồ sơ', 'Tiến độ'].map((x) => h('th', { scope: 'col' }, x)))),
        tbody)) : null);
  if (work.items.length) sel.select(0, false);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}
