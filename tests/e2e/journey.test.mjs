// The main journey of UI.md as one browser test, on a server with a test clock (26/11/2026 09:00,
// Thursday) and the demo accounts: a citizen submits 1.004837 (Đăng ký giám hộ) online for UBND
// phường Hoàn Kiếm with the result at Điểm phục vụ phường Cửa Nam → the Center desk receives and
// transfers → the Hoàn Kiếm processor completes step 1 → the Hoàn Kiếm leader decides with a result
// → the Cửa Nam receiver returns it → the citizen tracks it on /track/{code}?s= and rates it.
// Each person has their own browser context; only the admin's clock moves go through the API.
// Every screen visited runs axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, until, login, DEMO_PASSWORD, ADMIN_PASSWORD } from './lib/browser.mjs';

const CITIZEN = '001190012345';
const CENTER = '000.00.01.H26';
const HK_PC = '001.00.50.H26';
const CN_POINT = '002.01.50.H26';
const PROCEDURE = '1.004837';
const PNAME = 'Thủ tục đăng ký giám hộ';

let srv;
let browser;
let admin;
before(async () => {
  srv = await startDemoServer({ dossiers: false, clock: '2026-11-26T09:00:00+07:00' });
  browser = await launch();
  admin = await login(srv.request, 'admin', ADMIN_PASSWORD);
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

async function setClock(now) {
  const r = await srv.request('POST', '/api/v1/test/clock', { token: admin, body: { now } });
  assert.equal(r.status, 200, `clock ${now}: ${r.text}`);
}

/** A 1-page PDF, made here (no fixture file). */
function pdf() {
  return Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj '
    + '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
}

const dl = (page, sel = '.summary-list') => page.$$eval(`${sel} > div`, (ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));

/** Opens the dossier page as the person of `page` and returns the offered actions (data-action). */
async function openDossier(page, code) {
  await go(page, srv.base, `#/ho-so/${code}`);
  return page.$$eval('.actions button[data-action]', (bs) => bs.map((b) => b.dataset.action));
}

/** Clicks an action (filling its form, if any) and waits for the new status. */
async function act(page, action, status, fill) {
  await page.click(`.actions button[data-action="${action}"]`);
  if (fill) {
    await page.waitForSelector('form.action-form');
    await fill();
    await page.click('form.action-form button[type=submit]');
  }
  await until(async () => (await page.getAttribute('#main > div:last-child', 'data-status')) === status, `${action} → ${status}`);
  return page.textContent('[role=status].notice');
}

const statusTag = (page) => page.textContent('#main .tags .tag');

test('online submission → receive and transfer → step 1 → decision → return at another point → tracking and rating', async () => {
  const people = {};
  const open = async (who, opts) => {
    const p = await newPage(browser, srv.base, opts);
    people[who] = p;
    return p.page;
  };
  try {
    // 1. The citizen submits online (Thursday 26/11/2026 09:00).
    const citizen = await open('citizen');
    await uiLogin(citizen, srv.base, CITIZEN);
    await go(citizen, srv.base, `#/thu-tuc/${PROCEDURE}`);
    assert.equal(await citizen.textContent('h1'), PNAME);
    assert.deepEqual(await axe(citizen), []);
    await citizen.click('#submit-online');
    await citizen.waitForFunction(() => document.getElementById('main').dataset.step === 'applicant');
    await citizen.fill('#applicant-phone', '0912345678');
    await citizen.click('#next');
    await citizen.waitForFunction(() => document.getElementById('main').dataset.step === 'components');
    await citizen.setInputFiles('#file-tp06', { name: 'to-khai-giam-ho.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await until(async () => (await citizen.getAttribute('#file-tp06-status', 'data-document')) !== '', 'upload tp06');
    assert.deepEqual(await axe(citizen), []);
    await citizen.click('#next');
    await citizen.waitForFunction(() => document.getElementById('main').dataset.step === 'resolver');
    await citizen.selectOption('#resolver_unit', HK_PC);
    await citizen.click('#next');
    await citizen.waitForFunction(() => document.getElementById('main').dataset.step === 'return');
    await citizen.check('#return_channel-counter');
    await citizen.selectOption('#return_unit', CN_POINT);
    assert.deepEqual(await axe(citizen), []);
    await citizen.click('#next');
    await citizen.waitForFunction(() => document.getElementById('main').dataset.step === 'review');
    const review = await citizen.$$eval('#review > div', (ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
    assert.equal(review['Thủ tục'], PNAME);
    assert.match(review['UBND xã, phường giải quyết'], /^UBND phường Hoàn Kiếm/);
    assert.match(review['Nhận kết quả'], /^Tại điểm phục vụ tại Điểm phục vụ hành chính công phường Cửa Nam/);
    assert.deepEqual(await axe(citizen), []);
    await citizen.click('#next');
    await citizen.waitForSelector('#submit-result');
    const code = await citizen.textContent('#result-code');
    // The Center receives every online dossier: its code, the date of the test clock, a sequence.
    assert.match(code, /^000\.00\.01\.H26-261126-\d{4}$/);
    const secret = await citizen.textContent('#result-secret');
    assert.match(secret, /^[A-Z0-9]{8,}$/);
    assert.deepEqual(await axe(citizen), []);
    await screenshot(citizen, 'journey-1-submitted');
    const citizenToken = await login(srv.request, CITIZEN, DEMO_PASSWORD);
    let d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token: citizenToken })).json;
    assert.equal(d.status, 'submitted');
    assert.equal(d.receiving_unit, CENTER);
    assert.equal(d.resolver_unit, HK_PC);
    assert.equal(d.return_unit, CN_POINT);
    assert.equal(d.submitted_at, '2026-11-26T09:00:00+07:00');

    // 2. The Center desk receives it at 09:30 and transfers it to the commune (allowed_actions).
    await setClock('2026-11-26T09:30:00+07:00');
    const desk = await open('desk');
    assert.equal(await uiLogin(desk, srv.base, 'tiepnhan.trungtam'), '#/truc-tuyen'); // the desk's first screen
    await go(desk, srv.base, '#/ho-so');
    await until(async () => (await desk.$(`#dossiers tr[data-code="${code}"]`)), 'the desk inbox lists the dossier');
    assert.equal(await desk.textContent(`#dossiers tr[data-code="${code}"] td:nth-child(4)`), 'Đã nộp trực tuyến, chờ tiếp nhận');
    // The online desk: the dossier waiting, its uploaded paper viewed in the page, then received
    // with the keyboard (n); Form 01 is offered.
    await desk.click('#nav a[href="#/truc-tuyen"]');
    await go(desk, srv.base, '#/truc-tuyen');
    assert.equal(await desk.textContent('#desk-count'), '1 hồ sơ chờ tiếp nhận');
    const deskRow = await desk.$$eval(`#online tr[data-code="${code}"] td`, (tds) => tds.map((t) => t.textContent));
    assert.deepEqual([deskRow[0], deskRow[1], deskRow[2], deskRow[3], deskRow[5]], [code, PNAME, 'Nguyễn Thị Hằng', '26/11/2026 09:00', 'UBND phường Hoàn Kiếm']);
    await desk.waitForSelector('#desk-detail [data-component="tp06"] button');
    assert.deepEqual(await desk.$$eval('#desk-detail button[data-action]', (bs) => bs.map((b) => b.dataset.action)), ['receive', 'receive-transfer', 'request-completion', 'refuse']);
    await desk.click('#desk-detail [data-component="tp06"] button');
    await desk.waitForSelector('#doc-tp06 iframe');
    assert.equal(await desk.getAttribute('#doc-tp06', 'data-type'), 'application/pdf');
    assert.match(await desk.getAttribute('#doc-tp06 iframe', 'src'), /^blob:/);
    assert.deepEqual(await axe(desk), []);
    await screenshot(desk, 'online-desk');
    await desk.focus(`#online tr[data-code="${code}"]`);
    await desk.keyboard.press('n');
    await desk.waitForSelector('#desk-notice .notice');
    assert.ok((await desk.textContent('#desk-notice .notice')).startsWith(`Đã tiếp nhận hồ sơ ${code}; hạn giải quyết 01/12/2026 09:30. In Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)`));
    assert.equal(await desk.textContent('#desk-count'), 'Không có hồ sơ trực tuyến nào chờ tiếp nhận.');
    const form01 = await desk.getAttribute('#desk-form-link', 'href');
    assert.deepEqual(await desk.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, form01), [200, 'application/pdf']);
    let offered = await openDossier(desk, code);
    assert.equal(await statusTag(desk), 'Đã tiếp nhận');
    const facts = await dl(desk);
    assert.equal(facts['Ngày tiếp nhận'], '26/11/2026 09:30');
    // 3 working days from Thursday 09:30: Friday, Monday, Tuesday 09:30.
    assert.equal(facts['Hạn giải quyết'], '01/12/2026 09:30');
    offered = await desk.$$eval('.actions button[data-action]', (bs) => bs.map((b) => b.dataset.action));
    assert.deepEqual(offered.sort(), ['stop', 'transfer']);
    assert.equal(await act(desk, 'transfer', 'processing'), 'Đã thực hiện “Chuyển xử lý”. Trạng thái hồ sơ: Đang giải quyết.');
    assert.equal(await statusTag(desk), 'Đang giải quyết');
    assert.deepEqual(await axe(desk), []);
    await screenshot(desk, 'journey-2-received');

    // 3. The Hoàn Kiếm processor completes step 1 (Friday 27/11 10:00) from the inbox.
    await setClock('2026-11-27T10:00:00+07:00');
    const processor = await open('processor');
    await uiLogin(processor, srv.base, 'xuly.hoankiem');
    // "Việc của tôi": the dossier at the processor's step, due Tuesday 09:30, on track on Friday.
    const row = await until(async () => processor.$$eval(`#mine tr[data-code="${code}"] td`, (tds) => tds.map((t) => t.textContent)), 'processor inbox row');
    const step1 = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token: admin })).json.steps[0].name;
    assert.deepEqual(row.slice(1), [PNAME, `1. ${step1}`, '01/12/2026 09:30', 'Trong hạn']);
    assert.deepEqual(await axe(processor), []);
    offered = await openDossier(processor, code);
    assert.ok(offered.includes('complete-step'), offered.join());
    assert.ok(!offered.includes('decide'), 'the processor may not decide');
    assert.ok(!offered.includes('return'));
    assert.equal(await act(processor, 'complete-step', 'processing', () => processor.fill('[id="complete-step-note"]', 'Hồ sơ đủ điều kiện')),
      'Đã thực hiện “Hoàn thành bước”. Trạng thái hồ sơ: Đang giải quyết.');
    assert.equal(await processor.textContent('#steps tbody tr:first-child td:nth-child(8)'), '27/11/2026 10:00');
    // The Form 06 trail: the desk handed it to the commune, step 1 handed it on, with its timeliness.
    const api1 = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token: admin })).json;
    const trail = await processor.$$eval('#trail tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    assert.deepEqual(trail, [
      ['Trung tâm Phục vụ hành chính công thành phố Hà Nội (bộ phận tiếp nhận và trả kết quả)', 'UBND phường Hoàn Kiếm', '26/11/2026 09:30', '', 'Chuyển xử lý'],
      ['UBND phường Hoàn Kiếm', 'UBND phường Hoàn Kiếm', '27/11/2026 10:00', { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' }[api1.steps[0].timeliness], `Xong bước 1: ${api1.steps[0].name}`],
    ]);
    assert.deepEqual(await processor.$$eval('#forms a', (as) => as.map((a) => a.id)), ['form-01', 'form-06']);
    const form06 = await processor.getAttribute('#form-06', 'href');
    assert.deepEqual(await processor.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type')]; }, form06), [200, 'application/pdf']);
    // The citizen's paper, viewed in the page.
    await processor.click('[data-component="tp06"] button');
    await processor.waitForSelector('#doc-tp06 iframe');
    assert.equal(await processor.getAttribute('#doc-tp06', 'data-type'), 'application/pdf');
    assert.deepEqual(await axe(processor), []);

    // 4. The leader decides (Monday 30/11 10:00): approved, with the result's number and title.
    await setClock('2026-11-30T10:00:00+07:00');
    const leader = await open('leader');
    await uiLogin(leader, srv.base, 'lanhdao.hoankiem');
    offered = await openDossier(leader, code);
    assert.ok(offered.includes('decide'), offered.join());
    assert.ok(!offered.includes('complete-step'));
    await leader.click('.actions button[data-action="decide"]');
    await leader.waitForSelector('form.action-form');
    assert.deepEqual(await axe(leader), []);
    // Nothing is chosen beforehand (issue 19.11): the leader picks the outcome.
    assert.deepEqual(await leader.$$eval('[name="decide-outcome"]', (is) => is.map((i) => [i.value, i.checked, i.className])), [['approved', false, 'choice__input'], ['denied', false, 'choice__input']]);
    await leader.check('#decide-outcome-approved');
    await leader.fill('[id="decide-result.number"]', '125/QĐ-UBND');
    await leader.fill('[id="decide-result.title"]', 'Quyết định công nhận việc giám hộ');
    await leader.setInputFiles('[id="decide-result.document"]', { name: 'quyet-dinh-125.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await screenshot(leader, 'journey-3-decide');
    await leader.click('form.action-form button[type=submit]');
    await until(async () => (await leader.getAttribute('#main > div:last-child', 'data-status')) === 'ready_for_return', 'decided');
    assert.equal(await leader.textContent('[role=status].notice'), 'Đã thực hiện “Quyết định”. Trạng thái hồ sơ: Đã có kết quả, chờ trả.');
    const decided = await dl(leader);
    assert.equal(decided['Kết quả giải quyết'], 'Có kết quả ngày 30/11/2026 10:00, văn bản số 125/QĐ-UBND');
    assert.equal(decided['Tiến độ'], 'Trước hạn');
    assert.deepEqual(await axe(leader), []);

    // 5. The Cửa Nam receiver returns it on the Returns screen (Monday 30/11 15:00); the Center
    //    desk may not (the return unit is not theirs).
    await setClock('2026-11-30T15:00:00+07:00');
    offered = await openDossier(desk, code);
    assert.ok(!offered.includes('return'), 'the Center desk does not cover Cửa Nam');
    const cuanam = await open('cuanam');
    await uiLogin(cuanam, srv.base, 'tiepnhan.cuanam');
    await go(cuanam, srv.base, '#/tra-ket-qua');
    const ret = await cuanam.$$eval(`#returns tr[data-code="${code}"] td`, (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(ret.slice(0, 6), [code, PNAME, 'Nguyễn Thị Hằng', '001190012345', 'Có kết quả (số 125/QĐ-UBND)', '30/11/2026 10:00']);
    assert.deepEqual(await axe(cuanam), []);
    await screenshot(cuanam, 'journey-4-returns');
    await cuanam.click(`#returns button[data-code="${code}"]`);
    await cuanam.click(`#returns button[data-confirm="${code}"]`); // returning asks first
    await until(async () => (await cuanam.$(`#returns tr[data-code="${code}"]`)) === null, 'row gone');
    assert.equal(await cuanam.textContent('[role=status].notice'), `Đã trả kết quả hồ sơ ${code} lúc 30/11/2026 15:00.`);

    // 6. The citizen tracks it on a phone (/track/{code}?s=, the address of Form 01's QR).
    const phone = await open('phone', { viewport: { width: 375, height: 740 } });
    const missing = [];
    phone.on('response', (res) => { if (res.status() === 404) missing.push(new URL(res.url()).pathname); });
    await phone.goto(`${srv.base}/track/${code}?s=${secret}`);
    const track = await phone.$$eval('#facts dt', (dts) => Object.fromEntries(dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    assert.deepEqual(track, {
      'Mã hồ sơ': code,
      'Thủ tục': PNAME,
      'Người nộp': 'N*** T** H***',
      'Trạng thái': 'Đã trả kết quả',
      'Ngày tiếp nhận': '26/11/2026 09:30',
      'Hẹn trả kết quả': '01/12/2026 09:30',
      'Tiến độ giải quyết': 'Trước hạn',
      'Ngày trả kết quả': '30/11/2026 15:00',
    });
    // The timeline: submitted, received, both steps with their timeliness, returned.
    const api6 = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token: admin })).json;
    const TL = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
    const timeline = await phone.$$eval('.timeline li', (ls) => ls.map((l) => [l.dataset.state, l.textContent]));
    assert.deepEqual(timeline, [
      ['done', 'Nộp hồ sơ trực tuyến 26/11/2026 09:00'],
      ['done', 'Tiếp nhận hồ sơ 26/11/2026 09:30'],
      ['done', `Bước 1: ${api6.steps[0].name} 27/11/2026 10:00 · ${TL[api6.steps[0].timeliness]}`],
      ['done', `Bước 2: ${api6.steps[1].name} 30/11/2026 10:00 · ${TL[api6.steps[1].timeliness]}`],
      ['done', 'Trả kết quả 30/11/2026 15:00'],
    ]);
    const [sw, cw] = await phone.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(sw <= cw, `tracking page scrollWidth ${sw} > ${cw}`);
    assert.deepEqual(await axe(phone), []);
    await screenshot(phone, 'journey-5-track');

    // 7. … and rates it there, once: "Rất hài lòng" with a comment. Sending nothing chosen first
    //    shows the error beside the choices.
    await phone.click('#rating-form button[type=submit]');
    assert.equal(await phone.textContent('#score-error'), 'Lỗi: Chọn một mức độ hài lòng');
    await phone.check('#score-very_satisfied');
    await phone.fill('#comment', 'Cán bộ hướng dẫn tận tình');
    await phone.click('#rating-form button[type=submit]');
    await phone.waitForSelector('#rating-done');
    assert.equal(await phone.textContent('#rating-done'), 'Cảm ơn bạn. Bạn đã đánh giá: Rất hài lòng');
    assert.deepEqual(await axe(phone), []);
    await phone.reload();
    assert.equal(await phone.textContent('#rating-done'), 'Bạn đã đánh giá: Rất hài lòng');
    assert.equal(await phone.$('#rating-form'), null);
    // My dossiers shows the same rating and offers no second one.
    await go(citizen, srv.base, '#/ho-so');
    await citizen.waitForFunction(() => document.getElementById('main').dataset.loaded === 'true');
    const card = `li[data-code="${code}"]`;
    assert.match((await dl(citizen, `${card} .summary-list`))['Trạng thái'], /^Đã trả kết quả/);
    assert.equal(await citizen.textContent(`${card} .rating`), 'Bạn đã đánh giá: Rất hài lòng');
    assert.deepEqual(await axe(citizen), []);

    // The final state, as the API tells it.
    d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token: citizenToken })).json;
    assert.equal(d.status, 'returned');
    assert.equal(d.timeliness, 'early');
    assert.equal(d.decision, 'approved');
    assert.deepEqual({ number: d.result.number, title: d.result.title }, { number: '125/QĐ-UBND', title: 'Quyết định công nhận việc giám hộ' });
    // The electronic result the leader attached is the citizen's document.
    assert.equal(d.electronic_result, true);
    const res = await fetch(`${srv.base}/api/v1/documents/${d.result.document}`, { headers: { Authorization: `Bearer ${citizenToken}` } });
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf());
    assert.equal(d.received_at, '2026-11-26T09:30:00+07:00');
    assert.equal(d.due_at, '2026-12-01T09:30:00+07:00');
    assert.equal(d.decided_at, '2026-11-30T10:00:00+07:00');
    assert.equal(d.returned_at, '2026-11-30T15:00:00+07:00');
    assert.equal(typeof d.rating === 'string' ? d.rating : d.rating.score, 'very_satisfied');
    const history = (await srv.request('GET', `/api/v1/dossiers/${code}/history`, { token: citizenToken })).json.items.map((e) => e.action);
    assert.deepEqual(history.filter((a) => a !== 'rate'), ['submit', 'receive', 'transfer', 'complete-step', 'decide', 'return']);
    // No request of the tracking page failed (it names its icon, so the browser asks no /favicon.ico).
    assert.deepEqual(missing, []);
    for (const [who, p] of Object.entries(people)) assert.deepEqual(p.page.problems, [], who);
  } finally {
    for (const p of Object.values(people)) await p.context.close();
  }
});
