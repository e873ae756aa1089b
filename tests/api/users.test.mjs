// Administrators' users and roles: the list (search without diacritics, role and unit filters,
// pages), one account, and changes (full name, roles, active, password) with their checks, their
// effect on logins and sessions, and their audit events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, DEMO_PASSWORD, HK_PC, HK_POINT, CENTER } from './lib/dossiers.mjs';

const CITY_PC = '000.00.00.H26';
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
let srv;
let request;
let tokens;

before(async () => {
  ({ srv, request, tokens } = await startDemo('2026-11-26T09:00:00+07:00'));
});
after(async () => { await srv.stop(); });

const asAdmin = (method, p, body) => request(method, `/api/v1${p}`, { token: tokens.admin, body });
const names = (r) => r.json.items.map((u) => u.username);
const fields = (r) => r.json.errors.map((e) => e.field);

async function newStaff(username, roles = [{ role: 'receiver', unit: HK_POINT }]) {
  const r = await asAdmin('POST', '/users', { username, password: 'correct horse 1', full_name: 'Phan Thị Thu', roles });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
const loginAs = (username, password = 'correct horse 1') =>
  request('POST', '/api/v1/auth/login', { body: { username, password } });

test('401 without a session; 403 for a receiver on every users route', async () => {
  assert.equal((await request('GET', '/api/v1/users')).status, 401);
  assert.equal((await request('GET', '/api/v1/users/admin')).status, 401);
  assert.equal((await request('PATCH', '/api/v1/users/admin', { body: {} })).status, 401);
  const t = tokens['tiepnhan.hoankiem'];
  for (const [m, p, body] of [['GET', '/api/v1/users'], ['GET', '/api/v1/users/admin'], ['PATCH', '/api/v1/users/tiepnhan.hoankiem', { active: false }]]) {
    const r = await request(m, p, { token: t, body });
    assert.equal(r.status, 403, `${m} ${p}`);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(r.json.detail_vi, 'chỉ quản trị viên được thực hiện');
  }
  // The receiver stays active.
  assert.equal((await request('GET', '/api/v1/me', { token: t })).status, 200);
});

test('q ignores diacritics, case, spaces and punctuation; matches username or full name', async () => {
  let r = await asAdmin('GET', '/users?q=hoan%20kiem');
  assert.equal(r.status, 200);
  assert.deepEqual(names(r), ['lanhdao.hoankiem', 'quanly.hoankiem', 'tiepnhan.hoankiem', 'xuly.hoankiem']);
  assert.equal(r.json.next_cursor, null);
  // The full name, with or without diacritics, any case.
  for (const q of ['Hoàng Văn', 'hoang van', 'HOANG VAN BINH']) {
    r = await asAdmin('GET', `/users?q=${encodeURIComponent(q)}`);
    assert.deepEqual(names(r), ['xuly.hoankiem'], q);
  }
  r = await asAdmin('GET', `/users?q=${encodeURIComponent('Đỗ thị')}`);
  assert.deepEqual(names(r), ['lanhdao.hoankiem']);
  r = await asAdmin('GET', '/users?q=tiepnhan.cuanam');
  assert.deepEqual(names(r), ['tiepnhan.cuanam']);
  r = await asAdmin('GET', '/users?q=khong-ai-ten-nay');
  assert.deepEqual(r.json, { items: [], next_cursor: null });
});

test('role and unit filter by one binding; items have the documented shape', async () => {
  let r = await asAdmin('GET', '/users?role=receiver');
  assert.deepEqual(names(r), ['tiepnhan.badinh', 'tiepnhan.cuanam', 'tiepnhan.hoankiem', 'tiepnhan.trungtam']);
  r = await asAdmin('GET', `/users?unit=${HK_PC}`);
  assert.deepEqual(names(r), ['lanhdao.hoankiem', 'quanly.hoankiem', 'xuly.hoankiem']);
  r = await asAdmin('GET', `/users?role=approver&unit=${HK_PC}`);
  assert.deepEqual(names(r), ['lanhdao.hoankiem']);
  r = await asAdmin('GET', `/users?role=receiver&unit=${HK_PC}`);
  assert.deepEqual(names(r), []);
  r = await asAdmin('GET', '/users?role=citizen');
  assert.deepEqual(names(r), ['001085004321', '001190012345']);
  r = await asAdmin('GET', `/users?role=approver&unit=${HK_PC}&q=do%20thi`);
  assert.equal(r.json.items.length, 1);
  const u = r.json.items[0];
  assert.match(u.created_at, TIME);
  assert.deepEqual({ ...u, created_at: null }, {
    username: 'lanhdao.hoankiem', full_name: 'Đỗ Thị Lan', id_number: null,
    roles: [{ role: 'approver', unit: HK_PC }], active: true, created_at: null,
  });
});

test('pages by username with an opaque cursor cover the whole list once', async () => {
  const all = names(await asAdmin('GET', '/users?limit=500'));
  assert.deepEqual(all, [...all].sort());
  assert.ok(all.includes('admin') && all.includes('xuly.cuanam'));
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const r = await asAdmin('GET', `/users?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 3);
    seen.push(...names(r));
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, all);
});

test('bad parameters are 422 naming each, in Vietnamese too', async () => {
  const cases = [
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], ['cursor=%21%21', 'cursor'],
    ['role=boss', 'role'], ['unit=999.99.99.H26', 'unit'], [`q=${'a'.repeat(201)}`, 'q'], ['active=yes', 'active'],
  ];
  for (const [qs, field] of cases) {
    const r = await asAdmin('GET', `/users?${qs}`);
    assert.equal(r.status, 422, qs);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    assert.deepEqual(fields(r), [field], qs);
    assert.ok(r.json.errors[0].message_vi.length > 0);
  }
  const r = await asAdmin('GET', '/users?role=boss&unit=nowhere');
  assert.deepEqual(fields(r), ['role', 'unit']);
  assert.equal(r.json.errors[0].message_vi, 'vai trò không hợp lệ');
  assert.equal(r.json.errors[1].message_vi, 'mã đơn vị không tồn tại');
});

test('one account; 404 problem+json for an unknown one', async () => {
  let r = await asAdmin('GET', '/users/tiepnhan.hoankiem');
  assert.equal(r.status, 200);
  assert.equal(r.json.full_name, 'Lê Thu Trang');
  assert.deepEqual(r.json.roles, [{ role: 'receiver', unit: HK_POINT }]);
  assert.equal(r.json.active, true);
  assert.match(r.json.created_at, TIME);
  assert.equal('password_hash' in r.json, false);
  r = await asAdmin('GET', '/users/nobody.here');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.json.detail_vi, 'không tìm thấy');
  assert.equal((await asAdmin('PATCH', '/users/nobody.here', { active: false })).status, 404);
});

test('PATCH checks every field like POST and changes nothing when refused', async () => {
  await newStaff('thu.kiemtra');
  const before = (await asAdmin('GET', '/users/thu.kiemtra')).json;
  const cases = [
    [{ nickname: 'x' }, ['nickname']],
    [{ full_name: '' }, ['full_name']],
    [{ full_name: null }, ['full_name']],
    [{ active: 'no' }, ['active']],
    [{ password: 'short' }, ['password']],
    [{ roles: [] }, ['roles']],
    [{ roles: 'receiver' }, ['roles']],
    [{ roles: [{ role: 'citizen', unit: HK_POINT }] }, ['roles[0].role']],
    [{ roles: [{ role: 'receiver', unit: '999.99.99.H26' }] }, ['roles[0].unit']],
    [{ roles: [{ role: 'admin', unit: HK_PC }] }, ['roles[0].unit']],
    [{ roles: [{ role: 'center_manager', unit: CITY_PC }] }, ['roles[0].unit']],
    [{ roles: [{ role: 'receiver', unit: HK_POINT, extra: 1 }] }, ['roles[0].extra']],
    [{ roles: [{ role: 'receiver', unit: HK_POINT }, { role: 'receiver', unit: HK_POINT }] }, ['roles[1]']],
    [{ full_name: 'Tên mới', roles: [{ role: 'boss', unit: HK_POINT }], active: false }, ['roles[0].role']],
  ];
  for (const [body, want] of cases) {
    const r = await asAdmin('PATCH', '/users/thu.kiemtra', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(fields(r), want, JSON.stringify(body));
    for (const e of r.json.errors) assert.ok(e.message_vi.length > 0);
  }
  assert.equal((await asAdmin('GET', '/users/thu.kiemtra')).json.active, true);
  assert.deepEqual((await asAdmin('GET', '/users/thu.kiemtra')).json, before);
  // A citizen's account takes no staff roles here.
  const c = await asAdmin('PATCH', '/users/001085004321', { roles: [{ role: 'receiver', unit: HK_POINT }] });
  assert.equal(c.status, 422);
  assert.deepEqual(fields(c), ['roles']);
  assert.equal(c.json.errors[0].message_vi, 'tài khoản công dân không được gán vai trò cán bộ');
  // Not JSON, and not declared as JSON.
  assert.equal((await request('PATCH', '/api/v1/users/thu.kiemtra', { token: tokens.admin, raw: '{', headers: { 'Content-Type': 'application/json' } })).status, 400);
  assert.equal((await request('PATCH', '/api/v1/users/thu.kiemtra', { token: tokens.admin, raw: '{}', headers: { 'Content-Type': 'text/plain' } })).status, 415);
});

test('new roles replace the set: /me shows them, after a new login too', async () => {
  await newStaff('thu.vaitro');
  const old = (await loginAs('thu.vaitro')).json.token;
  // Used once before the change, so that the server has its session at hand (the session cache,
  // docs/architecture.md): the change must still show on the next request.
  assert.deepEqual((await request('GET', '/api/v1/me', { token: old })).json.roles, [{ role: 'receiver', unit: HK_POINT }]);
  const roles = [{ role: 'processor', unit: HK_PC }, { role: 'receiver', unit: CENTER }];
  const r = await asAdmin('PATCH', '/users/thu.vaitro', { roles, full_name: 'Phan Thị Thu Hà' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.roles, roles);
  assert.equal(r.json.full_name, 'Phan Thị Thu Hà');
  const again = await loginAs('thu.vaitro');
  assert.equal(again.status, 200);
  assert.deepEqual(again.json.user.roles, roles);
  const me = await request('GET', '/api/v1/me', { token: again.json.token });
  assert.deepEqual(me.json.roles, roles);
  assert.equal(me.json.full_name, 'Phan Thị Thu Hà');
  // Roles are read on every request: the older session has them as well.
  assert.deepEqual((await request('GET', '/api/v1/me', { token: old })).json.roles, roles);
  // The new name is searchable without diacritics; the old binding no longer filters it in.
  assert.deepEqual(names(await asAdmin('GET', '/users?q=thu%20ha')), ['thu.vaitro']);
  assert.equal(names(await asAdmin('GET', `/users?role=receiver&unit=${HK_POINT}`)).includes('thu.vaitro'), false);
  assert.equal(names(await asAdmin('GET', `/users?role=processor&unit=${HK_PC}`)).includes('thu.vaitro'), true);
  // Audit: the change of roles with both sets, and the name.
  const a = await asAdmin('GET', '/audit?entity=user:thu.vaitro');
  assert.deepEqual(a.json.items.map((e) => [e.action, e.actor]), [['create_user', 'admin'], ['set_roles', 'admin'], ['update_user', 'admin']]);
  assert.deepEqual(a.json.items[1].detail, { from: [{ role: 'receiver', unit: HK_POINT }], to: roles });
  assert.deepEqual(a.json.items[2].detail, { full_name: { from: 'Phan Thị Thu', to: 'Phan Thị Thu Hà' } });
  // The same values again change nothing and write nothing.
  assert.equal((await asAdmin('PATCH', '/users/thu.vaitro', { roles: [...roles].reverse(), full_name: 'Phan Thị Thu Hà' })).status, 200);
  assert.equal((await asAdmin('GET', '/audit?entity=user:thu.vaitro')).json.items.length, 3);
});

test('deactivating ends the sessions and refuses logins; reactivating allows them again', async () => {
  await newStaff('thu.khoa');
  const t1 = (await loginAs('thu.khoa')).json.token;
  const t2 = (await loginAs('thu.khoa')).json.token;
  assert.equal((await request('GET', '/api/v1/me', { token: t1 })).status, 200);
  let r = await asAdmin('PATCH', '/users/thu.khoa', { active: false });
  assert.equal(r.status, 200);
  assert.equal(r.json.active, false);
  for (const t of [t1, t2]) {
    const me = await request('GET', '/api/v1/me', { token: t });
    assert.equal(me.status, 401);
    assert.match(me.headers.get('content-type'), /^application\/problem\+json/);
  }
  const refused = await loginAs('thu.khoa');
  assert.equal(refused.status, 401);
  assert.equal(refused.json.detail_vi, 'sai tên đăng nhập hoặc mật khẩu');
  assert.equal((await asAdmin('GET', '/users?q=thu.khoa')).json.items[0].active, false);
  r = await asAdmin('PATCH', '/users/thu.khoa', { active: true });
  assert.equal(r.json.active, true);
  assert.equal((await loginAs('thu.khoa')).status, 200);
  // The old sessions stay ended.
  assert.equal((await request('GET', '/api/v1/me', { token: t1 })).status, 401);
  const a = await asAdmin('GET', '/audit?entity=user:thu.khoa');
  assert.deepEqual(a.json.items.filter((e) => e.action !== 'login').map((e) => [e.action, e.detail]),
    [['create_user', { username: 'thu.khoa', roles: 1 }], ['deactivate_user', { sessions_ended: 2 }], ['reactivate_user', {}]]);
});

test('an administrator cannot deactivate themself or drop their own admin role (409)', async () => {
  let r = await asAdmin('PATCH', '/users/admin', { active: false });
  assert.equal(r.status, 409);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.json.detail_vi, 'Bạn không thể tự khóa tài khoản của chính mình.');
  r = await asAdmin('PATCH', '/users/admin', { roles: [{ role: 'receiver', unit: CENTER }] });
  assert.equal(r.status, 409);
  assert.equal(r.json.detail_vi, 'Bạn không thể tự bỏ vai trò quản trị hệ thống của chính mình.');
  // A refused request changes nothing, the name included.
  r = await asAdmin('PATCH', '/users/admin', { full_name: 'Tên khác', active: false });
  assert.equal(r.status, 409);
  const me = await request('GET', '/api/v1/me', { token: tokens.admin });
  assert.equal(me.status, 200);
  assert.equal(me.json.full_name, 'Quản trị hệ thống');
  assert.deepEqual(me.json.roles, [{ role: 'admin', unit: CITY_PC }]);
  // Keeping the admin role while adding another is allowed.
  r = await asAdmin('PATCH', '/users/admin', { roles: [{ role: 'admin', unit: CITY_PC }, { role: 'receiver', unit: CENTER }] });
  assert.equal(r.status, 200);
  assert.equal((await asAdmin('PATCH', '/users/admin', { roles: [{ role: 'admin', unit: CITY_PC }] })).status, 200);
  // Another administrator may deactivate this one.
  await newStaff('thu.quantri', [{ role: 'admin', unit: CITY_PC }]);
  const other = (await loginAs('thu.quantri')).json.token;
  r = await request('PATCH', '/api/v1/users/thu.quantri', { token: other, body: { active: false } });
  assert.equal(r.status, 409);
  r = await request('PATCH', '/api/v1/users/thu.quantri', { token: tokens.admin, body: { active: false } });
  assert.equal(r.status, 200);
});

test('a password reset replaces the password and ends the account\'s sessions; never audited in clear', async () => {
  await newStaff('thu.matkhau');
  const t = (await loginAs('thu.matkhau')).json.token;
  assert.equal((await request('GET', '/api/v1/me', { token: t })).status, 200); // at hand (cached)
  const r = await asAdmin('PATCH', '/users/thu.matkhau', { password: 'another horse 2' });
  assert.equal(r.status, 200);
  assert.equal((await request('GET', '/api/v1/me', { token: t })).status, 401);
  assert.equal((await loginAs('thu.matkhau')).status, 401);
  assert.equal((await loginAs('thu.matkhau', 'another horse 2')).status, 200);
  const a = await asAdmin('GET', '/audit?entity=user:thu.matkhau');
  const reset = a.json.items.find((e) => e.action === 'reset_password');
  assert.deepEqual(reset.detail, { sessions_ended: 1 });
  assert.equal(JSON.stringify(a.json).includes('another horse'), false);
  // The demo receiver's login at the start of this file still works: only that account changed.
  assert.equal((await request('GET', '/api/v1/me', { token: tokens['tiepnhan.hoankiem'] })).status, 200);
});

test('active=false lists the locked accounts, active=true the others', async () => {
  // Locked by the tests above: thu.quantri (thu.khoa was unlocked again).
  assert.deepEqual(names(await asAdmin('GET', '/users?active=false')), ['thu.quantri']);
  const on = names(await asAdmin('GET', '/users?active=true&limit=500'));
  assert.equal(on.includes('thu.quantri'), false);
  assert.equal(on.includes('thu.khoa'), true);
  assert.equal(on.length + 1, names(await asAdmin('GET', '/users?limit=500')).length);
  assert.deepEqual(names(await asAdmin('GET', `/users?active=false&role=admin&unit=${CITY_PC}`)), ['thu.quantri']);
});

test('the OpenAPI document describes the users routes', async () => {
  const r = await request('GET', '/api/v1/openapi.json');
  assert.deepEqual(Object.keys(r.json.paths['/api/v1/users']).sort(), ['get', 'post']);
  assert.deepEqual(Object.keys(r.json.paths['/api/v1/users/{username}']).sort(), ['get', 'patch']);
  assert.deepEqual(Object.keys(r.json.paths['/api/v1/users/{username}'].patch.requestBody.content['application/json'].schema.properties).sort(),
    ['active', 'full_name', 'password', 'roles']);
});
