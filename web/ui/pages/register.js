// Registration of a citizen account (screen 3's "register with the ID number"): the ID number
// with a live format hint, name, phone, e-mail, password twice. The API's 422 messages are shown
// beside each field and in the error summary; what was typed stays. On success the citizen is
// logged in and goes on to where they were going (?next=), e.g. the online submission.
// Route: #/dang-ky.
import { h, mount, setTitle } from '../dom.js';
import { post, login, ApiError, serverToday } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { idHint } from '../idnum.js';

export async function render(main, { query }) {
  setTitle('Đăng ký tài khoản');
  const next = query.get('next');
  const year = Number((await serverToday()).slice(0, 4)); // a birth year after it is refused
  const summary = errorSummary();
  const idNumber = field({ id: 'id_number', label: 'Số định danh cá nhân', inputmode: 'numeric', autocomplete: 'off', spellcheck: false, width: 'short',
    hint: '12 chữ số, in trên thẻ căn cước. Số này là tên đăng nhập của bạn.' });
  const idLive = h('p', { id: 'id_number-live', class: 'live-hint', 'aria-live': 'polite' });
  idNumber.input.insertAdjacentElement('afterend', idLive);
  idNumber.input.addEventListener('input', () => {
    const v = idNumber.input.value;
    const r = idHint('person', v, year);
    idLive.textContent = v.trim() ? r.text : '';
    idLive.className = `live-hint${v.trim() ? (r.ok ? ' live-hint--ok' : ' live-hint--bad') : ''}`;
  });
  const fullName = field({ id: 'full_name', label: 'Họ và tên', autocomplete: 'name', hint: 'Như trên thẻ căn cước, có dấu' });
  const phone = field({ id: 'phone', label: 'Số điện thoại (không bắt buộc)', type: 'tel', autocomplete: 'tel', inputmode: 'tel', width: 'short' });
  const email = field({ id: 'email', label: 'Thư điện tử (không bắt buộc)', type: 'email', autocomplete: 'email', spellcheck: false });
  const password = field({ id: 'password', label: 'Mật khẩu', type: 'password', autocomplete: 'new-password', hint: 'Từ 10 ký tự, không chứa số định danh, không phải mật khẩu phổ biến' });
  const again = field({ id: 'password_again', label: 'Nhập lại mật khẩu', type: 'password', autocomplete: 'new-password' });
  const fields = { id_number: idNumber, full_name: fullName, phone, email, password, password_again: again };
  const button = h('button', { type: 'submit', class: 'button' }, 'Đăng ký');

  async function onSubmit(ev) {
    ev.preventDefault();
    const errors = [];
    const body = {
      id_number: idNumber.input.value.trim(),
      full_name: fullName.input.value.trim().normalize('NFC'),
      password: password.input.value,
    };
    if (phone.input.value.trim()) body.phone = phone.input.value.trim();
    if (email.input.value.trim()) body.email = email.input.value.trim();
    if (password.input.value !== again.input.value) errors.push({ id: 'password_again', message: 'Hai mật khẩu không giống nhau' });
    if (!errors.length) {
      button.disabled = true;
      try {
        await post('/citizens/register', body, { auth: false });
        await login(body.id_number, body.password);
        location.hash = next && next.startsWith('#/') ? next : '#/ho-so';
        return;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        for (const fe of e.fieldErrors) {
          if (fields[fe.field]) errors.push({ id: fe.field, message: fe.message_vi || fe.message });
        }
        if (!errors.length) errors.push({ message: e.messageVi });
      } finally {
        button.disabled = false;
      }
    }
    for (const [id, f] of Object.entries(fields)) f.setError(errors.find((x) => x.id === id)?.message || null);
    summary.show(errors);
  }

  mount(main,
    h('div', { class: 'narrow' },
      summary.el,
      h('h1', null, 'Đăng ký tài khoản'),
      h('p', null, 'Tài khoản giúp bạn nộp hồ sơ trực tuyến, theo dõi hồ sơ và dùng lại giấy tờ đã nộp.'),
      h('form', { novalidate: true, onsubmit: onSubmit, id: 'register-form' },
        idNumber.el, fullName.el, phone.el, email.el, password.el, again.el,
        h('div', { class: 'button-group' }, button)),
      h('p', null, 'Đã có tài khoản? ', h('a', { href: `#/dang-nhap${next ? `?next=${encodeURIComponent(next)}` : ''}` }, 'Đăng nhập'))));
}
