// A citizen's own dossier (route #/ho-so-cua-toi/{code}), made for a 375 px phone: what it is,
// where it stands and what is asked, the papers handed in (each named, its file viewable), the
// steps taken as a list (no wide tables), the receipt and the result. Staff keep #/ho-so/{code}.
import { h, mount, setTitle } from '../dom.js';
import { get, ApiError } from '../api.js';
import { signedBadge } from '../widgets.js';
import { ACTION, ASKED, DECISION, RETURN_CHANNEL, STATUS, date, dateTime, effectiveDue, marks } from '../format.js';
import { requireLogin } from '../session.js';
import { summaryRow as dt, statusTag, pdfLink, viewer } from '../widgets.js';
import { feeSection } from '../fees.js';

export async function render(main, { params }) {
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
      h('p', null, `Không có hồ sơ ${code}, hoặc bạn không có quyền xem. `, h('a', { href: '#/ho-so' }, 'Về hồ sơ của tôi')));
    return;
  }
  setTitle(`Hồ sơ ${d.code}`);
  const [proc, history, returnUnit] = await Promise.all([
    get(`/procedures/${encodeURIComponent(d.procedure.code)}?version=${d.procedure.version}`, { auth: false }).catch(() => null),
    get(`${path}/history`).catch(() => ({ items: [] })),
    d.return_unit ? get(`/units/${encodeURIComponent(d.return_unit)}`, { auth: false }).then((u) => u.name).catch(() => d.return_unit) : null,
  ]);
  const names = Object.fromEntries(((proc && proc.components) || []).map((c) => [c.id, c.name]));
  const due = effectiveDue(d);
  const asked = ASKED[d.status];
  mount(main,
    h('p', null, h('a', { href: '#/ho-so' }, '‹ Hồ sơ của tôi')),
    h('h1', { class: 'my-dossier__title' }, d.procedure.name),
    asked ? h('p', { class: 'notice notice--warning', id: 'my-asked' }, 'Việc cần làm: ', asked) : null,
    h('dl', { class: 'summary-list summary-list--stacked', id: 'my-facts' },
      dt('Mã hồ sơ', d.code),
      dt('Trạng thái', statusTag(d.status), ...marks(d).map((m) => [' ', h('span', { class: `tag tag--${m.key}` }, m.text)])),
      dt('Ngày nộp', dateTime(d.submitted_at || d.received_at)),
      d.received_at ? dt('Ngày tiếp nhận', dateTime(d.received_at)) : null,
      dt('Hẹn trả kết quả', due ? dateTime(due) : 'Tính từ khi được tiếp nhận'),
      d.decision ? dt('Kết quả', DECISION[d.decision] || d.decision, d.decided_at ? ` ngày ${date(d.decided_at)}` : '') : null,
      returnUnit ? dt('Nhận kết quả', RETURN_CHANNEL[d.return_channel] || d.return_channel || '', d.return_channel === 'counter' ? ` tại ${returnUnit}` : '') : null,
      d.closed_reason ? dt('Lý do', d.closed_reason) : null),
    feeSection(d, `${location.origin}/pay-return/${encodeURIComponent(d.code)}`),
    h('h2', { id: 'my-papers-title' }, 'Giấy tờ đã nộp'),
    h('ul', { class: 'my-papers', id: 'my-papers', 'aria-labelledby': 'my-papers-title' }, (d.components || []).filter((c) => c.provided).map((c) => {
      const v = c.document ? viewer(c, names[c.id] || c.id) : null;
      return h('li', { dataset: { component: c.id } }, h('span', { class: 'my-papers__name' }, names[c.id] || c.id),
        v ? [' ', v.button, v.box] : h('span', { class: 'muted' }, ' (bản giấy)'));
    })),
    d.result && d.result.document ? h('p', null, 'Kết quả điện tử: ', (() => { const v = viewer({ id: 'result', document: d.result.document }, d.result.title || 'Kết quả giải quyết'); return [v.button, signedBadge(d.result.signature), v.box]; })()) : null,
    h('h2', { id: 'my-steps-title' }, 'Quá trình giải quyết'),
    h('ol', { class: 'timeline', id: 'my-steps', 'aria-labelledby': 'my-steps-title' }, history.items.map((ev) => h('li', { class: 'timeline__item' },
      h('span', { class: 'timeline__when' }, dateTime(ev.at)), ' ',
      h('span', { class: 'timeline__what' }, ACTION[ev.action] || ev.action, ev.to_status && ev.to_status !== ev.from_status ? ` — ${STATUS[ev.to_status] || ev.to_status}` : '')))),
    h('p', { class: 'card__links' },
      d.received_at ? pdfLink(`${path}/forms/01.pdf`, 'Giấy tiếp nhận (Mẫu 01)') : null, d.received_at ? ' · ' : null,
      h('a', { href: `/track/${encodeURIComponent(d.code)}?s=${encodeURIComponent(d.tracking_secret || '')}` }, 'Trang tra cứu')));
}
