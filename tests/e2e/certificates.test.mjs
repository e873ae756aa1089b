// Signing certificates and signed results in a real browser (issue 16), against the demo started
// with MOTCUA_KEY_SECRET (TEST certificates for the deciding units, decided dossiers with signed
// results): the administrator's screen lists each unit's certificate as the API does, imports a
// PKCS#12 file (a wrong password beside its field, then a certificate of a throwaway CA that ends
// within 30 days), and the expiry banner appears on the screen and on the admin's landing; the
// "Đã ký số bởi … lúc …" badge on the staff and the citizen's dossier pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoServer, launch, newPage, go, uiLogin, axe, screenshot, login, until, ADMIN_PASSWORD, DEMO_PASSWORD } from './lib/browser.mjs';

const SECRET = 'e2e-demo-signing-secret-0123456789';
const CN_PC = '002.00.50.H26';
let srv;
let browser;
let token;
let work;
before(async () => {
  srv = await startDemoServer({ env: { MOTCUA_KEY_SECRET: SECRET } });
  browser = await launch();
  token = await login(srv.request, 'admin', ADMIN_PASSWORD);
  work = mkdtempSync(path.join(tmpdir(), 'motcua-certs-'));
});
after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const api = async (p, tok = token) => {
  const r = await srv.request('GET', `/api/v1${p}`, { token: tok });
  assert.equal(r.status, 200, `${p}: ${r.text}`);
  return r.json;
};
const day = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const minute = (iso) => `${day(iso)} ${iso.slice(11, 16)}`;
const rows = (page) => page.$$eval('#certs tbody tr', (trs) => trs.map((tr) => [tr.dataset.unit, ...[...tr.cells].slice(1, 7).map((c) => c.textContent)]));
const STATUS = { in_force: 'Đang dùng', expired: 'Hết hạn' };
const expectedRows = (items) => items.map((u) => {
  const c = u.certificate;
  return [u.unit, c.common_name, c.issuer, `${day(c.valid_from)} – ${day(c.valid_to)}`, c.fingerprint_sha256.match(/.{1,16}/g).join(' '),
    `${STATUS[c.status]}${c.test ? ' Thử nghiệm' : ''}`, String(c.days_left)];
});

/** A PKCS#12 file of a throwaway CA's certificate valid from 1 November to 10 December 2026. */
function shortP12() {
  const dir = path.join(work, 'ca');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '2000\n');
  writeFileSync(path.join(dir, 'ca.cnf'), `[ca]\ndefault_ca = d\n[d]\ndatabase = ${dir}/index.txt\nnew_certs_dir = ${dir}\nserial = ${dir}/serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n`);
  const ossl = (...args) => {
    const o = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60000, cwd: dir });
    assert.equal(o.status, 0, o.stderr);
  };
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=CA thu nghiem e2e');
  ossl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=UBND phuong Cua Nam (ngan han)');
  ossl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-out', 'leaf.pem', '-notext', '-startdate', '20261101000000Z', '-enddate', '20261210000000Z');
  ossl('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'ca.pem', '-out', 'leaf.p12', '-passout', 'pass:mat-khau-p12');
  return path.join(dir, 'leaf.p12');
}

test('the certificates screen: each unit as the API lists it, import by PKCS#12, the expiry banner here and on the landing', async () => {
  const { context, page } = await newPage(browser, srv.base, { viewport: { width: 1366, height: 768 } });
  try {
    assert.equal(await uiLogin(page, srv.base, 'admin', ADMIN_PASSWORD), '#/ho-so');
    assert.equal(await page.$('#cert-warning'), null, 'no certificate ends within 30 days yet');
    await page.click('#nav a[href="#/quan-tri/chung-thu-so"]');
    await page.waitForFunction(() => document.body.dataset.ready === '#/quan-tri/chung-thu-so' && !document.getElementById('main').hasAttribute('aria-busy'));
    assert.equal(await page.textContent('h1'), 'Chứng thư số');
    let o = await api('/certificates');
    assert.deepEqual(o.items.map((u) => u.unit), ['000.00.01.H26', '001.00.50.H26', CN_PC]);
    assert.deepEqual(await rows(page), expectedRows(o.items));
    assert.equal(await page.$('#cert-warning'), null);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'certificates');

    // A wrong password: the API's message beside the field and in the summary; nothing imported.
    const p12 = shortP12();
    await page.selectOption('#cert-unit', CN_PC);
    await page.setInputFiles('#pkcs12', p12);
    await page.fill('#pkcs12_password', 'sai-mat-khau');
    await page.click('#cert-form button[type=submit]');
    await page.waitForSelector('#pkcs12_password-error:not([hidden])');
    const bad = await srv.request('POST', `/api/v1/units/${CN_PC}/certificates`, { token, body: { pkcs12: readFileSync(p12).toString('base64'), pkcs12_password: 'sai-mat-khau' } });
    assert.equal(bad.status, 422);
    const msg = bad.json.errors.find((e) => e.field === 'pkcs12_password').message_vi;
    assert.equal(await page.textContent('#pkcs12_password-error'), `Lỗi: ${msg.charAt(0).toLocaleUpperCase('vi')}${msg.slice(1)}`);
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#pkcs12_password']);
    assert.deepEqual(await axe(page), []);
    assert.equal((await api(`/units/${CN_PC}/certificates`)).items.length, 1);

    // The right password: imported, the row and the banner follow (13 days left at the test clock).
    await page.fill('#pkcs12_password', 'mat-khau-p12');
    await page.click('#cert-form button[type=submit]');
    await page.waitForSelector('#cert-imported');
    assert.equal(await page.textContent('#cert-imported'), `Đã nhập chứng thư UBND phuong Cua Nam (ngan han) cho đơn vị ${CN_PC}, hiệu lực đến 10/12/2026.`);
    o = await api('/certificates');
    const cn = o.items.find((u) => u.unit === CN_PC).certificate;
    assert.deepEqual([cn.common_name, cn.days_left, cn.expiry_warning, cn.test], ['UBND phuong Cua Nam (ngan han)', 13, true, false]);
    await until(async () => JSON.stringify(await rows(page)) === JSON.stringify(expectedRows(o.items)), 'the table shows the new certificate');
    const line = 'Chứng thư số của UBND phường Cửa Nam còn 13 ngày (hết hạn ngày 10/12/2026).';
    assert.deepEqual(await page.$$eval('#cert-warning li', (ls) => ls.map((l) => l.textContent)), [line]);
    assert.equal(await page.getAttribute(`#certs tr[data-unit="${CN_PC}"]`, 'class'), 'row--warning');
    // The unit's history: the new certificate in force, the demo one superseded.
    await page.click(`#certs tr[data-unit="${CN_PC}"] button`);
    await page.waitForSelector(`[id="history-${CN_PC}"] li`);
    const hist = await api(`/units/${CN_PC}/certificates`);
    assert.deepEqual(await page.$$eval(`[id="history-${CN_PC}"] li`, (ls) => ls.map((l) => l.dataset.id)), hist.items.map((c) => String(c.id)));
    assert.match(await page.textContent(`[id="history-${CN_PC}"] li:first-child`), /^Đang dùng: UBND phuong Cua Nam \(ngan han\), 01\/11\/2026 – 10\/12\/2026/);
    assert.match(await page.textContent(`[id="history-${CN_PC}"] li:last-child`), /^Đã thay thế: TEST UBND phường Cửa Nam/);
    assert.deepEqual(await axe(page), []);
    await screenshot(page, 'certificates-warning');

    // The administrator's landing carries the same warning, with a link to the screen.
    await go(page, srv.base, '#/ho-so');
    assert.deepEqual(await page.$$eval('#cert-warning li', (ls) => ls.map((l) => l.textContent)), [line]);
    assert.equal(await page.getAttribute('#cert-warning a', 'href'), '#/quan-tri/chung-thu-so');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(page.problems.filter((x) => !/ 422 /.test(x)), []);
  } finally {
    await context.close();
  }
});

test('"Đã ký số bởi … lúc …" beside the signed result, on the staff page and on the citizen\'s own page', async () => {
  const citizen = await login(srv.request, '001190012345', DEMO_PASSWORD);
  const mine = (await api('/dossiers?limit=50', citizen)).items;
  const online = mine.filter((d) => d.status === 'returned' && d.returned_channel === 'online');
  assert.equal(online.length, 1);
  const d = await api(`/dossiers/${online[0].code}`, citizen);
  const sig = d.result.signature;
  assert.equal(sig.unit, '001.00.50.H26');
  const badge = `Đã ký số bởi UBND phường Hoàn Kiếm lúc ${minute(sig.signed_at)}`;
  for (const [user, password, hash] of [['001190012345', DEMO_PASSWORD, `#/ho-so-cua-toi/${d.code}`], ['lanhdao.hoankiem', DEMO_PASSWORD, `#/ho-so/${d.code}`]]) {
    const { context, page } = await newPage(browser, srv.base, user === '001190012345' ? { viewport: { width: 375, height: 812 } } : {});
    try {
      await uiLogin(page, srv.base, user, password);
      await go(page, srv.base, hash);
      assert.equal(await page.textContent('#result-signed'), badge, user);
      assert.deepEqual(await axe(page), [], user);
      assert.deepEqual(page.problems, [], user);
    } finally {
      await context.close();
    }
  }
  // Every returned demo dossier's result is signed (the demo ran with the secret).
  const returned = (await api('/dossiers?limit=500')).items.filter((x) => x.status === 'returned');
  assert.equal(returned.length, 4);
  for (const x of returned) assert.ok((await api(`/dossiers/${x.code}`)).result.signature, x.code);
});
