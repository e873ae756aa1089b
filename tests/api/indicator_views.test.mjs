// Indicators' views (issue 20 item 1, docs/indicators.md): the trend per calendar month, the
// dossiers behind each numerator and denominator (as many as the number says), the table as XLSX
// and PDF with correct Vietnamese; scope and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, HK_POINT, HK_PC, CENTER, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';
import { pdf } from './lib/files.mjs';
import { readSheet } from './lib/xlsx.mjs';

let ctx, request, t;
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-indviews-'));
before(async () => {
  ctx = await startDemo('2026-11-30T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

const act = async (code, action, token, body = {}) => {
  const r = await request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
};
const intake = async (body = {}) => {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship(body) });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
};
const rate = async (code, score) => {
  const secret = (await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] })).json.tracking_secret;
  const r = await request('POST', `/api/v1/public/dossiers/${code}/rating?secret=${secret}`, { body: { score } });
  assert.equal(r.status, 201, r.text);
};
const download = async (url, token, ext) => {
  const res = await fetch(`${ctx.srv.base}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { status: res.status, type: res.headers.get('content-type'), file };
};

// The data of tests/api/indicators.test.mjs, plus z: taken in on Monday 30/11 09:00 (due 03/12
// 09:00) and left open, so that November has a dossier and December one more past its due time.
const D = {};
test('data', async () => {
  D.z = await intake();
  await ctx.setClock('2026-12-01T09:00:00+07:00');
  const scan = await fetch(`${ctx.srv.base}/api/v1/documents?owner=001190012345`, { method: 'POST', body: pdf('tk'), headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } }).then((r) => r.json());
  D.a = await intake();
  D.f = await intake();
  D.b = await intake({ components: [{ id: 'tp02' }, { id: 'tp07', document: scan.id }] });
  const c = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online' }) });
  assert.equal(c.status, 201, c.text);
  D.c = c.json.code;
  const u = await request('POST', '/api/v1/users', { token: t.admin, body: { username: 'tn.online', password: 'correct horse 1', full_name: 'Bàn trực tuyến', roles: [{ role: 'receiver', unit: CENTER }] } });
  assert.equal(u.status, 201, u.text);
  const desk = (await request('POST', '/api/v1/auth/login', { body: { username: 'tn.online', password: 'correct horse 1' } })).json.token;
  await act(D.c, 'receive', desk);
  for (const x of [D.a, D.f]) {
    await act(x, 'transfer', t['tiepnhan.hoankiem']);
    await act(x, 'complete-step', t['xuly.hoankiem']);
    await act(x, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: `${x.slice(-2)}/GH`, title: 'Trích lục' } });
    await act(x, 'return', t['tiepnhan.hoankiem'], { channel: 'counter' });
  }
  await rate(D.a, 'satisfied');
  await rate(D.f, 'unsatisfied');
  await act(D.b, 'transfer', t['tiepnhan.hoankiem']);
  await ctx.setClock('2026-12-02T09:00:00+07:00');
  D.d = await intake();
  await ctx.setClock('2026-12-03T10:00:00+07:00');
  await act(D.b, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh', new_due_at: '2026-12-10T17:00:00+07:00' });
  await ctx.setClock('2026-12-07T10:00:00+07:00');
  await act(D.b, 'complete-step', t['xuly.hoankiem']);
  await act(D.b, 'decide', t['lanhdao.hoankiem'], { outcome: 'denied', reason: 'Không đủ điều kiện' });
  await ctx.setClock('2026-12-08T09:00:00+07:00');
  D.e = await intake();
  await ctx.setClock('2026-12-08T17:00:00+07:00');
});

const DEC = 'from=2026-12-01&to=2026-12-08T17:00:00%2B07:00';
// [numerator, denominator] per indicator in December.
const DEC_COUNTS = {
  portal_sync: [0, 6],
  processing_on_time: [3, 7], // a, f, e / a, f, b (decided), c, d, z (past due), e
  returns_on_time: [2, 2],
  online_submission: [1, 6],
  full_online: [0, 0],
  online_payment: [0, 0],
  electronic_results: [0, 2],
  digitized_dossiers: [1, 3],
  satisfaction: [1, 3],
  extension_late_notices: [1, 1],
};

test('trend: each indicator per calendar month', async () => {
  const r = await request('GET', '/api/v1/reports/indicators/trend?from=2026-11-01&to=2026-12-08T17:00:00%2B07:00', { token: t.admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.months, [
    { month: '2026-11', from: '2026-11-01T00:00:00+07:00', to: '2026-11-30T23:59:59+07:00' },
    { month: '2026-12', from: '2026-12-01T00:00:00+07:00', to: '2026-12-08T17:00:00+07:00' },
  ]);
  const got = Object.fromEntries(r.json.items.map((i) => [i.id, i.points.map((p) => [p.month, p.numerator, p.denominator, p.value])]));
  assert.deepEqual(got.processing_on_time, [['2026-11', 1, 1, 100], ['2026-12', 3, 7, 42.86]]);
  assert.deepEqual(got.portal_sync, [['2026-11', 0, 1, 0], ['2026-12', 0, 6, 0]]);
  assert.deepEqual(got.satisfaction, [['2026-11', 0, 0, null], ['2026-12', 1, 3, 33.33]]);
  assert.deepEqual(got.extension_late_notices, [['2026-11', 0, 0, null], ['2026-12', 1, 1, 100]]);
  // Each month equals the indicators of that month's part of the period.
  const dec = await request('GET', `/api/v1/reports/indicators?${DEC}`, { token: t.admin });
  for (const i of dec.json.items) {
    const p = r.json.items.find((x) => x.id === i.id).points[1];
    assert.deepEqual([p.numerator, p.denominator, p.value], [i.numerator, i.denominator, i.value], i.id);
  }
  // At most 24 months; beyond is 422 naming from.
  let q = await request('GET', '/api/v1/reports/indicators/trend?from=2024-12-01&to=2026-11-30', { token: t.admin });
  assert.equal(q.status, 200, q.text);
  assert.equal(q.json.months.length, 24);
  q = await request('GET', '/api/v1/reports/indicators/trend?from=2024-11-30&to=2026-11-30', { token: t.admin });
  assert.equal(q.status, 422);
  assert.deepEqual(q.json.errors.map((e) => e.field), ['from']);
  assert.ok(q.json.errors[0].message_vi);
  q = await request('GET', '/api/v1/reports/indicators/trend?from=2026-12-01', { token: t['001190012345'] });
  assert.equal(q.status, 403);
});

test('drill-down: the dossiers behind each number, as many as it says', async () => {
  const ind = await request('GET', `/api/v1/reports/indicators?${DEC}`, { token: t.admin });
  const codesOf = async (id, part, extra = '') => {
    const r = await request('GET', `/api/v1/reports/indicators/${id}/dossiers?part=${part}&${DEC}&limit=500${extra}`, { token: t.admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.next_cursor, null);
    return r.json.items.map((i) => i.code);
  };
  const counts = {};
  for (const i of ind.json.items) {
    if (!(i.id in DEC_COUNTS)) continue; // indicators added later have no drill-down yet
    counts[i.id] = [(await codesOf(i.id, 'numerator')).length, (await codesOf(i.id, 'denominator')).length];
    assert.deepEqual(counts[i.id], [i.numerator, i.denominator], i.id);
  }
  assert.deepEqual(counts, DEC_COUNTS);
  const sorted = (xs) => [...xs].sort();
  assert.deepEqual(sorted(await codesOf('processing_on_time', 'numerator')), sorted([D.a, D.f, D.e]));
  assert.deepEqual(sorted(await codesOf('processing_on_time', 'denominator')), sorted([D.a, D.f, D.b, D.c, D.d, D.e, D.z]));
  assert.deepEqual(await codesOf('satisfaction', 'numerator'), [D.a]);
  assert.deepEqual(await codesOf('extension_late_notices', 'numerator'), [D.b]);
  const row = (await request('GET', `/api/v1/reports/indicators/satisfaction/dossiers?part=numerator&${DEC}`, { token: t.admin })).json.items[0];
  assert.deepEqual([row.code, row.status, row.decision, row.timeliness, row.channel, row.receiving_unit], [D.a, 'returned', 'approved', 'early', 'counter', HK_POINT]);
  // Pages of 4: 4 + 3, the cursor of the first leading to the second.
  let p = await request('GET', `/api/v1/reports/indicators/processing_on_time/dossiers?part=denominator&${DEC}&limit=4`, { token: t.admin });
  assert.equal(p.json.items.length, 4);
  assert.ok(p.json.next_cursor);
  const p2 = await request('GET', `/api/v1/reports/indicators/processing_on_time/dossiers?part=denominator&${DEC}&limit=4&cursor=${p.json.next_cursor}`, { token: t.admin });
  assert.equal(p2.json.items.length, 3);
  assert.equal(p2.json.next_cursor, null);
  assert.deepEqual(sorted([...p.json.items, ...p2.json.items].map((i) => i.code)), sorted([D.a, D.f, D.b, D.c, D.d, D.e, D.z]));
  // Scoped as the indicators: another point's receiver sees none of them; a unit outside is 403.
  p = await request('GET', `/api/v1/reports/indicators/processing_on_time/dossiers?part=denominator&${DEC}`, { token: t['tiepnhan.cuanam'] });
  assert.equal(p.status, 200);
  assert.deepEqual(p.json.items, []);
  p = await request('GET', `/api/v1/reports/indicators/processing_on_time/dossiers?part=denominator&unit=${HK_POINT}&${DEC}`, { token: t['tiepnhan.cuanam'] });
  assert.equal(p.status, 403);
  p = await request('GET', `/api/v1/reports/indicators/processing_on_time/dossiers?part=numerator&unit=${HK_POINT}&${DEC}`, { token: t['tiepnhan.hoankiem'] });
  assert.equal(p.status, 200);
  assert.equal(p.json.items.length, 3);
  // Bad input.
  p = await request('GET', `/api/v1/reports/indicators/no_such/dossiers?part=numerator&${DEC}`, { token: t.admin });
  assert.equal(p.status, 404);
  for (const [qs, field] of [['part=both', 'part'], ['', 'part'], ['part=numerator&cursor=!!', 'cursor'], ['part=numerator&from=x', 'from'], ['part=numerator&unit=a%20b', 'unit']]) {
    p = await request('GET', `/api/v1/reports/indicators/satisfaction/dossiers?${qs}`, { token: t.admin });
    assert.equal(p.status, 422, qs);
    assert.ok(p.json.errors.some((e) => e.field === field && e.message_vi), `${qs}: ${p.text}`);
  }
});

test('exports: the indicator table as XLSX and as PDF in Vietnamese', async () => {
  const ind = (await request('GET', `/api/v1/reports/indicators?${DEC}`, { token: t.admin })).json.items;
  const x = await download(`/api/v1/reports/indicators.xlsx?${DEC}`, t.admin, 'xlsx');
  assert.equal(x.status, 200);
  assert.match(x.type, /spreadsheetml/);
  const rows = readSheet(x.file);
  assert.match(rows[0][0], /^CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP \(QĐ 766\/QĐ-TTg\) — Từ ngày 01\/12\/2026 đến ngày 08\/12\/2026/);
  assert.deepEqual(rows[1], ['STT', 'Chỉ số (QĐ 766)', 'Tên chỉ số', 'Tử số', 'Mẫu số', 'Giá trị (%)', 'Công thức']);
  assert.equal(rows.length, 2 + ind.length);
  ind.forEach((i, k) => {
    assert.deepEqual(rows[2 + k].slice(0, 6), [k + 1, i.indicator_766 === null ? 'chỉ số riêng' : i.indicator_766, i.name, i.numerator, i.denominator, i.value === null ? 'N/A' : i.value], i.id);
  });
  const p = await download(`/api/v1/reports/indicators.pdf?${DEC}`, t.admin, 'pdf');
  assert.equal(p.status, 200);
  assert.equal(p.type, 'application/pdf');
  const text = execFileSync('pdftotext', ['-layout', p.file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG PHỤC VỤ', 'Từ ngày 01/12/2026 đến ngày 08/12/2026',
    'Tỷ lệ hồ sơ giải quyết đúng hạn', 'Mức độ hài lòng', '42.86', '33.33', 'NGƯỜI LẬP BÁO CÁO', 'Quyết định số 766/QĐ-TTg']) {
    assert.ok(text.includes(s), `PDF lacks "${s}"`);
  }
  assert.match(execFileSync('pdfinfo', [p.file], { encoding: 'utf8' }), /Page size:\s+841\.89 x 595\.276 pts \(A4\)/);
  // The same rules as the JSON: 403 for citizens, 422 naming a bad parameter.
  assert.equal((await download(`/api/v1/reports/indicators.pdf?${DEC}`, t['001190012345'], 'pdf')).status, 403);
  const bad = await request('GET', '/api/v1/reports/indicators.xlsx?to=nope', { token: t.admin });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.errors.map((e) => e.field), ['to']);
});

test('staff figures: each act credited to the account that did it', async () => {
  // One supplement request by the processor, on d (taken in on 02/12).
  await act(D.d, 'transfer', t['tiepnhan.hoankiem']);
  await act(D.d, 'request-supplement', t['xuly.hoankiem'], { reason: 'Thiếu giấy tờ', items: ['Bản sao giấy khai sinh'] });
  const r = await request('GET', `/api/v1/reports/staff?${DEC}`, { token: t.admin });
  assert.equal(r.status, 200, r.text);
  const row = (username, full_name, received, onTime, late, decisions, returns, supplements, avg, rated, satisfied, unsatisfied) => ({
    username, full_name, received, steps: { on_time: onTime, late }, decisions, returns, supplement_requests: supplements,
    average_step_seconds: avg, ratings: { rated, satisfied, unsatisfied } });
  // The receiver took in a, f, b, d, e and returned a, f; the Center's desk received c; the
  // processor completed a and f at once (0 s) and b after 6 days and an hour (522000 s, late):
  // an average of 174000 s; the approver decided a, f, b, each decision step done at once. The
  // three touched a (satisfied) and f (unsatisfied); nobody is credited with another's act.
  const lan = row('lanhdao.hoankiem', 'Đỗ Thị Lan', 0, 3, 0, 3, 0, 0, 0, 2, 1, 1);
  const xuly = row('xuly.hoankiem', 'Hoàng Văn Bình', 0, 2, 1, 0, 0, 1, 174000, 2, 1, 1);
  assert.deepEqual(r.json.items, [
    lan,
    row('tiepnhan.hoankiem', 'Lê Thu Trang', 5, 0, 0, 0, 2, 0, null, 2, 1, 1),
    row('tn.online', 'Bàn trực tuyến', 1, 0, 0, 0, 0, 0, null, 0, 0, 0),
    xuly,
  ]);
  // An officer sees their own figures only; a unit's manager those acting on the unit's dossiers.
  let q = await request('GET', `/api/v1/reports/staff?${DEC}`, { token: t['xuly.hoankiem'] });
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.json.items, [xuly]);
  q = await request('GET', `/api/v1/reports/staff?${DEC}`, { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(q.json.items, []);
  const mgr = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
  q = await request('GET', `/api/v1/reports/staff?${DEC}&unit=${HK_PC}`, { token: mgr });
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.json.items.map((i) => i.username), ['lanhdao.hoankiem', 'tiepnhan.hoankiem', 'tn.online', 'xuly.hoankiem']);
  // A period with the processor's late step alone (07/12).
  q = await request('GET', '/api/v1/reports/staff?from=2026-12-07&to=2026-12-07', { token: t.admin });
  assert.deepEqual(q.json.items.find((i) => i.username === 'xuly.hoankiem').steps, { on_time: 0, late: 1 });
  assert.equal(q.json.items.find((i) => i.username === 'xuly.hoankiem').average_step_seconds, 522000);
  q = await request('GET', `/api/v1/reports/staff?${DEC}&unit=${HK_POINT}`, { token: t['tiepnhan.cuanam'] });
  assert.equal(q.status, 403);
  q = await request('GET', `/api/v1/reports/staff?${DEC}`, { token: t['001190012345'] });
  assert.equal(q.status, 403);
  q = await request('GET', '/api/v1/reports/staff?to=x', { token: t.admin });
  assert.equal(q.status, 422);
  assert.deepEqual(q.json.errors.map((e) => e.field), ['to']);
});
