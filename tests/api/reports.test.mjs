// Statistics: counts by channel, timeliness, work in progress and rates, per unit, with exact
// values from dossiers made in the test; staff see only their units.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT, CN_POINT, HK_PC } from './lib/dossiers.mjs';
import { pdf } from './lib/files.mjs';

let ctx;
before(async () => { ctx = await startDemo('2026-11-26T09:00:00+07:00'); });
after(async () => { await ctx.srv.stop(); });

test('summary per receiving and resolver unit', async () => {
  const { request, tokens: t } = ctx;
  const act = (code, a, tok, body = {}) => request('POST', `/api/v1/dossiers/${code}/${a}`, { token: tok, body });
  const scan = await fetch(`${ctx.srv.base}/api/v1/documents?owner=001190012345`, { method: 'POST', body: pdf('tk'), headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } }).then((r) => r.json());
  // Hoàn Kiếm point: two at the counter (one digitized), one by post. Cửa Nam: one at the counter.
  const a = (await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship({ components: [{ id: 'tp02' }, { id: 'tp07', document: scan.id }] }) })).json.code;
  const b = (await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() })).json.code;
  const c = (await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship({ channel: 'post' }) })).json.code;
  const d = (await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship({ resolver_unit: '002.00.50.H26' }) })).json.code;
  // a: decided early and returned; b: paused; c: stopped; d: in progress, then past due.
  await act(a, 'transfer', t['tiepnhan.hoankiem']);
  await act(a, 'complete-step', t['xuly.hoankiem']);
  await act(a, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '1/GH', title: 'Trích lục' } });
  await act(a, 'return', t['tiepnhan.hoankiem']);
  await request('POST', `/api/v1/public/dossiers/${a}/rating?secret=${(await request('GET', `/api/v1/dossiers/${a}`, { token: t['tiepnhan.hoankiem'] })).json.tracking_secret}`, { body: { score: 'satisfied' } });
  await act(b, 'transfer', t['tiepnhan.hoankiem']);
  await act(b, 'request-supplement', t['xuly.hoankiem'], { items: ['x'], reason: 'y' });
  await act(c, 'stop', t['tiepnhan.hoankiem'], { reason: 'rút hồ sơ' });
  await ctx.setClock('2026-12-10T09:00:00+07:00');

  const q = 'from=2026-11-26&to=2026-12-10';
  let r = await request('GET', `/api/v1/reports/summary?${q}&group_by=receiving_unit`, { token: t.admin });
  assert.equal(r.status, 200, r.text);
  const hk = r.json.rows.find((x) => x.key === HK_POINT);
  assert.equal(hk.name, 'Điểm phục vụ hành chính công phường Hoàn Kiếm');
  assert.deepEqual(hk.received, { counter: 2, online: 0, post: 1, total: 3 });
  assert.deepEqual(hk.decided, { early: 1, on_time: 0, late: 0, total: 1 });
  assert.deepEqual(hk.in_progress, { within: 0, past_due: 0, paused: 1 });
  assert.equal(hk.stopped, 1);
  assert.equal(hk.returned, 1);
  assert.equal(hk.supplement_requests, 1);
  assert.equal(hk.online_rate, 0);
  assert.equal(hk.digitization_rate, 33.33); // 1 of 3 counter/post dossiers has every paper scanned
  assert.equal(hk.electronic_result_rate, 0);
  assert.equal(hk.satisfaction_rate, 100);
  assert.equal(hk.on_time_rate, 100);
  const cn = r.json.rows.find((x) => x.key === CN_POINT);
  assert.deepEqual(cn.in_progress, { within: 0, past_due: 1, paused: 0 });
  assert.equal(cn.on_time_rate, 0);
  assert.equal(r.json.totals.received.total, 4);
  assert.equal(r.json.totals.on_time_rate, 50);
  r = await request('GET', `/api/v1/reports/summary?${q}&group_by=resolver_unit`, { token: t.admin });
  assert.deepEqual(r.json.rows.find((x) => x.key === HK_PC).received, { counter: 2, online: 0, post: 1, total: 3 });
  // Staff see the units they cover only.
  r = await request('GET', `/api/v1/reports/summary?${q}`, { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(r.json.rows.map((x) => x.key), [CN_POINT]);
  r = await request('GET', `/api/v1/reports/summary?${q}&group_by=colour`, { token: t.admin });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'group_by');
  assert.equal((await request('GET', `/api/v1/reports/summary?${q}`, { token: t['001190012345'] })).status, 403);
  assert.ok(d);
});

test('the summary as CSV and XLSX', async () => {
  const { tokens: t } = ctx;
  const q = 'from=2026-11-26&to=2026-12-10';
  let res = await fetch(`${ctx.srv.base}/api/v1/reports/summary.csv?${q}`, { headers: { Authorization: `Bearer ${t.admin}` } });
  assert.equal(res.status, 200);
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  assert.ok(text.startsWith('\ufeffMã,Tên,Tiếp nhận trực tiếp'));
  const lines = text.trim().split('\r\n');
  const hk = lines.find((l) => l.startsWith(`${HK_POINT},`)).split(',');
  assert.deepEqual(hk.slice(2, 6), ['2', '0', '1', '3']);
  assert.equal(hk[18], '33.33');
  assert.match(lines[lines.length - 1], /^,Tổng cộng,3,0,1,4,/);
  res = await fetch(`${ctx.srv.base}/api/v1/reports/summary.xlsx?${q}`, { headers: { Authorization: `Bearer ${t.admin}` } });
  assert.equal(res.status, 200);
  const buf = Buffer.from(await res.arrayBuffer());
  assert.equal(buf.subarray(0, 2).toString(), 'PK');
});
