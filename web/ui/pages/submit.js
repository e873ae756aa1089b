// Online submission (screen 3), one question per page: the applicant (from the account), one
// upload per component (or an earlier document), the commune that decides (commune procedures),
// how the result comes back, a review, then POST /dossiers (channel online) → the code, the
// tracking secret and Form 01. What was chosen stays while going back and forth.
import { shortName } from '../format.js';
import { h, mount, setTitle } from '../dom.js';
import { get, post, getAll, upload, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { radios, select } from '../choices.js';
import { RETURN_CHANNEL, ORIGINAL, SUBMIT, dateTime, duration, bytes } from '../format.js';
import { requireLogin, hasRole } from '../session.js';
import { summaryRow as dt } from '../widgets.js';
import { feeSection, feeRulesText } from '../fees.js';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const uploadError = (e) => (e.status === 415 ? 'chỉ nhận tệp PDF, JPEG hoặc PNG' : e.status === 413 ? 'tệp quá lớn' : e.messageVi);

export async function render(main, { params }) {
  const s = requireLogin();
  if (!s) return;
  const [code] = params;
  let p;
  try {
    p = await get(`/procedures/${encodeURIComponent(code)}`, { auth: false });
    // The papers of the online channel only: the e-form instead of the paper declaration.
    p.components = p.components.filter((c) => !c.channels || c.channels.includes('online'));
  } catch {
    setTitle('Không tìm thấy thủ tục');
    mount(main, h('h1', null, 'Không tìm thấy thủ tục'), h('p', null, h('a', { href: '#/' }, 'Tìm thủ tục khác')));
    return;
  }
  const citizen = hasRole(s, 'citizen');
  if (!citizen || p.online === 'none') {
    setTitle('Nộp hồ sơ trực tuyến');
    mount(main, h('h1', null, 'Nộp hồ sơ trực tuyến'),
      h('p', null, !citizen ? 'Nộp hồ sơ trực tuyến dành cho công dân, doanh nghiệp đăng nhập bằng tài khoản của mình. Cán bộ tiếp nhận dùng màn hình '
        : 'Thủ tục này không cung cấp dịch vụ công trực tuyến. Vui lòng nộp hồ sơ tại bất kỳ điểm phục vụ nào. ',
      !citizen ? h('a', { href: '#/tiep-nhan' }, 'Tiếp nhận tại quầy') : h('a', { href: `#/thu-tuc/${encodeURIComponent(p.code)}` }, 'Xem thủ tục'), '.'));
    return;
  }
  const commune = p.resolver && p.resolver.kind === 'commune_pc';
  const owner = s.user.id_number || s.user.username;
  const [communes, points, earlier] = await Promise.all([
    commune ? getAll('/units?kind=commune_pc', { auth: false }) : [],
    getAll('/units?kind=service_point', { auth: false }),
    get(`/applicants/${encodeURIComponent(owner)}/documents?limit=100`).then((r) => r.items).catch(() => []),
  ]);
  // What the steps share. state is everything chosen so far (kept across steps). forWhom: 'self',
  // 'person' (another person) or 'organization'; for the last two the citizen is the
  // representative, with the paper that proves it (repDoc).
  const form = {
    main, s, p, owner, commune, communes, points, earlier,
    unitName: Object.fromEntries([...communes, ...points].map((u) => [u.code, u.name])),
    state: { phone: '', email: '', address: '', docs: {}, resolver: '', returnChannel: 'online', returnUnit: '',
      forWhom: 'self', otherName: '', otherId: '', relation: 'authorized', repDoc: null },
    steps: [
      { key: 'applicant', title: 'Thông tin người nộp' },
      { key: 'components', title: 'Tải lên thành phần hồ sơ' },
      commune ? { key: 'resolver', title: 'Chọn UBND xã, phường giải quyết' } : null,
      { key: 'return', title: 'Cách nhận kết quả' },
      { key: 'review', title: 'Kiểm tra và nộp hồ sơ' },
    ].filter(Boolean),
    first: true,
    // One key per submission: a double click (or a retry after a lost answer) creates one dossier.
    idem: `online-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  };
  show(form, 0);
}

/** Shows step i (with errors to show at once, e.g. the API's 422 sent back to their step). */
function show(form, i, errors) {
  const { main, p, steps } = form;
  const step = steps[i];
  setTitle(`${step.title} — Nộp hồ sơ trực tuyến`);
  const summary = errorSummary();
  const back = i > 0
    ? h('p', { class: 'no-print' }, h('a', { href: '#', onclick: (e) => { e.preventDefault(); show(form, i - 1); } }, '‹ Quay lại'))
    : h('p', { class: 'no-print' }, h('a', { href: `#/thu-tuc/${encodeURIComponent(p.code)}` }, '‹ Về thủ tục'));
  const body = STEP[step.key](form);
  const next = h('button', { type: 'submit', class: 'button', id: 'next' }, step.key === 'review' ? 'Nộp hồ sơ' : 'Tiếp tục');
  const el = h('form', { novalidate: true, id: `step-${step.key}` }, body.el, h('div', { class: 'button-group' }, next));
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errs = body.save();
    if (errs.length) { body.showErrors(errs, summary); return; }
    if (step.key !== 'review') { show(form, i + 1); return; }
    next.disabled = true;
    try { await submit(form); } finally { next.disabled = false; }
  });
  mount(main,
    back,
    h('ol', { class: 'steps-nav', 'aria-label': 'Các bước' }, steps.map((st, j) => h('li', j === i ? { 'aria-current': 'step' } : null, `${j + 1}. ${st.title}`))),
    summary.el,
    h('span', { class: 'muted' }, `Nộp hồ sơ trực tuyến · ${p.name}`),
    h('h1', { tabindex: '-1' }, step.title),
    el);
  main.dataset.step = step.key;
  if (errors) body.showErrors(errors, summary);
  else if (!form.first) main.querySelector('h1').focus();
  form.first = false;
}

const showStep = (form, key, errors) => show(form, form.steps.findIndex((x) => x.key === key), errors);

/** Shows errors [{field, message}] beside the step's fields (map: API field → field id) and in the summary. */
function showFieldErrors(fields, map) {
  return (errs, summary) => {
    const items = errs.map((e) => ({ id: map(e.field), message: e.message }));
    for (const [id, f] of Object.entries(fields)) f.setError(items.find((x) => x.id === id)?.message || null);
    for (const x of items) document.getElementById(x.id || '')?.closest('details')?.setAttribute('open', ''); // a collapsed paper with an error shows
    summary.show(items.map((x) => ({ id: x.id && document.getElementById(x.id) ? x.id : null, message: x.message })));
  };
}

// Each step: {el, save() → errors [{field, message}] after keeping what was chosen, showErrors}.
const STEP = {
  applicant: applicantStep,
  components: componentsStep,
  resolver: resolverStep,
  return: returnStep,
  review: reviewStep,
};

/** For whom the citizen submits; for another person or an organization, who and the proof. */
function representedPart(form) {
  const { state, owner } = form;
  const whom = radios({ id: 'for-whom', legend: 'Bạn nộp hồ sơ cho', value: state.forWhom,
    options: { self: 'Chính tôi', person: 'Người khác (tôi là người đại diện)', organization: 'Tổ chức, doanh nghiệp (tôi là người đại diện)' } });
  const otherName = field({ id: 'applicant-name', label: 'Họ tên người nộp hoặc tên tổ chức', value: state.otherName });
  const otherId = field({ id: 'applicant-id_number', label: 'Số định danh cá nhân hoặc mã số thuế', inputmode: 'numeric', width: 'short', value: state.otherId,
    hint: '12 chữ số (cá nhân) hoặc mã số thuế 10 chữ số (tổ chức)' });
  const relation = radios({ id: 'representative-relation', legend: 'Tư cách đại diện', value: state.relation,
    options: { authorized: 'Được ủy quyền', legal_representative: 'Đại diện theo pháp luật (cha mẹ, người giám hộ, người đứng đầu tổ chức)' } });
  const paper = field({ id: 'representative-document', type: 'file', label: 'Văn bản ủy quyền hoặc giấy tờ chứng minh người đại diện',
    hint: 'Bắt buộc khi nộp thay · tệp PDF, JPEG hoặc PNG' });
  paper.input.setAttribute('accept', ACCEPT);
  const paperStatus = h('p', { class: 'upload-status', id: 'representative-document-status', 'aria-live': 'polite' });
  const paperShown = () => { mount(paperStatus, state.repDoc ? ['Đã có: ', h('strong', null, state.repDoc.filename)] : ''); };
  paperShown();
  paper.input.addEventListener('change', async () => {
    const file = paper.input.files[0];
    if (!file) return;
    paper.setError(null);
    mount(paperStatus, 'Đang tải lên…');
    try {
      const r = await upload(file, owner);
      state.repDoc = { id: r.id, filename: r.filename || file.name };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      paper.setError(uploadError(e));
    }
    paperShown();
  });
  const other = h('div', { id: 'represented', hidden: state.forWhom === 'self' }, otherName.el, otherId.el, relation.el, paper.el, paperStatus);
  whom.onChange((v) => { other.hidden = v === 'self'; });
  return { whom, otherName, otherId, relation, paper, els: [whom.el, other] };
}

function applicantStep(form) {
  const { s, state, owner } = form;
  const rep = representedPart(form);
  const phone = field({ id: 'applicant-phone', label: 'Số điện thoại (không bắt buộc)', type: 'tel', autocomplete: 'tel', width: 'short', value: state.phone,
    hint: 'Để cán bộ liên hệ khi cần' });
  const email = field({ id: 'applicant-email', label: 'Thư điện tử (không bắt buộc)', type: 'email', autocomplete: 'email', spellcheck: false, value: state.email });
  const address = field({ id: 'applicant-address', label: 'Địa chỉ (không bắt buộc)', autocomplete: 'street-address', value: state.address });
  const fields = { 'applicant-phone': phone, 'applicant-email': email, 'applicant-address': address, 'applicant-name': rep.otherName,
    'applicant-id_number': rep.otherId, 'representative-document': rep.paper, 'representative-relation': rep.relation, 'for-whom': rep.whom };
  return {
    el: h('div', null,
      h('dl', { class: 'summary-list' }, dt('Họ và tên', s.user.full_name), dt('Số định danh cá nhân', owner)),
      h('p', { class: 'hint' }, 'Họ tên và số định danh lấy từ tài khoản của bạn.'),
      rep.els, phone.el, email.el, address.el),
    save() {
      state.forWhom = rep.whom.value || 'self';
      state.otherName = rep.otherName.input.value.trim(); state.otherId = rep.otherId.input.value.trim(); state.relation = rep.relation.value || 'authorized';
      state.phone = phone.input.value.trim(); state.email = email.input.value.trim(); state.address = address.input.value.trim();
      if (state.forWhom === 'self') return [];
      const errs = [];
      if (!state.otherName) errs.push({ field: 'applicant.name', message: 'nhập họ tên người nộp hoặc tên tổ chức' });
      if (!state.otherId) errs.push({ field: 'applicant.id_number', message: 'nhập số định danh hoặc mã số thuế' });
      if (!state.repDoc) errs.push({ field: 'representative.document', message: 'tải lên văn bản ủy quyền hoặc giấy tờ chứng minh người đại diện' });
      return errs;
    },
    showErrors: showFieldErrors(fields, (f) => (f === 'representative' ? 'for-whom' : f.startsWith('representative.')
      ? `representative-${f.slice(15)}` : `applicant-${f.replace(/^applicant\./, '')}`)),
  };
}

/** A component's upload (or an earlier document chosen instead), with what is there now. */
function componentField(form, c) {
  const { state, owner, earlier } = form;
  const id = `file-${c.id}`;
  const needed = c.required && c.submit_or_present === 'submit';
  const title = shortName(c.name);
  const f = field({ id, type: 'file', label: title,
    hint: [needed ? 'Bắt buộc' : 'Nếu có', SUBMIT[c.submit_or_present], ORIGINAL[c.original_or_copy], `số lượng ${c.quantity}`, 'tệp PDF, JPEG hoặc PNG'].join(' · ') });
  f.input.setAttribute('accept', ACCEPT);
  if (title !== c.name.replace(/[.;:,]+$/, '')) {
    f.el.querySelector('label').after(h('details', { class: 'legal', id: `${id}-legal` },
      h('summary', null, 'Xem đầy đủ quy định'), h('p', null, c.name)));
  }
  const status = h('p', { class: 'upload-status', id: `${id}-status`, 'aria-live': 'polite' });
  const shown = () => {
    const d = state.docs[c.id];
    mount(status, d ? ['Đã có: ', h('strong', null, d.filename || d.id), d.size ? ` (${bytes(d.size)})` : ''] : needed ? 'Chưa tải lên' : '');
    status.dataset.document = d ? d.id : '';
  };
  shown();
  f.input.addEventListener('change', async () => {
    const file = f.input.files[0];
    if (!file) return;
    f.setError(null);
    mount(status, 'Đang tải lên…');
    try {
      const r = await upload(file, owner);
      state.docs[c.id] = { id: r.id, filename: r.filename || file.name, size: r.size };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      f.setError(uploadError(e));
    }
    shown();
  });
  f.el.append(status);
  if (earlier.length) {
    const reuse = h('select', { id: `reuse-${c.id}`, class: 'input' }, h('option', { value: '' }, '— Hoặc dùng giấy tờ đã tải lên trước đây —'),
      earlier.map((d) => h('option', { value: d.id }, `${d.filename || d.id} (${dateTime(d.created_at)})`)));
    reuse.addEventListener('change', () => {
      const d = earlier.find((x) => x.id === reuse.value);
      if (d) state.docs[c.id] = { id: d.id, filename: d.filename, size: d.size };
      shown();
    });
    f.el.append(h('label', { class: 'visually-hidden', for: `reuse-${c.id}` }, `Giấy tờ đã tải lên trước đây cho: ${c.name}`), reuse);
  }
  return f;
}

function componentsStep(form) {
  const { p, state } = form;
  const fields = {};
  const needed = (c) => c.required && c.submit_or_present === 'submit';
  const part = (c) => {
    const f = componentField(form, c);
    fields[`file-${c.id}`] = f;
    return f.el;
  };
  // The papers that must be uploaded first; the others ("Nếu có", or shown at the counter) below,
  // collapsed, opened when one of them has an error.
  const first = p.components.filter(needed).map(part);
  const rest = p.components.filter((c) => !needed(c));
  const more = rest.length ? h('details', { class: 'more-papers', id: 'more-papers' },
    h('summary', null, `Giấy tờ khác, nộp nếu có hoặc xuất trình (${rest.length})`), rest.map(part)) : null;
  return {
    el: h('div', null, h('p', { class: 'hint' }, 'Mỗi thành phần một tệp PDF, JPEG hoặc PNG.'), first, more),
    save() {
      return p.components.filter((c) => c.required && c.submit_or_present === 'submit' && !state.docs[c.id])
        .map((c) => ({ field: `components.${c.id}`, message: `tải lên ${shortName(c.name)}` }));
    },
    showErrors: showFieldErrors(fields, (f) => (f.startsWith('components.') ? `file-${f.slice(11)}` : null)),
  };
}

function resolverStep(form) {
  const { state } = form;
  const sel = select({ id: 'resolver_unit', label: 'UBND xã, phường giải quyết', placeholder: '— Chọn UBND xã, phường —',
    hint: 'Bạn chọn UBND xã, phường nào cũng được, không phụ thuộc nơi cư trú',
    options: form.communes.filter((u) => u.active).map((u) => [u.code, u.name]), value: state.resolver });
  return {
    el: sel.el,
    save() {
      state.resolver = sel.input.value;
      return state.resolver ? [] : [{ field: 'resolver_unit', message: 'chọn UBND xã, phường giải quyết' }];
    },
    showErrors: showFieldErrors({ resolver_unit: sel }, (f) => (f === 'resolver_unit' ? 'resolver_unit' : null)),
  };
}

function returnStep(form) {
  const { state } = form;
  const ch = radios({ id: 'return_channel', legend: 'Bạn muốn nhận kết quả', options: { online: 'Trực tuyến (bản điện tử)', counter: 'Tại điểm phục vụ', post: 'Qua bưu chính' }, value: state.returnChannel });
  const unitSel = select({ id: 'return_unit', label: 'Điểm phục vụ nhận kết quả', placeholder: '— Chọn điểm phục vụ —',
    hint: 'Nhận tại bất kỳ điểm phục vụ nào', options: form.points.filter((u) => u.active).map((u) => [u.code, u.name]), value: state.returnUnit });
  const unitBox = h('div', { hidden: state.returnChannel !== 'counter' }, unitSel.el);
  ch.onChange((v) => { unitBox.hidden = v !== 'counter'; });
  return {
    el: h('div', null, ch.el, unitBox),
    save() {
      state.returnChannel = ch.value;
      state.returnUnit = state.returnChannel === 'counter' ? unitSel.input.value : '';
      return state.returnChannel === 'counter' && !state.returnUnit ? [{ field: 'return_unit', message: 'chọn điểm phục vụ nhận kết quả' }] : [];
    },
    showErrors: showFieldErrors({ return_unit: unitSel, return_channel: ch }, (f) => (f === 'return_unit' ? 'return_unit' : f === 'return_channel' ? 'return_channel' : null)),
  };
}

function reviewStep(form) {
  const { s, p, owner, state, unitName } = form;
  const change = (key) => h('a', { href: '#', class: 'no-print', onclick: (e) => { e.preventDefault(); showStep(form, key); } }, 'Sửa');
  const docs = p.components.filter((c) => state.docs[c.id]);
  return {
    el: h('div', null,
      h('dl', { class: 'summary-list', id: 'review' },
        dt('Thủ tục', p.name),
        dt('Thời hạn giải quyết', duration(p.duration)),
        state.forWhom === 'self'
          ? dt('Người nộp', `${s.user.full_name} (${owner})`, state.phone ? `, ${state.phone}` : '', ' ', change('applicant'))
          : dt('Người nộp', `${state.otherName} (${state.otherId})`, h('br'),
            `Người đại diện: ${s.user.full_name} (${owner}), ${state.relation === 'authorized' ? 'được ủy quyền' : 'đại diện theo pháp luật'}`, ' ', change('applicant')),
        dt('Giấy tờ đã tải lên', h('ul', null, docs.map((c) => h('li', null, c.name, ': ', state.docs[c.id].filename || ''))), change('components')),
        form.commune ? dt('UBND xã, phường giải quyết', unitName[state.resolver] || '', ' ', change('resolver')) : null,
        dt('Phí, lệ phí', h('span', { id: 'review-fees' }, feeRulesText(p, 'online')), h('br'),
          h('span', { class: 'muted' }, 'Số tiền được tính khi nộp; có thể thanh toán trực tuyến ngay sau khi nộp hồ sơ.')),
        dt('Nhận kết quả', RETURN_CHANNEL[state.returnChannel] || state.returnChannel,
          state.returnChannel === 'counter' ? ` tại ${unitName[state.returnUnit] || state.returnUnit}` : '', ' ', change('return'))),
      h('p', null, 'Khi bấm “Nộp hồ sơ”, bạn xác nhận thông tin và giấy tờ trên là đúng sự thật.')),
    save: () => [],
    showErrors: (errs, summary) => summary.show(errs.map((e) => ({ message: e.message }))),
  };
}

/** The body of POST /dossiers from what was chosen. */
function dossierBody(form) {
  const { s, p, owner, state } = form;
  const body = {
    procedure: p.code,
    applicant: { kind: state.forWhom === 'organization' ? 'organization' : 'person',
      name: state.forWhom === 'self' ? s.user.full_name : state.otherName, id_number: state.forWhom === 'self' ? owner : state.otherId,
      ...(state.phone ? { phone: state.phone } : {}), ...(state.email ? { email: state.email } : {}), ...(state.address ? { address: state.address } : {}) },
    ...(state.forWhom === 'self' ? {} : { representative: { name: s.user.full_name, id_number: owner, relation: state.relation, document: state.repDoc && state.repDoc.id } }),
    channel: 'online',
    components: p.components.filter((c) => state.docs[c.id]).map((c) => ({ id: c.id, provided: true, document: state.docs[c.id].id })),
    return_channel: state.returnChannel,
  };
  if (form.commune) body.resolver_unit = state.resolver;
  if (state.returnChannel === 'counter') body.return_unit = state.returnUnit;
  return body;
}

/** Submits; the API's 422 goes back to the first step that holds a field in error. */
async function submit(form) {
  let d;
  try {
    d = await post('/dossiers', dossierBody(form), { headers: { 'Idempotency-Key': form.idem } });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const errs = e.fieldErrors.length ? e.fieldErrors.map((x) => ({ field: x.field, message: x.message_vi || x.message })) : [{ field: '', message: e.messageVi }];
    const stepOf = (f) => (f.startsWith('applicant') || f.startsWith('representative') ? 'applicant' : f.startsWith('components') ? 'components'
      : f === 'resolver_unit' ? 'resolver' : f.startsWith('return') ? 'return' : 'review');
    const target = form.steps.findIndex((x) => x.key === stepOf(errs[0].field));
    show(form, target < 0 ? form.steps.length - 1 : target, errs);
    return;
  }
  submitted(form.main, d);
}

/** The code and the tracking secret of the dossier just submitted. */
function submitted(main, d) {
  setTitle('Đã nộp hồ sơ');
  mount(main,
    h('div', { class: 'panel', id: 'submit-result', dataset: { code: d.code } },
      h('h1', { class: 'panel__title', tabindex: '-1' }, 'Đã nộp hồ sơ trực tuyến'),
      h('p', null, 'Mã hồ sơ', h('br'), h('strong', { class: 'panel__code', id: 'result-code' }, d.code)),
      h('p', null, 'Mã tra cứu', h('br'), h('strong', { class: 'panel__code', id: 'result-secret' }, d.tracking_secret))),
    feeSection(d, `${location.origin}/pay-return/${encodeURIComponent(d.code)}`),
    h('p', null, 'Hồ sơ đang chờ cán bộ Trung tâm tiếp nhận. Hạn giải quyết được tính từ khi hồ sơ được tiếp nhận; khi đó Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01) có trong “Hồ sơ của tôi”. Giữ mã hồ sơ và mã tra cứu để theo dõi hồ sơ.'),
    h('div', { class: 'button-group' },
      h('a', { href: `/track/${encodeURIComponent(d.code)}?s=${encodeURIComponent(d.tracking_secret)}` }, 'Theo dõi hồ sơ'),
      h('a', { href: '#/ho-so' }, 'Hồ sơ của tôi')));
  main.dataset.step = 'done';
  main.querySelector('h1').focus();
}
