// The change feed: GET /api/v1/dossiers?updated_since=…, then its cursor. Every change (a row of
// a dossier's history) once, in the order the changes committed, only of the dossiers the caller
// may see; polling with the cursor misses nothing even while intakes commit concurrently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT, CN_POINT } from './lib/dossiers.mjs';

let ctx;
let request;
let t;

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

const feed = (token, query) => request('GET', `/api/v1/dossiers?${query}`, { token });
const intake = async (token = t['tiepnhan.hoankiem'], over = {}) => {
  const r = await request('POST', '/api/v1/dossiers', { token, body: guardianship(over) });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
};

test('changes once each, in commit order, from a time and then by cursor', async () => {
  let r = await feed(t.admin, 'updated_since=2026-11-26T09:00:00%2B07:00');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, []);
  assert.equal(r.json.has_more, false);
  const start = r.json.next_cursor;
  assert.equal(typeof start, 'string');

  const a = await intake();
  const b = await intake();
  const c = await intake();
  r = await request('POST', `/api/v1/dossiers/${a}/transfer`, { token: t['tiepnhan.hoankiem'], body: {} });
  assert.equal(r.status, 200, r.text);

  r = await feed(t.admin, `cursor=${start}&limit=2`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((i) => [i.code, i.change.action, i.change.from_status, i.change.to_status]),
    [[a, 'intake', null, 'received'], [b, 'intake', null, 'received']]);
  assert.equal(r.json.has_more, true);
  // Each item is the dossier as it is now: A has moved on since its intake.
  assert.equal(r.json.items[0].status, 'processing');
  assert.equal(r.json.items[0].change.at, '2026-11-26T09:00:00+07:00');
  assert.ok(r.json.items[0].change.position < r.json.items[1].change.position);
  r = await feed(t.admin, `cursor=${r.json.next_cursor}&limit=2`);
  assert.deepEqual(r.json.items.map((i) => [i.code, i.change.action, i.change.from_status, i.change.to_status]),
    [[c, 'intake', null, 'received'], [a, 'transfer', 'received', 'processing']]);
  assert.equal(r.json.has_more, false);
  const end = r.json.next_cursor;
  // Nothing new: an empty page that keeps the position.
  r = await feed(t.admin, `cursor=${end}`);
  assert.deepEqual(r.json.items, []);
  assert.equal(r.json.next_cursor, end);
  // A filter applies to the dossiers' present state.
  r = await feed(t.admin, `cursor=${start}&status=processing`);
  assert.deepEqual(r.json.items.map((i) => [i.code, i.change.action]), [[a, 'intake'], [a, 'transfer']]);
});

test('updated_since starts at the first change at or after that time', async () => {
  await ctx.setClock('2026-11-26T10:00:00+07:00');
  const late = await intake();
  let r = await feed(t.admin, 'updated_since=2026-11-26T09:30:00%2B07:00');
  assert.deepEqual(r.json.items.map((i) => i.code), [late]);
  r = await feed(t.admin, 'updated_since=2026-11-26T10:00:01%2B07:00');
  assert.deepEqual(r.json.items, []);
});

test('polling while intakes commit concurrently misses none and repeats none', async () => {
  let r = await feed(t.admin, 'updated_since=2026-11-26T10:00:01%2B07:00');
  let cursor = r.json.next_cursor;
  const seen = [];
  let done = false;
  const poller = (async () => {
    for (;;) {
      const last = done;
      const p = await feed(t.admin, `cursor=${cursor}&limit=7`);
      assert.equal(p.status, 200, p.text);
      seen.push(...p.json.items.map((i) => [i.code, i.change.position]));
      cursor = p.json.next_cursor;
      if (last && !p.json.has_more) return;
    }
  })();
  const codes = await Promise.all(Array.from({ length: 24 }, () => intake()));
  done = true;
  await poller;
  assert.deepEqual(seen.map(([code]) => code).sort(), [...codes].sort());
  const positions = seen.map(([, p]) => p);
  assert.deepEqual(positions, [...positions].sort((x, y) => x - y));
  assert.equal(new Set(positions).size, positions.length);
});

test('only the dossiers the caller may see; bad input is named; anonymous is refused', async () => {
  const start = (await feed(t.admin, 'updated_since=2026-11-26T10:00:01%2B07:00')).json.next_cursor;
  const hk = await intake();
  const cn = await intake(t['tiepnhan.cuanam'], { resolver_unit: '002.00.50.H26' });
  let r = await feed(t['tiepnhan.hoankiem'], `cursor=${start}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((i) => i.code), [hk]);
  r = await feed(t['tiepnhan.cuanam'], `cursor=${start}`);
  assert.deepEqual(r.json.items.map((i) => i.code), [cn]);
  assert.ok(hk.startsWith(HK_POINT) && cn.startsWith(CN_POINT));

  r = await feed(t.admin, 'updated_since=yesterday');
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['updated_since']);
  r = await feed(t.admin, 'updated_since=2026-11-26T10:00:00%2B07:00&overdue=true&order=due');
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['overdue', 'order']);
  assert.ok(r.json.errors[0].message_vi.length > 0);
  r = await feed(t.admin, `cursor=${Buffer.from('c:-5').toString('base64url')}`);
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['cursor']);
  r = await feed(undefined, 'updated_since=2026-11-26T10:00:00%2B07:00');
  assert.equal(r.status, 401);
});
