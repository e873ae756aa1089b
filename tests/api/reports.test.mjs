// Statistics: counts by channel, timeliness, work in progress and rates, per unit, with exact
// values from dossiers made in the test; staff see only their units.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT, CN_POINT, HK_PC } from './lib/dossiers.mjs';
import { pdf } from './lib/files.mjs';
import { login } from './lib/server.mjs';
import { readSheet } from './lib/xlsx.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
  // By procedure: the codes stay text (1.004837 is no number), the counts are numbers.
  res = await fetch(`${ctx.srv.base}/api/v1/reports/summary.xlsx?${q}&group_by=procedure`, { headers: { Authorization: `Bearer ${t.admin}` } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-summary-'));
  const file = path.join(dir, 'summary.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const rows = readSheet(file);
  rmSync(dir, { recursive: true, force: true });
  const proc = rows.find((r) => r[0] === '1.004837');
  assert.ok(proc, JSON.stringify(rows.slice(2, 4)));
  assert.deepEqual(proc.slice(2, 6), [3, 0, 1, 4]);
});

test('the day cells (city-wide, whole days) answer exactly as the dossier rows, for every grouping and period', async () => {
  const { request, tokens: t } = ctx;
  const act = async (code, a, tok, body = {}) => {
    const r = await request('POST', `/api/v1/dossiers/${code}/${a}`, { token: tok, body });
    assert.equal(r.status, 200, `${a}: ${r.text}`);
    return r.json;
  };
  const intake = async (tok, over) => {
    const r = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship(over) });
    assert.equal(r.status, 201, r.text);
    return r.json.code;
  };
  const desk = await login(request, 'tiepnhan.trungtam', 'motcua-demo');
  const upload = (tag) => fetch(`${ctx.srv.base}/api/v1/documents?owner=001190012345`, { method: 'POST', body: pdf(tag), headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } }).then((r) => r.json());
  // Now 10/12 09:00. Denied at another commune; refused online; extended then late and rated;
  // a supplement that brings the scans (digitization changes after reception).
  const e = await intake(t['tiepnhan.cuanam'], {});
  await act(e, 'transfer', t['tiepnhan.cuanam']);
  await act(e, 'complete-step', t['xuly.hoankiem']);
  await act(e, 'decide', t['lanhdao.hoankiem'], { outcome: 'denied', reason: 'Không đủ điều kiện' });
  const f = await intake(t['001190012345'], { channel: 'online' });
  await act(f, 'refuse', desk, { reason: 'Không thuộc phạm vi' });
  const g = await intake(t['tiepnhan.hoankiem'], { channel: 'post' });
  await act(g, 'transfer', t['tiepnhan.hoankiem']);
  await act(g, 'extend', t['lanhdao.hoankiem'], { reason: 'Chờ xác minh', new_due_at: '2026-12-18T17:00:00+07:00' });
  const h = await intake(t['tiepnhan.hoankiem'], {});
  await act(h, 'transfer', t['tiepnhan.hoankiem']);
  await act(h, 'request-supplement', t['xuly.hoankiem'], { items: ['Bản quét'], reason: 'Thiếu bản quét' });
  const [s1, s2] = await Promise.all([upload('s1'), upload('s2')]);
  await act(h, 'supplement', t['tiepnhan.hoankiem'], { components: [{ id: 'tp02', provided: true, document: s1.id }, { id: 'tp07', provided: true, document: s2.id }] });
  await ctx.setClock('2026-12-21T10:00:00+07:00');
  await act(g, 'complete-step', t['xuly.hoankiem']);
  await act(g, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '9/GH', title: 'Trích lục' } });
  await act(g, 'return', t['tiepnhan.hoankiem'], { channel: 'post', tracking_number: 'EB100000001VN' });
  const secret = (await request('GET', `/api/v1/dossiers/${g}`, { token: t['tiepnhan.hoankiem'] })).json.tracking_secret;
  assert.equal((await request('POST', `/api/v1/public/dossiers/${g}/rating?secret=${secret}`, { body: { score: 'unsatisfied' } })).status, 201);

  // A period that starts at a midnight and ends at the end of a day (or now) is read from the day
  // cells; starting one second earlier makes it read the dossier rows. Nothing happened in that
  // second, so both must be equal, row by row.
  const before = (day) => { const x = new Date(Date.parse(`${day}T00:00:00+07:00`) - 1000 + 7 * 3600e3).toISOString(); return `${x.slice(0, 19)}+07:00`; };
  let compared = 0;
  for (const group of ['receiving_unit', 'resolver_unit', 'procedure', 'officer']) {
    for (const [from, to] of [['2026-11-26', '2026-12-10'], ['2026-11-27', null], ['2026-12-10', '2026-12-31'], ['2026-12-21', null], ['2026-01-01', '2026-11-25']]) {
      const q = (fr) => new URLSearchParams({ from: fr, group_by: group, ...(to ? { to } : {}) });
      const cells = await request('GET', `/api/v1/reports/summary?${q(from)}`, { token: t.admin });
      const rows = await request('GET', `/api/v1/reports/summary?${q(before(from))}`, { token: t.admin });
      assert.equal(cells.status, 200, cells.text);
      assert.deepEqual(cells.json.rows, rows.json.rows, `${group} ${from}..${to}`);
      assert.deepEqual(cells.json.totals, rows.json.totals, `${group} ${from}..${to} totals`);
      compared += cells.json.rows.length;
    }
  }
  assert.ok(compared > 20, `${compared} rows compared`);
  // The late, rated, posted one counts where it should.
  const r = await request('GET', `/api/v1/reports/summary?from=2026-12-21&group_by=receiving_unit`, { token: t.admin });
  const hk = r.json.rows.find((x) => x.key === HK_POINT);
  assert.deepEqual(hk.decided, { early: 0, on_time: 0, late: 1, total: 1 });
  assert.equal(hk.returned, 1);
  assert.equal(hk.satisfaction_rate, 0);
});

test('by officer: each act counts for the officer who did it, never for a citizen', async () => {
  const { request, tokens: t } = ctx;
  const act = async (code, a, tok, body = {}) => {
    const r = await request('POST', `/api/v1/dossiers/${code}/${a}`, { token: tok, body });
    assert.equal(r.status, 200, `${a}: ${r.text}`);
    return r.json;
  };
  const intake = async (tok, over) => {
    const r = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship(over) });
    assert.equal(r.status, 201, r.text);
    return r.json.code;
  };
  const desk = await login(request, 'tiepnhan.trungtam', 'motcua-demo');
  const citizen = t['001190012345'];
  const cn = { xuly: await login(request, 'xuly.cuanam', 'motcua-demo'), lanhdao: await login(request, 'lanhdao.cuanam', 'motcua-demo') };
  const q = new URLSearchParams({ from: '2026-12-21', group_by: 'officer' });
  const report = async () => {
    const r = await request('GET', `/api/v1/reports/summary?${q}`, { token: t.admin });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const row = (rep, key) => rep.rows.find((x) => x.key === key) ?? { received: { counter: 0, online: 0, post: 0, total: 0 }, decided: { early: 0, on_time: 0, late: 0, total: 0 }, denied: 0, returned: 0, stopped: 0, refused: 0, processed: 0 };
  const before = await report();

  // Online, submitted by the citizen: received at the online desk, transferred there, processed
  // and decided at Hoàn Kiếm, returned at the Hoàn Kiếm point.
  const o1 = await intake(citizen, { channel: 'online', return_unit: HK_POINT });
  await act(o1, 'receive', desk);
  await act(o1, 'transfer', desk);
  await act(o1, 'complete-step', t['xuly.hoankiem']);
  await act(o1, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '10/GH', title: 'Trích lục' } });
  await act(o1, 'return', t['tiepnhan.hoankiem']);
  // Online, stopped by the citizen: nobody is credited with the stop.
  const o2 = await intake(citizen, { channel: 'online' });
  await act(o2, 'stop', citizen, { reason: 'Rút hồ sơ' });
  // At the Cửa Nam counter, processed and denied by Cửa Nam's officers; refused online by the desk.
  const o3 = await intake(t['tiepnhan.cuanam'], { resolver_unit: '002.00.50.H26' });
  await act(o3, 'transfer', t['tiepnhan.cuanam']);
  await act(o3, 'complete-step', cn.xuly);
  await act(o3, 'decide', cn.lanhdao, { outcome: 'denied', reason: 'Không đủ điều kiện' });
  const o4 = await intake(citizen, { channel: 'online' });
  await act(o4, 'refuse', desk, { reason: 'Không thuộc phạm vi' });

  const after = await report();
  assert.deepEqual(after.rows.filter((x) => /^\d{12}$/.test(x.key)), [], 'no citizen is an officer');
  const delta = (key, f) => f(row(after, key)) - f(row(before, key));
  assert.equal(delta('tiepnhan.trungtam', (x) => x.received.online), 1);
  assert.equal(delta('tiepnhan.trungtam', (x) => x.refused), 1);
  assert.equal(delta('tiepnhan.trungtam', (x) => x.returned), 0);
  assert.equal(delta('xuly.hoankiem', (x) => x.processed), 1);
  assert.equal(delta('xuly.hoankiem', (x) => x.decided.total), 0);
  assert.equal(delta('lanhdao.hoankiem', (x) => x.decided.total), 1);
  assert.equal(delta('lanhdao.hoankiem', (x) => x.processed), 0);
  assert.equal(delta('tiepnhan.hoankiem', (x) => x.returned), 1);
  assert.equal(delta('tiepnhan.hoankiem', (x) => x.received.total), 0);
  assert.equal(delta('tiepnhan.cuanam', (x) => x.received.counter), 1);
  assert.equal(delta('xuly.cuanam', (x) => x.processed), 1);
  assert.equal(delta('lanhdao.cuanam', (x) => x.denied), 1);
  assert.equal(row(after, 'lanhdao.cuanam').name, 'Đặng Thu Hương');
  assert.equal(after.totals.stopped - before.totals.stopped, 0, 'the citizen\'s own stop is no officer\'s');
  for (const x of after.rows) assert.deepEqual(x.in_progress, { within: 0, past_due: 0, paused: 0 });
  // The receiving units still count the stop, and the day cells agree with the rows.
  const units = await request('GET', '/api/v1/reports/summary?from=2026-12-21&group_by=receiving_unit', { token: t.admin });
  assert.equal(units.json.rows.find((x) => x.key === '000.00.01.H26').stopped >= 1, true);
  const rows = await request('GET', `/api/v1/reports/summary?${new URLSearchParams({ from: '2026-12-20T23:59:59+07:00', group_by: 'officer' })}`, { token: t.admin });
  assert.deepEqual(after.rows, rows.json.rows);
  assert.deepEqual(after.totals, rows.json.totals);
  const csv = await fetch(`${ctx.srv.base}/api/v1/reports/summary.csv?${q}`, { headers: { Authorization: `Bearer ${t.admin}` } });
  const lines = Buffer.from(await csv.arrayBuffer()).toString('utf8').trim().split('\r\n');
  assert.ok(lines[0].endsWith(',Bước xử lý đã hoàn thành'));
  assert.equal(lines.find((l) => l.startsWith('xuly.cuanam,')).split(',').at(-1), String(row(after, 'xuly.cuanam').processed));
});
