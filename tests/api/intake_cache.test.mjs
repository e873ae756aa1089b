// What every intake reads is served from memory (issue 22: procedure versions in
// svc/catalog_cache.c, units by code in svc/units_cache.c, the calendar's years and versions in
// svc/calendar_days.c), and each change shows in the very next intake: a procedure version
// published, a day off set, a unit moved by a reorganization. On PostgreSQL a second instance on
// the same database forgets what it kept once the first commits (LISTEN/NOTIFY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, PG, TEST_CLOCK } from './lib/server.mjs';
import { startDemo, guardianship, HK_POINT, HK_PC, CENTER } from './lib/dossiers.mjs';

let demo;
let t;
let request;

before(async () => {
  demo = await startDemo(TEST_CLOCK);
  ({ tokens: t, request } = demo);
});
after(async () => { await demo.srv.stop(); });

const intake = async (req = request, body = guardianship()) => {
  const r = await req('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body });
  assert.equal(r.status, 201, r.text);
  return r.json;
};
const components = (d) => d.components.map((c) => [c.id, c.provided]);

/** Publishes the next version of 1.004837 with one more paper and a duration of `days`. */
async function publish(req, name, days) {
  const cur = await req('GET', '/api/v1/procedures/1.004837');
  assert.equal(cur.status, 200, cur.text);
  const body = { ...cur.json };
  body.components = [...cur.json.components, {
    name, original_or_copy: 'copy', quantity: 1, required: false, submit_or_present: 'submit',
  }];
  body.duration = { value: days, unit: 'working_days' };
  const r = await req('PUT', '/api/v1/procedures/1.004837', { token: t.admin, body });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, cur.json.version + 1);
  return r.json;
}

test('a procedure version published between two intakes is the one the second intake gets', async () => {
  const first = await intake();
  const again = await intake(); // the version is kept in memory now
  assert.equal(again.procedure.version, first.procedure.version);
  assert.deepEqual(components(again), components(first));
  assert.deepEqual(components(first), [['tp01', false], ['tp02', true], ['tp03', false], ['tp04', false], ['tp05', false], ['tp06', false], ['tp07', true]]);
  assert.equal(first.due_at, '2026-12-01T09:00:00+07:00'); // 3 working days from Thursday 09:00

  const v = await publish(request, 'Giấy xác nhận thử nghiệm bộ nhớ đệm', 4);
  const newId = v.components[v.components.length - 1].id;
  const next = await intake();
  assert.equal(next.procedure.version, first.procedure.version + 1);
  assert.deepEqual(next.duration, { value: 4, unit: 'working_days' });
  assert.equal(next.due_at, '2026-12-02T09:00:00+07:00');
  assert.deepEqual(components(next), [...components(first), [newId, false]]);
  // The page of the procedure, read through the same cache, says the same.
  const page = await request('GET', '/api/v1/procedures/1.004837');
  assert.equal(page.json.version, v.version);
});

test('a day off set between two intakes moves the second one\'s due time and calendar version', async () => {
  const first = await intake();
  assert.equal(first.due_at, '2026-12-02T09:00:00+07:00');
  assert.deepEqual(first.calendar_versions, { 2026: 1 });
  const r = await request('PUT', '/api/v1/calendar/days/2026-11-30', { token: t.admin, body: { kind: 'off', name: 'Nghỉ thử nghiệm' } });
  assert.equal(r.status, 200, r.text);
  const next = await intake();
  assert.equal(next.due_at, '2026-12-03T09:00:00+07:00');
  assert.deepEqual(next.calendar_versions, { 2026: 2 });
  const del = await request('DELETE', '/api/v1/calendar/days/2026-11-30', { token: t.admin });
  assert.equal(del.status, 204, del.text);
  const last = await intake();
  assert.equal(last.due_at, '2026-12-02T09:00:00+07:00');
  assert.deepEqual(last.calendar_versions, { 2026: 3 });
});

test('units kept for intake follow a reorganization and the clock', async () => {
  await intake(); // the point and the commune PC are kept now
  // The Hoàn Kiếm service point moves under the Center tomorrow at 08:00.
  const r = await request('POST', '/api/v1/reorganizations', {
    token: t.admin,
    body: { decision_number: '99/QĐ-UBND', signed_on: '2026-11-26', effective_at: '2026-11-27T08:00:00+07:00', target_unit: CENTER, units: [HK_POINT], handover_days: 30 },
  });
  assert.equal(r.status, 201, r.text);
  const unitAt = async (at) => (await request('GET', `/api/v1/units/${HK_POINT}?as_of=${encodeURIComponent(at)}`)).json.parent;
  assert.equal(await unitAt('2026-11-26T10:00:00+07:00'), HK_PC);
  assert.equal(await unitAt('2026-11-27T08:00:00+07:00'), CENTER);
  const d = await intake();
  assert.equal(d.receiving_unit, HK_POINT);
  assert.equal(d.resolver_unit, HK_PC);
  await demo.setClock('2026-11-27T09:00:00+07:00');
  const later = await intake();
  assert.equal(later.receiving_unit, HK_POINT);
  assert.equal(later.due_at, '2026-12-03T09:00:00+07:00');
});

test('a second instance on the same database forgets what it kept once the first commits', { skip: PG ? false : 'needs PostgreSQL (the api_pg run)' }, async () => {
  const b = await startServer({ data: demo.srv.data, args: ['--test-clock', '2026-11-27T09:00:00+07:00'] });
  try {
    const rb = client(b.base);
    const before1 = await intake(rb);
    const version = before1.procedure.version;
    assert.equal((await intake(rb)).procedure.version, version); // kept on B
    const v = await publish(request, 'Giấy thử nghiệm hai máy chủ', 5);
    // B hears of it within the notification's delay: poll its page of the procedure.
    const deadline = Date.now() + 10000;
    let seen = version;
    while (seen !== v.version && Date.now() < deadline) {
      seen = (await rb('GET', '/api/v1/procedures/1.004837')).json.version;
    }
    assert.equal(seen, v.version);
    const d = await intake(rb);
    assert.equal(d.procedure.version, v.version);
    assert.deepEqual(d.components.map((c) => c.id), v.components.map((c) => c.id));
    // A day off set on A moves B's due times as soon as B hears of it.
    const due0 = (await intake(rb)).due_at;
    const r = await request('PUT', '/api/v1/calendar/days/2026-12-01', { token: t.admin, body: { kind: 'off', name: 'Nghỉ thử nghiệm' } });
    assert.equal(r.status, 200, r.text);
    const dueOnB = async () => (await rb('GET', '/api/v1/calendar/due?from=2026-11-27T09:00:00%2B07:00&value=5&unit=working_days')).json.due_at;
    let due = await dueOnB();
    while (due === due0 && Date.now() < deadline + 10000) due = await dueOnB();
    assert.notEqual(due, due0);
    assert.equal((await intake(rb)).due_at, due);
  } finally {
    await b.stop({ keep: true });
  }
});
