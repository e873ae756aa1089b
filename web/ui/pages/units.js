// Administrator's units (screen 13): a paginated list searched by name without diacritics and by
// kind; a unit's page with its parents over time; a form that creates a branch or a department under
// a parent (the API's 422/409 field errors beside each field and in the summary). Routes:
// #/quan-tri/don-vi, #/quan-tri/don-vi/{code}.
import { h, mount, setTitle } from '../dom.js';
import { get, post, unit, ApiError } from '../api.js';
import { date, sentence } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { select, radios } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';

export const UNIT_KIND = {
  city_pc: 'UBND thành phố', center: 'Trung tâm PVHCC', branch: 'Chi nhánh', service_point: 'Điểm phục vụ',
  department: 'Sở, ngành', commune_pc: 'UBND xã, phường',
};
const PAGE = 50;

export async function render(main, { params }) {
  // An absent optional part of the route arrives as 'undefined'.
  const code = params[0] && params[0] !== 'undefined' ? params[0] : null;
  const s = requireLogin();
  if (!s) return;
  setTitle('Đơn vị');
  if (!hasRole(s, 'admin')) {
    mount(main, h('h1', null, 'Đơn vị'), h('p', null, 'Chỉ quản trị hệ thống mới xem được trang này.'));
    return;
  }
  if (code) await detail(main, code);
  else await list(main);
}

const unitLink = (code) => h('a', { href: `#/quan-tri/don-vi/${encodeURIComponent(code)}` }, code);
/** "Name (code)" with the code as a link; the code alone when the name is unknown. */
const parentCell = (names, c) => (!c ? '—' : names.has(c) ? [`${names.get(c)} (`, unitLink(c), ')'] : unitLink(c));

async function detail(main, code) {
  let u;
  try { u = await get(`/units/${encodeURIComponent(code)}`); } catch (e) {
    setTitle('Đơn vị');
    mount(main, h('h1', null, `Đơn vị ${code}`), h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)),
      h('p', null, h('a', { href: '#/quan-tri/don-vi' }, '← Danh sách đơn vị')));
    return;
  }
  setTitle(u.name);
  const names = new Map();
  await Promise.all([...new Set((u.parents || []).map((p) => p.parent).filter(Boolean))].map(async (c) => {
    try { names.set(c, (await unit(c)).name); } catch { /* code only */ }
  }));
  const row = (k, v) => h('div', null, h('dt', null, k), h('dd', null, v));
  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/quan-tri/don-vi' }, '← Danh sách đơn vị')),
    h('h1', null, u.name),
    h('dl', { class: 'summary-list', id: 'unit-summary' },
      row('Mã đơn vị', u.code),
      row('Loại', UNIT_KIND[u.kind] || u.kind),
      u.subkind ? row('Phân loại', u.subkind === 'phuong' ? 'Phường' : u.subkind === 'xa' ? 'Xã' : u.subkind) : null,
      row('Đơn vị cấp trên', parentCell(names, u.parent)),
      row('Mã thống kê', u.gso_code || '—'),
      row('Trạng thái', u.active ? 'Đang hoạt động' : 'Ngừng hoạt động')),
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'parents-caption', tabindex: '0' },
      h('table', { class: 'table', id: 'unit-parents' },
        h('caption', { id: 'parents-caption' }, 'Đơn vị cấp trên qua các thời kỳ'),
        h('thead', null, h('tr', null, ['Đơn vị cấp trên', 'Từ ngày', 'Đến ngày'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, (u.parents || []).map((p) => h('tr', { dataset: { parent: p.parent || '' } },
          h('td', null, parentCell(names, p.parent)), h('td', { class: 'nowrap' }, date(p.from)), h('td', { class: 'nowrap' }, p.to ? date(p.to) : 'nay')))))));
}

function list(main) {
  const search = unitsSearch();
  mount(main,
    h('h1', null, 'Đơn vị'),
    search.form,
    search.results,
    h('h2', null, 'Tạo chi nhánh hoặc sở, ngành'),
    createForm(search.load));
  return search.load();
}

/** The search: by name without diacritics or code, and by kind; pages of 50 with their parents. */
function unitsSearch() {
  const q = field({ id: 'units-q', label: 'Tên hoặc mã đơn vị', hint: 'Có dấu hay không dấu đều được, ví dụ: hoan kiem', autocomplete: 'off' });
  const kind = select({ id: 'units-kind', label: 'Loại đơn vị', options: Object.entries(UNIT_KIND), placeholder: 'Tất cả' });
  const results = h('div', { id: 'units-results', 'aria-live': 'polite' });
  const cursors = [null];
  let pageNo = 0;
  async function load() {
    const qs = new URLSearchParams({ limit: String(PAGE) });
    if (q.input.value.trim()) qs.set('q', q.input.value.trim());
    if (kind.input.value) qs.set('kind', kind.input.value);
    if (cursors[pageNo]) qs.set('cursor', cursors[pageNo]);
    let r;
    try { r = await get(`/units?${qs}`); } catch (e) {
      mount(results, h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)));
      return;
    }
    cursors[pageNo + 1] = r.next_cursor;
    const names = new Map(r.items.map((u) => [u.code, u.name]));
    // The parents' names (units are cached for the session: one request per code).
    await Promise.all([...new Set(r.items.map((u) => u.parent).filter((c) => c && !names.has(c)))].map(async (c) => {
      try { names.set(c, (await unit(c)).name); } catch { /* the code alone */ }
    }));
    mount(results,
      h('p', { id: 'units-count' }, r.items.length ? `Trang ${pageNo + 1}: ${r.items.length} đơn vị` : 'Không tìm thấy đơn vị nào.'),
      r.items.length ? unitsTable(r.items, names) : null,
      h('div', { class: 'button-group' },
        pageNo > 0 ? h('button', { type: 'button', class: 'button button--secondary', id: 'units-prev', onclick: () => { pageNo--; load(); } }, '← Trang trước') : null,
        r.next_cursor ? h('button', { type: 'button', class: 'button button--secondary', id: 'units-next', onclick: () => { pageNo++; load(); } }, 'Trang sau →') : null));
  }
  function search(e) {
    e.preventDefault();
    cursors.length = 1; pageNo = 0;
    load();
  }
  return {
    form: h('form', { class: 'search-panel', id: 'units-search', role: 'search', novalidate: true, onsubmit: search },
      q.el, kind.el, h('div', { class: 'button-group' }, h('button', { class: 'button', type: 'submit' }, 'Tìm'))),
    results,
    load,
  };
}

function unitsTable(items, names) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'units-caption', tabindex: '0' },
    h('table', { class: 'table', id: 'units' },
      h('caption', { id: 'units-caption', class: 'visually-hidden' }, 'Danh sách đơn vị'),
      h('thead', null, h('tr', null, ['Mã', 'Tên đơn vị', 'Loại', 'Đơn vị cấp trên'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, items.map((u) => h('tr', { dataset: { code: u.code } },
        h('td', { class: 'nowrap' }, unitLink(u.code)),
        h('td', null, u.name),
        h('td', null, UNIT_KIND[u.kind] || u.kind),
        h('td', null, parentCell(names, u.parent)))))));
}

/** Creating a branch or a department under a parent; the list is searched again once created. */
function createForm(onCreated) {
  const summary = errorSummary();
  const code = field({ id: 'code', label: 'Mã đơn vị', hint: 'Dạng 000.01.01.H26', autocomplete: 'off', spellcheck: false, width: 'short' });
  const name = field({ id: 'name', label: 'Tên đơn vị', autocomplete: 'off' });
  const newKind = radios({ id: 'kind', legend: 'Loại', inline: true, options: { branch: 'Chi nhánh', department: 'Sở, ngành' }, value: 'branch' });
  const parent = field({ id: 'parent', label: 'Mã đơn vị cấp trên', hint: 'Ví dụ: 000.00.01.H26 (Trung tâm PVHCC)', autocomplete: 'off', spellcheck: false, value: '000.00.01.H26', width: 'short' });
  const gso = field({ id: 'gso_code', label: 'Mã thống kê (không bắt buộc)', autocomplete: 'off', spellcheck: false, width: 'short' });
  const fields = { code, name, kind: newKind, parent, gso_code: gso };
  const firstId = { kind: newKind.firstId };
  const created = h('div', { id: 'unit-result', 'aria-live': 'polite' });
  const button = h('button', { class: 'button', type: 'submit' }, 'Tạo đơn vị');
  async function create(e) {
    e.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    summary.clear();
    created.replaceChildren();
    const body = {
      code: code.input.value.trim(), name: name.input.value.trim(), kind: newKind.value, subkind: null,
      parent: parent.input.value.trim() || null, gso_code: gso.input.value.trim() || null,
    };
    button.disabled = true;
    try {
      const u = await post('/units', body);
      mount(created, h('p', { class: 'notice', id: 'unit-created' }, `Đã tạo đơn vị ${u.name} (`, unitLink(u.code), ').'));
      code.input.value = ''; name.input.value = ''; gso.input.value = '';
      onCreated();
    } catch (err) {
      const errors = err instanceof ApiError ? err.fieldErrors : [];
      if (!errors.length) { summary.show([{ message: err.messageVi || String(err) }]); return; }
      summary.show(errors.map((fe) => {
        const f = fields[fe.field];
        if (f) f.setError(fe.message_vi);
        return { id: f ? firstId[fe.field] || f.input.id : null, message: fe.message_vi };
      }));
    } finally { button.disabled = false; }
  }
  return [
    h('form', { id: 'unit-form', novalidate: true, onsubmit: create, autocomplete: 'off' },
      summary.el, code.el, name.el, newKind.el, parent.el, gso.el,
      h('div', { class: 'button-group' }, button)),
    created,
  ];
}
