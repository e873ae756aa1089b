// Dossier page for staff (and the applicant): details, components, steps with their dates and
// timeliness, history, and buttons only for the actions the user's roles allow in this status.
// Each action is POST /api/v1/dossiers/{code}/{action} with If-Match: version.
import { h, mount, setTitle } from '../dom.js';
import { get, post, session, unit, unitChain, upload, ApiError, blobHref } from '../api.js';
import { pdfLink } from './intake.js';
import { field, errorSummary } from '../forms.js';
import {
  ACTION, CHANNEL, DECISION, RETURN_CHANNEL, STEP_ROLE, TIMELINESS, ORIGINAL, SUBMIT,
  STATUS, dateTime, duration,
} from '../format.js';
import { requireLogin, statusTag, markTags, myWork } from './inbox.js';

const row = (term, ...desc) => h('div', null, h('dt', null, term), h('dd', null, ...desc));

// What each action needs: who (role and the dossier's unit it must cover), from which statuses,
// its key, and the fields of its body.
const ACTIONS = [
  { name: 'receive', label: 'Tiếp nhận', key: 'n', role: 'receiver', unit: 'receiving_unit', from: ['submitted'] },
  { name: 'transfer', label: 'Chuyển xử lý', key: 'c', role: 'receiver', unit: 'receiving_unit', from: ['received'] },
  { name: 'complete-step', label: 'Hoàn thành bước', key: 'h', step: 'notLast', from: ['processing'],
    fields: [{ id: 'note', label: 'Ghi chú (không bắt buộc)', multiline: true }] },
  { name: 'decide', label: 'Quyết định', key: 'q', step: 'last', from: ['processing'],
    fields: [{ id: 'outcome', radios: { approved: 'Có kết quả (phê duyệt)', denied: 'Từ chối giải quyết' }, label: 'Kết quả giải quyết' },
      { id: 'result.number', label: 'Số văn bản kết quả' }, { id: 'result.title', label: 'Trích yếu kết quả' },
      { id: 'result.document', label: 'Văn bản kết quả điện tử (không bắt buộc)', type: 'file', hint: 'PDF, JPEG hoặc PNG; người nộp nhận được bản điện tử' },
      { id: 'reason', label: 'Lý do (bắt buộc khi từ chối)', multiline: true }] },
  { name: 'request-supplement', label: 'Yêu cầu bổ sung', key: 'b', step: 'any', from: ['processing'],
    fields: [{ id: 'items', label: 'Giấy tờ cần bổ sung', hint: 'Mỗi dòng một giấy tờ', multiline: true, lines: true },
      { id: 'reason', label: 'Lý do', multiline: true }] },
  { name: 'supplement', label: 'Nhận hồ sơ bổ sung', key: 's', from: ['awaiting_supplement'], components: true },
  { name: 'extend', label: 'Xin lỗi và gia hạn', key: 'g', role: 'approver', unit: 'resolver_unit', from: ['processing', 'awaiting_supplement'],
    when: (d) => !d.extended,
    fields: [{ id: 'new_due_at', label: 'Hạn mới', type: 'date', hint: 'Hạn mới là 17:00 của ngày này' }, { id: 'reason', label: 'Lý do', multiline: true }] },
  { name: 'return', label: 'Trả kết quả', key: 't', role: 'receiver', unit: 'return_unit', from: ['ready_for_return'] },
  { name: 'request-completion', label: 'Yêu cầu bổ sung, hoàn thiện', key: 'b', role: 'receiver', unit: 'receiving_unit', from: ['submitted'],
    fields: [{ id: 'items', label: 'Giấy tờ cần bổ sung, hoàn thiện', hint: 'Mỗi dòng một giấy tờ', multiline: true, lines: true },
      { id: 'reason', label: 'Lý do', multiline: true }] },
  { name: 'refuse', label: 'Từ chối tiếp nhận', key: 'x', role: 'receiver', unit: 'receiving_unit', from: ['submitted', 'needs_completion'], danger: true,
    fields: [{ id: 'reason', label: 'Lý do từ chối', multiline: true }] },
  { name: 'stop', label: 'Dừng giải quyết', key: 'd', role: 'receiver', unit: 'receiving_unit', danger: true,
    from: ['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement'],
    fields: [{ id: 'reason', label: 'Lý do dừng (theo đề nghị của người nộp)', multiline: true }] },
];

async function covers(user, role, unitCode) {
  if (!unitCode) return false;
  const mine = user.roles.filter((r) => r.role === role).map((r) => r.unit);
  if (!mine.length) return false;
  const chain = await unitChain(unitCode);
  return mine.some((u) => chain.includes(u));
}

/** The actions this user may do on the dossier now (the server still decides: 403/409). */
export async function allowedActions(user, d) {
  // The server's own list when it sends one (it decides anyway: 403/409).
  if (Array.isArray(d.allowed_actions)) return ACTIONS.filter((a) => d.allowed_actions.includes(a.name));
  const out = [];
  const step = d.current_step;
  const last = step && d.steps && step.index === d.steps.length;
  for (const a of ACTIONS) {
    if (!a.from.includes(d.status) || (a.when && !a.when(d))) continue;
    let ok;
    if (a.step) {
      ok = step && (a.step === 'any' || (a.step === 'last') === Boolean(last)) && await covers(user, step.role, step.unit);
    } else {
      ok = await covers(user, a.role, d[a.unit]);
    }
    if (ok) out.push(a);
  }
  return out;
}

function bodyOf(action, values) {
  const b = {};
  if (action.components) {
    b.components = Object.entries(values).filter(([id, v]) => id.startsWith('comp.') && v)
      .map(([id, v]) => (v === true ? { id: id.slice(5), provided: true } : { id: id.slice(5), provided: true, document: v }));
    return b;
  }
  for (const f of action.fields || []) {
    const v = values[f.id];
    if (v === '' || v === undefined) continue;
    if (f.id.startsWith('result.')) { b.result = b.result || {}; b.result[f.id.slice(7)] = v; }
    else if (f.lines) b[f.id] = v.split('\n').map((x) => x.trim()).filter(Boolean);
    else if (f.type === 'date') b[f.id] = `${v}T17:00:00+07:00`;
    else b[f.id] = v;
  }
  return b;
}

// The official forms of a dossier and when each applies (as the server decides: 404 otherwise).
const FORMS = [
  ['01', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', (d) => Boolean(d.received_at) || d.status === 'submitted'],
  ['02', 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', (d, hist) => (d.supplement_requests || []).length > 0
    || hist.some((ev) => ev.action === 'request-completion' || ev.action === 'request-supplement')],
  ['03', 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', (d) => d.status === 'refused'],
  ['04', 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết', (d) => Boolean(d.extended)],
  ['05', 'Thông báo dừng giải quyết hồ sơ', (d) => d.status === 'stopped'],
  ['06', 'Phiếu kiểm soát quá trình giải quyết hồ sơ', (d) => Boolean(d.steps && d.steps[0] && d.steps[0].started_at)],
];

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

/** A component's document shown in the page: an image, or a PDF in a frame; loaded on demand. */
export function viewer(c, label) {
  const box = h('div', { class: 'doc-viewer', id: `doc-${c.id}`, hidden: true });
  let loaded = false;
  const button = h('button', { type: 'button', class: 'link-button no-print', 'aria-expanded': 'false', 'aria-controls': box.id,
    onclick: async () => {
      const open = box.hidden;
      box.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? 'Ẩn bản điện tử' : 'Xem bản điện tử';
      if (!open || loaded) return;
      loaded = true;
      mount(box, h('p', { class: 'muted' }, 'Đang tải…'));
      try {
        const f = await blobHref(`/documents/${encodeURIComponent(c.document)}`);
        mount(box, f.type.startsWith('image/')
          ? h('img', { src: f.href, alt: `Bản điện tử: ${label}`, class: 'doc-viewer__image' })
          : h('iframe', { src: f.href, title: `Bản điện tử: ${label}`, class: 'doc-viewer__frame' }),
        h('p', null, h('a', { href: f.href, download: `${c.id}${f.type === 'application/pdf' ? '.pdf' : ''}` }, 'Tải về')));
        box.dataset.type = f.type;
      } catch (e) {
        loaded = false;
        mount(box, h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được bản điện tử.'));
      }
    } }, 'Xem bản điện tử');
  return { button, box };
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
  const notice = h('div', { tabindex: '-1', class: 'no-print' });
  const body = h('div');
  let keyActions = [];
  let currentProc = null;

  function onKey(e) {
    if (!body.isConnected) { document.removeEventListener('keydown', onKey); return; }
    const t = e.target;
    if (e.altKey || e.ctrlKey || e.metaKey || t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    // Escape first closes an open action form (what was typed there is dropped on purpose).
    const open = body.querySelector('form.action-form');
    if (e.key === 'Escape' && open) { e.preventDefault(); open.remove(); return; }
    if (e.key === 'u' || e.key === 'Escape') { e.preventDefault(); location.hash = '#/ho-so'; return; }
    const btn = keyActions.find((b) => b.dataset.key === e.key);
    if (btn) { e.preventDefault(); btn.focus(); btn.click(); }
  }
  document.addEventListener('keydown', onKey);

  function showNotice(kind, text) {
    mount(notice, h('div', { class: kind === 'error' ? 'notice notice--error' : 'notice', role: kind === 'error' ? 'alert' : 'status' }, text));
    notice.focus();
  }

  async function run(action, values, form) {
    try {
      d = await post(`${path}/${action.name}`, bodyOf(action, values), { ifMatch: d.version });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 422 && form) { form.showErrors(e); return; }
      if (e.status === 409 || e.status === 403) d = await get(path).catch(() => d);
      await draw();
      showNotice('error', `Không thực hiện được “${action.label}”: ${e.messageVi}.`);
      return;
    }
    await draw();
    showNotice('ok', `Đã thực hiện “${action.label}”. Trạng thái hồ sơ: ${STATUS[d.status] || d.status}.`);
    // The next task one keystroke away: the soonest due dossier still at one of my steps.
    if (s.user.roles.some((r) => r.role === 'processor' || r.role === 'approver')) {
      const work = await myWork(s.user).catch(() => null);
      const next = work && work.items.find((x) => x.code !== d.code);
      if (next && notice.firstChild) {
        const a = h('a', { href: `#/ho-so/${encodeURIComponent(next.code)}`, id: 'next-task' }, `Mở hồ sơ tiếp theo: ${next.code}`);
        notice.firstChild.append(' ', a);
        a.focus();
      }
    }
  }

  function actionForm(action, box) {
    const summary = errorSummary();
    const inputs = {};
    const parts = (action.fields || []).map((f) => {
      if (f.radios) {
        const fs = h('fieldset', { class: 'radios', id: f.id }, h('legend', null, f.label),
          Object.entries(f.radios).map(([v, l], i) => h('label', null,
            h('input', { type: 'radio', name: `${action.name}-${f.id}`, value: v, checked: i === 0 }), ' ', l)));
        inputs[f.id] = { get value() { return fs.querySelector('input:checked')?.value; }, setError() {} };
        return fs;
      }
      const fl = field({ id: `${action.name}-${f.id}`, label: f.label, hint: f.hint, type: f.type, multiline: f.multiline });
      if (f.type === 'file') {
        fl.input.setAttribute('accept', 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png');
        inputs[f.id] = { get value() { return fl.input.files[0] || ''; }, setError: fl.setError, id: `${action.name}-${f.id}` };
      } else {
        inputs[f.id] = { get value() { return fl.input.value.trim(); }, setError: fl.setError, id: `${action.name}-${f.id}` };
      }
      return fl.el;
    });
    if (action.components) {
      // What the applicant hands in: a paper shown (ticked) or a file per component.
      for (const c of (currentProc && currentProc.components) || []) {
        const id = `${action.name}-comp-${c.id}`;
        const tick = h('input', { type: 'checkbox', class: 'choice__input', id: `${id}-given` });
        const fl = field({ id, label: `Bản điện tử (không bắt buộc): ${c.name.slice(0, 90)}${c.name.length > 90 ? '…' : ''}`, type: 'file' });
        fl.input.setAttribute('accept', 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png');
        fl.input.addEventListener('change', () => { if (fl.input.files[0]) tick.checked = true; });
        inputs[`comp.${c.id}`] = { get value() { return fl.input.files[0] || tick.checked; }, setError: fl.setError, id: `${id}-given` };
        parts.push(h('div', { class: 'supplement-item' },
          h('div', { class: 'choice' }, tick, h('label', { class: 'choice__label', for: tick.id }, c.name)), fl.el));
      }
    }
    const submit = h('button', { type: 'submit', class: action.danger ? 'button button--warning' : 'button' }, `Xác nhận: ${action.label}`);
    const form = h('form', { class: 'action-form', novalidate: true, 'aria-label': action.label },
      summary.el, h('h3', null, action.label), parts,
      h('div', { class: 'button-group' }, submit,
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => { box.replaceChildren(); } }, 'Hủy')));
    const api = {
      showErrors(e) {
        const errs = [];
        for (const [id, inp] of Object.entries(inputs)) {
          const fe = e.fieldErrors.find((x) => x.field === id || x.field.startsWith(`${id}.`) || x.field.startsWith(`${id}[`));
          inp.setError(fe ? (fe.message_vi || fe.message) : null);
          if (fe) errs.push({ id: inp.id, message: fe.message_vi || fe.message });
        }
        if (!errs.length) errs.push({ message: e.messageVi });
        summary.show(errs);
      },
    };
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      const values = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]));
      try {
        // Files become documents of the applicant before the action names them.
        for (const [k, v] of Object.entries(values)) {
          if (!(v instanceof File)) continue;
          try {
            values[k] = (await upload(v, d.applicant.id_number)).id;
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            inputs[k].setError(e.messageVi);
            summary.show([{ id: inputs[k].id, message: `${v.name}: ${e.messageVi}` }]);
            return;
          }
        }
        if (action.components && !Object.keys(values).some((k) => k.startsWith('comp.') && values[k])) {
          summary.show([{ message: 'Chọn ít nhất một giấy tờ người nộp đã bổ sung' }]);
          return;
        }
        await run(action, values, api);
      } finally { submit.disabled = false; }
    });
    mount(box, form);
    (form.querySelector('input, textarea') || submit).focus();
  }

  async function draw() {
    const [actions, proc, history, names] = await Promise.all([
      allowedActions(s.user, d),
      get(`/procedures/${encodeURIComponent(d.procedure.code)}`, { auth: false }).catch(() => null),
      get(`${path}/history`).catch(() => ({ items: [] })),
      unitNames(d),
    ]);
    await Promise.all(history.items.filter((ev) => ev.unit && !names[ev.unit]).map(async (ev) => {
      const u = await unit(ev.unit).catch(() => null);
      names[ev.unit] = u ? u.name : ev.unit;
    }));
    const name = (c) => (c ? (names[c] || c) : 'Chưa có');
    currentProc = proc;
    const compById = Object.fromEntries(((proc && proc.components) || []).map((c) => [c.id, c]));
    const due = d.extended ? d.extended.new_due_at : d.due_at;
    const trail = trailRows(d, name);
    const forms = FORMS.filter(([, , applies]) => applies(d, history.items));

    const formBox = h('div');
    keyActions = actions.map((a) => h('button', {
      type: 'button', class: a.danger ? 'button button--warning' : 'button', dataset: { key: a.key, action: a.name },
      'aria-keyshortcuts': a.key,
      onclick: () => (a.fields || a.components ? actionForm(a, formBox) : run(a, {})),
    }, a.label, ' ', h('kbd', { 'aria-hidden': 'true' }, a.key)));
    const actionsBox = actions.length
      ? h('section', { class: 'actions', 'aria-labelledby': 'actions-title' },
        h('h2', { id: 'actions-title' }, 'Thao tác'),
        h('div', { class: 'button-group' }, keyActions), formBox)
      : null;

    const app = d.applicant || {};
    const stepRows = (d.steps || []).map((st) => {
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
        h('td', null, progress));
    });
    const histRows = history.items.map((ev) => h('tr', null,
      h('td', { class: 'nowrap' }, dateTime(ev.at)),
      h('td', null, ACTION[ev.action] || ev.action),
      h('td', null, ev.actor_name || ev.actor || ''),
      h('td', null, name(ev.unit)),
      h('td', null, ev.from_status ? `${STATUS[ev.from_status] || ev.from_status} → ` : '', STATUS[ev.to_status] || ev.to_status || '')));

    mount(body,
      h('p', { class: 'tags' }, h('span', { class: 'visually-hidden' }, 'Trạng thái: '), statusTag(d.status), ' ', markTags(d)),
      actionsBox,
      h('h2', null, 'Thông tin hồ sơ'),
      h('dl', { class: 'summary-list' },
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
          h('a', { href: `/track/${encodeURIComponent(d.code)}?s=${encodeURIComponent(d.tracking_secret)}` }, 'Trang tra cứu của người nộp')) : null),
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
      d.result && d.result.document ? h('p', null, 'Kết quả điện tử: ', (() => { const v = viewer({ id: 'result', document: d.result.document }, d.result.title || 'Kết quả giải quyết'); return [v.button, v.box]; })()) : null,
      h('h2', { id: 'steps-title' }, 'Các bước xử lý'),
      h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'steps-title', tabindex: '0' },
        h('table', { class: 'table', id: 'steps' },
          h('thead', null, h('tr', null, ['Bước', 'Tên bước', 'Đơn vị', 'Vai trò', 'Thời hạn', 'Bắt đầu', 'Hạn', 'Hoàn thành', 'Tiến độ'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, stepRows))),
      trail.length ? [
        h('h2', { id: 'trail-title' }, 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06)'),
        h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'trail-title', tabindex: '0' },
          h('table', { class: 'table', id: 'trail' },
            h('thead', null, h('tr', null, ['Bên giao', 'Bên nhận', 'Thời gian giao, nhận', 'Kết quả giải quyết', 'Ghi chú'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, trail.map((t) => h('tr', null, h('td', null, t.give), h('td', null, t.take), h('td', { class: 'nowrap' }, dateTime(t.at)), h('td', null, t.result), h('td', null, t.note)))))),
      ] : null,
      forms.length ? [
        h('h2', { id: 'forms-title' }, 'Biểu mẫu'),
        h('ul', { class: 'form-links', id: 'forms', 'aria-labelledby': 'forms-title' },
          forms.map(([n, label]) => h('li', null, pdfLink(`${path}/forms/${n}.pdf`, `Mẫu ${n}: ${label} (PDF)`, `form-${n}`)))),
      ] : null,
      h('h2', { id: 'history-title' }, 'Lịch sử xử lý'),
      h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'history-title', tabindex: '0' },
        h('table', { class: 'table', id: 'history' },
          h('thead', null, h('tr', null, ['Thời gian', 'Thao tác', 'Người thực hiện', 'Đơn vị', 'Trạng thái'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, histRows))));
    body.dataset.version = String(d.version);
    body.dataset.status = d.status;
  }

  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/ho-so' }, '‹ Danh sách hồ sơ'), h('span', { class: 'keys' }, ' (phím ', h('kbd', null, 'u'), ')')),
    h('h1', null, 'Hồ sơ ', d.code),
    notice, body);
  await draw();
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}

async function unitNames(d) {
  const codes = new Set([d.receiving_unit, d.resolver_unit, d.return_unit, d.served_unit, ...(d.steps || []).map((x) => x.unit)].filter(Boolean));
  const out = {};
  await Promise.all([...codes].map(async (c) => { const u = await unit(c).catch(() => null); out[c] = u ? u.name : c; }));
  return out;
}
