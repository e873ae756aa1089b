// Queue operations (issue 21 item 2, docs/queue.md) against the real server: the call rule's exact
// order (priority first, an ordinary ticket at least every N calls, N a point setting), recall,
// skip, finish and transfer with their states, retries and refusals, waiting and serving times
// exact on the test clock per dossier, counter, officer and point, the check-in's appointment
// ticket, and the public kiosk's per-address limit.
// Each test takes a day of its own (the numbers restart per point and day): Thursday 2026-11-26,
// Friday 27, Monday 30 November, Tuesday 1 and Wednesday 2 December 2026.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT, CN_POINT, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';
import { requestFrom } from './lib/net.mjs';

const KIOSK_RATE = 3;
let srv, request, tokens, setClock;

before(async () => {
  ({ srv, request, tokens, setClock } = await startDemo('2026-11-26T08:00:00+07:00', ['--kiosk-rate', String(KIOSK_RATE)]));
  for (const u of ['quanly.hoankiem']) tokens[u] = await login(request, u, DEMO_PASSWORD);
  // A second receiver at Hoàn Kiếm's point, for the statistics per officer.
  const r = await request('POST', '/api/v1/users', {
    token: tokens.admin,
    body: { username: 'tiepnhan.hoankiem2', password: 'correct horse 1', full_name: 'Nguyễn Văn An', roles: [{ role: 'receiver', unit: HK_POINT }] },
  });
  if (r.status !== 201) throw new Error(r.text);
  tokens['tiepnhan.hoankiem2'] = await login(request, 'tiepnhan.hoankiem2', 'correct horse 1');
});
after(async () => { await srv?.stop(); });

const HK = () => tokens['tiepnhan.hoankiem'];
const issue = (point, body, token = HK()) => request('POST', `/api/v1/points/${point}/tickets`, { token, body });
const callNext = (point, counter, token = HK()) => request('POST', `/api/v1/points/${point}/counters/${counter}/call-next`, { token });
const act = (point, counter, action, body, token = HK()) =>
  request('POST', `/api/v1/points/${point}/counters/${counter}/${action}`, { token, body });
const fields = (res) => res.json.errors.map((e) => e.field).sort();

/** Issues tickets of the given priorities (null: ordinary) and returns their numbers. */
async function issueAll(point, priorities, token) {
  const numbers = [];
  for (const priority of priorities) {
    const r = await issue(point, { priority }, token);
    assert.equal(r.status, 201, r.text);
    numbers.push(r.json.number);
  }
  return numbers;
}

/** Calls next at a counter until nobody waits; returns [number, priority] of each call. */
async function callAll(point, counter, token) {
  const order = [];
  for (;;) {
    const r = await callNext(point, counter, token);
    assert.equal(r.status, 200, r.text);
    if (!r.json.ticket) return order;
    order.push([r.json.ticket.number, r.json.ticket.priority]);
  }
}

test('call next: priority first, an ordinary ticket at least every N calls; N is the point\'s setting', async () => {
  const kinds = [null, null, 'elderly', 'disabled', 'pregnant', 'elderly', null, null];
  assert.deepEqual(await issueAll(HK_POINT, kinds), [1, 2, 3, 4, 5, 6, 7, 8]);
  // The default N = 3: two priority tickets, then an ordinary one while ordinary ones wait.
  assert.deepEqual(await callAll(HK_POINT, 1), [
    [3, 'elderly'], [4, 'disabled'], [1, null], [5, 'pregnant'], [6, 'elderly'], [2, null], [7, null], [8, null]]);

  // The setting: read by staff, set by an administrator or a manager covering the point.
  let r = await request('GET', `/api/v1/points/${CN_POINT}/queue/settings`, { token: tokens['tiepnhan.cuanam'] });
  assert.deepEqual(r.json, { point: CN_POINT, ordinary_every: 3, default: true });
  r = await request('PUT', `/api/v1/points/${CN_POINT}/queue/settings`, { token: tokens['tiepnhan.cuanam'], body: { ordinary_every: 2 } });
  assert.equal(r.status, 403);
  r = await request('PUT', `/api/v1/points/${CN_POINT}/queue/settings`, { token: tokens['quanly.hoankiem'], body: { ordinary_every: 2 } });
  assert.equal(r.status, 403); // Hoàn Kiếm's manager does not cover Cửa Nam
  for (const bad of [1, 21, '2', 2.5, null]) {
    r = await request('PUT', `/api/v1/points/${CN_POINT}/queue/settings`, { token: tokens.admin, body: { ordinary_every: bad } });
    assert.equal(r.status, 422, String(bad));
    assert.deepEqual(fields(r), ['ordinary_every']);
  }
  r = await request('PUT', `/api/v1/points/${CN_POINT}/queue/settings`, { token: tokens.admin, body: { ordinary_every: 2, x: 1 } });
  assert.deepEqual(fields(r), ['x']);
  r = await request('PUT', `/api/v1/points/${CN_POINT}/queue/settings`, { token: tokens.admin, body: { ordinary_every: 2 } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { point: CN_POINT, ordinary_every: 2, default: false });
  r = await request('PUT', `/api/v1/points/${HK_POINT}/queue/settings`, { token: tokens['quanly.hoankiem'], body: { ordinary_every: 4 } });
  assert.deepEqual(r.json, { point: HK_POINT, ordinary_every: 4, default: false });

  // N = 2 at Cửa Nam: priority and ordinary alternate while both wait.
  const cn = tokens['tiepnhan.cuanam'];
  assert.deepEqual(await issueAll(CN_POINT, kinds, cn), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual((await callAll(CN_POINT, 2, cn)).map(([n]) => n), [3, 1, 4, 2, 5, 7, 6, 8]);
  // N = 4 at Hoàn Kiếm: three priority tickets before an ordinary one.
  assert.deepEqual(await issueAll(HK_POINT, [null, 'elderly', 'elderly', 'elderly', 'elderly', null]), [9, 10, 11, 12, 13, 14]);
  assert.deepEqual((await callAll(HK_POINT, 1)).map(([n]) => n), [10, 11, 12, 9, 13, 14]);

  // The appointment group comes from a check-in only; unknown groups are refused.
  for (const priority of ['appointment', 'vip', 5]) {
    r = await issue(HK_POINT, { priority });
    assert.equal(r.status, 422);
    assert.deepEqual(fields(r), ['priority']);
  }
});

test('recall, skip, finish and transfer: states, retries, refusals', async () => {
  await setClock('2026-11-27T08:00:00+07:00');
  assert.deepEqual(await issueAll(HK_POINT, [null, null, null]), [1, 2, 3]);
  assert.equal((await callNext(HK_POINT, 1)).json.ticket.number, 1);
  assert.equal((await callNext(HK_POINT, 2)).json.ticket.number, 2);

  // Recall: only the counter's own called ticket.
  let r = await act(HK_POINT, 2, 'recall', { number: 1 });
  assert.equal(r.status, 409);
  r = await act(HK_POINT, 1, 'recall', { number: 1 });
  assert.equal(r.status, 200);
  assert.deepEqual([r.json.ticket.status, r.json.ticket.recalls, r.json.ticket.announcement, r.json.repeated],
    ['called', 1, 'Mời khách hàng số 0001 đến quầy số 1', false]);
  r = await act(HK_POINT, 1, 'recall', { number: 1 });
  assert.equal(r.json.ticket.recalls, 2);

  // Skip (no-show): the ticket is skipped and the next one called; a retry changes nothing.
  r = await act(HK_POINT, 1, 'skip', { number: 1 });
  assert.equal(r.status, 200);
  assert.deepEqual([r.json.ticket.number, r.json.ticket.status, r.json.ticket.finished_at, r.json.next.number, r.json.next.status, r.json.next.counter, r.json.repeated],
    [1, 'skipped', '2026-11-27T08:00:00+07:00', 3, 'called', 1, false]);
  r = await act(HK_POINT, 1, 'skip', { number: 1 });
  assert.equal(r.status, 200);
  assert.deepEqual([r.json.repeated, r.json.ticket.status, r.json.next.number], [true, 'skipped', 3]);
  r = await act(HK_POINT, 2, 'skip', { number: 1 });
  assert.equal(r.status, 409); // skipped by another counter
  r = await act(HK_POINT, 1, 'recall', { number: 1 });
  assert.equal(r.status, 409);

  // Finish, and its retry.
  r = await act(HK_POINT, 2, 'finish', { number: 2 });
  assert.deepEqual([r.status, r.json.ticket.status, r.json.repeated], [200, 'done', false]);
  r = await act(HK_POINT, 2, 'finish', { number: 2 });
  assert.deepEqual([r.status, r.json.ticket.status, r.json.repeated, r.json.next], [200, 'done', true, null]);
  r = await act(HK_POINT, 2, 'finish', { number: 3 });
  assert.equal(r.status, 409); // called at counter 1

  // Transfer to counter 5: it waits for that counter only, which calls it first.
  r = await act(HK_POINT, 1, 'transfer', { number: 3, counter: 5 });
  assert.equal(r.status, 200);
  assert.deepEqual([r.json.ticket.status, r.json.ticket.counter, r.json.ticket.target_counter, r.json.ticket.transfers, r.json.ticket.called_at],
    ['waiting', null, 5, 1, null]);
  r = await act(HK_POINT, 1, 'transfer', { number: 3, counter: 5 });
  assert.deepEqual([r.status, r.json.repeated, r.json.ticket.transfers], [200, true, 1]);
  r = await act(HK_POINT, 1, 'transfer', { number: 3, counter: 6 });
  assert.equal(r.status, 409);
  assert.equal((await callNext(HK_POINT, 2)).json.ticket, null);
  assert.deepEqual(await issueAll(HK_POINT, [null]), [4]);
  assert.equal((await callNext(HK_POINT, 2)).json.ticket.number, 4);
  r = await callNext(HK_POINT, 5);
  assert.deepEqual([r.json.ticket.number, r.json.ticket.counter], [3, 5]);
  // Transfer to another service group: back in the common line, by its number.
  r = await act(HK_POINT, 5, 'transfer', { number: 3, service_group: 'Đất đai' });
  assert.deepEqual([r.json.ticket.status, r.json.ticket.service_group, r.json.ticket.target_counter, r.json.ticket.transfers],
    ['waiting', 'Đất đai', null, 2]);
  r = await callNext(HK_POINT, 2); // finishes 4
  assert.deepEqual([r.json.ticket.number, r.json.ticket.service_group, r.json.ticket.counter], [3, 'Đất đai', 2]);
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.deepEqual(r.json.items.map((t) => [t.number, t.status]), [[1, 'skipped'], [2, 'done'], [3, 'called'], [4, 'done']]);
  assert.deepEqual(r.json.serving, [{ counter: 2, number: 3, service_group: 'Đất đai', priority: null, announcement: 'Mời khách hàng số 0003 đến quầy số 2' }]);

  // Bad input names its fields and changes nothing.
  r = await act(HK_POINT, 2, 'finish', {});
  assert.deepEqual([r.status, fields(r)], [422, ['number']]);
  r = await act(HK_POINT, 2, 'finish', { number: 0, note: 'x' });
  assert.deepEqual([r.status, fields(r)], [422, ['note', 'number']]);
  r = await act(HK_POINT, 0, 'recall', { number: '3' });
  assert.deepEqual([r.status, fields(r)], [422, ['counter', 'number']]);
  r = await act(HK_POINT, 2, 'transfer', { number: 3 });
  assert.deepEqual([r.status, fields(r)], [422, ['counter']]);
  r = await act(HK_POINT, 2, 'transfer', { number: 3, counter: 100 });
  assert.deepEqual([r.status, fields(r)], [422, ['counter']]);
  r = await act(HK_POINT, 2, 'transfer', { number: 3, counter: 2 });
  assert.deepEqual([r.status, fields(r)], [422, ['counter']]);
  r = await act(HK_POINT, 2, 'finish', { number: 99 });
  assert.equal(r.status, 404);
  r = await act(CN_POINT, 2, 'finish', { number: 3 });
  assert.equal(r.status, 403);
  r = await act('999.01.50.H26', 2, 'finish', { number: 3 });
  assert.equal(r.status, 404);
  r = await request('POST', `/api/v1/points/${HK_POINT}/counters/2/finish`, { body: { number: 3 } });
  assert.equal(r.status, 401);
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.deepEqual(r.json.items.map((t) => [t.number, t.status, t.counter]), [[1, 'skipped', 1], [2, 'done', 2], [3, 'called', 2], [4, 'done', 2]]);

  // Call next with "current" (what the counter believes it serves): a retry calls nobody new.
  const next7 = (current) => request('POST', `/api/v1/points/${HK_POINT}/counters/7/call-next`, { token: HK(), body: { current } });
  assert.deepEqual(await issueAll(HK_POINT, [null, null]), [5, 6]);
  r = await next7(null);
  assert.deepEqual([r.status, r.json.ticket.number, r.json.repeated], [200, 5, false]);
  r = await next7(null);
  assert.deepEqual([r.status, r.json.ticket.number, r.json.ticket.status, r.json.repeated], [200, 5, 'called', true]);
  r = await next7(5);
  assert.deepEqual([r.json.ticket.number, r.json.repeated], [6, false]);
  r = await next7(5);
  assert.deepEqual([r.json.ticket.number, r.json.repeated], [6, true]);
  r = await next7(6);
  assert.deepEqual([r.json.ticket, r.json.repeated], [null, false]); // 6 finished, nobody waits
  r = await next7(6);
  assert.deepEqual([r.json.ticket, r.json.repeated], [null, true]);
  r = await next7(0);
  assert.deepEqual([r.status, fields(r)], [422, ['current']]);
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.deepEqual(r.json.items.map((t) => [t.number, t.status]).slice(4), [[5, 'done'], [6, 'done']]);
});

test('waiting and serving times: per dossier, counter, officer and point, exact on the test clock', async () => {
  const day = '2026-11-30';
  const t = (hms) => `${day}T${hms}+07:00`;
  await setClock(t('08:00:00'));
  assert.deepEqual(await issueAll(HK_POINT, [null]), [1]);
  await setClock(t('08:05:00'));
  assert.deepEqual(await issueAll(HK_POINT, [null, null]), [2, 3]);
  await setClock(t('08:10:00'));
  assert.equal((await callNext(HK_POINT, 1)).json.ticket.number, 1);

  // Intake names the ticket being served; the dossier records it.
  await setClock(t('08:12:30'));
  let r = await request('POST', '/api/v1/dossiers', { token: HK(), body: guardianship({ ticket: 2 }) });
  assert.equal(r.status, 422); // 2 was not called yet
  assert.deepEqual(fields(r), ['ticket']);
  for (const [body, want] of [[guardianship({ ticket: 0 }), ['ticket']], [guardianship({ ticket: '1' }), ['ticket']],
    [guardianship({ ticket: 1, channel: 'post' }), ['ticket']]]) {
    r = await request('POST', '/api/v1/dossiers', { token: HK(), body });
    assert.deepEqual([r.status, fields(r)], [422, want]);
  }
  r = await request('POST', '/api/v1/dossiers', { token: HK(), body: guardianship({ ticket: 1 }) });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  r = await request('GET', `/api/v1/dossiers/${code}/ticket`, { token: HK() });
  assert.deepEqual([r.status, r.json.number, r.json.status, r.json.waiting_seconds, r.json.serving_seconds, r.json.dossier],
    [200, 1, 'called', 600, null, code]);
  r = await request('POST', '/api/v1/dossiers', { token: HK(), body: guardianship() });
  assert.equal((await request('GET', `/api/v1/dossiers/${r.json.code}/ticket`, { token: HK() })).status, 404);
  assert.equal((await request('GET', `/api/v1/dossiers/${code}/ticket`, { token: tokens['tiepnhan.cuanam'] })).status, 404);

  await setClock(t('08:20:00'));
  r = await act(HK_POINT, 1, 'finish', { number: 1 });
  assert.equal(r.json.ticket.finished_at, t('08:20:00'));
  r = await request('GET', `/api/v1/dossiers/${code}/ticket`, { token: HK() });
  assert.deepEqual([r.json.status, r.json.waiting_seconds, r.json.serving_seconds], ['done', 600, 600]);

  // A second officer at counter 2: 2 waits 20 minutes and is served 15; 3 is skipped.
  const center = tokens['tiepnhan.hoankiem2'];
  await setClock(t('08:25:00'));
  assert.equal((await callNext(HK_POINT, 2, center)).json.ticket.number, 2);
  await setClock(t('08:40:00'));
  r = await callNext(HK_POINT, 2, center);
  assert.equal(r.json.ticket.number, 3);
  await setClock(t('08:41:00'));
  r = await act(HK_POINT, 2, 'skip', { number: 3 }, center);
  assert.equal(r.json.next, null);

  r = await request('GET', `/api/v1/points/${HK_POINT}/queue/stats?from=${day}&to=${day}`, { token: tokens['quanly.hoankiem'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, {
    point: HK_POINT, from: day, to: day,
    total: { served: 2, skipped: 1, waiting_seconds: 1800, serving_seconds: 1500, waiting_avg_seconds: 900, serving_avg_seconds: 750, expired: 0 },
    counters: [
      { counter: 1, served: 1, skipped: 0, waiting_seconds: 600, serving_seconds: 600, waiting_avg_seconds: 600, serving_avg_seconds: 600 },
      { counter: 2, served: 1, skipped: 1, waiting_seconds: 1200, serving_seconds: 900, waiting_avg_seconds: 1200, serving_avg_seconds: 900 },
    ],
    officers: [
      { officer: 'tiepnhan.hoankiem', served: 1, skipped: 0, waiting_seconds: 600, serving_seconds: 600, waiting_avg_seconds: 600, serving_avg_seconds: 600 },
      { officer: 'tiepnhan.hoankiem2', served: 1, skipped: 1, waiting_seconds: 1200, serving_seconds: 900, waiting_avg_seconds: 1200, serving_avg_seconds: 900 },
    ],
  });
  // The default period is today; an empty period has no averages.
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue/stats`, { token: HK() });
  assert.deepEqual([r.json.from, r.json.to, r.json.total.served], [day, day, 2]);
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue/stats?from=2026-10-01&to=2026-10-31`, { token: tokens['quanly.hoankiem'] });
  assert.deepEqual(r.json.total, { served: 0, skipped: 0, waiting_seconds: 0, serving_seconds: 0, waiting_avg_seconds: null, serving_avg_seconds: null, expired: 0 });
  assert.deepEqual([r.json.counters, r.json.officers], [[], []]);
  // The 27th's tickets (the previous test) count in a period that covers it.
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue/stats?from=2026-11-27&to=${day}`, { token: tokens.admin });
  assert.deepEqual([r.json.total.served, r.json.total.skipped], [6, 2]);
  for (const [q, want] of [['from=2026-11-31', ['from']], ['from=2026-12-01&to=2026-11-30', ['to']], ['from=2025-01-01&to=2026-11-30', ['to']]]) {
    r = await request('GET', `/api/v1/points/${HK_POINT}/queue/stats?${q}`, { token: HK() });
    assert.deepEqual([r.status, fields(r)], [422, want], q);
  }
  assert.equal((await request('GET', `/api/v1/points/${HK_POINT}/queue/stats`, { token: tokens['tiepnhan.cuanam'] })).status, 403);
  assert.equal((await request('GET', `/api/v1/points/${HK_POINT}/queue/stats`, { token: tokens['001190012345'] })).status, 403);
  assert.equal((await request('GET', `/api/v1/points/${HK_POINT}/queue/stats`)).status, 401);
});

test('a booking\'s check-in issues an appointment ticket in the same transaction', async () => {
  await setClock('2026-12-01T08:00:00+07:00');
  assert.deepEqual(await issueAll(HK_POINT, [null, 'elderly']), [1, 2]);
  let r = await request('POST', '/api/v1/appointments', {
    body: { point: HK_POINT, procedure: '1.004837', start: '2026-12-01T10:00:00+07:00', name: 'Trần Văn Hẹn', id_number: '001090777001', phone: '0912345678' },
  });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  await setClock('2026-12-01T09:50:00+07:00');
  r = await request('POST', `/api/v1/appointments/${code}/check-in`, { token: HK() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'arrived');
  assert.deepEqual([r.json.ticket.number, r.json.ticket.priority, r.json.ticket.service_group, r.json.ticket.status, r.json.ticket.issued_at, r.json.ticket.waiting_ahead],
    [3, 'appointment', 'Lịch hẹn', 'waiting', '2026-12-01T09:50:00+07:00', 2]);
  // Checked in once: a second check-in is refused and issues nothing.
  r = await request('POST', `/api/v1/appointments/${code}/check-in`, { token: HK() });
  assert.equal(r.status, 409);
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.deepEqual(r.json.items.map((t) => [t.number, t.priority]), [[1, null], [2, 'elderly'], [3, 'appointment']]);
  // The appointment is a priority group: called right after the elderly ticket, before ordinary 1.
  assert.deepEqual((await callAll(HK_POINT, 1)).map(([n]) => n), [2, 3, 1]);
});

test('the public kiosk: anyone issues, limited per address; staff are not counted', async () => {
  await setClock('2026-12-02T08:00:00+07:00');
  const kiosk = (from, body, headers = {}) => requestFrom(srv.base, from, 'POST', `/api/v1/points/${HK_POINT}/kiosk/tickets`, {
    headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  const from = '127.0.0.61';
  for (let i = 0; i < KIOSK_RATE; i++) {
    const r = await kiosk(from, { service_group: 'Hộ tịch', priority: i === 1 ? 'pregnant' : null });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.json.number, r.json.waiting_ahead, r.json.service_group], [i + 1, i, 'Hộ tịch']);
  }
  let r = await kiosk(from, {});
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers['retry-after']) > 0);
  r = await kiosk('127.0.0.62', {});
  assert.deepEqual([r.status, r.json.number], [201, 4]);
  r = await kiosk(from, {}, { authorization: `Bearer ${HK()}` });
  assert.deepEqual([r.status, r.json.number], [201, 5]);
  r = await kiosk('127.0.0.63', { priority: 'appointment' });
  assert.deepEqual([r.status, fields(r)], [422, ['priority']]);
  r = await kiosk('127.0.0.63', { service_group: 'x'.repeat(61), extra: 1 });
  assert.deepEqual([r.status, fields(r)], [422, ['extra', 'service_group']]);
  r = await requestFrom(srv.base, '127.0.0.63', 'POST', '/api/v1/points/999.01.50.H26/kiosk/tickets', {
    headers: { 'content-type': 'application/json' }, body: '{}',
  });
  assert.equal(r.status, 404);
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.deepEqual(r.json.items.map((t) => [t.number, t.priority]), [[1, null], [2, 'pregnant'], [3, null], [4, null], [5, null]]);
});

test('the public board: compact JSON in the API\'s member order, paged by number, each page the same waiting and serving', async () => {
  // The kiosk test's day: five tickets waiting at Hoàn Kiếm's point; one is called to counter 3.
  let r = await callNext(HK_POINT, 3);
  assert.deepEqual([r.status, r.json.ticket.number], [200, 2]); // the pregnant ticket first
  const called = r.json.ticket;
  r = await request('GET', `/api/v1/points/${HK_POINT}/queue`);
  assert.equal(r.status, 200);
  assert.equal(r.text, JSON.stringify(r.json)); // compact, no member twice
  const full = r.json;
  assert.deepEqual(Object.keys(full), ['point', 'day', 'waiting', 'serving', 'items', 'next_cursor']);
  assert.deepEqual([full.point, full.day, full.waiting, full.next_cursor], [HK_POINT, '2026-12-02', 4, null]);
  assert.deepEqual(full.serving, [{ counter: 3, number: 2, service_group: 'Hộ tịch', priority: 'pregnant', announcement: 'Mời khách hàng số 0002 đến quầy số 3' }]);
  assert.deepEqual(full.items.map((t) => [t.number, t.status, t.counter]), [[1, 'waiting', null], [2, 'called', 3], [3, 'waiting', null], [4, 'waiting', null], [5, 'waiting', null]]);
  assert.deepEqual(Object.keys(full.items[1]), ['point', 'day', 'number', 'service_group', 'priority', 'status', 'counter', 'issued_at',
    'called_at', 'finished_at', 'target_counter', 'recalls', 'transfers', 'announcement']);
  // The board's ticket is the ticket the counter got, member for member.
  for (const [k, v] of Object.entries(full.items[1])) assert.deepEqual(v, called[k], k);
  assert.equal(full.items[1].announcement, 'Mời khách hàng số 0002 đến quầy số 3');
  assert.equal(full.items[0].announcement, null);
  // Pages of two: 1-2, 3-4, 5; the same board around each.
  const pages = [];
  let cursor = null;
  do {
    r = await request('GET', `/api/v1/points/${HK_POINT}/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, JSON.stringify(r.json));
    assert.deepEqual([r.json.point, r.json.day, r.json.waiting, r.json.serving], [full.point, full.day, full.waiting, full.serving]);
    pages.push(r.json.items.map((t) => t.number));
    assert.deepEqual(r.json.items, full.items.filter((t) => pages.at(-1).includes(t.number)));
    cursor = r.json.next_cursor;
  } while (cursor && pages.length < 10);
  assert.deepEqual(pages, [[1, 2], [3, 4], [5]]);
  // An unknown point, or a unit that is not a service point: 404, as before.
  assert.equal((await request('GET', '/api/v1/points/999.01.50.H26/queue')).status, 404);
  assert.equal((await request('GET', '/api/v1/points/000.00.01.H26/queue')).status, 404);
});
