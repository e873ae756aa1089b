// Returns (screen 8): the results ready for return at my point(s), soonest decided first, with
// "Trả kết quả" per row (POST /dossiers/{code}/return, If-Match) and the tracking book (Form 07)
// of each point as XLSX or CSV. The list is filtered by return unit in the browser (the API has no
// return_unit filter). A search box filters the list by code (or its tail), ID number or name, and
// takes a scanned receipt QR (the tracking URL /track/{code}?s=…); returning asks for confirmation
// with the applicant's ID number beside the name, so the officer checks identity first.
import { h, mount, setTitle } from '../dom.js';
import { post, getAll, unit, unitChain, ApiError } from '../api.js';
import { DECISION, RETURN_CHANNEL, dateTime } from '../format.js';
import { requireLogin, unitsOf } from '../session.js';
import { pdfLink } from '../widgets.js';

// What "return" means by the channel the applicant chose: handed over at the counter, or the
// posting recorded (the result went by public post), or sent online.
const HOW = {
  counter: ['Trả kết quả', 'Đã trả kết quả'],
  post: ['Ghi nhận đã gửi bưu chính', 'Đã ghi nhận gửi bưu chính kết quả'],
  online: ['Ghi nhận đã trả trực tuyến', 'Đã ghi nhận trả trực tuyến kết quả'],
};

export async function render(main) {
  const s = requireLogin();
  if (!s) return;
  setTitle('Trả kết quả');
  const mine = unitsOf(s, 'receiver');
  if (!mine.length) {
    mount(main, h('h1', null, 'Trả kết quả'), h('p', null, 'Chỉ cán bộ tiếp nhận của điểm phục vụ mới trả kết quả.'));
    return;
  }
  const all = await getAll('/dossiers?status=ready_for_return');
  const covered = await Promise.all(all.map(async (d) => (await unitChain(d.return_unit)).some((c) => mine.includes(c))));
  const ready = all.filter((d, i) => covered[i]).sort((a, b) => String(a.decided_at).localeCompare(String(b.decided_at)));
  const names = Object.fromEntries(await Promise.all(mine.map(async (c) => [c, (await unit(c).catch(() => null))?.name || c])));
  const returnNames = Object.fromEntries(await Promise.all([...new Set(ready.map((d) => d.return_unit))].map(async (c) => [c, (await unit(c).catch(() => null))?.name || c])));

  const list = { mine, returnNames, notice: h('div', { tabindex: '-1' }), count: h('p', { class: 'muted', role: 'status', id: 'returns-count' }), tbody: h('tbody') };
  for (const d of ready) list.tbody.append(returnRow(list, d));
  setCount(list);
  listenKeys(list.tbody);
  const q = h('input', { id: 'returns-q', type: 'search', class: 'input input--wide', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'returns-q-hint' });
  q.addEventListener('input', () => filterRows(list, q.value));
  q.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    // A scan ends with Enter: the code is now in the box; the only match's button takes the focus.
    const shown = [...list.tbody.rows].filter((tr) => !tr.hidden);
    if (shown.length === 1) shown[0].querySelector('button').focus();
  });

  mount(main,
    h('h1', null, 'Trả kết quả'),
    h('p', null, 'Kết quả đã có, chờ trả tại ', mine.map((c, i) => [i ? ', ' : '', names[c]]), '. Bấm “Trả kết quả” khi người nộp đã nhận tại quầy, “Ghi nhận đã gửi bưu chính” khi đã gửi kết quả qua bưu chính.'),
    h('p', { class: 'keys no-print' }, 'Phím tắt: ', h('kbd', null, 'j'), ' / ', h('kbd', null, 'k'), ' chọn hồ sơ sau / trước, ', h('kbd', null, 'Enter'), ' trả kết quả hồ sơ đang chọn.'),
    h('div', { class: 'form-group no-print' },
      h('label', { for: 'returns-q', class: 'label' }, 'Tìm hồ sơ chờ trả'),
      h('div', { id: 'returns-q-hint', class: 'hint' }, 'Gõ mã hồ sơ (hoặc phần cuối, như 261126-0002), số định danh hoặc tên người nộp; hoặc quét mã QR trên giấy tiếp nhận.'),
      q),
    list.notice, list.count,
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'returns-caption', tabindex: '0' },
      h('table', { class: 'table', id: 'returns' },
        h('caption', { id: 'returns-caption' }, 'Hồ sơ chờ trả kết quả'),
        h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Số định danh', 'Kết quả', 'Ngày có kết quả', 'Nhận kết quả', 'Thao tác'].map((t, i) => h('th', { scope: 'col', class: i === 7 ? 'no-print' : null }, t)))),
        list.tbody)),
    h('h2', null, 'Sổ theo dõi hồ sơ (Mẫu 07)'),
    bookLinks(mine, names));
}

function setCount(list) {
  const all = list.tbody.rows.length;
  const n = [...list.tbody.rows].filter((tr) => !tr.hidden).length;
  if (n === all) list.count.textContent = n ? `${n} hồ sơ chờ trả kết quả` : 'Không có hồ sơ nào chờ trả kết quả.';
  else list.count.textContent = n ? `${n} trong ${all} hồ sơ khớp với nội dung tìm` : `Không có hồ sơ nào khớp trong ${all} hồ sơ chờ trả.`;
}

/** Lower case without diacritics (đ → d), for matching names however they are typed. */
export function fold(s) {
  return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase().trim();
}

/** What the box holds, as a needle: a scanned tracking URL gives its code. */
export function needleOf(text) {
  const m = /\/track\/([^?#\s]+)/.exec(text);
  return fold(m ? decodeURIComponent(m[1]) : text).replace(/\s+/g, ' ');
}

function filterRows(list, text) {
  const needle = needleOf(text);
  for (const tr of list.tbody.rows) tr.hidden = Boolean(needle) && !tr.dataset.search.includes(needle);
  setCount(list);
}

/** A result ready for return, with its button (POST /dossiers/{code}/return, If-Match). */
function returnRow(list, d) {
  const { mine, returnNames, notice } = list;
  const how = HOW[d.return_channel] || HOW.counter;
  const btn = h('button', { type: 'button', class: 'button button--row', dataset: { code: d.code, channel: d.return_channel || 'counter' } }, how[0],
    h('span', { class: 'visually-hidden' }, ` hồ sơ ${d.code}`));
  const search = fold([d.code, d.applicant.id_number, d.applicant.name].join(' '));
  const cell = h('td', { class: 'no-print nowrap' }, btn);
  const tr = h('tr', { dataset: { code: d.code, search } },
    h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, d.code)),
    h('td', null, d.procedure.name),
    h('td', null, d.applicant.name),
    h('td', { class: 'nowrap' }, d.applicant.id_number || ''),
    h('td', null, DECISION[d.decision] || d.decision || '', d.result && d.result.number ? ` (số ${d.result.number})` : ''),
    h('td', { class: 'nowrap' }, dateTime(d.decided_at)),
    h('td', null, RETURN_CHANNEL[d.return_channel] || d.return_channel || '', mine.length > 1 || d.return_unit !== mine[0] ? ` · ${returnNames[d.return_unit]}` : ''),
    cell);
  // By post, the posting is recorded with its tracking number (the result went to the applicant's
  // address): the confirmation asks for it.
  const byPost = d.return_channel === 'post';
  const trackId = `tracking-${d.code}`;
  const track = byPost ? h('input', { id: trackId, class: 'input input--short', autocomplete: 'off', spellcheck: 'false', maxlength: '40', placeholder: 'EB123456789VN', dataset: { code: d.code } }) : null;
  // The first press asks; "Xác nhận" (focused, Enter) returns, "Hủy" or Escape puts the button back.
  const confirmBox = h('div', { class: 'confirm', role: 'group', 'aria-label': `Xác nhận ${how[0].toLocaleLowerCase('vi')} hồ sơ ${d.code}` },
    h('p', { class: 'confirm__text' }, `${how[0]} cho ${d.applicant.name} (số định danh ${d.applicant.id_number || 'không có'})?`),
    byPost ? h('p', { class: 'confirm__field' }, h('label', { for: trackId }, 'Số hiệu bưu gửi'), ' ', track) : null,
    h('div', { class: 'button-group' },
      h('button', { type: 'button', class: 'button button--row confirm__yes', dataset: { confirm: d.code } }, 'Xác nhận'),
      h('button', { type: 'button', class: 'button button--secondary button--row confirm__no' }, 'Hủy')));
  const cancel = () => { mount(cell, btn); btn.focus(); };
  btn.addEventListener('click', () => {
    mount(cell, confirmBox);
    (track || confirmBox.querySelector('.confirm__yes')).focus();
  });
  confirmBox.querySelector('.confirm__no').addEventListener('click', cancel);
  confirmBox.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); cancel(); } });
  if (track) track.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); confirmBox.querySelector('.confirm__yes').click(); } });
  confirmBox.querySelector('.confirm__yes').addEventListener('click', async (ev) => {
    const yes = ev.currentTarget;
    const body = { channel: d.return_channel || 'counter' };
    if (track) {
      body.tracking_number = track.value.trim();
      if (!body.tracking_number) {
        mount(notice, h('div', { class: 'notice notice--error', role: 'alert' }, `Nhập số hiệu bưu gửi của hồ sơ ${d.code} trước khi ghi nhận đã gửi.`));
        track.focus();
        return;
      }
    }
    yes.disabled = true;
    try {
      const nd = await post(`/dossiers/${encodeURIComponent(d.code)}/return`, body, { ifMatch: d.version });
      let next = tr.nextElementSibling;
      while (next && next.hidden) next = next.nextElementSibling;
      if (!next) { next = tr.previousElementSibling; while (next && next.hidden) next = next.previousElementSibling; }
      tr.remove();
      setCount(list);
      mount(notice, h('div', { class: 'notice', role: 'status' }, `${how[1]} hồ sơ ${d.code} lúc ${dateTime(nd.returned_at)}.`));
      const b = next && next.querySelector('button');
      (b || notice).focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      yes.disabled = false;
      mount(notice, h('div', { class: 'notice notice--error', role: 'alert' }, `Không trả được kết quả hồ sơ ${d.code}: ${e.messageVi}.`));
      if (track) track.focus();
      else { mount(cell, btn); notice.focus(); }
    }
  });
  return tr;
}

/** Keyboard: j / k move between the rows' buttons; Enter returns the focused one. */
function listenKeys(tbody) {
  function onKey(e) {
    if (!tbody.isConnected) { document.removeEventListener('keydown', onKey); return; }
    if (e.altKey || e.ctrlKey || e.metaKey || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    if (e.key !== 'j' && e.key !== 'k') return;
    const buttons = [...tbody.querySelectorAll('tr:not([hidden]) button[data-code]:not([disabled])')];
    if (!buttons.length) return;
    e.preventDefault();
    const i = buttons.indexOf(document.activeElement);
    const next = e.key === 'j' ? (i < 0 ? 0 : Math.min(buttons.length - 1, i + 1)) : (i < 0 ? 0 : Math.max(0, i - 1));
    buttons[next].focus();
  }
  document.addEventListener('keydown', onKey);
}

/** Form 07 of each of my points: to print (PDF) or to download (XLSX, CSV). */
function bookLinks(mine, names) {
  const ul = h('ul', { class: 'no-print' }, mine.map((c) => h('li', null, names[c], ': ',
    pdfLink(`/reports/tracking-book.pdf?unit=${encodeURIComponent(c)}`, 'In sổ (PDF)', mine.length === 1 ? 'book-pdf' : null), ' · ',
    pdfLink(`/reports/tracking-book.xlsx?unit=${encodeURIComponent(c)}`, 'Tải tệp Excel (XLSX)', mine.length === 1 ? 'book-xlsx' : null), ' · ',
    pdfLink(`/reports/tracking-book.csv?unit=${encodeURIComponent(c)}`, 'Tải tệp CSV', mine.length === 1 ? 'book-csv' : null))));
  for (const a of ul.querySelectorAll('a')) {
    a.className = '';
    if (!a.href.includes('.pdf')) { a.removeAttribute('target'); a.setAttribute('download', ''); }
  }
  return ul;
}
