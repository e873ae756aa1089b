// Registers: staff (assignments, appointments), assets and archive records — create, read, update,
// list by unit, permissions by unit; and the CSV import, all or nothing, naming line and field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, DEMO_PASSWORD, HK_PC, HK_POINT, CN_POINT, CENTER } from './lib/dossiers.mjs';
import { login, motcua } from './lib/server.mjs';

let ctx;
let request;
let t;
let dir;

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
  t['quanly.hoankiem'] = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-import-'));
});
after(async () => {
  await ctx.srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (p, token, body) => request('POST', p, { token, body });
const patch = (p, token, body) => request('PATCH', p, { token, body });
const get = (p, token) => request('GET', p, { token });

test('staff: create, assignment history, appointments, permissions by unit', async () => {
  const um = t['quanly.hoankiem']; // unit manager of the Hoàn Kiếm PC: covers its point
  let r = await post('/api/v1/staff', um, { full_name: 'Nguyễn Thị Mai', id_number: '001190054321', position: 'Chuyên viên', unit: HK_POINT, counter: 2 });
  assert.equal(r.status, 201, r.text);
  const s = r.json;
  assert.equal(s.unit, HK_POINT);
  assert.equal(s.counter, 2);
  assert.equal(s.since, '2026-11-26T09:00:00+07:00');
  assert.deepEqual(s.assignments, [{ unit: HK_POINT, from: '2026-11-26T09:00:00+07:00', to: null, counter: 2 }]);
  // Another commune's point: not this manager's.
  r = await post('/api/v1/staff', um, { full_name: 'Trần Văn Hải', id_number: '001090054322', position: 'Chuyên viên', unit: CN_POINT });
  assert.equal(r.status, 403);
  // Field checks name the fields; a taken ID number is a conflict.
  r = await post('/api/v1/staff', t.admin, { full_name: '', id_number: '12345', position: 'x', unit: '999.01.50.H26', extra: 1 });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['extra', 'full_name']);
  r = await post('/api/v1/staff', t.admin, { full_name: 'A', id_number: '12345', position: 'x', unit: '999.01.50.H26' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['id_number', 'unit']);
  r = await post('/api/v1/staff', t.admin, { full_name: 'Bản sao', id_number: '001190054321', position: 'x', unit: HK_POINT });
  assert.equal(r.status, 409);

  // Reading: staff covering the unit; others get 404.
  assert.equal((await get(`/api/v1/staff/${s.id}`, t['tiepnhan.hoankiem'])).status, 200);
  assert.equal((await get(`/api/v1/staff/${s.id}`, t['tiepnhan.cuanam'])).status, 404);
  assert.equal((await get(`/api/v1/staff/${s.id}`, t['001190012345'])).status, 404);
  assert.equal((await get('/api/v1/staff/999999', t.admin)).status, 404);

  // Moving to another counter, then (admin) to Cửa Nam: the history keeps both.
  await ctx.setClock('2026-11-27T08:00:00+07:00');
  r = await patch(`/api/v1/staff/${s.id}`, um, { counter: 3, position: 'Chuyên viên chính' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.position, 'Chuyên viên chính');
  assert.equal(r.json.version, 2);
  assert.equal(r.json.assignments.length, 2);
  assert.equal(r.json.assignments[0].to, '2026-11-27T08:00:00+07:00');
  assert.equal((await patch(`/api/v1/staff/${s.id}`, um, { unit: CN_POINT })).status, 403);
  r = await patch(`/api/v1/staff/${s.id}`, t.admin, { unit: CN_POINT, counter: null });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit, CN_POINT);
  assert.equal(r.json.counter, null);
  assert.deepEqual(r.json.assignments.map((a) => [a.unit, a.counter, a.from, a.to]), [
    [HK_POINT, 2, '2026-11-26T09:00:00+07:00', '2026-11-27T08:00:00+07:00'],
    [HK_POINT, 3, '2026-11-27T08:00:00+07:00', '2026-11-27T08:00:00+07:00'],
    [CN_POINT, null, '2026-11-27T08:00:00+07:00', null],
  ]);
  r = await patch(`/api/v1/staff/${s.id}`, t.admin, { unit: HK_POINT, from: '2026-11-20T00:00:00+07:00' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['from']);

  // Appointments: a new head ends the previous head's term; deputies are many.
  r = await post(`/api/v1/staff/${s.id}/appointments`, t.admin, { unit: CN_POINT, position: 'head', from: '2026-12-01' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.appointments, [{ unit: CN_POINT, position: 'head', from: '2026-12-01T00:00:00+07:00', to: null }]);
  r = await post('/api/v1/staff', t.admin, { full_name: 'Đỗ Minh Khoa', id_number: '001085054323', position: 'Phó giám đốc', unit: CENTER });
  assert.equal(r.status, 201, r.text);
  const k = r.json.id;
  r = await post(`/api/v1/staff/${k}/appointments`, t.admin, { unit: CN_POINT, position: 'head', from: '2027-01-01' });
  assert.equal(r.status, 201);
  assert.equal((await get(`/api/v1/staff/${s.id}`, t.admin)).json.appointments[0].to, '2027-01-01T00:00:00+07:00');
  r = await post(`/api/v1/staff/${k}/appointments`, t.admin, { unit: HK_PC, position: 'chief' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['position', 'unit']);
  assert.equal((await post(`/api/v1/staff/${k}/appointments`, um, { unit: CN_POINT, position: 'deputy' })).status, 403);

  // Lists by unit, paginated; non-administrators must name a unit they cover.
  r = await get(`/api/v1/staff?unit=${CN_POINT}&limit=1`, t.admin);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((x) => x.id), [s.id]);
  assert.equal(r.json.next_cursor, null);
  r = await get('/api/v1/staff?limit=1', t.admin);
  assert.equal(r.json.items.length, 1);
  assert.notEqual(r.json.next_cursor, null);
  r = await get(`/api/v1/staff?limit=1&cursor=${r.json.next_cursor}`, t.admin);
  assert.deepEqual(r.json.items.map((x) => x.id), [k]);
  assert.equal((await get('/api/v1/staff', um)).status, 422);
  assert.equal((await get(`/api/v1/staff?unit=${CN_POINT}`, um)).status, 403);
  assert.equal((await get('/api/v1/staff')).status, 401);
});

test('assets and records: create, update, owner history, checks', async () => {
  const um = t['quanly.hoankiem'];
  let r = await post('/api/v1/assets', um, { inventory_code: 'HK-01', name: 'Máy tính', category: 'Thiết bị', quantity: 2, original_value: 30000000, remaining_value: 12000000, condition: 'tốt', unit: HK_POINT });
  assert.equal(r.status, 201, r.text);
  const a = r.json;
  assert.deepEqual([a.inventory_code, a.quantity, a.remaining_value, a.unit], ['HK-01', 2, 12000000, HK_POINT]);
  r = await post('/api/v1/assets', um, { inventory_code: 'HK-01', name: 'X', category: 'Y', quantity: 1, original_value: 1, remaining_value: 1, unit: HK_POINT });
  assert.equal(r.status, 409);
  r = await post('/api/v1/assets', um, { inventory_code: 'HK-02', name: 'X', category: 'Y', quantity: 1, original_value: 1, remaining_value: -1, unit: HK_POINT });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['remaining_value']);
  r = await patch(`/api/v1/assets/${a.id}`, um, { remaining_value: 10000000, condition: 'hỏng nhẹ' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.remaining_value, r.json.condition, r.json.version], [10000000, 'hỏng nhẹ', 2]);
  assert.equal(r.json.owners.length, 1);
  assert.equal((await get(`/api/v1/assets/${a.id}`, t['tiepnhan.cuanam'])).status, 404);
  r = await get(`/api/v1/assets?unit=${HK_POINT}`, t['tiepnhan.hoankiem']);
  assert.deepEqual(r.json.items.map((x) => x.inventory_code), ['HK-01']);

  r = await post('/api/v1/records', um, { box: '03', file: '15', title: 'Sổ chứng thực', year: 2023, sheets: 200, retention: '20 năm', unit: HK_POINT });
  assert.equal(r.status, 201, r.text);
  const rec = r.json;
  assert.deepEqual([rec.box, rec.file, rec.year, rec.unit], ['03', '15', 2023, HK_POINT]);
  r = await patch(`/api/v1/records/${rec.id}`, t.admin, { unit: CN_POINT });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.holders.map((h) => h.unit), [HK_POINT, CN_POINT]);
  r = await post('/api/v1/records', t.admin, { box: '03', file: '15', title: 'x', year: 1800, sheets: -2, unit: HK_POINT });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['sheets', 'year']);
});

function importFile(kind, name, text) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return motcua(['import', kind, file, '--data', ctx.srv.data]);
}

test('CSV import: one bad line of each kind imports nothing and names line and field', async () => {
  let r = importFile('staff', 'staff-bad.csv', [
    'full_name,id_number,position,unit,counter',
    `Hoàng Văn Long,001090067801,Chuyên viên,${HK_POINT},1`,
    'Vũ Thị Lan,001190067802,Chuyên viên,999.01.50.H26,',
    `Bùi Văn Minh,00109006780,Chuyên viên,${HK_POINT},`,
  ].join('\n'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^line 3: unit: is not a known unit code$/m);
  assert.match(r.stderr, /^line 4: id_number: must be a 12-digit personal identification number$/m);
  assert.match(r.stderr, /2 error\(s\).*nothing imported/);

  r = importFile('assets', 'assets-bad.csv', [
    'inventory_code,name,category,quantity,original_value,remaining_value,unit,condition',
    `CN-01,Máy photocopy,Thiết bị,1,50000000,20000000,${CN_POINT},tốt`,
    `CN-02,"Bàn, ghế",Nội thất,10,8000000,-1,${CN_POINT},`,
    `CN-01,Máy scan,Thiết bị,1,9000000,5000000,${CN_POINT},`,
    `HK-01,Máy tính,Thiết bị,1,9000000,5000000,${HK_POINT},`,
  ].join('\r\n'));
  assert.equal(r.status, 1);
  assert.deepEqual(r.stderr.trim().split('\n').slice(0, 3), [
    'line 3: remaining_value: must not be negative',
    'line 4: inventory_code: appears twice in the file',
    'line 5: inventory_code: is already used by an asset in the database',
  ]);
  // Nothing was imported from either file.
  let list = await get(`/api/v1/assets?unit=${CN_POINT}`, t.admin);
  assert.deepEqual(list.json.items, []);
  list = await get(`/api/v1/staff?unit=${HK_POINT}`, t.admin);
  assert.ok(!list.json.items.some((s) => s.full_name === 'Hoàng Văn Long'));

  // Good files import every line.
  r = importFile('assets', 'assets-good.csv', [
    'inventory_code,name,category,quantity,original_value,remaining_value,unit,condition',
    `CN-01,Máy photocopy,Thiết bị,1,50000000,20000000,${CN_POINT},tốt`,
    `CN-02,"Bàn, ghế",Nội thất,10,8000000,0,${CN_POINT},`,
  ].join('\n'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 2 assets/);
  list = await get(`/api/v1/assets?unit=${CN_POINT}`, t.admin);
  assert.deepEqual(list.json.items.map((x) => [x.inventory_code, x.name]), [['CN-01', 'Máy photocopy'], ['CN-02', 'Bàn, ghế']]);
  r = importFile('staff', 'staff-good.csv', `full_name,id_number,position,unit\nHoàng Văn Long,001090067801,Chuyên viên,${HK_POINT}\n`);
  assert.equal(r.status, 0, r.stderr);
  r = importFile('records', 'records-good.csv', `unit,box,file,title,year,sheets,retention\n${CN_POINT},01,02,Sổ hộ tịch,2020,50,Vĩnh viễn\n`);
  assert.equal(r.status, 0, r.stderr);
  list = await get(`/api/v1/records?unit=${CN_POINT}`, t.admin);
  assert.deepEqual(list.json.items.map((x) => x.title), ['Sổ chứng thực', 'Sổ hộ tịch']);
  r = importFile('records', 'records-bad.csv', `unit,box,file,title,year,sheets\n${CN_POINT},01,02,Sổ,năm,5\n`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^line 2: year: must be a whole number$/m);
});
