// Appointments (issue 21 item 1, docs/appointments.md): booking settings, public free slots on the
// effective calendar (working days and periods), capacity under concurrency, cancel, the per-ID
// limit, check-in and no-show, bad input, and the public endpoints' per-address limit.
// The clock: Wednesday 2026-12-30 09:00 (UTC+7); Friday 2027-01-01 is New Year's Day, 2-3 January
// a weekend.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT, CN_POINT, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';
import { requestFrom } from './lib/net.mjs';

const CLOCK = '2026-12-30T09:00:00+07:00';
const RATE = 300;
const PROC = '1.004837';
let srv, request, tokens, setClock;

before(async () => {
  ({ srv, request, tokens, setClock } = await startDemo(CLOCK, ['--booking-rate', String(RATE)]));
  for (const u of ['quanly.hoankiem', 'tiepnhan.trungtam']) tokens[u] = await login(request, u, DEMO_PASSWORD);
});
after(async () => { await srv?.stop(); });

const idn = (i) => `001090${String(i).padStart(6, '0')}`;
const at = (day, hh) => `${day}T${hh}:00+07:00`;
function person(i, start, point = HK_POINT) {
  return { point, procedure: PROC, start, name: `Nguyễn Văn ${i}`, id_number: idn(i), phone: '0912345678' };
}
const book = (body, token) => request('POST', '/api/v1/appointments', { body, token });
const starts = (res) => res.json.items.map((s) => s.start);
const fields = (res) => res.json.errors.map((e) => e.field).sort();

test('settings: defaults, who may set them, their shape', async () => {
  let r = await request('GET', `/api/v1/points/${HK_POINT}/booking-settings`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { point: HK_POINT, slot_minutes: 30, capacity: 2, hours: null, default: true });
  const body = {
    slot_minutes: 60, capacity: 2,
    hours: { mon: [['07:00', '12:00'], ['13:00', '18:00']], tue: [['07:00', '12:00'], ['13:00', '18:00']],
      wed: [['07:00', '12:00'], ['13:00', '18:00']], thu: [['07:00', '12:00'], ['13:00', '18:00']],
      fri: [['07:00', '12:00'], ['13:00', '18:00']], sat: [['08:00', '12:00']] },
  };
  r = await request('PUT', `/api/v1/points/${HK_POINT}/booking-settings`, { token: tokens['tiepnhan.hoankiem'], body });
  assert.equal(r.status, 403);
  r = await request('PUT', `/api/v1/points/${HK_POINT}/booking-settings`, { token: tokens['quanly.hoankiem'], body });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { point: HK_POINT, ...body, hours: { ...body.hours, sun: [] }, default: false });
  r = await request('PUT', `/api/v1/points/${HK_POINT}/booking-settings`, {
    token: tokens.admin, body: { slot_minutes: 25, capacity: 51, hours: { wed: [['12:00', '08:00']], xyz: [] } },
  });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['capacity', 'hours.wed[0]', 'hours.xyz', 'slot_minutes']);
  assert.ok(r.json.errors.every((e) => e.message && e.message_vi));
  r = await request('PUT', `/api/v1/points/${CN_POINT}/booking-settings`, { token: tokens.admin, body: { slot_minutes: 60, capacity: 3, hours: null } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { point: CN_POINT, slot_minutes: 60, capacity: 3, hours: null, default: false });
});

test('slots: working days and working time only, exact lists, a window of at most 10 working days', async () => {
  const hours = ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'];
  // 07:00-08:00 and 17:00-18:00 are opening hours outside working time; Saturday is open but a
  // day off; 1 January is a holiday; 09:00 today has begun.
  let r = await request('GET', `/api/v1/points/${HK_POINT}/slots?from=2026-12-30&to=2027-01-04`);
  assert.equal(r.status, 200, r.text);
  const want = [
    ...hours.slice(2).map((h) => at('2026-12-30', h)),
    ...hours.map((h) => at('2026-12-31', h)),
    ...hours.map((h) => at('2027-01-04', h)),
  ];
  assert.deepEqual(starts(r), want);
  assert.deepEqual(r.json.items[0], { start: at('2026-12-30', '10:00'), end: at('2026-12-30', '11:00'), remaining: 2 });
  // Without settings: 30-minute slots in the working periods.
  r = await request('GET', `/api/v1/points/002.01.50.H26/slots?from=2026-12-31&to=2026-12-31`);
  assert.equal(r.status, 200);
  r = await request('GET', `/api/v1/points/003.01.50.H26/slots?from=2026-12-31&to=2026-12-31`);
  assert.equal(r.status, 200, r.text);
  const halves = [];
  for (const h of [8, 9, 10, 11, 13, 14, 15, 16]) for (const m of ['00', '30']) halves.push(at('2026-12-31', `${String(h).padStart(2, '0')}:${m}`));
  assert.deepEqual(starts(r), halves);
  // The default window: 10 working days, 30 Dec to 13 Jan.
  r = await request('GET', `/api/v1/points/${HK_POINT}/slots`);
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 6 + 9 * 8);
  assert.equal(r.json.items.at(-1).start, at('2027-01-13', '16:00'));
  r = await request('GET', `/api/v1/points/${HK_POINT}/slots?from=2026-12-30&to=2027-01-13&procedure=${PROC}`);
  assert.equal(r.json.items.length, 6 + 9 * 8);
  for (const [q, field] of [['to=2027-01-14', 'to'], ['from=2026-12-29', 'from'], ['from=2026-12-31&to=2026-12-30', 'to'],
    ['from=30-12-2026', 'from'], ['from=2999-01-04', 'from'], ['procedure=9.999999', 'procedure']]) {
    r = await request('GET', `/api/v1/points/${HK_POINT}/slots?${q}`);
    assert.equal(r.status, 422, q);
    assert.deepEqual(fields(r), [field], q);
  }
  r = await request('GET', '/api/v1/points/000.00.01.H26/slots');
  assert.equal(r.status, 404);
});

test('capacity: 50 concurrent bookings of the last slot book exactly its capacity', async () => {
  const last = at('2027-01-13', '16:00');
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => book(person(100 + i, last, CN_POINT))));
  const ok = results.filter((r) => r.status === 201);
  const full = results.filter((r) => r.status === 409);
  assert.equal(ok.length, 3);
  assert.equal(full.length, 47);
  for (const r of full) {
    assert.equal(r.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(fields(r), ['start']);
  }
  for (const r of ok) {
    assert.match(r.json.code, /^[ACDEFGHJKLMNPQRTUVWXY34679]{4}-[ACDEFGHJKLMNPQRTUVWXY34679]{4}$/);
    assert.equal(r.json.start, last);
    assert.equal(r.json.end, at('2027-01-13', '17:00'));
    assert.equal(r.json.status, 'booked');
  }
  let r = await request('GET', `/api/v1/points/${CN_POINT}/slots?from=2027-01-13&to=2027-01-13`);
  assert.deepEqual(starts(r), ['08:00', '09:00', '10:00', '11:00', '13:00', '14:00', '15:00'].map((h) => at('2027-01-13', h)));
  r = await request('GET', `/api/v1/points/${CN_POINT}/appointments?day=2027-01-13`, { token: tokens['tiepnhan.cuanam'] });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items.map((b) => b.code).sort(), ok.map((b) => b.json.code).sort());
  r = await request('GET', `/api/v1/points/${CN_POINT}/appointments?day=2027-01-13`, { token: tokens['tiepnhan.hoankiem'] });
  assert.equal(r.status, 403);

  // Cancel frees the place: by the booker's code and ID number, not with another number.
  const first = ok[0].json;
  r = await request('POST', `/api/v1/appointments/${first.code}/cancel`, { body: { id_number: idn(999) } });
  assert.equal(r.status, 404);
  r = await request('GET', `/api/v1/appointments/${first.code}?id_number=${first.id_number}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, first);
  r = await request('POST', `/api/v1/appointments/${first.code}/cancel`, { body: { id_number: first.id_number } });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'cancelled');
  assert.equal(r.json.changed_at, CLOCK);
  r = await request('POST', `/api/v1/appointments/${first.code}/cancel`, { body: { id_number: first.id_number } });
  assert.equal(r.status, 409);
  r = await request('GET', `/api/v1/points/${CN_POINT}/slots?from=2027-01-13&to=2027-01-13`);
  assert.deepEqual(r.json.items.at(-1), { start: last, end: at('2027-01-13', '17:00'), remaining: 1 });
  r = await book(person(200, last, CN_POINT));
  assert.equal(r.status, 201);
  r = await book(person(201, last, CN_POINT));
  assert.equal(r.status, 409);
  assert.deepEqual(fields(r), ['start']);
});

test('at most 3 active bookings per ID number', async () => {
  const day = '2027-01-12';
  for (const h of ['08:00', '09:00', '10:00']) {
    const r = await book(person(300, at(day, h)));
    assert.equal(r.status, 201, r.text);
  }
  let r = await book(person(300, at(day, '11:00')));
  assert.equal(r.status, 409);
  assert.deepEqual(fields(r), ['id_number']);
  r = await request('GET', `/api/v1/points/${HK_POINT}/appointments?day=${day}`, { token: tokens['tiepnhan.hoankiem'] });
  const code = r.json.items[0].code;
  assert.equal((await request('POST', `/api/v1/appointments/${code}/cancel`, { body: { id_number: idn(300) } })).status, 200);
  r = await book(person(300, at(day, '11:00')));
  assert.equal(r.status, 201);
});

test('bad input: 422 naming every bad field, nothing booked', async () => {
  let r = await book({ point: HK_POINT, procedure: PROC, start: 'tomorrow', name: '', id_number: '12345', phone: '12ab', email: 'not-mail', extra: 1 });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['email', 'extra', 'id_number', 'name', 'phone', 'start']);
  assert.ok(r.json.errors.every((e) => e.message && e.message_vi));
  r = await book({});
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['id_number', 'name', 'phone', 'point', 'procedure', 'start']);
  // A start that is not a slot: off the grid, outside working time, past, beyond the window.
  for (const start of [at('2026-12-31', '08:30'), at('2026-12-31', '07:00'), at('2026-12-30', '08:00'), at('2027-01-02', '08:00'), at('2027-01-14', '08:00')]) {
    r = await book(person(400, start));
    assert.equal(r.status, 422, start);
    assert.deepEqual(fields(r), ['start'], start);
  }
  r = await book({ ...person(400, at('2026-12-31', '08:00')), point: '000.00.01.H26' });
  assert.deepEqual(fields(r), ['point']);
  r = await book({ ...person(400, at('2026-12-31', '08:00')), procedure: '9.999999' });
  assert.deepEqual(fields(r), ['procedure']);
  r = await request('GET', `/api/v1/points/${HK_POINT}/appointments?day=2026-12-31`, { token: tokens['tiepnhan.hoankiem'] });
  assert.deepEqual(r.json.items, []);
});

test('check-in on the day, no-show only after the slot, by the point\'s staff', async () => {
  const a = (await book(person(500, at('2026-12-31', '08:00')))).json;
  const b = (await book(person(501, at('2026-12-31', '09:00')), tokens['tiepnhan.trungtam'])).json;
  assert.ok(a.code && b.code);
  const staff = tokens['tiepnhan.hoankiem'];
  let r = await request('POST', `/api/v1/appointments/${a.code}/check-in`, { token: staff });
  assert.equal(r.status, 409); // not its day yet
  await setClock('2026-12-31T08:59:59+07:00');
  r = await request('POST', `/api/v1/appointments/${a.code}/no-show`, { token: staff });
  assert.equal(r.status, 409); // the slot has not ended
  r = await request('POST', `/api/v1/appointments/${a.code}/no-show`, { token: tokens['tiepnhan.cuanam'] });
  assert.equal(r.status, 403);
  await setClock('2026-12-31T09:00:00+07:00');
  r = await request('POST', `/api/v1/appointments/${a.code}/no-show`, { token: staff });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'no_show');
  r = await request('POST', `/api/v1/appointments/${b.code}/check-in`, { token: staff });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'arrived');
  assert.equal(r.json.booked_by, 'tiepnhan.trungtam');
  r = await request('POST', `/api/v1/appointments/${b.code}/cancel`, { body: { id_number: idn(501) } });
  assert.equal(r.status, 409);
  r = await request('GET', `/api/v1/points/${HK_POINT}/appointments?day=2026-12-31`, { token: staff });
  assert.deepEqual(r.json.items.map((x) => [x.code, x.status]), [[a.code, 'no_show'], [b.code, 'arrived']]);
  // The point's staff see a booking without the ID number; others do not.
  r = await request('GET', `/api/v1/appointments/${a.code}`, { token: staff });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'no_show');
  r = await request('GET', `/api/v1/appointments/${a.code}`, { token: tokens['tiepnhan.cuanam'] });
  assert.equal(r.status, 404);
  r = await request('GET', `/api/v1/appointments/${a.code}`);
  assert.equal(r.status, 404);
  // The point's staff cancel a later booking for the caller: the place is free again.
  const c = (await book(person(502, at('2027-01-04', '08:00')))).json;
  r = await request('POST', `/api/v1/appointments/${c.code}/cancel`, { token: staff });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'cancelled');
  r = await request('GET', `/api/v1/points/${HK_POINT}/slots?from=2027-01-04&to=2027-01-04`);
  assert.deepEqual(r.json.items[0], { start: at('2027-01-04', '08:00'), end: at('2027-01-04', '09:00'), remaining: 2 });
});

test('the public endpoints are limited per client address', async () => {
  const from = '127.0.0.9';
  let served = 0;
  let last;
  for (let i = 0; i < RATE + 1; i++) {
    last = await requestFrom(srv.base, from, 'GET', `/api/v1/points/${HK_POINT}/slots?from=2027-01-04&to=2027-01-04`);
    if (last.status !== 200) break;
    served++;
  }
  assert.equal(served, RATE);
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers['retry-after']) >= 1);
  last = await requestFrom(srv.base, from, 'POST', '/api/v1/appointments', {
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(person(600, at('2027-01-04', '08:00'))),
  });
  assert.equal(last.status, 429);
  // Another address is not limited.
  last = await requestFrom(srv.base, '127.0.0.10', 'GET', `/api/v1/points/${HK_POINT}/slots?from=2027-01-04&to=2027-01-04`);
  assert.equal(last.status, 200);
});
