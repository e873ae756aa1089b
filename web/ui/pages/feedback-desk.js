// Staff's feedback desk: the feedback assigned to the units their roles cover, soonest due first
// (GET /feedback), marked overdue; the selected one's details, moving it to another unit in their
// scope (POST /feedback/{code}/assign) and answering it, published only when the sender agreed
// (POST /feedback/{code}/answer). Keyboard: j / ↓ next, k / ↑ previous, Enter open, Esc close.
// Route: #/phan-anh-kien-nghi.
import { h, mount, setTitle, selectRow } from '../dom.js';
import { get, post, getAll, ApiError } from '../api.js';
import { requireLogin } from '../session.js';
import { field } from '../forms.js';
import { select, checkboxes } from '../choices.js';
import { dateTime } from '../format.js';

const KIND = { phan_anh: 'Phản ánh', kien_nghi: 'Kiến nghị', khieu_nai: 'Khiếu nại' };
const ABOUT = { dossier: 'Hồ sơ', point: 'Điểm phục vụ', officer: 'Cán bộ' };

function stateTag(f) {
  if (f.status === 'answered') return h('span', { class: 'tag tag--closed' }, f.late ? 'Đã trả lời (quá hạn)' : 'Đã trả lời');
  return f.overdue ? h('span', { class: 'tag tag--overdue' }, 'Quá hạn') : h('span', { class: 'tag tag--open' }, 'Đang xử lý');
}

export async function render(main, { isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  const title = 'Phản ánh, kiến nghị';
  setTitle(title);
  const [list, units] = await Promise.all([get('/feedback?limit=200'), getAll('/units', { auth: false })]);
  if (!isCurrent()) return;
  const names = Object.fromEntries(units.map((u) => [u.code, u.name]));
  const detail = h('section', { id: 'feedback-detail', 'aria-live': 'polite', tabindex: '-1' });
  const tbody = h('tbody', null, list.items.map((f, i) => {
    const tr = h('tr', { tabindex: i === 0 ? 0 : -1, dataset: { code: f.code } },
      h('td', { class: 'nowrap' }, f.code), h('td', null, KIND[f.kind]), h('td', null, ABOUT[f.about]),
      h('td', null, names[f.unit] || f.unit), h('td', { class: 'nowrap' }, dateTime(f.received_at)),
      h('td', { class: 'nowrap' }, dateTime(f.due_at)), h('td', null, stateTag(f)));
    tr.addEventListener('click', () => { index = selectRow(tbody, i); open(f); });
    return tr;
  }));
  let index = list.items.length ? selectRow(tbody, 0, false) : -1;

  function open(f) {
    const answer = field({ id: 'answer', label: 'Trả lời', multiline: true, rows: 5 });
    const publish = checkboxes({ id: 'publish', legend: 'Công khai', hint: f.publish_consent ? 'Người gửi đồng ý công khai' : 'Người gửi không đồng ý công khai',
      items: [{ value: 'yes', label: 'Công khai nội dung và câu trả lời' }] });
    if (!f.publish_consent) publish.inputs[0].disabled = true;
    const target = select({ id: 'unit', label: 'Chuyển cho đơn vị', placeholder: 'Chọn đơn vị', options: units.map((u) => [u.code, u.name]) });
    const out = h('div', { id: 'feedback-action', 'aria-live': 'polite' });
    const fail = (e) => {
      if (!(e instanceof ApiError)) throw e;
      const fe = e.fieldErrors;
      for (const x of fe) if (x.field === 'answer') answer.setError(x.message_vi || x.message);
      for (const x of fe) if (x.field === 'publish') publish.setError(x.message_vi || x.message);
      for (const x of fe) if (x.field === 'unit') target.setError(x.message_vi || x.message);
      mount(out, h('p', { class: 'notice notice--error', role: 'alert' }, fe.length ? 'Có lỗi cần sửa.' : e.messageVi));
    };
    const answerForm = h('form', { novalidate: true, id: 'answer-form' }, answer.el, publish.el,
      h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button' }, 'Gửi trả lời')));
    answerForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      answer.setError(null); publish.setError(null);
      try {
        const r = await post(`/feedback/${encodeURIComponent(f.code)}/answer`, { answer: answer.input.value.trim(), publish: publish.values().includes('yes') });
        mount(out, h('p', { class: 'notice', role: 'status', id: 'answer-done' }, r.late ? 'Đã trả lời (quá hạn).' : 'Đã trả lời đúng hạn.'));
        answerForm.hidden = true;
        assignForm.hidden = true;
      } catch (e) { fail(e); }
    });
    const assignForm = h('form', { novalidate: true, id: 'assign-form' }, target.el,
      h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button button--secondary' }, 'Chuyển')));
    assignForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      target.setError(null);
      try {
        const r = await post(`/feedback/${encodeURIComponent(f.code)}/assign`, { unit: target.input.value });
        mount(out, h('p', { class: 'notice', role: 'status' }, `Đã chuyển cho ${names[r.unit] || r.unit}.`));
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) mount(out, h('p', { class: 'notice notice--error', role: 'alert' }, 'Đơn vị này nằm ngoài phạm vi của bạn.'));
        else fail(e);
      }
    });
    const open = f.status === 'open';
    answerForm.hidden = !open;
    assignForm.hidden = !open;
    mount(detail, h('h2', null, `${KIND[f.kind]} ${f.code}`),
      h('dl', { class: 'summary-list' },
        h('dt', null, 'Về'), h('dd', null, ABOUT[f.about], f.dossier ? ` ${f.dossier}` : '', f.officer_name ? ` · ${f.officer_name}` : ''),
        h('dt', null, 'Người gửi'), h('dd', null, [f.contact.name, f.contact.phone, f.contact.email].filter(Boolean).join(' · ')),
        h('dt', null, 'Hạn trả lời'), h('dd', null, dateTime(f.due_at)),
        h('dt', null, 'Nội dung'), h('dd', { class: 'prewrap' }, f.content),
        f.answer ? [h('dt', null, 'Trả lời'), h('dd', { class: 'prewrap' }, f.answer)] : null),
      answerForm, assignForm, out);
    if (open) answer.input.focus(); else detail.focus();
  }

  function onKey(e) {
    if (!tbody.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (e.key === 'Escape' && detail.contains(t)) { e.preventDefault(); mount(detail); selectRow(tbody, index); return; }
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    if (index < 0) return;
    if (e.key === 'j' || e.key === 'ArrowDown') { e.preventDefault(); index = selectRow(tbody, index + 1); }
    else if (e.key === 'k' || e.key === 'ArrowUp') { e.preventDefault(); index = selectRow(tbody, index - 1); }
    else if (e.key === 'Enter' && tbody.contains(t)) { e.preventDefault(); open(list.items[index]); }
  }
  document.addEventListener('keydown', onKey);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);

  mount(main, h('h1', null, title),
    h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, '↓'), ' dòng sau, ', h('kbd', null, 'k'), ' / ',
      h('kbd', null, '↑'), ' dòng trước, ', h('kbd', null, 'Enter'), ' mở, ', h('kbd', null, 'Esc'), ' đóng.'),
    list.items.length
      ? h('table', { class: 'table', id: 'feedback-list' },
        h('caption', { class: 'visually-hidden' }, 'Phản ánh, kiến nghị của đơn vị, hạn gần nhất trước'),
        h('thead', null, h('tr', null, ['Mã', 'Loại', 'Về', 'Đơn vị', 'Nhận lúc', 'Hạn trả lời', 'Tình trạng'].map((c) => h('th', { scope: 'col' }, c)))),
        tbody)
      : h('p', { id: 'feedback-list' }, 'Không có phản ánh, kiến nghị nào.'),
    detail);
}
