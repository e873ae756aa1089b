// Reorganization and administration, in a real browser against the real server (init + demo): the
// admin creates a decision moving two service points under the Center through the form, opens a
// handover, is refused a signature while items are pending, bulk-confirms the items, signs both
// sides and sees it complete, and checks that nothing was lost (screen 12); the calendar's year
// view: a future day set off through the UI is an override in the API, then removed; creating a
// user: the 422 errors beside the fields and in the summary, then a good account; users and roles:
// a search without diacritics, an account's page where a role is added and the account locked
// after a confirmation, its status in the table, and the 409 of locking oneself; units: a search
// without diacritics, a branch created under the Center, a unit's parents; procedures: a new version
// published from the editor, a 422 on the last step's role, a stale edit's 409 (screen 13).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, login, until, ADMIN_PASSWORD, TEST_CLOCK } from './lib/browser.mjs';

let srv;
let browser;
let token;
before(async () => {
  srv = await startDemoServer();
  browser = await launch();
  token = await login(srv.request, 'admin', ADMIN_PASSWORD);
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const HK_POINT = '001.01.50.H26';
const HK_PC = '001.00.50.H26';
const CN_POINT = '002.01.50.H26';
const CENTER = '000.00.01.H26';
const api = async (method, p, body) => {
  const r = await srv.request(method, `/api/v1${p}`, { token, body });
  return r;
};
const ready = (page, hash) => page.waitForFunction((hh) => document.body.dataset.ready === hh && !document.getElementById('main').hasAttribute('aria-busy'), hash, { timeout: 15000 });

test('reorganization: the admin creates a decision, confirms a handover in bulk, signs both sides, nothing lost', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    const nav = await page.$$eval('#nav a', (as) => as.map((a) => a.textContent));
    for (const t of ['Tổ chức lại', 'Lịch làm việc', 'Người dùng']) assert.ok(nav.includes(t), t);
    await page.click('#nav a[href="#/to-chuc-lai"]');
    await ready(page, '#/to-chuc-lai');
    assert.equal(await page.textContent('#decisions-title + p'), 'Chưa có quyết định tổ chức lại nào.');
    // 126 service points, a "select all" box.
    assert.equal(await page.textContent('label[for="units-all"]'), 'Chọn tất cả 126 điểm phục vụ');
    await page.check('#units-all');
    assert.equal(await page.textContent('#units-count'), 'Đã chọn 126 điểm');
    await page.uncheck('#units-all');
    // Nothing typed: the errors of the API beside the fields and in the summary.
    await page.fill('#decision_number', '');
    await page.click('#reorg-form button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#decision_number-error'), 'Lỗi: Không được để trống');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#decision_number']);
    assert.deepEqual(await axe(page), []);

    await page.fill('#decision_number', '1234/QĐ-UBND');
    await page.selectOption('#target_unit', CENTER);
    await page.check(`[id="unit-${HK_POINT}"]`);
    await page.check(`[id="unit-${CN_POINT}"]`);
    assert.equal(await page.textContent('#units-count'), 'Đã chọn 2 điểm');
    await page.click('#reorg-form button[type=submit]');
    await page.waitForFunction(() => /^#\/to-chuc-lai\/\d+$/.test(document.body.dataset.ready || '') && !document.getElementById('main').hasAttribute('aria-busy'));
    const id = (await page.evaluate(() => location.hash)).split('/').pop();
    const d = (await api('GET', `/reorganizations/${id}`)).json;
    assert.equal(d.decision_number, '1234/QĐ-UBND');
    assert.deepEqual(d.handovers.map((x) => x.unit), [HK_POINT, CN_POINT]);
    assert.equal(await page.textContent('h1'), 'Quyết định 1234/QĐ-UBND');
    assert.equal(await page.textContent('#decision-progress'), '0/2 biên bản đã hoàn thành');
    assert.deepEqual(await page.$$eval('#handovers tbody tr', (trs) => trs.map((tr) => tr.dataset.unit)), [HK_POINT, CN_POINT]);
    assert.equal(await page.textContent(`#handovers tr[data-unit="${HK_POINT}"] td:nth-of-type(2)`), 'Đang bàn giao');
    // Verification: nothing lost.
    await page.click('#verify-button');
    const v = (await api('GET', `/reorganizations/${id}/verify`)).json;
    assert.equal(v.equal, true);
    await page.waitForSelector('#verify-result .notice');
    assert.equal(await page.textContent('#verify-result .notice'), `Không mất mát: ${v.now.dossiers} hồ sơ, mã kiểm tra khớp.`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'reorganization');

    // The Hoàn Kiếm handover.
    const ho = d.handovers[0];
    await page.click(`#handovers a[href="#/ban-giao/${ho.id}"]`);
    await ready(page, `#/ban-giao/${ho.id}`);
    const items = (await api('GET', `/handovers/${ho.id}`)).json.items;
    assert.ok(items.length > 0);
    assert.equal(await page.textContent('h1'), 'Bàn giao: Điểm phục vụ hành chính công phường Hoàn Kiếm');
    assert.equal(await page.textContent('#handover-progress'), `0/${items.length} mục`);
    assert.deepEqual(await page.$$eval('#items tbody th', (ths) => ths.map((t) => t.textContent)), items.map((i) => i.label));
    assert.ok(await page.$('#sign-giver'));
    // Signing while items are pending: the server's 409 is shown.
    await page.click('#sign-receiver');
    await page.waitForSelector('#handover-message .notice--error');
    assert.equal(await page.textContent('#handover-message'), `Không ký được: còn ${items.length} mục chưa xác nhận.`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'handover');
    // Bulk confirm: select all pending → "Đã nhận"; one note on the first item.
    await page.fill(`#item-${items[0].id}-note`, 'Đủ hồ sơ gốc');
    await page.check('#items-all');
    await page.click('#confirm-selected');
    await until(async () => (await page.textContent('#handover-progress')) === `${items.length}/${items.length} mục`, 'items confirmed');
    assert.equal(await page.textContent('#handover-message'), `Đã xác nhận ${items.length} mục.`);
    const after = (await api('GET', `/handovers/${ho.id}`)).json;
    assert.ok(after.items.every((i) => i.status === 'received'));
    assert.equal(after.items[0].note, 'Đủ hồ sơ gốc');
    // The admin signs both sides: complete.
    await page.click('#sign-receiver');
    await until(async () => (await page.textContent('#signed-receiver')).startsWith('đã ký (admin,'), 'receiver signed');
    await page.click('#sign-giver');
    await until(async () => (await page.textContent('#handover-status')) === 'Đã hoàn thành', 'complete');
    assert.equal(await page.$('#sign-buttons'), null);
    assert.equal(await page.$('#confirm-selected'), null);
    const done = (await api('GET', `/handovers/${ho.id}`)).json;
    assert.ok(done.completed_at && done.signed.giver && done.signed.receiver);
    // The PDF record.
    const href = await page.getAttribute('#record-pdf', 'href');
    const pdf = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, href);
    assert.deepEqual(pdf, [200, 'application/pdf']);
    // Back on the decision: 1 of 2 complete.
    await page.click(`a[href="#/to-chuc-lai/${id}"]`);
    await ready(page, `#/to-chuc-lai/${id}`);
    assert.equal(await page.textContent('#decision-progress'), '1/2 biên bản đã hoàn thành');
    assert.equal(await page.textContent(`#handovers tr[data-unit="${HK_POINT}"] td:nth-of-type(2)`), 'Đã hoàn thành');
    // The list of decisions links to it with its progress.
    await page.click('#nav a[href="#/to-chuc-lai"]');
    await ready(page, '#/to-chuc-lai');
    const row = `#decisions tr[data-id="${id}"]`;
    assert.equal(await page.textContent(`${row} td:nth-of-type(1)`), '1234/QĐ-UBND');
    assert.equal(await page.textContent(`${row} td:nth-of-type(4)`), 'Trung tâm Phục vụ hành chính công thành phố Hà Nội');
    assert.equal(await page.textContent(`${row} td:nth-of-type(6)`), '1/2 đã hoàn thành');
    assert.equal(await page.textContent(`${row} td:nth-of-type(7)`), '0');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/ 4(09|22) /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('calendar: a future day set off through the year view is an override, then removed', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    const year = Number(TEST_CLOCK.slice(0, 4)) + 1; // the year after the server's
    const cal = (await api('GET', `/calendar/${year}`)).json;
    // A weekday of next March that is an ordinary working day.
    let day = null;
    for (let i = 2; i <= 31 && !day; i++) {
      const iso = `${year}-03-${String(i).padStart(2, '0')}`;
      const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
      if (wd >= 1 && wd <= 5 && !cal.days.some((x) => x.date === iso)) day = iso;
    }
    const vn = `${day.slice(8)}/${day.slice(5, 7)}/${year}`;
    await go(page, srv.base, `#/quan-tri/lich/${year}`);
    assert.equal(await page.textContent('h1'), `Lịch làm việc năm ${year}`);
    assert.equal(await page.$$eval('#calendar table', (ts) => ts.length), 12);
    // The official and computed days are marked with their source.
    const shown = await page.$$eval('#special-days tbody tr', (trs) => trs.map((tr) => [tr.dataset.date, tr.cells[3].textContent]));
    const SOURCE = { computed: 'Mặc định', official: 'Chính thức', override: 'Điều chỉnh' };
    assert.deepEqual(shown, cal.days.map((x) => [x.date, SOURCE[x.source]]));
    assert.deepEqual(await axe(page), []);
    await page.click(`td[data-date="${day}"] button`);
    await page.waitForSelector('#day-form');
    assert.equal(await page.textContent('#day-title'), `Ngày ${vn}`);
    // The form opens right under the clicked day's month (issue 19.11), not at the top of the year.
    assert.equal(await page.$eval('#day-editor', (e) => e.previousElementSibling.querySelector('td[data-date]').dataset.date.slice(0, 7)), day.slice(0, 7));
    const gap = await page.evaluate((dd) => document.getElementById('day-editor').getBoundingClientRect().top - document.querySelector(`td[data-date="${dd}"]`).getBoundingClientRect().bottom, day);
    assert.ok(gap >= 0 && gap < 300, `the form is ${gap} px under the day`);
    await page.check('#day-kind-off');
    await page.fill('#day-name', 'Nghỉ đột xuất');
    await page.click('#day-save');
    await page.waitForSelector('#calendar-message .notice');
    // It says how many open dossiers had their due times recomputed (issue 19.11).
    assert.match(await page.textContent('#calendar-message'), new RegExp(`^Đã lưu ngày ${vn.replace(/\//g, '\\/')}\\. (Đã tính lại hạn giải quyết của [1-9]\\d* hồ sơ đang giải quyết|Không hồ sơ đang giải quyết nào phải tính lại hạn)\\.$`));
    let r = await api('GET', `/calendar/${year}`);
    assert.deepEqual(r.json.days.find((x) => x.date === day), { date: day, kind: 'off', name: 'Nghỉ đột xuất', source: 'override' });
    assert.equal(await page.getAttribute(`td[data-date="${day}"] button`, 'aria-label'), `Ngày ${Number(day.slice(8))} tháng 3 năm ${year}: Nghỉ: Nghỉ đột xuất (Điều chỉnh)`);
    assert.match(await page.getAttribute(`td[data-date="${day}"]`, 'class'), /cal__day--override/);
    await screenshot(page, 'calendar');
    // Days before the server's today are not editable; today and later are (as the API says:
    // 409 only for a day before today). "Today" is the server's, not the browser's.
    const thisYear = year - 1;
    const today = TEST_CLOCK.slice(0, 10);
    await go(page, srv.base, `#/quan-tri/lich/${thisYear}`);
    assert.equal(await page.$(`td[data-date="${thisYear}-01-02"] button`), null);
    assert.equal(await page.$('td[data-date="2026-11-25"] button'), null);
    assert.ok(await page.$('td[data-date="2026-11-25"] .cal__past'));
    assert.ok(await page.$(`td[data-date="${today}"] button`));
    assert.match(await page.getAttribute(`td[data-date="${today}"]`, 'class'), /cal__day--today/);
    // Without a year in the route, the page opens the server's year.
    await go(page, srv.base, '#/quan-tri/lich');
    assert.equal(await page.textContent('h1'), `Lịch làm việc năm ${thisYear}`);
    // Remove the override.
    await go(page, srv.base, `#/quan-tri/lich/${year}`);
    await page.click(`td[data-date="${day}"] button`);
    await page.click('#day-remove');
    await page.waitForSelector('#calendar-message .notice');
    assert.equal(await page.textContent('#calendar-message'), `Đã bỏ điều chỉnh ngày ${vn}.`);
    r = await api('GET', `/calendar/${year}`);
    assert.equal(r.json.days.find((x) => x.date === day), undefined);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('users: a bad username is shown beside the field and in the summary; a good account is created', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    await page.click('#nav a[href="#/quan-tri/nguoi-dung"]');
    await ready(page, '#/quan-tri/nguoi-dung');
    await page.fill('#username', 'Tiếp Nhận');
    await page.fill('#password', 'correct horse 1');
    await page.fill('#full_name', 'Trần Văn Mới');
    await page.selectOption('#role', 'receiver');
    await page.fill('#unit-q', 'hoan kiem');
    await page.waitForSelector(`#unit option[value="${HK_POINT}"]`, { state: 'attached' });
    await page.selectOption('#unit', HK_POINT);
    await page.click('#user-form button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#username-error'), 'Lỗi: Tên đăng nhập phải có 3 đến 64 ký tự a-z, 0-9, . _ -');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
      [['#username', 'Tên đăng nhập phải có 3 đến 64 ký tự a-z, 0-9, . _ -']]);
    assert.equal(await page.inputValue('#full_name'), 'Trần Văn Mới');
    assert.deepEqual(await axe(page), []);
    await page.fill('#username', 'tiepnhan.moi');
    await page.click('#user-form button[type=submit]');
    await page.waitForSelector('#user-created');
    assert.equal(await page.textContent('#user-created'), 'Đã tạo tài khoản tiepnhan.moi (Trần Văn Mới).');
    assert.ok(await page.isHidden('.error-summary'));
    assert.equal(await page.textContent('#created-users li[data-username="tiepnhan.moi"]'),
      `tiepnhan.moi — Trần Văn Mới — Cán bộ tiếp nhận, Điểm phục vụ hành chính công phường Hoàn Kiếm (${HK_POINT})`);
    // The account works.
    const r = await srv.request('POST', '/api/v1/auth/login', { body: { username: 'tiepnhan.moi', password: 'correct horse 1' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.user.roles, [{ role: 'receiver', unit: HK_POINT }]);
    assert.deepEqual(page.problems.filter((x) => !/ 422 /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('users and roles: search without diacritics, open an account, add a role, lock it, see it in the table', async () => {
  const { context, page } = await newPage(browser, srv.base);
  const usernames = () => page.$$eval('#users tbody tr', (trs) => trs.map((tr) => tr.dataset.username));
  const rowsAre = (want, what) => until(async () => JSON.stringify(await usernames()) === JSON.stringify(want), what);
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    await page.click('#nav a[href="#/quan-tri/nguoi-dung"]');
    await ready(page, '#/quan-tri/nguoi-dung');
    // Search as you type, without diacritics: the four Hoàn Kiếm accounts.
    await page.fill('#users-q', 'hoan kiem');
    await rowsAre(['lanhdao.hoankiem', 'quanly.hoankiem', 'tiepnhan.hoankiem', 'xuly.hoankiem'], 'search hoan kiem');
    assert.equal(await page.textContent('#users-count'), 'Đang hiển thị 4 người dùng.');
    const cells = await page.$$eval('#users tr[data-username="xuly.hoankiem"] td', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells.slice(0, 4), ['xuly.hoankiem', 'Hoàng Văn Bình', `Cán bộ xử lý — UBND phường Hoàn Kiếm (${HK_PC})`, 'Đang hoạt động']);
    assert.match(cells[4], /^\d{2}\/\d{2}\/\d{4}$/);
    // The role filter narrows the same search.
    await page.selectOption('#users-role', 'processor');
    await rowsAre(['xuly.hoankiem'], 'processors of Hoàn Kiếm');
    await page.selectOption('#users-role', '');
    await rowsAre(['lanhdao.hoankiem', 'quanly.hoankiem', 'tiepnhan.hoankiem', 'xuly.hoankiem'], 'all roles again');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'users');
    // Paging: "Xem thêm" appends the next page of the API's list.
    await page.fill('#users-q', '');
    const all = (await api('GET', '/users?limit=500')).json.items.map((u) => u.username);
    if (all.length > 50) {
      await rowsAre(all.slice(0, 50), 'first page');
      await page.click('#users-more');
      await rowsAre(all.slice(0, 100), 'second page');
    } else {
      await rowsAre(all, 'everyone');
      assert.ok(await page.isHidden('#users-more'));
    }

    // The account's page.
    await page.fill('#users-q', 'hoang van binh');
    await rowsAre(['xuly.hoankiem'], 'search by name');
    await page.click('#users a[href="#/quan-tri/nguoi-dung/xuly.hoankiem"]');
    await ready(page, '#/quan-tri/nguoi-dung/xuly.hoankiem');
    assert.equal(await page.textContent('h1'), 'Hoàng Văn Bình (xuly.hoankiem)');
    assert.equal(await page.inputValue('#full_name'), 'Hoàng Văn Bình');
    const bindings = () => page.$$eval('#roles li', (lis) => lis.map((li) => [li.dataset.role, li.dataset.unit]));
    assert.deepEqual(await bindings(), [['processor', HK_PC]]);
    // Add a role: approver at UBND phường Hoàn Kiếm, found by name without diacritics.
    await page.selectOption('#new-role', 'approver');
    await page.fill('#new-unit-q', 'ubnd phuong hoan kiem');
    await page.waitForSelector(`#new-unit option[value="${HK_PC}"]`, { state: 'attached' });
    await page.selectOption('#new-unit', HK_PC);
    await page.click('#add-role');
    await until(async () => (await bindings()).length === 2, 'binding added');
    assert.deepEqual(await bindings(), [['processor', HK_PC], ['approver', HK_PC]]);
    assert.equal(await page.textContent('#roles-pending'), 'Có thay đổi vai trò chưa lưu: bấm "Lưu thay đổi".');
    // An empty name: the API's 422 beside the field and in the summary; the added role stays.
    await page.fill('#full_name', '');
    await page.click('#save-user');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#full_name-error'), 'Lỗi: Họ và tên phải có từ 1 đến 200 ký tự');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
      [['#full_name', 'Họ và tên phải có từ 1 đến 200 ký tự']]);
    assert.deepEqual(await bindings(), [['processor', HK_PC], ['approver', HK_PC]]);
    assert.deepEqual((await api('GET', '/users/xuly.hoankiem')).json.roles, [{ role: 'processor', unit: HK_PC }]);
    assert.deepEqual(await axe(page), []);
    await page.fill('#full_name', 'Hoàng Văn Bình');
    await page.click('#save-user');
    await page.waitForSelector('#user-saved-notice');
    assert.ok(await page.isHidden('.error-summary'));
    assert.equal(await page.textContent('#roles-pending'), '');
    assert.deepEqual((await api('GET', '/users/xuly.hoankiem')).json.roles, [{ role: 'processor', unit: HK_PC }, { role: 'approver', unit: HK_PC }]);
    // Lock the account, after a confirmation (cancel first).
    await page.click('#toggle-active');
    await page.waitForSelector('#confirm-active-panel');
    assert.equal(await page.textContent('#confirm-active-title'), 'Khóa tài khoản xuly.hoankiem?');
    assert.deepEqual(await axe(page), []);
    await page.click('#cancel-active');
    assert.equal((await api('GET', '/users/xuly.hoankiem')).json.active, true);
    await page.click('#toggle-active');
    await page.click('#confirm-active');
    await page.waitForSelector('#active-saved');
    assert.equal(await page.textContent('#active-saved'), 'Đã khóa tài khoản xuly.hoankiem; mọi phiên đăng nhập của tài khoản đã kết thúc.');
    assert.equal(await page.textContent('#user-summary div:nth-of-type(3) dd'), 'Đã khóa');
    assert.equal(await page.textContent('#toggle-active'), 'Mở khóa tài khoản');
    assert.equal((await api('GET', '/users/xuly.hoankiem')).json.active, false);
    const refused = await srv.request('POST', '/api/v1/auth/login', { body: { username: 'xuly.hoankiem', password: 'motcua-demo' } });
    assert.equal(refused.status, 401);
    await screenshot(page, 'user-account');
    // A new password: too short is the API's 422 beside the field; then it is set.
    await page.fill('#password', 'ngan');
    await page.click('#reset-password');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#password-error'), 'Lỗi: Mật khẩu phải có từ 10 đến 128 ký tự');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#password']);
    await page.fill('#password', 'mat khau moi 1');
    await page.click('#reset-password');
    await page.waitForSelector('#password-saved');
    assert.equal(await page.textContent('#password-saved'), 'Đã đặt mật khẩu mới cho xuly.hoankiem.');
    assert.ok(await page.isHidden('.error-summary'));
    assert.equal(await page.inputValue('#password'), '');
    // Back in the table, the status.
    await page.click('main a[href="#/quan-tri/nguoi-dung"]');
    await ready(page, '#/quan-tri/nguoi-dung');
    await page.fill('#users-q', 'xuly');
    await rowsAre(['xuly.cuanam', 'xuly.hoankiem'], 'search xuly');
    assert.equal(await page.textContent('#users tr[data-username="xuly.hoankiem"] td:nth-of-type(4)'), 'Đã khóa');
    assert.equal(await page.textContent('#users tr[data-username="xuly.cuanam"] td:nth-of-type(4)'), 'Đang hoạt động');
    await page.selectOption('#users-active', 'false');
    await rowsAre(['xuly.hoankiem'], 'locked accounts named xuly');

    // Locking oneself: the API's 409 beside the button and in the summary; nothing changes.
    await page.click('#users a[href="#/quan-tri/nguoi-dung/xuly.hoankiem"]');
    await ready(page, '#/quan-tri/nguoi-dung/xuly.hoankiem');
    await page.evaluate(() => { location.hash = '#/quan-tri/nguoi-dung/admin'; });
    await ready(page, '#/quan-tri/nguoi-dung/admin');
    await page.click('#toggle-active');
    await page.click('#confirm-active');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#active-error'), 'Lỗi: Bạn không thể tự khóa tài khoản của chính mình.');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
      [['#toggle-active', 'Bạn không thể tự khóa tài khoản của chính mình.']]);
    assert.equal((await api('GET', '/users/admin')).json.active, true);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/ 4(09|22) /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('units: a search without diacritics, a bad code beside the field and in the summary, a branch created under the Center', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    const nav = await page.$$eval('#nav a', (as) => as.map((a) => a.textContent));
    for (const t of ['Đơn vị', 'Thủ tục']) assert.ok(nav.includes(t), t);
    await page.click('#nav a[href="#/quan-tri/don-vi"]');
    await ready(page, '#/quan-tri/don-vi');
    assert.equal(await page.textContent('h1'), 'Đơn vị');
    await page.fill('#units-q', 'hoan kiem');
    await page.click('#units-search button[type=submit]');
    await until(async () => (await page.$$eval('#units tbody tr', (trs) => trs.length)) === 2, 'search results');
    // The point's parent is the one of now (the reorganization test above may have moved it under the Center).
    const hkParent = (await api('GET', `/units/${HK_POINT}`)).json.parent;
    const hkParentName = (await api('GET', `/units/${hkParent}`)).json.name;
    assert.deepEqual(await page.$$eval('#units tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent))), [
      ['001.00.50.H26', 'UBND phường Hoàn Kiếm', 'UBND xã, phường', 'UBND thành phố Hà Nội (000.00.00.H26)'],
      [HK_POINT, 'Điểm phục vụ hành chính công phường Hoàn Kiếm', 'Điểm phục vụ', `${hkParentName} (${hkParent})`],
    ]);
    // A bad code: the API's error beside the field and in the summary; what was typed stays.
    const BRANCH = '000.01.01.H26';
    await page.fill('#code', '000.01.01');
    await page.fill('#name', 'Chi nhánh số 1 Trung tâm Phục vụ hành chính công');
    await page.check('#kind-branch');
    assert.equal(await page.inputValue('#parent'), CENTER);
    await page.click('#unit-form button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#code-error'), 'Lỗi: Mã đơn vị phải có dạng 000.00.10.H26');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
      [['#code', 'Mã đơn vị phải có dạng 000.00.10.H26']]);
    assert.equal(await page.inputValue('#name'), 'Chi nhánh số 1 Trung tâm Phục vụ hành chính công');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'units');
    await page.fill('#code', BRANCH);
    await page.click('#unit-form button[type=submit]');
    await page.waitForSelector('#unit-created');
    assert.equal(await page.textContent('#unit-created'), `Đã tạo đơn vị Chi nhánh số 1 Trung tâm Phục vụ hành chính công (${BRANCH}).`);
    assert.ok(await page.isHidden('.error-summary'));
    const u = (await api('GET', `/units/${BRANCH}`)).json;
    assert.equal(u.kind, 'branch');
    assert.equal(u.parent, CENTER);
    assert.equal(u.name, 'Chi nhánh số 1 Trung tâm Phục vụ hành chính công');
    // The unit's page: its parents over time.
    await page.click(`#unit-created a[href="#/quan-tri/don-vi/${BRANCH}"]`);
    await ready(page, `#/quan-tri/don-vi/${BRANCH}`);
    assert.equal(await page.textContent('h1'), 'Chi nhánh số 1 Trung tâm Phục vụ hành chính công');
    assert.deepEqual(await page.$$eval('#unit-parents tbody tr', (trs) => trs.map((tr) => [tr.dataset.parent, tr.cells[2].textContent])), [[CENTER, 'nay']]);
    assert.equal(await page.textContent('#unit-parents tbody td'), `Trung tâm Phục vụ hành chính công thành phố Hà Nội (${CENTER})`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/ 422 /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('procedures: a new version is published from the editor; the last step must be an approver; a stale edit gets 409', async () => {
  const { context, page } = await newPage(browser, srv.base);
  const CODE = '1.004837';
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    await page.click('#nav a[href="#/quan-tri/thu-tuc"]');
    await ready(page, '#/quan-tri/thu-tuc');
    await page.fill('#procedures-q', 'dang ky giam ho');
    await page.click('#procedures-search button[type=submit]');
    await page.waitForSelector(`#procedures tr[data-code="${CODE}"]`);
    await page.click(`#procedures a[href="#/quan-tri/thu-tuc/${CODE}"]`);
    await ready(page, `#/quan-tri/thu-tuc/${CODE}`);
    const before = (await api('GET', `/procedures/${CODE}`)).json;
    assert.equal(before.version, 1);
    assert.equal(await page.textContent('h1'), `Sửa thủ tục ${CODE}`);
    assert.equal(await page.inputValue('#name'), before.name);
    assert.equal(await page.$$eval('#components > fieldset', (fs) => fs.length), before.components.length);
    assert.equal(await page.$$eval('#steps > fieldset', (fs) => fs.length), before.steps.length);
    // Adding and removing a row.
    await page.click('#add-component');
    assert.equal(await page.$$eval('#components > fieldset', (fs) => fs.length), before.components.length + 1);
    await page.click(`#components-${before.components.length}-remove`);
    assert.equal(await page.$$eval('#components > fieldset', (fs) => fs.length), before.components.length);
    // Publish a new name.
    await page.fill('#name', `${before.name} (thử nghiệm)`);
    await page.click('#publish');
    await page.waitForSelector('#procedure-published');
    assert.equal(await page.textContent('#procedure-published'), `Đã phát hành phiên bản 2 của thủ tục ${CODE}.`);
    const v2 = (await api('GET', `/procedures/${CODE}`)).json;
    assert.equal(v2.version, 2);
    assert.equal(v2.name, `${before.name} (thử nghiệm)`);
    assert.deepEqual(v2.components.map((c) => c.id), before.components.map((c) => c.id));
    assert.deepEqual(v2.steps, before.steps);
    // The last step as a processor: the API's 422 beside the field and in the summary.
    const n = before.steps.length - 1;
    await page.selectOption(`#steps-${n}-role`, 'processor');
    await page.click('#publish');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent(`#steps-${n}-role-error`), 'Lỗi: Bước cuối cùng phải do người phê duyệt (approver) thực hiện');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])),
      [[`#steps-${n}-role`, 'Bước cuối cùng phải do người phê duyệt (approver) thực hiện']]);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'procedures');
    // Someone else publishes version 3 meanwhile: the editor's version 2 is stale → 409 in Vietnamese.
    const { code: _c, ...body } = v2;
    assert.equal((await api('PUT', `/procedures/${CODE}`, { ...body, version: 2 })).status, 200);
    await page.selectOption(`#steps-${n}-role`, 'approver');
    await page.click('#publish');
    await until(async () => /phiên bản mới hơn/.test(await page.textContent('.error-summary')), 'stale 409');
    assert.equal(await page.textContent('.error-summary li'),
      'Thủ tục đã có phiên bản mới hơn do người khác vừa phát hành. Hãy tải lại trang để sửa trên phiên bản mới nhất; các thay đổi của bạn chưa được lưu.');
    assert.equal((await api('GET', `/procedures/${CODE}`)).json.version, 3);
    assert.deepEqual(page.problems.filter((x) => !/ 4(09|22) /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('fee rules in the procedure editor (issue 15): shown, edited, a bad tier refused beside its field, published with the version', async () => {
  const { context, page } = await newPage(browser, srv.base);
  const CODE = '2.000815'; // certified copies: 2.000 đ a page, 1.000 đ from page 3, at most 200.000 đ a copy
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    await go(page, srv.base, `#/quan-tri/thu-tuc/${CODE}`);
    const before = (await api('GET', `/procedures/${CODE}`)).json;
    assert.deepEqual(before.fees.map((r) => [r.id, r.kind, r.amount, r.cap, r.per]), [['phi', 'per_unit', 2000, 200000, 'copies']]);
    assert.equal(await page.$$eval('#fees > fieldset', (fs) => fs.length), 1);
    assert.deepEqual([await page.inputValue('#fees-0-id'), await page.inputValue('#fees-0-amount'), await page.inputValue('#fees-0-unit'),
      await page.inputValue('#fees-0-tiers'), await page.inputValue('#fees-0-cap'), await page.inputValue('#fees-0-per')],
    ['phi', '2000', 'pages', '3=1000', '200000', 'copies']);
    // A tier that is not "from=amount": refused in the page, nothing published.
    await page.fill('#fees-0-tiers', 'từ trang 3');
    await page.click('#publish');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.equal(await page.textContent('#fees-0-tiers-error'), 'Lỗi: Bậc giá phải có dạng 3=1000, 10=500');
    assert.equal((await api('GET', `/procedures/${CODE}`)).json.version, before.version);
    // Two tiers, and a second rule for online filings; the API's own check lands beside its field.
    await page.fill('#fees-0-tiers', '3=1000, 11=500');
    await page.click('#add-fee');
    await page.fill('#fees-1-id', 'Phi Online');
    await page.selectOption('#fees-1-channel', 'online');
    await page.fill('#fees-1-amount', '1000');
    await page.click('#publish');
    await until(async () => !(await page.isHidden('#fees-1-id-error')), 'the API\'s 422 on fees[1].id');
    assert.equal((await api('GET', `/procedures/${CODE}`)).json.version, before.version);
    await page.fill('#fees-1-id', 'phi_online');
    await page.click('#publish');
    await page.waitForSelector('#procedure-published');
    const after = (await api('GET', `/procedures/${CODE}`)).json;
    assert.equal(after.version, before.version + 1);
    assert.deepEqual(after.fees.map((r) => [r.id, r.channel, r.amount, r.tiers, r.cap]), [
      ['phi', 'any', 2000, [{ from: 3, amount: 1000 }, { from: 11, amount: 500 }], 200000],
      ['phi_online', 'online', 1000, [], null]]);
    assert.deepEqual(after.components, before.components);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/ 422 /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('smaller defects (issue 19.11): a chosen role is saved without "Thêm vai trò", no focus box on the heading, no "(Quản trị hệ thống)" twice, no API link in the footer, the emblem-like mark', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD);
    // The name once: the administrator's full name is the role's name.
    assert.equal(await page.textContent('#nav .nav__user > span'), 'Quản trị hệ thống');
    assert.equal(await page.$('footer a[href^="/api"]'), null);
    assert.equal(await page.$('main a[href^="/api/v1/health"]'), null);
    assert.match(await page.evaluate(async () => (await fetch('/ui/icon.svg')).text()), /<circle/);
    // Keyboard navigation (where focus rings show): Enter on the menu link; the new page's heading
    // takes the focus without a yellow box.
    await page.focus('#nav a[href="#/quan-tri/nguoi-dung"]');
    await page.keyboard.press('Enter');
    await ready(page, '#/quan-tri/nguoi-dung');
    const h1 = await page.evaluate(() => {
      const e = document.activeElement;
      const cs = getComputedStyle(e);
      return [e.tagName, cs.outlineStyle, cs.boxShadow];
    });
    assert.deepEqual(h1, ['H1', 'none', 'none']);
    await go(page, srv.base, '#/quan-tri/nguoi-dung/tiepnhan.badinh');
    const bindings = () => page.$$eval('#roles li', (lis) => lis.map((li) => [li.dataset.role, li.dataset.unit]));
    const before = await bindings();
    await page.selectOption('#new-role', 'processor');
    await page.fill('#new-unit-q', 'ubnd phuong hoan kiem');
    await page.waitForSelector(`#new-unit option[value="${HK_PC}"]`, { state: 'attached' });
    await page.selectOption('#new-unit', HK_PC);
    await page.click('#save-user'); // without "Thêm vai trò"
    await page.waitForSelector('#user-saved-notice');
    const saved = (await api('GET', '/users/tiepnhan.badinh')).json.roles.map((r) => [r.role, r.unit]);
    assert.deepEqual(saved, [...before, ['processor', HK_PC]]);
    assert.deepEqual(await bindings(), saved);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
