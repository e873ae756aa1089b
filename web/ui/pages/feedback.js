// Sending a feedback (phản ánh, kiến nghị, khiếu nại) about a dossier, a service point or an
// officer at a point (POST /feedback; public, no login), following one up by code and secret
// (GET /feedback/{code}), and the published answers (GET /public/feedback). Route:
// #/phan-anh[?ma=<dossier code>] — the tracking page links here with the code prefilled;
// #/phan-anh?pa=<feedback code>&s=<secret> — the link notifications to the sender carry.
import { h, mount, setTitle } from '../dom.js';
import { get, post, getAll, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { radios, select, checkboxes } from '../choices.js';
import { dateTime } from '../format.js';

const KIND = { phan_anh: 'Phản ánh', kien_nghi: 'Kiến nghị', khieu_nai: 'Khiếu nại' };
const ABOUT = { dossier: 'Một hồ sơ', point: 'Một điểm phục vụ', officer: 'Một cán bộ tại điểm phục vụ' };

function answerBox(f) {
  return h('dl', { class: 'summary-list', id: 'feedback-status' },
    h('dt', null, 'Mã phản ánh'), h('dd', null, f.code),
    h('dt', null, 'Tình trạng'), h('dd', null, f.status === 'answered' ? 'Đã trả lời' : 'Đang xử lý'),
    h('dt', null, 'Hạn trả lời'), h('dd', null, dateTime(f.due_at)),
    h('dt', null, 'Trả lời'), h('dd', null, f.answer ? h('span', { class: 'prewrap' }, f.answer) : '—'));
}

export async function render(main, { query }) {
  const title = 'Gửi phản ánh, kiến nghị';
  setTitle(title);
  const points = await getAll('/units?kind=service_point', { auth: false });
  const summary = errorSummary();
  const prefilled = query.get('ma') || '';
  const kind = radios({ id: 'kind', legend: 'Loại', options: KIND, value: 'phan_anh', inline: true });
  const about = radios({ id: 'about', legend: 'Về', options: ABOUT, value: prefilled ? 'dossier' : 'point' });
  const dossier = field({ id: 'dossier', label: 'Mã hồ sơ', value: prefilled, spellcheck: false, autocomplete: 'off' });
  const secret = field({ id: 'secret', label: 'Mã tra cứu', width: 'short', spellcheck: false, autocomplete: 'off',
    hint: 'In trên giấy tiếp nhận, bên cạnh mã hồ sơ' });
  const point = select({ id: 'point', label: 'Điểm phục vụ', placeholder: 'Chọn điểm phục vụ', options: points.map((u) => [u.code, u.name]) });
  const officer = field({ id: 'officer_name', label: 'Họ tên hoặc vị trí của cán bộ', hint: 'Ví dụ: cán bộ quầy số 2' });
  const content = field({ id: 'content', label: 'Nội dung', multiline: true, rows: 6, hint: 'Từ 10 đến 4.000 ký tự' });
  const name = field({ id: 'name', label: 'Họ và tên', autocomplete: 'name' });
  const phone = field({ id: 'phone', label: 'Số điện thoại', type: 'tel', inputmode: 'tel', autocomplete: 'tel', width: 'short',
    hint: 'Cần số điện thoại hoặc thư điện tử để nhận trả lời' });
  const email = field({ id: 'email', label: 'Thư điện tử', type: 'email', autocomplete: 'email' });
  const consent = checkboxes({ id: 'publish_consent', legend: 'Công khai', items: [{ value: 'yes', label: 'Tôi đồng ý công khai nội dung và câu trả lời (không kèm họ tên, số điện thoại, thư điện tử)' }] });
  const fields = { kind, about, dossier, secret, point, officer_name: officer, content, name, phone, email, publish_consent: consent };
  const result = h('div', { id: 'feedback-result', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit', class: 'button', id: 'send' }, 'Gửi');

  function showFor(v) {
    dossier.el.hidden = v !== 'dossier';
    secret.el.hidden = v !== 'dossier';
    point.el.hidden = v === 'dossier';
    officer.el.hidden = v !== 'officer';
  }
  about.onChange(showFor);
  showFor(about.value);

  const form = h('form', { novalidate: true, id: 'feedback-form' }, summary.el, kind.el, about.el, dossier.el, secret.el, point.el, officer.el,
    content.el, name.el, phone.el, email.el, consent.el, h('div', { class: 'button-group' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    summary.clear();
    mount(result);
    const a = about.value;
    const text = (f) => f.input.value.trim() || undefined;
    const body = {
      kind: kind.value, about: a, content: content.input.value.trim(), name: name.input.value.trim(),
      phone: text(phone), email: text(email), publish_consent: consent.values().includes('yes'),
      ...(a === 'dossier' ? { dossier: text(dossier), secret: text(secret) } : { point: point.input.value || undefined }),
      ...(a === 'officer' ? { officer_name: text(officer) } : {}),
    };
    btn.disabled = true;
    try {
      const f = await post('/feedback', body);
      mount(result, h('div', { class: 'notice', role: 'status', id: 'feedback-done' },
        h('p', null, 'Đã nhận phản ánh, kiến nghị. Mã phản ánh: ', h('strong', { id: 'feedback-code' }, f.code),
          ', mã tra cứu: ', h('strong', { id: 'feedback-secret' }, f.secret), '.'),
        h('p', null, `Đơn vị có trách nhiệm trả lời trước ${dateTime(f.due_at)}. Hãy giữ hai mã này để xem câu trả lời.`)));
      form.reset();
      showFor(about.value);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const list = e.fieldErrors.map((x) => ({ field: x.field, message: x.message_vi || x.message }));
      for (const x of list) if (fields[x.field]) fields[x.field].setError(x.message);
      if (list.length) summary.show(list.map((x) => ({ id: fields[x.field] ? (fields[x.field].firstId || x.field) : null, message: x.message })));
      else mount(result, h('p', { class: 'notice notice--error', role: 'alert' }, e.messageVi));
    } finally {
      btn.disabled = false;
    }
  });

  // Following one up.
  // The link of a notification to the sender (?pa=<feedback code>&s=<secret>) fills both in.
  const fbCode = field({ id: 'lookup-code', label: 'Mã phản ánh', value: query.get('pa') || '', width: 'short', spellcheck: false, autocomplete: 'off' });
  const fbSecret = field({ id: 'lookup-secret', label: 'Mã tra cứu', value: query.get('s') || '', width: 'short', spellcheck: false, autocomplete: 'off' });
  const lookupOut = h('div', { 'aria-live': 'polite' });
  const lookup = h('form', { novalidate: true, id: 'lookup-form' }, fbCode.el, fbSecret.el,
    h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button button--secondary' }, 'Xem trả lời')));
  lookup.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const f = await get(`/feedback/${encodeURIComponent(fbCode.input.value.trim())}?secret=${encodeURIComponent(fbSecret.input.value.trim())}`, { auth: false });
      mount(lookupOut, answerBox(f));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      mount(lookupOut, h('p', { class: 'notice notice--error', role: 'alert' }, e.status === 404 ? 'Không tìm thấy phản ánh với mã và mã tra cứu này.' : e.messageVi));
    }
  });

  const published = await get('/public/feedback?limit=20', { auth: false }).catch(() => ({ items: [] }));
  mount(main, h('h1', null, title),
    h('p', null, 'Phản ánh, kiến nghị về việc giải quyết thủ tục hành chính được chuyển đến đơn vị có trách nhiệm và được trả lời trong 10 ngày làm việc.'),
    form, result,
    h('h2', null, 'Xem câu trả lời'), lookup, lookupOut,
    h('h2', null, 'Phản ánh, kiến nghị đã được trả lời'),
    published.items.length
      ? h('ul', { class: 'plain-list', id: 'published' }, published.items.map((f) => h('li', null,
        h('p', null, h('strong', null, `${KIND[f.kind]} ${f.code}`), ` · ${dateTime(f.received_at)}`),
        h('p', { class: 'prewrap' }, f.content), h('p', { class: 'prewrap' }, h('strong', null, 'Trả lời: '), f.answer))))
      : h('p', { id: 'published' }, 'Chưa có phản ánh, kiến nghị nào được công khai.'));
}
