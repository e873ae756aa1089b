// The dossier actions as the UI offers them (POST /dossiers/{code}/{action}, If-Match: version):
// their Vietnamese wording, their key and the fields of their body, and the form that asks for those
// fields. Which actions a person may take now is not decided here: the server says it in the
// dossier's allowed_actions (GET /dossiers/{code} and every action's answer), and a page offers
// those of them it has words for, in the order below.
import { h, mount } from './dom.js';
import { upload, workdayEnd, ApiError } from './api.js';
import { radios } from './choices.js';
import { field, errorSummary } from './forms.js';

const lines = (id, label) => ({ id, label, hint: 'Mỗi dòng một giấy tờ', multiline: true, lines: true });
const text = (id, label) => ({ id, label, multiline: true });

/**
 * name, label (button and notices), key (keyboard shortcut), danger (a warning button), fields of
 * the body ({id, label, hint, multiline, lines: one item per line, type: 'file' | 'date', radios,
 * endOfDay: a date sent as the end of that working day, int: sent as a number}), components (one paper or file per
 * component of the procedure).
 */
export const ACTIONS = [
  { name: 'receive', label: 'Tiếp nhận', key: 'n' },
  { name: 'transfer', label: 'Chuyển xử lý', key: 'c' },
  { name: 'complete-step', label: 'Hoàn thành bước', key: 'h', fields: [text('note', 'Ghi chú (không bắt buộc)')] },
  { name: 'decide', label: 'Quyết định', key: 'q',
    fields: [{ id: 'outcome', radios: { approved: 'Có kết quả (phê duyệt)', denied: 'Từ chối giải quyết' }, label: 'Kết quả giải quyết' },
      { id: 'result.number', label: 'Số văn bản kết quả' }, { id: 'result.title', label: 'Trích yếu kết quả' },
      { id: 'result.document', label: 'Văn bản kết quả điện tử (không bắt buộc)', type: 'file', hint: 'PDF, JPEG hoặc PNG; người nộp nhận được bản điện tử' },
      text('reason', 'Lý do (bắt buộc khi từ chối)')] },
  { name: 'send-back', label: 'Trả lại bước trước', key: 'l',
    fields: [{ id: 'to_step', label: 'Trả lại bước số', hint: 'Số thứ tự của một bước trước bước hiện tại', type: 'number', int: true },
      { id: 'reason', label: 'Lý do trả lại', hint: 'Một dòng, tối đa 500 ký tự' }] },
  { name: 'request-supplement', label: 'Yêu cầu bổ sung', key: 'b', fields: [lines('items', 'Giấy tờ cần bổ sung'), text('reason', 'Lý do')] },
  { name: 'supplement', label: 'Nhận hồ sơ bổ sung', key: 's', components: true },
  { name: 'extend', label: 'Xin lỗi và gia hạn', key: 'g',
    fields: [{ id: 'new_due_at', label: 'Hạn mới', type: 'date', endOfDay: true }, text('reason', 'Lý do')] },
  { name: 'return', label: 'Trả kết quả', key: 't' },
  { name: 'request-completion', label: 'Yêu cầu bổ sung, hoàn thiện', key: 'b',
    fields: [lines('items', 'Giấy tờ cần bổ sung, hoàn thiện'), text('reason', 'Lý do')] },
  { name: 'refuse', label: 'Từ chối tiếp nhận', key: 'x', danger: true, fields: [text('reason', 'Lý do từ chối')] },
  { name: 'stop', label: 'Dừng giải quyết', key: 'd', danger: true, fields: [text('reason', 'Lý do dừng (theo đề nghị của người nộp)')] },
];

/** Returning a result that goes by post records the posting: its tracking number, and the address
 * when it is not the applicant's. */
const RETURN_BY_POST = { name: 'return', label: 'Ghi nhận đã gửi bưu chính', key: 't',
  fields: [{ id: 'tracking_number', label: 'Số hiệu bưu gửi', hint: 'Như in trên biên nhận của bưu điện, ví dụ EB123456789VN' },
    { id: 'address', label: 'Địa chỉ nhận (để trống nếu là địa chỉ của người nộp)' }] };

/** The actions to offer on dossier d: those the server allows now, limited to `names` when given. */
export function offeredActions(d, names = null) {
  const allowed = new Set(d.allowed_actions || []);
  return ACTIONS.filter((a) => allowed.has(a.name) && (!names || names.includes(a.name)))
    .map((a) => (a.name === 'return' && d.return_channel === 'post' ? RETURN_BY_POST : a));
}

/** Whether the action asks for a body in a form before it is sent. */
export const needsForm = (a) => Boolean(a.fields || a.components);

/** The JSON body of an action from the form's values (files already replaced by document ids). */
export async function bodyOf(action, values) {
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
    else if (f.endOfDay) b[f.id] = `${v}T${await workdayEnd()}`;
    else if (f.int) b[f.id] = /^\d+$/.test(v) ? Number(v) : v;
    else b[f.id] = v;
  }
  return b;
}

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

/** One field of an action's form: its element; its input is added to `inputs` by field id. */
function actionField(action, f, inputs, end) {
  if (f.radios) {
    // The styled choices of the other forms, nothing chosen beforehand: the decision is the
    // leader's to make (the API's 422 names the field when none is chosen).
    const r = radios({ id: `${action.name}-${f.id}`, legend: f.label, options: f.radios });
    inputs[f.id] = { get value() { return r.value || ''; }, setError: r.setError, id: r.firstId };
    return r.el;
  }
  const id = `${action.name}-${f.id}`;
  const hint = f.endOfDay ? (end ? `Hạn mới là ${end.slice(0, 5)} của ngày này` : null) : f.hint;
  const fl = field({ id, label: f.label, hint, type: f.type, multiline: f.multiline });
  if (f.type === 'file') {
    fl.input.setAttribute('accept', ACCEPT);
    inputs[f.id] = { get value() { return fl.input.files[0] || ''; }, setError: fl.setError, id };
  } else {
    inputs[f.id] = { get value() { return fl.input.value.trim(); }, setError: fl.setError, id };
  }
  return fl.el;
}

/** What the applicant hands in, per component of the procedure: a paper shown (ticked) or a file. */
function componentFields(action, components, inputs) {
  return components.map((c) => {
    const id = `${action.name}-comp-${c.id}`;
    const tick = h('input', { type: 'checkbox', class: 'choice__input', id: `${id}-given` });
    const fl = field({ id, label: `Bản điện tử (không bắt buộc): ${c.name.slice(0, 90)}${c.name.length > 90 ? '…' : ''}`, type: 'file' });
    fl.input.setAttribute('accept', ACCEPT);
    fl.input.addEventListener('change', () => { if (fl.input.files[0]) tick.checked = true; });
    inputs[`comp.${c.id}`] = { get value() { return fl.input.files[0] || tick.checked; }, setError: fl.setError, id: `${id}-given` };
    return h('div', { class: 'supplement-item' },
      h('div', { class: 'choice' }, tick, h('label', { class: 'choice__label', for: tick.id }, c.name)), fl.el);
  });
}

/** Shows an action's 422 beside its fields and in the summary (the whole problem when no field). */
function showErrors(inputs, summary, e) {
  const errs = [];
  for (const [id, inp] of Object.entries(inputs)) {
    const fe = e.fieldErrors.find((x) => x.field === id || x.field.startsWith(`${id}.`) || x.field.startsWith(`${id}[`));
    inp.setError(fe ? (fe.message_vi || fe.message) : null);
    if (fe) errs.push({ id: inp.id, message: fe.message_vi || fe.message });
  }
  if (!errs.length) errs.push({ message: e.messageVi });
  summary.show(errs);
}

/**
 * Replaces the chosen files in values by documents of owner (uploaded now). False after showing
 * the error of a file the server refused.
 */
async function uploadFiles(values, inputs, owner, summary) {
  for (const [k, v] of Object.entries(values)) {
    if (!(v instanceof File)) continue;
    try {
      values[k] = (await upload(v, owner)).id;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      inputs[k].setError(e.messageVi);
      summary.show([{ id: inputs[k].id, message: `${v.name}: ${e.messageVi}` }]);
      return false;
    }
  }
  return true;
}

/**
 * The form of an action that needs a body, shown in box: its fields (for "supplement", a paper or a
 * file per component of the procedure), "Xác nhận" and "Hủy". On submit, files become documents of
 * owner, then send(values, form) runs the action; form.showErrors(e) shows a 422 beside the fields.
 */
export async function actionForm(action, box, { components = [], owner, send }) {
  const summary = errorSummary();
  const inputs = {};
  const end = (action.fields || []).some((f) => f.endOfDay) ? await workdayEnd().catch(() => null) : null;
  const parts = (action.fields || []).map((f) => actionField(action, f, inputs, end));
  if (action.components) parts.push(...componentFields(action, components, inputs));
  const submit = h('button', { type: 'submit', class: action.danger ? 'button button--warning' : 'button' }, `Xác nhận: ${action.label}`);
  const form = h('form', { class: 'action-form', novalidate: true, 'aria-label': action.label },
    summary.el, h('h3', null, action.label), parts,
    h('div', { class: 'button-group' }, submit,
      h('button', { type: 'button', class: 'button button--secondary', onclick: () => { box.replaceChildren(); } }, 'Hủy')));
  const handle = { showErrors: (e) => showErrors(inputs, summary, e) };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    const values = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value]));
    try {
      if (!await uploadFiles(values, inputs, owner, summary)) return;
      if (action.components && !Object.keys(values).some((k) => k.startsWith('comp.') && values[k])) {
        summary.show([{ message: 'Chọn ít nhất một giấy tờ người nộp đã bổ sung' }]);
        return;
      }
      await send(values, handle);
    } finally { submit.disabled = false; }
  });
  mount(box, form);
  (form.querySelector('input, textarea') || submit).focus();
}
