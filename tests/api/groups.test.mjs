// Procedure groups at service points (issue 21, docs/appointments.md and docs/queue.md): a point
// declares groups of procedure fields served by counters; slots and bookings count per group
// (capacity under 30 concurrent bookings of one group's last slot while another group's slot still
// books), tickets must name a declared group, call-next calls only the counter's groups, and
// tickets left at the end of a day expire (closed by the housekeeping at the next start, never
// called on a later day, counted apart). A point without groups (Cửa Nam's) behaves as before.
// The clock: Wednesday 2026-12-30 09:00 (UTC+7); Friday 2027-01-01 is New Year's Day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT, CN_POINT, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { startServer, client, login } from './lib/server.mjs';

const CLOCK = '2026-12-30T09:00:00+07:00';
const HT = '1.004837'; // Hộ tịch
const DD = '1.013978'; // Đất đai
const CT = '2.000815'; // Chứng thực
const NCN = '2.001263'; // Nuôi con nuôi: no group covers it
let srv, request, tokens, setClock;

before(async () => {
  ({ srv, request, tokens, setClock } = await startDemo(CLOCK, ['--booking-rate', '1000', '--kiosk-rate', '1000']));
  tokens['quanly.hoankiem'] = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
});
after(async () => { await srv?.stop(); });

const url = (point = HK_POINT) => `/api/v1/points/${point}/service-groups`;
const fields = (res) => res.json.errors.map((e) => e.field).sort();
const idn = (i) => `001090${String(i).padStart(6, '0')}`;
const at = (day, hh) => `${day}T${hh}:00+07:00`;
const person = (i, procedure, start, point = HK_POINT) =>
  ({ point, procedure, start, name: `Trần Văn ${i}`, id_number: idn(i), phone: '0912345678' });
const book = (body) => request('POST', '/api/v1/appointments', { body });
const slots = (procedure, q = '', point = HK_POINT) =>
  request('GET', `/api/v1/points/${point}/slots?${procedure ? `procedure=${procedure}&` : ''}${q}`);
const HK = () => tokens['tiepnhan.hoankiem'];
const issue = (body) => request('POST', `/api/v1/points/${HK_POINT}/tickets`, { token: HK(), body });
const callNext = (counter) => request('POST', `/api/v1/points/${HK_POINT}/counters/${counter}/call-next`, { token: HK() });

const GROUPS = [
  { name: 'Hộ tịch', fields: ['ho tich'], counters: [2, 1], capacity: 3 },
  { name: 'Đất đai', fields: ['Đất đai', 'CHỨNG THỰC'], counters: [2, 3], capacity: null },
];

test('a point declares its groups: validated against the catalog, authorised as booking settings', async () => {
  let r = await request('GET', url());
  assert.deepEqual([r.status, r.json], [200, { point: HK_POINT, groups: [] }]);
  r = await request('PUT', url(), { body: { groups: GROUPS } });
  assert.equal(r.status, 401);
  r = await request('PUT', url(), { token: HK(), body: { groups: GROUPS } });
  assert.equal(r.status, 403);
  r = await request('PUT', url(), {
    token: tokens['quanly.hoankiem'],
    body: {
      groups: [
        { name: 'Hộ tịch', fields: ['Hộ tịch', 'Không có lĩnh vực này'], counters: [1, 1, 100], capacity: 51, extra: 1 },
        { name: 'HO TICH', fields: ['Đất đai', 'dat dai'], counters: [] },
        { name: 'x'.repeat(61), fields: 'Đất đai', counters: [1] },
      ],
      other: true,
    },
  });
  assert.equal(r.status, 422);
  // The edge's checks first (shapes, lengths, unknown members) ...
  assert.deepEqual(fields(r), ['groups[0].extra', 'groups[1].counters', 'groups[2].fields', 'groups[2].name', 'other']);
  assert.ok(r.json.errors.every((e) => e.message && e.message_vi));
  // ... then the catalog and the groups against each other.
  r = await request('PUT', url(), {
    token: tokens['quanly.hoankiem'],
    body: {
      groups: [
        { name: 'Hộ tịch', fields: ['Hộ tịch', 'Không có lĩnh vực này'], counters: [1, 1, 100], capacity: 51 },
        { name: 'HO TICH', fields: ['Đất đai', 'ho tich'], counters: [4] },
      ],
    },
  });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['groups[0].capacity', 'groups[0].counters[1]', 'groups[0].counters[2]',
    'groups[0].fields[1]', 'groups[1].fields[1]', 'groups[1].name']);
  r = await request('PUT', url(), { token: tokens['quanly.hoankiem'], body: { groups: Array.from({ length: 31 }, (_, i) => ({ name: `N${i}`, fields: ['Hộ tịch'], counters: [1] })) } });
  assert.deepEqual([r.status, fields(r)], [422, ['groups']]);
  r = await request('GET', url());
  assert.deepEqual(r.json.groups, []); // nothing changed

  r = await request('PUT', url(), { token: tokens['quanly.hoankiem'], body: { groups: GROUPS } });
  assert.equal(r.status, 200, r.text);
  const want = {
    point: HK_POINT,
    groups: [
      { name: 'Hộ tịch', fields: ['Hộ tịch'], counters: [1, 2], capacity: 3, places: 3 },
      { name: 'Đất đai', fields: ['Chứng thực', 'Đất đai'], counters: [2, 3], capacity: null, places: 2 },
    ],
  };
  assert.deepEqual(r.json, want);
  assert.deepEqual((await request('GET', url())).json, want);
  r = await request('GET', `/api/v1/audit?entity=${encodeURIComponent(`point:${HK_POINT}`)}`, { token: tokens.admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.filter((e) => e.action === 'service_groups').map((e) => [e.actor, e.detail]),
    [['quanly.hoankiem', { groups: 2, counters: 4 }]]);
  r = await request('GET', url('999.01.50.H26'));
  assert.equal(r.status, 404);
});

test('slots and bookings per group: capacity under 30 concurrent bookings, another group still books', async () => {
  let r = await slots(HT);
  assert.equal(r.status, 200, r.text);
  const last = r.json.items.at(-1);
  assert.equal(last.remaining, 3);
  r = await slots(DD);
  assert.deepEqual(r.json.items.at(-1), { ...last, remaining: 2 });
  r = await slots(null);
  assert.deepEqual(r.json.items.at(-1), { ...last, remaining: 5 }); // all groups together
  r = await slots(NCN);
  assert.deepEqual([r.status, fields(r)], [422, ['procedure']]);
  assert.equal(r.json.errors[0].message, 'the point does not receive this procedure by appointment');
  r = await book(person(1, NCN, last.start));
  assert.deepEqual([r.status, fields(r)], [422, ['procedure']]);
  // The point without groups: one capacity for any procedure, as before.
  r = await slots(NCN, '', CN_POINT);
  assert.equal(r.json.items.at(-1).remaining, 2);

  const all = await Promise.all(Array.from({ length: 30 }, (_, i) => book(person(100 + i, HT, last.start))));
  const ok = all.filter((x) => x.status === 201);
  assert.equal(ok.length, 3);
  assert.ok(all.every((x) => x.status === 201 || (x.status === 409 && fields(x)[0] === 'start')));
  assert.ok(ok.every((x) => x.json.service_group === 'Hộ tịch'));
  r = await slots(HT);
  assert.notEqual(r.json.items.at(-1).start, last.start); // full for Hộ tịch
  r = await slots(CT); // Chứng thực is in the group Đất đai: its places are untouched
  assert.deepEqual(r.json.items.at(-1), { ...last, remaining: 2 });
  r = await book(person(200, CT, last.start));
  assert.deepEqual([r.status, r.json.service_group], [201, 'Đất đai']);
  r = await slots(DD);
  assert.deepEqual(r.json.items.at(-1), { ...last, remaining: 1 });
  r = await slots(null);
  assert.deepEqual(r.json.items.at(-1), { ...last, remaining: 1 });

  // Cancelling frees a place of its own group.
  const first = ok[0].json;
  r = await request('POST', `/api/v1/appointments/${first.code}/cancel`, { body: { id_number: first.id_number } });
  assert.equal(r.status, 200);
  r = await slots(HT);
  assert.deepEqual(r.json.items.at(-1), { ...last, remaining: 1 });
});

test('tickets name a declared group; the check-in issues the booking in its group', async () => {
  let r = await issue({});
  assert.deepEqual([r.status, fields(r)], [422, ['service_group']]);
  r = await issue({ service_group: 'Lịch hẹn' });
  assert.deepEqual([r.status, fields(r)], [422, ['service_group']]);
  r = await request('POST', `/api/v1/points/${HK_POINT}/kiosk/tickets`, { body: { service_group: 'Xây dựng' } });
  assert.deepEqual([r.status, fields(r)], [422, ['service_group']]);
  r = await request('POST', `/api/v1/points/${HK_POINT}/kiosk/tickets`, { body: { service_group: 'dat dai' } });
  assert.deepEqual([r.status, r.json.number, r.json.service_group], [201, 1, 'Đất đai']);
  r = await issue({ service_group: 'HỘ TỊCH' });
  assert.deepEqual([r.status, r.json.number, r.json.service_group], [201, 2, 'Hộ tịch']);
  // Cửa Nam declares none: any group, as before.
  r = await request('POST', `/api/v1/points/${CN_POINT}/tickets`, { token: tokens['tiepnhan.cuanam'], body: {} });
  assert.deepEqual([r.status, r.json.service_group], [201, 'chung']);

  r = await book(person(300, HT, at('2026-12-30', '15:00')));
  assert.equal(r.status, 201, r.text);
  r = await request('POST', `/api/v1/appointments/${r.json.code}/check-in`, { token: HK(), body: {} });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.ticket.number, r.json.ticket.service_group, r.json.ticket.priority], [3, 'Hộ tịch', 'appointment']);

  // Transfer to a group: it must be declared.
  r = await callNext(3); // counter 3 serves Đất đai only: ticket 1
  assert.deepEqual([r.status, r.json.ticket.number], [200, 1]);
  r = await request('POST', `/api/v1/points/${HK_POINT}/counters/3/transfer`, { token: HK(), body: { number: 1, service_group: 'Xây dựng' } });
  assert.deepEqual([r.status, fields(r)], [422, ['service_group']]);
  r = await request('POST', `/api/v1/points/${HK_POINT}/counters/3/transfer`, { token: HK(), body: { number: 1, service_group: 'ho tich' } });
  assert.deepEqual([r.status, r.json.ticket.service_group, r.json.ticket.status], [200, 'Hộ tịch', 'waiting']);
  r = await callNext(3); // nothing of Đất đai waits now
  assert.deepEqual([r.status, r.json.ticket], [200, null]);
});

test('call-next calls only the groups a counter serves; the priority rule applies within them', async () => {
  await setClock('2026-12-31T08:00:00+07:00');
  const kinds = [['Hộ tịch', null], ['Đất đai', null], ['Hộ tịch', 'elderly'], ['Đất đai', 'disabled'], ['Hộ tịch', null], ['Đất đai', null]];
  for (const [i, [group, priority]] of kinds.entries()) {
    const r = await issue({ service_group: group, priority });
    assert.deepEqual([r.status, r.json.number], [201, i + 1]);
  }
  const called = async (counter) => {
    const r = await callNext(counter);
    assert.equal(r.status, 200, r.text);
    return r.json.ticket && r.json.ticket.number;
  };
  assert.equal(await called(4), null); // counter 4 serves no group
  assert.equal(await called(1), 3); // Hộ tịch: the elderly first
  assert.equal(await called(1), 1);
  assert.equal(await called(3), 4); // Đất đai: the disabled first
  assert.equal(await called(3), 2);
  assert.equal(await called(2), 5); // both groups: the oldest ordinary (no priority left)
  assert.equal(await called(1), null); // no Hộ tịch ticket waits
  assert.equal(await called(2), 6);
  assert.equal(await called(3), null);
});

test('tickets left on a day expire: never called later, closed by the housekeeping, counted apart', async () => {
  await setClock('2027-01-04T08:00:00+07:00');
  for (const group of ['Hộ tịch', 'Hộ tịch', 'Đất đai']) assert.equal((await issue({ service_group: group })).status, 201);
  let r = await callNext(1); // 1 is called and never finished
  assert.equal(r.json.ticket.number, 1);
  assert.equal((await callNext(2)).json.ticket.number, 2);
  assert.equal((await callNext(2)).json.ticket.number, 3);
  assert.equal((await issue({ service_group: 'Hộ tịch' })).json.number, 4);
  assert.equal((await callNext(2)).json.ticket.number, 4);
  assert.equal((await callNext(2)).json.ticket, null); // 2, 3 and 4 are done
  assert.equal((await issue({ service_group: 'Hộ tịch' })).json.number, 5); // 5 waits

  // The next morning, before any sweep: yesterday's waiting ticket is not offered.
  await setClock('2027-01-05T07:30:00+07:00');
  assert.equal((await issue({ service_group: 'Đất đai' })).json.number, 1);
  assert.equal((await callNext(1)).json.ticket, null);
  const stats = async (day) => (await request('GET', `/api/v1/points/${HK_POINT}/queue/stats?from=${day}&to=${day}`, { token: tokens['quanly.hoankiem'] })).json.total;
  const served = { served: 3, skipped: 0, waiting_seconds: 0, serving_seconds: 0, waiting_avg_seconds: 0, serving_avg_seconds: 0 };
  assert.deepEqual(await stats('2027-01-04'), { ...served, expired: 0 });

  // A new start sweeps once: the called ticket 1 (its counter called nothing since) and the
  // waiting 5 of the 4th expire; today's ticket stays.
  await srv.stop({ keep: true });
  srv = await startServer({ data: srv.data, dir: srv.dir, args: ['--test-clock', '2027-01-05T07:32:00+07:00'] });
  request = client(srv.base);
  tokens['quanly.hoankiem'] = await login(request, 'quanly.hoankiem', DEMO_PASSWORD);
  tokens['tiepnhan.hoankiem'] = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  assert.deepEqual(await stats('2027-01-04'), { ...served, expired: 2 });
  assert.deepEqual(await stats('2027-01-05'), { ...served, served: 0, waiting_avg_seconds: null, serving_avg_seconds: null, expired: 0 });
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.deepEqual(r.json.items.map((t) => [t.number, t.status]), [[1, 'waiting']]);
  assert.equal((await callNext(3)).json.ticket.number, 1);
});
