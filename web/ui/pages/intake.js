// Counter intake (screen 6): the procedure (search as you type), the checklist of its components,
// the applicant with a live ID-number hint, the commune that decides, the return channel and point.
// "Tiếp nhận" → POST /dossiers → the code and Form 01; "Thiếu giấy tờ" → POST /intake-guidance →
// Form 02; "Từ chối" → POST /intake-refusals → Form 03. Keyboard only: Tab, typing, Space, Enter.
import { h, mount, setTitle, debounce } from '../dom.js';
import { get, post, getAll, upload, ApiError, serverToday } from '../api.js';
import { field, errorSummary, filePicker } from '../forms.js';
import { radios, select, checkboxes } from '../choices.js';
import { idHint } from '../idnum.js';
import { LEVEL, ORIGINAL, SUBMIT, KIND, RETURN_CHANNEL, dateTime, duration, fee } from '../format.js';
import { requireLogin, unitsOf } from '../session.js';
import { summaryRow, pdfLink } from '../widgets.js';
import { transferBatch } from '../transfer-batch.js';

const TITLE = 'Tiếp nhận hồ sơ tại quầy';

/** The tags of a component: required or not, submit or present, original or copy, how many. */
function componentLabel(c) {
  return [h('span', { class: 'choice__text' }, c.name), h('span', { class: 'tags' },
    c.required ? h('span', { class: 'tag tag--required' }, 'Bắt buộc') : h('span', { class: 'tag' }, 'Nếu có'),
    h('span', { class: `tag tag--${c.submit_or_present}` }, SUBMIT[c.submit_or_present] || c.submit_or_present),
    h('span', { class: 'tag' }, ORIGINAL[c.original_or_copy] || c.original_or_copy),
    h('span', { class: 'tag' }, `Số lượng: ${c.quantity}`))];
}

export async function render(main, ctx) {
  const s = requireLogin();
  if (!s) return;
  setTitle(TITLE);
  const myPoints = unitsOf(s, 'receiver');
  if (!myPoints.length) {
    mount(main, h('h1', null, TITLE),
      h('p', null, 'Chỉ cán bộ tiếp nhận của điểm phục vụ mới tiếp nhận hồ sơ tại quầy. ', h('a', { href: '#/ho-so' }, 'Về danh sách hồ sơ')));
    return;
  }
  const [communes, points, today] = await Promise.all([
    getAll('/units?kind=commune_pc', { auth: false }),
    getAll('/units?kind=service_point', { auth: false }),
    serverToday(),
  ]);
  const unitName = Object.fromEntries([...communes, ...points].map((u) => [u.code, u.name]));
  await Promise.all(myPoints.filter((c) => !unitName[c]).map(async (c) => {
    const u = await get(`/units/${encodeURIComponent(c)}`, { auth: false }).catch(() => null);
    unitName[c] = u ? u.name : c;
  }));
  draw(main, ctx, {
    myPoints, communes: communes.filter((u) => u.active), points: points.filter((u) => u.active), unitName,
    year: Number(today.slice(0, 4)),
  });
}

/**
 * The intake screen, fresh. Its parts share `intake`: the chosen procedure, its checklist, the
 * scans and the commune choice (st), the applicant (who), where and how (where), the summary.
 */
function draw(main, ctx, env) {
  const intake = {
    main, ctx, env,
    summary: errorSummary(),
    st: { proc: null, comps: null, resolver: null, scans: {} },
    where: wherePart(env),
    who: applicantPart(env.year),
    sideBox: h('div', { id: 'side' }),
    // One key per intake screen: a double Enter (or a retry after a lost answer) creates one dossier.
    idemKey: `intake-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  const procedure = procedurePart(intake);
  const { who, where } = intake;
  intake.fields = {
    q: procedure.q, 'applicant-name': who.name, 'applicant-id_number': who.idn, 'applicant-phone': who.phone, 'applicant-address': who.address,
    'applicant-kind': who.kind, return_channel: where.returnChannel, return_unit: where.returnUnit,
  };
  const receiveBtn = h('button', { type: 'submit', class: 'button', id: 'receive' }, 'Tiếp nhận');
  // Receive and send on to the deciding unit in one keystroke: Ctrl+Enter anywhere in the form.
  const sendOnBtn = h('button', { type: 'submit', class: 'button', id: 'receive-transfer', 'aria-keyshortcuts': 'Control+Enter', dataset: { transfer: '1' } },
    'Tiếp nhận và chuyển xử lý ', h('kbd', { 'aria-hidden': 'true' }, 'Ctrl+Enter'));
  const form = h('form', {
    id: 'intake', novalidate: true,
    onsubmit: (ev) => receive(intake, ev, receiveBtn, Boolean(ev.submitter && ev.submitter.dataset.transfer)),
    onkeydown: (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); form.requestSubmit(sendOnBtn); }
    },
  },
    // Two columns on a counter's screen (1366 px): the procedure and its papers on the left, the
    // applicant and where it goes on the right; the action bar stays at the bottom of the window.
    h('div', { class: 'intake__cols' },
      h('div', { class: 'intake__col' }, procedure.els),
      h('div', { class: 'intake__col' },
        h('fieldset', { class: 'section' }, h('legend', { class: 'section__title' }, '3. Người nộp'), who.els),
        h('fieldset', { class: 'section' }, h('legend', { class: 'section__title' }, '4. Giải quyết và trả kết quả'),
          where.receivingSel ? where.receivingSel.el : h('p', null, h('span', { class: 'label' }, 'Nơi tiếp nhận'), env.unitName[env.myPoints[0]] || env.myPoints[0]),
          procedure.resolverBox, where.returnChannel.el, where.returnUnit.el))),
    h('div', { class: 'button-group sticky-actions' }, receiveBtn, sendOnBtn,
      h('button', { type: 'button', class: 'button button--secondary', id: 'guidance', onclick: () => sideForm(intake, 'guidance') }, 'Thiếu giấy tờ (Mẫu 02)'),
      h('button', { type: 'button', class: 'button button--secondary', id: 'refusal', onclick: () => sideForm(intake, 'refusal') }, 'Từ chối (Mẫu 03)')));

  mount(main,
    h('h1', null, TITLE),
    h('p', { class: 'keys no-print' }, 'Chỉ cần bàn phím: ', h('kbd', null, 'Tab'), ' chuyển ô, ', h('kbd', null, 'Phím cách'), ' chọn, ',
      h('kbd', null, 'Enter'), ' tiếp nhận, ', h('kbd', null, 'Ctrl+Enter'), ' tiếp nhận và chuyển xử lý.'),
    intake.summary.el, form, intake.sideBox);
  procedure.search('');
}

/** 1. The procedure, searched as typed; choosing one shows 2. its checklist and who decides. */
function procedurePart(intake) {
  const { st } = intake;
  const q = field({ id: 'q', label: 'Tìm thủ tục', type: 'search', autocomplete: 'off', spellcheck: false,
    hint: 'Gõ tên thủ tục, có dấu hoặc không dấu, rồi chọn trong danh sách bằng phím Tab và phím cách' });
  const searchStatus = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite', id: 'q-status' });
  const procList = h('div', { class: 'choices', id: 'procedures' });
  const procBox = h('fieldset', { class: 'fieldset', hidden: true }, h('legend', { class: 'label' }, 'Chọn thủ tục'), procList);
  const chosen = h('p', { class: 'chosen', id: 'chosen', 'aria-live': 'polite' });
  const compBox = h('div', { id: 'components-box' }, h('fieldset', { class: 'section' },
    h('legend', { class: 'section__title' }, '2. Thành phần hồ sơ'), h('p', { class: 'muted' }, 'Chọn thủ tục để xem danh sách giấy tờ.')));
  const resolverBox = h('div');
  let procCtl = null;

  async function search(text) {
    if (procCtl) procCtl.abort();
    procCtl = new AbortController();
    const mine = procCtl;
    const qs = new URLSearchParams({ limit: '8' });
    if (text.trim()) qs.set('q', text.trim());
    try {
      const r = await get(`/procedures?${qs}`, { signal: mine.signal, auth: false });
      if (mine !== procCtl) return;
      mount(procList, r.items.map((p) => procedureChoice(p, st.proc, () => choose(p.code))));
      procBox.hidden = !r.items.length;
      searchStatus.textContent = r.items.length
        ? `${r.items.length}${r.next_cursor ? '+' : ''} thủ tục${text.trim() ? ` cho “${text.trim()}”` : ''}`
        : `Không tìm thấy thủ tục nào cho “${text.trim()}”`;
      procList.dataset.query = text.trim();
    } catch (e) {
      if (e.name === 'AbortError') return;
      searchStatus.textContent = 'Không tải được danh sách thủ tục. Vui lòng thử lại.';
    }
  }
  q.input.addEventListener('input', debounce(() => search(q.input.value), 150));
  // Enter in the search box selects nothing and submits nothing: it moves to the results.
  q.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); const first = procList.querySelector('input'); if (first) first.focus(); }
  });

  async function choose(code) {
    const p = await get(`/procedures/${encodeURIComponent(code)}`, { auth: false });
    // The papers of the counter channel only: the online e-form is not asked for here.
    p.components = p.components.filter((c) => !c.channels || c.channels.includes('counter'));
    st.proc = p;
    // The fee is the procedure's current fee_vnd (structured fees may replace this figure).
    mount(chosen, 'Thủ tục đã chọn: ', h('strong', null, p.name), ` (mã ${p.code}, ${LEVEL[p.level] || p.level}, ${duration(p.duration)})`,
      h('br'), 'Phí, lệ phí: ', h('strong', { id: 'intake-fee' }, fee(p.fee_vnd)));
    st.comps = checklist(p);
    st.scans = scanInputs(p, st.comps);
    mount(compBox, st.comps.el);
    st.resolver = resolverChoice(intake, p, resolverBox);
    intake.main.dataset.procedure = p.code;
  }

  return {
    q, search, resolverBox,
    els: [h('fieldset', { class: 'section' }, h('legend', { class: 'section__title' }, '1. Thủ tục'), q.el, searchStatus, procBox, chosen), compBox],
  };
}

/** A procedure among the search results: a radio with its code, level and time limit. */
function procedureChoice(p, current, onChoose) {
  const input = h('input', { type: 'radio', name: 'procedure', value: p.code, id: `proc-${p.code}`, class: 'choice__input',
    'aria-describedby': `proc-${p.code}-meta` });
  input.checked = Boolean(current && current.code === p.code);
  input.addEventListener('change', onChoose);
  return h('div', { class: 'choice' }, input, h('label', { for: input.id, class: 'choice__label' }, p.name,
    h('span', { class: 'meta', id: `proc-${p.code}-meta` }, ` Mã ${p.code} · ${LEVEL[p.level] || p.level} · ${duration(p.duration)}`)));
}

/**
 * 2. The checklist of the procedure's components: what the applicant handed in. The required
 * papers first; the "Nếu có" ones collapsed below them (opened when one of them is ticked by a
 * scan or named by an error).
 */
function checklist(p) {
  const ordered = [...p.components.filter((c) => c.required), ...p.components.filter((c) => !c.required)];
  const comps = checkboxes({
    id: 'components', legend: '2. Thành phần hồ sơ đã nhận', section: true,
    hint: 'Đánh dấu từng giấy tờ người nộp đã đưa (phím cách). Giấy tờ “Xuất trình” chỉ cần xem bản chính.',
    items: ordered.map((c) => ({ value: c.id, id: `comp-${c.id}`, label: componentLabel(c) })),
  });
  const optional = p.components.filter((c) => !c.required);
  if (optional.length) {
    const more = h('details', { class: 'more-papers', id: 'optional-components' },
      h('summary', null, `Giấy tờ nộp nếu có (${optional.length})`));
    const choices = comps.el.querySelector('.choices');
    for (const c of optional) more.append(comps.inputs.find((i) => i.value === c.id).closest('.choice'));
    choices.after(more);
  }
  return comps;
}

/**
 * A scan per component (digitization), placed under its line of the checklist: chosen here,
 * uploaded with "Tiếp nhận" (the document's owner is the applicant, known only then). Choosing a
 * file ticks the component. → {component id: {input, status, uploaded}}.
 */
function scanInputs(p, comps) {
  const scans = {};
  for (const c of p.components) {
    if (c.submit_or_present === 'present') continue; // only shown: nothing to scan
    const input = h('input', { type: 'file', id: `comp-${c.id}-scan`, class: 'scan__input', accept: 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png' });
    const status = h('span', { class: 'scan__status muted', id: `comp-${c.id}-scan-status`, 'aria-live': 'polite' });
    const box = h('div', { class: 'scan' },
      h('label', { for: input.id, class: 'scan__label' }, 'Bản quét', h('span', { class: 'visually-hidden' }, ` của: ${c.name.slice(0, 80)}`), ' (PDF, JPEG, PNG)'),
      ' ', filePicker(input), ' ', status);
    input.addEventListener('change', () => {
      const f = input.files[0];
      status.textContent = f ? `Đã chọn: ${f.name}` : '';
      const tick = comps.inputs.find((i) => i.value === c.id);
      if (f && tick) tick.checked = true;
    });
    scans[c.id] = { input, status, uploaded: null };
    const choice = comps.inputs.find((i) => i.value === c.id)?.closest('.choice');
    if (choice) choice.after(box);
  }
  return scans;
}

/**
 * Who decides: for a commune procedure the UBND the applicant chooses (the receiving point's own by
 * default), else the procedure's unit. → the select, or null.
 */
function resolverChoice(intake, p, box) {
  const { myPoints, communes, points, unitName } = intake.env;
  if (p.resolver && p.resolver.kind === 'commune_pc') {
    const receiving = intake.where.receivingSel ? intake.where.receivingSel.input.value : myPoints[0];
    const own = points.find((u) => u.code === receiving);
    const resolver = select({ id: 'resolver_unit', label: 'UBND xã, phường giải quyết',
      hint: 'Thủ tục cấp xã: người nộp chọn UBND xã, phường nào cũng được, không phụ thuộc nơi cư trú',
      placeholder: '— Chọn UBND xã, phường —',
      options: communes.map((u) => [u.code, u.name]), value: own && communes.some((c) => c.code === own.parent) ? own.parent : '' });
    mount(box, resolver.el);
    return resolver;
  }
  mount(box, h('p', null, h('span', { class: 'label' }, 'Cơ quan giải quyết'),
    p.resolver && p.resolver.unit ? (unitName[p.resolver.unit] || p.resolver.unit) : 'Theo thủ tục'));
  return null;
}

/** 3. The applicant: a person or an organization, with the live hint of the ID number's format. */
function applicantPart(year) {
  const kind = radios({ id: 'applicant-kind', legend: 'Người nộp là', options: KIND, value: 'person', inline: true });
  const name = field({ id: 'applicant-name', label: 'Họ và tên (tên tổ chức)', autocomplete: 'off', spellcheck: false });
  const idn = field({ id: 'applicant-id_number', label: 'Số định danh cá nhân', autocomplete: 'off', inputmode: 'numeric', spellcheck: false, width: 'short' });
  const live = h('p', { id: 'applicant-id_number-live', class: 'live-hint', 'aria-live': 'polite' });
  idn.el.append(live);
  idn.input.setAttribute('aria-describedby', 'applicant-id_number-live');
  const setIdError = idn.setError;
  idn.setError = (msg) => {
    setIdError(msg);
    idn.input.setAttribute('aria-describedby', [msg ? 'applicant-id_number-error' : null, 'applicant-id_number-live'].filter(Boolean).join(' '));
  };
  function updateHint() {
    const k = kind.value;
    idn.el.querySelector('label').textContent = k === 'organization' ? 'Mã số thuế' : 'Số định danh cá nhân';
    const r = idHint(k, idn.input.value, year);
    live.textContent = r.text;
    live.className = `live-hint${idn.input.value.trim() ? (r.ok ? ' live-hint--ok' : ' live-hint--bad') : ''}`;
    live.dataset.ok = String(r.ok);
  }
  idn.input.addEventListener('input', updateHint);
  kind.onChange(updateHint);
  updateHint();
  const phone = field({ id: 'applicant-phone', label: 'Số điện thoại (không bắt buộc)', type: 'tel', autocomplete: 'off', width: 'short' });
  const address = field({ id: 'applicant-address', label: 'Địa chỉ (không bắt buộc)', autocomplete: 'off' });
  return {
    kind, name, idn, phone, address,
    els: [kind.el, name.el, idn.el, phone.el, address.el],
    /** The applicant as the API takes it. */
    value() {
      const a = { kind: kind.value, name: name.input.value.trim(), id_number: idn.input.value.trim() };
      if (phone.input.value.trim()) a.phone = phone.input.value.trim();
      if (address.input.value.trim()) a.address = address.input.value.trim();
      return a;
    },
  };
}

/** 4. Where: the receiving point (when the officer has several), the return channel and point. */
function wherePart({ myPoints, points, unitName }) {
  const receivingSel = myPoints.length > 1
    ? select({ id: 'receiving_unit', label: 'Nơi tiếp nhận', options: myPoints.map((c) => [c, unitName[c] || c]), value: myPoints[0] })
    : null;
  const defaultReturn = points.some((u) => u.code === myPoints[0]) ? myPoints[0] : '';
  const returnChannel = radios({ id: 'return_channel', legend: 'Nhận kết quả', options: RETURN_CHANNEL, value: 'counter', inline: true });
  const returnUnit = select({ id: 'return_unit', label: 'Điểm trả kết quả', hint: 'Người nộp có thể nhận kết quả tại bất kỳ điểm phục vụ nào',
    options: points.map((u) => [u.code, u.name]), value: defaultReturn, placeholder: defaultReturn ? null : '— Chọn điểm phục vụ —' });
  return { receivingSel, returnChannel, returnUnit };
}

/** The field (an id of the page) where an error of the API's field f belongs, or null. */
function fieldOf(intake, f, all) {
  const { comps, resolver } = intake.st;
  if (f === 'procedure') return 'q';
  if (f.startsWith('components.') || f.startsWith('components[') || f === 'components' || f.startsWith('missing')) {
    const cid = f.startsWith('components.') ? f.slice('components.'.length) : null;
    return cid && document.getElementById(`comp-${cid}`) ? `comp-${cid}` : (comps ? comps.inputs[0]?.id : 'q');
  }
  if (f === 'applicant.kind') return 'applicant-kind';
  if (f.startsWith('applicant.')) return `applicant-${f.slice(10)}`;
  if (f === 'resolver_unit') return resolver ? 'resolver_unit' : 'q';
  if (f === 'return_channel') return 'return_channel';
  return all[f] ? f : null;
}

/** Shows errors (client-side or the API's 422) beside the fields and in the summary. */
function showErrors(intake, list, extra = {}) {
  const { comps, resolver } = intake.st;
  const all = { ...intake.fields, ...extra };
  const byId = {};
  const summaryItems = [];
  const compMsgs = [];
  for (const e of list) {
    const f = e.field || '';
    const id = fieldOf(intake, f, all);
    if (f.startsWith('components.') || f.startsWith('components[') || f === 'components' || f.startsWith('missing')) {
      compMsgs.push(e.message);
      const cid = f.startsWith('components.') ? f.slice('components.'.length) : null;
      if (comps && cid) comps.setItemError(cid, true);
    }
    if (id && all[id]) (byId[id] = byId[id] || []).push(e.message);
    else if (id === 'resolver_unit' && resolver) (byId.resolver_unit = byId.resolver_unit || []).push(e.message);
    let target = id;
    if (id === 'applicant-kind') target = intake.who.kind.firstId;
    else if (id === 'return_channel') target = intake.where.returnChannel.firstId;
    summaryItems.push({ id: target && document.getElementById(target) ? target : null, message: e.message });
  }
  for (const [id, f] of Object.entries(all)) f.setError(byId[id] ? byId[id][0] : null);
  if (resolver) resolver.setError(byId.resolver_unit ? byId.resolver_unit[0] : null);
  for (const it of summaryItems) document.getElementById(it.id || '')?.closest('details')?.setAttribute('open', '');
  if (comps) {
    comps.setError(compMsgs);
    if (!compMsgs.length) for (const i of comps.inputs) comps.setItemError(i.value, false);
  }
  intake.summary.show(summaryItems);
}

const apiErrors = (e) => (e.fieldErrors.length
  ? e.fieldErrors.map((x) => ({ field: x.field, message: x.message_vi || x.message }))
  : [{ field: '', message: e.messageVi }]);

function needProcedure(intake) {
  if (intake.st.proc) return false;
  showErrors(intake, [{ field: 'procedure', message: 'Chọn thủ tục' }]);
  return true;
}

/**
 * Uploads the chosen scans of the ticked components as documents of the applicant; an upload
 * already done for the same file and owner is reused. → {component: document id}, or null after
 * showing the errors (a file of another type, too large, an ID number the server refuses).
 */
async function uploadScans(intake) {
  const { comps, scans } = intake.st;
  const out = {};
  const errors = [];
  const owner = intake.who.idn.input.value.trim();
  for (const cid of comps.values()) {
    const sc = scans[cid];
    const f = sc && sc.input.files[0];
    if (!f) continue;
    if (sc.uploaded && sc.uploaded.file === f && sc.uploaded.owner === owner) { out[cid] = sc.uploaded.id; continue; }
    sc.status.textContent = `Đang tải lên: ${f.name}`;
    try {
      const doc = await upload(f, owner);
      sc.uploaded = { file: f, owner, id: doc.id };
      sc.status.textContent = `Đã tải lên: ${f.name}`;
      out[cid] = doc.id;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      sc.status.textContent = '';
      const fe = e.fieldErrors.find((x) => x.field === 'owner');
      if (fe) errors.push({ field: 'applicant.id_number', message: fe.message_vi || fe.message });
      else errors.push({ field: `components.${cid}`, message: `${f.name}: ${e.messageVi}` });
      if (fe) break;
    }
  }
  if (errors.length) { showErrors(intake, errors); return null; }
  return out;
}

/** "Tiếp nhận": the scans, then POST /dossiers → the code, the due time and Form 01. */
async function receive(intake, ev, receiveBtn, sendOn = false) {
  ev.preventDefault();
  if (needProcedure(intake)) return;
  const { proc, comps, resolver } = intake.st;
  const { where } = intake;
  receiveBtn.disabled = true;
  let documents;
  try {
    documents = await uploadScans(intake);
  } finally {
    receiveBtn.disabled = false;
  }
  if (!documents) return;
  const body = {
    procedure: proc.code,
    applicant: intake.who.value(),
    channel: 'counter',
    components: comps.values().map((id) => (documents[id] ? { id, provided: true, document: documents[id] } : { id, provided: true })),
    return_channel: where.returnChannel.value,
  };
  if (resolver && resolver.input.value) body.resolver_unit = resolver.input.value;
  if (where.receivingSel) body.receiving_unit = where.receivingSel.input.value;
  if (where.returnUnit.input.value) body.return_unit = where.returnUnit.input.value;
  receiveBtn.disabled = true;
  let d;
  try {
    d = await post('/dossiers', body, { headers: { 'Idempotency-Key': intake.idemKey } });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // All errors at once: the server stops at a malformed body (empty name, ...) before it checks
    // the papers, so the papers required to submit and not ticked are named here too.
    const errs = apiErrors(e);
    if (e.status === 422 && !errs.some((x) => x.field.startsWith('components'))) {
      const given = new Set(comps.values());
      for (const c of proc.components) {
        if (c.required && c.submit_or_present === 'submit' && !given.has(c.id)) errs.push({ field: `components.${c.id}`, message: `thiếu thành phần hồ sơ bắt buộc: ${c.name}` });
      }
    }
    showErrors(intake, errs);
    return;
  } finally {
    receiveBtn.disabled = false;
  }
  intake.summary.clear();
  let transferError = null;
  if (sendOn) {
    try {
      d = await post(`/dossiers/${encodeURIComponent(d.code)}/transfer`, {}, { ifMatch: d.version });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      transferError = e.messageVi;
    }
  }
  done(intake, receivedPanel(intake, d, sendOn, transferError));
}

function receivedPanel(intake, d, sendOn = false, transferError = null) {
  const sent = sendOn && !transferError;
  const batch = transferBatch(intake.env.myPoints);
  batch.reload();
  return h('div', null, h('div', { class: 'panel', id: 'intake-result', dataset: { code: d.code, status: d.status } },
    h('h2', { class: 'panel__title', tabindex: '-1' }, sent ? 'Đã tiếp nhận và chuyển xử lý hồ sơ' : 'Đã tiếp nhận hồ sơ'),
    h('p', { class: 'panel__body' }, 'Mã hồ sơ', h('br'), h('strong', { class: 'panel__code', id: 'result-code' }, d.code)),
    h('dl', { class: 'summary-list' },
      summaryRow('Thủ tục', d.procedure.name),
      summaryRow('Người nộp', d.applicant.name),
      summaryRow('Ngày tiếp nhận', dateTime(d.received_at)),
      h('div', null, h('dt', null, 'Hẹn trả kết quả'), h('dd', { id: 'result-due' }, d.due_at ? dateTime(d.due_at) : 'Chưa có')),
      h('div', null, h('dt', null, 'Mã tra cứu'), h('dd', { id: 'result-secret' }, d.tracking_secret || '')),
      sendOn ? h('div', null, h('dt', null, 'Chuyển xử lý'), h('dd', { id: 'result-transfer' }, sent ? 'Đã chuyển đến cơ quan giải quyết' : `Chưa chuyển được: ${transferError}`)) : null),
    h('div', { class: 'button-group' },
      pdfLink(`/dossiers/${encodeURIComponent(d.code)}/forms/01.pdf`, 'In Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)', 'form-link'),
      h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, 'Xem hồ sơ'),
      anotherButton(intake))), batch.el);
}

const anotherButton = (intake) => h('button', { type: 'button', class: 'button button--secondary', onclick: () => draw(intake.main, intake.ctx, intake.env) }, 'Tiếp nhận hồ sơ khác');

/**
 * "Thiếu giấy tờ" (guidance: the missing papers, Form 02) and "Từ chối" (refusal: the reason, Form
 * 03): a small form under the main one, then the note's PDF. Neither creates a dossier.
 */
function sideForm(intake, kindOf) {
  if (needProcedure(intake)) return;
  const { proc, comps } = intake.st;
  intake.summary.clear();
  const guidance = kindOf === 'guidance';
  const notTicked = comps ? proc.components.filter((c) => !comps.values().includes(c.id)) : [];
  const missing = guidance ? checkboxes({ id: 'missing', legend: 'Giấy tờ còn thiếu',
    items: notTicked.map((c) => ({ value: c.id, id: `missing-${c.id}`, label: componentLabel(c) })),
    checked: notTicked.filter((c) => c.required && c.submit_or_present === 'submit').map((c) => c.id) }) : null;
  const text = field({ id: guidance ? 'guidance-note' : 'refusal-reason', label: guidance ? 'Hướng dẫn thêm (không bắt buộc)' : 'Lý do từ chối', multiline: true });
  const btn = h('button', { type: 'submit', class: guidance ? 'button' : 'button button--warning' },
    guidance ? 'Lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)' : 'Lập Phiếu từ chối tiếp nhận (Mẫu 03)');
  const form = h('form', { class: 'action-form', novalidate: true, 'aria-labelledby': 'side-title' },
    h('h2', { id: 'side-title', tabindex: '-1' }, guidance ? 'Hướng dẫn bổ sung giấy tờ (Mẫu 02)' : 'Từ chối tiếp nhận (Mẫu 03)'),
    missing ? missing.el : null, text.el,
    h('div', { class: 'button-group' }, btn,
      h('button', { type: 'button', class: 'button button--secondary', onclick: () => { intake.sideBox.replaceChildren(); } }, 'Hủy')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sendNote(intake, { guidance, missing, text, btn });
  });
  mount(intake.sideBox, form);
  form.querySelector('h2').focus();
}

/** POST /intake-guidance or /intake-refusals from the side form; then the note's number and PDF. */
async function sendNote(intake, { guidance, missing, text, btn }) {
  const { proc } = intake.st;
  const applicant = intake.who.value();
  const body = guidance
    ? { procedure: proc.code, applicant, missing: missing.values(), ...(text.input.value.trim() ? { note: text.input.value.trim() } : {}) }
    : { procedure: proc.code, applicant, reason: text.input.value.trim() };
  const path = guidance ? '/intake-guidance' : '/intake-refusals';
  btn.disabled = true;
  let r;
  try {
    r = await post(path, body);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const errs = apiErrors(e).map((x) => (x.field === 'note' ? { ...x, field: 'guidance-note' } : x.field === 'reason' ? { ...x, field: 'refusal-reason' } : x));
    if (missing) missing.setError(errs.filter((x) => x.field.startsWith('missing')).map((x) => x.message));
    const extra = guidance ? { 'guidance-note': text } : { 'refusal-reason': text };
    showErrors(intake, errs.filter((x) => !x.field.startsWith('missing')).concat(errs.filter((x) => x.field.startsWith('missing')).map((x) => ({ ...x, field: '' }))), extra);
    return;
  } finally {
    btn.disabled = false;
  }
  intake.summary.clear();
  done(intake, h('div', { class: 'panel panel--plain', id: 'intake-result', dataset: { number: r.number } },
    h('h2', { class: 'panel__title', tabindex: '-1' }, guidance ? 'Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' : 'Đã lập Phiếu từ chối tiếp nhận hồ sơ'),
    h('p', null, 'Số phiếu ', h('strong', { id: 'result-number' }, r.number), '. Không tạo hồ sơ, không dùng mã hồ sơ.'),
    h('div', { class: 'button-group' },
      pdfLink(`${path}/${encodeURIComponent(r.number)}/form.pdf`, guidance ? 'In phiếu (Mẫu 02)' : 'In phiếu (Mẫu 03)', 'form-link'),
      anotherButton(intake))));
}

function done(intake, panel) {
  mount(intake.main, h('h1', null, TITLE), panel);
  const link = panel.querySelector('#form-link');
  (link || panel.querySelector('h2')).focus();
}
