// Reorganization (screen 12): an administrator creates a decision moving service points under the
// Center (or a branch); the decision's page lists its handovers (items confirmed/total, status,
// overdue); a handover's page has its items with bulk confirm, per-item status and note, the
// signatures the user may give (the server's 409 shown when items are pending), the PDF record, and
// the verification that nothing was lost. Routes: #/to-chuc-lai, #/to-chuc-lai/{id}, #/ban-giao/{id}.
import { h, mount, setTitle } from '../dom.js';
import { get, post, getAll, unit, unitChain, ApiError, fileHref, serverToday } from '../api.js';
import { date, dateTime, number, sentence } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { select } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';

const ITEM_STATUS = { pending: 'Chưa xác nhận', received: 'Đã nhận', missing: 'Thiếu', damaged: 'Hư hỏng' };
const KIND = { staff: 'Cán bộ', dossier: 'Hồ sơ', record: 'Hồ sơ lưu trữ', asset: 'Tài sản' };
const COUNT = { staff: 'Cán bộ', dossiers_open: 'Hồ sơ đang giải quyết', dossiers_closed: 'Hồ sơ đã xong', records: 'Hồ sơ lưu trữ', assets: 'Tài sản' };
const total = (c) => Object.values(c || {}).reduce((a, b) => a + b, 0);

function errorBox(e) {
  return h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : String(e.message || e)));
}

function handoverStatus(ho) {
  if (ho.status === 'complete' || ho.completed_at) return h('span', { class: 'tag tag--closed' }, 'Đã hoàn thành');
  return [h('span', { class: 'tag tag--open' }, 'Đang bàn giao'), ho.overdue ? [' ', h('span', { class: 'tag tag--overdue' }, 'Quá hạn')] : null];
}

export async function render(main, { params }) {
  const s = requireLogin();
  if (!s) return;
  const kind = params[0];
  const id = /^\d+$/.test(params[1] || '') ? params[1] : null;
  if (kind === 'ban-giao') return handover(main, s, id);
  if (id) return decision(main, s, id);
  return start(main, s);
}

/** The decisions the user may read, newest first, with their handovers' progress. */
function decisionsTable() {
  const body = h('tbody');
  const more = h('button', { class: 'button button--secondary no-print', type: 'button', hidden: true }, 'Xem thêm');
  const status = h('p', { class: 'muted', role: 'status' });
  const table = h('table', { class: 'table', id: 'decisions' },
    h('caption', { class: 'visually-hidden' }, 'Các quyết định tổ chức lại'),
    h('thead', null, h('tr', null, ['Số quyết định', 'Ngày ký', 'Hiệu lực', 'Đơn vị tiếp nhận', 'Hạn bàn giao', 'Tiến độ', 'Quá hạn']
      .map((t) => h('th', { scope: 'col' }, t)))), body);
  let cursor = null;
  async function load() {
    more.disabled = true;
    try {
      const r = await get(`/reorganizations?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const names = new Map(await Promise.all([...new Set(r.items.map((d) => d.target_unit))].map(async (c) => [c, (await unit(c).catch(() => null))?.name || c])));
      for (const d of r.items) {
        const sm = d.summary;
        body.append(h('tr', { 'data-id': String(d.id) },
          h('td', null, h('a', { href: `#/to-chuc-lai/${d.id}` }, d.decision_number)),
          h('td', null, date(`${d.signed_on}T12:00:00+07:00`)), h('td', null, dateTime(d.effective_at)), h('td', null, names.get(d.target_unit)),
          h('td', null, date(`${d.deadline}T12:00:00+07:00`)),
          h('td', { class: 'num' }, `${number(sm.complete)}/${number(sm.handovers)} đã hoàn thành`),
          h('td', { class: 'num' }, sm.overdue ? h('span', { class: 'tag tag--overdue' }, `${number(sm.overdue)} quá hạn`) : '0')));
      }
      cursor = r.next_cursor;
      more.hidden = !cursor;
      status.textContent = body.children.length ? '' : 'Chưa có quyết định tổ chức lại nào.';
      table.hidden = !body.children.length;
    } catch (e) {
      status.textContent = 'Không tải được danh sách quyết định.';
    } finally { more.disabled = false; }
  }
  more.addEventListener('click', load);
  return { el: h('section', { 'aria-labelledby': 'decisions-title' }, h('h2', { id: 'decisions-title' }, 'Các quyết định'), status, table, more), load };
}

/** The service points to move: a checkbox each, "all", the count chosen, the errors about them. */
function pointsPicker(points) {
  const unitsErr = h('p', { id: 'units-error', class: 'field-error', hidden: true });
  const boxes = points.map((u) => h('input', { type: 'checkbox', class: 'choice__input', id: `unit-${u.code}`, value: u.code }));
  const all = h('input', { type: 'checkbox', class: 'choice__input', id: 'units-all' });
  const count = h('p', { id: 'units-count', class: 'hint', 'aria-live': 'polite' }, 'Đã chọn 0 điểm');
  const recount = () => { const n = boxes.filter((b) => b.checked).length; count.textContent = `Đã chọn ${number(n)} điểm`; all.checked = n === boxes.length; };
  all.addEventListener('change', () => { for (const b of boxes) b.checked = all.checked; recount(); });
  for (const b of boxes) b.addEventListener('change', recount);
  const el = h('div', { class: 'form-group' }, h('fieldset', { class: 'fieldset', id: 'units' },
    h('legend', { class: 'label' }, 'Các điểm phục vụ chuyển về'), unitsErr,
    h('div', { class: 'choice' }, all, h('label', { for: 'units-all', class: 'choice__label' }, `Chọn tất cả ${number(points.length)} điểm phục vụ`)),
    count,
    h('div', { class: 'choices choices--scroll' }, points.map((u, i) => h('div', { class: 'choice' }, boxes[i], h('label', { for: boxes[i].id, class: 'choice__label' }, u.name))))));
  return {
    el,
    chosen: () => boxes.filter((b) => b.checked).map((b) => b.value),
    /** Shows the messages about the chosen points (none: clears them). */
    setErrors(msgs) {
      if (!msgs.length) { unitsErr.hidden = true; el.classList.remove('form-group--error'); return; }
      mount(unitsErr, msgs.map((m) => h('span', { class: 'field-error__line' }, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(m))));
      unitsErr.hidden = false; el.classList.add('form-group--error');
    },
  };
}

/** #/to-chuc-lai: the decisions; the admin's form creating one. */
async function start(main, s) {
  setTitle('Tổ chức lại');
  const list = decisionsTable();
  await list.load();
  if (!hasRole(s, 'admin')) {
    mount(main, h('h1', null, 'Tổ chức lại'), list.el);
    return;
  }
  const today = await serverToday();
  const [points, targets] = await Promise.all([
    getAll('/units?kind=service_point'),
    Promise.all([getAll('/units?kind=center'), getAll('/units?kind=branch')]).then((a) => a.flat()),
  ]);
  const summary = errorSummary();
  const num = field({ id: 'decision_number', label: 'Số quyết định', hint: 'Ví dụ: 1234/QĐ-UBND' });
  const signed = field({ id: 'signed_on', label: 'Ngày ký', type: 'date', value: today, width: 'short' });
  const eff = field({ id: 'effective_at', label: 'Thời điểm có hiệu lực', type: 'datetime-local', value: `${today}T00:00`, hint: 'Giờ Việt Nam' });
  const days = field({ id: 'handover_days', label: 'Thời hạn bàn giao (ngày)', inputmode: 'numeric', value: '30', width: 'short' });
  const target = select({ id: 'target_unit', label: 'Đơn vị tiếp nhận', options: targets.map((u) => [u.code, u.name]) });
  const picker = pointsPicker(points);
  const fields = { decision_number: num, signed_on: signed, effective_at: eff, handover_days: days, target_unit: target };
  const button = h('button', { class: 'button', type: 'submit' }, 'Tạo quyết định');
  async function submit(e) {
    e.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    picker.setErrors([]);
    const units = picker.chosen();
    const body = {
      decision_number: num.input.value.trim(), signed_on: signed.input.value,
      effective_at: eff.input.value ? `${eff.input.value.slice(0, 16)}:00+07:00` : '',
      target_unit: target.input.value, units, handover_days: Number(days.input.value),
    };
    button.disabled = true;
    try {
      const r = await post('/reorganizations', body);
      location.hash = `#/to-chuc-lai/${r.id}`;
    } catch (err) {
      if (!(err instanceof ApiError) || !err.fieldErrors.length) { summary.show([{ message: err.messageVi || String(err) }]); return; }
      const list = [];
      const unitMsgs = [];
      for (const fe of err.fieldErrors) {
        const m = /^units(?:\[(\d+)\])?$/.exec(fe.field);
        if (m) {
          const u = m[1] !== undefined ? points.find((p) => p.code === units[Number(m[1])]) : null;
          const msg = u ? `${u.name}: ${fe.message_vi}` : fe.message_vi;
          unitMsgs.push(msg);
          list.push({ id: 'units-all', message: msg });
        } else if (fields[fe.field]) {
          fields[fe.field].setError(fe.message_vi);
          list.push({ id: fields[fe.field].input.id, message: fe.message_vi });
        } else list.push({ message: fe.message_vi });
      }
      picker.setErrors(unitMsgs);
      summary.show(list);
    } finally { button.disabled = false; }
  }
  mount(main, h('h1', null, 'Tổ chức lại'), list.el,
    h('h2', null, 'Quyết định mới'),
    h('form', { id: 'reorg-form', novalidate: true, onsubmit: submit }, summary.el, num.el, signed.el, eff.el, target.el, days.el, picker.el,
      h('div', { class: 'button-group' }, button)));
}

/** #/to-chuc-lai/{id}: the decision, its handovers and the verification. */
async function decision(main, s, id) {
  setTitle(`Quyết định tổ chức lại ${id}`);
  let d;
  try { d = await get(`/reorganizations/${encodeURIComponent(id)}`); } catch (e) {
    mount(main, h('h1', null, 'Tổ chức lại'), e instanceof ApiError && e.status === 404 ? h('p', null, 'Không tìm thấy quyết định này.') : errorBox(e));
    return;
  }
  const names = new Map(await Promise.all([d.target_unit, ...d.handovers.map((x) => x.unit)].map(async (c) => [c, (await unit(c).catch(() => null))?.name || c])));
  const verify = h('section', { id: 'verify', 'aria-labelledby': 'verify-title' },
    h('h2', { id: 'verify-title' }, 'Kiểm tra không mất mát hồ sơ'),
    h('button', { class: 'button button--secondary', type: 'button', id: 'verify-button', onclick: check }, 'Kiểm tra ngay'),
    h('div', { id: 'verify-result', 'aria-live': 'polite' }));
  async function check() {
    const out = verify.querySelector('#verify-result');
    try {
      const v = await get(`/reorganizations/${encodeURIComponent(id)}/verify`);
      mount(out, v.equal
        ? h('p', { class: 'notice' }, `Không mất mát: ${number(v.now.dossiers)} hồ sơ, mã kiểm tra khớp.`)
        : h('div', { class: 'notice notice--error' }, h('p', null, `Có khác biệt: lúc quyết định ${number(v.at_creation.dossiers)} hồ sơ, nay ${number(v.now.dossiers)} hồ sơ; mã kiểm tra không khớp.`),
          v.changed.length ? h('p', null, `Hồ sơ thay đổi: ${v.changed.join(', ')}`) : null),
        h('p', { class: 'hint' }, `Mã kiểm tra: ${v.now.checksum}`));
    } catch (e) { mount(out, errorBox(e)); }
  }
  const sm = d.summary;
  mount(main,
    h('h1', null, `Quyết định ${d.decision_number}`),
    h('dl', { class: 'summary-list', id: 'decision' },
      h('div', null, h('dt', null, 'Ngày ký'), h('dd', null, date(`${d.signed_on}T12:00:00+07:00`))),
      h('div', null, h('dt', null, 'Có hiệu lực từ'), h('dd', null, dateTime(d.effective_at))),
      h('div', null, h('dt', null, 'Đơn vị tiếp nhận'), h('dd', null, names.get(d.target_unit))),
      h('div', null, h('dt', null, 'Hạn bàn giao'), h('dd', null, date(`${d.deadline}T12:00:00+07:00`))),
      h('div', null, h('dt', null, 'Tiến độ'), h('dd', { id: 'decision-progress' }, `${number(sm.complete)}/${number(sm.handovers)} biên bản đã hoàn thành${sm.overdue ? `, ${number(sm.overdue)} quá hạn` : ''}`))),
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'handovers-caption', tabindex: '0' },
      h('table', { class: 'table', id: 'handovers' },
        h('caption', { id: 'handovers-caption' }, `Bàn giao (${number(d.handovers.length)} điểm phục vụ)`),
        h('thead', null, h('tr', null, ['Điểm phục vụ', 'Số mục', 'Trạng thái', 'Bên giao ký', 'Bên nhận ký'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, d.handovers.map((ho) => h('tr', { dataset: { id: ho.id, unit: ho.unit } },
          h('th', { scope: 'row' }, h('a', { href: `#/ban-giao/${ho.id}` }, names.get(ho.unit))),
          h('td', { class: 'num' }, number(total(ho.counts))),
          h('td', null, handoverStatus(ho)),
          h('td', null, ho.signed.giver ? dateTime(ho.signed.giver.at) : 'Chưa ký'),
          h('td', null, ho.signed.receiver ? dateTime(ho.signed.receiver.at) : 'Chưa ký')))))),
    verify);
}

/**
 * What the user may do on a handover, to choose the buttons (the server decides anyway): confirm
 * items (the receiving side: a Center manager over the new parent, or the admin) and sign for each
 * side not signed yet (the giving side: a unit manager over the old parent, or the admin).
 */
async function mayOnHandover(s, ho) {
  const done = Boolean(ho.completed_at);
  const covers = async (role, code) => {
    if (!code) return false;
    const chain = await unitChain(code);
    return s.user.roles.some((r) => r.role === role && chain.includes(r.unit));
  };
  const [giver, receiver] = await Promise.all([covers('unit_manager', ho.old_parent), covers('center_manager', ho.new_parent)]);
  const sides = [];
  if (!done && (hasRole(s, 'admin') || giver) && !ho.signed.giver) sides.push(['giver', 'Ký bên giao']);
  if (!done && (hasRole(s, 'admin') || receiver) && !ho.signed.receiver) sides.push(['receiver', 'Ký bên nhận']);
  return { canConfirm: !done && (hasRole(s, 'admin') || receiver), sides };
}

/** Each item's checkbox, status and note (disabled for whoever may not confirm). */
function itemRows(ho, canConfirm) {
  return ho.items.map((it) => {
    const box = h('input', { type: 'checkbox', class: 'row-select', id: `item-${it.id}`, value: it.id, 'aria-label': `Chọn ${it.label}` });
    const st = h('select', { class: 'input', id: `item-${it.id}-status`, 'aria-label': `Tình trạng: ${it.label}` },
      Object.entries(ITEM_STATUS).map(([v, l]) => h('option', { value: v }, l)));
    st.value = it.status;
    const note = h('input', { class: 'input', id: `item-${it.id}-note`, 'aria-label': `Ghi chú: ${it.label}`, value: it.note || '' });
    if (!canConfirm) { box.disabled = true; st.disabled = true; note.disabled = true; }
    return { it, box, st, note };
  });
}

function handoverFacts(ho) {
  const confirmed = ho.items.filter((i) => i.status !== 'pending').length;
  const signedText = (x) => (x ? `đã ký (${x.by}, ${dateTime(x.at)})` : 'chưa ký');
  return h('dl', { class: 'summary-list', id: 'handover-summary' },
    h('div', null, h('dt', null, 'Trạng thái'), h('dd', { id: 'handover-status' }, handoverStatus(ho))),
    h('div', null, h('dt', null, 'Đã xác nhận'), h('dd', { id: 'handover-progress' }, `${number(confirmed)}/${number(ho.items.length)} mục`)),
    h('div', null, h('dt', null, 'Hạn bàn giao'), h('dd', null, date(`${ho.deadline}T12:00:00+07:00`))),
    h('div', null, h('dt', null, 'Số lượng'), h('dd', null, Object.entries(ho.counts).map(([k, v]) => `${COUNT[k] || k}: ${number(v)}`).join(' · '))),
    h('div', null, h('dt', null, 'Bên giao'), h('dd', { id: 'signed-giver' }, signedText(ho.signed.giver))),
    h('div', null, h('dt', null, 'Bên nhận'), h('dd', { id: 'signed-receiver' }, signedText(ho.signed.receiver))));
}

function itemsTable(ho, rows, allBox) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'items-caption', tabindex: '0' },
    h('table', { class: 'table', id: 'items' },
      h('caption', { id: 'items-caption' }, `Danh mục bàn giao (${number(ho.items.length)} mục)`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, allBox), ['Loại', 'Nội dung', 'Tình trạng', 'Ghi chú'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.length ? rows.map((r) => h('tr', { dataset: { id: r.it.id, status: r.it.status } },
        h('td', null, r.box), h('td', null, KIND[r.it.kind] || r.it.kind), h('th', { scope: 'row' }, r.it.label),
        h('td', null, r.st), h('td', null, r.note))) : h('tr', null, h('td', { colspan: 5 }, 'Không có mục nào.')))));
}

/** #/ban-giao/{id}: the items, bulk confirm, signatures, the PDF record. */
async function handover(main, s, id) {
  setTitle(`Biên bản bàn giao ${id}`);
  let ho;
  try { ho = await get(`/handovers/${encodeURIComponent(id)}`); } catch (e) {
    mount(main, h('h1', null, 'Biên bản bàn giao'), e instanceof ApiError && e.status === 404 ? h('p', null, 'Không tìm thấy biên bản bàn giao này.') : errorBox(e));
    return;
  }
  const { canConfirm, sides } = await mayOnHandover(s, ho);
  const msg = h('div', { id: 'handover-message', 'aria-live': 'polite' });
  const rows = itemRows(ho, canConfirm);
  const allBox = h('input', { type: 'checkbox', id: 'items-all', 'aria-label': 'Chọn tất cả mục chưa xác nhận', disabled: !canConfirm });
  allBox.addEventListener('change', () => { for (const r of rows) if (r.it.status === 'pending') r.box.checked = allBox.checked; });
  // After a change the page is drawn again, then says what was done.
  async function then(done) {
    await handover(main, s, id);
    const m = main.querySelector('#handover-message');
    if (m) mount(m, h('p', { class: 'notice' }, done));
  }
  async function send(items) {
    try {
      await post(`/handovers/${encodeURIComponent(id)}/items/confirm`, { items });
      await then(`Đã xác nhận ${number(items.length)} mục.`);
    } catch (e) { mount(msg, errorBox(e)); }
  }
  const none = (text) => mount(msg, h('p', { class: 'notice notice--error', role: 'alert' }, text));
  const bulk = () => {
    const items = rows.filter((r) => r.box.checked).map((r) => ({ id: r.it.id, status: 'received', note: r.note.value }));
    if (!items.length) { none('Chưa chọn mục nào.'); return; }
    send(items);
  };
  const saveChanged = () => {
    const items = rows.filter((r) => r.st.value !== r.it.status || r.note.value !== (r.it.note || '')).map((r) => ({ id: r.it.id, status: r.st.value, note: r.note.value }));
    if (!items.length) { none('Không có thay đổi nào.'); return; }
    send(items);
  };
  async function sign(side) {
    try {
      await post(`/handovers/${encodeURIComponent(id)}/sign`, { side });
      await then(side === 'giver' ? 'Bên giao đã ký.' : 'Bên nhận đã ký.');
    } catch (e) { mount(msg, h('p', { class: 'notice notice--error', role: 'alert' }, `Không ký được: ${e instanceof ApiError ? e.messageVi : e.message}.`)); }
  }
  const pdf = h('a', { href: `/api/v1/handovers/${encodeURIComponent(id)}/record.pdf`, id: 'record-pdf', target: '_blank', rel: 'noopener' }, 'Biên bản bàn giao (PDF)');
  fileHref(`/handovers/${encodeURIComponent(id)}/record.pdf`).then((u) => pdf.setAttribute('href', u)).catch(() => {});
  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: `#/to-chuc-lai/${ho.reorganization}` }, `← Quyết định ${ho.decision_number}`)),
    h('h1', null, `Bàn giao: ${ho.unit_name || ho.unit}`),
    handoverFacts(ho),
    msg,
    canConfirm ? h('div', { class: 'button-group no-print' },
      h('button', { class: 'button', type: 'button', id: 'confirm-selected', onclick: bulk }, 'Xác nhận “Đã nhận” các mục đã chọn'),
      h('button', { class: 'button button--secondary', type: 'button', id: 'save-changes', onclick: saveChanged }, 'Lưu tình trạng và ghi chú')) : null,
    itemsTable(ho, rows, allBox),
    sides.length ? h('div', { class: 'button-group no-print', id: 'sign-buttons' }, sides.map(([side, label]) => h('button', { class: 'button', type: 'button', id: `sign-${side}`, onclick: () => sign(side) }, label))) : null,
    h('p', null, pdf));
}
