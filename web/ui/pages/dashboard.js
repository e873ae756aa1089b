// Dashboard (screen 11) for managers of points, agencies and the Center (and the admin): today and
// this month from GET /reports/summary (received by channel, decided early / on time / late, the
// rates), what stands now (overdue, at risk = due within 24 hours, paused), tables per unit, and the
// late and at-risk lists linking to the dossiers. Everything is restricted by the server to the
// dossiers the manager may see. The bar charts are plain HTML: each bar's label and number are text.
import { h, mount, setTitle } from '../dom.js';
import { get, getAll, post, ApiError, serverToday } from '../api.js';
import { dateTime, effectiveDue, number, vnIso } from '../format.js';
import { requireLogin, hasAnyRole } from '../session.js';
import { statusTag, markTags } from '../widgets.js';

const MANAGER = ['center_manager', 'unit_manager', 'admin'];
const IN_WORK = new Set(['received', 'processing', 'awaiting_supplement']);
const DAY_MS = 24 * 3600 * 1000;

/** 75 → "75%", 66.67 → "66,67%", null → "—". */
export function rate(x) {
  return x === null || x === undefined ? '—' : `${String(x).replace('.', ',')}%`;
}

/** An ISO time in +07:00, `ms` after `iso`. */
const plus = (iso, ms) => vnIso(Date.parse(iso) + ms);

/** A bar as wide as its share: the width is set through the CSSOM (the page's policy forbids style attributes). */
function bar(i, max) {
  const el = h('span', { class: `bars__bar${i.tone ? ` bars__bar--${i.tone}` : ''}` });
  el.style.width = `${((100 * i.value) / max).toFixed(1)}%`;
  return el;
}

/** A horizontal bar chart in HTML: a list whose items say label and number; the bars are decoration. */
function bars(id, caption, items) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return h('figure', { class: 'chart', id },
    h('figcaption', { class: 'chart__caption' }, caption),
    h('ul', { class: 'bars' }, items.map((i) => h('li', { class: 'bars__item', dataset: { key: i.key } },
      h('span', { class: 'bars__label' }, i.label),
      h('span', { class: 'bars__track', 'aria-hidden': 'true' },
        bar(i, max)),
      h('span', { class: 'bars__value' }, number(i.value))))));
}

const stat = (key, label, value, extra) => h('div', { class: 'stat', dataset: { stat: key } },
  h('dt', { class: 'stat__label' }, label), h('dd', { class: 'stat__value' }, number(value), extra || null));

function period(key, title, s) {
  const t = s.totals;
  return h('section', { class: 'period', 'aria-labelledby': `${key}-title`, dataset: { period: key } },
    h('h2', { id: `${key}-title` }, title),
    h('dl', { class: 'stats' },
      stat('received', 'Tiếp nhận', t.received.total),
      stat('decided', 'Giải quyết xong', t.decided.total),
      stat('returned', 'Đã trả kết quả', t.returned)),
    bars(`${key}-channels`, 'Tiếp nhận theo kênh', [
      { key: 'counter', label: 'Trực tiếp', value: t.received.counter },
      { key: 'online', label: 'Trực tuyến', value: t.received.online },
      { key: 'post', label: 'Bưu chính', value: t.received.post }]),
    bars(`${key}-timeliness`, 'Giải quyết xong theo tiến độ', [
      { key: 'early', label: 'Trước hạn', value: t.decided.early, tone: 'ok' },
      { key: 'on_time', label: 'Đúng hạn', value: t.decided.on_time, tone: 'ok' },
      { key: 'late', label: 'Quá hạn', value: t.decided.late, tone: 'bad' }]),
    h('p', { class: 'rates', dataset: { rates: key } },
      `Tỷ lệ đúng hạn: ${rate(t.on_time_rate)} · Tỷ lệ nộp trực tuyến: ${rate(t.online_rate)} · Tỷ lệ hài lòng: ${rate(t.satisfaction_rate)}`),
    rateHelp(key, t));
}

/**
 * How each rate is computed, with this period's numbers: the on-time rate counts the dossiers still
 * in work too (within their time as on time, past it as late), which is why it can differ from
 * "decided on time" alone.
 */
export function rateHelp(key, t) {
  const ok = t.decided.early + t.decided.on_time + t.in_progress.within;
  const all = t.decided.total + t.in_progress.within + t.in_progress.past_due;
  return h('details', { class: 'rate-help', dataset: { rateHelp: key } },
    h('summary', null, 'Cách tính các tỷ lệ'),
    h('ul', null,
      h('li', { dataset: { rate: 'on_time' } }, `Tỷ lệ đúng hạn = (trước hạn ${number(t.decided.early)} + đúng hạn ${number(t.decided.on_time)} + đang giải quyết trong hạn ${number(t.in_progress.within)}) / (đã giải quyết ${number(t.decided.total)} + đang giải quyết trong hạn ${number(t.in_progress.within)} + đang quá hạn ${number(t.in_progress.past_due)}) = ${number(ok)} / ${number(all)} = ${rate(t.on_time_rate)}.`),
      h('li', { dataset: { rate: 'online' } }, `Tỷ lệ nộp trực tuyến = hồ sơ nộp trực tuyến ${number(t.received.online)} / hồ sơ tiếp nhận ${number(t.received.total)} = ${rate(t.online_rate)}.`),
      h('li', { dataset: { rate: 'satisfaction' } }, `Tỷ lệ hài lòng = số đánh giá “Hài lòng” hoặc “Rất hài lòng” / số lượt đánh giá của người nộp = ${rate(t.satisfaction_rate)}.`)));
}

/** The filters: a period (from, to: dates) and a receiving unit; they go into the route's query. */
function filters(query, units) {
  const from = h('input', { type: 'date', id: 'f-from', class: 'input input--short', value: query.get('from') || '' });
  const to = h('input', { type: 'date', id: 'f-to', class: 'input input--short', value: query.get('to') || '' });
  const unitSel = h('select', { id: 'f-unit', class: 'input' }, h('option', { value: '' }, 'Tất cả đơn vị trong phạm vi'),
    units.map(([code, name]) => h('option', { value: code }, name)));
  unitSel.value = query.get('unit') || '';
  const err = h('p', { class: 'field-error', id: 'f-error', hidden: true });
  return h('form', {
    class: 'filters no-print', id: 'dash-filters', 'aria-label': 'Lọc số liệu',
    onsubmit: (e) => {
      e.preventDefault();
      if (from.value && to.value && to.value < from.value) { err.textContent = 'Lỗi: “Đến ngày” phải sau “Từ ngày”.'; err.hidden = false; to.focus(); return; }
      const q = new URLSearchParams();
      if (from.value) q.set('from', from.value);
      if (to.value) q.set('to', to.value);
      if (unitSel.value) q.set('unit', unitSel.value);
      location.hash = `#/bang-dieu-khien${q.toString() ? `?${q}` : ''}`;
    },
  },
  h('div', { class: 'form-group' }, h('label', { for: 'f-from', class: 'label' }, 'Từ ngày'), from),
  h('div', { class: 'form-group' }, h('label', { for: 'f-to', class: 'label' }, 'Đến ngày'), to),
  h('div', { class: 'form-group' }, h('label', { for: 'f-unit', class: 'label' }, 'Nơi tiếp nhận'), unitSel),
  err,
  h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'f-apply' }, 'Xem số liệu'),
    h('a', { href: '#/bang-dieu-khien', id: 'f-reset' }, 'Bỏ lọc')));
}

/** A summary narrowed to one row (a unit): its totals are the row's. */
function onlyUnit(s, unit) {
  if (!unit) return s;
  const rows = s.rows.filter((r) => r.key === unit);
  const zero = { received: { total: 0, counter: 0, online: 0, post: 0 }, decided: { total: 0, early: 0, on_time: 0, late: 0 }, in_progress: { within: 0, past_due: 0, paused: 0 }, returned: 0, on_time_rate: null, online_rate: null, satisfaction_rate: null };
  return { ...s, rows, totals: rows[0] || zero };
}

function unitTable(id, caption, s) {
  const head = ['Đơn vị', 'Tiếp nhận', 'Trực tiếp', 'Trực tuyến', 'Bưu chính', 'Trước hạn', 'Đúng hạn', 'Quá hạn',
    'Đang giải quyết trong hạn', 'Đang quá hạn', 'Tạm dừng', 'Tỷ lệ đúng hạn'];
  const cells = (name, r) => [name, r.received.total, r.received.counter, r.received.online, r.received.post,
    r.decided.early, r.decided.on_time, r.decided.late, r.in_progress.within, r.in_progress.past_due, r.in_progress.paused, r.on_time_rate];
  const tr = (c, attrs, cellTag = 'td') => h('tr', attrs, c.map((v, i) => (i === 0
    ? h('th', { scope: 'row' }, v)
    : h(cellTag, { class: 'num' }, i === c.length - 1 ? rate(v) : number(v)))));
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': `${id}-caption`, tabindex: '0' },
    h('table', { class: 'table table--numbers', id },
      h('caption', { id: `${id}-caption` }, caption),
      h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, s.rows.length ? s.rows.map((r) => tr(cells(r.name || r.key, r), { dataset: { key: r.key } }))
        : h('tr', null, h('td', { colspan: head.length }, 'Chưa có số liệu.'))),
      h('tfoot', null, tr(cells('Tổng cộng', s.totals), { dataset: { key: 'total' } }))));
}

function dossierTable(id, caption, items, empty) {
  if (!items.length) return h('p', { id, class: 'muted' }, empty);
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': `${id}-caption`, tabindex: '0' },
    h('table', { class: 'table', id },
      h('caption', { id: `${id}-caption` }, caption),
      h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Trạng thái', 'Hạn giải quyết', 'Ghi chú'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, items.map((d) => h('tr', { dataset: { code: d.code } },
        h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, d.code)),
        h('td', null, d.procedure.name),
        h('td', null, d.applicant.name),
        h('td', null, statusTag(d.status)),
        h('td', { class: 'nowrap' }, dateTime(effectiveDue(d))),
        h('td', null, markTags(d)))))));
}

/** Open dossiers in work, not paused, not overdue, due within 24 hours of `now` (the server's). */
export function atRisk(items, now) {
  const end = Date.parse(now) + DAY_MS;
  return items.filter((d) => IN_WORK.has(d.status) && !d.paused && !d.overdue && effectiveDue(d)
    && Date.parse(effectiveDue(d)) >= Date.parse(now) && Date.parse(effectiveDue(d)) <= end)
    .sort((a, b) => Date.parse(effectiveDue(a)) - Date.parse(effectiveDue(b)));
}

export async function render(main, { query = new URLSearchParams() } = {}) {
  const s = requireLogin();
  if (!s) return;
  setTitle('Thống kê');
  if (!hasAnyRole(s, MANAGER)) {
    mount(main, h('h1', null, 'Thống kê'), h('p', null, 'Chỉ người quản lý điểm phục vụ, cơ quan, Trung tâm mới xem được trang này.'));
    return;
  }
  let month;
  let today;
  try {
    // Without from/to the server answers this month up to its own "now" (the test clock too).
    [month, today] = await Promise.all([get('/reports/summary?group_by=receiving_unit'), serverToday()]);
    if (query.get('from') || query.get('to')) {
      const q = new URLSearchParams({ group_by: 'receiving_unit' });
      if (query.get('from')) q.set('from', query.get('from'));
      if (query.get('to')) q.set('to', query.get('to'));
      month = { ...(await get(`/reports/summary?${q}`)), chosen: true };
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { requireLogin(); return; }
    mount(main, h('h1', null, 'Thống kê'), h('p', { class: 'notice notice--error', role: 'alert' }, `Không tải được số liệu: ${e.messageVi || e.message}.`));
    return;
  }
  const unitCode = query.get('unit') || '';
  const units = month.rows.map((r) => [r.key, r.name || r.key]);
  const allMonth = month;
  const now = month.chosen ? (await get('/reports/summary?group_by=receiving_unit')).to : month.to; // the server's now
  let [todaySum, byResolver, overdue, soon, portal] = await Promise.all([
    // Up to the server's now (no "to"): whole days up to now are read from the day cells.
    get(`/reports/summary?${new URLSearchParams({ from: today, group_by: 'receiving_unit' })}`),
    get(`/reports/summary?${new URLSearchParams({ from: month.from, ...(month.chosen ? { to: month.to } : {}), group_by: 'resolver_unit' })}`),
    getAll('/dossiers?overdue=true'),
    get(`/dossiers?${new URLSearchParams({ due_before: plus(now, DAY_MS), limit: '500' })}`),
    // The national portal sync (docs/portal.md); shown only where a portal is configured.
    get('/portal/summary').catch(() => null),
  ]);
  // Decision 766's indicators over the same period and unit (docs/indicators.md).
  const indQuery = new URLSearchParams({ from: month.from, to: month.chosen ? month.to : now, ...(unitCode ? { unit: unitCode } : {}) });
  const indicators = await get(`/reports/indicators?${indQuery}`).catch(() => null);
  // The monthly trend of the six months up to the period's end, and the officers' figures.
  const trendQuery = new URLSearchParams({ from: sixMonthsBefore(indQuery.get('to')), to: indQuery.get('to'), ...(unitCode ? { unit: unitCode } : {}) });
  const [trend, staff] = await Promise.all([
    get(`/reports/indicators/trend?${trendQuery}`).catch(() => null),
    get(`/reports/staff?${indQuery}`).catch(() => null),
  ]);
  if (unitCode) {
    month = onlyUnit(month, unitCode);
    todaySum = onlyUnit(todaySum, unitCode);
    overdue = overdue.filter((d) => d.receiving_unit === unitCode);
    soon = { ...soon, items: soon.items.filter((d) => d.receiving_unit === unitCode) };
  }
  const risk = atRisk(soon.items, now);
  const paused = month.totals.in_progress.paused;
  const unitName = unitCode ? (units.find(([c]) => c === unitCode) || [unitCode, unitCode])[1] : null;
  const monthTitle = allMonth.chosen ? `Kỳ đã chọn (${dateTime(month.from).slice(0, 10)} – ${dateTime(month.to).slice(0, 10)})` : `Tháng này (từ ${dateTime(month.from).slice(0, 10)})`;

  mount(main,
    h('h1', null, 'Thống kê'),
    h('p', { class: 'lead', id: 'as-of' }, `Số liệu đến ${dateTime(now)}, trong phạm vi hồ sơ bạn được xem.`),
    filters(query, units),
    unitName ? h('p', { id: 'f-current' }, `Đang xem: ${unitName}.`) : null,
    h('section', { 'aria-labelledby': 'now-title', class: 'period period--now' },
      h('h2', { id: 'now-title' }, 'Hiện nay'),
      h('dl', { class: 'stats' },
        stat('overdue', 'Quá hạn', overdue.length, overdue.length ? h('a', { href: '#overdue-title', class: 'stat__link', onclick: jump('overdue-title') }, 'Xem danh sách') : null),
        stat('at_risk', 'Sắp đến hạn (trong 24 giờ)', risk.length, risk.length ? h('a', { href: '#risk-title', class: 'stat__link', onclick: jump('risk-title') }, 'Xem danh sách') : null),
        stat('paused', 'Tạm dừng, chờ bổ sung', paused),
        stat('within', 'Đang giải quyết trong hạn', month.totals.in_progress.within),
        portal && portal.configured ? stat('portal_unsynced', 'Chưa đồng bộ lên Cổng Dịch vụ công quốc gia',
          portal.pending + portal.failed, h('span', { class: 'stat__link' }, `trong đó gửi lỗi: ${number(portal.failed)}`)) : null)),
    h('div', { class: 'periods' },
      period('today', `Hôm nay (${dateTime(now).slice(0, 10)})`, todaySum),
      period('month', monthTitle, month)),
    indicators ? indicatorTable(indicators, indQuery) : null,
    trend ? trendTable(trend) : null,
    staff ? staffTable(staff) : null,
    periodicSection(unitCode, now),
    h('h2', { id: 'units-title' }, allMonth.chosen ? 'Theo đơn vị, kỳ đã chọn' : 'Theo đơn vị, tháng này'),
    bars('units-chart', 'Hồ sơ tiếp nhận theo nơi tiếp nhận', month.rows.map((r) => ({ key: r.key, label: r.name || r.key, value: r.received.total }))),
    bars('resolver-chart', 'Hồ sơ đã giải quyết theo cơ quan giải quyết', byResolver.rows.map((r) => ({ key: r.key, label: r.name || r.key, value: r.decided.early + r.decided.on_time + r.decided.late }))),
    unitTable('by-receiving', 'Theo nơi tiếp nhận', month),
    unitTable('by-resolver', 'Theo cơ quan giải quyết', byResolver),
    h('p', { class: 'no-print' }, 'Tải bảng thống kê tháng này: ',
      h('a', { href: `/api/v1/reports/summary.xlsx?${new URLSearchParams({ from: month.from, to: now, group_by: 'receiving_unit' })}`, download: '' }, 'Excel (XLSX)'), ' · ',
      h('a', { href: `/api/v1/reports/summary.csv?${new URLSearchParams({ from: month.from, to: now, group_by: 'receiving_unit' })}`, download: '' }, 'CSV')),
    h('h2', { id: 'overdue-title', tabindex: '-1' }, `Hồ sơ quá hạn (${number(overdue.length)})`),
    dossierTable('overdue-list', 'Hồ sơ quá hạn, hạn sớm nhất trước', overdue, 'Không có hồ sơ quá hạn.'),
    h('h2', { id: 'risk-title', tabindex: '-1' }, `Hồ sơ sắp đến hạn trong 24 giờ (${number(risk.length)})`),
    dossierTable('risk-list', 'Hồ sơ sắp đến hạn, hạn sớm nhất trước', risk, 'Không có hồ sơ sắp đến hạn.'));
  main.dataset.now = now;
}

/** The indicators: each with its value, the numbers behind it (each a link to its dossiers) and how it is computed. */
function indicatorTable(ind, query) {
  const drill = h('section', { id: 'drill', class: 'drill', 'aria-live': 'polite' });
  const link = (i, part, value) => h('a', {
    href: '#drill-title', dataset: { drill: `${i.id}:${part}` },
    'aria-label': `${part === 'numerator' ? 'Hồ sơ của tử số' : 'Hồ sơ của mẫu số'} ${number(value)}: ${i.name}`,
    onclick: (e) => { e.preventDefault(); showDossiers(drill, i, part, query); },
  }, number(value));
  return h('section', { 'aria-labelledby': 'indicators-caption' },
    h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'indicators-caption', tabindex: '0' },
      h('table', { class: 'table', id: 'indicators' },
        h('caption', { id: 'indicators-caption' }, 'Chỉ số chất lượng phục vụ (Quyết định 766/QĐ-TTg), cùng kỳ'),
        h('thead', null, h('tr', null, ['Chỉ số', 'Kết quả', 'Tử số / mẫu số', 'Cách tính'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, ind.items.map((i) => h('tr', { dataset: { id: i.id } },
          h('th', { scope: 'row' }, i.indicator_766 ? `${i.indicator_766}. ${i.name}` : `${i.name} (chỉ số riêng)`),
          h('td', { class: 'num' }, rate(i.value)),
          h('td', { class: 'num nowrap' }, link(i, 'numerator', i.numerator), ' / ', link(i, 'denominator', i.denominator)),
          h('td', null, i.formula)))))),
    h('p', { class: 'no-print' }, 'Tải bảng chỉ số: ',
      h('a', { href: `/api/v1/reports/indicators.xlsx?${query}`, download: '', id: 'indicators-xlsx' }, 'Excel (XLSX)'), ' · ',
      h('a', { href: `/api/v1/reports/indicators.pdf?${query}`, target: '_blank', rel: 'noopener', id: 'indicators-pdf' }, 'PDF')),
    drill);
}

/** The dossiers behind one number (GET /reports/indicators/{id}/dossiers), shown under the table. */
async function showDossiers(box, ind, part, query) {
  const q = new URLSearchParams(query);
  q.set('part', part);
  q.set('limit', '500');
  let r;
  try {
    r = await get(`/reports/indicators/${encodeURIComponent(ind.id)}/dossiers?${q}`);
  } catch (e) {
    mount(box, h('p', { class: 'notice notice--error', role: 'alert' }, `Không tải được danh sách hồ sơ: ${e.messageVi || e.message}.`));
    return;
  }
  const title = `${part === 'numerator' ? 'Hồ sơ của tử số' : 'Hồ sơ của mẫu số'}: ${ind.name} (${number(r.items.length)}${r.next_cursor ? '+' : ''})`;
  mount(box,
    h('h2', { id: 'drill-title', tabindex: '-1' }, title),
    r.items.length ? h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'drill-caption', tabindex: '0' },
      h('table', { class: 'table', id: 'drill-list' },
        h('caption', { id: 'drill-caption' }, title),
        h('thead', null, h('tr', null, ['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Trạng thái', 'Tiếp nhận', 'Hạn giải quyết', 'Giải quyết'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, r.items.map((d) => h('tr', { dataset: { code: d.code } },
          h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, d.code)),
          h('td', null, d.procedure_name),
          h('td', null, d.applicant_name),
          h('td', null, statusTag(d.status)),
          h('td', { class: 'nowrap' }, d.received_at ? dateTime(d.received_at) : '—'),
          h('td', { class: 'nowrap' }, d.due_at ? dateTime(d.due_at) : '—'),
          h('td', { class: 'nowrap' }, d.decided_at ? dateTime(d.decided_at) : '—'))))))
      : h('p', { class: 'muted', id: 'drill-list' }, 'Không có hồ sơ nào.'));
  const t = document.getElementById('drill-title');
  if (t) { t.focus(); t.scrollIntoView(); }
}

/** The first day of the sixth month up to the one of `iso` (a +07:00 time): the trend's start. */
export function sixMonthsBefore(iso) {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 5;
  const yy = m < 1 ? y - 1 : y;
  const mm = m < 1 ? m + 12 : m;
  return `${yy}-${String(mm).padStart(2, '0')}-01`;
}

/** Each indicator per month, as a table of text (the trend). */
function trendTable(tr) {
  const months = tr.months.map((m) => `${m.month.slice(5, 7)}/${m.month.slice(0, 4)}`);
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'trend-caption', tabindex: '0' },
    h('table', { class: 'table table--numbers', id: 'trend' },
      h('caption', { id: 'trend-caption' }, 'Xu hướng các chỉ số theo tháng (tử số / mẫu số trong ngoặc)'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Chỉ số'), months.map((m) => h('th', { scope: 'col' }, m)))),
      h('tbody', null, tr.items.map((i) => h('tr', { dataset: { id: i.id } },
        h('th', { scope: 'row' }, i.indicator_766 ? `${i.indicator_766}. ${i.name}` : i.name),
        i.points.map((p) => h('td', { class: 'num', dataset: { month: p.month } }, `${rate(p.value)} (${number(p.numerator)}/${number(p.denominator)})`)))))));
}

/** The officers' figures of the period: each act credited to the officer who did it. */
function staffTable(st) {
  const hours = (s) => (s === null ? '—' : `${String(Math.round(s / 360) / 10).replace('.', ',')} giờ`);
  const head = ['Cán bộ', 'Tiếp nhận', 'Bước đúng hạn', 'Bước quá hạn', 'Quyết định', 'Trả kết quả', 'Yêu cầu bổ sung', 'Thời gian xử lý trung bình một bước', 'Đánh giá (hài lòng / không hài lòng / tổng)'];
  return h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'staff-caption', tabindex: '0' },
    h('table', { class: 'table table--numbers', id: 'staff-figures' },
      h('caption', { id: 'staff-caption' }, 'Số liệu theo cán bộ, cùng kỳ'),
      h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, st.items.length ? st.items.map((s) => h('tr', { dataset: { username: s.username } },
        h('th', { scope: 'row' }, `${s.full_name} (${s.username})`),
        [s.received, s.steps.on_time, s.steps.late, s.decisions, s.returns, s.supplement_requests].map((v) => h('td', { class: 'num' }, number(v))),
        h('td', { class: 'num' }, hours(s.average_step_seconds)),
        h('td', { class: 'num' }, `${number(s.ratings.satisfied)} / ${number(s.ratings.unsatisfied)} / ${number(s.ratings.rated)}`)))
        : h('tr', null, h('td', { colspan: head.length }, 'Chưa có số liệu.')))));
}

const KIND_VI = { month: 'Tháng', quarter: 'Quý', year: 'Năm' };

/** "Tháng 11/2026", "Quý 4/2026", "Năm 2026". */
export function periodName(r) {
  return r.kind === 'year' ? `Năm ${r.year}` : `${KIND_VI[r.kind]} ${r.number}/${r.year}`;
}

/**
 * Periodic reports (docs/reports.md): issue one for the chosen unit (or the whole city) and list
 * the versions issued, each with its files as issued.
 */
function periodicSection(unitCode, now) {
  const list = h('div', { id: 'periodic-list' });
  const msg = h('p', { id: 'periodic-msg', role: 'status' });
  const kind = h('select', { id: 'p-kind', class: 'input' }, Object.entries(KIND_VI).map(([v, t]) => h('option', { value: v }, t)));
  const year = h('input', { id: 'p-year', type: 'number', class: 'input input--short', min: '2000', max: '2100', value: now.slice(0, 4) });
  const num = h('input', { id: 'p-number', type: 'number', class: 'input input--short', min: '1', max: '12', value: String(Number(now.slice(5, 7))) });
  const load = async () => {
    try {
      const r = await get(`/reports/periodic${unitCode ? `?${new URLSearchParams({ unit: unitCode })}` : ''}`);
      mount(list, r.items.length ? h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'periodic-caption', tabindex: '0' },
        h('table', { class: 'table', id: 'periodic-table' },
          h('caption', { id: 'periodic-caption' }, 'Các báo cáo đã ban hành (mỗi lần ban hành lại là một phiên bản mới, phiên bản cũ giữ nguyên)'),
          h('thead', null, h('tr', null, ['Kỳ báo cáo', 'Phạm vi', 'Phiên bản', 'Ban hành lúc', 'Người ban hành', 'Tệp'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, r.items.map((i) => h('tr', { dataset: { id: String(i.id) } },
            h('th', { scope: 'row' }, periodName(i)),
            h('td', null, i.unit || 'Toàn thành phố'),
            h('td', { class: 'num' }, String(i.version)),
            h('td', { class: 'nowrap' }, dateTime(i.issued_at)),
            h('td', null, i.issued_by),
            h('td', { class: 'nowrap' }, h('a', { href: i.files.xlsx, download: '' }, 'XLSX'), ' · ',
              h('a', { href: i.files.pdf, target: '_blank', rel: 'noopener' }, 'PDF')))))))
        : h('p', { class: 'muted' }, 'Chưa có báo cáo nào được ban hành.'));
    } catch (e) {
      mount(list, h('p', { class: 'muted' }, `Không xem được báo cáo định kỳ: ${e.messageVi || e.message}.`));
    }
  };
  load();
  const form = h('form', {
    class: 'filters no-print', id: 'periodic-form', 'aria-label': 'Ban hành báo cáo định kỳ',
    onsubmit: async (e) => {
      e.preventDefault();
      const body = { kind: kind.value, year: Number(year.value), ...(kind.value === 'year' ? {} : { number: Number(num.value) }), ...(unitCode ? { unit: unitCode } : {}) };
      try {
        const r = await post('/reports/periodic', body);
        msg.textContent = `Đã ban hành ${periodName(r)}, phiên bản ${r.version}.`;
      } catch (err) {
        msg.textContent = `Lỗi: ${err.messageVi || err.message}.`;
      }
      await load();
    },
  },
  h('div', { class: 'form-group' }, h('label', { for: 'p-kind', class: 'label' }, 'Loại kỳ'), kind),
  h('div', { class: 'form-group' }, h('label', { for: 'p-year', class: 'label' }, 'Năm'), year),
  h('div', { class: 'form-group' }, h('label', { for: 'p-number', class: 'label' }, 'Tháng hoặc quý'), num),
  h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button', id: 'p-issue' }, 'Ban hành báo cáo')));
  return h('section', { 'aria-labelledby': 'periodic-title' },
    h('h2', { id: 'periodic-title' }, `Báo cáo định kỳ tình hình tiếp nhận, giải quyết hồ sơ (${unitCode ? 'đơn vị đang xem' : 'toàn thành phố'})`),
    form, msg, list);
}

// In-page links must not change the hash (the hash is the route).
function jump(id) {
  return (e) => { e.preventDefault(); const t = document.getElementById(id); if (t) { t.focus(); t.scrollIntoView(); } };
}
