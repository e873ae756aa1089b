// Administrator's signing certificates (issue 16, docs/signing.md): each deciding unit with its
// certificate in force (subject, issuer, validity, fingerprint, status, days left), a warning
// banner when one expires within 30 days or has expired, a unit's history on demand, and the
// import of a PKCS#12 file or PEM texts (POST /units/{code}/certificates; the API's 422/409
// beside the fields and in the summary). Route: #/quan-tri/chung-thu-so.
import { h, mount, setTitle } from '../dom.js';
import { get, post, ApiError } from '../api.js';
import { date, sentence } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { select, radios } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';

export const CERT_STATUS = { in_force: 'Đang dùng', superseded: 'Đã thay thế', expired: 'Hết hạn', not_yet_valid: 'Chưa có hiệu lực' };

/** The warning lines of an overview: the certificates in force that expire soon or have expired. */
export function expiryLines(items) {
  return items.filter((u) => u.certificate && u.certificate.expiry_warning).map((u) => {
    const c = u.certificate;
    const name = u.unit_name || u.unit;
    return c.status === 'expired' || c.days_left === 0
      ? `Chứng thư số của ${name} đã hết hạn ngày ${date(c.valid_to)}.`
      : `Chứng thư số của ${name} còn ${c.days_left} ngày (hết hạn ngày ${date(c.valid_to)}).`;
  });
}

/** The banner of expiry warnings (null when none): the admin's landing shows it too. */
export function expiryBanner(items, link) {
  const lines = expiryLines(items);
  if (!lines.length) return null;
  return h('div', { class: 'notice notice--warning', id: 'cert-warning', role: 'alert' },
    h('h2', null, 'Chứng thư số sắp hết hạn'),
    h('ul', null, lines.map((l) => h('li', null, l))),
    h('p', null, 'Hãy nhập chứng thư số mới trước khi hết hạn: quyết định có kết quả điện tử của đơn vị sẽ bị từ chối ký.',
      link ? [' ', h('a', { href: '#/quan-tri/chung-thu-so' }, 'Quản lý chứng thư số')] : null));
}

export async function render(main) {
  const s = requireLogin();
  if (!s) return;
  setTitle('Chứng thư số');
  if (!hasRole(s, 'admin')) {
    mount(main, h('h1', null, 'Chứng thư số'), h('p', null, 'Chỉ quản trị hệ thống mới xem được trang này.'));
    return;
  }
  const listBox = h('div', { id: 'cert-list' });
  const banner = h('div', { id: 'cert-banner' });
  let items = [];
  async function load() {
    const r = await get('/certificates');
    items = r.items;
    mount(banner, expiryBanner(items, false));
    mount(listBox, table(items));
    form.setUnits(items);
  }
  const form = importForm(load);
  mount(main,
    h('h1', null, 'Chứng thư số'),
    h('p', null, 'Chứng thư số đang dùng của từng đơn vị giải quyết (và Trung tâm): kết quả điện tử được ký bằng chứng thư này. Khóa bí mật được mã hóa khi lưu và không bao giờ hiển thị.'),
    banner, listBox,
    h('h2', { id: 'import-title' }, 'Nhập chứng thư số'),
    form.el);
  await load();
}

function statusCell(c) {
  if (!c) return h('span', { class: 'tag tag--overdue' }, 'Chưa có');
  const tag = c.expiry_warning ? 'tag--overdue' : c.status === 'in_force' ? 'tag--open' : 'tag--closed';
  return [h('span', { class: `tag ${tag}` }, CERT_STATUS[c.status] || c.status), c.test ? [' ', h('span', { class: 'tag' }, 'Thử nghiệm')] : null];
}

/** One row per unit; "Lịch sử" opens the unit's certificates, newest first. */
function table(items) {
  if (!items.length) return h('p', null, 'Chưa có đơn vị giải quyết nào.');
  const rows = items.map((u) => {
    const c = u.certificate;
    const history = h('div', { id: `history-${u.unit}`, class: 'cert-history', hidden: true });
    const button = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false', 'aria-controls': `history-${u.unit}`,
      onclick: async () => {
        const open = button.getAttribute('aria-expanded') === 'true';
        button.setAttribute('aria-expanded', String(!open));
        history.hidden = open;
        if (!open && !history.childNodes.length) {
          const r = await get(`/units/${encodeURIComponent(u.unit)}/certificates?limit=50`);
          mount(history, r.items.length ? h('ul', null, r.items.map((x) => h('li', { 'data-id': x.id },
            `${CERT_STATUS[x.status] || x.status}: ${x.common_name}, ${date(x.valid_from)} – ${date(x.valid_to)}, SHA-256 ${x.fingerprint_sha256.slice(0, 16)}…`)))
            : h('p', null, 'Chưa nhập chứng thư nào.'));
        }
      } }, 'Lịch sử');
    return h('tr', { 'data-unit': u.unit, class: c && c.expiry_warning ? 'row--warning' : null },
      h('th', { scope: 'row' }, u.unit_name || u.unit, h('br'), h('span', { class: 'hint' }, u.unit)),
      h('td', null, c ? c.common_name : '—'),
      h('td', null, c ? c.issuer : '—'),
      h('td', { class: 'nowrap' }, c ? `${date(c.valid_from)} – ${date(c.valid_to)}` : '—'),
      h('td', { class: 'fingerprint' }, c ? h('code', { title: c.fingerprint_sha256 }, c.fingerprint_sha256.match(/.{1,16}/g).join(' ')) : '—'),
      h('td', null, statusCell(c)),
      h('td', { class: 'num', 'data-days': c ? String(c.days_left) : '' }, c ? String(c.days_left) : '—'),
      h('td', null, button, history));
  });
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'certs-caption', tabindex: '0' },
    h('table', { class: 'table', id: 'certs' },
      h('caption', { id: 'certs-caption' }, 'Chứng thư số đang dùng của các đơn vị'),
      h('thead', null, h('tr', null, ['Đơn vị', 'Chủ thể', 'Tổ chức cấp', 'Hiệu lực', 'Dấu vân tay SHA-256', 'Trạng thái', 'Còn (ngày)', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows)));
}

/** A file as base64 (without the data: prefix). */
function base64Of(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function importForm(onImported) {
  const summary = errorSummary();
  const unitSel = select({ id: 'cert-unit', label: 'Đơn vị', options: [], placeholder: 'Chọn đơn vị' });
  const kind = radios({ id: 'cert-kind', legend: 'Dạng tệp', inline: true, options: { pkcs12: 'PKCS#12 (.p12, .pfx)', pem: 'PEM' }, value: 'pkcs12' });
  const p12 = field({ id: 'pkcs12', label: 'Tệp PKCS#12', type: 'file', hint: 'Tệp .p12 hoặc .pfx do tổ chức cung cấp dịch vụ chứng thực cấp' });
  p12.input.accept = '.p12,.pfx,application/x-pkcs12';
  const p12pw = field({ id: 'pkcs12_password', label: 'Mật khẩu tệp PKCS#12', type: 'password', autocomplete: 'off' });
  const certPem = field({ id: 'certificate_pem', label: 'Chứng thư (PEM), kèm chứng thư của tổ chức cấp nếu có', multiline: true, rows: 6, spellcheck: false });
  const keyPem = field({ id: 'private_key_pem', label: 'Khóa bí mật (PEM)', multiline: true, rows: 6, spellcheck: false });
  const keyPw = field({ id: 'key_password', label: 'Mật khẩu khóa (nếu có)', type: 'password', autocomplete: 'off' });
  const p12Box = h('div', { id: 'pkcs12-fields' }, p12.el, p12pw.el);
  const pemBox = h('div', { id: 'pem-fields', hidden: true }, certPem.el, keyPem.el, keyPw.el);
  kind.onChange((v) => { p12Box.hidden = v !== 'pkcs12'; pemBox.hidden = v !== 'pem'; });
  const fields = { unit: unitSel, pkcs12: p12, pkcs12_password: p12pw, certificate_pem: certPem, private_key_pem: keyPem, key_password: keyPw };
  const done = h('div', { id: 'cert-result', 'aria-live': 'polite' });
  const button = h('button', { class: 'button', type: 'submit' }, 'Nhập chứng thư');
  async function submit(e) {
    e.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    summary.clear();
    done.replaceChildren();
    const code = unitSel.input.value;
    if (!code) {
      unitSel.setError('Hãy chọn đơn vị');
      summary.show([{ id: 'cert-unit', message: 'Hãy chọn đơn vị' }]);
      return;
    }
    let body;
    if (kind.value === 'pkcs12') {
      const file = p12.input.files[0];
      body = { pkcs12: file ? await base64Of(file) : '', pkcs12_password: p12pw.input.value };
    } else {
      body = { certificate_pem: certPem.input.value, private_key_pem: keyPem.input.value };
      if (keyPw.input.value) body.key_password = keyPw.input.value;
    }
    button.disabled = true;
    try {
      const c = await post(`/units/${encodeURIComponent(code)}/certificates`, body);
      mount(done, h('p', { class: 'notice', id: 'cert-imported' }, `Đã nhập chứng thư ${c.common_name} cho đơn vị ${code}, hiệu lực đến ${date(c.valid_to)}.`));
      p12.input.value = ''; p12pw.input.value = ''; certPem.input.value = ''; keyPem.input.value = ''; keyPw.input.value = '';
      await onImported();
    } catch (err) {
      const errors = err instanceof ApiError ? err.fieldErrors : [];
      if (!errors.length) { summary.show([{ message: sentence(err.messageVi || String(err)) }]); return; }
      summary.show(errors.map((fe) => {
        const f = fields[fe.field];
        if (f) f.setError(fe.message_vi);
        return { id: f ? f.input.id : null, message: fe.message_vi };
      }));
    } finally { button.disabled = false; }
  }
  const el = h('form', { id: 'cert-form', novalidate: true, onsubmit: submit, autocomplete: 'off', 'aria-labelledby': 'import-title' },
    summary.el, unitSel.el, kind.el, p12Box, pemBox, h('div', { class: 'button-group' }, button), done);
  return {
    el,
    setUnits(items) {
      const keep = unitSel.input.value;
      mount(unitSel.input, h('option', { value: '' }, 'Chọn đơn vị'), items.map((u) => h('option', { value: u.unit }, `${u.unit_name || u.unit} (${u.unit})`)));
      unitSel.input.value = keep;
    },
  };
}
