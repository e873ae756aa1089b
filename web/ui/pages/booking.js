// Booking an appointment at a service point (public, no login): choose the point, see its free
// slots of the next 10 working days (GET /points/{code}/slots), pick one, give a name, ID number
// and phone, and get a booking code (POST /appointments). Route: #/dat-lich[/{procedure}].
import { h, mount, setTitle } from '../dom.js';
import { get, post, getAll, ApiError } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { select } from '../choices.js';
import { date } from '../format.js';

const hhmm = (iso) => iso.slice(11, 16);

export async function render(main, { params }) {
  const title = 'Đặt lịch hẹn';
  setTitle(title);
  const points = await getAll('/units?kind=service_point', { auth: false });
  const summary = errorSummary();
  const point = select({ id: 'point', label: 'Điểm phục vụ', placeholder: 'Chọn điểm phục vụ', options: points.map((u) => [u.code, u.name]) });
  const procedure = field({ id: 'procedure', label: 'Mã thủ tục', value: params[0] || '', width: 'short', autocomplete: 'off', spellcheck: false,
    hint: 'Mã thủ tục hành chính, ví dụ 1.004837' });
  const slotsBox = h('div', { id: 'slots', 'aria-live': 'polite' });
  const name = field({ id: 'name', label: 'Họ và tên', autocomplete: 'name' });
  const idNumber = field({ id: 'id_number', label: 'Số định danh cá nhân', inputmode: 'numeric', autocomplete: 'off', width: 'short' });
  const phone = field({ id: 'phone', label: 'Số điện thoại', type: 'tel', inputmode: 'tel', autocomplete: 'tel', width: 'short' });
  const email = field({ id: 'email', label: 'Thư điện tử (không bắt buộc)', type: 'email', autocomplete: 'email' });
  const result = h('div', { id: 'booking-result', 'aria-live': 'polite' });
  const btn = h('button', { type: 'submit', class: 'button', id: 'book' }, 'Đặt lịch');
  const fields = { point, procedure, name, id_number: idNumber, phone, email };
  let slotError = null;

  async function loadSlots() {
    mount(slotsBox);
    if (!point.input.value) return;
    // With a procedure, the places of its group at a point that declares procedure groups.
    const proc = procedure.input.value.trim();
    let r;
    try {
      r = await get(`/points/${encodeURIComponent(point.input.value)}/slots${proc ? `?procedure=${encodeURIComponent(proc)}` : ''}`, { auth: false });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 422) throw e;
      mount(slotsBox, h('p', { id: 'no-slots', role: 'alert' }, e.fieldErrors[0]?.message_vi || e.messageVi));
      return;
    }
    if (!r.items.length) {
      mount(slotsBox, h('p', { id: 'no-slots' }, 'Điểm này không còn giờ trống trong 10 ngày làm việc tới.'));
      return;
    }
    const days = new Map();
    for (const s of r.items) {
      const d = s.start.slice(0, 10);
      if (!days.has(d)) days.set(d, []);
      days.get(d).push(s);
    }
    slotError = h('p', { id: 'start-error', class: 'field-error', hidden: true });
    mount(slotsBox, h('fieldset', { class: 'fieldset', id: 'start' },
      h('legend', { class: 'label' }, 'Giờ hẹn'), slotError,
      [...days].map(([d, list]) => h('div', { class: 'form-group' }, h('p', { class: 'hint' }, date(`${d}T00:00:00+07:00`)),
        h('div', { class: 'choices' }, list.map((s, i) => {
          const id = `slot-${d}-${i}`;
          return h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'slot', value: s.start, id, class: 'choice__input' }),
            h('label', { for: id, class: 'choice__label' }, `${hhmm(s.start)}–${hhmm(s.end)} (còn ${s.remaining} chỗ)`));
        }))))));
  }
  const reload = () => { loadSlots().catch(() => mount(slotsBox, h('p', { role: 'alert' }, 'Không tải được giờ trống.'))); };
  point.input.addEventListener('change', reload);
  procedure.input.addEventListener('change', reload);

  const form = h('form', { novalidate: true, id: 'booking-form' }, summary.el, point.el, procedure.el, slotsBox, name.el, idNumber.el, phone.el, email.el,
    h('div', { class: 'button-group' }, btn));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const f of Object.values(fields)) f.setError(null);
    if (slotError) slotError.hidden = true;
    summary.clear();
    mount(result);
    const chosen = form.querySelector('input[name=slot]:checked');
    const body = {
      point: point.input.value, procedure: procedure.input.value.trim(), start: chosen ? chosen.value : '',
      name: name.input.value.trim(), id_number: idNumber.input.value.trim(), phone: phone.input.value.trim(),
      email: email.input.value.trim() || null,
    };
    btn.disabled = true;
    try {
      const b = await post('/appointments', body);
      mount(result, h('div', { class: 'notice', role: 'status', id: 'booking-done' },
        h('p', null, 'Đã đặt lịch hẹn. Mã lịch hẹn: ', h('strong', { id: 'booking-code' }, b.code)),
        h('p', null, `${date(b.start)}, ${hhmm(b.start)}–${hhmm(b.end)}. Vui lòng mang theo giấy tờ tùy thân và đọc mã này tại quầy.`)));
      await loadSlots();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const list = e.fieldErrors.map((x) => ({ field: x.field, message: x.message_vi || x.message }));
      for (const x of list) {
        if (fields[x.field]) fields[x.field].setError(x.message);
        if (x.field === 'start' && slotError) { slotError.textContent = x.message; slotError.hidden = false; }
      }
      if (list.length) summary.show(list.map((x) => ({ id: fields[x.field] || x.field === 'start' ? x.field : null, message: x.message })));
      else mount(result, h('p', { class: 'notice notice--error', role: 'alert' }, e.messageVi));
    } finally {
      btn.disabled = false;
    }
  });
  mount(main, h('h1', null, title),
    h('p', null, 'Chọn điểm phục vụ và giờ hẹn trong 10 ngày làm việc tới. Mỗi số định danh được giữ tối đa 3 lịch hẹn chưa đến hạn.'),
    form, result);
}
