// Agency signing keys and PAdES-signed electronic results (issue 16, docs/signing.md): the test
// PKI of `motcua pki demo`, certificate import and its validation, a decision whose result PDF the
// server signs, checked by a real verifier (poppler's pdfsig) and by our own verify call, a byte
// changed after signing, "returned online" only with a signed result, and an expired certificate
// refused for new signatures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, HK_PC, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { png } from './lib/files.mjs';
import { motcua, initData, startServer, client, login, ADMIN_PASSWORD } from './lib/server.mjs';

const SECRET = 'khoa-bi-mat-thu-nghiem-0123456789';
const CLOCK = '2026-11-26T09:00:00+07:00';
const HK_CN = 'TEST UBND phường Hoàn Kiếm';

let ctx;
let request;
let t;
let work;
let signed; // { code, secret, document, bytes } of the dossier decided with a signed result

before(async () => {
  ctx = await startDemo(CLOCK, [], { MOTCUA_KEY_SECRET: SECRET });
  request = ctx.request;
  t = ctx.tokens;
  work = mkdtempSync(path.join(tmpdir(), 'motcua-signing-'));
});
after(async () => {
  await ctx.srv.stop();
  rmSync(work, { recursive: true, force: true });
});

function pdfsig(bytes, name) {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  const r = spawnSync('pdfsig', [file], { encoding: 'utf8', timeout: 60000, env: { ...process.env, TZ: 'Asia/Ho_Chi_Minh' } });
  return r.stdout + r.stderr;
}

async function fetchBytes(url, token) {
  const res = await fetch(`${ctx.srv.base}${url}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

async function upload(token, bytes, query) {
  const res = await fetch(`${ctx.srv.base}/api/v1/documents?${query}`, {
    method: 'POST', body: bytes, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' },
  });
  return { status: res.status, json: await res.json() };
}

async function verifyUpload(bytes) {
  const res = await fetch(`${ctx.srv.base}/api/v1/public/results/verify`, {
    method: 'POST', body: bytes, headers: { 'Content-Type': 'application/pdf' },
  });
  return { status: res.status, json: await res.json() };
}

const act = (code, action, token, body = {}) => request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });

// A guardianship dossier at the Hoàn Kiếm counter, taken to its last step (the approver's).
async function atDecision() {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const { code, tracking_secret: secret } = r.json;
  assert.equal((await act(code, 'transfer', t['tiepnhan.hoankiem'])).status, 200);
  assert.equal((await act(code, 'complete-step', t['xuly.hoankiem'])).status, 200);
  return { code, secret };
}

// A cairo PDF (classic xref table): the dossier's own Form 01, uploaded by the approver as the result.
async function resultPdf(code) {
  const form = await fetchBytes(`/api/v1/dossiers/${code}/forms/01.pdf`, t['tiepnhan.hoankiem']);
  assert.equal(form.status, 200);
  const up = await upload(t['lanhdao.hoankiem'], form.bytes, 'owner=001190012345&filename=trich-luc.pdf');
  assert.equal(up.status, 201);
  return { id: up.json.id, bytes: form.bytes };
}

// A PDF whose cross-reference is a stream (PDF 1.5), written by hand.
function xrefStreamPdf() {
  const parts = ['%PDF-1.5\n'];
  const offs = [];
  const add = (s) => { offs.push(Buffer.byteLength(parts.join(''))); parts.push(s); };
  add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  add('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  add('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n');
  const xrefAt = Buffer.byteLength(parts.join(''));
  const rows = [[0, 0, 255], ...offs.map((o) => [1, o, 0]), [1, xrefAt, 0]];
  const data = Buffer.concat(rows.map(([ty, o, g]) => { const b = Buffer.alloc(6); b[0] = ty; b.writeUInt32BE(o, 1); b[5] = g; return b; }));
  const head = Buffer.from(`4 0 obj\n<< /Type /XRef /Size 5 /W [1 4 1] /Root 1 0 R /Length ${data.length} >>\nstream\n`);
  const tail = Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat([Buffer.from(parts.join('')), head, data, tail]);
}

test('pki demo: refused without MOTCUA_KEY_SECRET; then a TEST certificate for each deciding unit', () => {
  let r = motcua(['pki', 'demo', '--data', ctx.srv.data], { MOTCUA_KEY_SECRET: '' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /MOTCUA_KEY_SECRET/);
  r = motcua(['pki', 'demo', '--data', ctx.srv.data], { MOTCUA_KEY_SECRET: SECRET });
  assert.equal(r.status, 0, r.stderr);
  // The Center and the two commune PCs whose approvers the demo has.
  assert.deepEqual(r.stdout.match(/unit \S+/g), ['unit 000.00.01.H26', 'unit 001.00.50.H26', 'unit 002.00.50.H26']);
  assert.match(r.stdout, /TEST — not for production/);
  r = motcua(['pki', 'demo', '--data', ctx.srv.data], { MOTCUA_KEY_SECRET: SECRET });
  assert.match(r.stdout, /0 test certificates issued/);
});

test('a unit\'s certificates: listed for administrators with days left, never with private material', async () => {
  let r = await request('GET', `/api/v1/units/${HK_PC}/certificates`, { token: t.admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.length, 1);
  const c = r.json.items[0];
  assert.equal(c.common_name, HK_CN);
  assert.match(c.subject, /O=TEST — not for production/);
  assert.equal(c.status, 'in_force');
  assert.equal(c.test, true);
  assert.equal(c.days_left, 730);
  assert.equal(c.expiry_warning, false);
  assert.match(c.fingerprint_sha256, /^[0-9a-f]{64}$/);
  assert.ok(!/PRIVATE|key_sealed|cert_pem/.test(r.text));
  r = await request('GET', `/api/v1/units/${HK_PC}/certificates`, { token: t['xuly.hoankiem'] });
  assert.equal(r.status, 403);
  r = await request('GET', '/api/v1/units/999.99.99.H26/certificates', { token: t.admin });
  assert.equal(r.status, 404);
});

test('import validation names the fields', async () => {
  const post = (body, token = t.admin) => request('POST', `/api/v1/units/${HK_PC}/certificates`, { token, body });
  let r = await post({});
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['certificate_pem']);
  assert.ok(r.json.errors[0].message_vi);
  r = await post({ certificate_pem: 'no', private_key_pem: 'no' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['certificate_pem', 'private_key_pem']);
  r = await post({ certificate_pem: 'x' });
  assert.deepEqual(r.json.errors.map((e) => e.field), ['private_key_pem']);
  r = await post({ pkcs12: 'bm90IGEgcDEy' });
  assert.deepEqual(r.json.errors.map((e) => e.field), ['pkcs12']);
  r = await post({ pkcs12: 'x', certificate_pem: 'y' });
  assert.deepEqual(r.json.errors.map((e) => e.field), ['pkcs12']);
  r = await post({ certificate: 'x' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['certificate']);
  r = await post({}, t['lanhdao.hoankiem']);
  assert.equal(r.status, 403);
  // A key that is not the certificate's.
  const key = path.join(work, 'other.key');
  const cert = path.join(work, 'other.pem');
  spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=Khac'], { encoding: 'utf8', timeout: 60000 });
  spawnSync('openssl', ['genrsa', '-out', `${key}.2`, '2048'], { encoding: 'utf8', timeout: 60000 });
  r = await post({ certificate_pem: readFileSync(cert, 'utf8'), private_key_pem: readFileSync(`${key}.2`, 'utf8') });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['private_key_pem']);
});

test('decide with a PDF result: the server signs it; pdfsig validates it; our verify names the unit', async () => {
  const { code, secret } = await atDecision();
  const result = await resultPdf(code);
  let r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '7/TLGH', title: 'Trích lục', document: result.id } });
  assert.equal(r.status, 200, r.text);
  const doc = r.json.result.document;
  assert.notEqual(doc, result.id, 'the signed copy is a new document; the original is kept');
  const orig = await fetchBytes(`/api/v1/documents/${result.id}`, t['lanhdao.hoankiem']);
  assert.deepEqual(orig.bytes, result.bytes);
  // The citizen downloads it from "my dossiers" and from tracking with the secret.
  const mine = await fetchBytes(`/api/v1/documents/${doc}`, t['001190012345']);
  assert.equal(mine.status, 200);
  const pub = await fetchBytes(`/api/v1/public/dossiers/${code}/result.pdf?secret=${secret}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.type, 'application/pdf');
  assert.deepEqual(pub.bytes, mine.bytes);
  assert.equal((await fetchBytes(`/api/v1/public/dossiers/${code}/result.pdf?secret=WRONGWRONG`)).status, 404);
  // The tracking page (Form 01's QR) links the signed result and its verification.
  const page = await fetch(`${ctx.srv.base}/track/${code}?s=${secret}`).then((x) => x.text());
  assert.ok(page.includes(`href="/api/v1/public/dossiers/${code}/result.pdf?secret=${secret}"`), 'download link');
  assert.ok(page.includes(`href="/api/v1/public/results/verify?code=${code}&amp;secret=${secret}"`), 'verify link');
  // The original bytes are the signed file's first bytes: an incremental update.
  assert.deepEqual(mine.bytes.subarray(0, result.bytes.length), result.bytes);

  const out = pdfsig(mine.bytes, 'signed.pdf');
  assert.match(out, new RegExp(`Signer Certificate Common Name: ${HK_CN}`));
  assert.match(out, /Signature Validation: Signature is Valid\./);
  assert.match(out, /Signature Type: ETSI\.CAdES\.detached/);
  assert.match(out, /Signing Time: Nov 26 2026 09:00:00/, 'the CMS signing time is the decision\'s (the test clock)');
  assert.match(out, /Total document signed/);
  // The CMS itself, as OpenSSL prints it: SHA-256, the ESS signing-certificate-v2 attribute.
  const text = mine.bytes.toString('latin1');
  const [, a, b] = text.slice(text.lastIndexOf('/ByteRange')).match(/\[\s*0\s+(\d+)\s+(\d+)/).map(Number);
  const der = Buffer.from(text.slice(a + 1, b - 1), 'hex');
  writeFileSync(path.join(work, 'sig.der'), der);
  const cms = spawnSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', path.join(work, 'sig.der')], { encoding: 'utf8', timeout: 60000 });
  assert.equal(cms.status, 0, cms.stderr);
  assert.match(cms.stdout, /id-smime-aa-signingCertificateV2/);
  assert.match(cms.stdout, /algorithm: sha256/);
  // signingTime is there too, set to /M's instant (docs/signing.md, limits).
  assert.match(cms.stdout, /object: signingTime[^]*UTCTIME:Nov 26 02:00:00 2026 GMT/);
  assert.match(cms.stdout, /eContentType: pkcs7-data[^\n]*\n\s+eContent: <ABSENT>/);

  r = await request('GET', `/api/v1/public/results/verify?code=${code}&secret=${secret}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.signed, true);
  assert.equal(r.json.intact, true);
  assert.equal(r.json.unit, HK_PC);
  assert.equal(r.json.unit_name, 'UBND phường Hoàn Kiếm');
  assert.equal(r.json.common_name, HK_CN);
  assert.equal(r.json.signed_at, CLOCK);
  assert.equal(r.json.test_certificate, true);
  const list = await request('GET', `/api/v1/units/${HK_PC}/certificates`, { token: t.admin });
  assert.equal(r.json.fingerprint_sha256, list.json.items[0].fingerprint_sha256);
  r = await request('GET', `/api/v1/public/results/verify?code=${code}&secret=WRONGWRONG`);
  assert.equal(r.status, 404);
  r = await verifyUpload(mine.bytes);
  assert.equal(r.status, 200);
  assert.equal(r.json.intact, true);
  assert.equal(r.json.unit, HK_PC);
  // The dossier says who signed its result and when (the pages' "Đã ký số bởi … lúc …").
  for (const tok of [t['001190012345'], t['lanhdao.hoankiem']]) {
    const full = (await request('GET', `/api/v1/dossiers/${code}`, { token: tok })).json;
    assert.deepEqual(full.result.signature, { unit: HK_PC, unit_name: 'UBND phường Hoàn Kiếm', signed_at: CLOCK, fingerprint_sha256: list.json.items[0].fingerprint_sha256 });
  }
  signed = { code, secret, document: doc, bytes: mine.bytes };
});

test('a byte changed after signing: pdfsig and our verify both report it', async () => {
  const bytes = Buffer.from(signed.bytes);
  const at = bytes.indexOf('/MediaBox');
  assert.ok(at > 0);
  bytes[at + 2] = bytes[at + 2] === 0x65 ? 0x45 : 0x65; // /MediaBox → /MEdiaBox
  const out = pdfsig(bytes, 'changed.pdf');
  assert.match(out, /Signature Validation: Digest Mismatch\./);
  const r = await verifyUpload(bytes);
  assert.equal(r.status, 200);
  assert.equal(r.json.signed, true);
  assert.equal(r.json.intact, false);
  assert.equal(r.json.unit, HK_PC);
  // A PDF with no signature.
  const plain = await verifyUpload(readFileSync(path.join(work, 'signed.pdf')).subarray(0, 400));
  assert.equal(plain.json.signed, false);
  assert.equal(plain.json.intact, false);
});

test('Forms 01 and 04 signed the same way (?signed=true): the Center for the point, the PC for its letter', async () => {
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const { code } = r.json;
  // Form 01 as before: no signature.
  let f = await fetchBytes(`/api/v1/dossiers/${code}/forms/01.pdf`, t['tiepnhan.hoankiem']);
  assert.equal(f.status, 200);
  assert.match(pdfsig(f.bytes, 'form01-plain.pdf'), /does not contain any signatures/);
  // Signed: the Hoàn Kiếm point has no certificate of its own, so the Center's signs its receipt.
  f = await fetchBytes(`/api/v1/dossiers/${code}/forms/01.pdf?signed=true`, t['tiepnhan.hoankiem']);
  assert.equal(f.status, 200);
  let out = pdfsig(f.bytes, 'form01-signed.pdf');
  assert.match(out, /Signer Certificate Common Name: TEST Trung tâm/);
  assert.match(out, /Signature Validation: Signature is Valid\./);
  assert.match(out, /Total document signed/);
  let v = await verifyUpload(f.bytes);
  assert.deepEqual([v.json.signed, v.json.intact, v.json.unit], [true, true, '000.00.01.H26']);
  // Form 04 exists once the dossier is extended; the deciding PC signs its letter.
  assert.equal((await act(code, 'transfer', t['tiepnhan.hoankiem'])).status, 200);
  r = await act(code, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh thêm', new_due_at: '2026-12-10T17:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  f = await fetchBytes(`/api/v1/dossiers/${code}/forms/04.pdf?signed=true`, t['lanhdao.hoankiem']);
  assert.equal(f.status, 200);
  out = pdfsig(f.bytes, 'form04-signed.pdf');
  assert.match(out, new RegExp(`Signer Certificate Common Name: ${HK_CN}`));
  assert.match(out, /Signature Validation: Signature is Valid\./);
  v = await verifyUpload(f.bytes);
  assert.deepEqual([v.json.signed, v.json.intact, v.json.unit], [true, true, HK_PC]);
  // Only Forms 01 and 04 are signed; signed takes true or false.
  r = await request('GET', `/api/v1/dossiers/${code}/forms/06.pdf?signed=true`, { token: t['lanhdao.hoankiem'] });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['signed']);
  r = await request('GET', `/api/v1/dossiers/${code}/forms/01.pdf?signed=yes`, { token: t['lanhdao.hoankiem'] });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['signed']);
});

test('returned online requires a signed electronic result (409 otherwise)', async () => {
  // An electronic result that is an image: kept, but not signed.
  const { code } = await atDecision();
  const res = await fetch(`${ctx.srv.base}/api/v1/documents?owner=001190012345&filename=ket-qua.png`, {
    method: 'POST', body: png('ket-qua'), headers: { Authorization: `Bearer ${t['lanhdao.hoankiem']}`, 'Content-Type': 'image/png' },
  });
  const image = await res.json();
  assert.equal(res.status, 201);
  let r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '8/TLGH', title: 'Trích lục', document: image.id } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.result.document, image.id);
  assert.equal(r.json.electronic_result, true);
  const secret = (await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] })).json.tracking_secret;
  const page = await fetch(`${ctx.srv.base}/track/${code}?s=${secret}`).then((x) => x.text());
  assert.ok(!page.includes('result.pdf'), 'no signed result: no link');
  r = await act(code, 'return', t['tiepnhan.hoankiem'], { channel: 'online' });
  assert.equal(r.status, 409);
  assert.match(r.json.detail, /signed electronic result/);
  r = await act(signed.code, 'return', t['tiepnhan.hoankiem'], { channel: 'online' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'returned');
});

test('a PDF with a cross-reference stream: 422 naming result.document', async () => {
  const { code } = await atDecision();
  const up = await upload(t['lanhdao.hoankiem'], xrefStreamPdf(), 'owner=001190012345&filename=xref-stream.pdf');
  assert.equal(up.status, 201);
  const r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '9/TLGH', title: 'Trích lục', document: up.json.id } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['result.document']);
  assert.match(r.json.errors[0].message, /cross-reference streams/);
});

test('the electronic-result rate counts only signed results', async () => {
  // Decided at Hoàn Kiếm today: one approval with a signed PDF, one with an unsigned image.
  const r = await request('GET', '/api/v1/reports/summary?from=2026-11-26&to=2026-11-26&group_by=resolver_unit', { token: t.admin });
  assert.equal(r.status, 200, r.text);
  const hk = r.json.rows.find((x) => x.key === HK_PC);
  assert.equal(hk.decided.total, 2);
  assert.equal(hk.electronic_result_rate, 50);
  const officers = await request('GET', '/api/v1/reports/summary?from=2026-11-26&to=2026-11-26&group_by=officer', { token: t.admin });
  assert.equal(officers.json.rows.find((x) => x.key === 'lanhdao.hoankiem').electronic_result_rate, 50);
  // A unit manager's report (read within the units it covers) says the same.
  const manager = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
  const scoped = await request('GET', '/api/v1/reports/summary?from=2026-11-26&to=2026-11-26&group_by=resolver_unit', { token: manager });
  assert.equal(scoped.status, 200, scoped.text);
  assert.equal(scoped.json.rows.find((x) => x.key === HK_PC).electronic_result_rate, 50);
});

test('rotation by PKCS#12 import; an expired certificate is refused for new signatures', async () => {
  // A certificate of a throwaway CA valid from 25 to 28 November 2026 (fixed dates, whatever the
  // real date: `openssl ca -startdate -enddate`), imported as PKCS#12 with its issuer: it
  // supersedes the demo one.
  const dir = path.join(work, 'ca');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  writeFileSync(path.join(dir, 'ca.cnf'), `[ca]\ndefault_ca = d\n[d]\ndatabase = ${dir}/index.txt\nnew_certs_dir = ${dir}\nserial = ${dir}/serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n`);
  const ossl = (...args) => {
    const o = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60000, cwd: dir });
    assert.equal(o.status, 0, o.stderr);
  };
  ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=CA thu nghiem');
  ossl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=UBND phuong Hoan Kiem (ngan han)');
  ossl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-out', 'leaf.pem', '-notext', '-startdate', '20261125000000Z', '-enddate', '20261128000000Z');
  ossl('pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'ca.pem', '-out', 'leaf.p12', '-passout', 'pass:mat-khau-p12');
  const p12 = path.join(dir, 'leaf.p12');
  const body = { pkcs12: readFileSync(p12).toString('base64'), pkcs12_password: 'sai' };
  let r = await request('POST', `/api/v1/units/${HK_PC}/certificates`, { token: t.admin, body });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['pkcs12_password']);
  r = await request('POST', `/api/v1/units/${HK_PC}/certificates`, { token: t.admin, body: { ...body, pkcs12_password: 'mat-khau-p12' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.common_name, 'UBND phuong Hoan Kiem (ngan han)');
  assert.equal(r.json.test, false);
  assert.equal(r.json.expiry_warning, true);
  assert.equal(r.json.days_left, 1);
  assert.equal(r.json.valid_to, '2026-11-28T07:00:00+07:00');
  r = await request('GET', `/api/v1/units/${HK_PC}/certificates`, { token: t.admin });
  assert.deepEqual(r.json.items.map((c) => c.status), ['in_force', 'superseded']);
  // The administrators' overview: each deciding unit with its certificate in force; the metric.
  const overview = async () => {
    const o = await request('GET', '/api/v1/certificates', { token: t.admin });
    assert.equal(o.status, 200, o.text);
    return o.json;
  };
  const metric = async () => {
    const m = await fetch(`${ctx.srv.base}/metrics`).then((x) => x.text());
    return Object.fromEntries([...m.matchAll(/^motcua_signing_certificates\{state="(\w+)"\} (\d+)$/gm)].map((x) => [x[1], Number(x[2])]));
  };
  let o = await overview();
  assert.deepEqual(o.items.map((u) => [u.unit, u.unit_name, u.certificate.status, u.certificate.days_left, u.certificate.expiry_warning]), [
    ['000.00.01.H26', 'Trung tâm Phục vụ hành chính công thành phố Hà Nội', 'in_force', 730, false],
    [HK_PC, 'UBND phường Hoàn Kiếm', 'in_force', 1, true],
    ['002.00.50.H26', 'UBND phường Cửa Nam', 'in_force', 730, false],
  ]);
  assert.deepEqual([o.expiry_warnings, o.without_certificate], [1, 0]);
  assert.ok(!/PRIVATE|key_sealed|cert_pem/.test(JSON.stringify(o)));
  assert.deepEqual(await metric(), { valid: 2, expiring: 1, expired: 0, not_yet_valid: 0, none: 0 });
  assert.equal((await request('GET', '/api/v1/certificates', { token: t['xuly.hoankiem'] })).status, 403);
  assert.equal((await request('GET', '/api/v1/certificates')).status, 401);
  // Three weeks later (by the test clock) the certificate has expired: no new signature, and the
  // listing says so.
  const { code } = await atDecision();
  const result = await resultPdf(code);
  await ctx.setClock('2026-12-17T09:00:00+07:00');
  r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '10/TLGH', title: 'Trích lục', document: result.id } });
  assert.equal(r.status, 409);
  assert.match(r.json.detail, /expired/);
  r = await request('GET', `/api/v1/dossiers/${code}`, { token: t['lanhdao.hoankiem'] });
  assert.equal(r.json.status, 'processing', 'a refused decision changes nothing');
  r = await request('GET', `/api/v1/units/${HK_PC}/certificates`, { token: t.admin });
  assert.deepEqual(r.json.items.map((c) => [c.status, c.days_left, c.expiry_warning]), [['expired', 0, true], ['superseded', 709, false]]);
  o = await overview();
  assert.deepEqual(o.items.map((u) => [u.unit, u.certificate.status, u.certificate.expiry_warning]), [
    ['000.00.01.H26', 'in_force', false], [HK_PC, 'expired', true], ['002.00.50.H26', 'in_force', false]]);
  assert.deepEqual(await metric(), { valid: 2, expiring: 0, expired: 1, not_yet_valid: 0, none: 0 });
});

test('motcua demo with MOTCUA_KEY_SECRET: decided dossiers carry signed results, one returned online', async (t2) => {
  const { dir, data } = initData();
  const r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo', MOTCUA_KEY_SECRET: SECRET });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /demo ready \(12 accounts, 15 dossiers and 9 queue tickets added\)/);
  assert.match(r.stdout, /demo results signed with TEST certificates \(3 issued; not for production\)/);
  assert.equal(motcua(['audit', 'verify', '--data', data]).status, 0);
  const srv = await startServer({ data, dir, env: { MOTCUA_KEY_SECRET: SECRET } });
  t2.after(() => srv.stop());
  const req = client(srv.base);
  const hang = await login(req, '001190012345', 'motcua-demo');
  const mine = (await req('GET', '/api/v1/dossiers?limit=50', { token: hang })).json.items;
  const online = mine.filter((d) => d.status === 'returned' && d.returned_channel === 'online');
  assert.equal(online.length, 1);
  const d = (await req('GET', `/api/v1/dossiers/${online[0].code}`, { token: hang })).json;
  const v = await req('GET', `/api/v1/public/results/verify?code=${d.code}&secret=${d.tracking_secret}`);
  assert.equal(v.status, 200, v.text);
  assert.deepEqual([v.json.intact, v.json.unit, v.json.common_name, v.json.test_certificate], [true, HK_PC, HK_CN, true]);
  const res = await fetch(`${srv.base}/api/v1/documents/${d.result.document}`, { headers: { Authorization: `Bearer ${hang}` } });
  const out = pdfsig(Buffer.from(await res.arrayBuffer()), 'demo.pdf');
  assert.match(out, /Signature Validation: Signature is Valid\./);
  // Every decided demo dossier (four returned, one ready for return) has a signed result.
  const admin = await login(req, 'admin', ADMIN_PASSWORD);
  const all = (await req('GET', '/api/v1/dossiers?limit=500', { token: admin })).json.items;
  const decided = all.filter((x) => ['returned', 'ready_for_return'].includes(x.status));
  assert.equal(decided.length, 5);
  for (const x of decided) {
    const full = (await req('GET', `/api/v1/dossiers/${x.code}`, { token: admin })).json;
    const w = await req('GET', `/api/v1/public/results/verify?code=${x.code}&secret=${full.tracking_secret}`);
    assert.equal(w.json.intact, true, x.code);
  }
});

test('without MOTCUA_KEY_SECRET: no import, and a unit with a certificate cannot decide with a result PDF', async (t2) => {
  const { dir, data } = initData();
  let r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo', MOTCUA_KEY_SECRET: SECRET, MOTCUA_DEMO_DOSSIERS: '0' });
  assert.equal(r.status, 0, r.stderr);
  const srv = await startServer({ data, dir, args: ['--test-clock', CLOCK], env: { MOTCUA_KEY_SECRET: '' } });
  t2.after(() => srv.stop());
  const req = client(srv.base);
  const tok = {};
  for (const u of ['tiepnhan.hoankiem', 'xuly.hoankiem', 'lanhdao.hoankiem']) tok[u] = await login(req, u, 'motcua-demo');
  tok.admin = await login(req, 'admin', ADMIN_PASSWORD);
  r = await req('POST', `/api/v1/units/${HK_PC}/certificates`, { token: tok.admin, body: { certificate_pem: readFileSync(path.join(work, 'ca', 'leaf.pem'), 'utf8'), private_key_pem: readFileSync(path.join(work, 'ca', 'leaf.key'), 'utf8') } });
  assert.equal(r.status, 409);
  assert.match(r.json.detail, /MOTCUA_KEY_SECRET/);
  const d = (await req('POST', '/api/v1/dossiers', { token: tok['tiepnhan.hoankiem'], body: guardianship() })).json;
  await req('POST', `/api/v1/dossiers/${d.code}/transfer`, { token: tok['tiepnhan.hoankiem'], body: {} });
  await req('POST', `/api/v1/dossiers/${d.code}/complete-step`, { token: tok['xuly.hoankiem'], body: {} });
  const form = await fetch(`${srv.base}/api/v1/dossiers/${d.code}/forms/01.pdf`, { headers: { Authorization: `Bearer ${tok['tiepnhan.hoankiem']}` } });
  const up = await fetch(`${srv.base}/api/v1/documents?owner=001190012345`, {
    method: 'POST', body: Buffer.from(await form.arrayBuffer()), headers: { Authorization: `Bearer ${tok['lanhdao.hoankiem']}`, 'Content-Type': 'application/pdf' },
  });
  const doc = await up.json();
  r = await req('POST', `/api/v1/dossiers/${d.code}/decide`, { token: tok['lanhdao.hoankiem'], body: { outcome: 'approved', result: { number: '11/TLGH', title: 'Trích lục', document: doc.id } } });
  assert.equal(r.status, 409);
  assert.match(r.json.detail, /signing keys are locked: set MOTCUA_KEY_SECRET/);
  assert.ok(r.json.detail_vi);
});
