// `motcua demo`: the accounts and a living spread of dossiers, made through the real use cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, login, motcua, initData, ADMIN_PASSWORD } from './lib/server.mjs';

test('the demo holds dossiers in every status and an intact audit chain', async (t) => {
  const { dir, data } = initData();
  let r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /demo ready \(12 accounts, 15 dossiers and 9 queue tickets added\)/);
  // A second run adds nothing.
  r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo' });
  assert.match(r.stdout, /demo ready \(0 accounts, 0 dossiers and 0 queue tickets added\)/);
  assert.equal(motcua(['audit', 'verify', '--data', data]).status, 0);
  const srv = await startServer({ data, dir });
  t.after(() => srv.stop());
  const request = client(srv.base);
  const admin = await login(request, 'admin', ADMIN_PASSWORD);
  const all = await request('GET', '/api/v1/dossiers?limit=500', { token: admin });
  assert.equal(all.json.items.length, 15);
  assert.equal(new Set(all.json.items.map((d) => d.procedure.code)).size, 4);
  // Today's queues: six tickets at Hoàn Kiếm (the elderly one and the first called to counters 1
  // and 2), three at Cửa Nam.
  const queues = await request('GET', '/api/v1/queues');
  assert.deepEqual(queues.json.items.map((q) => [q.point, q.waiting, q.serving, q.issued]),
    [['001.01.50.H26', 4, 2, 6], ['002.01.50.H26', 3, 0, 3]]);
  const board = (await request('GET', '/api/v1/points/001.01.50.H26/queue')).json.items;
  assert.deepEqual(board.filter((t) => t.status === 'called').map((t) => [t.number, t.counter, t.priority]), [[1, 2, null], [3, 1, 'elderly']]);
  const statuses = new Set(all.json.items.map((d) => d.status));
  for (const s of ['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement', 'ready_for_return', 'returned', 'stopped', 'refused']) {
    assert.ok(statuses.has(s), s);
  }
  // Every demo login works with the demo password.
  for (const u of ['quanly.trungtam', 'tiepnhan.trungtam', 'tiepnhan.hoankiem', 'tiepnhan.cuanam', 'tiepnhan.badinh',
    'xuly.hoankiem', 'lanhdao.hoankiem', 'quanly.hoankiem', 'xuly.cuanam', 'lanhdao.cuanam', '001190012345', '001085004321']) {
    await login(request, u, 'motcua-demo');
  }
  // The home page's "most used" procedures: by number of dossiers, ties by code.
  const counts = new Map();
  for (const d of all.json.items) counts.set(d.procedure.code, (counts.get(d.procedure.code) || 0) + 1);
  const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  r = await request('GET', '/api/v1/procedures?order=popular');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((p) => p.code), expected.slice(0, 10));
  assert.equal(r.json.next_cursor, null);
  r = await request('GET', '/api/v1/procedures?order=popular&limit=2');
  assert.deepEqual(r.json.items.map((p) => p.code), expected.slice(0, 2));
  r = await request('GET', '/api/v1/procedures?order=popular&q=khai&limit=21');
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['order', 'limit']);
  r = await request('GET', '/api/v1/procedures?order=newest');
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.message_vi]), [['order', 'thứ tự phải là code hoặc popular']]);
  const citizen = await login(request, '001190012345', 'motcua-demo');
  const mine = await request('GET', '/api/v1/dossiers', { token: citizen });
  assert.ok(mine.json.items.length >= 2);
  assert.ok(mine.json.items.every((d) => d.applicant.id_number === '001190012345'));
});

// The demo at awkward instants: every event of every demo dossier falls in working time by the
// effective calendar (no Tết, no weekend, no lunch, no night) and never after "now"; today's queue
// tickets exist only while the points are open. `motcua demo` and `serve` take one clock.
const AWKWARD = [
  // [instant, the points are open then]
  ['2027-02-06T12:30:00+07:00', false], // the first day of Tết, at lunch
  ['2026-12-31T23:59:30+07:00', false], // the last seconds of a year
  ['2027-03-01T00:05:00+07:00', false], // the 1st of a month, just after midnight
  ['2027-01-10T10:00:00+07:00', false], // a Sunday morning
  ['2027-09-02T10:00:00+07:00', false], // National Day
  ['2028-02-29T10:00:00+07:00', true], // a leap day, a Tuesday morning
];

/** Whether an instant (RFC 3339, +07:00) is in working time by the days of GET /calendar/{year}. */
function inWorkingTime(iso, special) {
  const day = iso.slice(0, 10);
  const sp = special.get(day);
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  const working = sp ? sp.kind === 'working' : wd >= 1 && wd <= 5;
  const mins = Number(iso.slice(11, 13)) * 60 + Number(iso.slice(14, 16));
  return working && ((mins >= 480 && mins < 720) || (mins >= 780 && mins < 1020));
}

for (const [clock, open] of AWKWARD) {
  test(`the demo at ${clock}: events in working time, tickets only while open`, async (t) => {
    const { dir, data } = initData(clock);
    const r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo', MOTCUA_TEST_CLOCK: clock });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`demo ready \\(12 accounts, 15 dossiers and ${open ? 9 : 0} queue tickets added\\)`));
    const srv = await startServer({ data, dir, args: ['--test-clock', clock] });
    t.after(() => srv.stop());
    const request = client(srv.base);
    const admin = await login(request, 'admin', ADMIN_PASSWORD);
    assert.equal((await request('GET', '/api/v1/health')).json.now, clock);
    const special = new Map();
    const year = Number(clock.slice(0, 4));
    for (const y of [year - 1, year]) {
      for (const d of (await request('GET', `/api/v1/calendar/${y}`)).json.days) special.set(d.date, d);
    }
    const all = (await request('GET', '/api/v1/dossiers?limit=500', { token: admin })).json.items;
    assert.equal(all.length, 15);
    let events = 0;
    for (const d of all) {
      const h = (await request('GET', `/api/v1/dossiers/${d.code}/history`, { token: admin })).json.items;
      let last = '';
      for (const e of h) {
        assert.ok(inWorkingTime(e.at, special), `${d.code} ${e.action} at ${e.at}`);
        assert.ok(Date.parse(e.at) <= Date.parse(clock), `${d.code} ${e.action} at ${e.at} is after ${clock}`);
        assert.ok(e.at >= last, `${d.code}: ${e.action} at ${e.at} before ${last}`);
        last = e.at;
        events++;
      }
    }
    assert.ok(events >= 40, `${events} events`);
    const queues = (await request('GET', '/api/v1/queues')).json;
    assert.equal(queues.day, clock.slice(0, 10));
    assert.deepEqual(queues.items.map((q) => [q.point, q.issued]), open ? [['001.01.50.H26', 6], ['002.01.50.H26', 3]] : []);
  });
}
