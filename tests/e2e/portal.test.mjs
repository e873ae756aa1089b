// The national portal sync on the managers' dashboard (docs/portal.md), in a real browser against
// the real server: a receiver started by this test stands in for the portal, acknowledging the
// first dossier's message and refusing the second's until the retry limit; the Hoàn Kiếm unit
// manager's dashboard then shows one dossier not synced, of which one failed; axe-clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startDemoServer, launch, newPage, go, uiLogin, axe, login, until, DEMO_PASSWORD } from './lib/browser.mjs';

let srv;
let browser;
let portal;
let acknowledge = true;
before(async () => {
  portal = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(acknowledge ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(acknowledge ? { id: body.id, receipt: 'DVC-1' } : { error: 'down' }));
    });
  });
  await new Promise((resolve) => portal.listen(0, '127.0.0.1', resolve));
  srv = await startDemoServer({
    dossiers: false,
    args: ['--webhook-allow', '127.0.0.1/32', '--webhook-attempts', '1', '--portal-url',
      `http://127.0.0.1:${portal.address().port}/sync`, '--portal-agency', '000.00.01.H26'],
  });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  portal.close();
});

const intake = {
  procedure: '1.004837',
  applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345', phone: '0912345678', address: 'Số 1 Tràng Tiền, Hoàn Kiếm' },
  resolver_unit: '001.00.50.H26',
  channel: 'counter',
  components: [{ id: 'tp02', provided: true }, { id: 'tp07', provided: true }],
};

test('dashboard: dossiers not yet synced to the national portal, and how many failed', async () => {
  const receiver = await login(srv.request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const manager = await login(srv.request, 'quanly.hoankiem', DEMO_PASSWORD);
  const summary = async () => (await srv.request('GET', '/api/v1/portal/summary', { token: manager })).json;
  let r = await srv.request('POST', '/api/v1/dossiers', { token: receiver, body: intake });
  assert.equal(r.status, 201);
  await until(async () => (await summary()).acknowledged === 1, 'the first acknowledged');
  acknowledge = false;
  r = await srv.request('POST', '/api/v1/dossiers', { token: receiver, body: intake });
  assert.equal(r.status, 201);
  await until(async () => (await summary()).failed === 1, 'the second failed');
  assert.deepEqual(await summary(), { configured: true, pending: 0, acknowledged: 1, failed: 1 });

  const { context, page } = await newPage(browser, srv.base);
  try {
    await uiLogin(page, srv.base, 'quanly.hoankiem');
    await go(page, srv.base, '#/bang-dieu-khien');
    const stat = '[data-stat="portal_unsynced"]';
    assert.equal(await page.textContent(`${stat} .stat__label`), 'Chưa đồng bộ lên Cổng Dịch vụ công quốc gia');
    assert.equal(await page.textContent(`${stat} .stat__value`), '1trong đó gửi lỗi: 1');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
