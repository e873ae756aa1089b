// Workflow breadth (issue 20 items 6 and 7): a step sends the dossier back to an earlier step with
// a reason (the earlier step reopens with a new due time from its planned duration; the history
// and Form 06 record it); a step asks other units for opinions in parallel and cannot complete
// before every answer (each answer on time or late by its own due time); a procedure decided
// under a delegation records it on the decision, refuses decisions when no delegation is in force
// (409 naming it), and Form 04 signs "TUQ." (thừa ủy quyền). On a test clock: 2026-12-03 is a
// Thursday; working hours 08:00-12:00, 13:00-17:00.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, DEMO_PASSWORD, HK_PC, CENTER } from './lib/dossiers.mjs';
import { login } from './lib/server.mjs';

const CN_PC = '002.00.50.H26';
let ctx, request, t;
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-wf-'));
before(async () => {
  ctx = await startDemo('2026-12-03T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
  t['xuly.cuanam'] = await login(request, 'xuly.cuanam', DEMO_PASSWORD);
});
after(async () => { await ctx.srv.stop(); });

const act = (code, action, token, body = {}) =>
  request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });
const get = async (code, token = t['lanhdao.hoankiem']) => {
  const r = await request('GET', `/api/v1/dossiers/${code}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const history = async (code) => (await request('GET', `/api/v1/dossiers/${code}/history`, { token: t['lanhdao.hoankiem'] })).json.items;

async function pdfText(urlPath, token, mode = '-layout') {
  const res = await fetch(`${ctx.srv.base}${urlPath}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** A counter dossier at Hoàn Kiếm, transferred to its first step (processor, 2 working days). */
async function processing() {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  assert.equal((await act(r.json.code, 'transfer', t['tiepnhan.hoankiem'])).status, 200);
  return r.json.code;
}
const fieldsOf = (r) => r.json.errors.map((e) => e.field);

test('send back: the earlier step reopens with a new due time; the history and Form 06 record it', async () => {
  await ctx.setClock('2026-12-03T09:00:00+07:00');
  const code = await processing();
  let d = await get(code);
  assert.equal(d.steps[0].due_at, '2026-12-07T09:00:00+07:00');
  // The first step cannot send back: there is no earlier step.
  let r = await act(code, 'send-back', t['xuly.hoankiem'], { to_step: 1, reason: 'Thiếu chữ ký' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.detail, 'the dossier is not past its first step');
  await ctx.setClock('2026-12-04T10:00:00+07:00');
  assert.equal((await act(code, 'complete-step', t['xuly.hoankiem'])).status, 200);
  d = await get(code);
  assert.equal(d.steps[1].due_at, '2026-12-07T10:00:00+07:00');
  assert.ok(d.allowed_actions.includes('send-back'));
  // Bad bodies change nothing (422 naming the field).
  const boss = t['lanhdao.hoankiem'];
  for (const [body, field] of [
    [{ to_step: 1 }, 'reason'],
    [{ reason: 'Thiếu chữ ký' }, 'to_step'],
    [{ to_step: 2, reason: 'Thiếu chữ ký' }, 'to_step'], // not earlier
    [{ to_step: 0, reason: 'Thiếu chữ ký' }, 'to_step'],
    [{ to_step: '1', reason: 'Thiếu chữ ký' }, 'to_step'],
    [{ to_step: 1, reason: 'Dòng một\nDòng hai' }, 'reason'],
    [{ to_step: 1, reason: 'x'.repeat(501) }, 'reason'],
  ]) {
    r = await act(code, 'send-back', boss, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(fieldsOf(r), [field], JSON.stringify(body));
    assert.ok(r.json.errors[0].message_vi.length > 5);
  }
  // The processor may not send back the approver's step.
  assert.equal((await act(code, 'send-back', t['xuly.hoankiem'], { to_step: 1, reason: 'x' })).status, 403);
  assert.equal((await get(code)).current_step.index, 2);
  // Tuesday 09:00, after the approver's step was due (Monday 10:00): that pass was late.
  await ctx.setClock('2026-12-08T09:00:00+07:00');
  r = await act(code, 'send-back', boss, { to_step: 1, reason: 'Dự thảo trích lục ghi sai ngày sinh' });
  assert.equal(r.status, 200, r.text);
  d = r.json;
  assert.equal(d.status, 'processing');
  assert.deepEqual(d.current_step, { index: 1, name: d.steps[0].name, unit: HK_PC, role: 'processor', started_at: '2026-12-08T09:00:00+07:00', due_at: '2026-12-10T09:00:00+07:00' });
  assert.deepEqual(d.steps.map((s) => [s.started_at, s.due_at, s.done_at, s.timeliness]), [
    ['2026-12-08T09:00:00+07:00', '2026-12-10T09:00:00+07:00', null, null],
    [null, null, null, null],
  ]);
  assert.ok(!d.allowed_actions.includes('send-back'));
  const ev = (await history(code)).filter((e) => e.action === 'send-back');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].from_status, 'processing');
  assert.equal(ev[0].to_status, 'processing');
  assert.equal(ev[0].unit, HK_PC);
  assert.deepEqual(ev[0].detail, { reason: 'Dự thảo trích lục ghi sai ngày sinh', from_step: 2, to_step: 1, due_at: '2026-12-10T09:00:00+07:00' });
  // The processor has it back (its own step): complete-step is offered to them again.
  assert.deepEqual((await get(code, t['xuly.hoankiem'])).allowed_actions, ['complete-step', 'request-supplement']);
  // Done again on Wednesday (on time for the new due time); the approver's step gets a new one.
  await ctx.setClock('2026-12-09T14:00:00+07:00');
  r = await act(code, 'complete-step', t['xuly.hoankiem']);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.steps[0].timeliness, 'early');
  assert.equal(r.json.steps[1].due_at, '2026-12-10T14:00:00+07:00');
  // The staff figures count the approver's pass closed by the send-back (late) on 08/12.
  const fig = await request('GET', '/api/v1/reports/staff?from=2026-12-08&to=2026-12-08T23:59:59%2B07:00', { token: t.admin });
  assert.equal(fig.status, 200, fig.text);
  assert.deepEqual(fig.json.items.find((i) => i.username === 'lanhdao.hoankiem').steps, { on_time: 0, late: 1 });
  // Form 06 lists the send-back with its time and the late pass.
  const text = await pdfText(`/api/v1/dossiers/${code}/forms/06.pdf`, boss, '-raw');
  assert.ok(text.includes('Trả lại bước 1: Dự thảo trích lục ghi sai ngày sinh'), text);
  assert.ok(text.includes('09:00, 08/12/2026'), text);
  assert.ok(text.includes('Quá hạn'), text);
  // Decided: no longer in processing, send-back is refused.
  r = await act(code, 'decide', boss, { outcome: 'denied', reason: 'Không đủ điều kiện' });
  assert.equal(r.status, 200, r.text);
  r = await act(code, 'send-back', boss, { to_step: 1, reason: 'x' });
  assert.equal(r.status, 409, r.text);
});

test('parallel opinions: the step waits for every answer; each is on time or late by its own due time', async () => {
  await ctx.setClock('2026-12-17T09:00:00+07:00');
  const code = await processing();
  const proc = t['xuly.hoankiem'];
  const ask = (body, token = proc) => request('POST', `/api/v1/dossiers/${code}/opinions`, { token, body });
  // Bad requests (422, naming the field) change nothing.
  for (const [body, field] of [
    [{}, 'units'],
    [{ units: [] }, 'units'],
    [{ units: Array.from({ length: 11 }, () => ({ unit: CN_PC, due_days: 1 })) }, 'units'],
    [{ units: [{ unit: CN_PC, due_days: 0 }] }, 'units[0].due_days'],
    [{ units: [{ unit: CN_PC, due_days: 61 }] }, 'units[0].due_days'],
    [{ units: [{ unit: 'không-có', due_days: 1 }] }, 'units[0].unit'],
    [{ units: [{ unit: '999.99.99.H26', due_days: 1 }] }, 'units[0].unit'],
    [{ units: [{ unit: HK_PC, due_days: 1 }] }, 'units[0].unit'],
    [{ units: [{ unit: CN_PC, due_days: 1 }, { unit: CN_PC, due_days: 2 }] }, 'units[1].unit'],
    [{ units: [{ unit: CN_PC, due_days: 1, extra: 1 }] }, 'units[0].extra'],
  ]) {
    const r = await ask(body);
    assert.equal(r.status, 422, `${JSON.stringify(body)} ${r.text}`);
    assert.deepEqual(fieldsOf(r), [field], JSON.stringify(body));
  }
  assert.deepEqual((await get(code)).opinions, []);
  // Only the current step's people ask.
  assert.equal((await ask({ units: [{ unit: CN_PC, due_days: 2 }] }, t['lanhdao.hoankiem'])).status, 403);
  let r = await ask({ units: [{ unit: CN_PC, due_days: 2 }, { unit: CENTER, due_days: 1 }], question: 'Xác minh nơi cư trú của người được giám hộ' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.opinions.map((o) => [o.step, o.unit, o.due_days, o.asked_at, o.due_at, o.answered_at, o.agree, o.timeliness]), [
    [1, CN_PC, 2, '2026-12-17T09:00:00+07:00', '2026-12-21T09:00:00+07:00', null, null, null],
    [1, CENTER, 1, '2026-12-17T09:00:00+07:00', '2026-12-18T09:00:00+07:00', null, null, null],
  ]);
  const [cn, center] = r.json.opinions;
  // A unit already waiting is not asked twice.
  assert.equal((await ask({ units: [{ unit: CN_PC, due_days: 1 }] })).status, 409);
  // The step waits.
  r = await act(code, 'complete-step', proc);
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.detail, /waits for 2 opinion/);
  // The asked units see the request in their inbox, and the dossier.
  r = await request('GET', '/api/v1/opinions', { token: t['xuly.cuanam'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.filter((o) => o.dossier === code).map((o) => [o.id, o.unit, o.due_at]), [[cn.id, CN_PC, '2026-12-21T09:00:00+07:00']]);
  assert.equal((await request('GET', `/api/v1/dossiers/${code}`, { token: t['xuly.cuanam'] })).status, 200);
  r = await request('GET', '/api/v1/opinions', { token: t['quanly.trungtam'] });
  assert.deepEqual(r.json.items.filter((o) => o.dossier === code).map((o) => o.id), [center.id]);
  // Only a member of the asked unit answers; the body is checked.
  const answer = (id, token, body) => request('POST', `/api/v1/dossiers/${code}/opinions/${id}`, { token, body });
  assert.equal((await answer(cn.id, proc, { agree: true, text: 'Đồng ý' })).status, 403);
  r = await answer(cn.id, t['xuly.cuanam'], { agree: 'có', text: '' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r).sort(), ['agree', 'text']);
  assert.equal((await answer(999999, t['xuly.cuanam'], { agree: true, text: 'x' })).status, 404);
  // Cửa Nam answers on Friday 10:00: on time (due Monday 09:00).
  await ctx.setClock('2026-12-18T10:00:00+07:00');
  r = await answer(cn.id, t['xuly.cuanam'], { agree: true, text: 'Người được giám hộ cư trú tại phường Cửa Nam' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await answer(cn.id, t['xuly.cuanam'], { agree: true, text: 'lần hai' })).status, 409);
  r = await act(code, 'complete-step', proc);
  assert.equal(r.status, 409);
  assert.match(r.json.detail, /waits for 1 opinion/);
  // The Center answers at Friday 10:30, after its due time (Friday 09:00): late.
  await ctx.setClock('2026-12-18T10:30:00+07:00');
  r = await answer(center.id, t['quanly.trungtam'], { agree: false, text: 'Cần bổ sung xác nhận của công an' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.opinions.map((o) => [o.unit, o.answered_at, o.answered_by, o.agree, o.timeliness]), [
    [CN_PC, '2026-12-18T10:00:00+07:00', 'xuly.cuanam', true, 'on_time'],
    [CENTER, '2026-12-18T10:30:00+07:00', 'quanly.trungtam', false, 'late'],
  ]);
  assert.deepEqual((await request('GET', '/api/v1/opinions', { token: t['xuly.cuanam'] })).json.items.filter((o) => o.dossier === code), []);
  // The applicant does not see the units' opinions.
  const mine = await request('GET', `/api/v1/dossiers/${code}`, { token: t['001190012345'] });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.opinions, []);
  // Every answer is in: the step completes.
  r = await act(code, 'complete-step', proc);
  assert.equal(r.status, 200, r.text);
  const h = await history(code);
  assert.deepEqual(h.filter((e) => e.action === 'answer-opinion').map((e) => [e.unit, e.detail.timeliness, e.detail.agree]), [[CN_PC, 'on_time', true], [CENTER, 'late', false]]);
  assert.deepEqual(h.find((e) => e.action === 'ask-opinions').detail.opinions.map((o) => o.unit), [CN_PC, CENTER]);
  // The staff figures count each answer as a step of its answerer, on time or late.
  const fig = await request('GET', '/api/v1/reports/staff?from=2026-12-18&to=2026-12-18T23:59:59%2B07:00', { token: t.admin });
  assert.equal(fig.status, 200, fig.text);
  const steps = Object.fromEntries(fig.json.items.map((i) => [i.username, i.steps]));
  assert.deepEqual(steps['xuly.cuanam'], { on_time: 1, late: 0 });
  assert.deepEqual(steps['quanly.trungtam'], { on_time: 0, late: 1 });
  // Form 06 lists both opinions, the late one as late.
  const text = await pdfText(`/api/v1/dossiers/${code}/forms/06.pdf`, t['lanhdao.hoankiem'], '-raw');
  const flat = text.replace(/\s/g, ''); // the note column wraps anywhere
  assert.ok(flat.includes('Xinýkiến(hạn09:00,21/12/2026):đồngý'), text);
  assert.ok(flat.includes('Xinýkiến(hạn09:00,18/12/2026):khôngđồngý'), text);
  assert.ok(text.includes('Quá hạn'), text);
});

test('delegation: decisions need one in force (409 naming it otherwise); the decision records it; Form 04 signs thừa ủy quyền', async () => {
  await ctx.setClock('2026-12-24T09:00:00+07:00');
  const admin = t.admin, boss = t['lanhdao.hoankiem'];
  const post = (body, token = admin) => request('POST', '/api/v1/delegations', { token, body });
  const good = {
    procedure: '1.004837', unit: HK_PC,
    delegating_agency: { name: 'Ủy ban nhân dân thành phố Hà Nội' },
    decision_number: '125/QĐ-UBND', decision_date: '2026-11-20',
    valid_from: '2026-12-28T00:00:00+07:00', valid_to: '2026-12-31T00:00:00+07:00',
  };
  for (const [body, fields] of [
    [{ ...good, procedure: '9.999999' }, ['procedure']],
    [{ ...good, decision_date: '20/11/2026' }, ['decision_date']],
    [{ ...good, valid_to: '2026-12-27T00:00:00+07:00' }, ['valid_to']],
    [{ ...good, delegating_agency: {} }, ['delegating_agency']],
    [{ ...good, delegating_agency: { unit: '999.99.99.H26' } }, ['delegating_agency.unit']],
    [{ ...good, valid_from: 'thứ hai' }, ['valid_from']],
    [{ procedure: '1.004837' }, ['decision_date', 'decision_number', 'delegating_agency', 'valid_from']],
  ]) {
    const r = await post(body);
    assert.equal(r.status, 422, `${JSON.stringify(body)} ${r.text}`);
    assert.deepEqual(fieldsOf(r).sort(), fields, JSON.stringify(body));
  }
  assert.equal((await post(good, boss)).status, 403);
  let r = await post(good);
  assert.equal(r.status, 201, r.text);
  const a = r.json;
  assert.deepEqual(a, {
    id: a.id, procedure: '1.004837', unit: HK_PC, delegating_agency: { unit: null, name: 'Ủy ban nhân dân thành phố Hà Nội' },
    decision_number: '125/QĐ-UBND', decision_date: '2026-11-20', valid_from: '2026-12-28T00:00:00+07:00',
    valid_to: '2026-12-31T00:00:00+07:00', ended_at: null, ended_by: null, created_at: '2026-12-24T09:00:00+07:00', created_by: 'admin',
  });
  // Four dossiers at their last step.
  const codes = [];
  for (let i = 0; i < 4; i++) {
    const c = await processing();
    assert.equal((await act(c, 'complete-step', t['xuly.hoankiem'])).status, 200);
    codes.push(c);
  }
  const decide = (c) => act(c, 'decide', boss, { outcome: 'denied', reason: 'Không đủ điều kiện' });
  // Not yet valid.
  r = await decide(codes[0]);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.detail, `this procedure is decided under delegation ${a.id} (decision 125/QĐ-UBND of Ủy ban nhân dân thành phố Hà Nội), which is not_yet_valid: no delegation is in force`);
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.message]), [['delegation', `delegation ${a.id} is not_yet_valid`]]);
  assert.equal((await get(codes[0])).status, 'processing');
  // In force: the decision records it.
  await ctx.setClock('2026-12-29T09:00:00+07:00');
  r = await act(codes[1], 'extend', boss, { reason: 'Cần xác minh', new_due_at: '2026-12-31T10:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  r = await decide(codes[0]);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.delegation, a);
  assert.equal((await history(codes[0])).find((e) => e.action === 'decide').detail.delegation, a.id);
  // Form 04 of a dossier of a delegated procedure is signed thừa ủy quyền.
  const text = await pdfText(`/api/v1/dossiers/${codes[1]}/forms/04.pdf`, boss);
  assert.ok(text.includes('TUQ. THỦ TRƯỞNG'), text);
  assert.ok(text.includes('thừa ủy quyền'), text);
  assert.ok(text.includes('Quyết định số 125/QĐ-UBND ngày 20/11/2026'), text);
  // Lapsed (valid_to is exclusive).
  await ctx.setClock('2026-12-31T09:00:00+07:00');
  r = await decide(codes[1]);
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.detail, /which is lapsed/);
  // A new one, ended by the administrator: decisions are refused again.
  r = await post({ ...good, decision_number: '140/QĐ-UBND', valid_from: '2026-12-31T00:00:00+07:00', valid_to: undefined });
  assert.equal(r.status, 201, r.text);
  const b = r.json;
  assert.equal(b.valid_to, null);
  r = await decide(codes[1]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.delegation.id, b.id);
  await ctx.setClock('2026-12-31T10:00:00+07:00');
  r = await request('POST', `/api/v1/delegations/${b.id}/end`, { token: admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.ended_at, '2026-12-31T10:00:00+07:00');
  assert.equal(r.json.ended_by, 'admin');
  assert.equal((await request('POST', `/api/v1/delegations/${b.id}/end`, { token: admin })).status, 409);
  r = await decide(codes[2]);
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.detail, new RegExp(`delegation ${b.id} .*which is ended`));
  // The list, newest first, and one.
  r = await request('GET', '/api/v1/delegations?procedure=1.004837', { token: admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((g) => g.id), [b.id, a.id]);
  assert.equal((await request('GET', `/api/v1/delegations/${a.id}`, { token: admin })).json.decision_number, '125/QĐ-UBND');
  assert.equal((await request('GET', '/api/v1/delegations', { token: boss })).status, 403);
  assert.equal((await request('GET', '/api/v1/delegations/999999', { token: admin })).status, 404);
});

test('motcua demo seeds one delegated procedure with a delegation in force', async () => {
  const r = await request('GET', '/api/v1/delegations?procedure=2.000635', { token: t.admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((g) => [g.procedure, g.unit, g.delegating_agency.name, g.decision_number, g.decision_date, g.valid_from, g.valid_to, g.ended_at]), [
    ['2.000635', null, 'Sở Tư pháp thành phố Hà Nội', '01/QĐ-STP', '2025-12-26', '2026-01-01T00:00:00+07:00', null, null],
  ]);
});
