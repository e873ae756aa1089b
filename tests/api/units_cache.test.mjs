// Unit list pages are cached under their query and a stamp of the unit tables
// (svc/units_cache.c): a unit created after a page was read must show in the same query at once,
// and the as-of time stays part of the query.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, login, initData, ADMIN_PASSWORD } from './lib/server.mjs';

let srv;
let request;
let admin;

before(async () => {
  const { data } = initData();
  srv = await startServer({ data });
  request = client(srv.base);
  admin = await login(request, 'admin', ADMIN_PASSWORD);
});
after(async () => { await srv.stop(); });

test('a unit created after a list was read shows in that list at once', async () => {
  const path = '/api/v1/units?kind=branch&limit=50';
  const before1 = await request('GET', path);
  const before2 = await request('GET', path); // cached now
  assert.equal(before2.text, before1.text);
  assert.deepEqual(before1.json.items, []);
  let r = await request('POST', '/api/v1/units', {
    token: admin,
    body: { code: '000.01.02.H26', name: 'Chi nhánh số 2 Trung tâm PVHCC', kind: 'branch', parent: '000.00.01.H26' },
  });
  assert.equal(r.status, 201, r.text);
  r = await request('GET', path);
  assert.deepEqual(r.json.items.map((u) => [u.code, u.parent, u.active]), [['000.01.02.H26', '000.00.01.H26', true]]);
  assert.equal(r.json.next_cursor, null);
  // Before it existed (as_of in the past), the same filter gives none.
  r = await request('GET', `${path}&as_of=2020-01-01T00:00:00%2B07:00`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items, []);
  // Paging through the service points twice gives the same pages.
  const pages = async () => {
    const codes = [];
    let cursor = null;
    do {
      const p = await request('GET', `/api/v1/units?kind=service_point&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      codes.push(...p.json.items.map((u) => u.code));
      cursor = p.json.next_cursor;
    } while (cursor);
    return codes;
  };
  const first = await pages();
  assert.equal(first.length, 126);
  assert.deepEqual(await pages(), first);
});

test('a page of units is compact JSON in the API\'s member order, each unit as GET /units/{code} gives it', async () => {
  for (const path of ['/api/v1/units?kind=service_point&limit=3', '/api/v1/units?limit=4', '/api/v1/units?q=hoan%20kiem&limit=5']) {
    const r = await request('GET', path);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, JSON.stringify(r.json), path); // written directly: compact, as jansson wrote it
    assert.ok(r.json.items.length > 0, path);
    for (const u of r.json.items) {
      assert.deepEqual(Object.keys(u), ['code', 'name', 'kind', 'subkind', 'parent', 'gso_code', 'active']);
      const one = await request('GET', `/api/v1/units/${u.code}`);
      assert.equal(one.status, 200);
      for (const [k, v] of Object.entries(u)) assert.deepEqual(v, one.json[k], `${u.code} ${k}`);
    }
  }
  // The city itself has no parent: null, not "".
  const city = (await request('GET', '/api/v1/units?kind=city_pc')).json.items[0];
  assert.deepEqual([city.parent, city.active], [null, true]);
});
