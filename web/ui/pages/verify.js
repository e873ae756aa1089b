// Verifying a citizen's account at a counter (receivers): the officer checks the person's ID card,
// types the ID number and the 8-character code the person reads from "Hồ sơ của tôi", and says
// which paper was checked. The account becomes the verified account of that ID number (it then
// sees every dossier of the number); who, where and which paper are audited.
// Route: #/xac-thuc-cong-dan.
import { h, mount, setTitle } from '../dom.js';
import { post, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { radios } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';

export async function render(main) {
  const s = requireLogin();
  if (!s) return;
  const title = 'Xác thực tài khoản công dân';
  setTitle(title);
  if (!hasRole(s, 'receiver')) {
    mount(main, h('h1', null, title), h('p', null, 'Chỉ cán bộ tiếp nhận mới xác thực tài khoản công dân.'));
    return;
  }
  const summary = errorSummary();
  const idNumber = field({ id: 'id_number', label: 'Số định danh cá nhân', inputmode: 'numeric', autocomplete: 'off', spellcheck: false, width: 'short',
    hint: 'Đối chiếu với thẻ căn cước người dân xuất trình' });
  const code = field({ id: 'code', label: 'Mã xác minh', autocomplete: 'off', spellcheck: false, width: 'short',
    hint: '8 ký tự người dân đọc từ mục “Hồ sơ của tôi”' });
  const paper = radios({ id: 'paper', legend: 'Giấy tờ đã kiểm tra', value: 'cccd', inline: true,
    options: { cccd: 'Thẻ căn cước / CCCD', cmnd: 'Chứng minh nhân dân', passport: 'Hộ chiếu' } });
  const result = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit', class: 'button', id: 'verify' }, 'Xác thực');
  const fields = { id_number: idNumber, code, paper };
  const form = h('form', { novalidate: true, id: 'verify-form' }, summary.el, idNumber.el, code.el, paper.el, h('div', { class: 'button-group' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    summary.clear();
    mount(result);
    const id = idNumber.input.value.trim();
    const c = code.input.value.trim().toUpperCase();
    const errs = [];
    if (!/^\d{12}$/.test(id)) errs.push({ field: 'id_number', message: 'số định danh cá nhân phải gồm 12 chữ số' });
    if (c.length !== 8) errs.push({ field: 'code', message: 'mã xác minh gồm 8 ký tự' });
    const show = (list) => {
      for (const e of list) if (fields[e.field]) fields[e.field].setError(e.message);
      summary.show(list.map((e) => ({ id: fields[e.field] ? (e.field === 'paper' ? paper.firstId : e.field) : null, message: e.message })));
    };
    if (errs.length) { show(errs); return; }
    btn.disabled = true;
    try {
      const u = await post(`/citizens/${encodeURIComponent(id)}/verify`, { code: c, paper: paper.value });
      mount(result, h('p', { class: 'notice', role: 'status', id: 'verify-done' }, `Đã xác thực tài khoản của ${u.full_name} (${u.id_number}).`));
      idNumber.input.value = '';
      code.input.value = '';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.fieldErrors.length) show(e.fieldErrors.map((x) => ({ field: x.field, message: x.message_vi || x.message })));
      else mount(result, h('p', { class: 'notice notice--error', role: 'alert' }, e.status === 409 ? 'Số định danh này đã có tài khoản đã xác thực.' : e.messageVi));
    } finally {
      btn.disabled = false;
    }
  });
  mount(main, h('h1', null, title),
    h('p', null, 'Người dân đã đăng ký tài khoản nhưng chưa xác thực chỉ xem được hồ sơ do chính tài khoản đó nộp. Sau khi kiểm tra giấy tờ tùy thân, xác thực tài khoản để người dân xem và theo dõi mọi hồ sơ mang số định danh của mình.'),
    form, result);
}
