// A citizen online, in a real browser against the real server (init + demo): submission from the
// procedure page (upload per component, commune, return, review) → code and tracking secret; my
// dossiers on a 375 px phone: status, due date, what is asked (completion), stop with a reason,
// rating once returned; axe-core and screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, until, login, DEMO_PASSWORD, TEST_CLOCK } from './lib/browser.mjs';

const CITIZEN = '001190012345';
const CENTER = '000.00.01.H26';
const HK_PC = '001.00.50.H26';
const HK_POINT = '001.01.50.H26';

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

/** A valid 1×1 PNG, made here (no fixture file). */
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}

const vnToday = () => TEST_CLOCK.slice(2, 10).replace(/-/g, ''); // the server's day, as in codes

test('online submission: upload per component, commune, return point, review → code and tracking secret', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, CITIZEN);
    assert.deepEqual(await page.$$eval('#nav a', (as) => as.map((a) => a.textContent)), ['Tra cứu thủ tục', 'Hồ sơ của tôi']);
    await go(page, srv.base, '#/thu-tuc/1.001193');
    await page.click('#submit-online');
    await page.waitForFunction(() => document.body.dataset.ready === '#/nop-ho-so/1.001193' && document.getElementById('main').dataset.step === 'applicant');
    assert.equal(await page.textContent('h1'), 'Thông tin người nộp');
    assert.match(await page.textContent('.summary-list'), /Nguyễn Thị Hằng.*001190012345/);
    await page.fill('#applicant-phone', '0901234567');
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'components');

    // One upload per component; the required ones to submit online are tp04 and tp08 (the e-form:
    // the paper declaration tp07 belongs to the counter and post channels and is not shown).
    const file = { name: 'giay-chung-sinh.png', mimeType: 'image/png', buffer: png() };
    await page.setInputFiles('#file-tp04', file);
    await until(async () => (await page.getAttribute('#file-tp04-status', 'data-document')) !== '', 'upload tp04');
    assert.match(await page.textContent('#file-tp04-status'), /^Đã có: giay-chung-sinh\.png \(\d+ byte\)$/);
    // Not everything yet: the missing one is named beside its field and in the summary.
    await page.click('#next');
    await page.waitForSelector('.error-summary:not([hidden])');
    const tp08 = (await srv.request('GET', '/api/v1/procedures/1.001193')).json.components.find((c) => c.id === 'tp08').name;
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#file-tp08']);
    assert.equal(await page.textContent('#file-tp08-error'), `Lỗi: Tải lên ${tp08.split(' (')[0]}`);
    // A file that is not a PDF, JPEG or PNG is refused by the server (415), shown beside the field.
    await page.setInputFiles('#file-tp08', { name: 'mau-dien-tu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải PDF') });
    await until(async () => !(await page.isHidden('#file-tp08-error')) && /PDF/.test(await page.textContent('#file-tp08-error')), '415 shown');
    assert.equal(await page.textContent('#file-tp08-error'), 'Lỗi: Chỉ nhận tệp PDF, JPEG hoặc PNG');
    await page.setInputFiles('#file-tp08', { ...file, name: 'mau-dien-tu.png' });
    await until(async () => (await page.getAttribute('#file-tp08-status', 'data-document')) !== '', 'upload tp08');
    assert.deepEqual(await axe(page), []);
    await page.click('#next');

    // The commune that decides, then the return point.
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'resolver');
    assert.equal(await page.$$eval('#resolver_unit option', (os) => os.filter((o) => o.value).length), 126);
    await page.selectOption('#resolver_unit', HK_PC);
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'return');
    await page.check('#return_channel-counter');
    await page.selectOption('#return_unit', HK_POINT);
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'review');
    const review = await page.$$eval('#review > div', (ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
    assert.equal(review['Thủ tục'], 'Thủ tục đăng ký khai sinh');
    assert.equal(review['UBND xã, phường giải quyết'], 'UBND phường Hoàn Kiếm Sửa');
    assert.equal(review['Nhận kết quả'], 'Tại điểm phục vụ tại Điểm phục vụ hành chính công phường Hoàn Kiếm Sửa');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'submit');
    await page.click('#next');

    await page.waitForSelector('#submit-result');
    const code = await page.textContent('#result-code');
    assert.match(code, new RegExp(`^${CENTER.replace(/\./g, '\\.')}-${vnToday()}-\\d{4}$`));
    const secret = await page.textContent('#result-secret');
    assert.match(secret, /^[A-Z0-9]{8,}$/);
    const token = await login(srv.request, CITIZEN, DEMO_PASSWORD);
    const d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token })).json;
    assert.equal(d.status, 'submitted');
    assert.equal(d.channel, 'online');
    assert.equal(d.tracking_secret, secret);
    assert.equal(d.resolver_unit, HK_PC);
    assert.equal(d.return_unit, HK_POINT);
    assert.equal(d.applicant.phone, '0901234567');
    assert.deepEqual(d.components.filter((c) => c.document).map((c) => c.id), ['tp04', 'tp08']);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'submit-done');
    // The citizen's own dossier page shows the uploaded image in the page.
    await go(page, srv.base, `#/ho-so/${code}`);
    await page.click('[data-component="tp04"] button');
    await page.waitForSelector('#doc-tp04 img');
    assert.equal(await page.getAttribute('#doc-tp04', 'data-type'), 'image/png');
    await until(async () => (await page.$eval('#doc-tp04 img', (i) => i.complete && i.naturalWidth)) === 1, 'image decoded');
    assert.equal(await page.getAttribute('#doc-tp04 img', 'alt'), `Bản điện tử: ${(await srv.request('GET', '/api/v1/procedures/1.001193')).json.components.find((c) => c.id === 'tp04').name}`);
    assert.deepEqual(await page.$$eval('#forms a', (as) => as.map((a) => a.id)), ['form-01']);
    // My documents: the two uploads among them, each viewable in the page.
    const docs = (await srv.request('GET', `/api/v1/applicants/${CITIZEN}/documents?limit=100`, { token })).json.items;
    const uploaded = d.components.filter((c) => c.document).map((c) => c.document);
    assert.ok(uploaded.every((id) => docs.some((x) => x.id === id)));
    await go(page, srv.base, '#/ho-so');
    await page.waitForSelector('#my-documents li');
    // One entry per file (the same bytes uploaded twice are one), named by the papers it was used as
    // (in alphabetical order: two uploads in the same second have no other stable order).
    const shas = [...new Set(docs.map((x) => x.sha256))];
    assert.deepEqual(await page.$$eval('#my-documents li', (ls) => ls.map((l) => l.dataset.sha256)), shas);
    const sha0 = docs.find((x) => x.id === uploaded[0]).sha256;
    const sameFile = d.components.filter((c) => c.document && docs.find((x) => x.id === c.document).sha256 === sha0).map((c) => c.id);
    assert.deepEqual(sameFile, ['tp04', 'tp08']); // the test uploads the same image for both
    assert.equal(await page.textContent(`#my-documents li[data-sha256="${sha0}"] .documents__name`), 'Giấy chứng sinh; Mẫu hộ tịch điện tử tương tác đăng ký khai sinh');
    await page.click(`#my-documents li[data-sha256="${sha0}"] button`);
    await page.waitForSelector(`#my-documents li[data-sha256="${sha0}"] img`);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/415/.test(x)), []);
  } finally {
    await context.close();
  }
});

test('the upload step on a 375 px phone: the first required upload on the first screen, legal text on demand, optional papers collapsed (issue 19.7)', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 812 } });
  try {
    await uiLogin(page, srv.base, CITIZEN);
    await go(page, srv.base, '#/nop-ho-so/1.001193');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'applicant');
    await page.fill('#applicant-phone', '0901234567');
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'components');
    await page.evaluate(() => window.scrollTo(0, 0));
    const p = (await srv.request('GET', '/api/v1/procedures/1.001193')).json;
    const required = p.components.filter((c) => c.required && c.submit_or_present === 'submit' && c.channels.includes('online')).map((c) => `file-${c.id}`);
    assert.deepEqual(required, ['file-tp04', 'file-tp08']);
    assert.equal(await page.$('#file-tp07'), null); // the paper declaration: counter and post only
    // Required uploads first, in the catalogue's order; the others inside a closed "Giấy tờ khác".
    const order = await page.$$eval('input[type=file]', (is) => is.map((i) => [i.id, Boolean(i.closest('details#more-papers'))]));
    assert.deepEqual(order.slice(0, required.length), required.map((id) => [id, false]));
    assert.ok(order.slice(required.length).every(([, inMore]) => inMore));
    assert.equal(await page.getAttribute('#more-papers', 'open'), null);
    const box = await page.evaluate(() => document.querySelector('label[for="file-tp04"]').closest('.form-group').getBoundingClientRect().bottom);
    assert.ok(box <= 812, `the first required upload ends at ${box} px`);
    // A short title; the legal paragraph expands on demand.
    const tp04 = p.components.find((c) => c.id === 'tp04').name;
    assert.equal(await page.textContent('label[for="file-tp04"]'), 'Giấy chứng sinh');
    assert.equal(await page.isVisible('#file-tp04-legal p'), false);
    await page.click('#file-tp04-legal summary');
    assert.equal(await page.textContent('#file-tp04-legal p'), tp04);
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `scrollWidth ${sw} > ${cw}`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'submit-upload-phone');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('registration from the online submission: errors beside the fields, then an account and back to the submission', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 740 } });
  try {
    await go(page, srv.base, '#/thu-tuc/1.001193');
    await page.click('#submit-online');
    await page.waitForFunction(() => /^#\/dang-nhap\?next=/.test(document.body.dataset.ready || ''));
    await page.click('#register-link a');
    await page.waitForFunction(() => (document.body.dataset.ready || '').startsWith('#/dang-ky'));
    assert.equal(await page.textContent('h1'), 'Đăng ký tài khoản');
    // The live hint while typing, then the API's messages beside the fields and in the summary.
    await page.fill('#id_number', '00119001234');
    assert.equal(await page.textContent('#id_number-live'), 'Số định danh cá nhân gồm 12 chữ số (đã nhập 11)');
    await page.fill('#full_name', 'Phạm Minh Đức');
    await page.fill('#password', 'mat-khau-dai-9');
    await page.fill('#password_again', 'mat-khau-khac-9');
    await page.click('#register-form button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#password_again']);
    assert.equal(await page.textContent('#password_again-error'), 'Lỗi: Hai mật khẩu không giống nhau');
    await page.fill('#password_again', 'mat-khau-dai-9');
    await page.click('#register-form button[type=submit]');
    await until(async () => (await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')))).includes('#id_number'), 'API 422');
    const bad = await srv.request('POST', '/api/v1/citizens/register', { body: { id_number: '00119001234', full_name: 'X', password: 'mat-khau-dai-9' } });
    assert.equal(bad.status, 422);
    const msg = bad.json.errors.find((e) => e.field === 'id_number').message_vi;
    assert.equal(await page.textContent('#id_number-error'), `Lỗi: ${msg.charAt(0).toUpperCase()}${msg.slice(1)}`);
    assert.equal(await page.inputValue('#full_name'), 'Phạm Minh Đức'); // what was typed stays
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'register');
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `scrollWidth ${sw} > ${cw}`);
    // A good number: the account is made, the citizen is logged in and back on the submission.
    await page.fill('#id_number', '001095012345');
    assert.equal(await page.textContent('#id_number-live'), 'Số định danh đúng định dạng');
    await page.click('#register-form button[type=submit]');
    await page.waitForFunction(() => document.body.dataset.ready === '#/nop-ho-so/1.001193' && document.getElementById('main').dataset.step === 'applicant');
    assert.match(await page.textContent('.summary-list'), /Phạm Minh Đức.*001095012345/);
    assert.match(await page.textContent('#nav'), /Phạm Minh Đức/);
    const me = await login(srv.request, '001095012345', 'mat-khau-dai-9');
    assert.deepEqual((await srv.request('GET', '/api/v1/me', { token: me })).json.roles, [{ role: 'citizen', unit: null }]);
    assert.deepEqual(page.problems.filter((x) => !/ 422 /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('my dossiers on a 375 px phone: statuses, due dates, completion asked, stop with a reason, rating', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 740 } });
  try {
    // Trần Văn Nam has a dossier the Center asked to complete (demo).
    const token = await login(srv.request, '001085004321', DEMO_PASSWORD);
    const mine = (await srv.request('GET', '/api/v1/dossiers?limit=500', { token })).json.items;
    await uiLogin(page, srv.base, '001085004321');
    assert.equal(await page.textContent('h1'), 'Hồ sơ của tôi');
    await page.waitForFunction(() => document.getElementById('main').dataset.loaded === 'true');
    const cards = await page.$$eval('#my-dossiers > li', (ls) => ls.map((l) => ({
      code: l.dataset.code,
      facts: Object.fromEntries([...l.querySelectorAll('.summary-list > div')].map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
      asked: l.querySelector('.asked')?.textContent || null,
    })));
    // Cards that ask something of the citizen come first (issue 19.9), newest first within each group.
    const asks = (d) => ['needs_completion', 'awaiting_supplement', 'ready_for_return'].includes(d.status);
    assert.deepEqual(cards.map((c) => c.code), [...mine.filter(asks), ...mine.filter((d) => !asks(d))].map((d) => d.code));
    const STATUS = { needs_completion: 'Cần bổ sung, hoàn thiện hồ sơ', processing: 'Đang giải quyết', returned: 'Đã trả kết quả', submitted: 'Đã nộp trực tuyến, chờ tiếp nhận' };
    for (const d of mine) {
      const c = cards.find((x) => x.code === d.code);
      if (STATUS[d.status]) assert.ok(c.facts['Trạng thái'].startsWith(STATUS[d.status]), `${d.code}: ${c.facts['Trạng thái']}`);
      const due = (d.extended && d.extended.new_due_at) || d.due_at;
      if (due) assert.equal(c.facts['Hạn giải quyết'], `${due.slice(8, 10)}/${due.slice(5, 7)}/${due.slice(0, 4)}`);
    }
    const nc = mine.find((d) => d.status === 'needs_completion');
    const ncCard = cards.find((c) => c.code === nc.code);
    assert.equal(ncCard.asked, 'Việc cần làm: Bổ sung hồ sơ');
    assert.match(await page.textContent(`li[data-code="${nc.code}"] .request`), /Tờ khai có chữ ký của người yêu cầu\. Lý do: Tờ khai chưa có chữ ký/);
    const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.equal(cw, 375);
    assert.ok(sw <= cw, `scrollWidth ${sw} > ${cw}`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'my-dossiers');

    // "Bổ sung hồ sơ": upload the signed declaration and send → submitted again.
    await page.click(`li[data-code="${nc.code}"] button[data-action=supplement]`);
    await page.setInputFiles('#sup-tp07', { name: 'to-khai-co-chu-ky.png', mimeType: 'image/png', buffer: png() });
    await until(async () => /^Đã tải lên/.test(await page.textContent(`li[data-code="${nc.code}"] .upload-status:not(:empty)`).catch(() => '')), 'upload');
    await page.click('button:has-text("Gửi giấy tờ bổ sung")');
    await until(async () => (await page.getAttribute(`li[data-code="${nc.code}"]`, 'data-status')) === 'submitted', 'resubmitted');
    assert.equal((await srv.request('GET', `/api/v1/dossiers/${nc.code}`, { token })).json.status, 'submitted');

    // Stopping is a link among the card's links, not a big button; it needs a reason.
    assert.equal(await page.getAttribute(`li[data-code="${nc.code}"] button[data-action=stop]`, 'class'), 'link-button');
    assert.ok(await page.$(`li[data-code="${nc.code}"] .card__links button[data-action=stop]`));
    await page.click(`li[data-code="${nc.code}"] button[data-action=stop]`);
    await page.click('button:has-text("Xác nhận dừng giải quyết")');
    assert.equal(await page.textContent('#stop-reason-error'), 'Lỗi: Nhập lý do dừng giải quyết');
    await page.fill('#stop-reason', 'Tôi không còn nhu cầu');
    await page.click('button:has-text("Xác nhận dừng giải quyết")');
    await until(async () => (await page.getAttribute(`li[data-code="${nc.code}"]`, 'data-status')) === 'stopped', 'stopped');
    assert.equal(await page.textContent('[role=status].notice'), `Đã dừng giải quyết hồ sơ ${nc.code}. Trạng thái: Đã dừng giải quyết.`);
    const stopped = (await srv.request('GET', `/api/v1/dossiers/${nc.code}`, { token })).json;
    assert.equal(stopped.status, 'stopped');
    assert.equal(await page.$(`li[data-code="${nc.code}"] button[data-action=stop]`), null);
    assert.deepEqual(page.problems, []);

    // The citizen's own detail page fits the phone: no horizontal scroll, papers named, steps listed.
    const other = mine.find((d) => d.code !== nc.code && d.received_at) || mine[0];
    await page.click(`li[data-code="${other.code}"] a[href="#/ho-so-cua-toi/${other.code}"]`);
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so-cua-toi/${c}` && !document.getElementById('main').hasAttribute('aria-busy'), other.code);
    assert.equal(await page.textContent('h1'), other.procedure.name);
    const full = (await srv.request('GET', `/api/v1/dossiers/${other.code}`, { token })).json;
    const proc = (await srv.request('GET', `/api/v1/procedures/${other.procedure.code}?version=${other.procedure.version}`)).json;
    assert.deepEqual(await page.$$eval('#my-papers .my-papers__name', (ss) => ss.map((x) => x.textContent)),
      full.components.filter((c) => c.provided).map((c) => proc.components.find((p) => p.id === c.id).name));
    const hist = (await srv.request('GET', `/api/v1/dossiers/${other.code}/history`, { token })).json.items;
    assert.equal(await page.$$eval('#my-steps li', (ls) => ls.length), hist.length);
    assert.equal(await page.$('table'), null);
    const [sw2, cw2] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw2 <= cw2, `scrollWidth ${sw2} > ${cw2}`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'my-dossier');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('rating once returned, on a phone: "Rất hài lòng" is recorded once', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 740 } });
  try {
    const token = await login(srv.request, CITIZEN, DEMO_PASSWORD);
    const ret = (await srv.request('GET', '/api/v1/dossiers?status=returned', { token })).json.items[0];
    await uiLogin(page, srv.base, CITIZEN);
    await page.waitForFunction(() => document.getElementById('main').dataset.loaded === 'true');
    const card = `li[data-code="${ret.code}"]`;
    assert.match(await page.textContent(`${card} .summary-list`), /Đã trả kết quả/);
    await page.click(`${card} button:has-text("Gửi đánh giá")`);
    await page.waitForSelector(`${card} .error-summary:not([hidden])`);
    await page.check(`[id="rating-${ret.code}-score-very_satisfied"]`);
    await page.fill(`[id="rating-${ret.code}-comment"]`, 'Cán bộ hướng dẫn tận tình');
    await page.click(`${card} button:has-text("Gửi đánh giá")`);
    await page.waitForSelector(`${card} .rating`);
    assert.equal(await page.textContent(`${card} .rating`), 'Bạn đã đánh giá: Rất hài lòng');
    // The rating is an event: a second one is refused (409).
    const again = await srv.request('POST', `/api/v1/public/dossiers/${ret.code}/rating?secret=${ret.tracking_secret}`, { body: { score: 'satisfied' } });
    assert.equal(again.status, 409);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
