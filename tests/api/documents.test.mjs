// Documents: type from the bytes, limits, content-addressed storage, access, digitization, reuse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startDemo, guardianship } from './lib/dossiers.mjs';
import { png, pdf } from './lib/files.mjs';

let ctx;
let request;
let t;

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00', ['--upload-max', '200000']);
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

async function upload(token, bytes, query, type = 'application/octet-stream') {
  const res = await fetch(`${ctx.srv.base}/api/v1/documents?${query}`, {
    method: 'POST', body: bytes, headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text, headers: res.headers };
}

function blobFiles() {
  const root = path.join(ctx.srv.data, 'blobs');
  return readdirSync(root).filter((d) => d.length === 2).flatMap((d) => readdirSync(path.join(root, d)));
}

test('the type comes from the bytes; executables 415; empty 422; over the cap 413', async () => {
  const p = png('renamed');
  let r = await upload(t['tiepnhan.hoankiem'], p, 'filename=giay-khai-sinh.pdf&owner=001190012345', 'application/pdf');
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.content_type, 'image/png');
  assert.equal(r.json.size, p.length);
  assert.equal(r.json.sha256, createHash('sha256').update(p).digest('hex'));
  assert.equal(r.json.filename, 'giay-khai-sinh.pdf');
  r = await upload(t['tiepnhan.hoankiem'], readFileSync('/bin/true'), 'filename=true.pdf&owner=001190012345', 'application/pdf');
  assert.equal(r.status, 415);
  r = await upload(t['tiepnhan.hoankiem'], Buffer.alloc(0), 'owner=001190012345');
  assert.equal(r.status, 422);
  assert.equal(JSON.parse(r.text).errors[0].field, 'body');
  r = await upload(t['tiepnhan.hoankiem'], pdf('x'), 'owner=12');
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'owner');
  r = await upload(t['001190012345'], pdf('x'), 'owner=001085004321');
  assert.equal(r.status, 422);
  r = await upload(t['tiepnhan.hoankiem'], Buffer.concat([pdf('big'), Buffer.alloc(250000)]), 'owner=001190012345');
  assert.equal(r.status, 413);
  // A chunked body that passes the cap is refused too.
  const port = Number(new URL(ctx.srv.base).port);
  const answer = await new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', (e) => (data ? resolve(data) : reject(e)));
    sock.write(`POST /api/v1/documents?owner=001190012345 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t['tiepnhan.hoankiem']}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
    const piece = Buffer.alloc(50000, 0x41);
    for (let i = 0; i < 6; i++) sock.write(`${piece.length.toString(16)}\r\n`), sock.write(piece), sock.write('\r\n');
    sock.write('0\r\n\r\n');
  });
  assert.match(answer, /^HTTP\/1\.1 413 /);
});

test('identical bytes are one blob; each upload has its own id', async () => {
  const before = blobFiles().length;
  const bytes = pdf('twice');
  const a = await upload(t['tiepnhan.hoankiem'], bytes, 'owner=001190012345&filename=a.pdf');
  const b = await upload(t['tiepnhan.cuanam'], bytes, 'owner=001190012345&filename=b.pdf');
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.notEqual(a.json.id, b.json.id);
  assert.equal(a.json.sha256, b.json.sha256);
  assert.equal(blobFiles().length, before + 1);
  assert.ok(blobFiles().includes(a.json.sha256));
});

test('who may read: the owner, the uploader, staff who see a dossier using it — nobody else', async () => {
  const bytes = png('hang-cccd');
  const up = await upload(t['001190012345'], bytes, 'owner=001190012345&filename=cccd.png');
  assert.equal(up.status, 201, up.text);
  const id = up.json.id;
  const get = (token) => fetch(`${ctx.srv.base}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  let res = await get(t['001190012345']);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  for (const other of ['001085004321', 'tiepnhan.cuanam', 'xuly.hoankiem']) {
    res = await get(t[other]);
    assert.equal(res.status, 404, other);
  }
  // A receiver may attach only a document it may read: not this one (422, and still 404).
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship({ components: [{ id: 'tp02' }, { id: 'tp07', document: id }] }) });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['components[1].document']);
  assert.equal((await get(t['tiepnhan.cuanam'])).status, 404);
  // Used by a dossier (the citizen's online submission): the staff who see the dossier may read it.
  r = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online', components: [{ id: 'tp02' }, { id: 'tp06', document: id }] }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.components.find((c) => c.id === 'tp06').document, id);
  assert.equal(r.json.digitized, true);
  assert.equal(r.json.electronic_result, false);
  assert.equal((await get(t['xuly.hoankiem'])).status, 200);
  assert.equal((await get(t['tiepnhan.cuanam'])).status, 404);
  assert.equal((await get(t['001085004321'])).status, 404);
  // Another applicant's document cannot be attached, by the receiver or by the citizen.
  const other = await upload(t['001085004321'], pdf('nam'), 'owner=001085004321');
  r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship({ components: [{ id: 'tp02' }, { id: 'tp07', document: other.json.id }] }) });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'components[1].document');
  r = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online', components: [{ id: 'tp02' }, { id: 'tp06', document: other.json.id }] }) });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'components[1].document');
  // The receiver's own scan of the same paper is attachable.
  const scan = await upload(t['tiepnhan.cuanam'], pdf('hang-scan'), 'owner=001190012345');
  r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship({ components: [{ id: 'tp02' }, { id: 'tp07', document: scan.json.id }] }) });
  assert.equal(r.status, 201, r.text);
});

test('digitization, electronic results and reuse', async () => {
  const scan = await upload(t['tiepnhan.hoankiem'], pdf('to-khai'), 'owner=001190012345&filename=to-khai.pdf');
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  const code = r.json.code;
  assert.equal(r.json.digitized, false);
  await request('POST', `/api/v1/dossiers/${code}/transfer`, { token: t['tiepnhan.hoankiem'], body: {} });
  r = await request('POST', `/api/v1/dossiers/${code}/request-supplement`, { token: t['xuly.hoankiem'], body: { items: ['Bản scan tờ khai'], reason: 'Thiếu bản điện tử' } });
  r = await request('POST', `/api/v1/dossiers/${code}/supplement`, { token: t['tiepnhan.hoankiem'], body: { components: [{ id: 'tp07', document: scan.json.id }] } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.digitized, true);
  await request('POST', `/api/v1/dossiers/${code}/complete-step`, { token: t['xuly.hoankiem'], body: {} });
  const result = await upload(t['lanhdao.hoankiem'], pdf('trich-luc'), 'owner=001190012345&filename=trich-luc.pdf');
  r = await request('POST', `/api/v1/dossiers/${code}/decide`, { token: t['lanhdao.hoankiem'], body: { outcome: 'approved', result: { number: '7/TLGH', title: 'Trích lục', document: result.json.id } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.electronic_result, true);
  assert.equal(r.json.result.document, result.json.id);
  // The applicant's documents, for reuse in a new dossier: the applicant and staff who see one of them.
  r = await request('GET', '/api/v1/applicants/001190012345/documents?limit=500', { token: t['001190012345'] });
  assert.equal(r.status, 200);
  const ids = r.json.items.map((d) => d.id);
  assert.ok(ids.includes(scan.json.id) && ids.includes(result.json.id));
  assert.equal((await request('GET', '/api/v1/applicants/001190012345/documents', { token: t['tiepnhan.hoankiem'] })).status, 200);
  assert.equal((await request('GET', '/api/v1/applicants/001190012345/documents', { token: t['001085004321'] })).status, 404);
  // Reusing the result in a new dossier.
  r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship({ components: [{ id: 'tp02' }, { id: 'tp07', document: scan.json.id }] }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.digitized, true);
});

test('receipts carry an Ed25519 signature that the public verifier checks', async () => {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  const code = r.json.code;
  const rc = await request('GET', `/api/v1/dossiers/${code}/receipt`, { token: t['tiepnhan.hoankiem'] });
  assert.equal(rc.status, 200, rc.text);
  assert.match(rc.json.signature, /^[A-Za-z0-9_-]{86}$/);
  assert.equal(rc.json.qr_url, `${new URL(ctx.srv.base).origin}/track/${code}?s=${r.json.tracking_secret}&sig=${rc.json.signature}`);
  let v = await request('GET', `/api/v1/public/receipts/verify?code=${code}&sig=${rc.json.signature}`);
  assert.equal(v.json.valid, true);
  assert.equal(v.json.received_at, r.json.received_at);
  assert.equal(v.json.due_at, r.json.due_at);
  // A tampered signature, or a genuine one moved to another code, is refused.
  const bad = rc.json.signature.slice(0, 10) + (rc.json.signature[10] === 'A' ? 'B' : 'A') + rc.json.signature.slice(11);
  v = await request('GET', `/api/v1/public/receipts/verify?code=${code}&sig=${bad}`);
  assert.deepEqual([v.status, v.json.valid], [200, false]);
  const other = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  v = await request('GET', `/api/v1/public/receipts/verify?code=${other.json.code}&sig=${rc.json.signature}`);
  assert.equal(v.json.valid, false);
  v = await request('GET', '/api/v1/public/receipts/verify?code=nope&sig=zzz');
  assert.equal(v.json.valid, false);
  // The tracking page tells a genuine receipt from a forged one.
  const page = await request('GET', rc.json.qr_url.replace(/^https?:\/\/[^/]+/, ''));
  assert.match(page.text, /Giấy tiếp nhận hợp lệ/);
  const forged = await request('GET', `/track/${code}?s=${r.json.tracking_secret}&sig=${bad}`);
  assert.match(forged.text, /chữ ký trên giấy tiếp nhận không hợp lệ/);
});
