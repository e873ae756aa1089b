// Citizens' identity in the browser: a person registers (unverified) and sees only what the account
// submitted, with the code to show at a counter; a receiver verifies the account on "Xác thực công
// dân" after checking the ID card; the person then sees the dossier received at the counter under
// her number. A verified citizen files online for an organization as its legal representative,
// with the paper. axe-core finds no serious or critical violation on each screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, until, login, DEMO_PASSWORD } from './lib/browser.mjs';
import { pdf } from '../api/lib/files.mjs';

const PERSON = '001203045678';
let srv;
let browser;
before(async () => {
  srv = await startDemoServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('register → unverified (own dossiers only, a code) → verified at a counter → the counter dossier appears', async () => {
  const receiver = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const counter = await srv.request('POST', '/api/v1/dossiers', {
    token: receiver,
    body: {
      procedure: '1.004837', channel: 'counter', resolver_unit: '001.00.50.H26',
      applicant: { kind: 'person', name: 'Đào Thị Thanh', id_number: PERSON, phone: '0911222333' },
      components: [{ id: 'tp02', provided: true }, { id: 'tp07', provided: true }],
    },
  });
  assert.equal(counter.status, 201, counter.text);

  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 812 } });
  const officer = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/dang-ky');
    await page.fill('#id_number', PERSON);
    await page.fill('#full_name', 'Đào Thị Thanh');
    await page.fill('#password', 'mat khau cua thanh');
    await page.fill('#password_again', 'mat khau cua thanh');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.body.dataset.ready === '#/ho-so' && document.getElementById('main').dataset.loaded === 'true', null, { timeout: 15000 });
    assert.equal(await page.getAttribute('#identity', 'data-identity'), 'unverified');
    assert.equal(await page.textContent('#identity-title'), 'Tài khoản chưa xác thực');
    const code = await page.textContent('#verification-code');
    assert.match(code, /^[A-Z0-9]{8}$/);
    assert.equal((await page.$$('#my-dossiers li')).length, 0, 'the counter dossier is not shown to an unverified account');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'identity-unverified');

    // The officer checks the ID card and types the number and the code.
    await uiLogin(officer.page, srv.base, 'tiepnhan.hoankiem');
    await officer.page.click('#nav a[href="#/xac-thuc-cong-dan"]');
    await officer.page.waitForFunction(() => document.body.dataset.ready === '#/xac-thuc-cong-dan' && !document.getElementById('main').hasAttribute('aria-busy'));
    assert.equal(await officer.page.textContent('h1'), 'Xác thực tài khoản công dân');
    // A wrong code is named beside its field.
    await officer.page.fill('#id_number', PERSON);
    await officer.page.fill('#code', 'AAAAAAAA');
    await officer.page.press('#code', 'Enter');
    await officer.page.waitForSelector('#code-error:not([hidden])');
    assert.match(await officer.page.textContent('#code-error'), /mã xác minh không khớp/i);
    await officer.page.fill('#code', code.toLowerCase());
    await officer.page.check('#paper-cccd');
    await officer.page.press('#code', 'Enter');
    await officer.page.waitForSelector('#verify-done');
    assert.equal(await officer.page.textContent('#verify-done'), `Đã xác thực tài khoản của Đào Thị Thanh (${PERSON}).`);
    assert.deepEqual(await axe(officer.page), []);
    await screenshot(officer.page, 'identity-verify');

    // The person's page now says verified and lists the counter dossier.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '#/ho-so' && document.getElementById('main').dataset.loaded === 'true', null, { timeout: 15000 });
    assert.equal(await page.getAttribute('#identity', 'data-identity'), 'verified');
    assert.match(await page.textContent('#identity'), /Tài khoản đã xác thực tại quầy tiếp nhận/);
    assert.deepEqual(await page.$$eval('#my-dossiers li', (lis) => lis.map((li) => li.dataset.code)), [counter.json.code]);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
    // The browser logs the wrong code's 422, and nothing else.
    assert.deepEqual(officer.page.problems, ['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Content)']);
  } finally {
    await context.close();
    await officer.context.close();
  }
});

test('a verified citizen files online for an organization as its legal representative, with the paper', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, '001085004321');
    await go(page, srv.base, '#/nop-ho-so/1.004837');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'applicant');
    await page.check('#for-whom-organization');
    await until(async () => !(await page.isHidden('#represented')), 'the representation fields');
    // Without the paper the step is not left: the error is beside the field.
    await page.fill('#applicant-name', 'Công ty TNHH Hoa Sen');
    await page.fill('#applicant-id_number', '0100109106');
    await page.check('#representative-relation-legal_representative');
    await page.click('#next');
    await page.waitForSelector('#representative-document-error:not([hidden])');
    await page.setInputFiles('#representative-document', { name: 'dieu-le.pdf', mimeType: 'application/pdf', buffer: pdf('dieu-le-hoa-sen') });
    await until(async () => /dieu-le\.pdf/.test(await page.textContent('#representative-document-status')), 'the paper uploaded');
    assert.deepEqual(await axe(page), []);
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'components');
    await page.setInputFiles('#file-tp06', { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: pdf('to-khai-hoa-sen') });
    await until(async () => (await page.getAttribute('#file-tp06-status', 'data-document')) !== '', 'upload tp06');
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'resolver');
    await page.selectOption('#resolver_unit', '001.00.50.H26');
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'return');
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'review');
    assert.match(await page.textContent('#review'), /Công ty TNHH Hoa Sen \(0100109106\).*Người đại diện: Trần Văn Nam \(001085004321\), đại diện theo pháp luật/);
    await page.click('#next');
    await page.waitForSelector('#submit-result');
    const code = await page.textContent('#result-code');
    const token = await login(srv.request, '001085004321', DEMO_PASSWORD);
    const d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token })).json;
    assert.deepEqual(d.applicant.kind, 'organization');
    assert.equal(d.applicant.id_number, '0100109106');
    assert.equal(d.representative.name, 'Trần Văn Nam');
    assert.equal(d.representative.relation, 'legal_representative');
    assert.equal(typeof d.representative.document, 'string');
    assert.equal(d.submitter.full_name, 'Trần Văn Nam');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
