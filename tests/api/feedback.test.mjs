// Citizens' feedback (issue 21 item 3, docs/feedback.md): routing to the exact unit, the due time
// on the working clock across a holiday and weekends, staff scope, reassigning, late answers,
// publication only with consent and without personal data, the per-dossier cap, bad input, the
// per-address limit, and the two feedback indicators' exact numerators and denominators.
// The clock: Wednesday 2026-12-30 09:00 (UTC+7); Friday 2027-01-01 is New Year's Day, 2-3 and 9-10
// January weekends, so 10 working days later is Thursday 2027-01-14 09:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT, HK_PC, CN_POINT } from './lib/dossiers.mjs';
import { requestFrom } from './lib/net.mjs';

const CLOCK = '2026-12-30T09:00:00+07:00';
const DUE = '2027-01-14T09:00:00+07:00';
const RATE = 80;
let srv, request, t, setClock;

before(async () => {
  ({ srv, request, tokens: t, setClock } = await startDemo(CLOCK, ['--feedback-rate', String(RATE)]));
});
after(async () => { await srv?.stop(); });

const fields = (res) => res.json.errors.map((e) => e.field).sort();
const send = (body, token) => request('POST', '/api/v1/feedback', { body, token });
const base = { kind: 'phan_anh', content: 'Hẹn trả kết quả nhưng chưa nhận được thông báo.', name: 'Nguyễn Thị Hằng', phone: '0912345678' };
const codes = (res) => res.json.items.map((i) => i.code).sort();
let dossier, secret, fb = {};

async function intake() {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('routing to the responsible unit and the due time on the working clock', async () => {
  ({ code: dossier, tracking_secret: secret } = await intake());
  // About a dossier: its resolving unit.
  let r = await send({ ...base, about: 'dossier', dossier, secret, publish_consent: true });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.code, /^PA-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  assert.match(r.json.secret, /^[A-Z0-9]{10}$/);
  assert.equal(r.json.unit, HK_PC);
  assert.equal(r.json.received_at, CLOCK);
  assert.equal(r.json.due_at, DUE);
  assert.equal(r.json.status, 'open');
  assert.equal(r.json.dossier, dossier);
  fb.dossier = r.json;
  // About the officer who took the dossier in (its history): the unit they acted for.
  r = await send({ ...base, kind: 'khieu_nai', about: 'officer', dossier, secret, officer: 'tiepnhan.hoankiem' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.unit, HK_POINT);
  assert.equal(r.json.officer_name, 'Lê Thu Trang');
  assert.equal(r.json.due_at, DUE);
  fb.officer = r.json;
  // About a point, naming an officer there: the point.
  r = await send({ ...base, kind: 'kien_nghi', about: 'officer', point: CN_POINT, officer_name: 'Chị ở quầy số 2', email: 'hang@example.vn', phone: undefined });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.unit, CN_POINT);
  assert.equal(r.json.point, CN_POINT);
  assert.deepEqual(r.json.contact, { name: 'Nguyễn Thị Hằng', phone: null, email: 'hang@example.vn' });
  fb.point = r.json;
  // The applicant's own account needs no secret; the sender reads it back with the account.
  r = await send({ ...base, kind: 'kien_nghi', about: 'dossier', dossier, publish_consent: false }, t['001190012345']);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.unit, HK_PC);
  fb.citizen = r.json;
  r = await request('GET', `/api/v1/feedback/${fb.citizen.code}`, { token: t['001190012345'] });
  assert.equal(r.status, 200);
  assert.equal(r.json.content, base.content);
  // The sender by code and secret; a wrong secret is as an unknown code.
  r = await request('GET', `/api/v1/feedback/${fb.point.code}?secret=${fb.point.secret}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'open');
  assert.equal(r.json.answer, null);
  assert.equal(r.json.submitted_by, undefined);
  r = await request('GET', `/api/v1/feedback/${fb.point.code}?secret=AAAAAAAAAA`);
  assert.equal(r.status, 404);
  r = await request('GET', '/api/v1/feedback/PA-AAAA-AAAA?secret=AAAAAAAAAA');
  assert.equal(r.status, 404);
});

test('bad input is 422 naming each field and changes nothing', async () => {
  const before = (await request('GET', '/api/v1/feedback', { token: t.admin })).json.items.length;
  let r = await send({ kind: 'to_cao', about: 'dossier', content: 'ngắn', name: '', phone: '123', email: 'a@', publish_consent: 'yes', extra: 1 });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['content', 'dossier', 'email', 'extra', 'kind', 'name', 'phone', 'publish_consent']);
  assert.ok(r.json.errors.every((e) => e.message && e.message_vi));
  r = await send({ ...base, about: 'nobody', content: 'a\u202Eb'.repeat(4) });
  assert.deepEqual(fields(r), ['about', 'content']);
  r = await send({ ...base, about: 'point', point: HK_PC });
  assert.deepEqual(fields(r), ['point']);
  r = await send({ ...base, about: 'officer', dossier, secret, officer: 'xuly.cuanam' });
  assert.deepEqual(fields(r), ['officer']);
  r = await send({ ...base, about: 'officer', point: CN_POINT });
  assert.deepEqual(fields(r), ['officer_name']);
  r = await send({ ...base, about: 'dossier', dossier, secret: 'WRONGWRONG' });
  assert.deepEqual(fields(r), ['dossier']);
  r = await send({ ...base, about: 'dossier', dossier, phone: undefined });
  assert.deepEqual(fields(r), ['phone', 'secret']);
  r = await send({ ...base, about: 'point', point: CN_POINT, content: 'x'.repeat(4001) });
  assert.deepEqual(fields(r), ['content']);
  assert.equal((await request('GET', '/api/v1/feedback', { token: t.admin })).json.items.length, before);
});

test('staff see and answer only their units; reassigning stays within their scope', async () => {
  // Hoàn Kiếm's processor covers the ward and its point; Cửa Nam's receiver only Cửa Nam's point.
  let r = await request('GET', '/api/v1/feedback?status=open', { token: t['xuly.hoankiem'] });
  assert.equal(r.status, 200);
  assert.deepEqual(codes(r), [fb.dossier.code, fb.officer.code, fb.citizen.code].sort());
  assert.deepEqual(r.json.items[0].contact, { name: 'Nguyễn Thị Hằng', phone: '0912345678', email: null });
  r = await request('GET', '/api/v1/feedback', { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(codes(r), [fb.point.code]);
  r = await request('GET', `/api/v1/feedback/${fb.dossier.code}`, { token: t['tiepnhan.cuanam'] });
  assert.equal(r.status, 404);
  r = await request('POST', `/api/v1/feedback/${fb.dossier.code}/answer`, { token: t['tiepnhan.cuanam'], body: { answer: 'Đã xem xét.' } });
  assert.equal(r.status, 403);
  r = await request('POST', `/api/v1/feedback/${fb.dossier.code}/assign`, { token: t['tiepnhan.cuanam'], body: { unit: CN_POINT } });
  assert.equal(r.status, 403);
  r = await request('GET', '/api/v1/feedback', { token: t['001190012345'] });
  assert.equal(r.status, 403);
  r = await request('GET', '/api/v1/feedback');
  assert.equal(r.status, 401);
  // Within scope: the ward's processor hands one to its point; not to Cửa Nam.
  r = await request('POST', `/api/v1/feedback/${fb.citizen.code}/assign`, { token: t['xuly.hoankiem'], body: { unit: CN_POINT } });
  assert.equal(r.status, 403);
  r = await request('POST', `/api/v1/feedback/${fb.citizen.code}/assign`, { token: t['xuly.hoankiem'], body: { unit: 'no.such.unit' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['unit']);
  r = await request('POST', `/api/v1/feedback/${fb.citizen.code}/assign`, { token: t['xuly.hoankiem'], body: { unit: HK_POINT } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit, HK_POINT);
  assert.equal(r.json.due_at, DUE);
  r = await request('GET', '/api/v1/feedback', { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual(codes(r), [fb.officer.code, fb.citizen.code].sort());
});

test('one dossier holds at most 3 unanswered feedback', async () => {
  const d = await intake();
  const one = { ...base, about: 'dossier', dossier: d.code, secret: d.tracking_secret };
  const made = [];
  for (let i = 0; i < 3; i++) {
    const r = await send(one);
    assert.equal(r.status, 201, r.text);
    made.push(r.json.code);
  }
  let r = await send(one);
  assert.equal(r.status, 409);
  assert.deepEqual(fields(r), ['dossier']);
  r = await request('POST', `/api/v1/feedback/${made[0]}/answer`, { token: t['xuly.hoankiem'], body: { answer: 'Đã trả lời.' } });
  assert.equal(r.status, 200, r.text);
  r = await send(one);
  assert.equal(r.status, 201, r.text);
});

test('the cap holds under concurrent submissions: exactly 3 of 8 at once', async () => {
  const d = await intake();
  const one = { ...base, about: 'dossier', dossier: d.code, secret: d.tracking_secret };
  const all = await Promise.all(Array.from({ length: 8 }, () => send(one)));
  assert.deepEqual(all.map((r) => r.status).sort(), [201, 201, 201, 409, 409, 409, 409, 409]);
  const r = await request('GET', '/api/v1/feedback?status=open', { token: t.admin });
  assert.equal(r.json.items.filter((f) => f.dossier === d.code).length, 3);
});

test('answers on time and late, publication only with consent and without personal data', async () => {
  // Exactly at the due time: on time.
  await setClock(DUE);
  let r = await request('POST', `/api/v1/feedback/${fb.dossier.code}/answer`, { token: t['xuly.hoankiem'], body: { answer: 'Hồ sơ đã có kết quả.\nXin lỗi ông/bà.', publish: true } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'answered');
  assert.equal(r.json.answered_at, DUE);
  assert.equal(r.json.late, false);
  assert.equal(r.json.published, true);
  assert.equal(r.json.answered_by, 'xuly.hoankiem');
  r = await request('POST', `/api/v1/feedback/${fb.dossier.code}/answer`, { token: t['xuly.hoankiem'], body: { answer: 'Lần hai.' } });
  assert.equal(r.status, 409);
  // One second later: late. The sender did not agree to publication: 422, nothing recorded.
  await setClock('2027-01-14T09:00:01+07:00');
  r = await request('POST', `/api/v1/feedback/${fb.citizen.code}/answer`, { token: t['tiepnhan.hoankiem'], body: { answer: 'Đã kiểm tra.', publish: true } });
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['publish']);
  r = await request('POST', `/api/v1/feedback/${fb.citizen.code}/answer`, { token: t['tiepnhan.hoankiem'], body: { answer: 'Đã kiểm tra.', publish: false } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.late, true);
  assert.equal(r.json.published, false);
  // The officer feedback: consent false by default, staff answer without publishing.
  r = await request('POST', `/api/v1/feedback/${fb.officer.code}/answer`, { token: t['tiepnhan.hoankiem'], body: { answer: 'Đã nhắc nhở cán bộ.' } });
  assert.equal(r.json.late, true);
  // The sender sees the answer.
  r = await request('GET', `/api/v1/feedback/${fb.dossier.code}?secret=${fb.dossier.secret}`);
  assert.equal(r.json.answer, 'Hồ sơ đã có kết quả.\nXin lỗi ông/bà.');
  assert.equal(r.json.status, 'answered');
  // The public list: only the published one, no contact, names, officer or dossier.
  r = await request('GET', '/api/v1/public/feedback');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.items, [{
    code: fb.dossier.code, kind: 'phan_anh', about: 'dossier', unit: HK_PC, content: base.content,
    answer: 'Hồ sơ đã có kết quả.\nXin lỗi ông/bà.', received_at: CLOCK, answered_at: DUE, late: false,
  }]);
  for (const personal of ['Nguyễn Thị Hằng', '0912345678', dossier, fb.dossier.secret, 'xuly.hoankiem']) {
    assert.ok(!r.text.includes(personal), personal);
  }
  r = await request('GET', `/api/v1/public/feedback?unit=${CN_POINT}`);
  assert.deepEqual(r.json.items, []);
  r = await request('GET', '/api/v1/public/feedback?limit=0&unit=a%20b');
  assert.equal(r.status, 422);
  assert.deepEqual(fields(r), ['limit', 'unit']);
});

test('indicators: feedback received per dossier received, and answered on time of those due', async () => {
  // Received on 30 December: the 4 routed first + 3 about the second dossier + 1 after the cap
  // freed a place + 3 about the third = 11, over the 3 dossiers received that day.
  let r = await request('GET', '/api/v1/reports/indicators?from=2026-12-30&to=2026-12-30', { token: t.admin });
  assert.equal(r.status, 200, r.text);
  const pick = (res) => Object.fromEntries(res.json.items.filter((i) => i.id.startsWith('feedback')).map((i) => [i.id, [i.indicator_766, i.numerator, i.denominator, i.value]]));
  assert.deepEqual(pick(r), { feedback_received: [null, 11, 3, 366.67], feedback_on_time: ['5.1', 0, 0, null] });
  // Due on 14 January: all 11; answered by their due time: the dossier's (at 09:00:00) and the one
  // answered on 30 December; late: 2; open: 7.
  r = await request('GET', '/api/v1/reports/indicators?from=2027-01-14&to=2027-01-14', { token: t.admin });
  assert.deepEqual(pick(r), { feedback_received: [null, 0, 0, null], feedback_on_time: ['5.1', 2, 11, 18.18] });
  // The unit filter and staff scope: Hoàn Kiếm's point holds the officer and citizen feedback.
  r = await request('GET', `/api/v1/reports/indicators?from=2027-01-14&to=2027-01-14&unit=${HK_POINT}`, { token: t.admin });
  assert.deepEqual(pick(r).feedback_on_time, ['5.1', 0, 2, 0]);
  r = await request('GET', '/api/v1/reports/indicators?from=2027-01-14&to=2027-01-14', { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(pick(r).feedback_on_time, ['5.1', 0, 1, 0]);
});

test('the public endpoints are limited per client address', async () => {
  const from = '127.0.0.7';
  let served = 0, last;
  for (let i = 0; i < RATE + 1; i++) {
    last = await requestFrom(srv.base, from, 'GET', '/api/v1/public/feedback');
    if (last.status !== 200) break;
    served++;
  }
  assert.equal(served, RATE);
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers['retry-after']) >= 1);
  last = await requestFrom(srv.base, from, 'POST', '/api/v1/feedback', {
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...base, about: 'point', point: CN_POINT }),
  });
  assert.equal(last.status, 429);
  last = await requestFrom(srv.base, '127.0.0.8', 'GET', '/api/v1/public/feedback');
  assert.equal(last.status, 200);
});

test('the OpenAPI document describes the feedback routes', async () => {
  const r = await request('GET', '/api/v1/openapi.json');
  const p = r.json.paths;
  assert.deepEqual(Object.keys(p['/api/v1/feedback']).sort(), ['get', 'post']);
  for (const path of ['/api/v1/feedback/{code}', '/api/v1/public/feedback']) assert.deepEqual(Object.keys(p[path]), ['get'], path);
  for (const path of ['/api/v1/feedback/{code}/assign', '/api/v1/feedback/{code}/answer']) assert.deepEqual(Object.keys(p[path]), ['post'], path);
  assert.deepEqual(Object.keys(p['/api/v1/feedback'].post.requestBody.content['application/json'].schema.properties).sort(),
    ['about', 'content', 'dossier', 'email', 'kind', 'name', 'officer', 'officer_name', 'phone', 'point', 'publish_consent', 'secret']);
});
