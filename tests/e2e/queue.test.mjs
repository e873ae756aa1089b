// The queue's public pages in a real browser (docs/queue.md): the kiosk (#/kiosk/{point}) issues a
// ticket by touch with a priority choice and shows the printable receipt (number, group, point,
// time, people ahead; the 80 mm print sheet is loaded); the board (#/bang-so/{point}) shows who is
// served at each counter with the spoken announcement, live after a call; at a point that declares
// procedure groups the kiosk offers those groups; axe-core clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, axe, until, login, DEMO_PASSWORD, ADMIN_PASSWORD } from './lib/browser.mjs';

const HK_POINT = '001.01.50.H26';
let srv;
let browser;
before(async () => {
  srv = await startDemoServer({ dossiers: false });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

test('kiosk: a priority choice and a group button give a ticket and its 80 mm receipt', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, `#/kiosk/${HK_POINT}`);
    assert.equal(await page.textContent('h1'), 'Lấy số thứ tự');
    assert.ok(await page.$('link#receipt-css[href="/ui/receipt.css"]'));
    assert.ok(await page.$('button[data-group="Hộ tịch"]'));
    assert.deepEqual(await axe(page), []);
    await page.check('#priority-elderly');
    await page.click('button[data-group="Hộ tịch"]');
    await page.waitForSelector('#receipt');
    assert.equal(await page.textContent('#receipt-number'), '0001');
    assert.equal(await page.textContent('#receipt-group'), 'Hộ tịch');
    assert.equal(await page.textContent('#receipt-priority'), 'Người cao tuổi (từ 60 tuổi)');
    assert.equal(await page.textContent('#receipt-ahead'), '0');
    assert.deepEqual(await axe(page), []);
    const board = (await srv.request('GET', `/api/v1/points/${HK_POINT}/queue`)).json;
    assert.deepEqual(board.items.map((t) => [t.number, t.service_group, t.priority]), [[1, 'Hộ tịch', 'elderly']]);
    // Another ticket: one person ahead now.
    await page.click('#kiosk-back');
    await page.click('button[data-group="Đất đai"]');
    await until(async () => (await page.textContent('#receipt-number')) === '0002', 'the second ticket');
    assert.equal(await page.textContent('#receipt-ahead'), '1');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('kiosk at a point that declares procedure groups: one button per declared group, in its order', async () => {
  const CN_POINT = '002.01.50.H26';
  const admin = await login(srv.request, 'admin', ADMIN_PASSWORD);
  const r = await srv.request('PUT', `/api/v1/points/${CN_POINT}/service-groups`, {
    token: admin,
    body: { groups: [{ name: 'Đất đai – Xây dựng', fields: ['Đất đai', 'Hoạt động xây dựng'], counters: [1, 2] }, { name: 'Hộ tịch', fields: ['Hộ tịch'], counters: [3] }] },
  });
  assert.equal(r.status, 200, r.text);
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, `#/kiosk/${CN_POINT}`);
    await page.waitForSelector('button[data-group]');
    assert.deepEqual(await page.$$eval('button[data-group]', (bs) => bs.map((b) => b.dataset.group)), ['Đất đai – Xây dựng', 'Hộ tịch']);
    await page.click('button[data-group="Đất đai – Xây dựng"]');
    await page.waitForSelector('#receipt');
    assert.equal(await page.textContent('#receipt-group'), 'Đất đai – Xây dựng');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('board: now serving per counter with the announcement, live after a call', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, `#/bang-so/${HK_POINT}`);
    assert.equal(await page.textContent('h1'), 'Đang phục vụ');
    assert.deepEqual(await axe(page), []);
    const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    const r = await srv.request('POST', `/api/v1/points/${HK_POINT}/counters/3/call-next`, { token });
    assert.equal(r.status, 200);
    const n = String(r.json.ticket.number).padStart(4, '0');
    await until(async () => (await page.textContent('#board-announcement')) === `Mời khách hàng số ${n} đến quầy số 3`, 'the announcement');
    await until(async () => (await page.textContent('#board-rows tr[data-counter="3"] .board__number')) === n, 'the counter row');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
