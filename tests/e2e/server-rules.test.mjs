// What the web UI takes from the server instead of computing it, in a real browser against the
// real server (init + demo): the actions a dossier page offers (its allowed_actions), the end of the
// working day (the time "Xin lỗi và gia hạn" sends with the chosen date), and "now" and "today"
// (the server's test clock, while the browser's own clock says another year in another zone).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, until, login, ADMIN_PASSWORD, DEMO_PASSWORD, TEST_CLOCK } from './lib/browser.mjs';

const HK_PC = '001.00.50.H26';

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

test('the dossier page offers what the server allows; "Xin lỗi và gia hạn" sends the end of the server\'s working day', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    // A dossier in work that the Hoàn Kiếm leader may extend (the server says so).
    const token = await login(srv.request, 'lanhdao.hoankiem', DEMO_PASSWORD);
    const list = (await srv.request('GET', '/api/v1/dossiers?status=processing&limit=500', { token })).json.items;
    const full = await Promise.all(list.filter((d) => d.resolver_unit === HK_PC)
      .map(async (d) => (await srv.request('GET', `/api/v1/dossiers/${d.code}`, { token })).json));
    const d = full.find((x) => x.allowed_actions.includes('extend'));
    assert.ok(d, 'the demo has a dossier the leader may extend');
    // The working day ends when a same-day duration is due (17:00 on the default calendar).
    const same = (await srv.request('GET', `/api/v1/calendar/due?from=${TEST_CLOCK.slice(0, 10)}&value=1&unit=same_day`)).json;
    const end = same.due_at.slice(11);

    await uiLogin(page, srv.base, 'lanhdao.hoankiem');
    await go(page, srv.base, `#/ho-so/${d.code}`);
    const offered = await page.$$eval('.actions button[data-action]', (bs) => bs.map((b) => b.dataset.action));
    assert.deepEqual([...offered].sort(), [...d.allowed_actions].sort());

    await page.keyboard.press('g');
    await page.waitForSelector('form.action-form [id="extend-new_due_at"]');
    assert.equal(await page.getAttribute('[id="extend-new_due_at"]', 'type'), 'date');
    assert.equal(await page.textContent('[id="extend-new_due_at-hint"]'), `Hạn mới là ${end.slice(0, 5)} của ngày này`);
    assert.deepEqual(await axe(page), []);
    // A date two weeks after the current due time.
    const day = new Date(Date.parse(d.due_at) + 14 * 24 * 3600e3 + 7 * 3600e3).toISOString().slice(0, 10);
    await page.fill('[id="extend-new_due_at"]', day);
    await page.fill('[id="extend-reason"]', 'Cần xác minh thêm thông tin với cơ quan khác');
    await page.click('form.action-form button[type=submit]');
    await until(async () => /Đã thực hiện “Xin lỗi và gia hạn”/.test(await page.textContent('[role=status].notice').catch(() => '')), 'extended');
    const after = (await srv.request('GET', `/api/v1/dossiers/${d.code}`, { token })).json;
    assert.equal(after.extended.new_due_at, `${day}T${end}`);
    assert.ok(!(await page.$$eval('.actions button[data-action]', (bs) => bs.map((b) => b.dataset.action))).includes('extend'), 'extended once');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('"now" and "today" are the server\'s, whatever the browser\'s clock and time zone', async () => {
  const { context, page } = await newPage(browser, srv.base, { timezoneId: 'America/Los_Angeles' });
  try {
    // The browser believes it is mid-2020 in California; the server's test clock is TEST_CLOCK.
    await page.clock.setFixedTime(new Date('2020-06-01T12:00:00Z'));
    // A birth year is checked against the server's year: someone born in 2026 is not "to come".
    await go(page, srv.base, '#/dang-ky');
    await page.fill('#id_number', `0012${TEST_CLOCK.slice(2, 4)}000001`);
    assert.equal(await page.textContent('#id_number-live'), 'Số định danh đúng định dạng');

    // The calendar's today and the print stamp follow the server's clock.
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    await go(page, srv.base, `#/quan-tri/lich/${TEST_CLOCK.slice(0, 4)}`);
    assert.deepEqual(await page.$$eval('.cal__day--today', (ds) => ds.map((x) => x.dataset.date)), [TEST_CLOCK.slice(0, 10)]);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const at = `${TEST_CLOCK.slice(8, 10)}/${TEST_CLOCK.slice(5, 7)}/${TEST_CLOCK.slice(0, 4)} ${TEST_CLOCK.slice(11, 16)}`;
    assert.match(await page.textContent('#print-stamp'), new RegExp(`In lúc ${at.replace(/\//g, '\\/')}`));
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
