// The ticket kiosk of a service point (public, touch screen): a priority choice, then one big
// button per procedure group (the point's declared groups, else the catalog's fields) issues a ticket (POST /points/{code}/kiosk/tickets,
// rate-limited per address); the receipt shows the number, group, point, time and the people ahead,
// printable on an 80 mm roll (receipt.css: @page size 80mm). Route: #/kiosk/{point}.
import { h, mount, setTitle } from '../dom.js';
import { get, post, getAll, unit, ApiError } from '../api.js';
import { dateTime } from '../format.js';

export const PRIORITY = {
  elderly: 'Người cao tuổi (từ 60 tuổi)',
  disabled: 'Người khuyết tật',
  pregnant: 'Phụ nữ mang thai hoặc nuôi con dưới 36 tháng tuổi',
  appointment: 'Khách đặt lịch hẹn',
};

/** Adds the receipt's print style sheet while the kiosk is shown (removed on leaving). */
function receiptStyle() {
  if (document.getElementById('receipt-css')) return;
  const link = h('link', { rel: 'stylesheet', href: '/ui/receipt.css', id: 'receipt-css' });
  document.head.append(link);
  const stop = () => { if (!location.hash.startsWith('#/kiosk/')) { link.remove(); window.removeEventListener('hashchange', stop); } };
  window.addEventListener('hashchange', stop);
}

export async function render(main, { params }) {
  const code = params[0];
  const point = await unit(code).catch(() => null);
  const name = point ? point.name : code;
  setTitle(`Lấy số thứ tự – ${name}`);
  receiptStyle();
  // A point that declares its procedure groups offers those (in its order); else the fields.
  const declared = await get(`/points/${encodeURIComponent(code)}/service-groups`, { auth: false }).catch(() => ({ groups: [] }));
  let groups = declared.groups.map((g) => g.name);
  if (!groups.length) {
    const procedures = await getAll('/procedures', { auth: false }).catch(() => []);
    groups = [...new Set(procedures.map((p) => p.field).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'vi'));
  }
  if (!groups.length) groups.push('Thủ tục chung');
  const status = h('div', { id: 'kiosk-status', role: 'status', 'aria-live': 'polite' });
  const choices = h('fieldset', { class: 'fieldset kiosk__priority', id: 'priority' },
    h('legend', { class: 'label' }, 'Đối tượng ưu tiên (nếu có)'),
    h('div', { class: 'choices' }, [['', 'Không thuộc đối tượng ưu tiên'], ...Object.entries(PRIORITY).filter(([k]) => k !== 'appointment')].map(([v, label]) => {
      const id = `priority-${v || 'none'}`;
      return h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'priority', value: v, id, class: 'choice__input', checked: v === '' }),
        h('label', { for: id, class: 'choice__label' }, label));
    })));
  const buttons = h('div', { class: 'kiosk__groups' }, groups.map((g) =>
    h('button', { type: 'button', class: 'button kiosk__button', 'data-group': g, onclick: () => take(g) }, g)));
  const screen = h('div', { class: 'kiosk', id: 'kiosk' },
    h('h1', null, 'Lấy số thứ tự'), h('p', { class: 'kiosk__point' }, name),
    choices, h('h2', null, 'Chọn lĩnh vực thủ tục'), buttons, status);
  mount(main, screen);

  async function take(group) {
    const p = main.querySelector('input[name="priority"]:checked');
    const priority = p && p.value ? p.value : null;
    for (const b of buttons.querySelectorAll('button')) b.disabled = true;
    try {
      const t = await post(`/points/${encodeURIComponent(code)}/kiosk/tickets`, { service_group: group, priority });
      showReceipt(t);
    } catch (e) {
      const msg = e instanceof ApiError && e.status === 429 ? 'Đã lấy quá nhiều số trong thời gian ngắn. Vui lòng chờ giây lát rồi thử lại.'
        : 'Không lấy được số thứ tự. Vui lòng thử lại hoặc hỏi cán bộ hướng dẫn.';
      mount(status, h('p', { role: 'alert', class: 'field-error' }, msg));
    } finally {
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
    }
  }

  function showReceipt(t) {
    const number = String(t.number).padStart(4, '0');
    const back = h('button', { type: 'button', class: 'button button--secondary no-print', id: 'kiosk-back', onclick: () => mount(main, screen) }, 'Lấy số khác');
    const print = h('button', { type: 'button', class: 'button no-print', id: 'kiosk-print', onclick: () => window.print() }, 'In phiếu');
    mount(main, h('section', { class: 'receipt', id: 'receipt', 'aria-labelledby': 'receipt-title' },
      h('h1', { id: 'receipt-title', class: 'receipt__title' }, 'Phiếu số thứ tự'),
      h('p', { class: 'receipt__point' }, name),
      h('p', { class: 'receipt__number', id: 'receipt-number' }, number),
      h('dl', { class: 'receipt__facts' },
        h('dt', null, 'Lĩnh vực'), h('dd', { id: 'receipt-group' }, t.service_group),
        t.priority ? [h('dt', null, 'Ưu tiên'), h('dd', { id: 'receipt-priority' }, PRIORITY[t.priority] || t.priority)] : null,
        h('dt', null, 'Thời gian'), h('dd', { id: 'receipt-time' }, dateTime(t.issued_at)),
        h('dt', null, 'Số người đang chờ trước'), h('dd', { id: 'receipt-ahead' }, String(t.waiting_ahead))),
      h('p', { class: 'receipt__note' }, 'Vui lòng theo dõi bảng số và loa gọi tại điểm phục vụ.'),
      h('div', { class: 'button-group no-print' }, print, back)));
    print.focus();
  }
}

