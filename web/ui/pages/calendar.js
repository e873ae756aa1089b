// Administrator's calendar (screen 13): a year of 12 month grids. Days off and make-up working days
// carry their name and where they come from (Mặc định = computed by the rules, Chính thức = the
// official calendar, Điều chỉnh = an administrator's override). A future day opens a small form:
// make it a day off or a working day with a name, or remove the override. Past days are read-only.
// Route: #/quan-tri/lich/{year}.
import { h, mount, setTitle } from '../dom.js';
import { get, api, ApiError, serverToday } from '../api.js';
import { sentence } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { radios } from '../choices.js';
import { requireLogin, hasRole } from '../session.js';

const SOURCE = { computed: 'Mặc định', official: 'Chính thức', override: 'Điều chỉnh' };
const WEEKDAYS = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];
const pad = (n) => String(n).padStart(2, '0');
const vn = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export async function render(main, { params }) {
  const s = requireLogin();
  if (!s) return;
  // "Today" is the server's: days before it cannot change (the API answers 409), today and later can.
  const today = await serverToday();
  const year = Number(params[0]) || Number(today.slice(0, 4));
  setTitle(`Lịch làm việc ${year}`);
  if (!hasRole(s, 'admin')) {
    mount(main, h('h1', null, 'Lịch làm việc'), h('p', null, 'Chỉ quản trị hệ thống mới xem được trang này.'));
    return;
  }
  let cal;
  try { cal = await get(`/calendar/${year}`); } catch (e) {
    mount(main, h('h1', null, `Lịch làm việc năm ${year}`), h('p', { class: 'notice notice--error', role: 'alert' }, sentence(e instanceof ApiError ? e.messageVi : e.message)));
    return;
  }
  const special = new Map(cal.days.map((d) => [d.date, d]));
  const editor = h('div', { id: 'day-editor' });
  // The day's form opens right under the row of months holding the clicked day (issue 19.11),
  // not at the top of the year.
  const open = (iso) => {
    const month = main.querySelector(`#calendar td[data-date="${iso}"]`)?.closest('table');
    if (month) month.after(editor);
    dayEditor({ main, year, special, editor }, iso);
    editor.scrollIntoView({ block: 'nearest' });
  };
  const months = [];
  for (let m = 1; m <= 12; m++) months.push(monthTable(year, m, special, today, open));
  const list = cal.days.map((d) => h('tr', { dataset: { date: d.date } },
    h('td', { class: 'nowrap' }, vn(d.date)), h('td', null, d.kind === 'off' ? 'Nghỉ' : 'Làm việc'), h('td', null, d.name || ''), h('td', null, SOURCE[d.source] || d.source)));

  mount(main,
    h('h1', null, `Lịch làm việc năm ${year}`),
    h('p', { class: 'no-print' }, h('a', { href: `#/quan-tri/lich/${year - 1}` }, `← Năm ${year - 1}`), ' · ', h('a', { href: `#/quan-tri/lich/${year + 1}` }, `Năm ${year + 1} →`)),
    h('p', { class: 'hint' }, 'N: ngày nghỉ, L: ngày làm bù. Chọn một ngày từ mai trở đi để đổi thành ngày nghỉ hoặc ngày làm việc; ngày đã qua không sửa được.'),
    h('div', { id: 'calendar-message', 'aria-live': 'polite' }), editor,
    h('div', { class: 'cal', id: 'calendar' }, months),
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'days-caption', tabindex: '0' },
      h('table', { class: 'table', id: 'special-days' },
        h('caption', { id: 'days-caption' }, 'Ngày nghỉ, ngày làm bù trong năm'),
        h('thead', null, h('tr', null, ['Ngày', 'Loại', 'Tên', 'Nguồn'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, list))));
}

/** A day in words: its kind, name and source when the year lists it, else by the Monday–Friday rule. */
function describe(special, iso, wd) {
  const d = special.get(iso);
  if (d) return `${d.kind === 'off' ? 'Nghỉ' : 'Làm việc'}${d.name ? `: ${d.name}` : ''} (${SOURCE[d.source] || d.source})`;
  return wd >= 5 ? 'Nghỉ cuối tuần' : 'Ngày làm việc';
}

/** A month's grid, Monday first: days from today on are buttons that open the day's form. */
function monthTable(year, m, special, today, open) {
  const first = new Date(Date.UTC(year, m - 1, 1));
  const n = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(h('td', { class: 'cal__empty' }));
  for (let day = 1; day <= n; day++) {
    const iso = `${year}-${pad(m)}-${pad(day)}`;
    const wd = (lead + day - 1) % 7;
    const sp = special.get(iso);
    const cls = ['cal__day', wd >= 5 ? 'cal__day--weekend' : '', sp ? `cal__day--${sp.kind}` : '', sp ? `cal__day--${sp.source}` : '', iso === today ? 'cal__day--today' : ''].filter(Boolean).join(' ');
    const label = `Ngày ${day} tháng ${m} năm ${year}: ${describe(special, iso, wd)}`;
    const mark = sp ? sp.kind === 'off' ? 'N' : 'L' : null;
    cells.push(h('td', { class: cls, dataset: { date: iso } }, iso >= today
      ? h('button', { type: 'button', class: 'cal__button', 'aria-label': label, title: label, dataset: mark ? { mark } : null, onclick: () => open(iso) }, String(day))
      : h('span', { title: label, 'aria-label': label, role: 'img', class: 'cal__past', dataset: mark ? { mark } : null }, String(day))));
  }
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(h('tr', null, cells.slice(i, i + 7)));
  return h('table', { class: 'cal__month' },
    h('caption', null, `Tháng ${m}`),
    h('thead', null, h('tr', null, WEEKDAYS.map((w) => h('th', { scope: 'col' }, w)))),
    h('tbody', null, weeks));
}

/** A day's form: make it a day off or a working day with a name, or remove the override. */
function dayEditor({ main, year, special, editor }, iso) {
  const d = special.get(iso);
  const summary = errorSummary();
  const kind = radios({ id: 'day-kind', legend: 'Ngày này là', inline: true, options: { off: 'Ngày nghỉ', working: 'Ngày làm việc' }, value: d ? d.kind : 'off' });
  const name = field({ id: 'day-name', label: 'Tên (ví dụ: Nghỉ bù, Làm bù)', value: d ? d.name : '' });
  async function save(e) {
    e.preventDefault();
    name.setError(null); kind.setError(null);
    try {
      const r = await api('PUT', `/calendar/days/${iso}`, { body: { kind: kind.value, name: name.input.value.trim() } });
      await render(main, { params: [String(year)] });
      const n = r && Number.isInteger(r.recomputed) ? r.recomputed : null;
      mount(main.querySelector('#calendar-message'), h('p', { class: 'notice' }, `Đã lưu ngày ${vn(iso)}.`,
        n === null ? '' : n ? ` Đã tính lại hạn giải quyết của ${n} hồ sơ đang giải quyết.` : ' Không hồ sơ đang giải quyết nào phải tính lại hạn.'));
    } catch (err) {
      const list = [];
      for (const fe of (err instanceof ApiError ? err.fieldErrors : [])) {
        const f = fe.field === 'name' ? name : fe.field === 'kind' ? kind : null;
        if (f) f.setError(fe.message_vi);
        list.push({ id: fe.field === 'name' ? 'day-name' : fe.field === 'kind' ? kind.firstId : null, message: fe.message_vi });
      }
      summary.show(list.length ? list : [{ message: err.messageVi || String(err) }]);
    }
  }
  async function remove() {
    try {
      await api('DELETE', `/calendar/days/${iso}`);
      await render(main, { params: [String(year)] });
      mount(main.querySelector('#calendar-message'), h('p', { class: 'notice' }, `Đã bỏ điều chỉnh ngày ${vn(iso)}.`));
    } catch (err) { summary.show([{ message: err.messageVi || String(err) }]); }
  }
  mount(editor, h('form', { class: 'panel', id: 'day-form', novalidate: true, onsubmit: save, 'aria-labelledby': 'day-title' },
    h('h2', { id: 'day-title', tabindex: '-1' }, `Ngày ${vn(iso)}`),
    h('p', { id: 'day-now' }, `Hiện nay: ${describe(special, iso, (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7)}`),
    summary.el, kind.el, name.el,
    h('div', { class: 'button-group' },
      h('button', { class: 'button', type: 'submit', id: 'day-save' }, 'Lưu'),
      d && d.source === 'override' ? h('button', { class: 'button button--warning', type: 'button', id: 'day-remove', onclick: remove }, 'Bỏ điều chỉnh') : null,
      h('button', { class: 'button button--secondary', type: 'button', onclick: () => editor.replaceChildren() }, 'Đóng'))));
  editor.querySelector('#day-title').focus();
}
