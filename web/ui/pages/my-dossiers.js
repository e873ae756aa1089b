// My dossiers (screen 4), for citizens and on a phone: one card per dossier with its status in
// words, the due date, what is asked of me (a completion or a supplement: upload and send),
// "Dừng giải quyết" with a reason, the receipt (Form 01) and the rating once returned. Which
// buttons a card has is the server's answer (the dossier's allowed_actions).
import { h, mount, setTitle } from '../dom.js';
import { get, post, upload, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { radios } from '../choices.js';
import { STATUS, OPEN, ASKED, RATING, DECISION, RETURN_CHANNEL, date, dateTime, effectiveDue, marks, shortName } from '../format.js';
import { requireLogin } from '../session.js';
import { summaryRow as dt, statusTag, pdfLink, viewer } from '../widgets.js';

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
  // What the page's parts share: the list of cards, the notice, the one open form.
  const page = {
    owner: s.user.id_number || s.user.username,
    notice: h('div', { tabindex: '-1' }),
    list: h('ul', { class: 'cards', id: 'my-dossiers' }),
    count: h('p', { class: 'muted', role: 'status' }),
    more: h('button', { type: 'button', class: 'button button--secondary', hidden: true }, 'Xem thêm'),
    unitNames: {},
    cursor: null,
    openBox: null,
  };
  page.more.addEventListener('click', () => load(page, false));
  const docs = documentsSection(page.owner);
  mount(main,
    h('h1', null, 'Hồ sơ của tôi'),
    await identityPanel(),
    h('p', null, 'Hồ sơ bạn đã nộp trực tuyến hoặc tại điểm phục vụ. Muốn nộp hồ sơ mới, hãy ', h('a', { href: '#/' }, 'tìm thủ tục'), ' rồi chọn “Nộp hồ sơ trực tuyến”.'),
    page.notice, page.count, page.list, h('div', { class: 'button-group' }, page.more),
    docs.el);
  await Promise.all([load(page, true), docs.load()]);
  if (!isCurrent()) return;
  main.dataset.loaded = 'true';
}

/** A page of my dossiers (20), as cards; reset starts again from the newest. */
async function load(page, reset) {
  const qs = new URLSearchParams({ limit: '20' });
  if (!reset && page.cursor) qs.set('cursor', page.cursor);
  let r;
  try {
    r = await get(`/dossiers?${qs}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
    page.count.textContent = 'Không tải được danh sách hồ sơ. Vui lòng thử lại.';
    return;
  }
  const cards = await Promise.all(r.items.map((d) => card(page, d)));
  if (reset) page.list.replaceChildren();
  page.list.append(...cards);
  // What asks something of me comes first (the order stays newest first within each group).
  const all = [...page.list.children];
  page.list.replaceChildren(...all.filter((li) => li.classList.contains('card--asked')), ...all.filter((li) => !li.classList.contains('card--asked')));
  page.cursor = r.next_cursor;
  page.more.hidden = !page.cursor;
  const n = page.list.children.length;
  page.count.textContent = n ? `${n}${page.cursor ? '+' : ''} hồ sơ` : 'Bạn chưa có hồ sơ nào.';
}

// One form open at a time (their fields have fixed ids).
function use(page, box) {
  if (page.openBox && page.openBox !== box) page.openBox.replaceChildren();
  page.openBox = box;
}

function unitName(page, code) {
  if (!code) return '';
  if (!page.unitNames[code]) page.unitNames[code] = get(`/units/${encodeURIComponent(code)}`, { auth: false }).then((u) => u.name).catch(() => code);
  return page.unitNames[code];
}

function say(page, kind, text) {
  mount(page.notice, h('div', { class: kind === 'error' ? 'notice notice--error' : 'notice', role: kind === 'error' ? 'alert' : 'status' }, text));
  page.notice.focus();
}

/**
 * The actions the server allows me on a dossier now. The list does not carry them: an open
 * dossier is asked for them (GET /dossiers/{code}); a closed one takes no action.
 */
async function allowedActions(d) {
  if (Array.isArray(d.allowed_actions)) return d.allowed_actions;
  if (!OPEN.has(d.status)) return [];
  const full = await get(`/dossiers/${encodeURIComponent(d.code)}`).catch(() => null);
  return (full && full.allowed_actions) || [];
}

/** A dossier's card: its facts, what is asked of me, the rating, my actions and its links. */
async function card(page, d) {
  const asked = ASKED[d.status];
  const box = h('div', { class: 'card__forms' });
  const [returnName, request, allowed] = await Promise.all([
    unitName(page, d.return_unit),
    asked && d.status !== 'ready_for_return' ? lastRequest(d.code) : null,
    allowedActions(d),
  ]);
  const buttons = cardButtons(page, d, allowed, box);
  // Stopping is rare and cannot be undone: a link among the card's links, not a big button.
  const stop = allowed.includes('stop')
    ? h('button', { type: 'button', class: 'link-button', dataset: { action: 'stop' }, onclick: () => stopForm(page, d, box) }, 'Xin dừng giải quyết')
    : null;
  const links = [
    h('a', { href: `#/ho-so-cua-toi/${encodeURIComponent(d.code)}` }, 'Chi tiết hồ sơ'),
    h('a', { href: `/track/${encodeURIComponent(d.code)}?s=${encodeURIComponent(d.tracking_secret || '')}` }, 'Theo dõi hồ sơ'),
    d.received_at ? pdfLink(`/dossiers/${encodeURIComponent(d.code)}/forms/01.pdf`, 'Giấy tiếp nhận (Mẫu 01)') : null,
  ].filter(Boolean);
  for (const a of links) a.className = '';
  if (stop) links.push(stop);
  return h('li', { class: `card${asked ? ' card--asked' : ''}`, dataset: { code: d.code, status: d.status } },
    h('h2', null, d.procedure.name),
    cardFacts(d, returnName),
    asked ? h('p', { class: 'asked' }, 'Việc cần làm: ', asked,
      d.status === 'ready_for_return' && d.return_channel === 'counter' ? ` tại ${returnName}` : '') : null,
    request ? h('p', { class: 'request' }, request) : null,
    d.status === 'returned' ? ratingBox(page, d) : null,
    buttons.length ? h('div', { class: 'button-group' }, buttons) : null,
    box,
    h('p', { class: 'card__links' }, links.map((a, i) => [i ? ' · ' : '', a])));
}

function cardFacts(d, returnName) {
  const due = effectiveDue(d);
  return h('dl', { class: 'summary-list' },
    dt('Mã hồ sơ', d.code),
    dt('Trạng thái', statusTag(d.status), ...marks(d).map((m) => [' ', h('span', { class: `tag tag--${m.key}` }, m.text)])),
    dt('Ngày nộp', date(d.submitted_at || d.received_at)),
    dt('Hạn giải quyết', due ? date(due) : (d.status === 'submitted' ? 'Tính từ khi được tiếp nhận' : 'Chưa có')),
    d.decision ? dt('Kết quả', DECISION[d.decision] || d.decision, d.decided_at ? ` ngày ${date(d.decided_at)}` : '') : null,
    d.status === 'ready_for_return' || d.status === 'returned'
      ? dt('Nhận kết quả', RETURN_CHANNEL[d.return_channel] || d.return_channel || '', d.return_channel === 'counter' ? ` tại ${returnName}` : '')
      : null,
    d.returned_at ? dt('Ngày trả kết quả', date(d.returned_at)) : null,
    d.closed_reason ? dt('Lý do', d.closed_reason) : null);
}

/** "Bổ sung hồ sơ" (a completion: resubmit, or a supplement) and "Dừng giải quyết", when allowed. */
function cardButtons(page, d, allowed, box) {
  const buttons = [];
  const send = ['resubmit', 'supplement'].find((a) => allowed.includes(a));
  if (send) {
    buttons.push(h('button', { type: 'button', class: 'button', dataset: { action: 'supplement' }, onclick: () => supplementForm(page, d, box, send) }, 'Bổ sung hồ sơ'));
  }
  return buttons;
}

/** What the agency last asked for (a completion or a supplement request): when, which papers, why. */
async function lastRequest(code) {
  const hist = await get(`/dossiers/${encodeURIComponent(code)}/history`).catch(() => ({ items: [] }));
  const ev = [...hist.items].reverse().find((e) => e.action === 'request-completion' || e.action === 'request-supplement');
  if (!ev || !ev.detail) return null;
  const items = Array.isArray(ev.detail.items) ? ev.detail.items.join('; ') : '';
  return [`Cơ quan yêu cầu (${dateTime(ev.at)}): `, items, ev.detail.reason ? `${items ? '. ' : ''}Lý do: ${ev.detail.reason}` : ''];
}

async function replaceCard(page, old, nd) {
  const li = page.list.querySelector(`li[data-code="${CSS.escape(old.code)}"]`);
  const fresh = await card(page, nd);
  if (li) li.replaceWith(fresh); else page.list.prepend(fresh);
}

/** The rating of a returned dossier: given once (then shown), with an optional comment. */
function ratingBox(page, d) {
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
    form.replaceWith(ratingBox(page, d));
    say(page, 'ok', `Cảm ơn bạn đã đánh giá hồ sơ ${d.code}.`);
  });
  return form;
}

/** "Dừng giải quyết" with a reason (POST stop). */
function stopForm(page, d, box) {
  use(page, box);
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
      await replaceCard(page, d, nd);
      say(page, 'ok', `Đã dừng giải quyết hồ sơ ${d.code}. Trạng thái: ${STATUS[nd.status] || nd.status}.`);
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

/** A file per component of the procedure, uploaded as it is chosen: its status and its document. */
function supplementField(owner, c, docs) {
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
}

/** "Bổ sung hồ sơ": the papers asked for, then the action (resubmit a completion, or supplement). */
async function supplementForm(page, d, box, action) {
  use(page, box);
  const p = await get(`/procedures/${encodeURIComponent(d.procedure.code)}`, { auth: false });
  const docs = {};
  const summary = errorSummary();
  const parts = p.components.map((c) => supplementField(page.owner, c, docs));
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
      await replaceCard(page, d, nd);
      say(page, 'ok', `Đã gửi giấy tờ bổ sung cho hồ sơ ${d.code}. Trạng thái: ${STATUS[nd.status] || nd.status}.`);
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

/** Document id → the names of the papers it was handed in as, over my dossiers (first 100). */
async function paperNames() {
  const out = new Map();
  const list = await get('/dossiers?limit=100').catch(() => ({ items: [] }));
  // The list is light (no components): each dossier is read whole (a citizen has few).
  const r = { items: (await Promise.all(list.items.map((d) => (d.components ? d : get(`/dossiers/${encodeURIComponent(d.code)}`).catch(() => null))))).filter(Boolean) };
  const procs = {};
  for (const d of r.items) {
    const key = `${d.procedure.code}@${d.procedure.version}`;
    procs[key] ||= get(`/procedures/${encodeURIComponent(d.procedure.code)}?version=${d.procedure.version}`, { auth: false }).catch(() => null);
  }
  for (const d of r.items) {
    const p = await procs[`${d.procedure.code}@${d.procedure.version}`];
    const names = Object.fromEntries(((p && p.components) || []).map((c) => [c.id, c.name]));
    for (const c of d.components || []) {
      if (!c.document) continue;
      const name = names[c.id] || c.id;
      out.set(c.document, [...(out.get(c.document) || []), shortName(name)]);
    }
  }
  return out;
}

/**
 * My documents: what I uploaded and the electronic results I received, each viewable in the page
 * (GET /applicants/{my ID number}/documents). → {el, load()}.
 */
function documentsSection(owner) {
  const list = h('ul', { class: 'documents', id: 'my-documents' });
  const status = h('p', { class: 'muted', id: 'my-documents-status' });
  async function load() {
    try {
      const [r, named] = await Promise.all([get(`/applicants/${encodeURIComponent(owner)}/documents?limit=100`), paperNames()]);
      // The same file uploaded again (same bytes) is one entry; named by the papers it was used as.
      const groups = new Map();
      for (const doc of r.items) {
        const g = groups.get(doc.sha256) || { doc, ids: [] };
        g.ids.push(doc.id);
        groups.set(doc.sha256, g);
      }
      mount(list, [...groups.values()].map(({ doc, ids }) => {
        const uses = [...new Set(ids.flatMap((id) => named.get(id) || []))].sort((a, b) => a.localeCompare(b, 'vi')); // stable whatever the upload order
        const title = uses.length ? uses.join('; ') : doc.filename;
        const v = viewer({ id: doc.id, document: doc.id }, title);
        return h('li', { dataset: { document: doc.id, sha256: doc.sha256 } }, h('span', { class: 'documents__name' }, title), ' ',
          h('span', { class: 'muted' }, `${uses.length ? `${doc.filename} · ` : ''}${date(doc.created_at)} · ${Math.max(1, Math.round(doc.size / 1024)).toLocaleString('vi-VN')} KB`), ' ', v.button, v.box);
      }));
      status.textContent = r.items.length ? '' : 'Bạn chưa có giấy tờ điện tử nào.';
    } catch {
      status.textContent = 'Không tải được danh sách giấy tờ.';
    }
  }
  return {
    el: h('section', { 'aria-labelledby': 'docs-title' }, h('h2', { id: 'docs-title' }, 'Giấy tờ và kết quả điện tử của tôi'),
      h('p', { class: 'hint' }, 'Giấy tờ đã tải lên có thể dùng lại khi nộp hồ sơ mới.'), status, list),
    load,
  };
}
