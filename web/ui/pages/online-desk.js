// Online desk (screen 7): the dossiers submitted online that wait at my receiving units, the one
// waiting longest first. The selected dossier is shown beside the list with its applicant and its
// components (each electronic copy viewable in the page); three actions decide it, offered when the
// server allows them (allowed_actions): receive (Form 01), request completion (Form 02), refuse
// (Form 03). The next dossier is one key away.
// Keyboard: j / k select, n receive, c receive and transfer at once, b request completion, x refuse,
// o open the dossier page. Below: the received dossiers not yet transferred, to send on in a batch.
// Route: #/truc-tuyen.
import { h, mount, setTitle, selectRow } from '../dom.js';
import { get, post, unit, unitChain, ApiError, serverNow } from '../api.js';
import { CHANNEL, dateTime } from '../format.js';
import { requireLogin, unitsOf } from '../session.js';
import { summaryRow, pdfLink, viewer } from '../widgets.js';
import { offeredActions, needsForm, actionForm, bodyOf } from '../actions.js';
import { transferBatch } from '../transfer-batch.js';

const TITLE = 'Hồ sơ trực tuyến chờ tiếp nhận';
const LIMIT = 500; // dossiers listed at most; the note under the table says when there are more
// The desk's decisions on a dossier submitted online (of those the server allows), and after each
// what is said and which form is offered for printing.
const DESK_ACTIONS = ['receive', 'request-completion', 'refuse'];
const DONE = {
  receive: { form: ['01', 'In Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)'], text: (d, after) => `Đã tiếp nhận hồ sơ ${d.code}; hạn giải quyết ${dateTime(after.due_at)}.` },
  'receive-transfer': { form: ['01', 'In Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)'], text: (d, after) => `Đã tiếp nhận và chuyển xử lý hồ sơ ${d.code}; hạn giải quyết ${dateTime(after.due_at)}.` },
  'request-completion': { form: ['02', 'In Phiếu yêu cầu bổ sung, hoàn thiện (Mẫu 02)'], text: (d) => `Đã yêu cầu bổ sung, hoàn thiện hồ sơ ${d.code}.` },
  refuse: { form: ['03', 'In Phiếu từ chối tiếp nhận (Mẫu 03)'], text: (d) => `Đã từ chối tiếp nhận hồ sơ ${d.code}.` },
};

/** "3 giờ", "2 ngày": how long a dossier has waited since it was submitted. */
function waited(iso, now) {
  const hours = Math.max(0, Math.floor((now - Date.parse(iso)) / 3600e3));
  if (hours < 1) return 'dưới 1 giờ';
  if (hours < 48) return `${hours} giờ`;
  return `${Math.floor(hours / 24)} ngày`;
}

export async function render(main, { isCurrent }) {
  const s = requireLogin();
  if (!s) return;
  setTitle(TITLE);
  const mine = unitsOf(s, 'receiver');
  if (!mine.length) {
    mount(main, h('h1', null, TITLE), h('p', null, 'Chỉ cán bộ tiếp nhận mới tiếp nhận hồ sơ trực tuyến.'));
    return;
  }
  const loaded = await loadWaiting(main, mine);
  if (!loaded) return;
  // What the desk's parts share: the list, the selected row and dossier, its action buttons.
  const desk = {
    ...loaded,
    notice: h('div', { id: 'desk-notice', tabindex: '-1' }),
    count: h('p', { class: 'muted', role: 'status', id: 'desk-count' }),
    tbody: h('tbody'),
    detail: h('section', { id: 'desk-detail', class: 'desk__detail', 'aria-live': 'polite', 'aria-label': 'Hồ sơ đang chọn' }),
    selected: -1,
    current: null, // the selected dossier, as GET /dossiers/{code} answers
    buttons: [],
    batch: transferBatch(mine),
  };
  const onKey = listenKeys(desk);
  for (const d of desk.waiting) {
    const tr = rowOf(desk, d);
    tr.dataset.procedure = d.procedure.code;
    desk.tbody.append(tr);
  }
  setCount(desk);
  mount(main, ...layout(desk), desk.batch.el);
  await desk.batch.reload();
  if (desk.tbody.rows.length) await select(desk, 0, false);
  if (!isCurrent()) document.removeEventListener('keydown', onKey);
}

/**
 * The dossiers submitted online whose receiving unit one of mine covers, the one waiting longest
 * first, with the server's now and the resolvers' names; null after saying why not.
 */
async function loadWaiting(main, mine) {
  let r;
  try {
    r = await get(`/dossiers?status=submitted&limit=${LIMIT}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { requireLogin(); return null; }
    mount(main, h('h1', null, TITLE), h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được danh sách hồ sơ. Vui lòng thử lại.'));
    return null;
  }
  const covered = await Promise.all(r.items.map(async (d) => (await unitChain(d.receiving_unit)).some((c) => mine.includes(c))));
  const waiting = r.items.filter((d, i) => covered[i]).sort((a, b) => String(a.submitted_at).localeCompare(String(b.submitted_at)));
  const now = await serverNow(); // waiting times on the server's clock
  const resolverNames = Object.fromEntries(await Promise.all([...new Set(waiting.map((d) => d.resolver_unit).filter(Boolean))]
    .map(async (c) => [c, (await unit(c).catch(() => null))?.name || c])));
  return { waiting, more: Boolean(r.next_cursor), now, resolverNames };
}

function layout(desk) {
  return [
    h('h1', null, TITLE),
    h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, 'k'), ' chọn hồ sơ, ',
      h('kbd', null, 'n'), ' tiếp nhận, ', h('kbd', null, 'c'), ' tiếp nhận và chuyển xử lý, ', h('kbd', null, 'b'), ' yêu cầu bổ sung, hoàn thiện, ', h('kbd', null, 'x'), ' từ chối, ',
      h('kbd', null, 'o'), ' mở trang hồ sơ.'),
    desk.notice, desk.count,
    h('div', { class: 'desk' },
      h('div', { class: 'table-wrap desk__list', role: 'region', 'aria-label': TITLE, tabindex: '0' },
        h('table', { class: 'table', id: 'online' },
          h('caption', { class: 'visually-hidden' }, TITLE),
          h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Nộp lúc', 'Đã chờ', 'Cơ quan giải quyết'].map((x) => h('th', { scope: 'col' }, x)))),
          desk.tbody)),
      desk.detail),
  ];
}

function setCount(desk) {
  const n = desk.tbody.rows.length;
  desk.count.textContent = n ? `${n} hồ sơ chờ tiếp nhận${desk.more ? ` (chỉ hiện ${LIMIT} hồ sơ nộp gần nhất)` : ''}` : 'Không có hồ sơ trực tuyến nào chờ tiếp nhận.';
}

function rowOf(desk, d) {
  const onclick = (e) => { if (e.target.tagName !== 'A') select(desk, [...desk.tbody.rows].indexOf(e.currentTarget), false); };
  return h('tr', { tabindex: '-1', dataset: { code: d.code }, onclick },
    h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}`, tabindex: '-1' }, d.code)),
    h('td', null, d.procedure.name),
    h('td', null, d.applicant.name),
    h('td', { class: 'nowrap' }, dateTime(d.submitted_at)),
    h('td', { class: 'nowrap' }, waited(d.submitted_at, desk.now)),
    h('td', null, desk.resolverNames[d.resolver_unit] || ''));
}

/** Selects row i and shows its dossier beside the list (loaded unless it is already shown). */
async function select(desk, i, focus = true) {
  desk.selected = selectRow(desk.tbody, i, focus);
  if (desk.selected < 0) { desk.current = null; mount(desk.detail); desk.buttons = []; return; }
  const rs = [...desk.tbody.rows];
  const code = rs[desk.selected].dataset.code;
  if (desk.current && desk.current.code === code) return;
  mount(desk.detail, h('p', { class: 'muted' }, 'Đang tải hồ sơ…'));
  let d;
  let proc;
  try {
    [d, proc] = await Promise.all([
      get(`/dossiers/${encodeURIComponent(code)}`),
      get(`/procedures/${encodeURIComponent(rs[desk.selected].dataset.procedure || '')}`, { auth: false }).catch(() => null),
    ]);
  } catch (e) {
    mount(desk.detail, h('p', { class: 'notice notice--error', role: 'alert' }, 'Không tải được hồ sơ này.'));
    return;
  }
  if (desk.tbody.rows[desk.selected]?.dataset.code !== code) return; // another row was selected meanwhile
  if (!proc) proc = await get(`/procedures/${encodeURIComponent(d.procedure.code)}?version=${d.procedure.version}`, { auth: false }).catch(() => null);
  desk.current = d;
  drawDetail(desk, d, proc);
}

/** The selected dossier: its applicant, the desk's actions the server allows, its components. */
function drawDetail(desk, d, proc) {
  const comps = Object.fromEntries(((proc && proc.components) || []).map((c) => [c.id, c]));
  const formBox = h('div');
  const open = (a) => actionForm(a, formBox, { owner: d.applicant.id_number, send: (values, form) => run(desk, a, values, form) });
  const offered = offeredActions(d, DESK_ACTIONS);
  // Receiving and sending on to the deciding unit in one keystroke (two calls: receive, transfer).
  if (offered.some((a) => a.name === 'receive')) offered.splice(1, 0, { name: 'receive-transfer', label: 'Tiếp nhận và chuyển xử lý', key: 'c' });
  desk.buttons = offered.map((a) => h('button', {
    type: 'button', class: a.danger ? 'button button--warning' : 'button', dataset: { action: a.name, key: a.key },
    'aria-keyshortcuts': a.key, onclick: () => (needsForm(a) ? open(a) : run(desk, a, {})),
  }, a.label, ' ', h('kbd', { 'aria-hidden': 'true' }, a.key)));
  const app = d.applicant || {};
  mount(desk.detail,
    h('h2', { id: 'detail-title' }, `Hồ sơ ${d.code}`),
    h('dl', { class: 'summary-list' },
      summaryRow('Thủ tục', d.procedure.name),
      summaryRow('Người nộp', app.name || ''),
      summaryRow(app.kind === 'organization' ? 'Mã số thuế' : 'Số định danh cá nhân', app.id_number || ''),
      app.phone ? summaryRow('Điện thoại', app.phone) : null,
      summaryRow('Kênh nộp', CHANNEL[d.channel] || d.channel),
      summaryRow('Nộp lúc', dateTime(d.submitted_at)),
      summaryRow('Cơ quan giải quyết', desk.resolverNames[d.resolver_unit] || d.resolver_unit || '')),
    desk.buttons.length ? h('div', { class: 'button-group no-print' }, desk.buttons) : h('p', null, 'Bạn không có quyền tiếp nhận hồ sơ này.'),
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

/** Runs an action on the selected dossier; once done, its row leaves and the next one is selected. */
async function run(desk, a, values, form) {
  const d = desk.current;
  let after;
  try {
    if (a.name === 'receive-transfer') {
      const got = await post(`/dossiers/${encodeURIComponent(d.code)}/receive`, {}, { ifMatch: d.version });
      after = await post(`/dossiers/${encodeURIComponent(d.code)}/transfer`, {}, { ifMatch: got.version }).catch(async (e) => {
        await desk.batch.reload(); // received but not sent on: it waits in the batch list below
        throw e;
      });
    } else {
      after = await post(`/dossiers/${encodeURIComponent(d.code)}/${a.name}`, await bodyOf(a, values), { ifMatch: d.version });
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 422 && form) { form.showErrors(e); return; }
    mount(desk.notice, h('div', { class: 'notice notice--error', role: 'alert' }, `Không thực hiện được “${a.label}” cho hồ sơ ${d.code}: ${e.messageVi}.`));
    desk.notice.focus();
    if (e.status === 409 || e.status === 403) { desk.current = null; await select(desk, desk.selected, false); }
    return;
  }
  const done = DONE[a.name];
  mount(desk.notice, h('div', { class: 'notice', role: 'status' }, done.text(d, after), ' ',
    pdfLink(`/dossiers/${encodeURIComponent(d.code)}/forms/${done.form[0]}.pdf`, done.form[1], 'desk-form-link'),
    a.name === 'receive' ? [' · ', h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, 'Mở hồ sơ để chuyển xử lý')] : null));
  const rs = [...desk.tbody.rows];
  const i = rs.findIndex((r) => r.dataset.code === d.code);
  if (i >= 0) rs[i].remove();
  desk.current = null;
  setCount(desk);
  await select(desk, i, true);
  if (a.name === 'receive') await desk.batch.reload(); // received, not yet sent on: listed below
}

/** j / k (or the arrows in the list) select, o opens the dossier page, an action's key runs it. */
function listenKeys(desk) {
  function onKey(e) {
    if (!desk.tbody.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    const inTable = desk.tbody.contains(t);
    if (e.key === 'j' || (inTable && e.key === 'ArrowDown')) { e.preventDefault(); select(desk, desk.selected + 1); return; }
    if (e.key === 'k' || (inTable && e.key === 'ArrowUp')) { e.preventDefault(); select(desk, desk.selected - 1); return; }
    if (e.key === 'o' && desk.current) { e.preventDefault(); location.hash = `#/ho-so/${encodeURIComponent(desk.current.code)}`; return; }
    const b = desk.buttons.find((x) => x.dataset.key === e.key && x.isConnected);
    if (b) { e.preventDefault(); b.focus(); b.click(); }
  }
  document.addEventListener('keydown', onKey);
  return onKey;
}
