// Foundation API: health, units, errors and limits, against the real server binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, client, TEST_CLOCK, PG } from './lib/server.mjs';

let srv;
let request;

before(async () => {
  srv = await startServer({ args: ['--body-max', '4096'] });
  request = client(srv.base);
});
after(async () => { await srv.stop(); });

function assertProblem(r, status) {
  assert.equal(r.status, status);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.json.status, status);
  assert.equal(typeof r.json.title, 'string');
  assert.equal(typeof r.json.detail, 'string');
  assert.equal(typeof r.json.detail_vi, 'string');
  assert.ok(Array.isArray(r.json.errors));
}

async function listAll(query) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 20; page++) {
    const r = await request('GET', `/api/v1/units?${query}&limit=40${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  return items;
}

test('health answers ok with the version and the database', async () => {
  const r = await request('GET', '/api/v1/health');
  assert.equal(r.status, 200);
  const { now, disk_free_bytes: free, ...rest } = r.json;
  assert.deepEqual(rest, { status: 'ok', reasons: [], version: '0.1.0', database: PG ? 'postgresql' : 'sqlite' });
  assert.ok(Number.isInteger(free) && free > 0, `disk_free_bytes ${free}`);
  // "now" is the server's domain clock in Vietnam's time: here the pinned test clock.
  assert.equal(now, TEST_CLOCK);
  assert.ok(r.headers.get('x-request-id'));
});

test('without a test clock, "now" is the real clock in Vietnam\'s time', async () => {
  const real = await startServer({ env: { MOTCUA_TEST_CLOCK: '' } });
  try {
    const r = await client(real.base)('GET', '/api/v1/health');
    assert.match(r.json.now, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    assert.ok(Math.abs(Date.parse(r.json.now) - Date.now()) < 10000, r.json.now);
  } finally {
    await real.stop();
  }
});

test('126 service points and 126 commune PCs of which 51 are phường', async () => {
  const points = await listAll('kind=service_point');
  assert.equal(points.length, 126);
  assert.equal(new Set(points.map((u) => u.code)).size, 126);
  const communes = await listAll('kind=commune_pc');
  assert.equal(communes.length, 126);
  assert.equal(communes.filter((u) => u.subkind === 'phuong').length, 51);
  assert.equal(communes.filter((u) => u.subkind === 'xa').length, 75);
  const phuong = await listAll('kind=commune_pc&subkind=phuong');
  assert.equal(phuong.length, 51);
  // Every point sits under its own commune PC.
  for (const p of points) {
    const pc = communes.find((c) => c.code === p.parent);
    assert.ok(pc, `parent of ${p.code}`);
    assert.equal(p.gso_code, pc.gso_code);
  }
});

test('search ignores diacritics and case, and NFD input', async () => {
  const r = await request('GET', '/api/v1/units?q=hoan%20kiem');
  assert.equal(r.status, 200);
  const names = r.json.items.map((u) => u.name);
  assert.deepEqual(names, ['UBND phường Hoàn Kiếm', 'Điểm phục vụ hành chính công phường Hoàn Kiếm']);
  const nfd = encodeURIComponent('HOÀN KIẾM'.normalize('NFD'));
  const r2 = await request('GET', `/api/v1/units?q=${nfd}&kind=commune_pc`);
  assert.deepEqual(r2.json.items.map((u) => u.code), ['001.00.50.H26']);
  const r3 = await request('GET', `/api/v1/units?q=${encodeURIComponent('đống đa')}&kind=commune_pc`);
  assert.deepEqual(r3.json.items.map((u) => u.name), ['UBND phường Đống Đa']);
});

test('a unit with its parent as of a date and its history', async () => {
  const r = await request('GET', '/api/v1/units/001.01.50.H26?as_of=2025-07-01');
  assert.equal(r.status, 200);
  assert.equal(r.json.kind, 'service_point');
  assert.equal(r.json.parent, '001.00.50.H26');
  assert.equal(r.json.name, 'Điểm phục vụ hành chính công phường Hoàn Kiếm');
  assert.deepEqual(r.json.parents, [{ parent: '001.00.50.H26', from: '1970-01-01T07:00:00+07:00', to: null }]);
  const city = await request('GET', '/api/v1/units/000.00.00.H26');
  assert.equal(city.json.parent, null);
  assert.equal(city.json.kind, 'city_pc');
  assertProblem(await request('GET', '/api/v1/units/999.99.99.H26'), 404);
});

test('list parameters are checked and named', async () => {
  let r = await request('GET', '/api/v1/units?limit=501');
  assertProblem(r, 422);
  assert.equal(r.json.errors[0].field, 'limit');
  assert.ok(r.json.errors[0].message_vi.length > 0);
  r = await request('GET', '/api/v1/units?kind=weeks');
  assertProblem(r, 422);
  assert.equal(r.json.errors[0].field, 'kind');
  r = await request('GET', '/api/v1/units?as_of=2026-02-30');
  assertProblem(r, 422);
  assert.equal(r.json.errors[0].field, 'as_of');
  r = await request('GET', '/api/v1/units?cursor=***');
  assertProblem(r, 422);
  assert.equal(r.json.errors[0].field, 'cursor');
  r = await request('GET', '/api/v1/units?as_of=2026-11-26T10:00:00');
  assertProblem(r, 422);
  assert.equal(r.json.errors[0].field, 'as_of');
  r = await request('GET', '/api/v1/units?as_of=2026-11-26T10:00:00+07:00&kind=center');
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 1);
});

test('unknown route 404 and wrong method 405, as problem+json', async () => {
  assertProblem(await request('GET', '/api/v1/nothing-here'), 404);
  const r = await request('DELETE', '/api/v1/health');
  assertProblem(r, 405);
  assert.equal(r.headers.get('allow'), 'GET');
});

test('malformed JSON is 400, a wrong type 415, unknown fields 422 naming them', async () => {
  let r = await request('POST', '/api/v1/auth/login', { raw: '{"username": "admin",', headers: { 'Content-Type': 'application/json' } });
  assertProblem(r, 400);
  r = await request('POST', '/api/v1/auth/login', { raw: '{"username":"a","username":"b","password":"x"}', headers: { 'Content-Type': 'application/json' } });
  assertProblem(r, 400);
  r = await request('POST', '/api/v1/auth/login', { raw: 'username=admin', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assertProblem(r, 415);
  r = await request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'x', remember: true } });
  assertProblem(r, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['remember']);
  r = await request('POST', '/api/v1/auth/login', { body: { username: 7 } });
  assertProblem(r, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['password', 'username']);
  r = await request('POST', '/api/v1/auth/login', { body: [1, 2] });
  assertProblem(r, 422);
});

test('a body over the limit is refused with 413 from Content-Length, before it is sent', async () => {
  // Send only the headers, announcing 10 MB: the server must answer without waiting for the body.
  const port = Number(new URL(srv.base).port);
  const answer = await new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); reject(new Error(`no answer; got: ${data}`)); }, 5000);
    sock.on('data', (d) => {
      data += d;
      if (data.includes('\r\n\r\n') && data.includes('}')) { clearTimeout(timer); sock.destroy(); resolve(data); }
    });
    sock.on('error', reject);
    sock.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n');
  });
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /application\/problem\+json/);
  // A chunked body that passes the limit is refused too.
  const big = JSON.stringify({ username: 'x'.repeat(5000), password: 'y' });
  const r = await request('POST', '/api/v1/auth/login', { raw: big, headers: { 'Content-Type': 'application/json' } });
  assertProblem(r, 413);
});

test('metrics are Prometheus text with routes and statuses', async () => {
  await request('GET', '/api/v1/health');
  const r = await request('GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /motcua_http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/);
  assert.match(r.text, /motcua_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(r.text, /motcua_http_open_connections \d+/);
});

test('static files of the UI are served, with no way out of the web directory', async () => {
  const r = await request('GET', '/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.text, /Trung tâm Phục vụ hành chính công/);
  assertProblem(await request('GET', '/../CMakeLists.txt'), 404);
  assertProblem(await request('GET', '/%2e%2e/CMakeLists.txt'), 404);
});

test('the OpenAPI document is served and lists every route', async () => {
  const r = await request('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.json.openapi, '3.1.0');
  for (const p of ['/api/v1/health', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/users',
    '/api/v1/citizens/register', '/api/v1/units', '/api/v1/units/{code}', '/api/v1/audit', '/api/v1/calendar/{year}',
    '/api/v1/calendar/days/{date}', '/api/v1/calendar/due', '/api/v1/calendar/lunar', '/api/v1/calendar/solar',
    '/api/v1/points/{code}/tickets', '/api/v1/points/{code}/counters/{n}/call-next', '/api/v1/points/{code}/queue', '/api/v1/points/{code}/queue/stream', '/api/v1/queues', '/metrics',
    '/api/v1/points/{code}/kiosk/tickets', '/api/v1/points/{code}/counters/{n}/recall', '/api/v1/points/{code}/counters/{n}/skip',
    '/api/v1/points/{code}/counters/{n}/finish', '/api/v1/points/{code}/counters/{n}/transfer', '/api/v1/points/{code}/queue/settings',
    '/api/v1/points/{code}/queue/stats', '/api/v1/dossiers/{code}/ticket',
    '/api/v1/dossiers', '/api/v1/dossiers/{code}', '/api/v1/dossiers/{code}/history', '/api/v1/dossiers/{code}/{action}',
    '/api/v1/intake-guidance', '/api/v1/intake-refusals', '/api/v1/public/dossiers/{code}', '/api/v1/public/dossiers/{code}/rating',
    '/track/{code}', '/api/v1/test/clock', '/api/v1/procedures', '/api/v1/procedures/{code}', '/api/v1/documents',
    '/api/v1/documents/{id}', '/api/v1/applicants/{id}/documents', '/api/v1/dossiers/{code}/receipt',
    '/api/v1/public/receipts/verify', '/api/v1/dossiers/{code}/forms/{name}', '/api/v1/intake-guidance/{number}/form.pdf',
    '/api/v1/intake-refusals/{number}/form.pdf', '/api/v1/reports/tracking-book.xlsx', '/api/v1/reports/tracking-book.csv', '/api/v1/reports/tracking-book.pdf']) {
    assert.ok(r.json.paths[p], p);
  }
});
