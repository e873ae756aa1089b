// Managers and finding dossiers, in a real browser against the real server (init + demo): the
// dashboard (screen 11) of a unit manager, the Center manager and the admin, with numbers checked
// against the API; Find (screen 9) by name without diacritics, by ID number and by code; axe-core
// and the screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, login, DEMO_PASSWORD, ADMIN_PASSWORD } from './lib/browser.mjs';

let srv;
let browser;
before(async () => {
  srv = await startDemoServer();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const pct = (x) => (x === null ? '—' : `${String(x).replace('.', ',')}%`);
const api = async (token, p) => {
  const r = await srv.request('GET', `/api/v1${p}`, { token });
  assert.equal(r.status, 200, `${p}: ${r.text}`);
  return r.json;
};
async function all(token, p) {
  const items = [];
  let cursor = null;
  do {
    const r = await api(token, `${p}${p.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor);
  return items;
}

/** What the dashboard must show, computed here from the API. */
async function expected(token, now) {
  const q = (o) => new URLSearchParams(o).toString();
  const month = await api(token, `/reports/summary?${q({ from: `${now.slice(0, 8)}01`, to: now, group_by: 'receiving_unit' })}`);
  const today = await api(token, `/reports/summary?${q({ from: now.slice(0, 10), to: now, group_by: 'receiving_unit' })}`);
  const byResolver = await api(token, `/reports/summary?${q({ from: month.from, to: now, group_by: 'resolver_unit' })}`);
  const visible = await all(token, '/dossiers');
  const due = (d) => (d.extended && d.extended.new_due_at) || d.due_at;
  const overdue = visible.filter((d) => d.overdue).sort((a, b) => Date.parse(due(a)) - Date.parse(due(b))).map((d) => d.code);
  const t = Date.parse(now);
  const risk = visible.filter((d) => ['received', 'processing', 'awaiting_supplement'].includes(d.status) && !d.paused && !d.overdue
    && due(d) && Date.parse(due(d)) >= t && Date.parse(due(d)) <= t + 24 * 3600 * 1000).map((d) => d.code);
  return { month, today, byResolver, overdue, risk, visible };
}

const stats = (page, sel) => page.$$eval(`${sel} .stat`, (ss) => Object.fromEntries(ss.map((s) => [s.dataset.stat, s.querySelector('.stat__value').firstChild.textContent])));
const chart = (page, id) => page.$$eval(`#${id} .bars__item`, (ls) => Object.fromEntries(ls.map((l) => [l.dataset.key, l.querySelector('.bars__value').textContent])));
const table = (page, id) => page.$$eval(`#${id} tbody tr, #${id} tfoot tr`, (trs) => trs.map((tr) => [tr.dataset.key, ...[...tr.cells].slice(1).map((c) => c.textContent)]));
const rowOf = (key, r) => [key, ...[r.received.total, r.received.counter, r.received.online, r.received.post, r.decided.early, r.decided.on_time,
  r.decided.late, r.in_progress.within, r.in_progress.past_due, r.in_progress.paused].map(n), pct(r.on_time_rate)];

async function checkDashboard(page, token) {
  await go(page, srv.base, '#/bang-dieu-khien');
  assert.equal(await page.textContent('h1'), 'Thống kê');
  const now = await page.getAttribute('#main', 'data-now');
  assert.match(now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  const e = await expected(token, now);
  assert.equal(await page.textContent('#as-of'), `Số liệu đến ${now.slice(8, 10)}/${now.slice(5, 7)}/${now.slice(0, 4)} ${now.slice(11, 16)}, trong phạm vi hồ sơ bạn được xem.`);
  assert.deepEqual(await stats(page, '.period--now'), {
    overdue: n(e.overdue.length), at_risk: n(e.risk.length), paused: n(e.month.totals.in_progress.paused), within: n(e.month.totals.in_progress.within),
  });
  for (const [key, s] of [['today', e.today], ['month', e.month]]) {
    const t = s.totals;
    assert.deepEqual(await stats(page, `[data-period="${key}"]`), { received: n(t.received.total), decided: n(t.decided.total), returned: n(t.returned) }, key);
    assert.deepEqual(await chart(page, `${key}-channels`), { counter: n(t.received.counter), online: n(t.received.online), post: n(t.received.post) });
    assert.deepEqual(await chart(page, `${key}-timeliness`), { early: n(t.decided.early), on_time: n(t.decided.on_time), late: n(t.decided.late) });
    assert.equal(await page.textContent(`[data-rates="${key}"]`),
      `Tỷ lệ đúng hạn: ${pct(t.on_time_rate)} · Tỷ lệ nộp trực tuyến: ${pct(t.online_rate)} · Tỷ lệ hài lòng: ${pct(t.satisfaction_rate)}`);
  }
  assert.deepEqual(await table(page, 'by-receiving'), [...e.month.rows.map((r) => rowOf(r.key, r)), rowOf('total', e.month.totals)]);
  assert.deepEqual(await table(page, 'by-resolver'), [...e.byResolver.rows.map((r) => rowOf(r.key, r)), rowOf('total', e.byResolver.totals)]);
  assert.deepEqual(await chart(page, 'units-chart'), Object.fromEntries(e.month.rows.map((r) => [r.key, n(r.received.total)])));
  assert.deepEqual(await chart(page, 'resolver-chart'), Object.fromEntries(e.byResolver.rows.map((r) => [r.key, n(r.decided.total)])));
  assert.deepEqual(await page.$$eval('#overdue-list tbody tr', (trs) => trs.map((tr) => tr.dataset.code)), e.overdue);
  assert.deepEqual(await page.$$eval('#risk-list tbody tr', (trs) => trs.map((tr) => tr.dataset.code)), e.risk);
  assert.deepEqual(await axe(page), []);
  return e;
}

test('dashboard of the Hoàn Kiếm unit manager: today and this month, per unit, the overdue list linking to the dossier', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const token = await login(srv.request, 'quanly.hoankiem', DEMO_PASSWORD);
    await uiLogin(page, srv.base, 'quanly.hoankiem');
    assert.ok((await page.$$eval('#nav a', (as) => as.map((a) => a.textContent))).includes('Thống kê'));
    const e = await checkDashboard(page, token);
    // The demo gives this unit a month of work: counter intakes, early decisions, one overdue dossier.
    assert.equal(e.month.totals.received.total, e.visible.filter((d) => d.received_at && d.received_at >= e.month.from).length);
    assert.ok(e.month.totals.received.counter > 0);
    assert.ok(e.month.totals.decided.early > 0);
    assert.equal(e.overdue.length, 1);
    // Decision 766's indicators of the same month, as the API computes them.
    const ind = (await srv.request('GET', `/api/v1/reports/indicators?${new URLSearchParams({ from: e.month.from, to: await page.evaluate(() => document.querySelector('#main').dataset.now) })}`, { token })).json;
    const rows = await page.$$eval('#indicators tbody tr', (trs) => trs.map((tr) => [tr.dataset.id, ...[...tr.cells].map((c) => c.textContent)]));
    assert.deepEqual(rows.map((r) => r[0]), ind.items.map((i) => i.id));
    const pt = ind.items.find((i) => i.id === 'processing_on_time');
    assert.ok(pt.denominator > 0);
    assert.deepEqual(rows.find((r) => r[0] === 'processing_on_time').slice(1, 4),
      [`2.1. ${pt.name}`, `${String(pt.value).replace('.', ',')}%`, `${pt.numerator} / ${pt.denominator}`]);
    assert.equal(rows.find((r) => r[0] === 'returns_on_time')[1], 'Tỷ lệ trả kết quả đúng hẹn (chỉ số riêng)');
    // The trend: six months up to now, the last one equal to the API's.
    const nowIso = await page.evaluate(() => document.querySelector('#main').dataset.now);
    const tr = (await srv.request('GET', `/api/v1/reports/indicators/trend?${new URLSearchParams({ from: `${Number(nowIso.slice(5, 7)) > 5 ? nowIso.slice(0, 4) : Number(nowIso.slice(0, 4)) - 1}-${String((Number(nowIso.slice(5, 7)) + 6) % 12 + 1).padStart(2, '0')}-01`, to: nowIso })}`, { token })).json;
    assert.equal(tr.months.length, 6);
    const trendRows = await page.$$eval('#trend tbody tr', (trs) => trs.map((r) => [r.dataset.id, ...[...r.querySelectorAll('td')].map((c) => c.textContent)]));
    assert.deepEqual(trendRows.map((r) => r[0]), tr.items.map((i) => i.id));
    const ptTrend = tr.items.find((i) => i.id === 'processing_on_time').points;
    assert.deepEqual(trendRows.find((r) => r[0] === 'processing_on_time').slice(1),
      ptTrend.map((p) => `${p.value === null ? '—' : `${String(p.value).replace('.', ',')}%`} (${p.numerator}/${p.denominator})`));
    // The drill-down: the numerator's link lists the dossiers behind it, each linking to its page.
    const drill = (await srv.request('GET', `/api/v1/reports/indicators/processing_on_time/dossiers?${new URLSearchParams({ part: 'numerator', from: e.month.from, to: nowIso, limit: '500' })}`, { token })).json;
    assert.equal(drill.items.length, pt.numerator);
    await page.focus('[data-drill="processing_on_time:numerator"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#drill-title');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'drill-title');
    assert.deepEqual(await page.$$eval('#drill-list tbody tr', (trs) => trs.map((r) => r.dataset.code)), drill.items.map((d) => d.code));
    // The officers' figures: one row per officer the API lists.
    const staff = (await srv.request('GET', `/api/v1/reports/staff?${new URLSearchParams({ from: e.month.from, to: nowIso })}`, { token })).json;
    assert.ok(staff.items.length > 0);
    assert.deepEqual(await page.$$eval('#staff-figures tbody tr', (trs) => trs.map((r) => r.dataset.username)), staff.items.map((s) => s.username));
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'dashboard');
    // The overdue list links to the dossier page.
    await page.click(`#overdue-list a[href="#/ho-so/${e.overdue[0]}"]`);
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so/${c}`, e.overdue[0]);
    assert.equal(await page.textContent('h1'), `Hồ sơ ${e.overdue[0]}`);
    assert.match(await page.textContent('#main .tags'), /Quá hạn/);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('dashboard of the Center manager and of the admin; not offered to a processor', async () => {
  for (const [user, password] of [['quanly.trungtam', DEMO_PASSWORD], ['admin', ADMIN_PASSWORD]]) {
    const { context, page } = await newPage(browser, srv.base);
    try {
      const token = await login(srv.request, user, password);
      await uiLogin(page, srv.base, user, password);
      await checkDashboard(page, token);
      if (user === 'admin') {
        // The periodic report of this month for the whole city, issued from the form by keyboard.
        const now = await page.getAttribute('#main', 'data-now');
        const [y, m] = [Number(now.slice(0, 4)), Number(now.slice(5, 7))];
        assert.equal(await page.inputValue('#p-year'), String(y));
        assert.equal(await page.inputValue('#p-number'), String(m));
        await page.focus('#p-issue');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.querySelector('#periodic-msg').textContent !== '');
        assert.equal(await page.textContent('#periodic-msg'), `Đã ban hành Tháng ${m}/${y}, phiên bản 1.`);
        await page.waitForSelector('#periodic-table tbody tr');
        const issued = (await srv.request('GET', '/api/v1/reports/periodic', { token })).json.items;
        assert.deepEqual(await page.$$eval('#periodic-table tbody tr', (trs) => trs.map((r) => r.dataset.id)), issued.map((i) => String(i.id)));
        assert.equal(await page.getAttribute('#periodic-table tbody tr a[download]', 'href'), issued[0].files.xlsx);
        assert.deepEqual(await axe(page), []);
      }
      assert.deepEqual(page.problems, [], user);
    } finally {
      await context.close();
    }
  }
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'xuly.hoankiem');
    assert.ok(!(await page.$$eval('#nav a', (as) => as.map((a) => a.textContent))).includes('Thống kê'));
    await go(page, srv.base, '#/bang-dieu-khien');
    assert.equal(await page.textContent('#main p'), 'Chỉ người quản lý điểm phục vụ, cơ quan, Trung tâm mới xem được trang này.');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('find: "nguyen thi hang" without diacritics finds the dossiers of Nguyễn Thị Hằng; by ID number; by code', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    // The processor of UBND phường Hoàn Kiếm sees both demo dossiers of Nguyễn Thị Hằng (it resolves them).
    const token = await login(srv.request, 'xuly.hoankiem', DEMO_PASSWORD);
    const visible = await all(token, '/dossiers');
    const hang = visible.filter((d) => d.applicant.name === 'Nguyễn Thị Hằng').map((d) => d.code);
    assert.ok(hang.length >= 2, `demo dossiers of Nguyễn Thị Hằng: ${hang.length}`);
    await uiLogin(page, srv.base, 'xuly.hoankiem');
    await page.click('#nav a[href="#/tim-ho-so"]');
    await page.waitForFunction(() => document.body.dataset.ready === '#/tim-ho-so');
    // Nothing typed: the message beside the field and in the summary.
    await page.click('form[role=search] button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#find-q-error'), 'Lỗi: Nhập mã hồ sơ, số định danh hoặc tên người nộp');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#find-q']);

    await page.fill('#find-q', 'nguyen thi hang');
    await page.press('#find-q', 'Enter');
    await page.waitForFunction(() => document.body.dataset.ready === '#/tim-ho-so?q=nguyen+thi+hang' && document.getElementById('find-table'));
    const rows = await page.$$eval('#find-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.code, tr.cells[1].textContent, tr.cells[2].textContent]));
    assert.deepEqual(rows.map((r) => r[0]).sort(), [...hang].sort());
    for (const r of rows) assert.deepEqual(r.slice(1), ['Nguyễn Thị Hằng', '001190012345']);
    assert.equal(await page.textContent('#find-count'), `Tìm thấy ${hang.length} hồ sơ.`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'find');

    // By ID number: the same dossiers.
    await page.fill('#find-q', '001190012345');
    await page.press('#find-q', 'Enter');
    await page.waitForFunction(() => document.body.dataset.ready === '#/tim-ho-so?q=001190012345');
    assert.deepEqual((await page.$$eval('#find-table tbody tr', (trs) => trs.map((tr) => tr.dataset.code))).sort(), [...hang].sort());

    // By code: one dossier; its link opens the dossier page.
    await page.fill('#find-q', hang[0]);
    await page.press('#find-q', 'Enter');
    await page.waitForFunction((c) => document.body.dataset.ready === `#/tim-ho-so?q=${encodeURIComponent(c)}`, hang[0]);
    assert.deepEqual(await page.$$eval('#find-table tbody tr', (trs) => trs.map((tr) => tr.dataset.code)), [hang[0]]);
    await page.click(`#find-table a[href="#/ho-so/${hang[0]}"]`);
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so/${c}`, hang[0]);
    assert.equal(await page.textContent('h1'), `Hồ sơ ${hang[0]}`);

    // Nothing found.
    await go(page, srv.base, '#/tim-ho-so?q=khong+co+ai');
    assert.equal(await page.textContent('#find-count'), 'Không tìm thấy hồ sơ nào với “khong co ai”.');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('managers land on the dashboard; each rate explains its formula with its numbers; filters by period and unit (issue 19.8)', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    const token = await login(srv.request, 'quanly.hoankiem', DEMO_PASSWORD);
    assert.equal(await uiLogin(page, srv.base, 'quanly.hoankiem'), '#/bang-dieu-khien');
    assert.equal(await page.textContent('h1'), 'Thống kê');
    const now = await page.getAttribute('#main', 'data-now');
    const month = await api(token, `/reports/summary?${new URLSearchParams({ from: `${now.slice(0, 8)}01`, to: now, group_by: 'receiving_unit' })}`);
    const t = month.totals;
    const ok = t.decided.early + t.decided.on_time + t.in_progress.within;
    const den = t.decided.total + t.in_progress.within + t.in_progress.past_due;
    assert.equal(await page.textContent('[data-rate-help="month"] [data-rate="on_time"]'),
      `Tỷ lệ đúng hạn = (trước hạn ${n(t.decided.early)} + đúng hạn ${n(t.decided.on_time)} + đang giải quyết trong hạn ${n(t.in_progress.within)}) / (đã giải quyết ${n(t.decided.total)} + đang giải quyết trong hạn ${n(t.in_progress.within)} + đang quá hạn ${n(t.in_progress.past_due)}) = ${n(ok)} / ${n(den)} = ${pct(t.on_time_rate)}.`);
    assert.equal(await page.textContent('[data-rate-help="month"] [data-rate="online"]'),
      `Tỷ lệ nộp trực tuyến = hồ sơ nộp trực tuyến ${n(t.received.online)} / hồ sơ tiếp nhận ${n(t.received.total)} = ${pct(t.online_rate)}.`);
    // One unit: the period figures are that unit's row.
    const row = month.rows.find((r) => r.received.total > 0);
    await page.selectOption('#f-unit', row.key);
    await page.click('#f-apply');
    await page.waitForFunction((k) => document.body.dataset.ready === `#/bang-dieu-khien?unit=${encodeURIComponent(k)}` && !document.getElementById('main').hasAttribute('aria-busy'), row.key);
    assert.equal(await page.textContent('#f-current'), `Đang xem: ${row.name}.`);
    assert.equal(await page.textContent('[data-period="month"] [data-stat="received"] .stat__value'), n(row.received.total));
    assert.deepEqual(await page.$$eval('#by-receiving tbody tr', (trs) => trs.map((tr) => tr.dataset.key)), [row.key]);
    // A period: from the 1st to yesterday; the API's figures for the same dates.
    const from = `${now.slice(0, 8)}01`;
    const to = now.slice(0, 10);
    await page.fill('#f-from', from);
    await page.fill('#f-to', to);
    await page.selectOption('#f-unit', '');
    await page.click('#f-apply');
    await page.waitForFunction((h) => document.body.dataset.ready === h && !document.getElementById('main').hasAttribute('aria-busy'), `#/bang-dieu-khien?from=${from}&to=${to}`);
    const chosen = await api(token, `/reports/summary?${new URLSearchParams({ from, to, group_by: 'receiving_unit' })}`);
    assert.match(await page.textContent('#month-title'), /^Kỳ đã chọn \(\d{2}\/\d{2}\/\d{4} – \d{2}\/\d{2}\/\d{4}\)$/);
    assert.equal(await page.textContent('[data-period="month"] [data-stat="received"] .stat__value'), n(chosen.totals.received.total));
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'dashboard-filters');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
  // The Center manager lands there too.
  const { context: c2, page: p2 } = await newPage(browser, srv.base);
  try {
    assert.equal(await uiLogin(p2, srv.base, 'quanly.trungtam'), '#/bang-dieu-khien');
  } finally {
    await c2.close();
  }
});
