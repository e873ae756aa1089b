// Login: username (citizens: their ID number) and password. The API's Vietnamese message is shown
// beside the field and in the error summary at the top (GOV.UK pattern); what was typed stays.
// When the server has an identity provider (GET /auth/providers), citizens may log in with VNeID
// instead: the server sends the browser there and back (?loi=vneid when that failed).
import { h, mount, setTitle } from '../dom.js';
import { login, session, unit, get, expectCookieSession, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';

/**
 * Where each person starts: receivers at a service point at the counter, receivers of the Center's
 * online desk at the online desk, managers at the dashboard, everyone else at their dossiers.
 */
async function landing(user) {
  if (user.roles.some((r) => ['center_manager', 'unit_manager'].includes(r.role))) return '#/bang-dieu-khien';
  const desks = user.roles.filter((r) => r.role === 'receiver').map((r) => r.unit);
  if (!desks.length) return '#/ho-so';
  const kinds = await Promise.all(desks.map((c) => unit(c).then((u) => u && u.kind).catch(() => null)));
  return kinds.includes('service_point') ? '#/tiep-nhan' : '#/truc-tuyen';
}

/** The identity providers the server offers ([] when none, or when it cannot say). */
async function providers() {
  try {
    const r = await get('/auth/providers', { auth: false });
    return Array.isArray(r && r.items) ? r.items : [];
  } catch {
    return [];
  }
}

/** "Đăng nhập bằng VNeID": a link to the server's login route, back to `next` afterwards. */
function providerLinks(items, next) {
  if (!items.length) return null;
  const back = next && next.startsWith('#/') ? `?return_to=${encodeURIComponent(`/${next}`)}` : '';
  return h('div', { id: 'providers' },
    h('p', { class: 'separator' }, 'hoặc'),
    ...items.map((p) => h('p', null,
      h('a', { href: `${p.login_url}${back}`, class: 'button button--secondary button--link', id: `login-${p.id}`, onclick: expectCookieSession },
        `Đăng nhập bằng ${p.name}`))),
    h('p', { class: 'hint' }, 'Công dân có tài khoản định danh điện tử VNeID đăng nhập không cần mật khẩu của hệ thống này.'));
}

export async function render(main, { query }) {
  setTitle('Đăng nhập');
  const next = query.get('next');
  const failed = query.get('loi') === 'vneid';
  const offered = await providers();
  const summary = errorSummary();
  const username = field({ id: 'username', label: 'Tên đăng nhập', autocomplete: 'username', spellcheck: false,
    hint: 'Công dân đăng nhập bằng số định danh cá nhân (12 chữ số)' });
  const password = field({ id: 'password', label: 'Mật khẩu', type: 'password', autocomplete: 'current-password' });
  const fields = { username, password };
  const button = h('button', { type: 'submit', class: 'button' }, 'Đăng nhập');
  const s = session();

  async function onSubmit(ev) {
    ev.preventDefault();
    const errors = [];
    if (!username.input.value.trim()) errors.push({ id: 'username', message: 'Nhập tên đăng nhập' });
    if (!password.input.value) errors.push({ id: 'password', message: 'Nhập mật khẩu' });
    if (!errors.length) {
      button.disabled = true;
      try {
        const s2 = await login(username.input.value.trim(), password.input.value);
        location.hash = next && next.startsWith('#/') ? next : await landing(s2.user);
        return;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        for (const fe of e.fieldErrors) {
          if (fields[fe.field]) errors.push({ id: fe.field, message: fe.message_vi || fe.message });
        }
        // Wrong credentials and throttling name no field: they belong to the password.
        if (!errors.length) errors.push({ id: 'password', message: e.messageVi });
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
      failed ? h('div', { class: 'notice notice--error', role: 'alert', id: 'provider-error' },
        'Không đăng nhập được bằng VNeID. Vui lòng thử lại.') : null,
      h('h1', null, 'Đăng nhập'),
      s ? h('p', { class: 'notice' }, `Bạn đang đăng nhập với tên ${s.user.username}. Đăng nhập lại để đổi tài khoản.`) : null,
      next ? h('p', null, 'Vui lòng đăng nhập để tiếp tục.') : null,
      h('form', { novalidate: true, onsubmit: onSubmit }, username.el, password.el,
        h('div', { class: 'button-group' }, button)),
      providerLinks(offered, next),
      h('p', { id: 'register-link' }, 'Công dân chưa có tài khoản? ',
        h('a', { href: `#/dang-ky${next ? `?next=${encodeURIComponent(next)}` : ''}` }, 'Đăng ký bằng số định danh cá nhân'))));
}
