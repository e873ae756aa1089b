// The calendar API: a year's days, due times with exact instants, overrides (admin, never the
// past, versioned, effective at once), lunar and solar dates, bad input named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, login, motcua, ADMIN_PASSWORD, TEST_CLOCK } from './lib/server.mjs';

let srv;
let request;
let admin;

before(async () => {
  srv = await startServer();
  request = client(srv.base);
  admin = await login(request, 'admin', ADMIN_PASSWORD);
});
after(async () => { await srv.stop(); });

async function due(from, value, unit) {
  const r = await request('GET', `/api/v1/calendar/due?from=${encodeURIComponent(from)}&value=${value}&unit=${unit}`);
  assert.equal(r.status, 200, r.text);
  return r.json.due_at;
}

test('2026 uses the official list; 2027 the computed defaults', async () => {
  let r = await request('GET', '/api/v1/calendar/2026');
  assert.equal(r.status, 200);
  assert.equal(r.json.year, 2026);
  assert.equal(r.json.version, 1);
  assert.equal(r.json.days.length, 14);
  assert.deepEqual(r.json.days.find((d) => d.date === '2026-08-22'),
    { date: '2026-08-22', kind: 'working', name: 'Làm bù cho nghỉ 31/8/2026', source: 'official' });
  assert.ok(r.json.days.every((d) => d.source === 'official'));
  r = await request('GET', '/api/v1/calendar/2027');
  assert.deepEqual(r.json.days.filter((d) => d.date.startsWith('2027-02')).map((d) => d.date),
    ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
  assert.ok(r.json.days.every((d) => d.source === 'computed'));
  assert.deepEqual(r.json.days.find((d) => d.date === '2027-11-24'),
    { date: '2027-11-24', kind: 'off', name: 'Ngày Văn hóa Việt Nam', source: 'computed' });
});

test('due times: exact instants across weekends, lunch, holidays and make-up days', async () => {
  // 1 working day = 8 working hours, never 24 hours.
  assert.equal(await due('2026-11-30T08:00:00+07:00', 1, 'working_days'), '2026-11-30T17:00:00+07:00');
  assert.equal(await due('2026-11-30T08:00:00+07:00', 8, 'working_hours'), '2026-11-30T17:00:00+07:00');
  // Friday 16:30 + 4 working hours = Monday 11:30.
  assert.equal(await due('2026-11-27T16:30:00+07:00', 4, 'working_hours'), '2026-11-30T11:30:00+07:00');
  // Received on a Saturday: the clock starts Monday 08:00.
  assert.equal(await due('2026-11-28T10:00:00+07:00', 1, 'working_days'), '2026-11-30T17:00:00+07:00');
  // Same day: 15:01 → next working day 17:00; 14:59 → today 17:00.
  assert.equal(await due('2026-11-26T15:01:00+07:00', 1, 'same_day'), '2026-11-27T17:00:00+07:00');
  assert.equal(await due('2026-11-26T14:59:00+07:00', 1, 'same_day'), '2026-11-26T17:00:00+07:00');
  // The Thursday before Tết 2027, 3 working days → Tuesday 16/2 10:00 (computed defaults).
  assert.equal(await due('2027-02-04T10:00:00+07:00', 3, 'working_days'), '2027-02-16T10:00:00+07:00');
  // Across 30/4–1/5/2026.
  assert.equal(await due('2026-04-29T08:00:00+07:00', 2, 'working_days'), '2026-05-04T17:00:00+07:00');
  // Across the 2/9 pair (31/8 swapped, 1/9, 2/9 off in 2026).
  assert.equal(await due('2026-08-28T09:00:00+07:00', 2, 'working_days'), '2026-09-04T09:00:00+07:00');
  // The make-up Saturday 22/8/2026 counts as working.
  assert.equal(await due('2026-08-21T10:00:00+07:00', 1, 'working_days'), '2026-08-22T10:00:00+07:00');
  // Calendar days: 21/4 + 10 = 1/5 (off), so 17:00 of the next working day, Monday 4/5.
  assert.equal(await due('2026-04-21T09:00:00+07:00', 10, 'calendar_days'), '2026-05-04T17:00:00+07:00');
  // Hùng Kings 2026 fell on a Sunday: Monday 27/4 is off.
  assert.equal(await due('2026-04-24T17:00:00+07:00', 1, 'working_days'), '2026-04-28T17:00:00+07:00');
  // Other offsets are converted; a bare date is the start of that day.
  assert.equal(await due('2026-11-30T01:00:00Z', 1, 'working_hours'), '2026-11-30T09:00:00+07:00');
  assert.equal(await due('2026-11-30', 1, 'working_hours'), '2026-11-30T09:00:00+07:00');
  // An unencoded '+' arrives as a space and is read as '+'.
  const r = await request('GET', '/api/v1/calendar/due?from=2026-11-30T08:00:00+07:00&value=1&unit=working_hours');
  assert.equal(r.json.due_at, '2026-11-30T09:00:00+07:00');
});

test('bad input is 422 naming each parameter', async () => {
  let r = await request('GET', '/api/v1/calendar/due?from=2026-02-30&value=-1&unit=weeks');
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['from', 'value', 'unit']);
  r = await request('GET', '/api/v1/calendar/due?value=2&unit=same_day&from=2026-11-26T10:00:00%2B07:00');
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['value']);
  r = await request('GET', '/api/v1/calendar/due?from=1850-01-01&value=1&unit=working_days');
  assert.deepEqual(r.json.errors.map((e) => e.field), ['from']);
  r = await request('GET', '/api/v1/calendar/due?from=2026-11-26T10:00:00&value=1&unit=working_days');
  assert.deepEqual(r.json.errors.map((e) => e.field), ['from']);
  r = await request('GET', '/api/v1/calendar/due');
  assert.deepEqual(r.json.errors.map((e) => e.field), ['from', 'value', 'unit']);
  for (const y of ['1800', '2101', 'abcd', '20260']) {
    r = await request('GET', `/api/v1/calendar/${y}`);
    assert.equal(r.status, 422, y);
    assert.equal(r.json.errors[0].field, 'year');
  }
});

test('lunar and solar conversions', async () => {
  let r = await request('GET', '/api/v1/calendar/lunar?date=2026-02-17');
  assert.deepEqual(r.json, { day: 1, month: 1, year: 2026, leap: false });
  r = await request('GET', '/api/v1/calendar/lunar?date=2025-08-19');
  assert.deepEqual(r.json, { day: 26, month: 6, year: 2025, leap: true });
  r = await request('GET', '/api/v1/calendar/solar?day=1&month=6&year=2025&leap=true');
  assert.deepEqual(r.json, { date: '2025-07-25' });
  r = await request('GET', '/api/v1/calendar/solar?day=10&month=3&year=2027');
  assert.deepEqual(r.json, { date: '2027-04-16' });
  r = await request('GET', '/api/v1/calendar/solar?day=1&month=5&year=2025&leap=true');
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'leap');
  r = await request('GET', '/api/v1/calendar/lunar?date=2026-13-01');
  assert.equal(r.json.errors[0].field, 'date');
  r = await request('GET', '/api/v1/calendar/solar?day=31&month=1&year=2026');
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'day');
});

/** The first Wednesday of March of the year after the server's (pinned) year, as YYYY-MM-DD. */
function nextYearWednesday() {
  const y = Number(TEST_CLOCK.slice(0, 4)) + 1;
  const d = new Date(Date.UTC(y, 2, 1));
  while (d.getUTCDay() !== 3) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

test('overrides: admin only, effective at once, versioned, never the past', async () => {
  const day = nextYearWednesday();
  const year = Number(day.slice(0, 4));
  const before = await request('GET', `/api/v1/calendar/${year}`);
  const from = `${day}T08:00:00+07:00`;
  assert.equal(await due(from, 1, 'working_days'), `${day}T17:00:00+07:00`);

  let r = await request('PUT', `/api/v1/calendar/days/${day}`, { token: admin, body: { kind: 'off', name: 'Nghỉ đột xuất' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.source, 'override');
  assert.equal(r.json.version, before.json.version + 1);
  r = await request('GET', `/api/v1/calendar/${year}`);
  assert.deepEqual(r.json.days.find((d) => d.date === day), { date: day, kind: 'off', name: 'Nghỉ đột xuất', source: 'override' });
  // The day off moves the due time to Thursday 17:00.
  const thu = new Date(Date.parse(`${day}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);
  assert.equal(await due(from, 1, 'working_days'), `${thu}T17:00:00+07:00`);

  // Others may not; the past cannot change; bad input is named.
  const receiverLogin = await request('POST', '/api/v1/users', {
    token: admin, body: { username: 'cal.receiver', password: 'correct horse 1', full_name: 'A', roles: [{ role: 'receiver', unit: '001.01.50.H26' }] },
  });
  assert.equal(receiverLogin.status, 201);
  const rt = await login(request, 'cal.receiver', 'correct horse 1');
  assert.equal((await request('PUT', `/api/v1/calendar/days/${day}`, { token: rt, body: { kind: 'working' } })).status, 403);
  assert.equal((await request('PUT', `/api/v1/calendar/days/${day}`, { body: { kind: 'working' } })).status, 401);
  const yesterday = new Date(Date.parse(`${TEST_CLOCK.slice(0, 10)}T00:00:00Z`) - 86400e3).toISOString().slice(0, 10);
  r = await request('PUT', `/api/v1/calendar/days/${yesterday}`, { token: admin, body: { kind: 'off' } });
  assert.equal(r.status, 409);
  r = await request('PUT', '/api/v1/calendar/days/2027-02-30', { token: admin, body: { kind: 'holiday' } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['date', 'kind']);

  // A working override cancels a computed day off (24/11 of next year).
  r = await request('PUT', `/api/v1/calendar/days/${year}-11-24`, { token: admin, body: { kind: 'working' } });
  assert.equal(r.status, 200);
  r = await request('GET', `/api/v1/calendar/${year}`);
  assert.equal(r.json.days.find((d) => d.date === `${year}-11-24`).kind, 'working');

  // Deleting restores the default, bumps the version again; a second delete is 404.
  r = await request('DELETE', `/api/v1/calendar/days/${day}`, { token: admin });
  assert.equal(r.status, 204);
  assert.equal(await due(from, 1, 'working_days'), `${day}T17:00:00+07:00`);
  assert.equal((await request('DELETE', `/api/v1/calendar/days/${day}`, { token: admin })).status, 404);
  r = await request('GET', `/api/v1/calendar/${year}`);
  assert.equal(r.json.version, before.json.version + 3);
  assert.equal(r.json.days.find((d) => d.date === day), undefined);

  // Every change is in the audit log.
  r = await request('GET', `/api/v1/audit?entity=calendar:${day}`, { token: admin });
  assert.deepEqual(r.json.items.map((e) => e.action), ['calendar_override', 'calendar_override_delete']);
});

test('motcua calendar show prints a year', async () => {
  const r = motcua(['calendar', 'show', '2026', '--data', srv.data]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^calendar 2026, version 1/);
  assert.equal(lines[1], '2026-01-01  off      official  Tết Dương lịch');
  assert.equal(lines.length, 15);
  assert.notEqual(motcua(['calendar', 'show', '1800', '--data', srv.data]).status, 0);
});
