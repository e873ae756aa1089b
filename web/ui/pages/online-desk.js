// Online desk (screen 7): the dossiers submitted online that wait at my receiving units, the one
// waiting longest first. The selected dossier is shown beside the list with its applicant and its
// components (each electronic copy viewable in the page); three actions decide it: receive (Form
// 01), request completion (Form 02), refuse (Form 03). The next dossier is one key away.
// Keyboard: j / k select, n receive, b request completion, x refuse, o open the dossier page.
// Route: #/truc-tuyen.
import { h, mount, setTitle, selectRow } from '../dom.js';
import { get, post, unit, unitChain, ApiError, serverNow } from '../api.js';
import { CHANNEL, dateTime } from '../format.js';
import { field, errorSummary } from '../forms.js';
import { requireLogin } from './inbox.js';
import { pdfLink } from './intake.js';
import { viewer } from './dossier.js';

const LIMIT = 500; // dossiers listed at most; the note under the table says when there are more

/** "3 giờ", "2 ngày": how long a dossier has waited since it was submitted. */
function waited(iso, now) {
  const hours = Math.max(0, Math.floor((now - Date.parse(iso)) / 3600e3));
  if (hours < 1) return 'dưới 1 giờ';
  if (hours < 48) return `${hours} giờ`;
  return `${Math.floor(hours / 24)} ngày`;
}

const ACTIONS = {
  receive: { label: 'Tiếp nhận', key: 'n' },
  'request-completion': {
    label: 'Yêu cầu bổ sung, hoàn thiện', key: 'b',
    fields: [{ id: 'items', label: 'Giấy tờ cần bổ sung, hoàn thiện', hint: 'Mỗi dòng một giấy tờ', lines: true },
      { id: 'reason', label: 'Lý do' }],
  },
  refuse: { label: 'Từ chối tiếp nhận', key: 'x', danger: true, fields: [{ id: 'reason', label: 'Lý do từ chối' }] },
};

export async function render(main, { isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  const title = 'Hồ sơ trực tuyến chờ tiếp nhận';
  setTitle(title);
  const mine = [...new Set(s.user.roles.filter((r) => r.role === 'receiver').map((r) => r.unit))];
  if (!mine.length) {
    mount(main, h('h1', null, title), h('p', null, 'Chỉ cán bộ tiếp nhận mới tiếp nhận hồ sơ trực tuyến.'));
    return;
  }
  let all;
  let more = false;
  try {
    const r = await get(`/dossiers?status=submitted&limit=${LIMIT}`);
    all = r.items;
    more = Boolean(r.next_cursor);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
    mount(main, h('h1', null, title), h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được danh sách hồ sơ. Vui lòng thử lại.'));
    return;
  }
  const covered = await Promise.all(all.map(async (d) => (await unitChain(d.receiving_unit)).some((c) => mine.includes(c))));
  const waiting = all.filter((d, i) => covered[i]).sort((a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)));
  const now = await serverNow(); // waiting times on the server's clock
  const resolverNames = Object.fromEntries(await Promise.all([...new Set(waiting.map((d) => d.resolver_unit).filter(Boolean))]
    .map(async (c) => [c, (await unit(c).catch(() => null))?.name || c])));

  const notice = h('div', { id: 'desk-notice', tabindex: '-1' });
  const count = h('p', { class: 'muted', role: 'status', id: 'desk-count' });
  const tbody = h('tbody');
  const detail = h('section', { id: 'desk-detail', class: 'desk__detail', 'aria-live': 'polite', 'aria-label': 'Hồ sơ đang chọn' });
  let selected = -1;
  let current = null; // the selected dossier, as GET /dossiers/{code} answers
  let buttons = [];

  const rows = () => [...tbody.rows];
  function setCount() {
    const n = tbody.rows.length;
    count.textContent = n ? `${n} hồ sơ chờ tiếp nhận${more ? ` (chỉ hiện ${LIMIT} hồ sơ nộp gần nhất)` : ''}` : 'Không có hồ sơ trực tuyến nào chờ tiếp nhận.';
  }

  function rowOf(d) {
    return h('tr', { tabindex: '-1', dataset: { code: d.code }, onclick: (e) => { if (e.target.tagName !== 'A') select(rows().indexOf(e.currentTarget), false); } },
      h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}`, tabindex: '-1' }, d.code)),
      h('td', null, d.procedure.name),
      h('td', null, d.applicant.name),
      h('td', { class: 'nowrap' }, dateTime(d.submitted_at)),
      h('td', { class: 'nowrap' }, waited(d.submitted_at, now)),
      h('td', null, resolverNames[d.resolver_unit] || ''));
  }

  async function select(i, focus = true) {
    selected = selectRow(tbody, i, focus);
    if (selected < 0) { current = null; mount(detail); buttons = []; return; }
    const rs = rows();
    const code = rs[selected].dataset.code;
    if (current && current.code === code) return;
    mount(detail, h('p', { class: 'muted' }, 'Đang tải hồ sơ…'));
    let d;
    let proc;
    try {
      [d, proc] = await Promise.all([
        get(`/dossiers/${encodeURIComponent(code)}`),
        get(`/procedures/${encodeURIComponent(rs[selected].dataset.procedure || '')}`, { auth: false }).catch(() => null),
      ]);
    } catch (e) {
      mount(detail, h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được hồ sơ này.'));
      return;
    }
    if (rows()[selected]?.dataset.code !== code) return; // another row was selected meanwhile
    if (!proc) proc = await get(`/procedures/${encodeURIComponent(d.procedure.code)}?version=${d.procedure.version}`, { auth: false }).catch(() => null);
    current = d;
    drawDetail(d, proc);
  }

  function drawDetail(d, proc) {
    const comps = Object.fromEntries(((proc && proc.components) || []).map((c) => [c.id, c]));
    const allowed = new Set(d.allowed_actions || []);
    const formBox = h('div');
    buttons = Object.entries(ACTIONS).filter(([name]) => allowed.has(name)).map(([name, a]) => h('button', {
      type: 'button', class: a.danger ? 'button button--warning' : 'button', dataset: { action: name, key: a.key },
      'aria-keyshortcuts': a.key, onclick: () => (a.fields ? actionForm(name, a, formBox) : run(name, a, {})),
    }, a.label, ' ', h('kbd', { 'aria-hidden': 'true' }, a.key)));
    const app = d.applicant || {};
    mount(detail,
      h('h2', { id: 'detail-title' }, `Hồ sơ ${d.code}`),
      h('dl', { class: 'summary-list' },
        h('div', null, h('dt', null, 'Thủ tục'), h('dd', null, d.procedure.name)),
        h('div', null, h('dt', null, 'Người nộp'), h('dd', null, app.name || '')),
        h('div', null, h('dt', null, app.kind === 'organization' ? 'Mã số thuế' : 'Số định danh cá nhân'), h('dd', null, app.id_number || '')),
        app.phone ? h('div', null, h('dt', null, 'Điện thoại'), h('dd', null, app.phone)) : null,
        h('div', null, h('dt', null, 'Kênh nộp'), h('dd', null, CHANNEL[d.channel] || d.channel)),
        h('div', null, h('dt', null, 'Nộp lúc'), h('dd', null, dateTime(d.submitted_at))),
        h('div', null, h('dt', null, 'Cơ quan giải quyết'), h('dd', null, resolverNames[d.resolver_unit] || d.resolver_unit || ''))),
      buttons.length ? h('div', { class: 'button-group no-print' }, buttons) : h('p', null, 'Bạn không có quyền tiếp nhận hồ sơ này.'),
      formBox,
      h('h3', { id: 'detail-comp-title' }, 'Thành phần hồ sơ'),
      h('ul', { class: 'components', 'aria-labelledby': 'detail-comp-title' }, (d.components || []).map((c) => {
        const pc = comps[c.id] || {};
        const v = c.document ? viewer(c, pc.name || c.id) : null;
        return h('li', { 'data-component': c.id }, pc.name || c.id, ' ',
          h('span', { class: `tag ${c.provided ? 'tag--open' : 'tag--closed'}` }, c.provided ? 'Đã nộp' : 'Chưa nộp'),
          v ? [' ', v.button, v.box] : null);
      })),
      h('p', { class: 'no-print' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}`, id: 'open-dossier' }, 'Mở trang hồ sơ'), ' (phím ', h('kbd', null, 'o'), ')'));
  }

  function actionForm(name, a, box) {
    const summary = errorSummary();
    const inputs = Object.fromEntries(a.fields.map((f) => [f.id, field({ id: `${name}-${f.id}`, label: f.label, hint: f.hint, multiline: true })]));
    const submit = h('button', { type: 'submit', class: a.danger ? 'button button--warning' : 'button' }, `Xác nhận: ${a.label}`);
    const form = h('form', { class: 'action-form', novalidate: true, 'aria-label': a.label },
      summary.el, h('h3', null, a.label), Object.values(inputs).map((f) => f.el),
      h('div', { class: 'button-group' }, submit, h('button', { type: 'button', class: 'button button--secondary', onclick: () => box.replaceChildren() }, 'Hủy')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = {};
      for (const f of a.fields) {
        const v = inputs[f.id].input.value.trim();
        if (!v) continue;
        body[f.id] = f.lines ? v.split('\n').map((x) => x.trim()).filter(Boolean) : v;
      }
      submit.disabled = true;
      try {
        await run(name, a, body, (e) => {
          const errs = [];
          for (const f of a.fields) {
            const fe = e.fieldErrors.find((x) => x.field === f.id || x.field.startsWith(`${f.id}[`));
            inputs[f.id].setError(fe ? fe.message_vi : null);
            if (fe) errs.push({ id: `${name}-${f.id}`, message: fe.message_vi });
          }
          summary.show(errs.length ? errs : [{ message: e.messageVi }]);
        });
      } finally { submit.disabled = false; }
    });
    mount(box, form);
    form.querySelector('textarea').focus();
  }

  async function run(name, a, body, onInvalid) {
    const d = current;
    let after;
    try {
      after = await post(`/dossiers/${encodeURIComponent(d.code)}/${name}`, body, { ifMatch: d.version });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 422 && onInvalid) { onInvalid(e); return; }
      mount(notice, h('div', { class: 'notice notice--error', role: 'alert' }, `Không thực hiện được “${a.label}” cho hồ sơ ${d.code}: ${e.messageVi}.`));
      notice.focus();
      if (e.status === 409 || e.status === 403) { current = null; await select(selected, false); }
      return;
    }
    const form = name === 'receive' ? ['01', 'In Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)']
      : name === 'refuse' ? ['03', 'In Phiếu từ chối tiếp nhận (Mẫu 03)'] : ['02', 'In Phiếu yêu cầu bổ sung, hoàn thiện (Mẫu 02)'];
    const done = name === 'receive' ? `Đã tiếp nhận hồ sơ ${d.code}; hạn giải quyết ${dateTime(after.due_at)}.`
      : name === 'refuse' ? `Đã từ chối tiếp nhận hồ sơ ${d.code}.` : `Đã yêu cầu bổ sung, hoàn thiện hồ sơ ${d.code}.`;
    mount(notice, h('div', { class: 'notice', role: 'status' }, done, ' ',
      pdfLink(`/dossiers/${encodeURIComponent(d.code)}/forms/${form[0]}.pdf`, form[1], 'desk-form-link'),
      name === 'receive' ? [' · ', h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, 'Mở hồ sơ để chuyển xử lý')] : null));
    const i = rows().findIndex((r) => r.dataset.code === d.code);
    if (i >= 0) rows()[i].remove();
    current = null;
    setCount();
    await select(i, true);
  }

  function onKey(e) {
    if (!tbody.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    const inTable = tbody.contains(t);
    if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) { e.preventDefault(); select(selected + 1); return; }
    if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) { e.preventDefault(); select(selected - 1); return; }
    if (e.key === 'o' && current) { e.preventDefault(); location.hash = `#/ho-so/${encodeURIComponent(current.code)}`; return; }
    const b = buttons.find((x) => x.dataset.key === e.key && x.isConnected);
    if (b) { e.preventDefault(); b.focus(); b.click(); }
  }
  document.addEventListener('keydown', onKey);

  for (const d of waiting) {
    const tr = rowOf(d);
    tr.dataset.procedure = d.procedure.code;
    tbody.append(tr);
  }
  setCount();
  mount(main,
    h('h1', null, title),
    h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, 'k'), ' chọn hồ sơ, ',
      h('kbd', null, 'n'), ' tiếp nhận, ', h('kbd', null, 'b'), ' yêu cầu bổ sung, hoàn thiện, ', h('kbd', null, 'x'), ' từ chối, ',
      h('kbd', null, 'o'), ' mở trang hồ sơ.'),
    notice, count,
    h('div', { class: 'desk' },
      h('div', { class: 'table-wrap desk__list', role: 'region', 'aria-label': title, tabindex: '0' },
        h('table', { class: 'table', id: 'online' },
          h('caption', { class: 'visually-hidden' }, title),
          h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Nộp lúc', 'Đã chờ', 'Cơ quan giải quyết'].map((x) => h('th', { scope: 'col' }, x)))),
          tbody)),
      detail));
  if (tbody.rows.length) await select(0, false);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}
