// Periodic reports (issue 20 item 2, docs/reports.md): the monthly/quarterly/yearly report on
// receiving and resolving dossiers per level and field with exact figures; issued versions kept as
// issued (figures and file bytes), a new version only when the figures changed; XLSX and PDF in
// Vietnamese; who may issue; bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, HK_PC, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';
import { readSheet } from './lib/xlsx.mjs';

let ctx, request, t;
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-periodic-'));
before(async () => {
  ctx = await startDemo('2026-10-30T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
  t['quanly.hoankiem'] = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
});
after(async () => { await ctx.srv.stop(); });

const act = async (code, action, token, body = {}) => {
  const r = await request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
};
const intake = async (body = {}, token = t['tiepnhan.hoankiem']) => {
  const r = await request('POST', '/api/v1/dossiers', { token, body: guardianship(body) });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
};
const bytes = async (url, token = t.admin) => {
  const res = await fetch(`${ctx.srv.base}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, url);
  return { type: res.headers.get('content-type'), buf: Buffer.from(await res.arrayBuffer()) };
};
const save = (buf, ext) => {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(file, buf);
  return file;
};
const counts = (received, resolved, inProgress) => ({
  received: { total: received[0] + received[1] + received[2], carried_over: received[0], online: received[1], direct_or_post: received[2] },
  resolved: { total: resolved[0] + resolved[1] + resolved[2], early: resolved[0], on_time: resolved[1], late: resolved[2] },
  in_progress: { total: inProgress[0] + inProgress[1], within: inProgress[0], overdue: inProgress[1] },
});
const issue = (body, token = t.admin) => request('POST', '/api/v1/reports/periodic', { token, body });

const D = {};
let FIELD;
test('data', async () => {
  FIELD = (await request('GET', '/api/v1/procedures/1.004837', { token: t.admin })).json.field;
  assert.equal(FIELD, 'Hộ tịch');
  // Friday 30/10 09:00: o taken in (due Wednesday 04/11 09:00), carried over into November.
  D.o = await intake();
  await act(D.o, 'transfer', t['tiepnhan.hoankiem']);
  // Monday 02/11: n1 at the counter, decided at once (early); n2 online, received by the
  // Center's desk (due 05/11 09:00, left open); n3 by post, then extended to 18/12.
  await ctx.setClock('2026-11-02T09:00:00+07:00');
  D.n1 = await intake();
  await act(D.n1, 'transfer', t['tiepnhan.hoankiem']);
  await act(D.n1, 'complete-step', t['xuly.hoankiem']);
  assert.equal((await act(D.n1, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '1/GH', title: 'Trích lục' } })).timeliness, 'early');
  D.n2 = await intake({ channel: 'online' }, t['001190012345']);
  const desk = await login(request, 'tiepnhan.trungtam', DEMO_PASSWORD);
  await act(D.n2, 'receive', desk);
  D.n3 = await intake({ channel: 'post' });
  await act(D.n3, 'transfer', t['tiepnhan.hoankiem']);
  await ctx.setClock('2026-11-03T09:00:00+07:00');
  await act(D.n3, 'extend', t['lanhdao.hoankiem'], { reason: 'Chờ xác minh', new_due_at: '2026-12-18T17:00:00+07:00' });
});

const V = {};
test('issued as version 1, kept as issued; issued again after a change is version 2', async () => {
  // Friday 20/11 10:00: November so far.
  await ctx.setClock('2026-11-20T10:00:00+07:00');
  let r = await issue({ kind: 'month', year: 2026, number: 11 });
  assert.equal(r.status, 201, r.text);
  V.v1 = r.json;
  assert.deepEqual([r.json.kind, r.json.year, r.json.number, r.json.unit, r.json.version, r.json.from, r.json.to, r.json.issued_by],
    ['month', 2026, 11, null, 1, '2026-11-01T00:00:00+07:00', '2026-11-20T10:00:00+07:00', 'admin']);
  // carried over o; online n2; counter and post n1, n3 / n1 early / n3 in time; o and n2 overdue.
  const v1 = counts([1, 1, 2], [1, 0, 0], [1, 2]);
  assert.deepEqual(r.json.figures.rows, [{ level: 'commune', field: FIELD, ...v1 }]);
  assert.deepEqual(r.json.figures.levels, { city: counts([0, 0, 0], [0, 0, 0], [0, 0]), commune: v1 });
  assert.deepEqual(r.json.figures.totals, v1);
  V.x1 = await bytes(V.v1.files.xlsx);
  V.p1 = await bytes(V.v1.files.pdf);
  assert.equal(V.p1.type, 'application/pdf');
  assert.match(V.x1.type, /spreadsheetml/);
  // Nothing changed: issuing again answers version 1 and stores nothing.
  r = await issue({ kind: 'month', year: 2026, number: 11 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.id, V.v1.id);
  assert.equal(r.json.version, 1);
  // o decided late on 20/11; then the month ends.
  await act(D.o, 'complete-step', t['xuly.hoankiem']);
  assert.equal((await act(D.o, 'decide', t['lanhdao.hoankiem'], { outcome: 'denied', reason: 'Không đủ điều kiện' })).timeliness, 'late');
  await ctx.setClock('2026-12-01T09:00:00+07:00');
  r = await issue({ kind: 'month', year: 2026, number: 11 });
  assert.equal(r.status, 201, r.text);
  V.v2 = r.json;
  assert.equal(r.json.version, 2);
  assert.equal(r.json.to, '2026-11-30T23:59:59+07:00');
  const v2 = counts([1, 1, 2], [1, 0, 1], [1, 1]);
  assert.deepEqual(r.json.figures.totals, v2);
  assert.deepEqual(r.json.figures.rows, [{ level: 'commune', field: FIELD, ...v2 }]);
  // Version 1 is as it was: figures and the files' bytes.
  const again = await request('GET', `/api/v1/reports/periodic/${V.v1.id}`, { token: t.admin });
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, V.v1);
  assert.ok((await bytes(V.v1.files.xlsx)).buf.equals(V.x1.buf));
  assert.ok((await bytes(V.v1.files.pdf)).buf.equals(V.p1.buf));
  assert.ok(!(await bytes(V.v2.files.pdf)).buf.equals(V.p1.buf));
  // The list: newest version first.
  const list = await request('GET', '/api/v1/reports/periodic?kind=month&year=2026', { token: t.admin });
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((i) => [i.kind, i.number, i.version, i.id]), [['month', 11, 2, V.v2.id], ['month', 11, 1, V.v1.id]]);
  assert.equal(list.json.items[0].figures, undefined);
});

test('the files: the official table in XLSX and PDF, in Vietnamese', async () => {
  const rows = readSheet(save((await bytes(V.v2.files.xlsx)).buf, 'xlsx'));
  assert.equal(rows[0][0], 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH — Kỳ báo cáo: Tháng 11 năm 2026 (từ ngày 01/11/2026 đến ngày 30/11/2026) — Trung tâm Phục vụ hành chính công thành phố Hà Nội — phiên bản 2');
  assert.deepEqual(rows[1], ['STT', 'Lĩnh vực', 'Số hồ sơ nhận giải quyết: tổng số', 'Từ kỳ trước chuyển qua', 'Mới tiếp nhận trực tuyến',
    'Mới tiếp nhận trực tiếp, dịch vụ bưu chính', 'Đã giải quyết: tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Đang giải quyết: tổng số', 'Trong hạn', 'Quá hạn']);
  const nums = [4, 1, 1, 2, 2, 1, 0, 1, 2, 1, 1];
  assert.deepEqual(rows.slice(2), [
    ['I', 'Cấp thành phố (sở, ban, ngành)', ...nums.map(() => 0)],
    ['II', 'Cấp xã (xã, phường)', ...nums],
    [1, 'Hộ tịch', ...nums],
    ['', 'Tổng cộng', ...nums],
  ]);
  const pdf = save((await bytes(V.v2.files.pdf)).buf, 'pdf');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
    'Tháng 11 năm 2026', 'từ ngày 01/11/2026 đến ngày 30/11/2026', 'phiên bản 2', 'Cấp xã (xã, phường)', 'Cấp thành phố (sở, ban, ngành)',
    'Hộ tịch', 'Tổng cộng', 'Trước hạn', 'Đúng hạn', 'Trong hạn', 'NGƯỜI LẬP BÁO CÁO']) {
    assert.ok(text.includes(s), `PDF lacks "${s}"`);
  }
  assert.match(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }), /Page size:\s+841\.89 x 595\.276 pts \(A4\)/);
});

test('quarter and year; a unit; who may issue; bad input', async () => {
  // Quarter IV up to now (01/12 09:00): o, n1, n3 new in the quarter, none carried.
  let r = await issue({ kind: 'quarter', year: 2026, number: 4 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.from, r.json.to], ['2026-10-01T00:00:00+07:00', '2026-12-01T09:00:00+07:00']);
  assert.deepEqual(r.json.figures.totals, counts([0, 1, 3], [1, 0, 1], [1, 1]));
  r = await issue({ kind: 'year', year: 2026 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.number, 1);
  assert.deepEqual(r.json.figures.totals, counts([0, 1, 3], [1, 0, 1], [1, 1]));
  // The commune's manager: the commune's report, not the city's nor another commune's.
  r = await issue({ kind: 'month', year: 2026, number: 11, unit: HK_PC }, t['quanly.hoankiem']);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.unit, HK_PC);
  // n2 was received by the Center's desk but is resolved by the commune: it involves it.
  assert.deepEqual(r.json.figures.totals, counts([1, 1, 2], [1, 0, 1], [1, 1]));
  const own = r.json.id;
  assert.equal((await issue({ kind: 'month', year: 2026, number: 11 }, t['quanly.hoankiem'])).status, 403);
  assert.equal((await issue({ kind: 'month', year: 2026, number: 11, unit: '002.00.50.H26' }, t['quanly.hoankiem'])).status, 403);
  assert.equal((await issue({ kind: 'month', year: 2026, number: 11, unit: HK_PC }, t['tiepnhan.hoankiem'])).status, 403);
  assert.equal((await issue({ kind: 'month', year: 2026, number: 11 }, t['001190012345'])).status, 403);
  assert.equal((await issue({ kind: 'month', year: 2026, number: 11 }, t['quanly.trungtam'])).status, 200); // unchanged: version 2
  // The commune's manager lists and reads only the commune's reports.
  const list = await request('GET', '/api/v1/reports/periodic', { token: t['quanly.hoankiem'] });
  assert.deepEqual(list.json.items.map((i) => i.id), [own]);
  assert.equal((await request('GET', `/api/v1/reports/periodic/${V.v1.id}`, { token: t['quanly.hoankiem'] })).status, 404);
  assert.equal((await request('GET', `/api/v1/reports/periodic/${V.v1.id}/report.pdf`, { token: t['tiepnhan.hoankiem'] })).status, 404);
  assert.equal((await request('GET', '/api/v1/reports/periodic/99999', { token: t.admin })).status, 404);
  for (const [body, field] of [
    [{ kind: 'week', year: 2026, number: 1 }, 'kind'],
    [{ kind: 'month', year: 2026, number: 13 }, 'number'],
    [{ kind: 'quarter', year: 2026, number: 5 }, 'number'],
    [{ kind: 'month', number: 1 }, 'year'],
    [{ kind: 'month', year: '2026', number: 1 }, 'year'],
    [{ kind: 'month', year: 1999, number: 1 }, 'year'],
    [{ kind: 'month', year: 2027, number: 1 }, 'number'], // not begun
    [{ kind: 'month', year: 2026, number: 11, unit: 'no.such' }, 'unit'],
    [{ kind: 'month', year: 2026, number: 11, extra: 1 }, 'extra'],
  ]) {
    r = await issue(body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(r.json.errors.some((e) => e.field === field && e.message_vi), `${JSON.stringify(body)}: ${r.text}`);
  }
  r = await request('GET', '/api/v1/reports/periodic?kind=week', { token: t.admin });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['kind']);
  assert.equal((await request('GET', '/api/v1/reports/periodic')).status, 401);
  // Nothing of that was stored.
  assert.equal((await request('GET', '/api/v1/reports/periodic', { token: t.admin })).json.items.length, 5);
});
