// The dossier's life end to end with exact statuses, due times and timeliness, on a test clock.
// Thursday 26/11/2026 09:00 (+07:00) is the start; 3 working days later is Tuesday 1/12 09:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_PC, HK_POINT, CN_POINT, CENTER } from './lib/dossiers.mjs';

let ctx;
let request;
let t;

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

const act = (code, action, token, body = {}, headers = {}) =>
  request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body, headers });

test('a commune procedure received at another commune\'s point, decided by the named commune', async () => {
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const d = r.json;
  assert.equal(d.code, `${CN_POINT}-261126-0001`);
  assert.equal(d.status, 'received');
  assert.equal(d.receiving_unit, CN_POINT);
  assert.equal(d.served_unit, CN_POINT);
  assert.equal(d.resolver_unit, HK_PC);
  assert.equal(d.return_unit, CN_POINT);
  assert.equal(d.received_at, '2026-11-26T09:00:00+07:00');
  assert.equal(d.due_at, '2026-12-01T09:00:00+07:00');
  assert.equal(d.current_step, null);
  assert.equal(d.procedure.name, 'Thủ tục đăng ký giám hộ');
  assert.match(d.tracking_secret, /^[A-HJ-NP-Z2-9]{10}$/);
  assert.deepEqual(d.calendar_versions, { 2026: 1 });
  assert.equal(d.version, 1);

  // Transfer: step 1 at the commune PC, 2 working days.
  r = await act(d.code, 'transfer', t['tiepnhan.cuanam']);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'processing');
  assert.deepEqual(r.json.current_step, {
    index: 1, name: r.json.steps[0].name, unit: HK_PC, role: 'processor',
    started_at: '2026-11-26T09:00:00+07:00', due_at: '2026-11-30T09:00:00+07:00',
  });
  // The receiving point cannot work the step; the processor can see but not decide.
  assert.equal((await act(d.code, 'complete-step', t['tiepnhan.cuanam'])).status, 403);
  assert.equal((await act(d.code, 'decide', t['xuly.hoankiem'], { outcome: 'approved', result: { number: '12/GH', title: 'Trích lục' } })).status, 403);

  await ctx.setClock('2026-11-27T10:00:00+07:00');
  r = await act(d.code, 'complete-step', t['xuly.hoankiem'], { note: 'Hồ sơ hợp lệ' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.steps[0].timeliness, 'early');
  assert.equal(r.json.steps[0].done_at, '2026-11-27T10:00:00+07:00');
  assert.deepEqual([r.json.current_step.index, r.json.current_step.role, r.json.current_step.due_at],
    [2, 'approver', '2026-11-30T10:00:00+07:00']);
  // complete-step on the last step is not the way to finish: 409, nothing changed.
  const v = r.json.version;
  r = await act(d.code, 'complete-step', t['lanhdao.hoankiem']);
  assert.equal(r.status, 409);
  assert.equal((await request('GET', `/api/v1/dossiers/${d.code}`, { token: t['lanhdao.hoankiem'] })).json.version, v);

  r = await act(d.code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '15/2026/TLGH', title: 'Trích lục đăng ký giám hộ' } }, { 'If-Match': String(v) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'ready_for_return');
  assert.equal(r.json.decision, 'approved');
  assert.equal(r.json.decided_at, '2026-11-27T10:00:00+07:00');
  assert.equal(r.json.timeliness, 'early');
  assert.deepEqual(r.json.result, { number: '15/2026/TLGH', title: 'Trích lục đăng ký giám hộ', document: null });
  assert.equal(r.json.current_step, null);

  // Rating before return: 409.
  const secret = d.tracking_secret;
  r = await request('POST', `/api/v1/public/dossiers/${d.code}/rating?secret=${secret}`, { body: { score: 'satisfied' } });
  assert.equal(r.status, 409);

  await ctx.setClock('2026-11-30T14:00:00+07:00');
  r = await act(d.code, 'return', t['tiepnhan.cuanam'], { channel: 'counter' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.returned_at, '2026-11-30T14:00:00+07:00');

  // History: whole, oldest first, with the action names of API.md.
  r = await request('GET', `/api/v1/dossiers/${d.code}/history`, { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(r.json.items.map((e) => [e.action, e.from_status, e.to_status]), [
    ['intake', null, 'received'], ['transfer', 'received', 'processing'],
    ['complete-step', 'processing', 'processing'], ['decide', 'processing', 'ready_for_return'],
    ['return', 'ready_for_return', 'returned'],
  ]);
  assert.equal(r.json.items[0].actor, 'tiepnhan.cuanam');
  assert.equal(r.json.items[3].unit, HK_PC);

  // Public tracking: masked name, no personal data; a wrong secret looks like an unknown code.
  r = await request('GET', `/api/v1/public/dossiers/${d.code}?secret=${secret}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.applicant_name_masked, 'N*** T** H***');
  assert.equal(r.json.timeliness, 'early');
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.steps.length, 2);
  for (const leaked of ['001190012345', '0912345678', 'Tràng Tiền', 'xuly.hoankiem', 'Nguyễn']) assert.ok(!r.text.includes(leaked), leaked);
  const wrong = await request('GET', `/api/v1/public/dossiers/${d.code}?secret=AAAAAAAAAA`);
  const unknown = await request('GET', `/api/v1/public/dossiers/${CN_POINT}-261126-9999?secret=${secret}`);
  assert.equal(wrong.status, 404);
  assert.deepEqual(wrong.json, unknown.json);
  const page = await request('GET', `/track/${d.code}?s=${secret}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /N\*\*\* T\*\* H\*\*\*/);
  assert.match(page.text, /Đã trả kết quả/);
  assert.match(page.text, /<dt>Hẹn trả kết quả<\/dt><dd>01\/12\/2026 09:00<\/dd>/);
  assert.match(page.text, /<form id="rating-form"/);

  // Rating once.
  r = await request('POST', `/api/v1/public/dossiers/${d.code}/rating?secret=${secret}`, { body: { score: 'very_satisfied', comment: 'Nhanh, chu đáo' } });
  assert.equal(r.status, 201, r.text);
  const rated = await request('GET', `/track/${d.code}?s=${secret}`);
  assert.match(rated.text, /<p class="rating" id="rating-done">Bạn đã đánh giá: Rất hài lòng<\/p>/);
  assert.doesNotMatch(rated.text, /rating-form/);
  r = await request('POST', `/api/v1/public/dossiers/${d.code}/rating?secret=${secret}`, { body: { score: 'unsatisfied' } });
  assert.equal(r.status, 409);
});

test('a supplement paused for 3 working days moves the due time by exactly that; a second request is an exception and makes it late', async () => {
  await ctx.setClock('2026-11-30T14:00:00+07:00');
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  assert.equal(code, `${HK_POINT}-261130-0001`);
  // Mon 14:00 + 24 working hours = Thu 3/12 14:00.
  assert.equal(r.json.due_at, '2026-12-03T14:00:00+07:00');
  r = await act(code, 'transfer', t['tiepnhan.hoankiem']);
  assert.equal(r.json.current_step.due_at, '2026-12-02T14:00:00+07:00');
  r = await act(code, 'request-supplement', t['xuly.hoankiem'], { items: ['Bản sao giấy khai sinh của người được giám hộ'], reason: 'Thiếu giấy tờ chứng minh' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'awaiting_supplement');
  assert.deepEqual(r.json.paused, { since: '2026-11-30T14:00:00+07:00' });

  // Three working days later (Thu 3/12 14:00) the dossier is past its old due time but paused: not overdue.
  await ctx.setClock('2026-12-03T14:00:00+07:00');
  r = await request('GET', '/api/v1/dossiers?overdue=true', { token: t['xuly.hoankiem'] });
  assert.ok(!r.json.items.some((x) => x.code === code));
  r = await act(code, 'supplement', t['tiepnhan.hoankiem'], { components: [{ id: 'tp04', provided: true }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'processing');
  assert.equal(r.json.paused, null);
  assert.equal(r.json.due_at, '2026-12-08T14:00:00+07:00');
  assert.equal(r.json.current_step.due_at, '2026-12-07T14:00:00+07:00');
  assert.equal(r.json.components.find((c) => c.id === 'tp04').provided, true);
  // The tracking page tells whether an open dossier is within its time or late, by the clock.
  const trackRow = async () => (await request('GET', `/track/${code}?s=${r.json.tracking_secret}`)).text.match(/<dt>Tiến độ giải quyết<\/dt><dd>([^<]*)<\/dd>/)[1];
  assert.equal(await trackRow(), 'Đang giải quyết trong hạn');

  // A second request needs "exception": true.
  r = await act(code, 'request-supplement', t['xuly.hoankiem'], { items: ['Ảnh'], reason: 'Thiếu ảnh' });
  assert.equal(r.status, 409);
  r = await act(code, 'request-supplement', t['xuly.hoankiem'], { items: ['Ảnh'], reason: 'Thiếu ảnh', exception: true });
  assert.equal(r.status, 200);
  r = await act(code, 'supplement', t['001190012345'], { components: [] });
  assert.equal(r.status, 200, r.text);
  r = await act(code, 'complete-step', t['xuly.hoankiem']);
  r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'denied', reason: 'Không đủ điều kiện giám hộ' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.decision, 'denied');
  assert.equal(r.json.timeliness, 'late');
  assert.equal(r.json.supplement_requests, 2);
});

test('an extension (Form 04) is once only and the decision counts as late even on time', async () => {
  await ctx.setClock('2026-12-03T15:00:00+07:00');
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  const code = r.json.code;
  assert.equal(r.json.due_at, '2026-12-08T15:00:00+07:00');
  await act(code, 'transfer', t['tiepnhan.hoankiem']);
  r = await act(code, 'extend', t['xuly.hoankiem'], { reason: 'Cần xác minh', new_due_at: '2026-12-10T17:00:00+07:00' });
  assert.equal(r.status, 403);
  r = await act(code, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh', new_due_at: '2026-12-01T17:00:00+07:00' });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'new_due_at');
  r = await act(code, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh thêm với cơ quan công an', new_due_at: '2026-12-10T17:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.extended, { new_due_at: '2026-12-10T17:00:00+07:00', reason: 'Cần xác minh thêm với cơ quan công an', at: '2026-12-03T15:00:00+07:00', late_notice: false });
  assert.equal(r.json.due_at, '2026-12-08T15:00:00+07:00');
  r = await act(code, 'extend', t['lanhdao.hoankiem'], { reason: 'Lần hai', new_due_at: '2026-12-15T17:00:00+07:00' });
  assert.equal(r.status, 409);
  await act(code, 'complete-step', t['xuly.hoankiem']);
  r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '20/GH', title: 'Trích lục' } });
  assert.equal(r.json.decided_at, '2026-12-03T15:00:00+07:00');
  assert.equal(r.json.timeliness, 'late');
});

test('online submission, receipt by the Center, stop on the applicant\'s request, and illegal actions change nothing', async () => {
  await ctx.setClock('2026-12-04T08:30:00+07:00');
  let r = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online' }) });
  assert.equal(r.status, 201, r.text);
  const d = r.json;
  assert.equal(d.status, 'submitted');
  assert.equal(d.receiving_unit, CENTER);
  assert.equal(d.code, `${CENTER}-261204-0001`);
  assert.equal(d.received_at, null);
  assert.equal(d.due_at, null);
  // A point's receiver does not see it; the applicant does.
  assert.equal((await request('GET', `/api/v1/dossiers/${d.code}`, { token: t['tiepnhan.hoankiem'] })).status, 404);
  assert.equal((await request('GET', `/api/v1/dossiers/${d.code}`, { token: t['001190012345'] })).status, 200);
  // A receiver covering the Center receives it.
  const u = await request('POST', '/api/v1/users', { token: t.admin, body: { username: 'tiepnhan.tructuyen', password: 'correct horse 1', full_name: 'Bàn tiếp nhận trực tuyến', roles: [{ role: 'receiver', unit: CENTER }] } });
  assert.equal(u.status, 201);
  const rc = await (await request('POST', '/api/v1/auth/login', { body: { username: 'tiepnhan.tructuyen', password: 'correct horse 1' } })).json.token;
  r = await act(d.code, 'request-completion', rc, { items: ['Tờ khai có chữ ký'], reason: 'Tờ khai chưa ký' });
  assert.equal(r.json.status, 'needs_completion');
  r = await act(d.code, 'resubmit', t['001190012345'], { components: [{ id: 'tp07', provided: true }] });
  assert.equal(r.json.status, 'submitted');
  r = await act(d.code, 'receive', rc);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.received_at, '2026-12-04T08:30:00+07:00');
  assert.equal(r.json.due_at, '2026-12-09T08:30:00+07:00');

  // Illegal actions for 'received': each 409, the version unchanged.
  const version = r.json.version;
  for (const [action, token, body] of [
    ['receive', rc, {}], ['complete-step', t['xuly.hoankiem'], {}], ['supplement', rc, { components: [] }],
    ['return', rc, {}], ['resubmit', t['001190012345'], { components: [] }],
    ['decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '1', title: 'x' } }],
  ]) {
    const x = await act(d.code, action, token, body);
    assert.equal(x.status, 409, `${action}: ${x.text}`);
  }
  // A stale If-Match is 409 too.
  assert.equal((await act(d.code, 'transfer', rc, {}, { 'If-Match': String(version - 1) })).status, 409);
  r = await request('GET', `/api/v1/dossiers/${d.code}`, { token: rc });
  assert.equal(r.json.version, version);
  assert.equal(r.json.status, 'received');

  r = await act(d.code, 'stop', t['001190012345'], { reason: 'Tôi không có nhu cầu nữa' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'stopped');
  assert.equal(r.json.closed_reason, 'Tôi không có nhu cầu nữa');
  assert.equal((await act(d.code, 'transfer', rc)).status, 409);
  assert.equal((await act(d.code, 'stop', t['001190012345'], { reason: 'again' })).status, 409);
  // A refusal from submitted.
  r = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online' }) });
  assert.equal(r.json.code, `${CENTER}-261204-0002`);
  r = await act(r.json.code, 'refuse', rc, { reason: 'Không thuộc thẩm quyền' });
  assert.equal(r.json.status, 'refused');
  assert.equal((await act(r.json.code, 'receive', rc)).status, 409);
});

test('bad input is 422 naming each field, and nothing is written', async () => {
  await ctx.setClock('2026-12-07T09:00:00+07:00');
  const tok = t['tiepnhan.hoankiem'];
  const bad = [
    [guardianship({ applicant: { kind: 'person', name: 'A', id_number: '12345' } }), ['applicant.id_number']],
    [guardianship({ applicant: { kind: 'person', name: 'A', id_number: '000190012345' } }), ['applicant.id_number']],
    [guardianship({ applicant: { kind: 'person', name: 'A', id_number: '001990012345' } }), ['applicant.id_number']],
    [guardianship({ applicant: { kind: 'organization', name: 'Công ty A', id_number: '0100233480' } }), ['applicant.id_number']],
    [guardianship({ applicant: { kind: 'organization', name: 'Công ty A', id_number: '0314409058-000' } }), ['applicant.id_number']],
    [guardianship({ components: [{ id: 'tp02' }] }), ['components.tp07']],
    [guardianship({ procedure: '9.999999' }), ['procedure']],
    [guardianship({ resolver_unit: '999.00.50.H26' }), ['resolver_unit']],
    [guardianship({ resolver_unit: HK_POINT }), ['resolver_unit']],
    [guardianship({ resolver_unit: undefined }), ['resolver_unit']],
    [{ ...guardianship(), colour: 'red', applicant: { ...guardianship().applicant, nickname: 'H' } }, ['applicant.nickname', 'colour']],
    [guardianship({ components: [{ id: 'tp99' }, { id: 'tp07' }, { id: 'tp02' }] }), ['components[0].id']],
    [guardianship({ channel: 'fax' }), ['channel']],
  ];
  for (const [body, fields] of bad) {
    const r = await request('POST', '/api/v1/dossiers', { token: tok, body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(r.json.errors.map((e) => e.field).sort(), fields.sort(), JSON.stringify(body));
    assert.ok(r.json.errors.every((e) => e.message_vi));
  }
  // A valid tax code is accepted; the numbering shows no code was used by the refusals.
  let r = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship({ applicant: { kind: 'organization', name: 'Công ty TNHH A', id_number: '0314409058-002' } }) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.code, `${HK_POINT}-261207-0001`);
  // Wrong unit: a receiver at another point cannot receive there.
  r = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship({ receiving_unit: CN_POINT }) });
  assert.equal(r.status, 403);
  // A processor cannot transfer (may see, may not act).
  r = await act(`${HK_POINT}-261207-0001`, 'transfer', t['xuly.hoankiem']);
  assert.equal(r.status, 403);
  r = await act(`${HK_POINT}-261207-0001`, 'fly', tok);
  assert.equal(r.status, 404);
});

test('counter guidance (Form 02) and refusal (Form 03) create no dossier and use no code', async () => {
  const tok = t['tiepnhan.cuanam'];
  let r = await request('POST', '/api/v1/intake-guidance', { token: tok, body: { procedure: '1.004837', applicant: guardianship().applicant, missing: ['tp07', 'tp04'], note: 'Mang tờ khai có chữ ký' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.number, `${CN_POINT}-261207-PBS-0001`);
  r = await request('POST', '/api/v1/intake-guidance', { token: tok, body: { procedure: '1.004837', applicant: guardianship().applicant, missing: ['tp99'] } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['missing[0]']);
  // A control character in a listed id is refused at the edge, named by its place (found by fuzz_json_bodies).
  r = await request('POST', '/api/v1/intake-guidance', { token: tok, body: { procedure: '1.004837', applicant: guardianship().applicant, missing: ['tp07', 'tp0\u007f4', 7] } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.message]), [
    ['missing[1]', 'must be one line without control or bidirectional formatting characters'],
    ['missing[2]', 'must be a string'],
  ]);
  r = await request('POST', '/api/v1/intake-refusals', { token: tok, body: { procedure: 'Cấp giấy phép lái tàu bay', applicant: guardianship().applicant, reason: 'Không thuộc phạm vi tiếp nhận của Trung tâm' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.number, `${CN_POINT}-261207-PTC-0001`);
  r = await request('POST', '/api/v1/intake-refusals', { token: tok, body: { procedure: 'X', applicant: guardianship().applicant } });
  assert.deepEqual(r.json.errors.map((e) => e.field), ['reason']);
  assert.equal((await request('POST', '/api/v1/intake-refusals', { token: t['xuly.hoankiem'], body: { procedure: 'X', applicant: guardianship().applicant, reason: 'y' } })).status, 403);
  // The next dossier at this point still gets number 0001 of the day.
  r = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship() });
  assert.equal(r.json.code, `${CN_POINT}-261207-0001`);
});

test('Idempotency-Key: same key and body gives the first answer; another body 409', async () => {
  const tok = t['tiepnhan.hoankiem'];
  const headers = { 'Idempotency-Key': 'intake-42' };
  const a = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship(), headers });
  const b = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship(), headers });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.equal(b.json.code, a.json.code);
  const c = await request('POST', '/api/v1/dossiers', { token: tok, body: guardianship({ return_channel: 'post' }), headers });
  assert.equal(c.status, 409);
  // Another caller may use the same key.
  const d = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship(), headers });
  assert.equal(d.status, 201);
  assert.notEqual(d.json.code, a.json.code);
  assert.equal(d.json.code, `${CN_POINT}-261207-0002`);
});

test('a calendar change recomputes the due times of open dossiers it touches, and logs it on each', async () => {
  // The clock is Monday 7/12/2026 09:00.
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  const code = r.json.code;
  assert.equal(r.json.due_at, '2026-12-10T09:00:00+07:00');
  r = await act(code, 'transfer', t['tiepnhan.hoankiem']);
  assert.equal(r.json.current_step.due_at, '2026-12-09T09:00:00+07:00');
  r = await request('PUT', '/api/v1/calendar/days/2026-12-08', { token: t.admin, body: { kind: 'off', name: 'Nghỉ đột xuất' } });
  assert.equal(r.status, 200, r.text);
  // The answer says how many open dossiers moved: those whose history logs this change.
  const recomputed = r.json.recomputed;
  let logged = 0;
  for (const d of (await request('GET', '/api/v1/dossiers?limit=500', { token: t.admin })).json.items) {
    const hist = (await request('GET', `/api/v1/dossiers/${d.code}/history`, { token: t.admin })).json.items;
    if (hist.some((e) => e.action === 'recompute_due' && /version 2 changed 2026-12-08$/.test(e.detail.reason))) logged++;
  }
  assert.ok(recomputed >= 1);
  assert.equal(recomputed, logged);
  r = await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] });
  assert.equal(r.json.due_at, '2026-12-11T09:00:00+07:00');
  assert.equal(r.json.current_step.due_at, '2026-12-10T09:00:00+07:00');
  assert.deepEqual(r.json.calendar_versions, { 2026: 2 });
  r = await request('DELETE', '/api/v1/calendar/days/2026-12-08', { token: t.admin });
  assert.equal(r.status, 204);
  r = await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] });
  assert.equal(r.json.due_at, '2026-12-10T09:00:00+07:00');
  const h = await request('GET', `/api/v1/dossiers/${code}/history`, { token: t['tiepnhan.hoankiem'] });
  const moves = h.json.items.filter((e) => e.action === 'recompute_due');
  assert.deepEqual(moves.map((e) => [e.detail.old_due_at, e.detail.new_due_at]), [
    ['2026-12-10T09:00:00+07:00', '2026-12-11T09:00:00+07:00'],
    ['2026-12-11T09:00:00+07:00', '2026-12-10T09:00:00+07:00'],
  ]);
  assert.match(moves[0].detail.reason, /^calendar 2026 version 2 changed 2026-12-08$/);
  // A dossier decided earlier is not touched.
  r = await request('GET', `/api/v1/dossiers/${CN_POINT}-261126-0001/history`, { token: t['tiepnhan.cuanam'] });
  assert.ok(!r.json.items.some((e) => e.action === 'recompute_due'));
});

test('lists: each sees only its units, filters, newest first, soonest due with overdue, cursors', async () => {
  const cn = await request('GET', '/api/v1/dossiers?limit=500', { token: t['tiepnhan.cuanam'] });
  assert.ok(cn.json.items.length >= 2);
  assert.ok(cn.json.items.every((d) => [d.receiving_unit, d.return_unit, d.served_unit].includes(CN_POINT)));
  const ids = cn.json.items.map((d) => d.code);
  const hk = await request('GET', '/api/v1/dossiers?limit=500', { token: t['xuly.hoankiem'] });
  assert.ok(hk.json.items.every((d) => d.resolver_unit === HK_PC));
  const mine = await request('GET', '/api/v1/dossiers?limit=500', { token: t['001190012345'] });
  assert.ok(mine.json.items.every((d) => d.applicant.id_number === '001190012345'));
  assert.ok(mine.json.items.length > hk.json.items.length - 2);
  // Paging through the processor's list one at a time gives the same codes, newest first.
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 50; i++) {
    const r = await request('GET', `/api/v1/dossiers?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: t['xuly.hoankiem'] });
    seen.push(...r.json.items.map((d) => d.code));
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, hk.json.items.map((d) => d.code));
  // The administrator's unfiltered list (a statement of its own): every dossier of every point,
  // the same by pages of two as in one page, and a filter still narrows it.
  const all = (await request('GET', '/api/v1/dossiers?limit=500', { token: t.admin })).json.items;
  const allCodes = all.map((d) => d.code);
  assert.ok(ids.every((c) => allCodes.includes(c)) && seen.every((c) => allCodes.includes(c)));
  assert.ok(new Set(all.map((d) => d.receiving_unit)).size >= 2);
  const pages = [];
  cursor = null;
  for (let i = 0; i < 500; i++) {
    const r = await request('GET', `/api/v1/dossiers?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: t.admin });
    pages.push(...r.json.items.map((d) => d.code));
    cursor = r.json.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(pages, allCodes);
  const cnOnly = (await request('GET', `/api/v1/dossiers?limit=500&receiving_unit=${CN_POINT}`, { token: t.admin })).json.items;
  assert.deepEqual(cnOnly.map((d) => d.code), all.filter((d) => d.receiving_unit === CN_POINT).map((d) => d.code));
  // Three intakes at one instant: the same due time, so the overdue pages below order them by id.
  const twins = [];
  for (let i = 0; i < 3; i++) {
    const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
    assert.equal(r.status, 201, r.text);
    twins.push(r.json);
  }
  assert.equal(new Set(twins.map((d) => d.due_at)).size, 1);
  // Overdue: the open guardianship received 30/11 and due 3/12 was decided; move the clock far ahead.
  await ctx.setClock('2026-12-31T09:00:00+07:00');
  assert.equal((await request('GET', '/api/v1/health')).json.now, '2026-12-31T09:00:00+07:00'); // the test clock
  const od = await request('GET', '/api/v1/dossiers?overdue=true', { token: t['tiepnhan.hoankiem'] });
  assert.ok(od.json.items.length >= 1);
  assert.ok(od.json.items.every((d) => ['received', 'processing'].includes(d.status)));
  const dues = od.json.items.map((d) => d.extended ? d.extended.new_due_at : d.due_at);
  assert.deepEqual(dues, [...dues].sort());
  // The twins come together, in the order they were received (the keyset's tie-break is the id).
  const twinCodes = twins.map((d) => d.code);
  const at = od.json.items.findIndex((d) => d.code === twinCodes[0]);
  assert.deepEqual(od.json.items.slice(at, at + 3).map((d) => d.code), twinCodes);
  // Overdue pages of one, whole city for the receiver and by resolver for the processor, cursor
  // after cursor through the ties: the same codes in the same order as one page.
  for (const [who, query] of [['tiepnhan.hoankiem', 'overdue=true'], ['xuly.hoankiem', `resolver_unit=${HK_PC}&overdue=true`]]) {
    const whole = (await request('GET', `/api/v1/dossiers?${query}&limit=500`, { token: t[who] })).json.items.map((d) => d.code);
    assert.ok(twinCodes.every((c) => whole.includes(c)), `${who}: the twins are overdue`);
    const paged = [];
    let next = null;
    for (let i = 0; i < 500; i++) {
      const r = await request('GET', `/api/v1/dossiers?${query}&limit=1${next ? `&cursor=${next}` : ''}`, { token: t[who] });
      assert.equal(r.status, 200, r.text);
      paged.push(...r.json.items.map((d) => d.code));
      next = r.json.next_cursor;
      if (!next) break;
    }
    assert.deepEqual(paged, whole, who);
  }
  // The tracking page of an overdue dossier says so.
  const late = od.json.items[0];
  const page = await request('GET', `/track/${late.code}?s=${late.tracking_secret}`);
  assert.match(page.text, /<dt>Tiến độ giải quyết<\/dt><dd>Đang quá hạn<\/dd>/);
  const byStatus = await request('GET', '/api/v1/dossiers?status=returned', { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(byStatus.json.items.map((d) => d.code), [`${CN_POINT}-261126-0001`]);
  const q = await request('GET', `/api/v1/dossiers?q=${encodeURIComponent('nguyen thi hang')}`, { token: t['tiepnhan.cuanam'] });
  assert.ok(q.json.items.length >= 1);
  const q2 = await request('GET', `/api/v1/dossiers?q=${CN_POINT}-261126`, { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(q2.json.items.map((d) => d.code), [`${CN_POINT}-261126-0001`]);
  assert.equal((await request('GET', '/api/v1/dossiers?status=lost', { token: t['tiepnhan.cuanam'] })).status, 422);
  assert.ok(ids.length > 0);
});

test('the test clock only moves forward and only exists with --test-clock', async () => {
  let r = await request('POST', '/api/v1/test/clock', { token: t.admin, body: { now: '2026-01-01T00:00:00+07:00' } });
  assert.equal(r.status, 409);
  r = await request('POST', '/api/v1/test/clock', { token: t['tiepnhan.cuanam'], body: { now: '2027-01-01T00:00:00+07:00' } });
  assert.equal(r.status, 403);
});
