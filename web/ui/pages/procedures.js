// Administrator's procedures (screen 13): a list searched without diacritics, and an editor that
// loads a procedure and publishes a new version with PUT (the whole representation plus the version
// it was loaded at, so that a stale edit gets a 409). Components and steps are rows that can be
// added and removed; the API's 422 errors (e.g. components[2].name, steps[1].role) are shown beside
// the fields and in the summary. Routes: #/quan-tri/thu-tuc, #/quan-tri/thu-tuc/{code}.
import { h, mount, setTitle } from '../dom.js';
import { get, api, ApiError } from '../api.js';
import { LEVEL, ONLINE, ORIGINAL, SUBMIT, STEP_ROLE, duration as durationText, fee, sentence } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { select } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';
import { feeRulesEditor } from '../fee-rules.js';

const DURATION_UNIT = { working_days: 'Ngày làm việc', working_hours: 'Giờ làm việc', calendar_days: 'Ngày', same_day: 'Trong ngày' };
const PAGE = 50;

export async function render(main, { params }) {
  // An absent optional part of the route arrives as 'undefined'.
  const code = params[0] && params[0] !== 'undefined' ? params[0] : null;
  const s = requireLogin();
  if (!s) return;
  setTitle('Thủ tục hành chính');
  if (!hasRole(s, 'admin')) {
    mount(main, h('h1', null, 'Thủ tục hành chính'), h('p', null, 'Chỉ quản trị hệ thống mới xem được trang này.'));
    return;
  }
  if (code) await editor(main, code);
  else await list(main);
}

function errorBlock(main, title, e) {
  mount(main, h('h1', null, title), h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)));
}

async function list(main) {
  const q = field({ id: 'procedures-q', label: 'Tên hoặc mã thủ tục', hint: 'Có dấu hay không dấu đều được, ví dụ: giam ho', autocomplete: 'off' });
  const results = h('div', { id: 'procedures-results', 'aria-live': 'polite' });
  const cursors = [null];
  let pageNo = 0;
  async function load() {
    const qs = new URLSearchParams({ limit: String(PAGE) });
    if (q.input.value.trim()) qs.set('q', q.input.value.trim());
    if (cursors[pageNo]) qs.set('cursor', cursors[pageNo]);
    let r;
    try { r = await get(`/procedures?${qs}`); } catch (e) {
      mount(results, h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)));
      return;
    }
    cursors[pageNo + 1] = r.next_cursor;
    mount(results,
      h('p', { id: 'procedures-count' }, r.items.length ? `Trang ${pageNo + 1}: ${r.items.length} thủ tục` : 'Không tìm thấy thủ tục nào.'),
      r.items.length ? h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'procedures-caption', tabindex: '0' },
        h('table', { class: 'table', id: 'procedures' },
          h('caption', { id: 'procedures-caption', class: 'visually-hidden' }, 'Danh sách thủ tục'),
          h('thead', null, h('tr', null, ['Mã', 'Tên thủ tục', 'Lĩnh vực', 'Cấp', 'Phiên bản'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, r.items.map((p) => h('tr', { dataset: { code: p.code } },
            h('td', { class: 'nowrap' }, h('a', { href: `#/quan-tri/thu-tuc/${encodeURIComponent(p.code)}` }, p.code)),
            h('td', null, p.name), h('td', null, p.field || ''), h('td', null, LEVEL[p.level] || p.level), h('td', null, String(p.version))))))) : null,
      h('div', { class: 'button-group' },
        pageNo > 0 ? h('button', { type: 'button', class: 'button button--secondary', id: 'procedures-prev', onclick: () => { pageNo--; load(); } }, '← Trang trước') : null,
        r.next_cursor ? h('button', { type: 'button', class: 'button button--secondary', id: 'procedures-next', onclick: () => { pageNo++; load(); } }, 'Trang sau →') : null));
  }
  mount(main,
    h('h1', null, 'Thủ tục hành chính'),
    h('form', { class: 'search-panel', id: 'procedures-search', role: 'search', novalidate: true, onsubmit: (e) => { e.preventDefault(); cursors.length = 1; pageNo = 0; load(); } },
      q.el, h('div', { class: 'button-group' }, h('button', { class: 'button', type: 'submit' }, 'Tìm'))),
    results);
  await load();
}

// "12" → 12; anything else is sent as typed so that the API says what is wrong.
const num = (v) => (/^\s*\d+\s*$/.test(v) ? Number(v) : v.trim());

/** A checkbox with its label: {el, input, setError}. */
function checkbox({ id, label, checked }) {
  const input = h('input', { type: 'checkbox', id, class: 'choice__input' });
  input.checked = Boolean(checked);
  const errEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const el = h('div', { class: 'form-group' }, errEl, h('div', { class: 'choice' }, input, h('label', { for: id, class: 'choice__label' }, label)));
  return {
    el, input,
    setError(msg) {
      if (msg) { mount(errEl, h('span', { class: 'visually-hidden' }, 'Lỗi: '), sentence(msg)); errEl.hidden = false; input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', errEl.id); }
      else { errEl.replaceChildren(); errEl.hidden = true; input.removeAttribute('aria-invalid'); input.removeAttribute('aria-describedby'); }
    },
  };
}

async function editor(main, code) {
  let p;
  try { p = await get(`/procedures/${encodeURIComponent(code)}`); } catch (e) {
    errorBlock(main, `Thủ tục ${code}`, e);
    return;
  }
  build(main, p);
}

function build(main, p, flashText) {
  setTitle(`Sửa thủ tục ${p.code}`);
  const summary = errorSummary();
  // Every control that can carry an error, by the id derived from the API's field path.
  const controls = new Map();
  const reg = (c) => { controls.set(c.input ? c.input.id : c.id, c); return c; };
  const fields = procedureFields(p, reg);
  const rows = rowsEditor(p, reg, controls);
  const feeRules = feeRulesEditor(p, reg, controls);
  const flash = h('div', { id: 'procedure-message', 'aria-live': 'polite' }, flashText ? h('p', { class: 'notice', id: 'procedure-published', tabindex: '-1' }, flashText) : null);
  const button = h('button', { class: 'button', type: 'submit', id: 'publish' }, 'Phát hành phiên bản mới');
  const onsubmit = (e) => publish(e, { main, p, summary, controls, flash, button, fields, rows, feeRules });
  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/quan-tri/thu-tuc' }, '← Danh sách thủ tục'), ' · ', h('a', { href: `#/thu-tuc/${encodeURIComponent(p.code)}` }, 'Trang công khai')),
    h('h1', null, `Sửa thủ tục ${p.code}`),
    h('p', { id: 'procedure-version' }, `Phiên bản hiện tại: ${p.version}. Thời hạn: ${durationText(p.duration)}; lệ phí: ${fee(p.fee_vnd)}.`),
    h('p', { class: 'hint' }, 'Phát hành tạo một phiên bản mới; hồ sơ đã tiếp nhận giữ phiên bản cũ.'),
    flash,
    h('form', { id: 'procedure-form', novalidate: true, onsubmit, autocomplete: 'off' },
      summary.el, fields.els,
      h('h2', null, 'Thành phần hồ sơ'), rows.compBox, rows.addComponent,
      h('h2', null, 'Các bước xử lý'), rows.stepBox, rows.addStep,
      h('h2', null, 'Phí, lệ phí'), feeRules.el, feeRules.add,
      h('div', { class: 'button-group' }, button)));
}

/** The procedure's own fields (all but components and steps) → {els, body(): their part of the PUT}. */
function procedureFields(p, reg) {
  const name = reg(field({ id: 'name', label: 'Tên thủ tục', value: p.name, multiline: true, rows: 2 }));
  const fieldName = reg(field({ id: 'field', label: 'Lĩnh vực', value: p.field || '' }));
  const level = reg(select({ id: 'level', label: 'Cấp thực hiện', options: Object.entries(LEVEL), value: p.level }));
  const durValue = reg(field({ id: 'duration-value', label: 'Thời hạn giải quyết', inputmode: 'numeric', width: 'short', value: p.duration ? String(p.duration.value) : '' }));
  const durUnit = reg(select({ id: 'duration-unit', label: 'Đơn vị thời hạn', options: Object.entries(DURATION_UNIT), value: p.duration ? p.duration.unit : 'working_days' }));
  const feeF = reg(field({ id: 'fee_vnd', label: 'Lệ phí (đồng)', hint: 'Để trống nếu chưa có thông tin; 0 là không mất phí', inputmode: 'numeric', width: 'short', value: p.fee_vnd === null || p.fee_vnd === undefined ? '' : String(p.fee_vnd) }));
  const online = reg(select({ id: 'online', label: 'Dịch vụ công trực tuyến', options: Object.entries(ONLINE), value: p.online }));
  const resolverKind = reg(select({ id: 'resolver-kind', label: 'Cơ quan giải quyết', options: [['commune_pc', 'UBND xã, phường nơi nộp'], ['unit', 'Một đơn vị cụ thể']], value: p.resolver ? p.resolver.kind : 'commune_pc' }));
  const resolverUnit = reg(field({ id: 'resolver-unit', label: 'Mã đơn vị giải quyết', hint: 'Khi cơ quan giải quyết là một đơn vị cụ thể, ví dụ: 000.00.10.H26', spellcheck: false, width: 'short', value: p.resolver && p.resolver.unit ? p.resolver.unit : '' }));
  const showResolverUnit = () => { resolverUnit.el.hidden = resolverKind.input.value !== 'unit'; };
  resolverKind.input.addEventListener('change', showResolverUnit);
  showResolverUnit();
  const result = reg(field({ id: 'result', label: 'Kết quả thực hiện', value: p.result || '', multiline: true, rows: 2 }));
  return {
    els: [name.el, fieldName.el, level.el, durValue.el, durUnit.el, feeF.el, online.el, resolverKind.el, resolverUnit.el, result.el],
    body: () => ({
      name: name.input.value.trim(), field: fieldName.input.value.trim(), level: level.input.value,
      duration: { value: num(durValue.input.value), unit: durUnit.input.value },
      fee_vnd: feeF.input.value.trim() === '' ? null : num(feeF.input.value),
      online: online.input.value,
      resolver: resolverKind.input.value === 'unit' ? { kind: 'unit', unit: resolverUnit.input.value.trim() } : { kind: 'commune_pc' },
    }),
    result,
  };
}

/** A component's row: its fields and "Bỏ thành phần"; read() gives it back as the API takes it. */
function componentRow(c, i, reg, remove) {
  const id = `components-${i}`;
  const nm = reg(field({ id: `${id}-name`, label: 'Tên giấy tờ', value: c.name || '', multiline: true, rows: 2 }));
  const oc = reg(select({ id: `${id}-original_or_copy`, label: 'Bản chính hay bản sao', options: Object.entries(ORIGINAL), value: c.original_or_copy || 'original' }));
  const qty = reg(field({ id: `${id}-quantity`, label: 'Số lượng', inputmode: 'numeric', width: 'short', value: String(c.quantity ?? 1) }));
  const req = reg(checkbox({ id: `${id}-required`, label: 'Bắt buộc', checked: c.required }));
  const sp = reg(select({ id: `${id}-submit_or_present`, label: 'Nộp hay xuất trình', options: Object.entries(SUBMIT), value: c.submit_or_present || 'submit' }));
  const el = h('fieldset', { class: 'panel panel--plain', id, dataset: { id: c.id || '' } },
    h('legend', { class: 'label' }, `Thành phần ${i + 1}${c.id ? ` (${c.id})` : ' (mới)'}`),
    nm.el, oc.el, qty.el, req.el, sp.el,
    h('button', { type: 'button', class: 'button button--warning', id: `${id}-remove`, onclick: remove }, `Bỏ thành phần ${i + 1}`));
  return {
    el,
    read: () => ({ ...(c.id ? { id: c.id } : {}), name: nm.input.value.trim(), original_or_copy: oc.input.value, quantity: num(qty.input.value), required: req.input.checked, submit_or_present: sp.input.value }),
  };
}

/** A step's row: its fields and "Bỏ bước"; read() gives it back as the API takes it. */
function stepRow(st, i, reg, remove) {
  const id = `steps-${i}`;
  const nm = reg(field({ id: `${id}-name`, label: 'Tên bước', value: st.name || '' }));
  const unit = reg(field({ id: `${id}-unit`, label: 'Đơn vị thực hiện', hint: '"resolver" là cơ quan giải quyết; hoặc mã một đơn vị', spellcheck: false, width: 'short', value: st.unit || 'resolver' }));
  const role = reg(select({ id: `${id}-role`, label: 'Vai trò', options: Object.entries(STEP_ROLE), value: st.role || 'processor' }));
  const dv = reg(field({ id: `${id}-duration-value`, label: 'Thời hạn của bước', inputmode: 'numeric', width: 'short', value: st.duration ? String(st.duration.value) : '' }));
  const du = reg(select({ id: `${id}-duration-unit`, label: 'Đơn vị thời hạn của bước', options: Object.entries(DURATION_UNIT), value: st.duration ? st.duration.unit : 'working_days' }));
  const el = h('fieldset', { class: 'panel panel--plain', id },
    h('legend', { class: 'label' }, `Bước ${i + 1}`),
    nm.el, unit.el, role.el, dv.el, du.el,
    h('button', { type: 'button', class: 'button button--warning', id: `${id}-remove`, onclick: remove }, `Bỏ bước ${i + 1}`));
  return { el, read: () => ({ name: nm.input.value.trim(), unit: unit.input.value.trim(), role: role.input.value, duration: { value: num(dv.input.value), unit: du.input.value } }) };
}

/**
 * Components and steps: rows that can be added and removed. Their values are read back before any
 * add/remove re-numbers them. → {compBox, stepBox, addComponent, addStep, read(): {components, steps}}.
 */
function rowsEditor(p, reg, controls) {
  let components = (p.components || []).map((c) => ({ ...c }));
  let steps = (p.steps || []).map((st) => ({ ...st, duration: st.duration ? { ...st.duration } : null }));
  const compBox = h('div', { id: 'components' });
  const stepBox = h('div', { id: 'steps' });
  let compRows = [];
  let stepRows = [];
  function readRows() {
    components = compRows.map((r) => r.read());
    steps = stepRows.map((r) => r.read());
  }
  function drawRows() {
    for (const k of [...controls.keys()]) if (/^(components|steps)-\d/.test(k)) controls.delete(k);
    compRows = components.map((c, i) => componentRow(c, i, reg, () => { readRows(); components.splice(i, 1); drawRows(); }));
    stepRows = steps.map((st, i) => stepRow(st, i, reg, () => { readRows(); steps.splice(i, 1); drawRows(); }));
    mount(compBox, compRows.map((r) => r.el));
    mount(stepBox, stepRows.map((r) => r.el));
  }
  drawRows();
  const addComponent = h('div', { class: 'button-group' }, h('button', { type: 'button', class: 'button button--secondary', id: 'add-component', onclick: () => { readRows(); components.push({ name: '', original_or_copy: 'original', quantity: 1, required: true, submit_or_present: 'submit' }); drawRows(); compBox.lastElementChild.querySelector('textarea').focus(); } }, 'Thêm thành phần'));
  const addStep = h('div', { class: 'button-group' }, h('button', { type: 'button', class: 'button button--secondary', id: 'add-step', onclick: () => { readRows(); steps.push({ name: '', unit: 'resolver', role: 'approver', duration: { value: 1, unit: 'working_days' } }); drawRows(); stepBox.lastElementChild.querySelector('input').focus(); } }, 'Thêm bước'));
  return {
    compBox, stepBox, addComponent, addStep,
    read() { readRows(); return { components, steps }; },
  };
}

/** PUT the whole procedure with the version it was loaded at: a new version, or the errors shown. */
async function publish(e, { main, p, summary, controls, flash, button, fields, rows, feeRules }) {
  e.preventDefault();
  for (const c of controls.values()) c.setError(null);
  summary.clear();
  flash.replaceChildren();
  const { components, steps } = rows.read();
  // The rules go back whole: a PUT without them would publish a version without fees.
  const { fees, errors: feeErrors } = feeRules.read();
  if (feeErrors.length) {
    for (const [id, msg] of feeErrors) controls.get(id).setError(msg);
    summary.show(feeErrors.map(([id, message]) => ({ id, message })));
    return;
  }
  const body = { ...fields.body(), components, steps, fees, result: fields.result.input.value.trim(), version: p.version };
  button.disabled = true;
  try {
    const np = await api('PUT', `/procedures/${encodeURIComponent(p.code)}`, { body });
    build(main, np, `Đã phát hành phiên bản ${np.version} của thủ tục ${np.code}.`);
    main.querySelector('#procedure-published').focus();
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      summary.show([{ message: 'Thủ tục đã có phiên bản mới hơn do người khác vừa phát hành. Hãy tải lại trang để sửa trên phiên bản mới nhất; các thay đổi của bạn chưa được lưu.' }]);
      return;
    }
    const errors = err instanceof ApiError ? err.fieldErrors : [];
    if (!errors.length) { summary.show([{ message: err.messageVi || String(err) }]); return; }
    summary.show(errors.map((fe) => {
      const id = fe.field.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
      const c = controls.get(id);
      if (c) c.setError(fe.message_vi);
      const target = c ? id : document.getElementById(id) ? id : null;
      return { id: target, message: c ? fe.message_vi : `${fe.field}: ${fe.message_vi}` };
    }));
  } finally { button.disabled = false; }
}
