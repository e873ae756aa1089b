// Dossier page for staff (and the applicant): details, components, steps with their dates and
// timeliness, history, and buttons for the actions the server allows this user now (the dossier's
// allowed_actions; actions.js has their words). Each action is POST /api/v1/dossiers/{code}/{action}
// with If-Match: version.
import { h, mount, setTitle } from '../dom.js';
import { get, post, unit, ApiError } from '../api.js';
import {
  ACTION, CHANNEL, DECISION, RETURN_CHANNEL, STEP_ROLE, TIMELINESS, ORIGINAL, SUBMIT,
  STATUS, dateTime, duration,
} from '../format.js';
import { requireLogin, hasAnyRole } from '../session.js';
import { summaryRow as row, statusTag, markTags, pdfLink, viewer, signedBadge } from '../widgets.js';
import { offeredActions, needsForm, actionForm, bodyOf } from '../actions.js';
import { myWork } from '../work.js';
import { opinionsSection } from '../opinions.js';

/**
 * The trail of Form 06: each handing over of the dossier, who gave it and who took it, when, and
 * whether the giving side was early, on time or late (the server's step timeliness).
 */
function trailRows(d, name) {
  const steps = d.steps || [];
  const rows = [];
  if (steps[0] && steps[0].started_at) {
    rows.push({ give: `${name(d.receiving_unit)} (bộ phận tiếp nhận và trả kết quả)`, take: name(steps[0].unit), at: steps[0].started_at, result: '', note: 'Chuyển xử lý' });
  }
  steps.forEach((st, i) => {
    if (!st.done_at) return;
    const next = steps[i + 1];
    rows.push({
      give: name(st.unit),
      take: next ? name(next.unit) : `${name(d.return_unit)} (trả kết quả)`,
      at: st.done_at,
      result: st.timeliness ? TIMELINESS[st.timeliness] : '',
      note: `Xong bước ${st.index}: ${st.name}`,
    });
  });
  if (d.returned_at) rows.push({ give: name(d.return_unit), take: 'Người nộp hồ sơ', at: d.returned_at, result: d.timeliness ? TIMELINESS[d.timeliness] : '', note: 'Trả kết quả' });
  return rows;
}

export async function render(main, { params, isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  const [code] = params;
  const path = `/dossiers/${encodeURIComponent(code)}`;
  let d;
  try {
    d = await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
    setTitle('Không tìm thấy hồ sơ');
    mount(main, h('h1', null, 'Không tìm thấy hồ sơ'),
      h('p', null, `Không có hồ sơ ${code}, hoặc bạn không có quyền xem. `, h('a', { href: '#/ho-so' }, 'Về danh sách hồ sơ')));
    return;
  }
  setTitle(`Hồ sơ ${d.code}`);
  // What the page's parts share: the dossier as last answered, and the buttons with a key.
  const page = { s, path, d, notice: h('div', { tabindex: '-1', class: 'no-print' }), body: h('div'), keyActions: [], proc: null };
  const onKey = listenKeys(page);
  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/ho-so' }, '‹ Danh sách hồ sơ'), h('span', { class: 'keys' }, ' (phím ', h('kbd', null, 'u'), ')')),
    h('h1', null, 'Hồ sơ ', d.code),
    page.notice, page.body);
  await draw(page);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}

/** u (or Escape) back to the list, Escape first closes an open action form, an action's key runs it. */
function listenKeys(page) {
  function onKey(e) {
    if (!page.body.isConnected) { document.removeEventListener('keydown', onKey); return; }
    const t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    // Escape first closes an open action form (what was typed there is dropped on purpose).
    const open = page.body.querySelector('form.action-form');
    if (e.key === 'Escape' && open) { e.preventDefault(); open.remove(); return; }
    if (e.key === 'u' || e.key === 'Escape') { e.preventDefault(); location.hash = '#/ho-so'; return; }
    const btn = page.keyActions.find((b) => b.dataset.key === e.key);
    if (btn) { e.preventDefault(); btn.focus(); btn.click(); }
  }
  document.addEventListener('keydown', onKey);
  return onKey;
}

function showNotice(page, kind, text) {
  mount(page.notice, h('div', { class: kind === 'error' ? 'notice notice--error' : 'notice', role: kind === 'error' ? 'alert' : 'status' }, text));
  page.notice.focus();
}

/** Runs an action (its form's values, if any), redraws the page and says how it went. */
async function run(page, action, values, form) {
  try {
    page.d = await post(`${page.path}/${action.name}`, await bodyOf(action, values), { ifMatch: page.d.version });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 422 && form) { form.showErrors(e); return; }
    if (e.status === 409 || e.status === 403) page.d = await get(page.path).catch(() => page.d);
    await draw(page);
    showNotice(page, 'error', `Không thực hiện được “${action.label}”: ${e.messageVi}.`);
    return;
  }
  await draw(page);
  showNotice(page, 'ok', `Đã thực hiện “${action.label}”. Trạng thái hồ sơ: ${STATUS[page.d.status] || page.d.status}.`);
  if (hasAnyRole(page.s, ['processor', 'approver'])) await offerNext(page);
}

/** The next task one keystroke away: the soonest due dossier still at one of my steps. */
async function offerNext(page) {
  const work = await myWork(page.s.user).catch(() => null);
  const next = work && work.items.find((x) => x.code !== page.d.code);
  if (next && page.notice.firstChild) {
    const a = h('a', { href: `#/ho-so/${encodeURIComponent(next.code)}`, id: 'next-task' }, `Mở hồ sơ tiếp theo: ${next.code}`);
    page.notice.firstChild.append(' ', a);
    a.focus();
  }
}

/** Draws the dossier as last answered (page.d) with its procedure, history and unit names. */
async function draw(page) {
  const d = page.d;
  const [proc, history, forms, notes, names] = await Promise.all([
    get(`/procedures/${encodeURIComponent(d.procedure.code)}`, { auth: false }).catch(() => null),
    get(`${page.path}/history`).catch(() => ({ items: [] })),
    get(`${page.path}/forms`).catch(() => ({ items: [] })),
    get(`${page.path}/notifications`).catch(() => ({ items: [] })),
    unitNames(d),
  ]);
  const others = new Set([...history.items.map((ev) => ev.unit), ...(d.opinions || []).map((o) => o.unit)]);
  await Promise.all([...others].filter((c) => c && !names[c]).map(async (c) => {
    const u = await unit(c).catch(() => null);
    names[c] = u ? u.name : c;
  }));
  const name = (c) => (c ? (names[c] || c) : 'Chưa có');
  page.proc = proc;
  mount(page.body,
    h('p', { class: 'tags' }, h('span', { class: 'visually-hidden' }, 'Trạng thái: '), statusTag(d.status), ' ', markTags(d)),
    actionsSection(page, offeredActions(d)),
    h('h2', null, 'Thông tin hồ sơ'),
    facts(d, name),
    componentsSection(d, proc),
    stepsSection(d, name, stepNotes(history.items)),
    opinionsSection({
      d, path: page.path, session: page.s, name,
      // The current step's people: those who may complete it or decide.
      mayAsk: d.status === 'processing' && (d.allowed_actions || []).some((a) => a === 'complete-step' || a === 'decide'),
      done: async (message) => { page.d = await get(page.path); await draw(page); showNotice(page, 'ok', message); },
    }),
    trailSection(trailRows(d, name)),
    formsSection(page.path, forms.items),
    notificationsSection(notes.items),
    historySection(history.items, name));
  page.body.dataset.version = String(d.version);
  page.body.dataset.status = d.status;
}

/** "Thao tác": a button (with its key) per offered action; an action with a body opens its form. */
function actionsSection(page, actions) {
  const formBox = h('div');
  const open = (a) => actionForm(a, formBox, {
    components: (page.proc && page.proc.components) || [],
    owner: page.d.applicant.id_number,
    send: (values, form) => run(page, a, values, form),
  });
  page.keyActions = actions.map((a) => h('button', {
    type: 'button', class: a.danger ? 'button button--warning' : 'button', dataset: { key: a.key, action: a.name },
    'aria-keyshortcuts': a.key,
    onclick: () => (needsForm(a) ? open(a) : run(page, a, {})),
  }, a.label, ' ', h('kbd', { 'aria-hidden': 'true' }, a.key)));
  if (!actions.length) return null;
  return h('section', { class: 'actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, 'Thao tác'),
    h('div', { class: 'button-group' }, page.keyActions), formBox);
}

/** "Thông tin hồ sơ": the applicant, where and when, the due time, the decision. */
function facts(d, name) {
  const app = d.applicant || {};
  const due = d.extended ? d.extended.new_due_at : d.due_at;
  return h('dl', { class: 'summary-list' },
    row('Thủ tục', h('a', { href: `#/thu-tuc/${encodeURIComponent(d.procedure.code)}` }, d.procedure.name), ` (mã ${d.procedure.code})`),
    row('Người nộp', app.name || ''),
    row(app.kind === 'organization' ? 'Mã số thuế' : 'Số định danh cá nhân', app.id_number || ''),
    app.phone ? row('Điện thoại', app.phone) : null,
    app.address ? row('Địa chỉ', app.address) : null,
    row('Kênh nộp', CHANNEL[d.channel] || d.channel),
    row('Nơi tiếp nhận', name(d.receiving_unit)),
    row('Cơ quan giải quyết', name(d.resolver_unit)),
    row('Nơi trả kết quả', name(d.return_unit), d.return_channel ? ` (${RETURN_CHANNEL[d.return_channel] || d.return_channel})` : ''),
    d.channel === 'online' && d.submitted_at ? row('Ngày nộp trực tuyến', dateTime(d.submitted_at)) : null,
    row('Ngày tiếp nhận', d.received_at ? dateTime(d.received_at) : 'Chưa tiếp nhận'),
    row('Thời hạn giải quyết', duration(d.duration)),
    row('Hạn giải quyết', due ? dateTime(due) : 'Chưa có', d.extended ? ` (đã gia hạn; hạn ban đầu ${dateTime(d.due_at)})` : ''),
    d.extended ? row('Lý do gia hạn', d.extended.reason || '') : null,
    d.paused ? row('Tạm dừng từ', dateTime(d.paused.since), ' (chờ bổ sung; không tính vào thời hạn)') : null,
    d.current_step ? row('Bước hiện tại', `${d.current_step.index}. ${d.current_step.name}`, ` — hạn ${dateTime(d.current_step.due_at)}`) : null,
    d.decision ? row('Kết quả giải quyết', DECISION[d.decision] || d.decision, d.decided_at ? ` ngày ${dateTime(d.decided_at)}` : '',
      d.result && d.result.number ? `, văn bản số ${d.result.number}` : '') : null,
    d.decision_reason ? row('Lý do', d.decision_reason) : null,
    d.timeliness ? row('Tiến độ', TIMELINESS[d.timeliness]) : null,
    d.returned_at ? row('Ngày trả kết quả', dateTime(d.returned_at)) : null,
    d.closed_reason ? row('Lý do', d.closed_reason) : null,
    d.tracking_secret ? row('Mã tra cứu', d.tracking_secret, ' · ',
      h('a', { href: `/track/${encodeURIComponent(d.code)}?s=${encodeURIComponent(d.tracking_secret)}` }, 'Trang tra cứu của người nộp')) : null);
}

/** "Thành phần hồ sơ": each component with its tags and its document; the electronic result. */
function componentsSection(d, proc) {
  const compById = Object.fromEntries(((proc && proc.components) || []).map((c) => [c.id, c]));
  const result = d.result && d.result.document ? viewer({ id: 'result', document: d.result.document }, d.result.title || 'Kết quả giải quyết') : null;
  return [
    h('h2', { id: 'comp-title' }, 'Thành phần hồ sơ'),
    h('ul', { class: 'components', 'aria-labelledby': 'comp-title' }, (d.components || []).map((c) => {
      const pc = compById[c.id] || {};
      const v = c.document ? viewer(c, pc.name || c.id) : null;
      return h('li', { 'data-component': c.id }, pc.name || c.id, h('span', { class: 'tags' },
        h('span', { class: `tag ${c.provided ? 'tag--open' : 'tag--closed'}` }, c.provided ? 'Đã nộp' : 'Không nộp'),
        pc.submit_or_present ? h('span', { class: 'tag' }, SUBMIT[pc.submit_or_present]) : null,
        pc.original_or_copy ? h('span', { class: 'tag' }, ORIGINAL[pc.original_or_copy]) : null,
        c.document ? h('span', { class: 'tag' }, 'Có bản điện tử') : null),
      v ? [' ', v.button, v.box] : null);
    })),
    result ? h('p', null, 'Kết quả điện tử: ', [result.button, signedBadge(d.result.signature), result.box]) : null,
  ];
}

/** A table in a scrollable, labelled region: id, title (its h2), column heads, body rows. */
function tableSection(id, title, heads, rows) {
  return [
    h('h2', { id: `${id}-title` }, title),
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': `${id}-title`, tabindex: '0' },
      h('table', { class: 'table', id },
        h('thead', null, h('tr', null, heads.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows))),
  ];
}

/**
 * The notes left on "Hoàn thành bước", by the step they closed: the history's complete-step events
 * carry the note and the step that became current (detail.step), so the closed one is step - 1.
 */
function stepNotes(events) {
  const out = {};
  for (const ev of events) {
    const det = ev.detail || {};
    if (ev.action !== 'complete-step' || !det.note || !det.step) continue;
    (out[det.step - 1] ||= []).push({ note: det.note, by: ev.actor_name || ev.actor || '', at: ev.at });
  }
  return out;
}

/** "Các bước xử lý": each step with its unit, dates, progress and the note its officer left. */
function stepsSection(d, name, notes = {}) {
  const rows = (d.steps || []).map((st) => {
    const current = d.current_step && d.current_step.index === st.index && !st.done_at;
    let progress = st.timeliness ? TIMELINESS[st.timeliness] : current ? 'Đang xử lý' : st.started_at ? '' : 'Chưa đến bước này';
    if (current && d.paused) progress = 'Tạm dừng, chờ bổ sung';
    return h('tr', current ? { 'aria-current': 'step' } : null,
      h('td', null, String(st.index)),
      h('td', null, st.name),
      h('td', null, name(st.unit)),
      h('td', null, STEP_ROLE[st.role] || st.role),
      h('td', null, duration(st.duration)),
      h('td', { class: 'nowrap' }, dateTime(st.started_at)),
      h('td', { class: 'nowrap' }, dateTime(st.due_at)),
      h('td', { class: 'nowrap' }, dateTime(st.done_at)),
      h('td', null, progress),
      h('td', { class: 'step-note' }, (notes[st.index] || []).map((n) => h('p', null, n.note, h('br'), h('small', null, `${n.by}, ${dateTime(n.at)}`)))));
  });
  return tableSection('steps', 'Các bước xử lý', ['Bước', 'Tên bước', 'Đơn vị', 'Vai trò', 'Thời hạn', 'Bắt đầu', 'Hạn', 'Hoàn thành', 'Tiến độ', 'Ghi chú'], rows);
}

/** The Form 06 trail, when the dossier has been handed over at least once. */
function trailSection(trail) {
  if (!trail.length) return null;
  return tableSection('trail', 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)',
    ['Bên giao', 'Bên nhận', 'Thời gian giao, nhận', 'Kết quả giải quyết', 'Ghi chú'],
    trail.map((t) => h('tr', null, h('td', null, t.give), h('td', null, t.take), h('td', { class: 'nowrap' }, dateTime(t.at)), h('td', null, t.result), h('td', null, t.note))));
}

/** "Biểu mẫu": a PDF link per form the dossier has (the server lists them: GET …/forms). */
function formsSection(path, forms) {
  if (!forms.length) return null;
  return [
    h('h2', { id: 'forms-title' }, 'Biểu mẫu'),
    h('ul', { class: 'form-links', id: 'forms', 'aria-labelledby': 'forms-title' },
      forms.map((f) => h('li', null, pdfLink(`${path}/forms/${f.form}.pdf`, `Mẫu ${f.form}: ${f.title} (PDF)`, `form-${f.form}`)))),
  ];
}

const NOTE_EVENT = {
  received: 'Tiếp nhận', completion: 'Yêu cầu hoàn thiện', supplement: 'Yêu cầu bổ sung',
  extended: 'Gia hạn (Mẫu 04)', ready: 'Có kết quả', returned: 'Đã trả kết quả', refused: 'Từ chối tiếp nhận',
};
const NOTE_STATE = {
  pending: 'Đang chờ gửi', sent: 'Đã gửi', dead: 'Gửi không thành công', skipped: 'Chưa cấu hình kênh gửi',
};

/** "Thông báo đã gửi": each e-mail and SMS to the applicant, with its delivery state
 * (GET …/notifications; recipients come masked). Nothing when there is none. */
function notificationsSection(items) {
  if (!items.length) return null;
  return tableSection('notifications', 'Thông báo đã gửi', ['Tạo lúc', 'Kênh', 'Người nhận', 'Nội dung', 'Trạng thái', 'Số lần gửi', 'Gửi lúc'],
    items.map((n) => h('tr', null,
      h('td', { class: 'nowrap' }, dateTime(n.created_at)),
      h('td', null, n.channel === 'sms' ? 'SMS' : 'Thư điện tử'),
      h('td', null, n.recipient),
      h('td', null, NOTE_EVENT[n.event] || n.event, n.attachment ? ' (kèm tệp PDF)' : ''),
      h('td', null, NOTE_STATE[n.state] || n.state, n.last_error && n.state !== 'skipped' ? ` — ${n.last_error}` : ''),
      h('td', null, String(n.attempts)),
      h('td', { class: 'nowrap' }, dateTime(n.sent_at)))));
}

/** "Lịch sử xử lý": every event, oldest first. */
function historySection(items, name) {
  return tableSection('history', 'Lịch sử xử lý', ['Thời gian', 'Thao tác', 'Người thực hiện', 'Đơn vị', 'Trạng thái'],
    items.map((ev) => h('tr', null,
      h('td', { class: 'nowrap' }, dateTime(ev.at)),
      h('td', null, ACTION[ev.action] || ev.action),
      h('td', null, ev.actor_name || ev.actor || ''),
      h('td', null, name(ev.unit)),
      h('td', null, ev.from_status ? `${STATUS[ev.from_status] || ev.from_status} → ` : '', STATUS[ev.to_status] || ev.to_status || ''))));
}

async function unitNames(d) {
  const codes = new Set([d.receiving_unit, d.resolver_unit, d.return_unit, d.served_unit, ...(d.steps || []).map((x) => x.unit)].filter(Boolean));
  const out = {};
  await Promise.all([...codes].map(async (c) => { const u = await unit(c).catch(() => null); out[c] = u ? u.name : c; }));
  return out;
}
