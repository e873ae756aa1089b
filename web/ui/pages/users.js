// Administrator's users and roles (screen 13). The list: a dense, printable table searched as you
// type (username or full name, with or without diacritics) and filtered by role and status, with "Xem thêm"
// for the next page; below it the form that creates a staff account (one role at one unit, the
// unit found by name). An account's page: change the full name, add and remove role bindings
// (saved together), lock or unlock the account after a confirmation, set a new password. The
// API's errors are shown beside each field and in the error summary; what was typed stays.
// Routes: #/quan-tri/nguoi-dung, #/quan-tri/nguoi-dung/{username}.
import { h, mount, setTitle, debounce } from '../dom.js';
import { api, get, post, unit, ApiError } from '../api.js';
import { ROLE, date, sentence } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { select } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';

const STAFF_ROLES = ['receiver', 'processor', 'approver', 'unit_manager', 'center_manager', 'admin'];
const PAGE = 50;
const created = [];

export async function render(main, { params }) {
  // An absent optional part of the route arrives as 'undefined'.
  const username = params[0] && params[0] !== 'undefined' ? params[0] : null;
  const s = requireLogin();
  if (!s) return;
  setTitle('Người dùng');
  if (!hasRole(s, 'admin')) {
    mount(main, h('h1', null, 'Người dùng'), h('p', null, 'Chỉ quản trị hệ thống mới xem được trang này.'));
    return;
  }
  if (username) await account(main, username);
  else await list(main);
}

const userHref = (username) => `#/quan-tri/nguoi-dung/${encodeURIComponent(username)}`;
const activeTag = (active) => h('span', { class: `tag ${active ? 'tag--open' : 'tag--closed'}` }, active ? 'Đang hoạt động' : 'Đã khóa');

/** "Cán bộ tiếp nhận — Điểm phục vụ hành chính công phường Hoàn Kiếm (001.01.50.H26)". */
async function bindingText(r) {
  const role = ROLE[r.role] || r.role;
  if (!r.unit) return role;
  const u = await unit(r.unit).catch(() => null);
  return `${role} — ${u ? `${u.name} (${r.unit})` : r.unit}`;
}

/** A unit chosen by typing part of its name: a text field and a select of the matches. */
function unitPicker(id) {
  const q = field({ id: `${id}-q`, label: 'Tìm đơn vị theo tên', hint: 'Gõ vài chữ của tên, có dấu hay không dấu đều được', autocomplete: 'off' });
  const sel = select({ id, label: 'Đơn vị', options: [], placeholder: '— Chọn đơn vị —' });
  const search = debounce(async () => {
    const text = q.input.value.trim();
    if (text.length < 2) return;
    try {
      const r = await get(`/units?${new URLSearchParams({ q: text, limit: '50' })}`);
      const keep = sel.input.value;
      mount(sel.input, h('option', { value: '' }, r.items.length ? `— Chọn trong ${r.items.length} đơn vị —` : '— Không tìm thấy đơn vị —'),
        r.items.map((u) => h('option', { value: u.code }, `${u.name} (${u.code})`)));
      if (r.items.some((u) => u.code === keep)) sel.input.value = keep;
      else if (r.items.length === 1) sel.input.value = r.items[0].code;
    } catch { /* keep the old list */ }
  }, 250);
  q.input.addEventListener('input', search);
  return { q, sel, els: [q.el, sel.el] };
}

/**
 * Shows an API error: each field error beside its field (target(field) → {setError, id} or null)
 * and all of them in the summary; a problem without field errors in the summary alone.
 */
function showApiError(summary, err, target, fallbackId = null) {
  const errors = err instanceof ApiError ? err.fieldErrors : [];
  if (!errors.length) {
    summary.show([{ id: fallbackId, message: err instanceof ApiError ? err.messageVi : String(err) }]);
    return;
  }
  summary.show(errors.map((fe) => {
    const t = target(fe.field);
    if (t) t.setError(fe.message_vi);
    return { id: t ? t.id : null, message: fe.message_vi };
  }));
}

function list(main) {
  const q = field({ id: 'users-q', label: 'Tên đăng nhập hoặc họ tên', hint: 'Có dấu hay không dấu đều được, ví dụ: hoan kiem', autocomplete: 'off', spellcheck: false });
  const role = select({ id: 'users-role', label: 'Vai trò', options: Object.entries(ROLE), placeholder: 'Tất cả vai trò' });
  const active = select({ id: 'users-active', label: 'Trạng thái', options: [['true', 'Đang hoạt động'], ['false', 'Đã khóa']], placeholder: 'Tất cả' });
  const count = h('p', { id: 'users-count', role: 'status', class: 'muted' });
  const problem = h('div', { 'aria-live': 'polite' });
  const tbody = h('tbody');
  const wrap = h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'users-caption', tabindex: '0', hidden: true },
    h('table', { class: 'table', id: 'users' },
      h('caption', { id: 'users-caption' }, 'Danh sách người dùng'),
      h('thead', null, h('tr', null, ['Tên đăng nhập', 'Họ và tên', 'Vai trò và đơn vị', 'Trạng thái', 'Ngày tạo'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody));
  const more = h('button', { type: 'button', class: 'button button--secondary no-print', id: 'users-more', hidden: true }, 'Xem thêm');
  let cursor = null;
  let shown = 0;
  let generation = 0;

  async function load(fresh) {
    const gen = ++generation;
    const qs = new URLSearchParams({ limit: String(PAGE) });
    if (q.input.value.trim()) qs.set('q', q.input.value.trim());
    if (role.input.value) qs.set('role', role.input.value);
    if (active.input.value) qs.set('active', active.input.value);
    if (!fresh && cursor) qs.set('cursor', cursor);
    let r;
    let labels;
    try {
      r = await get(`/users?${qs}`);
      labels = await Promise.all(r.items.map((u) => Promise.all(u.roles.map(bindingText))));
    } catch (e) {
      if (gen === generation) mount(problem, h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)));
      return;
    }
    if (gen !== generation) return; // a newer search has started
    problem.replaceChildren();
    if (fresh) { tbody.replaceChildren(); shown = 0; }
    r.items.forEach((u, i) => tbody.append(h('tr', { dataset: { username: u.username, active: String(u.active) } },
      h('td', { class: 'nowrap' }, h('a', { href: userHref(u.username) }, u.username)),
      h('td', null, u.full_name),
      h('td', null, labels[i].length > 1 ? h('ul', { class: 'plain-list' }, labels[i].map((t) => h('li', null, t))) : labels[i][0] || '—'),
      h('td', null, activeTag(u.active)),
      h('td', { class: 'nowrap' }, date(u.created_at)))));
    shown += r.items.length;
    cursor = r.next_cursor;
    more.hidden = !cursor;
    wrap.hidden = shown === 0;
    count.textContent = shown ? `Đang hiển thị ${shown} người dùng${cursor ? '; còn nữa' : ''}.` : 'Không tìm thấy người dùng nào.';
  }
  const searchNow = debounce(() => load(true), 250);
  q.input.addEventListener('input', searchNow);
  role.input.addEventListener('change', () => load(true));
  active.input.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));

  mount(main,
    h('h1', null, 'Người dùng'),
    h('form', { class: 'search-panel no-print', id: 'users-search', role: 'search', novalidate: true, onsubmit: (e) => { e.preventDefault(); load(true); } },
      q.el, h('div', { class: 'filters' }, role.el, active.el), h('div', { class: 'button-group' }, h('button', { class: 'button', type: 'submit' }, 'Tìm'))),
    problem, count, wrap,
    h('div', { class: 'button-group no-print' }, more),
    h('div', { class: 'no-print' }, createForm(() => load(true))));
  return load(true);
}

/** The form that creates a staff account with one role at one unit. */
function createForm(onCreated) {
  const summary = errorSummary();
  const username = field({ id: 'username', label: 'Tên đăng nhập', hint: 'Chữ thường không dấu, số, dấu chấm; ví dụ: tiepnhan.hoankiem2', autocomplete: 'off', spellcheck: false });
  const password = field({ id: 'password', label: 'Mật khẩu ban đầu', type: 'password', hint: 'Từ 10 ký tự, không chứa tên đăng nhập, không phải mật khẩu phổ biến', autocomplete: 'new-password' });
  const fullName = field({ id: 'full_name', label: 'Họ và tên', autocomplete: 'off' });
  const role = select({ id: 'role', label: 'Vai trò', options: STAFF_ROLES.map((r) => [r, ROLE[r]]), value: 'receiver' });
  const picker = unitPicker('unit');
  const fields = { username, password, full_name: fullName, role, unit: picker.sel };
  const result = h('div', { id: 'user-result', 'aria-live': 'polite' });
  const createdList = h('ul', { id: 'created-users' });
  const showCreated = () => mount(createdList, created.map((u) => h('li', { dataset: { username: u.username } },
    `${u.username} — ${u.full_name} — ${u.roles.map((r) => `${ROLE[r.role] || r.role}, ${r.unitName || r.unit}`).join('; ')}`)));
  showCreated();
  const button = h('button', { class: 'button', type: 'submit' }, 'Tạo tài khoản');
  const target = (f) => {
    const key = f === 'roles' || f === 'roles[0].role' ? 'role' : f === 'roles[0].unit' ? 'unit' : f;
    const t = fields[key];
    return t ? { setError: t.setError, id: t.input.id } : null;
  };

  async function submit(e) {
    e.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    summary.clear();
    result.replaceChildren();
    const body = {
      username: username.input.value.trim(), password: password.input.value, full_name: fullName.input.value.trim(),
      roles: [{ role: role.input.value, unit: picker.sel.input.value }],
    };
    button.disabled = true;
    try {
      const u = await post('/users', body);
      const opt = picker.sel.input.selectedOptions[0];
      created.unshift({ ...u, roles: u.roles.map((r) => ({ ...r, unitName: opt ? opt.textContent : r.unit })) });
      showCreated();
      mount(result, h('p', { class: 'notice', id: 'user-created' }, `Đã tạo tài khoản ${u.username} (${u.full_name}).`));
      username.input.value = ''; password.input.value = ''; fullName.input.value = '';
      username.input.focus();
      onCreated();
    } catch (err) {
      showApiError(summary, err, target);
    } finally { button.disabled = false; }
  }

  return [
    h('h2', null, 'Tạo tài khoản cán bộ'),
    h('p', null, 'Một vai trò tại một đơn vị (vai trò có hiệu lực với cả các đơn vị trực thuộc); thêm vai trò khác ở trang của tài khoản.'),
    h('form', { id: 'user-form', novalidate: true, onsubmit: submit, autocomplete: 'off' },
      summary.el, username.el, password.el, fullName.el, role.el, ...picker.els,
      h('div', { class: 'button-group' }, button)),
    result,
    h('h3', null, 'Tài khoản đã tạo trong phiên này'),
    createdList,
  ];
}

async function account(main, username) {
  let u;
  try { u = await get(`/users/${encodeURIComponent(username)}`); } catch (e) {
    mount(main, h('p', { class: 'no-print' }, h('a', { href: '#/quan-tri/nguoi-dung' }, '← Danh sách người dùng')),
      h('h1', null, `Người dùng ${username}`),
      h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)));
    return;
  }
  setTitle(`Người dùng ${u.username}`);
  const path = `/users/${encodeURIComponent(u.username)}`;
  const patch = (body) => api('PATCH', path, { body });
  const summary = errorSummary();
  const title = h('h1', null);
  const facts = h('dl', { class: 'summary-list', id: 'user-summary' });
  const row = (k, v) => h('div', null, h('dt', null, k), h('dd', null, v));
  function showFacts() {
    mount(title, `${u.full_name} (${u.username})`);
    mount(facts, row('Tên đăng nhập', u.username), row('Họ và tên', u.full_name),
      u.id_number ? row('Số định danh cá nhân', u.id_number) : null,
      row('Trạng thái', activeTag(u.active)), row('Ngày tạo', date(u.created_at)));
  }
  showFacts();
  const parts = [detailsForm(u, patch, summary, (nu) => { u = nu; showFacts(); }),
    statusPart(() => u, patch, summary, (nu) => { u = nu; showFacts(); }),
    passwordForm(u, patch, summary)];
  const clearAll = () => { summary.clear(); for (const p of parts) p.clear(); };
  for (const p of parts) p.onStart(clearAll);
  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/quan-tri/nguoi-dung' }, '← Danh sách người dùng')),
    title, summary.el, facts, parts.map((p) => p.el));
}

/**
 * The role bindings being edited, each with "Bỏ", and "Thêm vai trò" (a citizen account has none to
 * edit). current() is the account as last saved: the editor says when its bindings differ.
 */
function rolesEditor(current, citizen) {
  const rolesError = h('p', { id: 'roles-error', class: 'field-error', hidden: true });
  const rolesList = h('ul', { class: 'bindings', id: 'roles' });
  const pending = h('p', { id: 'roles-pending', class: 'live-hint', 'aria-live': 'polite' });
  const group = h('div', { class: 'form-group' });
  let roles = current().roles.map((r) => ({ ...r }));
  let rowErrors = [];

  const setError = (msg) => {
    if (msg) mount(rolesError, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(msg)); else rolesError.replaceChildren();
    rolesError.hidden = !msg;
    group.classList.toggle('form-group--error', Boolean(msg) || rowErrors.some(Boolean));
  };
  async function show() {
    const labels = await Promise.all(roles.map(bindingText));
    mount(rolesList, roles.map((r, i) => h('li', { class: `binding${rowErrors[i] ? ' binding--error' : ''}`, dataset: { role: r.role, unit: r.unit || '' } },
      rowErrors[i] ? h('p', { id: `roles-${i}-error`, class: 'field-error' }, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(rowErrors[i])) : null,
      h('span', { class: 'binding__text' }, labels[i]),
      citizen ? null : h('button', {
        type: 'button', class: 'button button--secondary button--small', id: `roles-${i}-remove`,
        'aria-label': `Bỏ vai trò ${labels[i]}`, 'aria-describedby': rowErrors[i] ? `roles-${i}-error` : null,
        onclick: () => { roles.splice(i, 1); rowErrors = []; changed(); },
      }, 'Bỏ'))));
    if (!roles.length) rolesList.append(h('li', { class: 'binding' }, 'Chưa có vai trò nào.'));
  }
  function changed() {
    const saved = current().roles;
    const same = roles.length === saved.length && roles.every((r) => saved.some((x) => x.role === r.role && (x.unit || '') === (r.unit || '')));
    pending.textContent = same ? '' : 'Có thay đổi vai trò chưa lưu: bấm "Lưu thay đổi".';
    show();
  }

  // Adding a binding.
  const newRole = select({ id: 'new-role', label: 'Vai trò', options: STAFF_ROLES.map((r) => [r, ROLE[r]]), value: 'receiver' });
  const picker = unitPicker('new-unit');
  function add() {
    newRole.setError(null); picker.sel.setError(null);
    const r = { role: newRole.input.value, unit: picker.sel.input.value };
    if (!r.unit) { picker.sel.setError('Hãy chọn đơn vị'); picker.sel.input.focus(); return; }
    if (roles.some((x) => x.role === r.role && x.unit === r.unit)) { picker.sel.setError('Vai trò này tại đơn vị này đã có'); return; }
    roles.push(r);
    rowErrors = [];
    changed();
  }
  const addPanel = h('div', { class: 'add-binding', id: 'add-role-panel' },
    h('h3', null, 'Thêm vai trò'), newRole.el, ...picker.els,
    h('div', { class: 'button-group' }, h('button', { type: 'button', class: 'button button--secondary', id: 'add-role', onclick: add }, 'Thêm vai trò')));
  mount(group, h('fieldset', { class: 'fieldset', id: 'roles-fieldset' },
    h('legend', { class: 'label' }, 'Vai trò và đơn vị'),
    h('div', { class: 'hint' }, citizen ? 'Tài khoản công dân không có vai trò cán bộ.' : 'Mỗi vai trò có hiệu lực với đơn vị được chọn và các đơn vị trực thuộc.'),
    rolesError, rolesList, pending, citizen ? null : addPanel));
  show();
  return {
    el: group,
    roles: () => roles,
    /**
     * A role and unit chosen under "Thêm vai trò" but not added yet are added now (saving with
     * them chosen means keeping them; they were silently dropped before).
     */
    takeChosen() {
      const r = { role: newRole.input.value, unit: picker.sel.input.value };
      if (citizen || !r.role || !r.unit || roles.some((x) => x.role === r.role && x.unit === r.unit)) return;
      roles.push(r);
      rowErrors = [];
      picker.sel.input.value = '';
      changed();
    },
    /** After a save: the bindings as saved. */
    saved() { roles = current().roles.map((r) => ({ ...r })); changed(); },
    setError,
    setRowError(i, msg) { rowErrors[i] = msg; setError(null); show(); },
    clear() { newRole.setError(null); picker.sel.setError(null); rowErrors = []; setError(null); show(); },
  };
}

/** Full name and role bindings, saved together; bindings are added and removed before saving. */
function detailsForm(u, patch, summary, onSaved) {
  const citizen = u.roles.some((r) => r.role === 'citizen');
  const fullName = field({ id: 'full_name', label: 'Họ và tên', autocomplete: 'off', value: u.full_name });
  const editor = rolesEditor(() => u, citizen);
  const saved = h('div', { id: 'user-saved', 'aria-live': 'polite' });
  let start = () => {};
  const button = h('button', { class: 'button', type: 'submit', id: 'save-user' }, 'Lưu thay đổi');
  const target = (f) => {
    if (f === 'full_name') return { setError: fullName.setError, id: 'full_name' };
    if (f === 'roles') return { setError: editor.setError, id: 'roles-fieldset' };
    const m = /^roles\[(\d+)\]/.exec(f);
    if (m) {
      const i = Number(m[1]);
      return { setError: (msg) => editor.setRowError(i, msg), id: `roles-${i}-remove` };
    }
    return null;
  };
  async function submit(e) {
    e.preventDefault();
    start();
    const body = { full_name: fullName.input.value.trim() };
    editor.takeChosen();
    if (!citizen) body.roles = editor.roles().map((r) => ({ role: r.role, unit: r.unit }));
    button.disabled = true;
    try {
      const nu = await patch(body);
      u = nu;
      onSaved(nu);
      editor.saved();
      mount(saved, h('p', { class: 'notice', id: 'user-saved-notice' }, 'Đã lưu thay đổi.'));
    } catch (err) {
      showApiError(summary, err, target, 'save-user');
    } finally { button.disabled = false; }
  }
  return {
    el: [h('h2', null, 'Thông tin và vai trò'),
      h('form', { id: 'user-edit', class: 'no-print', novalidate: true, onsubmit: submit, autocomplete: 'off' },
        fullName.el, editor.el, h('div', { class: 'button-group' }, button)),
      saved],
    onStart(fn) { start = fn; },
    clear() { fullName.setError(null); editor.clear(); saved.replaceChildren(); },
  };
}

/** Lock or unlock the account, each after a confirmation. */
function statusPart(current, patch, summary, onSaved) {
  const box = h('div', { id: 'active-box' });
  const done = h('div', { id: 'active-result', 'aria-live': 'polite' });
  let start = () => {};
  function show(confirming, error) {
    const u = current();
    const errEl = error ? h('p', { id: 'active-error', class: 'field-error' }, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(error)) : null;
    if (!confirming) {
      const toggle = h('button', {
        type: 'button', class: u.active ? 'button button--warning' : 'button', id: 'toggle-active',
        'aria-describedby': error ? 'active-error' : null, onclick: () => { start(); show(true); },
      }, u.active ? 'Khóa tài khoản' : 'Mở khóa tài khoản');
      mount(box, h('div', { class: `form-group${error ? ' form-group--error' : ''}` },
        h('p', { id: 'active-state' }, u.active ? 'Tài khoản đang hoạt động: người dùng đăng nhập được.' : 'Tài khoản đã bị khóa: người dùng không đăng nhập được.'),
        errEl, toggle));
      return toggle;
    }
    const confirm = h('button', { type: 'button', class: u.active ? 'button button--warning' : 'button', id: 'confirm-active', onclick: toggleActive },
      u.active ? 'Xác nhận khóa' : 'Xác nhận mở khóa');
    mount(box, h('div', { class: 'panel panel--plain', role: 'group', 'aria-labelledby': 'confirm-active-title', id: 'confirm-active-panel' },
      h('h3', { class: 'panel__title', id: 'confirm-active-title' }, u.active ? `Khóa tài khoản ${u.username}?` : `Mở khóa tài khoản ${u.username}?`),
      h('p', null, u.active
        ? 'Người dùng bị đăng xuất ngay trên mọi thiết bị và không đăng nhập được cho đến khi được mở khóa.'
        : 'Người dùng đăng nhập lại được bằng mật khẩu hiện tại.'),
      h('div', { class: 'button-group' }, confirm,
        h('button', { type: 'button', class: 'button button--secondary', id: 'cancel-active', onclick: () => show(false).focus() }, 'Hủy'))));
    confirm.focus();
    return confirm;
  }
  async function toggleActive(e) {
    const u = current();
    e.target.disabled = true;
    try {
      const nu = await patch({ active: !u.active });
      onSaved(nu);
      show(false);
      mount(done, h('p', { class: 'notice', id: 'active-saved' }, nu.active ? `Đã mở khóa tài khoản ${nu.username}.` : `Đã khóa tài khoản ${nu.username}; mọi phiên đăng nhập của tài khoản đã kết thúc.`));
    } catch (err) {
      const msg = err instanceof ApiError ? err.messageVi : String(err);
      show(false, err instanceof ApiError && err.fieldErrors.length ? err.fieldErrors[0].message_vi : msg);
      showApiError(summary, err, () => null, 'toggle-active');
    }
  }
  show(false);
  return {
    el: [h('h2', null, 'Trạng thái tài khoản'), h('div', { class: 'no-print' }, box), done],
    onStart(fn) { start = fn; },
    clear() { done.replaceChildren(); if (box.querySelector('#active-error')) show(false); },
  };
}

/** A new password set by the administrator. */
function passwordForm(u, patch, summary) {
  const password = field({ id: 'password', label: 'Mật khẩu mới', type: 'password', hint: 'Từ 10 ký tự, không chứa tên đăng nhập. Người dùng bị đăng xuất khỏi mọi phiên đang mở.', autocomplete: 'new-password' });
  const done = h('div', { id: 'password-result', 'aria-live': 'polite' });
  const button = h('button', { class: 'button', type: 'submit', id: 'reset-password' }, 'Đặt lại mật khẩu');
  let start = () => {};
  async function submit(e) {
    e.preventDefault();
    start();
    button.disabled = true;
    try {
      await patch({ password: password.input.value });
      password.input.value = '';
      mount(done, h('p', { class: 'notice', id: 'password-saved' }, `Đã đặt mật khẩu mới cho ${u.username}.`));
    } catch (err) {
      showApiError(summary, err, (f) => (f === 'password' ? { setError: password.setError, id: 'password' } : null), 'reset-password');
    } finally { button.disabled = false; }
  }
  return {
    el: [h('h2', { class: 'no-print' }, 'Đặt lại mật khẩu'),
      h('form', { id: 'password-form', class: 'no-print', novalidate: true, onsubmit: submit, autocomplete: 'off' },
        password.el, h('div', { class: 'button-group' }, button)),
      done],
    onStart(fn) { start = fn; },
    clear() { password.setError(null); done.replaceChildren(); },
  };
}
