// Citizen pages in a real browser against the real server (init + demo): search as you type
// without diacritics, the procedure page, the service points, tracking, a 375 px phone, axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer, launch, newPage, go, axe, screenshot, until, sourceDir, login, DEMO_PASSWORD, ADMIN_PASSWORD } from './lib/browser.mjs';

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

test('home: searching "dang ky khai sinh" without diacritics finds the birth registration', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/');
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    await page.fill('#q', 'dang ky khai sinh');
    await until(async () => (await page.getAttribute('.results', 'data-query')) === 'dang ky khai sinh', 'search results');
    const names = await page.$$eval('.results li a', (as) => as.map((a) => a.textContent));
    assert.ok(names.includes('Thủ tục đăng ký khai sinh'), names.join(' | '));
    assert.match(await page.textContent('[role=status]'), /^Tìm thấy \d+\+? thủ tục cho “dang ky khai sinh”$/);
    // The typed search is kept in the address (Back returns to it).
    assert.equal(new URL(page.url()).hash, '#/?q=dang%20ky%20khai%20sinh');
    // The service points: 126, from GET /api/v1/units?kind=service_point.
    await until(async () => /126/.test(await page.textContent('details summary')), 'service points');
    assert.equal(await page.textContent('details summary'), 'Danh sách 126 điểm phục vụ hành chính công');
    assert.ok((await page.$$eval('.points li', (l) => l.map((x) => x.firstChild.textContent))).includes('Điểm phục vụ hành chính công phường Hoàn Kiếm'));
    // The demo's queue at Hoàn Kiếm shows beside the point, as GET /queues counts it.
    const hk = (await srv.request('GET', '/api/v1/queues')).json.items.find((q) => q.point === '001.01.50.H26');
    await until(async () => (await page.$$eval('.points li', (l) => l.map((x) => x.textContent))).includes(`Điểm phục vụ hành chính công phường Hoàn Kiếm — ${hk.waiting} người đang chờ`), 'queue beside the point');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'home');
    // Opening the result goes to the procedure page.
    await page.click('.results a:text-is("Thủ tục đăng ký khai sinh")');
    await page.waitForFunction(() => document.body.dataset.ready === '#/thu-tuc/1.001193');
    assert.equal(await page.textContent('h1'), 'Thủ tục đăng ký khai sinh');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('home: the most used procedures, and the live queue length at the points that have a queue', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const admin = await login(srv.request, 'admin', ADMIN_PASSWORD);
    const all = (await srv.request('GET', '/api/v1/dossiers?limit=500', { token: admin })).json.items;
    const counts = new Map();
    for (const d of all) counts.set(d.procedure.code, (counts.get(d.procedure.code) || 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 6).map(([c]) => c);
    // Three people wait at the Ba Đình point; one of them is called to counter 1.
    const badinh = await login(srv.request, 'tiepnhan.badinh', DEMO_PASSWORD);
    for (let i = 0; i < 3; i++) {
      assert.equal((await srv.request('POST', '/api/v1/points/003.01.50.H26/tickets', { token: badinh, body: {} })).status, 201);
    }
    assert.equal((await srv.request('POST', '/api/v1/points/003.01.50.H26/counters/1/call-next', { token: badinh })).status, 200);
    await go(page, srv.base, '#/');
    await until(async () => (await page.$$('#queues li')).length > 0, 'queues');
    assert.equal(await page.textContent('#queues li[data-point="003.01.50.H26"] .queues__waiting'), '2 người đang chờ');
    assert.equal(await page.textContent('#queues li[data-point="003.01.50.H26"] .queues__name'), 'Điểm phục vụ hành chính công phường Ba Đình');
    assert.match(await page.textContent('#queues-status'), /^Cập nhật lúc \d{2}:\d{2}, tự làm mới sau mỗi 20 giây\.$/);
    // The most used procedures link to their pages, in the order of the dossiers' count.
    const hrefs = await page.$$eval('#popular li a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, top.map((c) => `#/thu-tuc/${c}`));
    assert.equal(await page.isVisible('#popular'), true);
    // Searching hides them; clearing the search shows them again.
    await page.fill('#q', 'khai sinh');
    await until(async () => (await page.getAttribute('.results', 'data-query')) === 'khai sinh', 'search');
    assert.equal(await page.isVisible('#popular'), false);
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('procedure page: code, field, level, time limit in words, fee, components, steps', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/thu-tuc/1.001193');
    assert.equal(await page.title(), 'Thủ tục đăng ký khai sinh — Trung tâm PVHCC Hà Nội');
    const facts = await page.$$eval('.summary-list > div', (ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
    assert.equal(facts['Mã thủ tục'], '1.001193');
    assert.equal(facts['Lĩnh vực'], 'Hộ tịch');
    assert.equal(facts['Cấp thực hiện'], 'Cấp xã');
    assert.equal(facts['Cơ quan giải quyết'], 'UBND xã, phường nơi người nộp lựa chọn');
    assert.match(facts['Thời hạn giải quyết'], /^Trong ngày/);
    assert.equal(facts['Phí, lệ phí'], 'Không mất phí');
    assert.equal(facts['Kết quả'], 'Giấy khai sinh');
    // Components, exactly as the API lists them.
    const p = (await srv.request('GET', '/api/v1/procedures/1.001193')).json;
    const items = await page.$$eval('ol[aria-labelledby=components-title] > li', (ls) => ls.map((l) => ({
      name: l.firstChild.textContent, tags: [...l.querySelectorAll('.tag')].map((t) => t.textContent),
    })));
    assert.equal(items.length, p.components.length);
    const SUB = { submit: 'Nộp', present: 'Xuất trình' };
    const ORI = { original: 'Bản chính', copy: 'Bản sao', either: 'Bản chính hoặc bản sao' };
    p.components.forEach((c, i) => {
      assert.equal(items[i].name, c.name);
      const only = c.channels.length < 3 ? [`Khi nộp ${c.channels.map((x) => ({ counter: 'trực tiếp', online: 'trực tuyến', post: 'qua bưu chính' })[x]).join(', ')}`] : [];
      assert.deepEqual(items[i].tags, [SUB[c.submit_or_present], ORI[c.original_or_copy], `Số lượng: ${c.quantity}`, c.required ? 'Bắt buộc' : 'Nếu có', ...only]);
    });
    assert.deepEqual(items[5].tags, ['Xuất trình', 'Bản chính', 'Số lượng: 1', 'Bắt buộc']); // tp06: the ID paper, shown
    // The declaration: on paper at a counter or by post, the e-form online (issue 19.7).
    assert.deepEqual(items.slice(6).map((x) => x.tags.slice(-2)), [['Bắt buộc', 'Khi nộp trực tiếp, qua bưu chính'], ['Bắt buộc', 'Khi nộp trực tuyến']]);
    const steps = await page.$$eval('ol[aria-labelledby=steps-title] > li', (ls) => ls.map((l) => [l.firstChild.textContent, ...[...l.querySelectorAll('.tag')].map((t) => t.textContent)]));
    assert.deepEqual(steps, [
      ['Công chức Tư pháp - Hộ tịch kiểm tra, thẩm định hồ sơ và dự thảo kết quả', 'Cơ quan giải quyết', 'Xử lý', '1 giờ làm việc'],
      ['Chủ tịch UBND xã/phường ký, phê duyệt kết quả', 'Cơ quan giải quyết', 'Phê duyệt', '1 giờ làm việc'],
    ]);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'procedure');

    // A procedure with working days and a fee: words and "1.234.567 đ" formatting.
    const all = (await srv.request('GET', '/api/v1/procedures?limit=500')).json.items;
    const paid = all.find((x) => x.fee_vnd >= 1000 && x.duration.unit === 'working_days');
    await go(page, srv.base, `#/thu-tuc/${paid.code}`);
    const f2 = await page.$$eval('.summary-list > div', (ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])));
    assert.equal(f2['Thời hạn giải quyết'], `${paid.duration.value} ngày làm việc`);
    assert.equal(f2['Phí, lệ phí'], `${String(paid.fee_vnd).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`);
    assert.match(f2['Phí, lệ phí'], /^\d{1,3}(\.\d{3})+ đ$/);
    const unknownFee = all.find((x) => x.fee_vnd === null);
    await go(page, srv.base, `#/thu-tuc/${unknownFee.code}`);
    assert.equal(await page.textContent('.summary-list div:has(dt:text-is("Phí, lệ phí")) dd'), 'Chưa có thông tin');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('tracking: the form checks its fields and opens /track/{code}?s=', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/');
    await page.click('form.track-form button[type=submit]');
    await page.waitForSelector('.error-summary:not([hidden])');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')])),
      [['Nhập mã hồ sơ', '#track-code'], ['Nhập mã tra cứu', '#track-secret']]);
    assert.equal(await page.textContent('#track-code-error'), 'Lỗi: Nhập mã hồ sơ');
    await page.click('.error-summary a[href="#track-secret"]');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'track-secret');
    // A real dossier's code and secret (as printed on Form 01).
    const tok = (await srv.request('POST', '/api/v1/auth/login', { body: { username: 'tiepnhan.cuanam', password: 'motcua-demo' } })).json.token;
    const d = (await srv.request('GET', '/api/v1/dossiers?status=returned', { token: tok })).json.items[0];
    await page.fill('#track-code', d.code);
    await page.fill('#track-secret', d.tracking_secret.toLowerCase());
    await Promise.all([page.waitForURL(`${srv.base}/track/${d.code}?s=${d.tracking_secret}`), page.click('form.track-form button[type=submit]')]);
    assert.match(await page.textContent('body'), /Đã trả kết quả/);
  } finally {
    await context.close();
  }
});

test('a 375 px phone: home and procedure pages have no horizontal scroll', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 740 } });
  try {
    for (const hash of ['#/', '#/thu-tuc/1.001193', '#/dang-nhap', '#/dang-ky']) {
      await go(page, srv.base, hash);
      if (hash === '#/') await page.click('details summary');
      const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.equal(cw, 375);
      assert.ok(sw <= cw, `${hash}: scrollWidth ${sw} > ${cw}`);
    }
    await go(page, srv.base, '#/');
    await page.fill('#q', 'khai sinh');
    await until(async () => (await page.getAttribute('.results', 'data-query')) === 'khai sinh', 'search results');
    await screenshot(page, 'home-phone');
  } finally {
    await context.close();
  }
});

test('first load of the citizen home: under 150 KB of JavaScript, nothing from outside', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const js = new Map();
    page.on('response', async (res) => {
      if (/javascript/.test(res.headers()['content-type'] || '')) js.set(res.url(), (await res.body()).length);
    });
    await go(page, srv.base, '#/');
    await until(() => [...js.keys()].some((u) => u.endsWith('/ui/pages/home.js')), 'scripts');
    const total = [...js.values()].reduce((a, b) => a + b, 0);
    // Every script is a file of web/ui (no build step): the size on disk is the size served.
    for (const [u, n] of js) assert.equal(n, statSync(path.join(sourceDir, 'web', new URL(u).pathname)).size);
    assert.ok(total < 150 * 1024, `home JavaScript ${total} bytes`);
    console.log(`citizen home: ${js.size} scripts, ${total} bytes of JavaScript`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

/** Bytes the network carried for a navigation (headers and bodies, as received), by URL. */
async function transferred(page, context, url) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const sizes = new Map();
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, [e.response.url, e.response.fromDiskCache || e.response.fromMemoryCache ? 'cache' : e.response.status]));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === '#/' && !document.getElementById('main').hasAttribute('aria-busy'), null, { timeout: 15000 });
  await until(async () => (await page.$$eval('#popular li', (l) => l.length)) > 0 && /126/.test(await page.textContent('details summary')), 'home drawn');
  // Let the last answers finish (every request that started has ended).
  await until(() => [...urls.keys()].every((id) => sizes.has(id)), 'requests finished');
  await cdp.detach();
  return [...sizes.entries()].filter(([id]) => urls.has(id)).map(([id, n]) => [...urls.get(id), n]);
}

test('the home page loads once: compressed, then revalidated (304) on the next visit, under 30 KB (issue 19.10)', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    const first = await transferred(page, context, `${srv.base}/`);
    const firstTotal = first.reduce((a, r) => a + r[2], 0);
    const again = await transferred(page, context, `${srv.base}/`);
    const total = again.reduce((a, r) => a + r[2], 0);
    console.log(`home: first visit ${first.length} requests, ${firstTotal} bytes; repeat ${again.length} requests, ${total} bytes`);
    // Scripts and styles come back as 304 on the repeat visit; every static file (the document and
    // the icon too, which chromium reports with the cached 200) carries headers only, no body.
    const statics = again.filter(([u]) => !new URL(u).pathname.startsWith('/api/'));
    assert.ok(statics.length >= 10, JSON.stringify(again));
    for (const [u, status, n] of statics) {
      if (/\.(js|css)$/.test(u)) assert.ok(status === 304 || status === 'cache', `${u}: ${status}`);
      assert.ok(n < 1024, `${u}: ${n} bytes`);
    }
    const before = new Map(first.map(([u, , n]) => [u, n]));
    assert.ok(before.get(`${srv.base}/ui/pages/home.js`) > 1024, 'the first visit carried the scripts');
    assert.ok(total < 30 * 1024, `repeat visit ${total} bytes: ${JSON.stringify(again)}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test('a search with no hit offers the popular procedures; abbreviations find their procedures (issue 19.10)', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 375, height: 812 } });
  try {
    await go(page, srv.base, '#/');
    await page.fill('#q', 'xyzzy khong co');
    await until(async () => (await page.getAttribute('.results', 'data-query')) === 'xyzzy khong co', 'search results');
    assert.equal(await page.textContent('[role=status]'), 'Không tìm thấy thủ tục nào cho “xyzzy khong co”. Hãy thử từ khác, hoặc chọn một thủ tục được dùng nhiều dưới đây.');
    await until(async () => page.isVisible('#popular'), 'popular shown');
    const popular = (await srv.request('GET', '/api/v1/procedures?order=popular&limit=6')).json.items.map((p) => p.name);
    assert.deepEqual(await page.$$eval('#popular li a', (as) => as.map((a) => a.textContent)), popular);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'home-no-hit');
    for (const [q, name] of [['so do', 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất'], ['bang lai', 'Đổi giấy phép lái xe'], ['CCCD', 'Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên']]) {
      await page.fill('#q', q);
      await until(async () => (await page.getAttribute('.results', 'data-query')) === q, `results for ${q}`);
      assert.ok((await page.$$eval('.results li a', (as) => as.map((a) => a.textContent))).includes(name), q);
      assert.equal(await page.isHidden('#popular'), true);
    }
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
