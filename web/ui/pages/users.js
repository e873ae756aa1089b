// Administrator's users (screen 13): create a staff account with one role at one unit (the unit
// found by name, without diacritics). The API's 422 field errors are shown beside each field and in
// the error summary; what was typed stays. Route: #/quan-tri/nguoi-dung.
import { h, mount, setTitle, debounce } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { ROLE } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { select } from '../choices.js';
import { requireLogin } from './inbox.js';

const STAFF_ROLES = ['receiver', 'processor', 'approver', 'unit_manager', 'center_manager', 'admin'];
const created = [];

export async function render(main) {
  const s = requireLogin();
  if (!s) return;
  setTitle('Người dùng');
  if (!s.user.roles.some((r) => r.role === 'admin')) {
    mount(main, h('h1', null, 'Người dùng'), h('p', null, 'Chỉ quản trị hệ thống mới xem được trang này.'));
    return;
  }
  const summary = errorSummary();
  const username = field({ id: 'username', label: 'Tên đăng nhập', hint: 'Chữ thường không dấu, số, dấu chấm; ví dụ: tiepnhan.hoankiem2', autocomplete: 'off', spellcheck: false });
  const password = field({ id: 'password', label: 'Mật khẩu ban đầu', type: 'password', hint: 'Từ 8 ký tự', autocomplete: 'new-password' });
  const fullName = field({ id: 'full_name', label: 'Họ và tên', autocomplete: 'off' });
  const role = select({ id: 'role', label: 'Vai trò', options: STAFF_ROLES.map((r) => [r, ROLE[r]]), value: 'receiver' });
  const unitQ = field({ id: 'unit-q', label: 'Tìm đơn vị theo tên', hint: 'Gõ vài chữ của tên, có dấu hay không dấu đều được', autocomplete: 'off' });
  const unitSel = select({ id: 'unit', label: 'Đơn vị', options: [], placeholder: '— Chọn đơn vị —' });
  const search = debounce(async () => {
    const q = unitQ.input.value.trim();
    if (q.length < 2) return;
    try {
      const r = await get(`/units?${new URLSearchParams({ q, limit: '50' })}`);
      const keep = unitSel.input.value;
      mount(unitSel.input, h('option', { value: '' }, r.items.length ? `— Chọn trong ${r.items.length} đơn vị —` : '— Không tìm thấy đơn vị —'),
        r.items.map((u) => h('option', { value: u.code }, `${u.name} (${u.code})`)));
      if (r.items.some((u) => u.code === keep)) unitSel.input.value = keep;
      else if (r.items.length === 1) unitSel.input.value = r.items[0].code;
    } catch { /* keep the old list */ }
  }, 250);
  unitQ.input.addEventListener('input', search);
  const fields = { username, password, full_name: fullName, role, unit: unitSel };
  const result = h('div', { id: 'user-result', 'aria-live': 'polite' });
  const createdList = h('ul', { id: 'created-users' });
  const showCreated = () => mount(createdList, created.map((u) => h('li', { dataset: { username: u.username } },
    `${u.username} — ${u.full_name} — ${u.roles.map((r) => `${ROLE[r.role] || r.role}, ${r.unitName || r.unit}`).join('; ')}`)));
  showCreated();
  const button = h('button', { class: 'button', type: 'submit' }, 'Tạo tài khoản');

  async function submit(e) {
    e.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    summary.clear();
    result.replaceChildren();
    const body = {
      username: username.input.value.trim(), password: password.input.value, full_name: fullName.input.value.trim(),
      roles: [{ role: role.input.value, unit: unitSel.input.value }],
    };
    button.disabled = true;
    try {
      const u = await post('/users', body);
      const opt = unitSel.input.selectedOptions[0];
      created.unshift({ ...u, roles: u.roles.map((r) => ({ ...r, unitName: opt ? opt.textContent : r.unit })) });
      showCreated();
      mount(result, h('p', { class: 'notice', id: 'user-created' }, `Đã tạo tài khoản ${u.username} (${u.full_name}).`));
      username.input.value = ''; password.input.value = ''; fullName.input.value = '';
      username.input.focus();
    } catch (err) {
      const errors = err instanceof ApiError ? err.fieldErrors : [];
      if (!errors.length) { summary.show([{ message: err.messageVi || String(err) }]); return; }
      const list = [];
      for (const fe of errors) {
        const key = fe.field === 'roles' || fe.field === 'roles[0].role' ? 'role' : fe.field === 'roles[0].unit' ? 'unit' : fe.field;
        const f = fields[key];
        if (f) f.setError(fe.message_vi);
        list.push({ id: f ? f.input.id : null, message: fe.message_vi });
      }
      summary.show(list);
    } finally { button.disabled = false; }
  }

  mount(main,
    h('h1', null, 'Người dùng'),
    h('p', { class: 'lead' }, 'Tạo tài khoản cho cán bộ: một vai trò tại một đơn vị (vai trò có hiệu lực với cả các đơn vị trực thuộc).'),
    h('form', { id: 'user-form', novalidate: true, onsubmit: submit, autocomplete: 'off' },
      summary.el, username.el, password.el, fullName.el, role.el, unitQ.el, unitSel.el,
      h('div', { class: 'button-group' }, button)),
    result,
    h('h2', null, 'Tài khoản đã tạo trong phiên này'),
    createdList);
}
