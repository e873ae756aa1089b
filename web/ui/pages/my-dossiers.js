// My dossiers (screen 4), for citizens and on a phone: one card per dossier with its status in
// words, the due date, what is asked of me (a completion or a supplement: upload and send),
// "Dừng giải quyết" with a reason, the receipt (Form 01) and the rating once returned.
import { h, mount, setTitle } from '../dom.js';
import { get, post, upload, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { radios } from '../choices.js';
import { STATUS, ASKED, RATING, DECISION, RETURN_CHANNEL, date, dateTime, effectiveDue, marks } from '../format.js';
import { requireLogin, statusTag } from './inbox.js';
import { pdfLink } from './intake.js';
import { viewer } from './dossier.js';

const dt = (term, ...desc) => h('div', null, h('dt', null, term), h('dd', null, ...desc));
const STOPPABLE = new Set(['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement']);

/**
 * How well the account's holder was identified (GET /me): a verified account sees every dossier of
 * its ID number; an unverified one only what it submitted itself, and is told how to be verified
 * (VNeID, or the ID card and the code below at any counter).
 */
async function identityPanel() {
  let me;
  try { me = await get('/me'); } catch { return null; }
  if (me.identity === 'verified') {
    const how = me.verified_via === 'vneid' ? 'qua VNeID' : 'tại quầy tiếp nhận';
    return h('p', { class: 'notice', id: 'identity', dataset: { identity: 'verified' } },
      `Tài khoản đã xác thực ${how}: bạn xem được mọi hồ sơ mang số định danh ${me.id_number}, kể cả hồ sơ nộp tại điểm phục vụ.`);
  }
  return h('section', { class: 'notice notice--warning', id: 'identity', dataset: { identity: 'unverified' }, 'aria-labelledby': 'identity-title' },
    h('h2', { id: 'identity-title' }, 'Tài khoản chưa xác thực'),
    h('p', null, 'Bạn chỉ xem được hồ sơ và giấy tờ do chính tài khoản này nộp. Để xem cả hồ sơ nộp tại điểm phục vụ, hãy đăng nhập bằng VNeID, hoặc mang căn cước công dân đến bất kỳ điểm phục vụ nào và đọc mã xác minh cho cán bộ:'),
    h('p', { class: 'verification-code' }, 'Mã xác minh: ', h('strong', { id: 'verification-code' }, me.verification_code || '')));
}

export async function render(main, { isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  setTitle('Hồ sơ của tôi');
  const owner = s.user.id_number || s.user.username;
  const notice = h('div', { tabindex: '-1' });
  const list = h('ul', { class: 'cards', id: 'my-dossiers' });
  const count = h('p', { class: 'muted', role: 'status' });
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Xem thêm');
  const unitNames = {};
  let cursor = null;
  let openBox = null;
  // One form open at a time (their fields have fixed ids).
  function use(box) { if (openBox && openBox !== box) openBox.replaceChildren(); openBox = box; }

  async function name(code) {
    if (!code) return '';
    if (!unitNames[code]) unitNames[code] = get(`/units/${encodeURIComponent(code)}`, { auth: false }).then((u) => u.name).catch(() => code);
    return unitNames[code];
  }

  function say(kind, text) {
    mount(notice, h('div', { class: kind === 'error' ? 'notice notice--error' : 'notice', role: kind === 'error' ? 'alert' : 'status' }, text));
    notice.focus();
  }

  async function card(d) {
    const due = effectiveDue(d);
    const asked = ASKED[d.status];
    const box = h('div', { class: 'card__forms' });
    const [returnName, request] = await Promise.all([
      name(d.return_unit),
      asked && d.status !== 'ready_for_return' ? lastRequest(d.code) : null,
    ]);
    const buttons = [];
    if (d.status === 'needs_completion' || d.status === 'awaiting_supplement') {
      buttons.push(h('button', { type: 'button', class: 'button', dataset: { action: 'supplement' }, onclick: () => supplementForm(d, box) }, 'Bổ sung hồ sơ'));
    }
    if (STOPPABLE.has(d.status)) {
      buttons.push(h('button', { type: 'button', class: 'button button--secondary', dataset: { action: 'stop' }, onclick: () => stopForm(d, box) }, 'Dừng giải quyết'));
    }
    const links = [
      h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, 'Chi tiết hồ sơ'),
      h('a', { href: `/track/${encodeURIComponent(d.code)}?s=${encodeURIComponent(d.tracking_secret || '')}` }, 'Theo dõi hồ sơ'),
      d.received_at ? pdfLink(`/dossiers/${encodeURIComponent(d.code)}/forms/01.pdf`, 'Giấy tiếp nhận (Mẫu 01)') : null,
    ].filter(Boolean);
    for (const a of links) a.className = '';
    const li = h('li', { class: `card${asked ? ' card--asked' : ''}`, dataset: { code: d.code, status: d.status } },
      h('h2', null, d.procedure.name),
      h('dl', { class: 'summary-list' },
        dt('Mã hồ sơ', d.code),
        dt('Trạng thái', statusTag(d.status), ...marks(d).map((m) => [' ', h('span', { class: `tag tag--${m.key}` }, m.text)])),
        dt('Ngày nộp', date(d.submitted_at || d.received_at)),
        dt('Hạn giải quyết', due ? date(due) : (d.status === 'submitted' ? 'Tính từ khi được tiếp nhận' : 'Chưa có')),
        d.decision ? dt('Kết quả', DECISION[d.decision] || d.decision, d.decided_at ? ` ngày ${date(d.decided_at)}` : '') : null,
        d.status === 'ready_for_return' || d.status === 'returned'
          ? dt('Nhận kết quả', RETURN_CHANNEL[d.return_channel] || d.return_channel || '', d.return_channel === 'counter' ? ` tại ${returnName}` : '')
          : null,
        d.returned_at ? dt('Ngày trả kết quả', date(d.returned_at)) : null,
        d.closed_reason ? dt('Lý do', d.closed_reason) : null),
      asked ? h('p', { class: 'asked' }, 'Việc cần làm: ', asked,
        d.status === 'ready_for_return' && d.return_channel === 'counter' ? ` tại ${returnName}` : '') : null,
      request ? h('p', { class: 'request' }, request) : null,
      d.status === 'returned' ? ratingBox(d) : null,
      buttons.length ? h('div', { class: 'button-group' }, buttons) : null,
      box,
      h('p', { class: 'card__links' }, links.map((a, i) => [i ? ' · ' : '', a])));
    return li;
  }

  async function lastRequest(code) {
    const hist = await get(`/dossiers/${encodeURIComponent(code)}/history`).catch(() => ({ items: [] }));
    const ev = [...hist.items].reverse().find((e) => e.action === 'request-completion' || e.action === 'request-supplement');
    if (!ev || !ev.detail) return null;
    const items = Array.isArray(ev.detail.items) ? ev.detail.items.join('; ') : '';
    return [`Cơ quan yêu cầu (${dateTime(ev.at)}): `, items, ev.detail.reason ? `${items ? '. ' : ''}Lý do: ${ev.detail.reason}` : ''];
  }

  function ratingBox(d) {
    if (d.rating) {
      const score = typeof d.rating === 'string' ? d.rating : d.rating.score;
      return h('p', { class: 'rating' }, 'Bạn đã đánh giá: ', h('strong', null, RATING[score] || score));
    }
    const id = `rating-${d.code}`;
    const score = radios({ id: `${id}-score`, legend: 'Bạn đánh giá việc giải quyết hồ sơ này thế nào?', options: RATING, inline: false });
    const comment = field({ id: `${id}-comment`, label: 'Góp ý (không bắt buộc)', multiline: true, rows: 2 });
    const summary = errorSummary();
    const form = h('form', { class: 'rating-form', novalidate: true, 'aria-label': `Đánh giá hồ sơ ${d.code}` }, summary.el, score.el, comment.el,
      h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button' }, 'Gửi đánh giá')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!score.value) {
        score.setError('chọn một mức đánh giá');
        summary.show([{ id: score.firstId, message: 'chọn một mức đánh giá' }]);
        return;
      }
      try {
        await post(`/public/dossiers/${encodeURIComponent(d.code)}/rating?secret=${encodeURIComponent(d.tracking_secret)}`,
          { score: score.value, ...(comment.input.value.trim() ? { comment: comment.input.value.trim() } : {}) });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        summary.show([{ message: e.messageVi }]);
        return;
      }
      d.rating = { score: score.value };
      form.replaceWith(ratingBox(d));
      say('ok', `Cảm ơn bạn đã đánh giá hồ sơ ${d.code}.`);
    });
    return form;
  }

  function stopForm(d, box) {
    use(box);
    const summary = errorSummary();
    const reason = field({ id: `stop-reason`, label: 'Lý do dừng giải quyết', multiline: true, rows: 2, hint: 'Ví dụ: tôi không còn nhu cầu giải quyết' });
    const btn = h('button', { type: 'submit', class: 'button button--warning' }, 'Xác nhận dừng giải quyết');
    const form = h('form', { class: 'action-form', novalidate: true, 'aria-labelledby': 'stop-title' }, summary.el,
      h('h3', { id: 'stop-title' }, `Dừng giải quyết hồ sơ ${d.code}`), reason.el,
      h('div', { class: 'button-group' }, btn, h('button', { type: 'button', class: 'button button--secondary', onclick: () => box.replaceChildren() }, 'Hủy')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const r = reason.input.value.trim();
      if (!r) { reason.setError('nhập lý do dừng giải quyết'); summary.show([{ id: 'stop-reason', message: 'nhập lý do dừng giải quyết' }]); return; }
      btn.disabled = true;
      try {
        const nd = await post(`/dossiers/${encodeURIComponent(d.code)}/stop`, { reason: r }, { ifMatch: d.version });
        await replace(d, nd);
        say('ok', `Đã dừng giải quyết hồ sơ ${d.code}. Trạng thái: ${STATUS[nd.status] || nd.status}.`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const fe = e.fieldErrors.find((x) => x.field === 'reason');
        if (fe) reason.setError(fe.message_vi || fe.message);
        summary.show([{ id: fe ? 'stop-reason' : null, message: fe ? (fe.message_vi || fe.message) : e.messageVi }]);
      } finally {
        btn.disabled = false;
      }
    });
    mount(box, form);
    reason.input.focus();
  }

  async function supplementForm(d, box) {
    use(box);
    const p = await get(`/procedures/${encodeURIComponent(d.procedure.code)}`, { auth: false });
    const docs = {};
    const summary = errorSummary();
    const parts = p.components.map((c) => {
      const f = field({ id: `sup-${c.id}`, type: 'file', label: c.name });
      f.input.setAttribute('accept', '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg');
      const st = h('p', { class: 'upload-status', 'aria-live': 'polite' });
      f.input.addEventListener('change', async () => {
        const file = f.input.files[0];
        if (!file) return;
        f.setError(null);
        st.textContent = 'Đang tải lên…';
        try {
          const r = await upload(file, owner);
          docs[c.id] = r.id;
          st.textContent = `Đã tải lên: ${file.name}`;
          st.dataset.document = r.id;
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          st.textContent = '';
          f.setError(e.status === 415 ? 'chỉ nhận tệp PDF, JPEG hoặc PNG' : e.messageVi);
        }
      });
      f.el.append(st);
      return f.el;
    });
    const action = d.status === 'needs_completion' ? 'resubmit' : 'supplement';
    const btn = h('button', { type: 'submit', class: 'button' }, 'Gửi giấy tờ bổ sung');
    const form = h('form', { class: 'action-form', novalidate: true, 'aria-labelledby': 'sup-title' }, summary.el,
      h('h3', { id: 'sup-title', tabindex: '-1' }, `Bổ sung hồ sơ ${d.code}`),
      h('p', { class: 'hint' }, 'Tải lên giấy tờ được yêu cầu, mỗi thành phần một tệp.'), parts,
      h('div', { class: 'button-group' }, btn, h('button', { type: 'button', class: 'button button--secondary', onclick: () => box.replaceChildren() }, 'Hủy')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const components = Object.entries(docs).map(([id, document]) => ({ id, provided: true, document }));
      if (!components.length) { summary.show([{ id: `sup-${p.components[0].id}`, message: 'tải lên ít nhất một giấy tờ' }]); return; }
      btn.disabled = true;
      try {
        const nd = await post(`/dossiers/${encodeURIComponent(d.code)}/${action}`, { components }, { ifMatch: d.version });
        await replace(d, nd);
        say('ok', `Đã gửi giấy tờ bổ sung cho hồ sơ ${d.code}. Trạng thái: ${STATUS[nd.status] || nd.status}.`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        summary.show((e.fieldErrors.length ? e.fieldErrors : [{ message_vi: e.messageVi }]).map((x) => {
          const cid = x.field && x.field.startsWith('components.') ? x.field.slice(11).split('.')[0] : null;
          return { id: cid ? `sup-${cid}` : null, message: x.message_vi || x.message };
        }));
      } finally {
        btn.disabled = false;
      }
    });
    mount(box, form);
    form.querySelector('h3').focus();
  }

  async function replace(old, nd) {
    const li = list.querySelector(`li[data-code="${CSS.escape(old.code)}"]`);
    const fresh = await card(nd);
    if (li) li.replaceWith(fresh); else list.prepend(fresh);
  }

  async function load(reset) {
    const qs = new URLSearchParams({ limit: '20' });
    if (!reset && cursor) qs.set('cursor', cursor);
    let r;
    try {
      r = await get(`/dossiers?${qs}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
      count.textContent = 'Không tải được danh sách hồ sơ. Vui lòng thử lại.';
      return;
    }
    const cards = await Promise.all(r.items.map(card));
    if (reset) list.replaceChildren();
    list.append(...cards);
    cursor = r.next_cursor;
    more.hidden = !cursor;
    const n = list.children.length;
    count.textContent = n ? `${n}${cursor ? '+' : ''} hồ sơ` : 'Bạn chưa có hồ sơ nào.';
  }
  more.addEventListener('click', () => load(false));

  // My documents: what I uploaded and the electronic results I received, each viewable in the page
  // (GET /applicants/{my ID number}/documents).
  const docsList = h('ul', { class: 'documents', id: 'my-documents' });
  const docsStatus = h('p', { class: 'muted', id: 'my-documents-status' });
  async function loadDocs() {
    try {
      const r = await get(`/applicants/${encodeURIComponent(owner)}/documents?limit=100`);
      mount(docsList, r.items.map((doc) => {
        const v = viewer({ id: doc.id, document: doc.id }, doc.filename);
        return h('li', { dataset: { document: doc.id } }, h('span', { class: 'documents__name' }, doc.filename), ' ',
          h('span', { class: 'muted' }, `${date(doc.created_at)} · ${Math.max(1, Math.round(doc.size / 1024)).toLocaleString('vi-VN')} KB`), ' ', v.button, v.box);
      }));
      docsStatus.textContent = r.items.length ? '' : 'Bạn chưa có giấy tờ điện tử nào.';
    } catch {
      docsStatus.textContent = 'Không tải được danh sách giấy tờ.';
    }
  }

  mount(main,
    h('h1', null, 'Hồ sơ của tôi'),
    await identityPanel(),
    h('p', null, 'Hồ sơ bạn đã nộp trực tuyến hoặc tại điểm phục vụ. Muốn nộp hồ sơ mới, hãy ', h('a', { href: '#/' }, 'tìm thủ tục'), ' rồi chọn “Nộp hồ sơ trực tuyến”.'),
    notice, count, list, h('div', { class: 'button-group' }, more),
    h('section', { 'aria-labelledby': 'docs-title' }, h('h2', { id: 'docs-title' }, 'Giấy tờ và kết quả điện tử của tôi'),
      h('p', { class: 'hint' }, 'Giấy tờ đã tải lên có thể dùng lại khi nộp hồ sơ mới.'), docsStatus, docsList));
  await Promise.all([load(true), loadDocs()]);
  if (!isCurrent()) return;
  main.dataset.loaded = 'true';
}
