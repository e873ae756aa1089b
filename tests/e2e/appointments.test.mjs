// The public appointment page in a real browser (docs/appointments.md): from a procedure's page to
// #/dat-lich/{procedure}, the free slots of a point as radios, errors named beside the fields,
// a booking code, the slot's remaining places one fewer; axe-core clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, axe, until } from './lib/browser.mjs';

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

test('booking page: choose a point and a slot, errors by field, then a booking code', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/thu-tuc/1.004837');
    await page.click('#book-appointment');
    await page.waitForFunction(() => document.body.dataset.ready === '#/dat-lich/1.004837');
    assert.equal(await page.textContent('h1'), 'Đặt lịch hẹn');
    assert.equal(await page.inputValue('#procedure'), '1.004837');
    const slots = (await srv.request('GET', `/api/v1/points/${HK_POINT}/slots`)).json.items;
    await page.selectOption('#point', HK_POINT);
    await until(async () => (await page.$$('#slots input[name=slot]')).length === slots.length, 'the slots');
    assert.deepEqual(await page.$$eval('#slots input[name=slot]', (l) => l.map((i) => i.value)), slots.map((s) => s.start));
    assert.deepEqual(await axe(page), []);
    // Nothing chosen, bad number: the server's errors beside the fields.
    await page.fill('#id_number', '123');
    await page.click('#book');
    await page.waitForSelector('#name-error:not([hidden])');
    assert.match(await page.textContent('#id_number-error'), /12 chữ số/);
    assert.equal(await page.isVisible('#start-error'), true);
    assert.deepEqual(await axe(page), []);
    await page.check(`#slots input[value="${slots[0].start}"]`);
    await page.fill('#name', 'Nguyễn Thị Hằng');
    await page.fill('#id_number', '001190012345');
    await page.fill('#phone', '0912345678');
    await page.click('#book');
    await page.waitForSelector('#booking-code');
    const code = await page.textContent('#booking-code');
    assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const b = (await srv.request('GET', `/api/v1/appointments/${code}?id_number=001190012345`)).json;
    assert.equal(b.start, slots[0].start);
    assert.equal(b.status, 'booked');
    assert.equal(b.name, 'Nguyễn Thị Hằng');
    await until(async () => /còn 1 chỗ/.test(await page.textContent(`label[for="${await page.getAttribute(`#slots input[value="${slots[0].start}"]`, 'id')}"]`)), 'one place fewer');
    assert.deepEqual(await axe(page), []);
    // The 422 answer is logged by the browser as a failed resource; nothing else went wrong.
    assert.deepEqual(page.problems.filter((p) => !/status of 422/.test(p)), []);
  } finally {
    await context.close();
  }
});
