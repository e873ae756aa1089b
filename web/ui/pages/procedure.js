// Procedure page: what it is, who decides, how long, how much, the papers (submit or present,
// original or copy, how many) and the steps.
import { h, mount, setTitle } from '../dom.js';
import { get, unit } from '../api.js';
import { LEVEL, ONLINE, ORIGINAL, SUBMIT, STEP_ROLE, duration, fee } from '../format.js';

const row = (term, ...desc) => h('div', null, h('dt', null, term), h('dd', null, ...desc));

/** A paper of some channels only: "Khi nộp trực tuyến", "Khi nộp trực tiếp, qua bưu chính". */
const CHANNEL_WORDS = { counter: 'trực tiếp', online: 'trực tuyến', post: 'qua bưu chính' };
function channelTag(c) {
  if (!c.channels || c.channels.length === 3) return null;
  return h('span', { class: 'tag', 'data-channels': c.channels.join(' ') }, `Khi nộp ${c.channels.map((x) => CHANNEL_WORDS[x]).join(', ')}`);
}

export async function render(main, { params }) {
  const [code] = params;
  let p;
  try {
    p = await get(`/procedures/${encodeURIComponent(code)}`, { auth: false });
  } catch (e) {
    setTitle('Không tìm thấy thủ tục');
    mount(main, h('h1', null, 'Không tìm thấy thủ tục'),
      h('p', null, `Không có thủ tục mã ${code}. `, h('a', { href: '#/' }, 'Tìm thủ tục khác')));
    return;
  }
  setTitle(p.name);
  let resolver = 'UBND xã, phường nơi người nộp lựa chọn';
  if (p.resolver && p.resolver.kind === 'unit') {
    const u = await unit(p.resolver.unit).catch(() => null);
    resolver = u ? u.name : p.resolver.unit;
  }
  const stepUnit = (s) => (s.unit === 'resolver' ? 'Cơ quan giải quyết' : s.unit);
  const stepUnits = await Promise.all(p.steps.map((s) => (s.unit === 'resolver' ? null : unit(s.unit).catch(() => null))));

  mount(main,
    h('p', { class: 'no-print' }, h('a', { href: '#/' }, '‹ Tìm thủ tục khác')),
    h('span', { class: 'muted' }, `Thủ tục hành chính · mã ${p.code}`),
    h('h1', null, p.name),
    h('dl', { class: 'summary-list' },
      row('Mã thủ tục', p.code),
      row('Lĩnh vực', p.field || 'Chưa có thông tin'),
      row('Cấp thực hiện', LEVEL[p.level] || p.level),
      row('Cơ quan giải quyết', resolver),
      row('Thời hạn giải quyết', duration(p.duration)),
      row('Phí, lệ phí', fee(p.fee_vnd)),
      row('Dịch vụ công trực tuyến', ONLINE[p.online] || p.online),
      row('Kết quả', p.result || 'Chưa có thông tin'),
      row('Nơi nộp hồ sơ', 'Bất kỳ điểm phục vụ hành chính công nào của thành phố, hoặc qua bưu chính',
        p.online !== 'none' ? ', hoặc trực tuyến' : '', '.')),
    h('p', { class: 'no-print' }, h('a', { href: `#/dat-lich/${encodeURIComponent(p.code)}`, id: 'book-appointment' }, 'Đặt lịch hẹn nộp hồ sơ tại điểm phục vụ')),
    p.online !== 'none'
      ? h('div', { class: 'button-group no-print' },
        h('a', { href: `#/nop-ho-so/${encodeURIComponent(p.code)}`, class: 'button button--link', id: 'submit-online' }, 'Nộp hồ sơ trực tuyến'),
        h('span', null, 'hoặc mang giấy tờ đến bất kỳ điểm phục vụ nào'))
      : null,
    h('h2', { id: 'components-title' }, 'Thành phần hồ sơ'),
    p.components.length
      ? h('ol', { class: 'components', 'aria-labelledby': 'components-title' }, p.components.map((c) => h('li', null,
        h('span', null, c.name),
        h('span', { class: 'tags' },
          h('span', { class: `tag tag--${c.submit_or_present}` }, SUBMIT[c.submit_or_present] || c.submit_or_present),
          h('span', { class: 'tag' }, ORIGINAL[c.original_or_copy] || c.original_or_copy),
          h('span', { class: 'tag' }, `Số lượng: ${c.quantity}`),
          c.required ? h('span', { class: 'tag tag--required' }, 'Bắt buộc') : h('span', { class: 'tag' }, 'Nếu có'),
          channelTag(c)))))
      : h('p', null, 'Chưa có thông tin.'),
    h('h2', { id: 'steps-title' }, 'Trình tự giải quyết'),
    h('ol', { class: 'components', 'aria-labelledby': 'steps-title' }, p.steps.map((s, i) => h('li', null,
      h('span', null, s.name),
      h('span', { class: 'tags' },
        h('span', { class: 'tag' }, stepUnits[i] ? stepUnits[i].name : stepUnit(s)),
        h('span', { class: 'tag' }, STEP_ROLE[s.role] || s.role),
        h('span', { class: 'tag' }, duration(s.duration)))))),
    h('p', { class: 'muted' }, `Phiên bản ${p.version}.`));
}
