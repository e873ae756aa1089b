// Counter screens in a real browser against the real server (init + demo): an intake done with
// the keyboard only (Tab, typing, Space, Enter) that gives a code and Form 01; a missing required
// component shown beside the checklist and in the error summary; Form 02 for missing papers;
// Form 03 for a request outside scope; the returns screen at a point with Form 07.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, until, vnDateTime, login, DEMO_PASSWORD, TEST_CLOCK } from './lib/browser.mjs';

const HK_POINT = '001.01.50.H26';
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

const active = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { id: a.id, tag: a.tagName, type: a.type || '', name: a.name || '', text: (a.textContent || '').trim().slice(0, 60) };
});

/** Presses Tab until the focused element satisfies pred (at most n times). */
async function tabTo(page, pred, what, n = 60) {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    const a = await active(page);
    if (pred(a)) return a;
  }
  throw new Error(`Tab never reached ${what}`);
}

test('intake at the counter with the keyboard only: code <point>-<yymmdd>-NNNN, Form 01, status received', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    // The receiver's navigation offers the counter screens, and the feedback routed to the point.
    assert.deepEqual(await page.$$eval('#nav a', (as) => as.map((a) => a.textContent)),
      ['Tra cứu thủ tục', 'Tiếp nhận tại quầy', 'Hồ sơ trực tuyến', 'Hồ sơ cần xử lý', 'Trả kết quả', 'Xác thực công dân', 'Tìm hồ sơ', 'Phản ánh, kiến nghị']);
    // The session is an HttpOnly cookie: scripts see a CSRF token, never the session token.
    const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('motcua.session')));
    assert.equal(typeof stored.csrf, 'string');
    assert.equal(stored.token, undefined);
    assert.equal(await page.evaluate(() => document.cookie), '');
    await go(page, srv.base, '#/tiep-nhan');
    assert.equal(await page.textContent('h1'), 'Tiếp nhận hồ sơ tại quầy');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');

    // 1. The procedure: Tab to the search, type without diacritics, Tab to the results, Space.
    await tabTo(page, (a) => a.id === 'q', 'the search');
    await page.keyboard.type('dang ky khai sinh');
    await until(async () => (await page.getAttribute('#procedures', 'data-query')) === 'dang ky khai sinh', 'search results');
    const first = await page.$eval('#procedures input', (i) => i.value);
    assert.equal(first, '1.001193');
    await page.keyboard.press('Tab');
    assert.equal((await active(page)).id, 'proc-1.001193');
    await page.keyboard.press('Space');
    await until(async () => (await page.getAttribute('#main', 'data-procedure')) === '1.001193', 'the checklist');
    assert.match(await page.textContent('#chosen'), /Thủ tục đã chọn: Thủ tục đăng ký khai sinh/);

    // 2. The checklist: required components are marked; tick each required one with Space.
    const p = (await srv.request('GET', '/api/v1/procedures/1.001193')).json;
    // The counter's papers only: the e-form tp08 belongs to online submissions (issue 19.7).
    p.components = p.components.filter((c) => c.channels.includes('counter'));
    assert.equal(await page.$('#comp-tp08'), null);
    const items = await page.$$eval('#components .choice', (cs) => cs.map((c) => ({ id: c.querySelector('input').id, tags: [...c.querySelectorAll('.tag')].map((t) => t.textContent) })));
    // Required papers first (issue 19.3), then the "Nếu có" ones, collapsed.
    const ordered = [...p.components.filter((c) => c.required), ...p.components.filter((c) => !c.required)];
    assert.deepEqual(items.map((x) => x.id), ordered.map((c) => `comp-${c.id}`));
    ordered.forEach((c, i) => assert.equal(items[i].tags[0], c.required ? 'Bắt buộc' : 'Nếu có'));
    const required = p.components.filter((c) => c.required).map((c) => `comp-${c.id}`);
    assert.deepEqual(required, ['comp-tp04', 'comp-tp06', 'comp-tp07']);
    await page.keyboard.press('Tab');
    for (let a = await active(page); a.id.startsWith('comp-'); a = await active(page)) {
      if (required.includes(a.id)) await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
    }
    assert.deepEqual(await page.$$eval('#components input:checked', (is) => is.map((i) => i.id)), required);

    // 3. The applicant: kind (a person, already chosen), name, ID number with its live hint.
    await tabTo(page, (a) => a.id === 'applicant-name', 'the name');
    await page.keyboard.type('Phạm Minh Khoa');
    await page.keyboard.press('Tab');
    assert.equal((await active(page)).id, 'applicant-id_number');
    await page.keyboard.type('00109');
    assert.equal(await page.textContent('#applicant-id_number-live'), 'Số định danh cá nhân gồm 12 chữ số (đã nhập 5)');
    await page.keyboard.type('5006789');
    assert.equal(await page.textContent('#applicant-id_number-live'), 'Số định danh đúng định dạng');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0987654321');

    // 4. The commune that decides defaults to the point's own (UBND phường Hoàn Kiếm); the result
    // comes back at this point. Tab on to "Tiếp nhận" and press Enter.
    assert.equal(await page.$eval('#resolver_unit', (s) => s.value), HK_PC);
    assert.equal(await page.$$eval('#resolver_unit option', (os) => os.filter((o) => o.value).length), 126);
    assert.equal(await page.$eval('#return_unit', (s) => s.value), HK_POINT);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'intake');
    await tabTo(page, (a) => a.id === 'receive', 'Tiếp nhận');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#intake-result');
    const code = await page.textContent('#result-code');
    const yymmdd = TEST_CLOCK.slice(2, 10).replace(/-/g, ''); // the server's day
    assert.match(code, new RegExp(`^${HK_POINT.replace(/\./g, '\\.')}-${yymmdd}-\\d{4}$`));
    // The Form 01 link has the focus: Enter opens it for printing.
    assert.equal((await active(page)).id, 'form-link');
    assert.equal(await page.getAttribute('#form-link', 'href'), `/api/v1/dossiers/${code}/forms/01.pdf`);
    const pdf = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type'), (await r.text()).slice(0, 5)]; }, `/api/v1/dossiers/${code}/forms/01.pdf`);
    assert.deepEqual(pdf, [200, 'application/pdf', '%PDF-']);
    const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    const d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token })).json;
    assert.equal(d.status, 'received');
    assert.equal(d.applicant.name, 'Phạm Minh Khoa');
    assert.equal(d.applicant.id_number, '001095006789');
    assert.equal(d.applicant.phone, '0987654321');
    assert.equal(d.resolver_unit, HK_PC);
    assert.deepEqual(d.components.filter((c) => c.provided).map((c) => c.id), ['tp04', 'tp06', 'tp07']);
    assert.equal(await page.textContent('#result-due'), vnDateTime(d.due_at));
    assert.equal(await page.textContent('#result-secret'), d.tracking_secret);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'intake-done');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('intake fits a counter screen (1366×768): two columns, the action bar stays visible, required papers first, optional collapsed, the fee shown (issue 19.3)', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await go(page, srv.base, '#/tiep-nhan');
    await page.fill('#q', 'khai sinh');
    await until(async () => (await page.getAttribute('#procedures', 'data-query')) === 'khai sinh', 'search results');
    await page.check('[id="proc-1.001193"]');
    await until(async () => (await page.getAttribute('#main', 'data-procedure')) === '1.001193', 'the checklist');
    const p = (await srv.request('GET', '/api/v1/procedures/1.001193')).json;
    assert.equal(p.fee_vnd, 0);
    assert.equal(await page.textContent('#intake-fee'), 'Không mất phí');
    const optional = p.components.filter((c) => !c.required).map((c) => `comp-${c.id}`);
    assert.deepEqual(await page.$$eval('#optional-components input[type=checkbox]', (is) => is.map((i) => i.id)), optional);
    assert.equal(await page.getAttribute('#optional-components', 'open'), null);
    assert.equal(await page.isVisible(`#${optional[0]}`), false);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`intake at 1366×768: ${height} px tall`);
    assert.ok(height < 2000, `${height} px`);
    // The applicant's part sits beside the papers, not under them.
    const [left, right] = await page.evaluate(() => ['#components', '#applicant-name'].map((q) => document.querySelector(q).getBoundingClientRect().left));
    assert.ok(right > left + 400, `${left} / ${right}`);
    // The action bar is in view at the top of the form and after scrolling.
    for (const y of [0, 400]) {
      await page.evaluate((yy) => window.scrollTo(0, yy), y);
      const r = await page.evaluate(() => { const b = document.getElementById('receive').getBoundingClientRect(); return [b.top, b.bottom]; });
      assert.ok(r[0] >= 0 && r[1] <= 768, `receive at ${r} after scrolling to ${y}`);
    }
    await page.fill('#applicant-name', 'Đỗ Thị Lan');
    await page.fill('#applicant-id_number', '001190054321');
    assert.deepEqual(await axe(page), []);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'intake-counter-screen');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

/** Picks a procedure on the intake screen and fills the applicant (mouse and fill: not the keyboard test). */
async function startIntake(page, q, code, applicant = ['Đỗ Thị Lan', '001190054321']) {
  await go(page, srv.base, '#/tiep-nhan');
  await page.fill('#q', q);
  await until(async () => (await page.getAttribute('#procedures', 'data-query')) === q, 'search results');
  await page.check(`[id="proc-${code}"]`);
  await until(async () => (await page.getAttribute('#main', 'data-procedure')) === code, 'the checklist');
  await page.fill('#applicant-name', applicant[0]);
  await page.fill('#applicant-id_number', applicant[1]);
}

test('intake with a required component missing: the API\'s message beside the checklist and in the summary; then Form 02', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await startIntake(page, 'khai sinh', '1.001193');
    await page.check('#comp-tp04');
    await page.check('#comp-tp06');
    // tp07 (the declaration) is required to submit and not ticked; the ID number is malformed too.
    await page.fill('#applicant-id_number', '99919005432');
    assert.equal(await page.textContent('#applicant-id_number-live'), 'Số định danh cá nhân gồm 12 chữ số (đã nhập 11)');
    const before = (await srv.request('GET', `/api/v1/dossiers?receiving_unit=${HK_POINT}&limit=500`, { token: await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD) })).json.items.length;
    await page.click('#receive');
    await page.waitForSelector('.error-summary:not([hidden])');
    const p = (await srv.request('GET', '/api/v1/procedures/1.001193')).json;
    const tp07 = p.components.find((c) => c.id === 'tp07').name;
    const summary = await page.$$eval('.error-summary li', (ls) => ls.map((l) => [l.textContent, l.querySelector('a')?.getAttribute('href')]));
    assert.deepEqual(summary, [
      ['Số định danh cá nhân phải gồm 12 chữ số', '#applicant-id_number'],
      [`Thiếu thành phần hồ sơ bắt buộc: ${tp07}`, '#comp-tp07'],
    ]);
    // Beside the checklist, and the component itself is marked.
    assert.equal(await page.textContent('#components-error'), `Lỗi: Thiếu thành phần hồ sơ bắt buộc: ${tp07}`);
    assert.equal(await page.getAttribute('#comp-tp07', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#comp-tp07', 'aria-describedby'), /components-error/);
    assert.equal(await page.$$eval('.choice--error input', (is) => is.map((i) => i.id).join()), 'comp-tp07');
    assert.equal(await page.textContent('#applicant-id_number-error'), 'Lỗi: Số định danh cá nhân phải gồm 12 chữ số');
    // What was typed stays; the summary's link moves the focus to the component.
    assert.equal(await page.inputValue('#applicant-name'), 'Đỗ Thị Lan');
    assert.equal(await page.isChecked('#comp-tp04'), true);
    await page.click('.error-summary a[href="#comp-tp07"]');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'comp-tp07');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'intake-error');
    // Nothing was created.
    const after = (await srv.request('GET', `/api/v1/dossiers?receiving_unit=${HK_POINT}&limit=500`, { token: await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD) })).json.items.length;
    assert.equal(after, before);

    // The applicant lacks the declaration: Form 02 instead, listing it as missing.
    await page.fill('#applicant-id_number', '001190054321');
    await page.click('#guidance');
    assert.deepEqual(await page.$$eval('#missing input:checked', (is) => is.map((i) => i.value)), ['tp07']);
    await page.fill('#guidance-note', 'Mang tờ khai theo mẫu');
    await page.click('button:has-text("Lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)")');
    await page.waitForSelector('#intake-result');
    const number = await page.textContent('#result-number');
    assert.match(number, new RegExp(`^${HK_POINT.replace(/\./g, '\\.')}-\\d{6}-PBS-\\d{4}$`));
    assert.equal(await page.textContent('#intake-result h2'), 'Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
    const href = await page.getAttribute('#form-link', 'href');
    assert.equal(href, `/api/v1/intake-guidance/${number}/form.pdf`);
    const pdf = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, href);
    assert.deepEqual(pdf, [200, 'application/pdf']);
    assert.deepEqual(page.problems.filter((x) => !/422/.test(x)), []);
  } finally {
    await context.close();
  }
});

test('error summary: every line names its field and links to it, no two alike (issue 19.5)', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await startIntake(page, 'giám hộ', '1.004837', ['', '']);
    await page.click('#receive');
    await page.waitForSelector('.error-summary:not([hidden])');
    const lines = await page.$$eval('.error-summary li', (ls) => ls.map((l) => [l.textContent, l.querySelector('a')?.getAttribute('href') || null]));
    // All errors in one round (issue 19.3): the empty fields and the paper required to submit.
    const tp07 = (await srv.request('GET', '/api/v1/procedures/1.004837')).json.components.find((c) => c.id === 'tp07').name;
    assert.deepEqual(lines, [
      ['Họ và tên (tên tổ chức): không được để trống', '#applicant-name'],
      ['Số định danh cá nhân: không được để trống', '#applicant-id_number'],
      [`Thiếu thành phần hồ sơ bắt buộc: ${tp07}`, '#comp-tp07'],
    ]);
    assert.equal(new Set(lines.map((l) => l[0])).size, lines.length, `identical lines: ${JSON.stringify(lines)}`);
    for (const [text, href] of lines) {
      assert.ok(href, `no link: ${text}`);
      assert.ok(await page.$(href), `no field ${href}`);
    }
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((p) => !/422/.test(p)), []);
  } finally {
    await context.close();
  }
});

test('receive and transfer in one keystroke (counter Ctrl+Enter, online desk c); several received dossiers transferred at once (issue 19.2)', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    const proc = await login(srv.request, 'xuly.hoankiem', DEMO_PASSWORD);
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await startIntake(page, 'giám hộ', '1.004837', ['Lê Văn Tú', '001190077777']);
    await page.check('#comp-tp02');
    await page.check('#comp-tp07');
    await page.focus('#applicant-name');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#intake-result');
    assert.equal(await page.textContent('#intake-result h2'), 'Đã tiếp nhận và chuyển xử lý hồ sơ');
    assert.equal(await page.textContent('#result-transfer'), 'Đã chuyển đến cơ quan giải quyết');
    const code = await page.textContent('#result-code');
    // At the processor's step without anyone opening the dossier's page.
    const d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token: proc })).json;
    assert.deepEqual([d.status, d.current_step.index, d.current_step.role, d.current_step.unit], ['processing', 1, 'processor', HK_PC]);
    const hist = (await srv.request('GET', `/api/v1/dossiers/${code}/history`, { token })).json.items.map((e) => e.action);
    assert.deepEqual(hist, ['intake', 'transfer']);

    // Two received at the counter, not sent on: both listed under the result, sent on at once.
    const made = [];
    for (const [name, id] of [['Phan Thị Mai', '001190066661'], ['Trịnh Văn Long', '001190066662']]) {
      const r = await srv.request('POST', '/api/v1/dossiers', { token, body: {
        procedure: '1.004837', channel: 'counter', resolver_unit: HK_PC,
        applicant: { kind: 'person', name, id_number: id, address: 'Hoàn Kiếm' },
        components: [{ id: 'tp02', provided: true }, { id: 'tp07', provided: true }] } });
      assert.equal(r.status, 201, r.text);
      made.push(r.json.code);
    }
    await page.click('#intake-result button:has-text("Tiếp nhận hồ sơ khác")');
    await startIntake(page, 'giám hộ', '1.004837', ['Lê Văn Tú', '001190077778']);
    await page.check('#comp-tp02');
    await page.check('#comp-tp07');
    await page.click('#receive'); // plain receive: it waits in the batch list too
    await page.waitForSelector('#batch-table');
    const third = await page.textContent('#result-code');
    const listed = await page.$$eval('#batch-table tbody tr', (trs) => trs.map((tr) => tr.dataset.code));
    for (const c of [...made, third]) assert.ok(listed.includes(c), `${c} not listed: ${listed}`);
    assert.ok(!listed.includes(code), 'the transferred one is not listed');
    for (const c of [...made, third]) await page.check(`[id="batch-${c}"]`);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'intake-batch-transfer');
    await page.click('#batch-transfer');
    await until(async () => (await page.textContent('#batch-status')) === 'Đã chuyển xử lý 3 hồ sơ.', 'batch done');
    for (const c of [...made, third]) assert.equal((await srv.request('GET', `/api/v1/dossiers/${c}`, { token: proc })).json.status, 'processing', c);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }

  // The online desk: "c" receives and transfers the selected dossier.
  const citizen = await login(srv.request, '001190012345', DEMO_PASSWORD);
  const sub = await srv.request('POST', '/api/v1/dossiers', { token: citizen, body: {
    procedure: '1.004837', channel: 'online', resolver_unit: HK_PC,
    applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345', address: 'Số 1 Tràng Tiền, Hoàn Kiếm', phone: '0912345678' },
    components: [{ id: 'tp02', provided: true }, { id: 'tp06', provided: true }] } });
  assert.equal(sub.status, 201, sub.text);
  const online = sub.json.code;
  const desk = await login(srv.request, 'tiepnhan.trungtam', DEMO_PASSWORD);
  assert.equal((await srv.request('GET', `/api/v1/dossiers/${online}`, { token: desk })).status, 200, 'the Center desk sees it');
  const { context: c2, page: p2 } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    await uiLogin(p2, srv.base, 'tiepnhan.trungtam');
    await go(p2, srv.base, '#/truc-tuyen');
    await p2.click(`#online tr[data-code="${online}"] td:nth-child(2)`);
    await until(async () => (await p2.textContent('#detail-title').catch(() => '')) === `Hồ sơ ${online}`, 'selected');
    assert.deepEqual(await p2.$$eval('#desk-detail button[data-action]', (bs) => bs.map((b) => [b.dataset.action, b.dataset.key])).then((x) => x.slice(0, 2)),
      [['receive', 'n'], ['receive-transfer', 'c']]);
    await p2.keyboard.press('c');
    await until(async () => /^Đã tiếp nhận và chuyển xử lý hồ sơ /.test(await p2.textContent('#desk-notice').catch(() => '')), 'received and transferred');
    const d = (await srv.request('GET', `/api/v1/dossiers/${online}`, { token: desk })).json;
    assert.equal(d.status, 'processing');
    const hist = (await srv.request('GET', `/api/v1/dossiers/${online}/history`, { token: desk })).json.items.map((e) => e.action);
    assert.deepEqual(hist, ['submit', 'receive', 'transfer']);
    assert.deepEqual(await axe(p2), []);
    assert.deepEqual(p2.problems, []);
  } finally {
    await c2.close();
  }
});

test('intake with scans: each chosen file ticks its component, is uploaded for the applicant, and the dossier is digitized', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await startIntake(page, 'khai sinh', '1.001193', ['Vũ Thị Mai', '001190067890']);
    const p = (await srv.request('GET', '/api/v1/procedures/1.001193')).json;
    p.components = p.components.filter((c) => c.channels.includes('counter')); // not the online e-form
    const required = p.components.filter((c) => c.required);
    // Components only shown (not handed in) have nothing to scan.
    const ordered = [...required, ...p.components.filter((c) => !c.required)]; // required first
    assert.deepEqual(await page.$$eval('.scan__input', (is) => is.map((i) => i.id)),
      ordered.filter((c) => c.submit_or_present !== 'present').map((c) => `comp-${c.id}-scan`));
    // A file that is not a PDF, JPEG or PNG: the server's 415 beside the checklist; nothing created.
    const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    for (const c of required) {
      if (c.submit_or_present === 'present') await page.check(`[id="comp-${c.id}"]`);
      else await page.setInputFiles(`[id="comp-${c.id}-scan"]`, { name: `${c.id}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes });
    }
    const scanned = required.filter((c) => c.submit_or_present !== 'present');
    assert.ok(scanned.length >= 2);
    for (const c of scanned) assert.equal(await page.isChecked(`[id="comp-${c.id}"]`), true);
    await page.setInputFiles(`[id="comp-${scanned[0].id}-scan"]`, { name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('không phải bản quét') });
    await page.click('#receive');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.match(await page.textContent('#components-error'), /^Lỗi: Ghi-chu\.txt: /i);
    assert.equal(await page.$('#intake-result'), null);
    // The right file: received, each scan a document of the applicant on its component.
    await page.setInputFiles(`[id="comp-${scanned[0].id}-scan"]`, { name: `${scanned[0].id}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes });
    await page.click('#receive');
    await page.waitForSelector('#intake-result');
    const code = await page.textContent('#result-code');
    const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    const d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token })).json;
    assert.deepEqual(d.components.filter((c) => c.document).map((c) => c.id), scanned.map((c) => c.id));
    assert.equal(d.digitized, true);
    for (const c of d.components.filter((x) => x.document)) {
      const r = await fetch(`${srv.base}/api/v1/documents/${c.document}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200);
      assert.deepEqual(Buffer.from(await r.arrayBuffer()), pdfBytes);
    }
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/ 415 /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('a request outside scope: "Từ chối" gives Form 03 and no dossier', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await startIntake(page, 'khai sinh', '1.001193', ['Vũ Văn Hải', '001088012345']);
    await page.click('#refusal');
    await page.fill('#refusal-reason', 'Việc khai sinh đã được đăng ký tại nơi khác');
    await page.click('button:has-text("Lập Phiếu từ chối tiếp nhận (Mẫu 03)")');
    await page.waitForSelector('#intake-result');
    const number = await page.textContent('#result-number');
    assert.match(number, /-PTC-\d{4}$/);
    const href = await page.getAttribute('#form-link', 'href');
    assert.equal(href, `/api/v1/intake-refusals/${number}/form.pdf`);
    const pdf = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, href);
    assert.deepEqual(pdf, [200, 'application/pdf']);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('returns at Hoàn Kiếm (1366×768): only results to return here; a search/QR box filters; the ID number shows; "Trả kết quả" asks, then returns; Form 07', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    // A result to send by post: received here, decided by UBND phường Hoàn Kiếm.
    const tok = async (u) => login(srv.request, u, DEMO_PASSWORD);
    const act = async (code, action, who, body = {}) => {
      const r = await srv.request('POST', `/api/v1/dossiers/${code}/${action}`, { token: await tok(who), body });
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    const made = await srv.request('POST', '/api/v1/dossiers', { token, body: {
      procedure: '1.004837', channel: 'counter', resolver_unit: HK_PC, return_channel: 'post',
      applicant: { kind: 'person', name: 'Đặng Thu Hà', id_number: '001196045678', address: 'Số 5 Hàng Bài, Hoàn Kiếm' },
      components: [{ id: 'tp02', provided: true }, { id: 'tp07', provided: true }] } });
    assert.equal(made.status, 201, made.text);
    const postCode = made.json.code;
    await act(postCode, 'transfer', 'tiepnhan.hoankiem');
    await act(postCode, 'complete-step', 'xuly.hoankiem');
    await act(postCode, 'decide', 'lanhdao.hoankiem', { outcome: 'approved', result: { number: 'GH/99', title: 'Trích lục' } });
    const ready = (await srv.request('GET', '/api/v1/dossiers?status=ready_for_return&limit=500', { token })).json.items;
    const here = ready.filter((d) => d.return_unit === HK_POINT && d.return_channel === 'counter');
    assert.ok(here.length >= 1);
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await go(page, srv.base, '#/tra-ket-qua');
    assert.equal(await page.textContent('h1'), 'Trả kết quả');
    const rows = await page.$$eval('#returns tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[0]).sort(), [...here.map((d) => d.code), postCode].sort());
    // The one going by post is recorded as posted.
    assert.equal(await page.textContent(`#returns button[data-code="${postCode}"]`), `Ghi nhận đã gửi bưu chính hồ sơ ${postCode}`);
    // Every row's button fits on one line at 1366 px.
    const heights = await page.$$eval('#returns button[data-code]', (bs) => bs.map((b) => [b.scrollWidth <= b.clientWidth, b.getClientRects().length, Math.round(b.getBoundingClientRect().height)]));
    for (const [fits, boxes, hgt] of heights) assert.ok(fits && boxes === 1 && hgt < 40, `button wraps: ${hgt}px`);
    // The search box: a code's tail, an ID number, a name without diacritics, a scanned QR URL.
    const tail = postCode.slice(-11);
    await page.fill('#returns-q', tail);
    assert.deepEqual(await page.$$eval('#returns tbody tr:not([hidden])', (trs) => trs.map((tr) => tr.dataset.code)), [postCode]);
    assert.equal(await page.textContent('#returns-count'), `1 trong ${rows.length} hồ sơ khớp với nội dung tìm`);
    await page.fill('#returns-q', 'dang thu ha');
    assert.deepEqual(await page.$$eval('#returns tbody tr:not([hidden])', (trs) => trs.map((tr) => tr.dataset.code)), [postCode]);
    await page.fill('#returns-q', '001196045678');
    assert.deepEqual(await page.$$eval('#returns tbody tr:not([hidden])', (trs) => trs.map((tr) => tr.dataset.code)), [postCode]);
    assert.equal(await page.textContent(`#returns tr[data-code="${postCode}"] td:nth-child(4)`), '001196045678');
    await page.fill('#returns-q', '');
    await page.type('#returns-q', `${srv.base}/track/${postCode}?s=ABCDEFGHJK&sig=x`);
    await page.keyboard.press('Enter'); // a scanner ends with Enter: the only match's button takes the focus
    assert.equal(await page.evaluate(() => document.activeElement.dataset.code), postCode);
    // Enter asks first (nothing is returned yet), with the tracking number of the posting focused;
    // Escape cancels.
    await page.keyboard.press('Enter');
    assert.match(await page.textContent(`#returns tr[data-code="${postCode}"] .confirm__text`), /^Ghi nhận đã gửi bưu chính cho Đặng Thu Hà \(số định danh 001196045678\)\?$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), `tracking-${postCode}`);
    assert.equal(await page.textContent(`label[for="tracking-${postCode}"]`), 'Số hiệu bưu gửi');
    assert.equal((await srv.request('GET', `/api/v1/dossiers/${postCode}`, { token })).json.status, 'ready_for_return');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'returns-confirm');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.code), postCode);
    // Without the tracking number the row says so and waits; with it, Enter records the posting.
    await page.keyboard.press('Enter');
    await page.click(`#returns tr[data-code="${postCode}"] .confirm__yes`);
    assert.equal(await page.textContent('.notice[role=alert]'), `Nhập số hiệu bưu gửi của hồ sơ ${postCode} trước khi ghi nhận đã gửi.`);
    assert.equal(await page.evaluate(() => document.activeElement.id), `tracking-${postCode}`);
    assert.equal((await srv.request('GET', `/api/v1/dossiers/${postCode}`, { token })).json.status, 'ready_for_return');
    await page.type(`[id="tracking-${postCode}"]`, 'EB123456789VN');
    await page.keyboard.press('Enter');
    await until(async () => (await page.$(`#returns tr[data-code="${postCode}"]`)) === null, 'posted row gone');
    assert.match(await page.textContent('.notice[role=status]'), /^Đã ghi nhận gửi bưu chính kết quả hồ sơ /);
    const posted = (await srv.request('GET', `/api/v1/dossiers/${postCode}`, { token })).json;
    assert.deepEqual([posted.status, posted.returned_channel], ['returned', 'post']);
    assert.deepEqual(posted.postal, { address: 'Số 5 Hàng Bài, Hoàn Kiếm', tracking_number: 'EB123456789VN' });
    const d0 = here[0];
    const r0 = rows.find((r) => r[0] === d0.code);
    assert.deepEqual(r0.slice(1, 7), [d0.procedure.name, d0.applicant.name, d0.applicant.id_number, `Có kết quả (số ${d0.result.number})`, vnDateTime(d0.decided_at), 'Tại điểm phục vụ']);
    await page.fill('#returns-q', '');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'returns');
    // Form 07 of the point: to print (PDF) and as spreadsheets.
    for (const [id, type] of [['#book-pdf', 'application/pdf'], ['#book-xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], ['#book-csv', 'text/csv']]) {
      const href = await page.getAttribute(id, 'href');
      assert.match(href, new RegExp(`^/api/v1/reports/tracking-book\\.(pdf|xlsx|csv)\\?unit=${HK_POINT.replace(/\./g, '\\.')}$`));
      const got = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, href);
      assert.equal(got[0], 200);
      assert.ok(got[1].startsWith(type), got[1]);
    }
    // Keyboard (outside the search box): j to the first row's button and Enter.
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.code), (await page.$$eval('#returns button[data-code]', (bs) => bs.map((b) => b.dataset.code)))[0]);
    await page.focus(`#returns button[data-code="${d0.code}"]`);
    await page.keyboard.press('Enter');
    await page.click(`#returns button[data-confirm="${d0.code}"]`);
    await until(async () => (await page.$(`#returns tr[data-code="${d0.code}"]`)) === null, 'row gone');
    assert.match(await page.textContent('.notice[role=status]'), new RegExp(`^Đã trả kết quả hồ sơ ${d0.code.replace(/\./g, '\\.')} lúc \\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}\\.$`));
    const after = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token })).json;
    assert.equal(after.status, 'returned');
    assert.equal(after.returned_unit, HK_POINT);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
