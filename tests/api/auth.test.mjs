// Accounts: login (right, wrong, throttled), sessions, users and roles, scope of a role's unit,
// citizen registration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, login, ADMIN_PASSWORD, TEST_CLOCK } from './lib/server.mjs';

let srv;
let request;
let admin;

before(async () => {
  srv = await startServer();
  request = client(srv.base);
  admin = await login(request, 'admin', ADMIN_PASSWORD);
});
after(async () => { await srv.stop(); });

async function createUser(username, roles, token = admin) {
  return request('POST', '/api/v1/users', {
    token,
    body: { username, password: 'correct horse 1', full_name: 'Nguyễn Văn An', roles },
  });
}

test('login returns a token, its expiry and the user with roles', async () => {
  const r = await request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  assert.equal(r.status, 200);
  assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(r.json.expires_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  const hours = (Date.parse(r.json.expires_at) - Date.now()) / 3600e3;
  assert.ok(hours > 11.9 && hours <= 12.01, `expires in ${hours} h`);
  assert.deepEqual(r.json.user, {
    username: 'admin', full_name: 'Quản trị hệ thống', id_number: null,
    roles: [{ role: 'admin', unit: '000.00.00.H26' }],
  });
  const me = await request('GET', '/api/v1/me', { token: r.json.token });
  assert.equal(me.status, 200);
  assert.equal(me.json.username, 'admin');
});

test('wrong password and unknown user get the same 401', async () => {
  const a = await request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-password' } });
  const b = await request('POST', '/api/v1/auth/login', { body: { username: 'nobody-here', password: 'wrong-password' } });
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.deepEqual(a.json, b.json);
  assert.match(a.headers.get('content-type'), /^application\/problem\+json/);
});

test('five failures for one username → 429 with Retry-After, even with the right password', async () => {
  assert.equal((await createUser('throttle.me', [{ role: 'receiver', unit: '001.01.50.H26' }])).status, 201);
  for (let i = 0; i < 5; i++) {
    const r = await request('POST', '/api/v1/auth/login', { body: { username: 'throttle.me', password: `bad-${i}-password` } });
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  const r = await request('POST', '/api/v1/auth/login', { body: { username: 'throttle.me', password: 'correct horse 1' } });
  assert.equal(r.status, 429);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry > 890 && retry <= 900, `Retry-After ${retry}`);
  // Other usernames are not affected.
  assert.equal((await request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status, 200);
});

test('no token, a bad token, and a logged-out token are 401', async () => {
  assert.equal((await request('GET', '/api/v1/me')).status, 401);
  assert.equal((await request('GET', '/api/v1/me', { token: 'x'.repeat(43) })).status, 401);
  const t = await login(request, 'admin', ADMIN_PASSWORD);
  assert.equal((await request('POST', '/api/v1/auth/logout', { token: t })).status, 204);
  const r = await request('GET', '/api/v1/me', { token: t });
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  // The admin token from before is untouched: logging out ends only its own session.
  assert.equal((await request('GET', '/api/v1/me', { token: admin })).status, 200);
});

test('creating users: admin only, roles checked against units, duplicates 409', async () => {
  let r = await createUser('tiepnhan.a', [{ role: 'receiver', unit: '001.01.50.H26' }]);
  assert.equal(r.status, 201);
  assert.deepEqual(r.json.roles, [{ role: 'receiver', unit: '001.01.50.H26' }]);
  const t = await login(request, 'tiepnhan.a', 'correct horse 1');
  r = await createUser('other.user', [{ role: 'receiver', unit: '001.01.50.H26' }], t);
  assert.equal(r.status, 403);
  r = await createUser('tiepnhan.a', [{ role: 'receiver', unit: '001.01.50.H26' }]);
  assert.equal(r.status, 409);
  assert.equal(r.json.errors[0].field, 'username');
  r = await createUser('bad.roles', [
    { role: 'receiver', unit: '999.99.99.H26' },
    { role: 'wizard', unit: '001.01.50.H26' },
    { role: 'admin', unit: '001.01.50.H26' },
    { role: 'center_manager', unit: '000.00.00.H26' },
  ]);
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['roles[0].unit', 'roles[1].role', 'roles[2].unit', 'roles[3].unit']);
  r = await request('POST', '/api/v1/users', { token: admin, body: { username: 'X', password: 'short', full_name: '', roles: [], extra: 1 } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['extra', 'full_name']);
  r = await request('POST', '/api/v1/users', { token: admin, body: { username: 'X', password: 'short', full_name: 'A', roles: [] } });
  assert.deepEqual(r.json.errors.map((e) => e.field), ['username', 'password', 'roles']);
  // Nothing was created by refused requests.
  assert.equal((await request('POST', '/api/v1/auth/login', { body: { username: 'bad.roles', password: 'correct horse 1' } })).status, 401);
});

test('a receiver of one point cannot act for another point (403); scope follows the unit tree', async () => {
  await createUser('tn.hoankiem', [{ role: 'receiver', unit: '001.01.50.H26' }]);
  await createUser('ql.phuong', [{ role: 'unit_manager', unit: '002.00.50.H26' }]);
  const hk = await login(request, 'tn.hoankiem', 'correct horse 1');
  const ql = await login(request, 'ql.phuong', 'correct horse 1');
  let r = await request('POST', '/api/v1/points/001.01.50.H26/tickets', { token: hk, body: {} });
  assert.equal(r.status, 201);
  assert.equal(r.json.number, 1);
  r = await request('POST', '/api/v1/points/001.01.50.H26/tickets', { token: hk, body: { priority: 'elderly' } });
  assert.equal(r.json.number, 2);
  assert.equal(r.json.waiting_ahead, 1);
  // Another point: forbidden, and nothing issued there.
  r = await request('POST', '/api/v1/points/002.01.50.H26/tickets', { token: hk, body: {} });
  assert.equal(r.status, 403);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  r = await request('POST', '/api/v1/points/002.01.50.H26/counters/1/call-next', { token: hk });
  assert.equal(r.status, 403);
  assert.equal((await request('GET', '/api/v1/points/002.01.50.H26/queue')).json.items.length, 0);
  // A unit manager of the commune PC covers the point below it.
  r = await request('POST', '/api/v1/points/002.01.50.H26/tickets', { token: ql, body: {} });
  assert.equal(r.status, 201);
  // Unknown point: 404 before 403.
  assert.equal((await request('POST', '/api/v1/points/999.01.50.H26/tickets', { token: hk, body: {} })).status, 404);
  // The priority ticket is called first, then the next by number.
  r = await request('POST', '/api/v1/points/001.01.50.H26/counters/3/call-next', { token: hk });
  assert.equal(r.status, 200);
  assert.equal(r.json.ticket.number, 2);
  assert.equal(r.json.ticket.counter, 3);
  r = await request('POST', '/api/v1/points/001.01.50.H26/counters/3/call-next', { token: hk, body: {} });
  assert.equal(r.json.ticket.number, 1);
  r = await request('POST', '/api/v1/points/001.01.50.H26/counters/3/call-next', { token: hk });
  assert.equal(r.json.ticket, null);
  const board = await request('GET', '/api/v1/points/001.01.50.H26/queue');
  assert.deepEqual(board.json.items.map((t) => [t.number, t.status]), [[1, 'done'], [2, 'done']]);
  assert.equal(board.json.waiting, 0);
  // The public summary of today's queues: only points that issued tickets, counts only.
  const queues = await request('GET', '/api/v1/queues');
  assert.equal(queues.status, 200);
  assert.equal(queues.json.day, TEST_CLOCK.slice(0, 10)); // the server's (pinned) today
  assert.deepEqual(queues.json.items, [
    { point: '001.01.50.H26', name: 'Điểm phục vụ hành chính công phường Hoàn Kiếm', waiting: 0, serving: 0, issued: 2 },
    { point: '002.01.50.H26', name: (await request('GET', '/api/v1/units/002.01.50.H26')).json.name, waiting: 1, serving: 0, issued: 1 },
  ]);
  r = await request('POST', '/api/v1/points/001.01.50.H26/counters/0/call-next', { token: hk });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'counter');
});

test('citizens register with their ID number and log in with it', async () => {
  let r = await request('POST', '/api/v1/citizens/register', {
    body: { id_number: '001190012345', full_name: 'Nguyễn Thị Hằng'.normalize('NFD'), phone: '0912345678', email: 'hang@example.vn', password: 'mat khau 2026' },
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.full_name, 'Nguyễn Thị Hằng'); // stored NFC
  assert.deepEqual(r.json.roles, [{ role: 'citizen', unit: null }]);
  const t = await login(request, '001190012345', 'mat khau 2026');
  const me = await request('GET', '/api/v1/me', { token: t });
  assert.equal(me.json.id_number, '001190012345');
  assert.equal(me.json.identity, 'unverified');
  // Registering claims nothing exclusively: a second account of the number is made (201, not
  // 409, which would tell that the number has an account); each logs in with its own password.
  r = await request('POST', '/api/v1/citizens/register', {
    body: { id_number: '001190012345', full_name: 'Ai Đó', password: 'mat khau khac' },
  });
  assert.equal(r.status, 201, r.text);
  const t2 = await login(request, '001190012345', 'mat khau khac');
  assert.equal((await request('GET', '/api/v1/me', { token: t2 })).json.full_name, 'Ai Đó');
  assert.equal((await request('GET', '/api/v1/me', { token: t })).json.full_name, 'Nguyễn Thị Hằng');
  for (const bad of ['12345', '000190012345', '001390012345', '00119001234a']) {
    r = await request('POST', '/api/v1/citizens/register', { body: { id_number: bad, full_name: 'A', password: 'mat khau 2026' } });
    assert.equal(r.status, 422, bad);
    assert.equal(r.json.errors[0].field, 'id_number', bad);
    assert.ok(r.json.errors[0].message_vi.length > 0);
  }
  r = await request('POST', '/api/v1/citizens/register', { body: { id_number: '001190012346', full_name: 'A', password: 'x', email: 'nope' } });
  assert.deepEqual(r.json.errors.map((e) => e.field), ['password', 'email']);
});

test('admins create units under a parent; others cannot', async () => {
  let r = await request('POST', '/api/v1/units', {
    token: admin,
    body: { code: '000.01.01.H26', name: 'Chi nhánh số 1 Trung tâm PVHCC', kind: 'branch', parent: '000.00.01.H26' },
  });
  assert.equal(r.status, 201);
  assert.equal(r.json.parent, '000.00.01.H26');
  r = await request('GET', '/api/v1/units?kind=branch');
  assert.deepEqual(r.json.items.map((u) => u.code), ['000.01.01.H26']);
  r = await request('POST', '/api/v1/units', {
    token: admin,
    body: { code: '000.01.01.H26', name: 'Trùng', kind: 'branch', parent: '000.00.01.H26' },
  });
  assert.equal(r.status, 409);
  r = await request('POST', '/api/v1/units', { token: admin, body: { code: 'x', name: 'A', kind: 'center', parent: 'nope' } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['code', 'kind', 'parent']);
  const citizen = await login(request, '001190012345', 'mat khau 2026').catch(() => null);
  if (citizen) {
    r = await request('POST', '/api/v1/units', { token: citizen, body: { code: '000.02.01.H26', name: 'B', kind: 'branch', parent: '000.00.01.H26' } });
    assert.equal(r.status, 403);
  }
  assert.equal((await request('POST', '/api/v1/units', { body: {} })).status, 401);
});
