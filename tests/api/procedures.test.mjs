// The procedure catalog: the seed of `motcua init` (data/catalog.json), search without diacritics,
// filters, pagination, publishing versions with stable component ids, permissions, validation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, client, login, sourceDir, ADMIN_PASSWORD } from './lib/server.mjs';

const seed = JSON.parse(readFileSync(path.join(sourceDir, 'data/catalog.json'), 'utf8'));
const seedCodes = seed.map((p) => p.code).sort();

let srv;
let request;
let admin;

before(async () => {
  srv = await startServer();
  request = client(srv.base);
  admin = await login(request, 'admin', ADMIN_PASSWORD);
});
after(async () => { await srv.stop(); });

// The search key of domain/text.h: no diacritics, đ → d, lowercase, single spaces.
function key(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/\s+/g, ' ').trim();
}

async function listAll(query = '') {
  const r = await request('GET', `/api/v1/procedures?limit=500${query}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next_cursor, null);
  return r.json.items;
}

const codes = (items) => items.map((p) => p.code);

// A valid new procedure; each test changes what it checks.
function sample(code, extra = {}) {
  return {
    code,
    name: 'Thủ tục thử nghiệm cấp xã',
    field: 'Thử nghiệm',
    level: 'commune',
    duration: { value: 3, unit: 'working_days' },
    fee_vnd: 0,
    online: 'full',
    resolver: { kind: 'commune_pc' },
    components: [
      { name: 'Tờ khai theo mẫu', original_or_copy: 'original', quantity: 1, required: true, submit_or_present: 'submit' },
      { name: 'Giấy tờ tùy thân', original_or_copy: 'either', quantity: 1, required: true, submit_or_present: 'present' },
      { name: 'Văn bản ủy quyền', original_or_copy: 'copy', quantity: 2, required: false, submit_or_present: 'submit' },
    ],
    steps: [
      { name: 'Thẩm định hồ sơ', unit: 'resolver', role: 'processor', duration: { value: 16, unit: 'working_hours' } },
      { name: 'Phê duyệt', unit: 'resolver', role: 'approver', duration: { value: 1, unit: 'working_days' } },
    ],
    result: 'Giấy xác nhận',
    ...extra,
  };
}

const post = (body, token = admin) => request('POST', '/api/v1/procedures', { token, body });
const put = (code, body, token = admin) => request('PUT', `/api/v1/procedures/${code}`, { token, body });
const fields = (r) => r.json.errors.map((e) => e.field).sort();

test('init seeds every entry of data/catalog.json as version 1, exactly as written', async () => {
  assert.equal(seed.length, 35);
  const items = await listAll();
  assert.deepEqual(codes(items), seedCodes);
  const byCode = new Map(items.map((p) => [p.code, p]));
  // A component without "channels" in the seed belongs to every channel.
  const ALL = ['counter', 'online', 'post'];
  for (const p of seed) {
    assert.deepEqual(byCode.get(p.code), { ...p, version: 1, components: p.components.map((c) => ({ ...c, channels: c.channels || ALL })) });
  }
  assert.equal(items.filter((p) => p.level === 'commune').length, 24);
  assert.equal(items.filter((p) => p.level === 'city').length, 11);
  for (const p of items) assert.equal(p.steps.at(-1).role, 'approver', p.code);
});

test('GET /procedures/1.001193: birth registration as mapped', async () => {
  const r = await request('GET', '/api/v1/procedures/1.001193');
  assert.equal(r.status, 200);
  const p = r.json;
  assert.equal(p.name, 'Thủ tục đăng ký khai sinh');
  assert.equal(p.field, 'Hộ tịch');
  assert.equal(p.level, 'commune');
  assert.equal(p.version, 1);
  assert.deepEqual(p.resolver, { kind: 'commune_pc' });
  assert.deepEqual(p.duration, { value: 1, unit: 'same_day' });
  assert.equal(p.fee_vnd, 0);
  assert.equal(p.online, 'partial');
  assert.equal(p.result, 'Giấy khai sinh');
  assert.deepEqual(p.components.map((c) => c.id), ['tp01', 'tp02', 'tp03', 'tp04', 'tp05', 'tp06', 'tp07', 'tp08']);
  assert.deepEqual(p.components[3], {
    id: 'tp04',
    name: 'Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh.',
    original_or_copy: 'original', quantity: 1, required: true, submit_or_present: 'submit',
    channels: ['counter', 'online', 'post'],
  });
  assert.equal(p.components[5].submit_or_present, 'present');
  // The paper declaration belongs to the counter and post, the e-form to online (both required).
  assert.deepEqual(p.components.slice(6).map((c) => [c.id, c.required, c.channels]),
    [['tp07', true, ['counter', 'post']], ['tp08', true, ['online']]]);
  assert.deepEqual(p.steps.map((s) => [s.unit, s.role, s.duration.value, s.duration.unit]), [
    ['resolver', 'processor', 1, 'working_hours'],
    ['resolver', 'approver', 1, 'working_hours'],
  ]);
});

test('city procedures name their deciding unit; fees unknown to the catalog are null', async () => {
  const r = await request('GET', '/api/v1/procedures/3.000347');
  assert.equal(r.json.level, 'city');
  assert.deepEqual(r.json.resolver, { kind: 'unit', unit: '000.00.20.H26' });
  assert.equal(r.json.fee_vnd, 135000);
  const land = await request('GET', '/api/v1/procedures/1.012784');
  assert.deepEqual(land.json.resolver, { kind: 'unit', unit: '000.00.14.H26' });
  assert.equal(land.json.fee_vnd, null);
  assert.deepEqual(land.json.duration, { value: 22, unit: 'working_days' });
});

test('unknown code or version → 404; a bad version → 422', async () => {
  assert.equal((await request('GET', '/api/v1/procedures/9.999999')).status, 404);
  assert.equal((await request('GET', '/api/v1/procedures/1.001193?version=2')).status, 404);
  assert.equal((await request('GET', '/api/v1/procedures/1.001193?version=1')).status, 200);
  for (const v of ['0', 'abc', '-1', '1.5', '']) {
    const r = await request('GET', `/api/v1/procedures/1.001193?version=${v}`);
    assert.equal(r.status, 422, v);
    assert.deepEqual(fields(r), ['version']);
  }
});

test('q ignores diacritics and case, matches names and codes; NFD and uppercase input too', async () => {
  const expect = (q) => seedCodes.filter((c) => {
    const p = seed.find((x) => x.code === c);
    return key(p.name).includes(key(q)) || p.code.includes(key(q));
  });
  for (const q of ['dang ky khai sinh', 'Đăng ký khai sinh'.normalize('NFD'), 'ĐĂNG KÝ KHAI SINH', '  dang   ky KHAI sinh ']) {
    const items = await listAll(`&q=${encodeURIComponent(q)}`);
    assert.deepEqual(codes(items), ['1.001193'], q);
    assert.equal(items[0].name, 'Thủ tục đăng ký khai sinh');
  }
  assert.deepEqual(codes(await listAll('&q=khai%20sinh')), expect('khai sinh'));
  assert.ok(expect('khai sinh').length >= 3);
  assert.deepEqual(codes(await listAll('&q=1.0127')), ['1.012783', '1.012784', '1.012786']);
  assert.deepEqual(codes(await listAll('&q=3.000')), ['3.000333', '3.000347']);
  assert.deepEqual(codes(await listAll('&q=giay%20phep%20lai%20xe')), ['3.000347']);
  assert.deepEqual(await listAll('&q=khong%20co%20thu%20tuc%20nay'), []);
});

test('filters: level, field (also without diacritics), combined; bad level → 422', async () => {
  const communes = seedCodes.filter((c) => seed.find((p) => p.code === c).level === 'commune');
  assert.deepEqual(codes(await listAll('&level=commune')), communes);
  assert.deepEqual(codes(await listAll('&level=city')), seedCodes.filter((c) => !communes.includes(c)));
  const hoTich = seed.filter((p) => p.field === 'Hộ tịch').map((p) => p.code).sort();
  assert.equal(hoTich.length, 9);
  assert.deepEqual(codes(await listAll(`&field=${encodeURIComponent('Hộ tịch')}`)), hoTich);
  assert.deepEqual(codes(await listAll('&field=ho%20tich')), hoTich);
  assert.deepEqual(codes(await listAll('&field=ho')), []); // the whole field, not a part of it
  const cityHoTich = seed.filter((p) => p.field === 'Hộ tịch' && p.level === 'city').map((p) => p.code);
  assert.deepEqual(codes(await listAll('&field=ho%20tich&level=city')), cityHoTich);
  const r = await request('GET', '/api/v1/procedures?level=district');
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['level']);
});

test('pagination walks every procedure once in code order', async () => {
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const r = await request('GET', `/api/v1/procedures?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 10);
    seen.push(...codes(r.json.items));
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor && pages < 10);
  assert.deepEqual(seen.filter((c) => seedCodes.includes(c)), seedCodes);
  assert.ok(pages >= 4);
  for (const q of ['limit=0', 'limit=501', 'limit=x', 'cursor=%21%21']) {
    assert.equal((await request('GET', `/api/v1/procedures?${q}`)).status, 422, q);
  }
});

test('admin POST creates version 1; PUT publishes version 2 with stable component ids', async () => {
  let r = await post(sample('9.000001', { name: 'Thủ tục thử nghiệm đăng ký'.normalize('NFD') }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.version, 1);
  assert.equal(r.json.name, 'Thủ tục thử nghiệm đăng ký'); // stored NFC
  assert.deepEqual(r.json.components.map((c) => c.id), ['tp01', 'tp02', 'tp03']);
  const v1 = (await request('GET', '/api/v1/procedures/9.000001')).json;
  assert.deepEqual(v1, r.json);

  // Version 2: the first paper dropped, a new one added first, the others reordered, no ids given.
  const next = sample('9.000001', {
    name: 'Thủ tục thử nghiệm đăng ký (sửa đổi)',
    components: [
      { name: 'Ảnh 4x6', original_or_copy: 'original', quantity: 2, required: true, submit_or_present: 'submit' },
      { name: 'Văn bản ủy quyền', original_or_copy: 'copy', quantity: 1, required: false, submit_or_present: 'submit' },
      { name: 'Giấy tờ tùy thân', original_or_copy: 'either', quantity: 1, required: true, submit_or_present: 'present' },
    ],
  });
  delete next.code; // PUT takes the code from the path
  r = await put('9.000001', next);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 2);
  assert.deepEqual(r.json.components.map((c) => [c.id, c.name]), [
    ['tp04', 'Ảnh 4x6'], ['tp03', 'Văn bản ủy quyền'], ['tp02', 'Giấy tờ tùy thân'],
  ]);
  assert.deepEqual((await request('GET', '/api/v1/procedures/9.000001')).json, r.json);
  assert.deepEqual((await request('GET', '/api/v1/procedures/9.000001?version=1')).json, v1);
  assert.deepEqual((await request('GET', '/api/v1/procedures/9.000001?version=2')).json, r.json);
  // Search and lists see the latest version only.
  const found = await listAll('&q=sua%20doi');
  assert.deepEqual(found.map((p) => [p.code, p.version]), [['9.000001', 2]]);

  // Explicit ids are kept; a stale "version" is a conflict; the current one is accepted.
  r = await put('9.000001', { ...next, version: 1 });
  assert.equal(r.status, 409);
  r = await put('9.000001', { ...next, version: 2, components: [{ ...next.components[0], id: 'anh_the' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, 3);
  assert.deepEqual(r.json.components.map((c) => c.id), ['anh_the']);

  // Each publish is in the audit log.
  const audit = await request('GET', '/api/v1/audit?entity=procedure:9.000001', { token: admin });
  assert.deepEqual(audit.json.items.map((e) => [e.action, e.actor, e.detail.version]), [
    ['publish_procedure', 'admin', 1], ['publish_procedure', 'admin', 2], ['publish_procedure', 'admin', 3],
  ]);
});

test('city procedure decided by a unit, steps at named units', async () => {
  const r = await post(sample('9.000002', {
    level: 'city',
    resolver: { kind: 'unit', unit: '000.00.12.H26' },
    duration: { value: 20, unit: 'calendar_days' },
    fee_vnd: null,
    steps: [
      { name: 'Chuyên viên thẩm định', unit: '000.00.12.H26', role: 'processor', duration: { value: 15, unit: 'calendar_days' } },
      { name: 'Lãnh đạo Sở ký', unit: 'resolver', role: 'approver', duration: { value: 5, unit: 'calendar_days' } },
    ],
  }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.resolver, { kind: 'unit', unit: '000.00.12.H26' });
  assert.equal(r.json.fee_vnd, null);
  assert.equal(r.json.steps[0].unit, '000.00.12.H26');
});

test('POST of an existing code → 409; PUT of an unknown code → 404, even with a bad body', async () => {
  let r = await post(sample('1.001193'));
  assert.equal(r.status, 409);
  assert.equal((await request('GET', '/api/v1/procedures/1.001193')).json.version, 1);
  r = await put('9.999998', sample('9.999998'));
  assert.equal(r.status, 404);
  r = await put('9.999998', { colour: 'red' });
  assert.equal(r.status, 404);
  r = await put('1.001193', sample('1.001194'));
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['code']);
});

test('only administrators publish: anonymous 401, staff 403', async () => {
  assert.equal((await request('POST', '/api/v1/procedures', { body: sample('9.000003') })).status, 401);
  assert.equal((await request('PUT', '/api/v1/procedures/1.001193', { body: sample('1.001193') })).status, 401);
  const u = await request('POST', '/api/v1/users', {
    token: admin,
    body: { username: 'catalog.staff', password: 'correct horse 1', full_name: 'Nguyễn Văn Bình', roles: [{ role: 'center_manager', unit: '000.00.01.H26' }] },
  });
  assert.equal(u.status, 201, u.text);
  const staff = await login(request, 'catalog.staff', 'correct horse 1');
  assert.equal((await post(sample('9.000003'), staff)).status, 403);
  assert.equal((await put('1.001193', sample('1.001193'), staff)).status, 403);
  assert.equal((await request('GET', '/api/v1/procedures/9.000003')).status, 404);
  assert.equal((await request('GET', '/api/v1/procedures/1.001193')).json.version, 1);
});

test('validation: 422 naming each field, and nothing is created', async () => {
  const cases = [
    [{ code: '1.1193' }, ['code']],
    [{ code: 'A.001193' }, ['code']],
    [{ name: '' }, ['name']],
    [{ name: 'x'.repeat(501) }, ['name']],
    [{ level: 'district' }, ['level']],
    [{ level: 'city' }, ['resolver.kind']],
    [{ duration: { value: 2, unit: 'same_day' } }, ['duration.value']],
    [{ duration: { value: 1000001, unit: 'working_days' } }, ['duration.value']],
    [{ duration: { value: 3, unit: 'weeks' } }, ['duration.unit']],
    [{ fee_vnd: -1 }, ['fee_vnd']],
    [{ fee_vnd: 1.5 }, ['fee_vnd']],
    [{ online: 'yes' }, ['online']],
    [{ resolver: { kind: 'unit', unit: '999.99.99.H26' } }, ['resolver.unit']],
    [{ resolver: { kind: 'unit' } }, ['resolver.unit']],
    [{ components: [] }, ['components']],
    [{ steps: [] }, ['steps']],
    [{ result: undefined }, ['result']],
    [{ colour: 'red' }, ['colour']],
  ];
  for (const [change, expect] of cases) {
    const body = sample('9.000010', change);
    if ('result' in change) delete body.result;
    const r = await post(body);
    assert.equal(r.status, 422, `${JSON.stringify(change)} → ${r.text}`);
    assert.deepEqual(fields(r), expect, JSON.stringify(change));
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    for (const e of r.json.errors) assert.ok(e.message && e.message_vi, JSON.stringify(e));
  }

  // The last step's role, unknown step unit, duplicate component id, unknown nested fields: all at once.
  const body = sample('9.000011');
  body.steps[0].unit = '999.99.99.H26';
  body.steps[1].role = 'processor';
  body.components[0].id = 'tp01';
  body.components[1].id = 'tp01';
  body.components[2].colour = 'blue';
  body.steps[1].duration.colour = 'green';
  body.components[2].quantity = 101;
  body.components[0].original_or_copy = 'both';
  body.components[1].id = 'tp01';
  const r = await post(body);
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), [
    'components[0].original_or_copy', 'components[1].id', 'components[2].colour', 'components[2].quantity',
    'steps[0].unit', 'steps[1].duration.colour', 'steps[1].role',
  ]);
  const role = r.json.errors.find((e) => e.field === 'steps[1].role');
  assert.match(role.message, /approver/);

  // Bad component ids, too many components, wrong types.
  let bad = await post(sample('9.000012', { components: [{ ...sample('x').components[0], id: 'TP 1' }] }));
  assert.deepEqual(fields(bad), ['components[0].id']);
  bad = await post(sample('9.000012', { components: Array(65).fill(sample('x').components[0]) }));
  assert.deepEqual(fields(bad), ['components']);
  bad = await post(sample('9.000012', { steps: 'none', name: 7, components: [{ ...sample('x').components[0], required: 'yes' }] }));
  assert.deepEqual(fields(bad), ['components[0].required', 'name', 'steps']);

  // A body that is not JSON, or of another type.
  bad = await request('POST', '/api/v1/procedures', { token: admin, raw: '{', headers: { 'Content-Type': 'application/json' } });
  assert.equal(bad.status, 400);
  bad = await request('POST', '/api/v1/procedures', { token: admin, raw: '{}', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(bad.status, 415);

  for (const code of ['9.000010', '9.000011', '9.000012']) {
    assert.equal((await request('GET', `/api/v1/procedures/${code}`)).status, 404, code);
  }
  const audit = await request('GET', '/api/v1/audit?entity=procedure:9.000010', { token: admin });
  assert.deepEqual(audit.json.items, []);

  // A refused PUT leaves the latest version as it was.
  const before = (await request('GET', '/api/v1/procedures/1.001193')).json;
  const r2 = await put('1.001193', { ...before, steps: before.steps.slice(0, 1) });
  assert.equal(r2.status, 422);
  assert.deepEqual(fields(r2), ['steps[0].role']);
  assert.deepEqual((await request('GET', '/api/v1/procedures/1.001193')).json, before);
});
