// Feedback in a real browser (docs/feedback.md): from the tracking page to #/phan-anh with the
// dossier's code prefilled, errors named beside the fields, a feedback code; then the resolving
// unit's officer opens it from the staff list by keyboard and answers; axe-core clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, until, login, DEMO_PASSWORD } from './lib/browser.mjs';

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

test('send from the tracking page, then answer from the staff list', async () => {
  const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const d = await srv.request('POST', '/api/v1/dossiers', { token, body: {
    procedure: '1.004837', resolver_unit: '001.00.50.H26', channel: 'counter',
    applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345', phone: '0912345678', address: 'Số 1 Tràng Tiền' },
    components: [{ id: 'tp02', provided: true }, { id: 'tp07', provided: true }],
  } });
  assert.equal(d.status, 201, d.text);
  const { code, tracking_secret: secret } = d.json;
  const { context, page } = await newPage(browser, srv.base);
  try {
    await page.goto(`${srv.base}/track/${code}?s=${secret}`);
    await page.click('#feedback-link a');
    await page.waitForFunction((c) => document.body.dataset.ready === `#/phan-anh?ma=${c}` && !document.getElementById('main').hasAttribute('aria-busy'), code);
    assert.equal(await page.textContent('h1'), 'Gửi phản ánh, kiến nghị');
    assert.equal(await page.inputValue('#dossier'), code);
    assert.equal(await page.isChecked('#about-dossier'), true);
    assert.deepEqual(await axe(page), []);
    // No secret, no content, no name: each error beside its field.
    await page.click('#send');
    await page.waitForSelector('#content-error:not([hidden])');
    assert.equal(await page.isVisible('#name-error'), true);
    assert.equal(await page.isVisible('#secret-error'), true);
    assert.deepEqual(await axe(page), []);
    await page.fill('#secret', secret);
    await page.fill('#content', 'Đã quá ngày hẹn mà chưa nhận được kết quả.');
    await page.fill('#name', 'Nguyễn Thị Hằng');
    await page.fill('#phone', '0912345678');
    await page.check('#publish_consent-yes');
    await page.click('#send');
    await page.waitForSelector('#feedback-code');
    const fb = await page.textContent('#feedback-code');
    const fbSecret = await page.textContent('#feedback-secret');
    assert.match(fb, /^PA-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    assert.deepEqual(page.problems.filter((p) => !/status of 422/.test(p)), []);

    // The ward's processor: the list, Enter on the row, the answer.
    await uiLogin(page, srv.base, 'xuly.hoankiem');
    await go(page, srv.base, '#/phan-anh-kien-nghi');
    assert.deepEqual(await page.$$eval('#feedback-list tbody tr', (rs) => rs.map((r) => r.dataset.code)), [fb]);
    assert.deepEqual(await axe(page), []);
    await page.focus('#feedback-list tbody tr');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#answer');
    await page.fill('#answer', 'Hồ sơ đã có kết quả, mời bà đến nhận.');
    await page.check('#publish-yes');
    await page.click('#answer-form button[type=submit]');
    await page.waitForSelector('#answer-done');
    assert.equal(await page.textContent('#answer-done'), 'Đã trả lời đúng hạn.');
    assert.deepEqual(await axe(page), []);
    const got = (await srv.request('GET', `/api/v1/feedback/${fb}?secret=${fbSecret}`)).json;
    assert.equal(got.status, 'answered');
    assert.equal(got.answer, 'Hồ sơ đã có kết quả, mời bà đến nhận.');
    assert.equal(got.published, true);
    await until(async () => (await srv.request('GET', '/api/v1/public/feedback')).json.items.length === 1, 'published');
    assert.deepEqual(page.problems.filter((p) => !/status of 422/.test(p)), []);
  } finally {
    await context.close();
  }
});
