// Issue 15 item 6: a citizen submits a dossier with a fee online and pays it at once, in a real
// browser, through a payment gateway simulated by this test (an outside system speaking the
// protocol of docs/fees.md: the signed redirect is checked, the payer confirms on the gateway's
// page, the gateway calls motcua's callback server to server, signed, then sends the browser back).
// The citizen lands on the dossier's page, which shows the fee paid and the electronic receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, until, login, DEMO_PASSWORD } from './lib/browser.mjs';

const CITIZEN = '001190012345';
const HK_PC = '001.00.50.H26';
const HK_POINT = '001.01.50.H26';
const PROCEDURE = '1.004222'; // Đăng ký thường trú: 10.000 đ online, 20.000 đ at the counter
const SECRET = 'e2e-gateway-secret-0123456789';
const MERCHANT = 'MOTCUAE2E';

let srv;
let browser;
let gateway;

// The gateway's side: form encoding, the vnp_ parameters sorted by name, HMAC-SHA512.
const formEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const canonical = (params) => Object.keys(params).filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
  .sort().map((k) => `${formEncode(k)}=${formEncode(params[k])}`).join('&');
const sign = (params) => createHmac('sha512', SECRET).update(canonical(params)).digest('hex');

/** The simulated gateway: GET /pay shows the order (after checking motcua's signature), POST /confirm pays it. */
async function startGateway() {
  const g = { orders: new Map(), callbacks: [], refused: [] };
  g.server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://gateway');
    if (req.method === 'GET' && u.pathname === '/pay') {
      const params = Object.fromEntries(u.searchParams);
      const got = Buffer.from(params.vnp_SecureHash || '', 'utf8');
      const want = Buffer.from(sign(params), 'utf8');
      if (got.length !== want.length || !timingSafeEqual(got, want) || params.vnp_TmnCode !== MERCHANT) {
        g.refused.push(params);
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('sai chu ky');
        return;
      }
      g.orders.set(params.vnp_TxnRef, params);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="vi"><head><title>Cổng thanh toán (thử)</title></head><body><main>
<h1>Cổng thanh toán (thử)</h1><p id="amount">${Number(params.vnp_Amount) / 100}</p><p id="info">${params.vnp_OrderInfo}</p>
<form method="post" action="/confirm"><input type="hidden" name="ref" value="${params.vnp_TxnRef}"><button id="confirm">Thanh toán</button></form></main></body></html>`);
      return;
    }
    if (req.method === 'POST' && u.pathname === '/confirm') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', async () => {
        const order = g.orders.get(new URLSearchParams(body).get('ref'));
        const result = { vnp_TmnCode: MERCHANT, vnp_TxnRef: order.vnp_TxnRef, vnp_Amount: order.vnp_Amount, vnp_OrderInfo: order.vnp_OrderInfo,
          vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '14000001', vnp_BankCode: 'NCB', vnp_PayDate: '20261126093000' };
        result.vnp_SecureHash = sign(result);
        const query = new URLSearchParams(result).toString();
        // The server-to-server notification first (what motcua trusts), then the browser's return.
        const cb = await fetch(`${g.motcua}/api/v1/payments/gateway/callback?${query}`);
        g.callbacks.push({ status: cb.status, json: await cb.json() });
        res.writeHead(302, { location: `${order.vnp_ReturnUrl}?${query}` });
        res.end();
      });
      return;
    }
    res.writeHead(u.pathname === '/favicon.ico' ? 204 : 404); // the browser asks each new origin for one
    res.end();
  });
  await new Promise((resolve) => g.server.listen(0, '127.0.0.1', resolve));
  g.url = `http://127.0.0.1:${g.server.address().port}`;
  return g;
}

before(async () => {
  gateway = await startGateway();
  srv = await startDemoServer({ dossiers: false, args: ['--payment-gateway-url', `${gateway.url}/pay`, '--payment-merchant', MERCHANT],
    env: { MOTCUA_PAYMENT_SECRET: SECRET } });
  gateway.motcua = srv.base;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (gateway) gateway.server.close();
});

test('online submission of a procedure with a fee, paid online at once: the gateway, the callback, the receipt', async () => {
  const { context, page } = await newPage(browser, srv.base, { allow: [gateway.url] });
  try {
    const proc = (await srv.request('GET', `/api/v1/procedures/${PROCEDURE}`)).json;
    await uiLogin(page, srv.base, CITIZEN);
    await go(page, srv.base, `#/thu-tuc/${PROCEDURE}`);
    await page.click('#submit-online');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'applicant');
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'components');
    const file = { name: 'giay-to.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n') };
    // The papers depend on the case (owned, rented, with relatives): none is required of everyone,
    // so the citizen uploads the one of their case (tp04: a home of their own).
    assert.deepEqual(proc.components.filter((c) => c.required).map((c) => c.id), []);
    for (const id of ['file-tp04']) {
      await page.setInputFiles(`#${id}`, file);
      await until(async () => (await page.getAttribute(`#${id}-status`, 'data-document')) !== '', `upload ${id}`);
    }
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'resolver');
    await page.selectOption('#resolver_unit', HK_PC);
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'return');
    await page.check('#return_channel-counter');
    await page.selectOption('#return_unit', HK_POINT);
    await page.click('#next');
    await page.waitForFunction(() => document.getElementById('main').dataset.step === 'review');
    // The review names the online fee (the online rule, not the counter's 20.000 đ).
    const online = proc.fees.filter((r) => r.channel === 'online' || r.channel === 'any');
    assert.deepEqual(online.map((r) => r.amount), [10000]);
    assert.equal(await page.textContent('#review-fees'), `${online[0].name}: 10.000 đ`);
    await page.click('#next');

    await page.waitForSelector('#submit-result');
    const code = await page.textContent('#result-code');
    assert.equal(await page.textContent('#fees-state'), 'Còn phải nộp 10.000 đ');
    assert.equal(await page.textContent('#fees-total'), '10.000 đ');
    assert.deepEqual(await axe(page), []);
    await page.click('#pay-online');

    // On the gateway's page: the order motcua signed, for 10.000 đ of this dossier.
    await page.waitForURL(`${gateway.url}/pay?**`);
    assert.equal(await page.textContent('#amount'), '10000');
    assert.equal(await page.textContent('#info'), `Thanh toan phi le phi ho so ${code}`);
    assert.equal(gateway.refused.length, 0);
    await page.click('#confirm');

    // Back on the dossier's own page, through /pay-return/{code}: paid, with its receipt.
    await page.waitForURL(`${srv.base}/#/ho-so-cua-toi/${code}`);
    await page.waitForSelector('#fees-state');
    assert.deepEqual(gateway.callbacks, [{ status: 200, json: { RspCode: '00', Message: 'Confirm Success' } }]);
    assert.equal(await page.textContent('#fees-state'), 'Đã nộp đủ');
    assert.equal(await page.textContent('#fees-paid'), '10.000 đ');
    assert.equal(await page.$('#pay-online'), null);
    const token = await login(srv.request, CITIZEN, DEMO_PASSWORD);
    const d = (await srv.request('GET', `/api/v1/dossiers/${code}`, { token })).json;
    assert.deepEqual([d.status, d.channel, d.fees.total, d.fees.paid, d.fees.due], ['submitted', 'online', 10000, 10000, 0]);
    assert.equal(d.fees.payments.length, 1);
    const [p] = d.fees.payments;
    assert.deepEqual([p.method, p.status, p.amount], ['online', 'paid', 10000]);
    assert.match(await page.textContent('#fees-receipts'), new RegExp(`^Trực tuyến, 10\\.000 đ, .*Biên lai ${p.receipt_no.replace(/[./]/g, '\\$&')}$`));
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'payment-paid');
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
