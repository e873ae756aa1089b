// Citizens' identity levels: a self-registered account is unverified and covers only what it
// submitted and uploaded itself; counter and post dossiers of an ID number, and its documents, are
// seen and acted on only by the verified account of that number (verified at a counter here; the
// national identity provider in oidc.test.mjs); a verification merges the number's unverified
// accounts. Representatives and organizations; attaching only readable documents; returns only at
// the return unit. The takeover of issue 12 fails at every step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, HK_POINT, CN_POINT } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';
import { pdf } from './lib/files.mjs';

let ctx;
let request;
let t;
before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
  t['tiepnhan.trungtam'] = await login(request, 'tiepnhan.trungtam', 'motcua-demo');
});
after(async () => { await ctx.srv.stop(); });

const VICTIM = '001201012345'; // no account yet; her dossiers are received at a counter
const get = (p, token) => request('GET', p, { token });
const post = (p, token, body) => request('POST', p, { token, body: body || {} });
const register = (id, name, password) => request('POST', '/api/v1/citizens/register', { body: { id_number: id, full_name: name, password } });
const upload = (token, bytes, query) => fetch(`${ctx.srv.base}/api/v1/documents?${query}`, {
  method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' }, body: bytes,
}).then(async (r) => ({ status: r.status, json: await r.json().catch(() => null) }));

async function counterDossier(id, name) {
  const r = await post('/api/v1/dossiers', t['tiepnhan.hoankiem'], guardianship({
    applicant: { kind: 'person', name, id_number: id, phone: '0987654321', address: 'Số 9 Hàng Bạc' },
  }));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('the takeover of issue 12 fails: an unverified account of someone else\'s number sees and does nothing', async () => {
  const victimDossier = await counterDossier(VICTIM, 'Phạm Thị Vân');
  const victimScan = await upload(t['tiepnhan.hoankiem'], pdf('van-cccd'), `owner=${VICTIM}`);
  assert.equal(victimScan.status, 201);

  // Anyone may register with the number (201, nothing tells that it has dossiers) ...
  let r = await register(VICTIM, 'Kẻ Mạo Danh', 'mat khau ke gian');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.identity, 'unverified');
  const thief = await login(request, VICTIM, 'mat khau ke gian');
  const me = (await get('/api/v1/me', thief)).json;
  assert.equal(me.identity, 'unverified');
  assert.equal(me.login, VICTIM);
  assert.match(me.verification_code, /^[ACDEFGHJKLMNPQRTUVWXY34679]{8}$/);
  // ... but sees none of the number's counter dossiers or documents, and can act on none.
  r = await get('/api/v1/dossiers', thief);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items, []);
  assert.equal((await get(`/api/v1/dossiers/${victimDossier.code}`, thief)).status, 404);
  assert.equal((await get(`/api/v1/dossiers/${victimDossier.code}/history`, thief)).status, 404);
  assert.equal((await post(`/api/v1/dossiers/${victimDossier.code}/stop`, thief, { reason: 'x' })).status, 404);
  assert.equal((await get(`/api/v1/documents/${victimScan.json.id}`, thief)).status, 404);
  r = await get(`/api/v1/applicants/${VICTIM}/documents`, thief);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items, []);
  assert.equal((await get(`/api/v1/dossiers/${victimDossier.code}/forms/01.pdf`, thief)).status, 404);
  // It may still submit online in that name: it sees that dossier, and its own uploads.
  const own = await upload(thief, pdf('thief-upload'), `owner=${VICTIM}`);
  assert.equal(own.status, 201);
  r = await post('/api/v1/dossiers', thief, guardianship({
    channel: 'online', applicant: { kind: 'person', name: 'Kẻ Mạo Danh', id_number: VICTIM },
    components: [{ id: 'tp02' }, { id: 'tp06', document: own.json.id }],
  }));
  assert.equal(r.status, 201, r.text);
  const thiefDossier = r.json.code;
  assert.deepEqual(r.json.submitter, { username: me.username, full_name: 'Kẻ Mạo Danh' });
  assert.deepEqual((await get('/api/v1/dossiers', thief)).json.items.map((d) => d.code), [thiefDossier]);
  assert.deepEqual((await get(`/api/v1/applicants/${VICTIM}/documents`, thief)).json.items.map((d) => d.id), [own.json.id]);
  // The victim can still register (no 409), and her account sees only what it submitted itself.
  r = await register(VICTIM, 'Phạm Thị Vân', 'mat khau cua van');
  assert.equal(r.status, 201, r.text);
  const victim = await login(request, VICTIM, 'mat khau cua van');
  assert.deepEqual((await get('/api/v1/dossiers', victim)).json.items, []);
  const { verification_code: code, username: victimAccount } = (await get('/api/v1/me', victim)).json;
  assert.notEqual(code, me.verification_code);

  // At the counter, an officer checks her ID card and her code: her account becomes the verified
  // account of the number, the other account is closed and its session ended, and what it filed in
  // her name is hers now.
  assert.equal((await post(`/api/v1/citizens/${VICTIM}/verify`, t['xuly.hoankiem'], { code, paper: 'cccd' })).status, 403);
  assert.equal((await post(`/api/v1/citizens/${VICTIM}/verify`, thief, { code, paper: 'cccd' })).status, 403);
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.hoankiem'], { code: 'AAAAAAAA', paper: 'cccd' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['code']);
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.hoankiem'], { code, paper: 'bang lai', extra: 1 });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['extra']);
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.hoankiem'], { code, paper: 'bang lai' });
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.message_vi]), [['paper', 'giấy tờ phải là cccd, cmnd hoặc passport']]);
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.cuanam'], { code, paper: 'cccd', unit: HK_POINT });
  assert.equal(r.status, 403, 'a unit the receiver does not cover');
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.hoankiem'], { code, paper: 'cccd' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.identity, 'verified');
  assert.equal(r.json.verified_via, 'counter');
  assert.equal((await get('/api/v1/me', victim)).json.identity, 'verified');
  assert.equal((await get('/api/v1/me', victim)).json.verification_code, undefined);
  assert.equal((await get('/api/v1/me', thief)).status, 401);
  assert.equal((await request('POST', '/api/v1/auth/login', { body: { username: VICTIM, password: 'mat khau ke gian' } })).status, 401);
  const mine = (await get('/api/v1/dossiers', victim)).json.items.map((d) => d.code).sort();
  assert.deepEqual(mine, [victimDossier.code, thiefDossier].sort());
  assert.equal((await get(`/api/v1/documents/${victimScan.json.id}`, victim)).status, 200);
  assert.equal((await get(`/api/v1/applicants/${VICTIM}/documents`, victim)).json.items.length, 2);
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.hoankiem'], { code, paper: 'cccd' });
  assert.equal(r.status, 422, 'the code is spent');
  // The verification is audited with who, where and which paper.
  const audit = (await get(`/api/v1/audit?entity=${encodeURIComponent(`user:${victimAccount}`)}`, t.admin)).json.items;
  const ev = audit.find((e) => e.action === 'verify_citizen');
  assert.ok(ev, JSON.stringify(audit));
  assert.equal(ev.actor, 'tiepnhan.hoankiem');
  assert.equal(ev.unit, HK_POINT);
  assert.deepEqual(JSON.parse(typeof ev.detail === 'string' ? ev.detail : JSON.stringify(ev.detail)), { via: 'counter', paper: 'cccd' });
  // Now she may act on her counter dossier.
  r = await post(`/api/v1/dossiers/${victimDossier.code}/stop`, victim, { reason: 'Tôi không cần nữa' });
  assert.equal(r.status, 200, r.text);
  // A later self-registration with the number gets a fresh unverified account that sees nothing.
  r = await register(VICTIM, 'Lại Mạo Danh', 'mat khau ke gian 2');
  assert.equal(r.status, 201);
  const again = await login(request, VICTIM, 'mat khau ke gian 2');
  assert.deepEqual((await get('/api/v1/dossiers', again)).json.items, []);
  // A second verification of the number is refused: it has its verified account.
  const code2 = (await get('/api/v1/me', again)).json.verification_code;
  r = await post(`/api/v1/citizens/${VICTIM}/verify`, t['tiepnhan.hoankiem'], { code: code2, paper: 'cccd' });
  assert.equal(r.status, 409);
});

test('no answer tells whether an ID number has an account or dossiers', async () => {
  const withData = '001199023456';
  await counterDossier(withData, 'Đỗ Văn Sơn');
  assert.equal((await register(withData, 'Đỗ Văn Sơn', 'mat khau son 1')).status, 201);
  const fresh = '001199023457';
  const a = await register(withData, 'Người Thứ Hai', 'mat khau son 2');
  const b = await register(fresh, 'Người Thứ Hai', 'mat khau son 2');
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.deepEqual(Object.keys(a.json).sort(), Object.keys(b.json).sort());
  assert.equal(a.json.identity, b.json.identity);
  for (const id of [withData, fresh, '001199023458']) {
    const r = await request('POST', '/api/v1/auth/login', { body: { username: id, password: 'sai mat khau 99' } });
    assert.equal(r.status, 401, id);
    assert.equal(r.json.detail, 'wrong username or password');
  }
  // At most two live unverified accounts per number: a third registration closes the oldest.
  assert.equal((await register(fresh, 'Ba', 'mat khau ba 3')).status, 201);
  assert.equal((await register(fresh, 'Bon', 'mat khau bon 4')).status, 201);
  assert.equal((await request('POST', '/api/v1/auth/login', { body: { username: fresh, password: 'mat khau son 2' } })).status, 401);
  await login(request, fresh, 'mat khau ba 3');
  await login(request, fresh, 'mat khau bon 4');
});

test('representatives: a citizen files for an organization or another person only as its representative, with the paper', async () => {
  const nam = t['001085004321']; // verified (the demo's counter verification)
  const paper = await upload(nam, pdf('giay-uy-quyen'), 'owner=001085004321');
  assert.equal(paper.status, 201);
  const org = { kind: 'organization', name: 'Công ty TNHH Hoa Sen', id_number: '0100109106' };
  const other = { kind: 'person', name: 'Trần Thị Bé', id_number: '001215012345' };
  const rep = { name: 'Trần Văn Nam', id_number: '001085004321', relation: 'legal_representative', document: paper.json.id };
  for (const applicant of [org, other]) {
    let r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant }));
    assert.equal(r.status, 422);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['representative']);
    r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant, representative: { ...rep, document: undefined } }));
    assert.deepEqual(r.json.errors.map((e) => e.field), ['representative.document']);
    r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant, representative: { ...rep, id_number: '001190012345' } }));
    assert.deepEqual(r.json.errors.map((e) => e.field), ['representative.id_number']);
    r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant, representative: { ...rep, relation: 'friend' } }));
    assert.deepEqual(r.json.errors.map((e) => e.field), ['representative.relation']);
    r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant, representative: { ...rep, extra: true } }));
    assert.deepEqual(r.json.errors.map((e) => e.field), ['representative.extra']);
  }
  // Filing for oneself with a representative block is refused too.
  let r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant: { kind: 'person', name: 'Trần Văn Nam', id_number: '001085004321' }, representative: rep }));
  assert.deepEqual(r.json.errors.map((e) => e.field), ['representative', 'representative.id_number']);
  // Someone else's paper cannot be used.
  const hangs = await upload(t['001190012345'], pdf('hang-paper'), 'owner=001190012345');
  r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant: org, representative: { ...rep, document: hangs.json.id } }));
  assert.deepEqual(r.json.errors.map((e) => e.field), ['representative.document']);

  r = await post('/api/v1/dossiers', nam, guardianship({ channel: 'online', applicant: org, representative: rep }));
  assert.equal(r.status, 201, r.text);
  const d = r.json;
  assert.deepEqual(d.representative, rep);
  assert.equal(d.submitter.full_name, 'Trần Văn Nam');
  assert.deepEqual(d.applicant.id_number, '0100109106');
  // The submitter follows it; the Center's desk sees it and reads the paper; others do not.
  assert.ok((await get('/api/v1/dossiers', nam)).json.items.some((x) => x.code === d.code));
  assert.equal((await get(`/api/v1/dossiers/${d.code}`, t['001190012345'])).status, 404);
  assert.equal((await get(`/api/v1/documents/${paper.json.id}`, t['tiepnhan.trungtam'])).status, 200);
  assert.equal((await get(`/api/v1/documents/${paper.json.id}`, t['tiepnhan.cuanam'])).status, 404);
  // Form 01 prints the representative's lines.
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-rep-'));
  try {
    const res = await fetch(`${ctx.srv.base}/api/v1/dossiers/${d.code}/forms/01.pdf`, { headers: { Authorization: `Bearer ${nam}` } });
    assert.equal(res.status, 200);
    const file = path.join(dir, 'f01.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.match(text, /Người đại diện theo pháp luật: Trần Văn Nam; số định danh cá nhân: 001085004321/);
    assert.match(text, /Giấy tờ chứng minh quyền đại diện: giấy tờ về người đại diện theo pháp luật/);
    assert.match(text, /Công ty TNHH Hoa Sen/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // At a counter, a receiver records who hands in for someone else (the paper was seen).
  r = await post('/api/v1/dossiers', t['tiepnhan.hoankiem'], guardianship({
    applicant: other, representative: { name: 'Trần Văn Nam', id_number: '001085004321', relation: 'authorized' },
  }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.representative, { name: 'Trần Văn Nam', id_number: '001085004321', relation: 'authorized', document: null });
  assert.equal(r.json.submitter, null);
  // The verified representative follows the dossier handed in for another person.
  assert.equal((await get(`/api/v1/dossiers/${r.json.code}`, nam)).status, 200);
});

test('return: only a receiver covering the dossier\'s return unit, which is recorded', async () => {
  let d = await counterDossier('001188077665', 'Lò Văn Páo');
  const act = (a, token, body) => post(`/api/v1/dossiers/${d.code}/${a}`, token, body);
  assert.equal((await act('transfer', t['tiepnhan.hoankiem'])).status, 200);
  assert.equal((await act('complete-step', t['xuly.hoankiem'], { note: 'ok' })).status, 200);
  assert.equal((await act('decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '1/GH', title: 'Trích lục' } })).status, 200);
  // Cửa Nam's receiver naming its own point is refused: the return unit is Hoàn Kiếm's.
  let r = await act('return', t['tiepnhan.cuanam'], { channel: 'counter', unit: CN_POINT });
  assert.equal(r.status, 404);
  r = await act('return', t['tiepnhan.hoankiem'], { channel: 'counter', unit: CN_POINT });
  assert.equal(r.status, 200, r.text);
  d = r.json;
  assert.equal(d.returned_unit, HK_POINT);
});
