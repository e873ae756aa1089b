// Staff screens in a real browser against the real server (init + demo): the login page's error
// pattern, the inbox of a processor, a receiver's transfer, an action not offered to a processor,
// keyboard use, axe-core and the screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, until, vnDateTime, login, DEMO_PASSWORD, TEST_CLOCK } from './lib/browser.mjs';

const HK_PC = '001.00.50.H26';
const CN_POINT = '002.01.50.H26';
const STATUS = {
  submitted: 'Đã nộp trực tuyến, chờ tiếp nhận', needs_completion: 'Cần bổ sung, hoàn thiện hồ sơ', received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết', awaiting_supplement: 'Chờ bổ sung hồ sơ', ready_for_return: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả', stopped: 'Đã dừng giải quyết', refused: 'Từ chối tiếp nhận',
};

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

const dl = (page) => page.$$eval('.summary-list > div', (ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));

test('login: a wrong password shows the Vietnamese error beside the field and in the error summary', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/dang-nhap');
    // Empty form: both fields, in order, each linked.
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')])),
      [['Nhập tên đăng nhập', '#username'], ['Nhập mật khẩu', '#password']]);
    assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary');

    await page.fill('#username', 'xuly.hoankiem');
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit]');
    await until(async () => (await page.$$eval('.error-summary a', (as) => as.length)) === 1, 'one error');
    // The API's detail_vi for 401, beside the password field and in the summary that links to it.
    assert.equal(await page.textContent('.error-summary h2'), 'Có lỗi cần sửa');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')])),
      [['Sai tên đăng nhập hoặc mật khẩu', '#password']]);
    assert.equal(await page.textContent('#password-error'), 'Lỗi: Sai tên đăng nhập hoặc mật khẩu');
    assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#password', 'aria-describedby'), /password-error/);
    assert.equal(await page.isHidden('#username-error'), true);
    assert.equal(await page.inputValue('#username'), 'xuly.hoankiem', 'what was typed stays');
    await page.click('.error-summary a');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    assert.equal(new URL(page.url()).hash, '#/dang-nhap', 'the summary link does not change the route');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'login');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(page.problems.filter((p) => !/401/.test(p)), []);
  } finally {
    await context.close();
  }
});

test('inbox: the processor of UBND phường Hoàn Kiếm sees its dossiers with dd/mm/yyyy dates; keyboard j/k/Enter', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const token = await login(srv.request, 'xuly.hoankiem', DEMO_PASSWORD);
    const api = (await srv.request('GET', '/api/v1/dossiers?limit=500', { token })).json.items;
    assert.ok(api.filter((d) => d.resolver_unit === HK_PC).length >= 6);
    await uiLogin(page, srv.base, 'xuly.hoankiem');
    assert.equal(await page.textContent('h1'), 'Hồ sơ cần xử lý');
    assert.match(await page.textContent('#nav'), /Hoàng Văn Bình \(Cán bộ xử lý\)/);
    // "Việc của tôi" first: only the dossiers at the processor's step, soonest due first, each
    // marked on track / at risk / overdue / paused.
    const dueOf = (d) => (d.extended && d.extended.new_due_at) || d.due_at;
    const mine = api.filter((d) => ['received', 'processing', 'awaiting_supplement'].includes(d.status) && d.current_step
      && d.current_step.role === 'processor' && d.current_step.unit === HK_PC)
      .sort((a, b) => Date.parse(dueOf(a)) - Date.parse(dueOf(b)) || (a.code < b.code ? -1 : 1));
    assert.ok(mine.length >= 1, 'the demo puts a dossier at this step');
    const nowMine = Date.parse(TEST_CLOCK); // the server's clock
    const progress = (d) => (d.paused ? 'Tạm dừng, chờ bổ sung' : d.overdue ? 'Quá hạn'
      : Date.parse(dueOf(d)) - nowMine <= 24 * 3600e3 ? 'Sắp đến hạn' : 'Trong hạn');
    const mineRows = await page.$$eval('#mine tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(mineRows, mine.map((d) => [d.code, d.procedure.name, `${d.current_step.index}. ${d.current_step.name}`, vnDateTime(dueOf(d)),
      `${progress(d)}${d.extended ? ' Đã gia hạn' : ''}`]));
    assert.ok(mine.every((d) => d.resolver_unit === HK_PC));
    assert.equal(await page.getAttribute('.views a[aria-current="page"]', 'data-view'), 'mine');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'inbox-mine');
    // "Tất cả hồ sơ": every visible dossier.
    await page.click('.views a[data-view="all"]');
    await page.waitForFunction(() => document.body.dataset.ready === '#/ho-so?view=all' && !document.getElementById('main').hasAttribute('aria-busy'));
    const rows = await page.$$eval('#dossiers tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.equal(rows.length, api.length);
    const now = Date.parse(TEST_CLOCK);
    api.forEach((d, i) => {
      const due = (d.extended && d.extended.new_due_at) || d.due_at;
      const open = ['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement'].includes(d.status);
      const marks = [d.paused ? 'Tạm dừng' : '', open && !d.paused && due && Date.parse(due) < now ? 'Quá hạn' : '', d.extended ? 'Đã gia hạn' : ''].join('');
      assert.deepEqual(rows[i], [d.code, d.procedure.name, d.applicant.name, STATUS[d.status], due ? vnDateTime(due) : 'Chưa có', marks], d.code);
    });
    // Every dossier resolved by UBND phường Hoàn Kiếm is listed, and the dates read dd/mm/yyyy HH:mm.
    for (const d of api.filter((x) => x.resolver_unit === HK_PC)) assert.ok(rows.some((r) => r[0] === d.code), d.code);
    assert.ok(rows.filter((r) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/.test(r[4])).length >= 6);
    const paused = api.find((d) => d.status === 'awaiting_supplement');
    assert.equal(rows.find((r) => r[0] === paused.code)[5], 'Tạm dừng');
    const late = api.find((d) => d.status === 'processing' && Date.parse(d.due_at) < now);
    if (late) assert.equal(rows.find((r) => r[0] === late.code)[5], 'Quá hạn');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'inbox');

    // Keyboard only: j twice, k once → the second row; Enter opens it.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.code), api[1].code);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.code), api[2].code);
    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so/${c}`, api[2].code);
    assert.equal(await page.textContent('h1'), `Hồ sơ ${api[2].code}`);
    await page.keyboard.press('u');
    await page.waitForFunction(() => document.body.dataset.ready === '#/ho-so');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('dossier: a receiver at Cửa Nam transfers a received dossier; the processor is not offered "Chuyển xử lý"', async () => {
  const recvToken = await login(srv.request, 'tiepnhan.cuanam', DEMO_PASSWORD);
  const procToken = await login(srv.request, 'xuly.cuanam', DEMO_PASSWORD);
  const list = (await srv.request('GET', `/api/v1/dossiers?status=received&receiving_unit=${CN_POINT}`, { token: recvToken })).json.items;
  assert.equal(list.length, 1);
  const d0 = list[0];

  // The processor of UBND phường Cửa Nam sees the dossier but not the action (the API says 403).
  {
    const { context, page } = await newPage(browser, srv.base);
    try {
      await uiLogin(page, srv.base, 'xuly.cuanam');
      await go(page, srv.base, `#/ho-so/${d0.code}`);
      assert.equal(await page.textContent('h1'), `Hồ sơ ${d0.code}`);
      assert.equal(await page.$('button:has-text("Chuyển xử lý")'), null);
      assert.equal(await page.$('#actions-title'), null, 'no action at all on a received dossier');
      const r = await srv.request('POST', `/api/v1/dossiers/${d0.code}/transfer`, { token: procToken, body: {} });
      assert.equal(r.status, 403);
    } finally {
      await context.close();
    }
  }

  const { context, page } = await newPage(browser, srv.base);
  try {
    assert.equal(await uiLogin(page, srv.base, 'tiepnhan.cuanam'), '#/tiep-nhan'); // a point's receiver starts at the counter
    await go(page, srv.base, '#/ho-so');
    await page.click(`#dossiers a:text-is("${d0.code}")`);
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so/${c}`, d0.code);
    const facts = await dl(page);
    assert.equal(facts['Ngày tiếp nhận'], vnDateTime(d0.received_at));
    assert.equal(facts['Hạn giải quyết'], vnDateTime(d0.due_at));
    assert.equal(facts['Nơi tiếp nhận'], 'Điểm phục vụ hành chính công phường Cửa Nam');
    assert.equal(facts['Cơ quan giải quyết'], 'UBND phường Cửa Nam');
    assert.equal(facts['Thời hạn giải quyết'], '3 ngày làm việc');
    assert.equal(await page.textContent('.tags .tag'), 'Đã tiếp nhận');
    const buttons = await page.$$eval('.actions button', (bs) => bs.map((b) => b.dataset.action));
    assert.deepEqual(buttons, ['transfer', 'stop']);
    assert.deepEqual(await axe(page), []);

    await page.click('button:has-text("Chuyển xử lý")');
    await until(async () => (await page.getAttribute('#main > div:last-child', 'data-status')) === 'processing', 'processing');
    assert.equal(await page.textContent('[role=status]'), 'Đã thực hiện “Chuyển xử lý”. Trạng thái hồ sơ: Đang giải quyết.');
    assert.equal(await page.textContent('.tags .tag'), 'Đang giải quyết');
    const after = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token: recvToken })).json;
    assert.equal(after.status, 'processing');
    // Steps with dates and timeliness words; the history's last event is the transfer.
    const steps = await page.$$eval('#steps tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(steps[0].slice(5), [vnDateTime(after.steps[0].started_at), vnDateTime(after.steps[0].due_at), '', 'Đang xử lý', '']);
    assert.equal(steps[1][8], 'Chưa đến bước này');
    const hist = await page.$$eval('#history tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(hist.map((r) => r[1]), ['Tiếp nhận tại quầy', 'Chuyển xử lý']);
    // The history names people, not accounts.
    const apiHist = (await srv.request('GET', `/api/v1/dossiers/${d0.code}/history`, { token: recvToken })).json.items;
    assert.deepEqual([apiHist[1].actor, apiHist[1].actor_name], ['tiepnhan.cuanam', 'Phạm Đức Anh']);
    assert.deepEqual(hist[1].slice(2), ['Phạm Đức Anh', 'Điểm phục vụ hành chính công phường Cửa Nam', 'Đã tiếp nhận → Đang giải quyết']);
    // "Thông báo đã gửi": the SMS of the reception to the applicant's phone (masked), not sent
    // because this server has no SMS gateway configured: the page shows what the API says.
    const apiNotes = (await srv.request('GET', `/api/v1/dossiers/${d0.code}/notifications`, { token: recvToken })).json.items;
    assert.deepEqual(apiNotes.map((n) => [n.channel, n.recipient, n.event, n.state]), [['sms', '09****5678', 'received', 'skipped']]);
    const notes = await page.$$eval('#notifications tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(notes.map((r) => r.slice(1, 6)), [['SMS', '09****5678', 'Tiếp nhận', 'Chưa cấu hình kênh gửi', '0']]);
    // The receiver has nothing more but stop now.
    assert.deepEqual(await page.$$eval('.actions button', (bs) => bs.map((b) => b.dataset.action)), ['stop']);
    await screenshot(page, 'dossier');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }

  // Now at step 1, the processor is offered its step's actions (and still not "Chuyển xử lý").
  const { context: c2, page: p2 } = await newPage(browser, srv.base);
  try {
    await uiLogin(p2, srv.base, 'xuly.cuanam');
    await go(p2, srv.base, `#/ho-so/${d0.code}`);
    assert.deepEqual(await p2.$$eval('.actions button', (bs) => bs.map((b) => b.textContent)), ['Hoàn thành bước h', 'Yêu cầu bổ sung b']);
    // Keyboard: "h" opens the step form, typing a note and Enter... the note is a textarea, so submit with its button.
    await p2.keyboard.press('h');
    assert.equal(await p2.evaluate(() => document.activeElement.id), 'complete-step-note');
    await p2.keyboard.type('Hồ sơ hợp lệ');
    await p2.keyboard.press('Tab');
    await p2.keyboard.press('Enter');
    await until(async () => /Hoàn thành bước/.test(await p2.textContent('[role=status]').catch(() => '')), 'step done');
    const now = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token: procToken })).json;
    assert.equal(now.current_step.index, 2);
    assert.deepEqual(p2.problems, []);
  } finally {
    await c2.close();
  }

  // Issue 19, item 4: the approver sees the processor's note beside the step it closed.
  const { context: c3, page: p3 } = await newPage(browser, srv.base);
  try {
    await uiLogin(p3, srv.base, 'lanhdao.cuanam');
    await go(p3, srv.base, `#/ho-so/${d0.code}`);
    const done = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token: procToken })).json;
    const notes = await p3.$$eval('#steps tbody tr', (trs) => trs.map((tr) => tr.cells[9].textContent));
    assert.deepEqual(notes, [`Hồ sơ hợp lệBùi Minh Tuấn, ${vnDateTime(done.steps[0].done_at)}`, '']);
    assert.deepEqual(await axe(p3), []);
    await screenshot(p3, 'dossier-step-note');
    assert.deepEqual(p3.problems, []);
  } finally {
    await c3.close();
  }
});

test('send back (key l) and parallel opinions: the approver returns the dossier to step 1, the processor asks Hoàn Kiếm, which answers', async () => {
  const token = await login(srv.request, 'xuly.cuanam', DEMO_PASSWORD);
  const list = (await srv.request('GET', '/api/v1/dossiers?status=processing&resolver_unit=002.00.50.H26&limit=500', { token })).json.items;
  const d0 = list.find((x) => x.current_step && x.current_step.index === 2);
  assert.ok(d0, 'a Cửa Nam dossier at its approver step');
  {
    const { context, page } = await newPage(browser, srv.base);
    try {
      await uiLogin(page, srv.base, 'lanhdao.cuanam');
      await go(page, srv.base, `#/ho-so/${d0.code}`);
      assert.ok((await page.$$eval('.actions button', (bs) => bs.map((b) => b.dataset.action))).includes('send-back'));
      await page.keyboard.press('l');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'send-back-to_step');
      await page.keyboard.type('1');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Dự thảo kết quả ghi sai ngày sinh');
      await page.keyboard.press('Enter');
      await until(async () => /Trả lại bước trước/.test(await page.textContent('[role=status]').catch(() => '')), 'sent back');
      const now = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token })).json;
      assert.equal(now.current_step.index, 1);
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
  {
    const { context, page } = await newPage(browser, srv.base);
    try {
      await uiLogin(page, srv.base, 'xuly.cuanam');
      await go(page, srv.base, `#/ho-so/${d0.code}`);
      await page.fill('#opinion-units', `${HK_PC} 2`);
      await page.fill('#opinion-question', 'Xác minh nơi cư trú');
      await page.click('button:has-text("Gửi xin ý kiến")');
      await until(async () => /Đã gửi xin ý kiến/.test(await page.textContent('[role=status]').catch(() => '')), 'asked');
      const rows = await page.$$eval('section[aria-labelledby=opinions-title] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.equal(rows.length, 1);
      assert.equal(rows[0][1], 'UBND phường Hoàn Kiếm');
      assert.equal(rows[0][3], 'Chưa trả lời');
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
  {
    const { context, page } = await newPage(browser, srv.base);
    try {
      await uiLogin(page, srv.base, 'xuly.hoankiem');
      await go(page, srv.base, `#/ho-so/${d0.code}`);
      const d = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token })).json;
      const id = d.opinions[0].id;
      await page.check(`#opinion-${id}-agree-yes`);
      await page.fill(`#opinion-${id}-text`, 'Người được giám hộ cư trú tại phường Hoàn Kiếm');
      await page.click('button:has-text("Gửi trả lời")');
      await until(async () => /Đã gửi ý kiến trả lời/.test(await page.textContent('[role=status]').catch(() => '')), 'answered');
      const after = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token })).json;
      assert.deepEqual([after.opinions[0].agree, after.opinions[0].answered_by, after.opinions[0].timeliness], [true, 'xuly.hoankiem', 'on_time']);
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(page.problems, []);
    } finally {
      await context.close();
    }
  }
});

test('supplement at the counter: the receiver records the papers the applicant brought (key s), the clock runs again', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const token = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    const all = (await srv.request('GET', '/api/v1/dossiers?status=awaiting_supplement&limit=500', { token })).json.items;
    const d0 = all.find((d) => d.receiving_unit === '001.01.50.H26');
    assert.ok(d0, 'the demo has a dossier waiting for a supplement at Hoàn Kiếm');
    await uiLogin(page, srv.base, 'tiepnhan.hoankiem');
    await go(page, srv.base, `#/ho-so/${d0.code}`);
    assert.deepEqual(await page.$$eval('.actions button[data-action]', (bs) => bs.map((b) => b.dataset.action)).then((a) => a.sort()), ['stop', 'supplement']);
    await page.keyboard.press('s');
    await page.waitForSelector('form.action-form .supplement-item');
    // Nothing chosen: the summary says what to do, nothing is sent.
    await page.click('form.action-form button[type=submit]');
    await page.waitForSelector('form.action-form .error-summary:not([hidden])');
    assert.equal(await page.textContent('form.action-form .error-summary li'), 'Chọn ít nhất một giấy tờ người nộp đã bổ sung');
    assert.deepEqual(await axe(page), []);
    // A scan of the first component.
    const comp = (await srv.request('GET', `/api/v1/procedures/${d0.procedure.code}`)).json.components[0];
    const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await page.setInputFiles(`[id="supplement-comp-${comp.id}"]`, { name: 'bo-sung.pdf', mimeType: 'application/pdf', buffer: pdfBytes });
    assert.equal(await page.isChecked(`[id="supplement-comp-${comp.id}-given"]`), true);
    await page.click('form.action-form button[type=submit]');
    await until(async () => (await page.getAttribute('#main > div:last-child', 'data-status')) === 'processing', 'processing again');
    assert.equal(await page.textContent('[role=status].notice'), 'Đã thực hiện “Nhận hồ sơ bổ sung”. Trạng thái hồ sơ: Đang giải quyết.');
    const after = (await srv.request('GET', `/api/v1/dossiers/${d0.code}`, { token })).json;
    assert.equal(after.status, 'processing');
    assert.equal(after.paused, null);
    const c = after.components.find((x) => x.id === comp.id);
    assert.deepEqual([c.provided, typeof c.document], [true, 'string']);
    const hist = (await srv.request('GET', `/api/v1/dossiers/${d0.code}/history`, { token })).json.items;
    assert.deepEqual([hist.at(-1).action, hist.at(-1).actor], ['supplement', 'tiepnhan.hoankiem']);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('the next task one keystroke away: after completing a step, Enter opens the next dossier at my step', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const token = await login(srv.request, 'xuly.hoankiem', DEMO_PASSWORD);
    await uiLogin(page, srv.base, 'xuly.hoankiem');
    const codes = await page.$$eval('#mine tbody tr', (trs) => trs.map((tr) => tr.dataset.code));
    assert.ok(codes.length >= 2, 'two dossiers at this step in the demo');
    await page.focus(`#mine tr[data-code="${codes[0]}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so/${c}`, codes[0]);
    await page.keyboard.press('h'); // "Hoàn thành bước"
    await page.waitForSelector('form.action-form');
    await page.fill('[id="complete-step-note"]', 'Đủ điều kiện');
    await page.click('form.action-form button[type=submit]');
    await page.waitForSelector('#next-task');
    assert.equal(await page.textContent('#next-task'), `Mở hồ sơ tiếp theo: ${codes[1]}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'next-task');
    await page.keyboard.press('Enter');
    await page.waitForFunction((c) => document.body.dataset.ready === `#/ho-so/${c}`, codes[1]);
    const done = (await srv.request('GET', `/api/v1/dossiers/${codes[0]}`, { token })).json;
    assert.equal(done.current_step.index, 2);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
