// Extensions and returns (issue 20 items 4 and 5): an extension's new date is a working time after
// the current due time (422 naming new_due_at otherwise); one recorded less than one working day
// before the due time (or after it) is kept but flagged as a late notice, on the dossier and in its
// history; Form 04 carries the deciding agency's header, the day the extension was recorded, and
// addresses an organization as one. A result returned by post records the address and the postal
// tracking number and counts as returned when posted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, HK_PC, HK_POINT } from './lib/dossiers.mjs';

let ctx, request, t;
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-ext-'));
before(async () => {
  ctx = await startDemo('2026-12-03T15:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

const act = (code, action, token, body = {}) =>
  request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });

async function pdfText(urlPath, token) {
  const res = await fetch(`${ctx.srv.base}${urlPath}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

async function unitName(code) {
  const r = await request('GET', `/api/v1/units/${code}`, { token: t.admin });
  assert.equal(r.status, 200, r.text);
  return r.json.name;
}

/** A counter dossier at the Hoàn Kiếm point, transferred to its first step. */
async function processing(overrides = {}) {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship(overrides) });
  assert.equal(r.status, 201, r.text);
  assert.equal((await act(r.json.code, 'transfer', t['tiepnhan.hoankiem'])).status, 200);
  return r.json;
}

test('the new date must be a working time after the current due time', async () => {
  await ctx.setClock('2026-12-03T15:00:00+07:00');
  const d = await processing();
  assert.equal(d.due_at, '2026-12-08T15:00:00+07:00');
  const boss = t['lanhdao.hoankiem'];
  for (const [when, en] of [
    ['2026-12-13T10:00:00+07:00', 'must be a working time (a working day, within working hours)'], // a Sunday
    ['2026-12-10T19:30:00+07:00', 'must be a working time (a working day, within working hours)'], // after hours
    ['2026-12-10T06:00:00+07:00', 'must be a working time (a working day, within working hours)'], // before hours
    ['2026-12-08T15:00:00+07:00', 'must be after the current due time'],
  ]) {
    const r = await act(d.code, 'extend', boss, { reason: 'Cần xác minh', new_due_at: when });
    assert.equal(r.status, 422, when);
    assert.deepEqual(r.json.errors.map((e) => [e.field, e.message]), [['new_due_at', en]], when);
    assert.ok(r.json.errors[0].message_vi.length > 10);
  }
  // Nothing was written by the refusals.
  let g = await request('GET', `/api/v1/dossiers/${d.code}`, { token: boss });
  assert.equal(g.json.extended, null);
  // The end of a working day is a working time; three working days ahead is not a late notice.
  const r = await act(d.code, 'extend', boss, { reason: 'Cần xác minh với cơ quan công an', new_due_at: '2026-12-10T17:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.extended, { new_due_at: '2026-12-10T17:00:00+07:00', reason: 'Cần xác minh với cơ quan công an', at: '2026-12-03T15:00:00+07:00', late_notice: false });
  g = await request('GET', `/api/v1/dossiers/${d.code}/history`, { token: boss });
  const ev = g.json.items.find((e) => e.action === 'extend');
  assert.equal(ev.detail.late_notice, false);
  assert.equal(ev.detail.new_due_at, '2026-12-10T17:00:00+07:00');
});

test('an extension less than one working day before the due time, or after it, is a late notice', async () => {
  await ctx.setClock('2026-12-03T15:00:00+07:00');
  const boss = t['lanhdao.hoankiem'];
  const early = await processing(), close = await processing(), after = await processing();
  // 2026-12-07 15:00 (Monday): exactly one working day (8 h) before 2026-12-08 15:00: not late.
  await ctx.setClock('2026-12-07T15:00:00+07:00');
  let r = await act(early.code, 'extend', boss, { reason: 'Cần xác minh', new_due_at: '2026-12-11T10:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.extended.late_notice, false);
  // One minute later: less than a working day is left.
  await ctx.setClock('2026-12-07T15:01:00+07:00');
  r = await act(close.code, 'extend', boss, { reason: 'Cần xác minh', new_due_at: '2026-12-11T10:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.extended, { new_due_at: '2026-12-11T10:00:00+07:00', reason: 'Cần xác minh', at: '2026-12-07T15:01:00+07:00', late_notice: true });
  // After the due time.
  await ctx.setClock('2026-12-09T09:00:00+07:00');
  r = await act(after.code, 'extend', boss, { reason: 'Cần xác minh', new_due_at: '2026-12-11T10:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.extended.late_notice, true);
  const h = await request('GET', `/api/v1/dossiers/${after.code}/history`, { token: boss });
  assert.equal(h.json.items.find((e) => e.action === 'extend').detail.late_notice, true);
  // The list carries the same object.
  const l = await request('GET', `/api/v1/dossiers?q=${close.code}`, { token: boss });
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.items.find((i) => i.code === close.code).extended, { new_due_at: '2026-12-11T10:00:00+07:00', reason: 'Cần xác minh', at: '2026-12-07T15:01:00+07:00', late_notice: true });
});

test('Form 04 is the deciding agency\'s, dated the day of the extension, and addresses an organization as such', async () => {
  await ctx.setClock('2026-12-09T09:00:00+07:00');
  const boss = t['lanhdao.hoankiem'];
  const [pc, point] = [await unitName(HK_PC), await unitName(HK_POINT)];
  const d = await processing();
  const org = { kind: 'organization', name: 'Công ty TNHH Hoa Sen', id_number: '0100109106' };
  const o = await processing({ applicant: org });
  await ctx.setClock('2026-12-10T10:00:00+07:00');
  for (const x of [d, o]) assert.equal((await act(x.code, 'extend', boss, { reason: 'Cần xác minh với cơ quan công an', new_due_at: '2026-12-16T17:00:00+07:00' })).status, 200);
  // Printed later, it keeps the day it was issued.
  await ctx.setClock('2026-12-11T09:00:00+07:00');
  const text = await pdfText(`/api/v1/dossiers/${d.code}/forms/04.pdf`, boss);
  const head = text.slice(0, text.indexOf('PHIẾU XIN LỖI'));
  assert.ok(head.includes(pc.toUpperCase()), `header names ${pc}: ${head}`);
  assert.ok(!head.includes(point.toUpperCase()), head);
  assert.ok(head.includes('Hà Nội, ngày 10 tháng 12 năm 2026'), head);
  for (const s of [
    'Kính gửi: Ông/Bà Nguyễn Thị Hằng',
    `Ngày 09/12/2026, ${point} tiếp nhận hồ sơ`,
    `Tuy nhiên đến nay, ${pc} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà`,
    `${pc} xin lỗi Ông/Bà`,
  ]) assert.ok(text.includes(s), `${s} in ${text}`);
  // An organization is addressed as one.
  const ot = await pdfText(`/api/v1/dossiers/${o.code}/forms/04.pdf`, boss);
  assert.ok(ot.includes('Kính gửi: Công ty TNHH Hoa Sen'), ot);
  assert.ok(!ot.includes('Ông/Bà'), ot);
  assert.ok(ot.includes(`${pc} xin lỗi Quý cơ quan, tổ chức`), ot);
});

/** A dossier decided (approved) and ready for return, the result to be sent by post. */
async function ready(overrides = {}) {
  const d = await processing({ return_channel: 'post', ...overrides });
  assert.equal((await act(d.code, 'complete-step', t['xuly.hoankiem'])).status, 200);
  const r = await act(d.code, 'decide', t['lanhdao.hoankiem'], { outcome: 'denied', reason: 'Không đủ điều kiện' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ready_for_return');
  return d;
}

test('a result returned by post records the address and the tracking number, and counts as returned when posted', async () => {
  await ctx.setClock('2026-12-14T09:00:00+07:00');
  const d = await ready();
  const rc = t['tiepnhan.hoankiem'];
  await ctx.setClock('2026-12-14T10:15:00+07:00');
  for (const [body, fields] of [
    [{}, ['tracking_number']],
    [{ tracking_number: 'ab' }, ['tracking_number']],
    [{ tracking_number: 'EB 1234 5678 VN' }, ['tracking_number']],
    [{ channel: 'counter', tracking_number: 'EB123456789VN' }, ['tracking_number']],
    [{ channel: 'counter', address: 'Số 2 Hàng Bài' }, ['address']],
    [{ tracking_number: 'EB123456789VN', address: 'Số 2\nHàng Bài' }, ['address']],
    [{ tracking_number: 'EB123456789VN', postal: true }, ['postal']],
  ]) {
    const r = await act(d.code, 'return', rc, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(r.json.errors.map((e) => e.field), fields, JSON.stringify(body));
  }
  let g = await request('GET', `/api/v1/dossiers/${d.code}`, { token: rc });
  assert.equal(g.json.status, 'ready_for_return');
  assert.equal(g.json.postal, null);
  // Without an address, the applicant's.
  const r = await act(d.code, 'return', rc, { tracking_number: 'EB123456789VN' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.returned_channel, 'post');
  assert.equal(r.json.returned_at, '2026-12-14T10:15:00+07:00');
  assert.deepEqual(r.json.postal, { address: 'Số 1 Tràng Tiền, Hoàn Kiếm', tracking_number: 'EB123456789VN' });
  const h = await request('GET', `/api/v1/dossiers/${d.code}/history`, { token: rc });
  const ev = h.json.items.find((e) => e.action === 'return');
  assert.deepEqual([ev.detail.channel, ev.detail.address, ev.detail.tracking_number], ['post', 'Số 1 Tràng Tiền, Hoàn Kiếm', 'EB123456789VN']);

  // Another address; a counter return has no postal record.
  const d2 = await ready();
  const r2 = await act(d2.code, 'return', rc, { tracking_number: 'EB987654321VN', address: 'Số 2 Hàng Bài, Hoàn Kiếm' });
  assert.deepEqual(r2.json.postal, { address: 'Số 2 Hàng Bài, Hoàn Kiếm', tracking_number: 'EB987654321VN' });
  const d3 = await ready();
  const r3 = await act(d3.code, 'return', rc, { channel: 'counter' });
  assert.equal(r3.status, 200, r3.text);
  assert.equal(r3.json.postal, null);
  // No address at all: the applicant gave none and the body names none.
  const d4 = await ready({ applicant: { ...guardianship().applicant, address: undefined } });
  const r4 = await act(d4.code, 'return', rc, { tracking_number: 'EB111111111VN' });
  assert.equal(r4.status, 422);
  assert.deepEqual(r4.json.errors.map((e) => e.field), ['address']);
});
