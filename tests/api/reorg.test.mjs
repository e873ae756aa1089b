// The Hanoi reorganization end to end on a test clock: registers and dossiers seeded through the
// API, one decision moving all 126 service points under the Center, handovers confirmed, signed
// and completed, overdue after the deadline, parents and permissions switching at the effective
// time, dossiers unchanged and verification equal (API and command line).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, DEMO_PASSWORD, HK_PC, HK_POINT, CN_POINT, CENTER } from './lib/dossiers.mjs';
import { login, motcua } from './lib/server.mjs';

let ctx;
let request;
let t;
const SIGNED_ON = '2026-11-26';
const EFFECTIVE = '2026-12-01T00:00:00+07:00';
const BA_DINH_POINT = '003.01.50.H26';

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
  t['quanly.hoankiem'] = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
});
after(async () => { await ctx.srv.stop(); });

const post = (p, token, body) => request('POST', p, { token, body });
const get = (p, token) => request('GET', p, { token });
const act = (code, action, token, body = {}) => post(`/api/v1/dossiers/${code}/${action}`, token, body);

async function servicePoints() {
  const codes = [];
  let cursor = null;
  do {
    const r = await get(`/api/v1/units?kind=service_point&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    codes.push(...r.json.items.map((u) => u.code));
    cursor = r.json.next_cursor;
  } while (cursor);
  return codes;
}

async function seedRegisters() {
  const a = t.admin;
  const staff = [
    ['Nguyễn Văn An', '001090012301', 'Trưởng điểm', HK_POINT],
    ['Lê Thị Bích', '001190012302', 'Chuyên viên tiếp nhận', HK_POINT],
    ['Phạm Quốc Cường', '001090012303', 'Chuyên viên tiếp nhận', CN_POINT],
  ];
  for (const [full_name, id_number, position, unit] of staff) {
    const r = await post('/api/v1/staff', a, { full_name, id_number, position, unit, counter: 1 });
    assert.equal(r.status, 201, r.text);
  }
  for (const [code, name, unit] of [['HK-TS-001', 'Máy tính để bàn', HK_POINT], ['HK-TS-002', 'Máy in laser', HK_POINT]]) {
    const r = await post('/api/v1/assets', a, { inventory_code: code, name, category: 'Thiết bị văn phòng', quantity: 1, original_value: 15000000, remaining_value: 9000000, condition: 'tốt', unit });
    assert.equal(r.status, 201, r.text);
  }
  for (const [box, unit] of [['01', HK_POINT], ['07', CN_POINT]]) {
    const r = await post('/api/v1/records', a, { box, file: '12', title: 'Sổ đăng ký hộ tịch', year: 2024, sheets: 120, retention: 'Vĩnh viễn', unit });
    assert.equal(r.status, 201, r.text);
  }
}

async function seedDossiers() {
  const codes = [];
  let r = await post('/api/v1/dossiers', t['tiepnhan.hoankiem'], guardianship());
  assert.equal(r.status, 201, r.text);
  codes.push(r.json.code);
  // A second one at Hoàn Kiếm, taken to the end (returned: a closed dossier).
  r = await post('/api/v1/dossiers', t['tiepnhan.hoankiem'], guardianship());
  assert.equal(r.status, 201, r.text);
  const closed = r.json.code;
  codes.push(closed);
  assert.equal((await act(closed, 'transfer', t['tiepnhan.hoankiem'])).status, 200);
  assert.equal((await act(closed, 'complete-step', t['xuly.hoankiem'], { note: 'Hợp lệ' })).status, 200);
  r = await act(closed, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '16/2026/TLGH', title: 'Trích lục' } });
  assert.equal(r.status, 200, r.text);
  r = await act(closed, 'return', t['tiepnhan.hoankiem'], { channel: 'counter' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'returned');
  r = await post('/api/v1/dossiers', t['tiepnhan.cuanam'], guardianship());
  assert.equal(r.status, 201, r.text);
  codes.push(r.json.code);
  return codes;
}

async function dossierFacts(codes) {
  const out = {};
  for (const code of codes) {
    const d = await get(`/api/v1/dossiers/${code}`, t.admin);
    const h = await get(`/api/v1/dossiers/${code}/history`, t.admin);
    assert.equal(d.status, 200, d.text);
    assert.equal(h.status, 200, h.text);
    out[code] = { code: d.json.code, received_at: d.json.received_at, due_at: d.json.due_at, status: d.json.status, history: h.json };
  }
  return out;
}

const decision = (units, over = {}) => ({
  decision_number: '1234/QĐ-UBND', signed_on: SIGNED_ON, effective_at: EFFECTIVE,
  target_unit: CENTER, units, handover_days: 30, ...over,
});

test('the Hanoi decision: 126 points under the Center, handovers, overdue, nothing lost', async () => {
  await seedRegisters();
  const codes = await seedDossiers();
  const before = await dossierFacts(codes);
  const points = await servicePoints();
  assert.equal(points.length, 126);

  // Validation names the fields; nothing is created.
  let r = await post('/api/v1/reorganizations', t.admin, decision(['999.01.50.H26', HK_POINT, HK_POINT], { target_unit: '002.00.50.H26', effective_at: '2026-11-25T08:00:00+07:00' }));
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['effective_at', 'target_unit', 'units[0]', 'units[2]']);
  r = await post('/api/v1/reorganizations', t.admin, decision(Array.from({ length: 501 }, () => HK_POINT)));
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['units']);
  r = await post('/api/v1/reorganizations', t['quanly.trungtam'], decision(points));
  assert.equal(r.status, 403);

  // Before the decision, the Center manager does not cover the points.
  assert.equal((await get(`/api/v1/dossiers/${codes[0]}`, t['quanly.trungtam'])).status, 404);
  assert.equal((await get(`/api/v1/staff?unit=${HK_POINT}`, t['quanly.trungtam'])).status, 403);

  const started = Date.now();
  r = await post('/api/v1/reorganizations', t.admin, decision(points));
  const elapsed = Date.now() - started;
  assert.equal(r.status, 201, r.text);
  assert.ok(elapsed < 10000, `creation took ${elapsed} ms`);
  const dec = r.json;
  assert.equal(dec.deadline, '2026-12-26');
  assert.equal(dec.effective_at, EFFECTIVE);
  assert.equal(dec.handovers.length, 126);
  const byUnit = Object.fromEntries(dec.handovers.map((h) => [h.unit, h]));
  assert.deepEqual(byUnit[HK_POINT].counts, { staff: 2, dossiers_open: 1, dossiers_closed: 1, records: 1, assets: 2 });
  assert.deepEqual(byUnit[CN_POINT].counts, { staff: 1, dossiers_open: 1, dossiers_closed: 0, records: 1, assets: 0 });
  assert.deepEqual(byUnit[BA_DINH_POINT].counts, { staff: 0, dossiers_open: 0, dossiers_closed: 0, records: 0, assets: 0 });
  assert.equal(byUnit[HK_POINT].status, 'open');
  assert.equal(byUnit[HK_POINT].overdue, false);
  assert.equal(byUnit[HK_POINT].old_parent, HK_PC);

  // A second decision for a unit already moving at that time is refused.
  r = await post('/api/v1/reorganizations', t.admin, decision([HK_POINT]));
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['units[0]']);

  // Parents as of before and after the effective time.
  r = await get(`/api/v1/units/${HK_POINT}?as_of=2026-11-30`);
  assert.equal(r.json.parent, HK_PC);
  r = await get(`/api/v1/units/${HK_POINT}?as_of=2026-12-01`);
  assert.equal(r.json.parent, CENTER);
  assert.deepEqual(r.json.parents, [
    { parent: HK_PC, from: '1970-01-01T07:00:00+07:00', to: EFFECTIVE },
    { parent: CENTER, from: EFFECTIVE, to: null },
  ]);
  // Still before: the Center manager does not cover the point yet.
  assert.equal((await get(`/api/v1/dossiers/${codes[0]}`, t['quanly.trungtam'])).status, 404);

  await ctx.setClock('2026-12-01T08:00:00+07:00');
  assert.equal((await get(`/api/v1/units/${HK_POINT}`)).json.parent, CENTER);
  // The Center's manager now covers every point where dossiers were received: their report is the
  // city-wide one (read from the day cells), equal to what the dossier rows give and to the admin's.
  const rep = (from, tok) => get(`/api/v1/reports/summary?from=${encodeURIComponent(from)}`, tok);
  const cells = await rep('2026-11-01', t['quanly.trungtam']);
  const rows = await rep('2026-10-31T23:59:59+07:00', t['quanly.trungtam']);
  assert.equal(cells.status, 200, cells.text);
  assert.deepEqual(cells.json.rows, rows.json.rows);
  assert.deepEqual(cells.json.totals, rows.json.totals);
  assert.deepEqual(cells.json.rows, (await rep('2026-11-01', t.admin)).json.rows);
  assert.ok(cells.json.totals.received.total >= 2);
  assert.equal((await get(`/api/v1/dossiers/${codes[0]}`, t['quanly.trungtam'])).status, 200);
  r = await get(`/api/v1/staff?unit=${HK_POINT}`, t['quanly.trungtam']);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((s) => s.full_name), ['Nguyễn Văn An', 'Lê Thị Bích']);
  assert.equal(r.json.items[0].unit, HK_POINT); // staff moved with their unit

  // The Hoàn Kiếm handover: items, bulk confirmation, a pending item blocks signing.
  const hkId = byUnit[HK_POINT].id;
  r = await get(`/api/v1/handovers/${hkId}`, t['quanly.trungtam']);
  assert.equal(r.status, 200, r.text);
  const hk = r.json;
  assert.equal(hk.unit, HK_POINT);
  assert.equal(hk.status, 'open');
  assert.deepEqual(hk.signed, { giver: null, receiver: null });
  assert.deepEqual(hk.items.map((i) => i.kind).sort(), ['asset', 'asset', 'dossier', 'dossier', 'record', 'staff', 'staff']);
  assert.ok(hk.items.every((i) => i.status === 'pending' && i.note === ''));
  assert.deepEqual(hk.items.filter((i) => i.kind === 'dossier').map((i) => i.ref).sort(), codes.slice(0, 2).sort());
  const last = hk.items[hk.items.length - 1];
  const rest = hk.items.slice(0, -1).map((i) => ({ id: i.id, status: 'received' }));
  // Only the receiving side confirms.
  assert.equal((await post(`/api/v1/handovers/${hkId}/items/confirm`, t['quanly.hoankiem'], { items: rest })).status, 403);
  r = await post(`/api/v1/handovers/${hkId}/items/confirm`, t['quanly.trungtam'], { items: [...rest, { id: 999999, status: 'received' }] });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), [`items[${rest.length}].id`]);
  r = await post(`/api/v1/handovers/${hkId}/items/confirm`, t['quanly.trungtam'], { items: rest });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items.filter((i) => i.status === 'pending').length, 1);
  r = await post(`/api/v1/handovers/${hkId}/sign`, t['quanly.hoankiem'], { side: 'giver' });
  assert.equal(r.status, 409, r.text);
  r = await post(`/api/v1/handovers/${hkId}/items/confirm`, t['quanly.trungtam'], { items: [{ id: last.id, status: 'damaged', note: 'Vỏ máy nứt' }] });
  assert.equal(r.status, 200, r.text);
  // Sides: the commune's unit manager gives, the Center manager receives.
  assert.equal((await post(`/api/v1/handovers/${hkId}/sign`, t['quanly.trungtam'], { side: 'giver' })).status, 403);
  assert.equal((await post(`/api/v1/handovers/${hkId}/sign`, t['quanly.hoankiem'], { side: 'receiver' })).status, 403);
  r = await post(`/api/v1/handovers/${hkId}/sign`, t['quanly.hoankiem'], { side: 'giver' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'open');
  assert.equal(r.json.signed.giver.by, 'quanly.hoankiem');
  assert.equal((await post(`/api/v1/handovers/${hkId}/sign`, t['quanly.hoankiem'], { side: 'giver' })).status, 409);
  r = await post(`/api/v1/handovers/${hkId}/sign`, t['quanly.trungtam'], { side: 'receiver' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'complete');
  assert.equal(r.json.signed.receiver.by, 'quanly.trungtam');
  assert.equal(r.json.completed_at, '2026-12-01T08:00:00+07:00');
  assert.equal(r.json.items.find((i) => i.id === last.id).note, 'Vỏ máy nứt');
  // Complete: items cannot change.
  r = await post(`/api/v1/handovers/${hkId}/items/confirm`, t['quanly.trungtam'], { items: [{ id: last.id, status: 'received' }] });
  assert.equal(r.status, 409);

  // The handover record names the unit and every item.
  r = await fetch(`${ctx.srv.base}/api/v1/handovers/${hkId}/record.pdf`, { headers: { Authorization: `Bearer ${t.admin}` } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-pdf-'));
  const file = path.join(dir, 'bb.pdf');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const txt = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', timeout: 60000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(txt.status, 0, txt.stderr);
  const flat = txt.stdout.normalize('NFC').replace(/\s+/g, ' ');
  for (const needle of ['BIÊN BẢN BÀN GIAO', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Điểm phục vụ hành chính công phường Hoàn Kiếm', '1234/QĐ-UBND', ...hk.items.map((i) => i.label)]) {
    assert.ok(flat.includes(needle), `PDF lacks "${needle}"`);
  }

  // Overdue from 00:00 of the day after the deadline, for the handovers not complete.
  await ctx.setClock('2026-12-26T23:59:59+07:00');
  r = await get(`/api/v1/reorganizations/${dec.id}`, t['quanly.trungtam']);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.handovers.filter((h) => h.overdue).length, 0);
  await ctx.setClock('2026-12-27T00:00:00+07:00');
  r = await get(`/api/v1/reorganizations/${dec.id}`, t['quanly.trungtam']);
  const after1 = Object.fromEntries(r.json.handovers.map((h) => [h.unit, h]));
  assert.equal(after1[HK_POINT].overdue, false);
  assert.equal(after1[HK_POINT].status, 'complete');
  assert.equal(after1[CN_POINT].overdue, true);
  assert.equal(r.json.handovers.filter((h) => h.overdue).length, 125);
  assert.deepEqual(r.json.summary, { handovers: 126, complete: 1, overdue: 125 });
  assert.equal((await get(`/api/v1/handovers/${after1[CN_POINT].id}`, t['quanly.trungtam'])).json.overdue, true);

  // The list of decisions: summaries without the handovers, only to those who may read them.
  r = await get('/api/v1/reorganizations', t['quanly.trungtam']);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => [x.id, x.decision_number, x.target_unit, x.deadline]), [[dec.id, '1234/QĐ-UBND', CENTER, '2026-12-26']]);
  assert.deepEqual(r.json.items[0].summary, { handovers: 126, complete: 1, overdue: 125 });
  assert.equal(r.json.items[0].handovers, undefined);
  assert.equal(r.json.next_cursor, null);
  // The giving side (the Hoàn Kiếm unit manager) sees the decision with its own handover only.
  r = await get('/api/v1/reorganizations', t['quanly.hoankiem']);
  assert.deepEqual(r.json.items.map((x) => [x.id, x.summary]), [[dec.id, { handovers: 1, complete: 1, overdue: 0 }]]);
  r = await get(`/api/v1/reorganizations/${dec.id}`, t['quanly.hoankiem']);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.handovers.map((x) => x.unit), [HK_POINT]);
  // Neither side: nothing listed, the decision is not found.
  assert.deepEqual((await get('/api/v1/reorganizations', t['xuly.hoankiem'])).json.items, []);
  assert.equal((await get(`/api/v1/reorganizations/${dec.id}`, t['xuly.hoankiem'])).status, 404);
  assert.equal((await get('/api/v1/reorganizations')).status, 401);
  r = await get('/api/v1/reorganizations?limit=0', t.admin);
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['limit']);

  // Dossiers kept their codes, dates and history; verification agrees.
  assert.deepEqual(await dossierFacts(codes), before);
  r = await get(`/api/v1/reorganizations/${dec.id}/verify`, t.admin);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.equal, true);
  assert.equal(r.json.at_creation.dossiers, 3);
  assert.equal(r.json.now.dossiers, 3);
  assert.equal(r.json.at_creation.checksum, r.json.now.checksum);
  assert.match(r.json.now.checksum, /^[0-9a-f]{64}$/);
  assert.deepEqual(r.json.changed, []);
  const cli = motcua(['reorg', 'verify', String(dec.id), '--data', ctx.srv.data]);
  assert.equal(cli.status, 0, cli.stderr + cli.stdout);
  assert.match(cli.stdout, /EQUAL/);
  assert.match(cli.stdout, /at creation: 3 dossiers/);
});
