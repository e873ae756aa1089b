// What a manager covers (issue 19 item 8, docs/units.md "Who covers what"): a role covers its unit
// and the unit's subtree as of now. The Center manager covers the Center's own desks (its online
// desk and its counter) and, once a reorganization has moved them under the Center, every
// commune's service point; a commune's unit manager covers its PC and what the PC resolves. Exact
// counts of dossiers and report rows before and after the reorganization takes effect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, DEMO_PASSWORD, HK_PC, HK_POINT, CN_POINT, CENTER } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';

const CN_PC = '002.00.50.H26';
let ctx;
let request;
let t;
before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
  for (const u of ['quanly.hoankiem', 'tiepnhan.trungtam']) t[u] = await login(request, u, DEMO_PASSWORD);
});
after(async () => { await ctx.srv.stop(); });

const get = async (p, token) => {
  const r = await request('GET', p, { token });
  assert.equal(r.status, 200, `${p}: ${r.text}`);
  return r.json;
};
const codes = async (token) => (await get('/api/v1/dossiers?limit=500', token)).items.map((d) => d.code).sort();
const summary = async (token) => {
  const s = await get('/api/v1/reports/summary?from=2026-11-01&group_by=receiving_unit', token);
  return [s.rows.map((r) => [r.key, r.received.total]), s.totals.received.total];
};
async function points() {
  const out = [];
  let cursor = null;
  do {
    const r = await get(`/api/v1/units?kind=service_point&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...r.items.map((u) => u.code));
    cursor = r.next_cursor;
  } while (cursor);
  return out;
}

test('the Center manager: the Center\'s desks before the reorganization, every point after it', async () => {
  const intake = async (token, body) => {
    const r = await request('POST', '/api/v1/dossiers', { token, body: guardianship(body) });
    assert.equal(r.status, 201, r.text);
    return r.json.code;
  };
  // A, B at the Hoàn Kiếm point (resolved by its PC); C at the Cửa Nam point; D online and E at the
  // Center's own counter (C, D, E resolved by the Cửa Nam PC).
  const a = await intake(t['tiepnhan.hoankiem'], {});
  const b = await intake(t['tiepnhan.hoankiem'], {});
  const c = await intake(t['tiepnhan.cuanam'], { resolver_unit: CN_PC });
  const d = await intake(t['001190012345'], { channel: 'online', resolver_unit: CN_PC });
  const e = await intake(t['tiepnhan.trungtam'], { resolver_unit: CN_PC });
  assert.ok(e.startsWith(`${CENTER}-`), e);

  assert.deepEqual(await codes(t['quanly.trungtam']), [d, e].sort());
  // The report counts received dossiers: D, submitted online, is not received yet.
  assert.deepEqual(await summary(t['quanly.trungtam']), [[[CENTER, 1]], 1]);
  assert.deepEqual(await codes(t['quanly.hoankiem']), [a, b].sort());
  assert.deepEqual(await summary(t['quanly.hoankiem']), [[[HK_POINT, 2]], 2]);
  assert.equal((await codes(t.admin)).length, 5);
  // A unit filter within the caller's scope lists that unit's dossiers (svc/dossiers.c spares the
  // scope's probe then); one outside it lists only those the caller also covers.
  const listed = async (token, q) =>
    (await get(`/api/v1/dossiers?limit=500&${q}`, token)).items.map((x) => x.code).sort();
  assert.deepEqual(await listed(t['quanly.hoankiem'], `resolver_unit=${HK_PC}`), [a, b].sort());
  assert.deepEqual(await listed(t['quanly.hoankiem'], `receiving_unit=${HK_POINT}`), [a, b].sort());
  assert.deepEqual(await listed(t['quanly.hoankiem'], `resolver_unit=${CN_PC}`), []);
  assert.deepEqual(await listed(t['quanly.trungtam'], `resolver_unit=${CN_PC}`), [d, e].sort());
  assert.deepEqual(await listed(t['quanly.trungtam'], `receiving_unit=${CENTER}`), [d, e].sort());
  assert.deepEqual(await listed(t.admin, `resolver_unit=${CN_PC}`), [c, d, e].sort());

  // Hanoi's decision: the 126 points under the Center from 1 December.
  const all = await points();
  assert.equal(all.length, 126);
  const r = await request('POST', '/api/v1/reorganizations', { token: t.admin, body: {
    decision_number: '1234/QĐ-UBND', signed_on: '2026-11-26', effective_at: '2026-12-01T00:00:00+07:00',
    target_unit: CENTER, units: all, handover_days: 30 } });
  assert.equal(r.status, 201, r.text);
  // Not yet in effect: nothing changes.
  assert.deepEqual(await codes(t['quanly.trungtam']), [d, e].sort());
  await ctx.setClock('2026-12-01T08:00:00+07:00');
  // In effect: every point is the Center's; the commune PC's manager keeps what the PC resolves.
  assert.deepEqual(await codes(t['quanly.trungtam']), [a, b, c, d, e].sort());
  assert.deepEqual(await summary(t['quanly.trungtam']), [[[CENTER, 1], [HK_POINT, 2], [CN_POINT, 1]], 4]);
  assert.deepEqual(await summary(t['quanly.trungtam']), await summary(t.admin));
  assert.deepEqual(await codes(t['quanly.hoankiem']), [a, b].sort());
  assert.deepEqual(await summary(t['quanly.hoankiem']), [[[HK_POINT, 2]], 2]);
});
