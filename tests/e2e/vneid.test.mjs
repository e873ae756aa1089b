// Login with VNeID in a real browser: the login page offers "Đăng nhập bằng VNeID" only when the
// server lists the provider; a citizen clicks it, logs in on the provider's own pages (a real
// oidc-provider playing VNeID, tests/api/lib/oidc.mjs), and lands on "Hồ sơ của tôi" logged in as
// the verified citizen; a failed login comes back to the login page with a Vietnamese message.
// axe-core finds nothing serious or critical on the pages of ours.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, launch, newPage, go, axe, screenshot, until } from './lib/browser.mjs';
import { startVneid, CLIENT_ID, CLIENT_SECRET, ACCOUNTS } from '../api/lib/oidc.mjs';

let idp;
let srv;
let browser;
before(async () => {
  idp = await startVneid();
  process.env.MOTCUA_OIDC_CLIENT_SECRET = CLIENT_SECRET; // read by the server only from there
  srv = await startDemoServer({ dossiers: false, args: ['--oidc-issuer', idp.issuer, '--oidc-client-id', CLIENT_ID] });
  await idp.provide(`${srv.base}/auth/oidc/callback`);
  browser = await launch();
});
after(async () => {
  try {
    if (browser) await browser.close();
    if (srv) await srv.stop();
  } finally {
    if (idp) await idp.stop();
  }
});

/** What went wrong in the page, leaving out the provider's own pages (they are not ours). */
const ours = (page) => page.problems.filter((p) => !p.includes(idp.issuer));

test('a citizen logs in with VNeID and lands on "Hồ sơ của tôi" as the verified citizen', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await go(page, srv.base, '#/dang-nhap');
    const link = page.locator('#login-vneid');
    await link.waitFor();
    assert.equal(await link.textContent(), 'Đăng nhập bằng VNeID');
    assert.equal(await link.getAttribute('href'), '/auth/oidc/login');
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'login-vneid');
    await link.click();
    // The provider's login page, then its consent page.
    await page.waitForURL(`${idp.issuer}/**`);
    await page.fill('input[name=login]', 'lan');
    await page.fill('input[name=password]', 'any');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[autofocus]');
    await page.click('button[autofocus]');
    await page.waitForFunction(() => document.body.dataset.ready === '#/ho-so' && !document.getElementById('main').hasAttribute('aria-busy'), null, { timeout: 15000 });
    assert.equal(new URL(page.url()).origin, srv.base);
    assert.equal(await page.textContent('h1'), 'Hồ sơ của tôi');
    await until(async () => (await page.textContent('.nav__user')).includes(ACCOUNTS.lan.name), 'the citizen in the header');
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    assert.equal(me.id_number, ACCOUNTS.lan.id_number);
    assert.equal(me.identity, 'verified');
    await until(() => page.evaluate(() => document.getElementById('main').dataset.loaded === 'true'), 'the dossiers loaded');
    assert.match(await page.textContent('#main'), new RegExp(`Tài khoản đã xác thực qua VNeID: bạn xem được mọi hồ sơ mang số định danh ${ACCOUNTS.lan.id_number}`));
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'vneid-my-dossiers');
    assert.deepEqual(ours(page), []);
  } finally {
    await context.close();
  }
});

test('a failed VNeID login shows the Vietnamese message on the login page', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    // A callback the server cannot accept (no login of this browser) lands back on the login page.
    await page.goto(`${srv.base}/auth/oidc/callback?code=x&state=${'A'.repeat(43)}`);
    await page.waitForFunction(() => document.body.dataset.ready === '#/dang-nhap?loi=vneid', null, { timeout: 15000 });
    const alert = page.locator('#provider-error');
    assert.equal(await alert.textContent(), 'Không đăng nhập được bằng VNeID. Vui lòng thử lại.');
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal(await page.locator('#login-vneid').count(), 1); // the citizen can try again
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(ours(page), []);
  } finally {
    await context.close();
  }
});

test('without a provider listed, the login page offers no VNeID button', async () => {
  const { context, page } = await newPage(browser, srv.base);
  try {
    await page.route('**/api/v1/auth/providers', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[]}' }));
    await go(page, srv.base, '#/dang-nhap?next=%23%2Fho-so');
    assert.equal(await page.locator('#providers').count(), 0);
    assert.equal(await page.locator('#login-vneid').count(), 0);
    await page.unroute('**/api/v1/auth/providers');
    // With the provider, the link carries where to come back to.
    await go(page, srv.base, '#/dang-nhap?next=%23%2Fthu-tuc%2F1.001193');
    assert.equal(await page.getAttribute('#login-vneid', 'href'), `/auth/oidc/login?return_to=${encodeURIComponent('/#/thu-tuc/1.001193')}`);
    assert.deepEqual(ours(page), []);
  } finally {
    await context.close();
  }
});
