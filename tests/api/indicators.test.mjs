// Indicators (issue 20 item 1, docs/indicators.md): GET /api/v1/reports/indicators answers each
// indicator's exact numerator, denominator, value and formula over dossiers built for the purpose;
// scope and unit filter; bad input 422.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT, CN_POINT, CENTER } from './lib/dossiers.mjs';
import { pdf } from './lib/files.mjs';

let ctx, request, t;
before(async () => {
  ctx = await startDemo('2026-12-01T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

const act = async (code, action, token, body = {}) => {
  const r = await request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
};
const intake = async (body = {}) => {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship(body) });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
};
const rate = async (code, score) => {
  const secret = (await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] })).json.tracking_secret;
  const r = await request('POST', `/api/v1/public/dossiers/${code}/rating?secret=${secret}`, { body: { score } });
  assert.equal(r.status, 201, r.text);
};

test('each indicator with its exact numerator and denominator', async () => {
  const proc = (await request('GET', '/api/v1/procedures/1.004837', { token: t.admin })).json;
  const scan = await fetch(`${ctx.srv.base}/api/v1/documents?owner=001190012345`, { method: 'POST', body: pdf('tk'), headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } }).then((r) => r.json());
  // 2026-12-01 09:00 (Tuesday). a: decided early, returned at once, rated satisfied.
  // f: decided early, returned, rated unsatisfied. b: every needed paper scanned; extended one
  // working day before its due time minus an hour (a late notice), then denied: late.
  const a = await intake(), f = await intake();
  const b = await intake({ components: [{ id: 'tp02' }, { id: 'tp07', document: scan.id }] });
  // c: submitted online by the citizen and received by the Center's online desk (due 2026-12-04
  // 09:00); left in progress.
  const c = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online' }) });
  assert.equal(c.status, 201, c.text);
  const u = await request('POST', '/api/v1/users', { token: t.admin, body: { username: 'tn.online', password: 'correct horse 1', full_name: 'Bàn trực tuyến', roles: [{ role: 'receiver', unit: CENTER }] } });
  assert.equal(u.status, 201, u.text);
  const desk = (await request('POST', '/api/v1/auth/login', { body: { username: 'tn.online', password: 'correct horse 1' } })).json.token;
  await act(c.json.code, 'receive', desk);
  for (const x of [a, f]) {
    await act(x, 'transfer', t['tiepnhan.hoankiem']);
    await act(x, 'complete-step', t['xuly.hoankiem']);
    await act(x, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: `${x.slice(-2)}/GH`, title: 'Trích lục' } });
    await act(x, 'return', t['tiepnhan.hoankiem'], { channel: 'counter' });
  }
  await rate(a, 'satisfied');
  await rate(f, 'unsatisfied');
  await act(b, 'transfer', t['tiepnhan.hoankiem']);
  // d: taken in on 2026-12-02 09:00, due 2026-12-07 09:00, still open at the period's end; its
  // declaration is the file b used (reused from the citizen's documents: 766's 6.4).
  await ctx.setClock('2026-12-02T09:00:00+07:00');
  await intake({ components: [{ id: 'tp02' }, { id: 'tp07', document: scan.id }] });
  // b is due 2026-12-04 09:00; at 2026-12-03 10:00 less than a working day is left.
  await ctx.setClock('2026-12-03T10:00:00+07:00');
  assert.equal((await act(b, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh', new_due_at: '2026-12-10T17:00:00+07:00' })).extended.late_notice, true);
  await ctx.setClock('2026-12-07T10:00:00+07:00');
  await act(b, 'complete-step', t['xuly.hoankiem']);
  assert.equal((await act(b, 'decide', t['lanhdao.hoankiem'], { outcome: 'denied', reason: 'Không đủ điều kiện' })).timeliness, 'late');
  // e: taken in on 2026-12-08 09:00, in time at the period's end.
  await ctx.setClock('2026-12-08T09:00:00+07:00');
  await intake();
  await ctx.setClock('2026-12-08T17:00:00+07:00');

  const r = await request('GET', '/api/v1/reports/indicators?from=2026-12-01&to=2026-12-08T17:00:00%2B07:00', { token: t.admin });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.from, '2026-12-01T00:00:00+07:00');
  assert.equal(r.json.to, '2026-12-08T17:00:00+07:00');
  assert.equal(r.json.unit, null);
  const got = Object.fromEntries(r.json.items.map((i) => [i.id, [i.indicator_766, i.numerator, i.denominator, i.value]]));
  // The guardianship procedure is not offered fully online: no dossier counts for full_online.
  assert.equal(proc.online, 'partial');
  const fullOnline = [0, 0, null];
  assert.deepEqual(got, {
    portal_sync: ['1.4', 0, 6, 0], // no portal configured here: nothing acknowledged (tests/api/portal.test.mjs)
    // decided early or on time (a, f) + in progress in time (e) / decided (a, f, b) + in progress
    // (c and d past their due times, e)
    processing_on_time: ['2.1', 3, 6, 50],
    returns_on_time: [null, 2, 2, 100],
    online_submission: ['3.3', 1, 6, 16.67],
    full_online: ['3', ...fullOnline],
    online_payment: ['4', 0, 0, null], // guardianship has no fee: tests/api/fees.test.mjs counts paid ones
    electronic_results: ['6.1', 0, 2, 0],
    digitized_dossiers: ['6.2', 1, 3, 33.33], // b: denied with every needed paper on file
    data_reuse: ['6.4', 1, 2, 50], // d reuses b's file; b and d have files
    population_data: ['6.6', 0, 1, 0], // c's account was verified at a counter, not through VNeID
    satisfaction: ['5.3', 1, 3, 33.33], // a; not f (unsatisfied) nor b (late)
    extension_late_notices: [null, 1, 1, 100],
    // No feedback here (tests/api/feedback.test.mjs counts it): 0 per 6 dossiers received.
    feedback_received: [null, 0, 6, 0],
    feedback_on_time: ['5.1', 0, 0, null],
  });
  for (const i of r.json.items) {
    assert.ok(i.name.length > 10 && i.formula.includes('× 100'), i.id);
  }
  // The dossiers behind 6.4 and 6.6 (the drill-down, docs/indicators.md): as many as counted.
  for (const [id, part, n] of [['data_reuse', 'numerator', 1], ['data_reuse', 'denominator', 2],
    ['population_data', 'numerator', 0], ['population_data', 'denominator', 1]]) {
    const l = await request('GET', `/api/v1/reports/indicators/${id}/dossiers?part=${part}&from=2026-12-01&to=2026-12-08T17:00:00%2B07:00`, { token: t.admin });
    assert.equal(l.status, 200, l.text);
    assert.equal(l.json.items.length, n, `${id} ${part}`);
  }
  const onlineOnes = await request('GET', '/api/v1/reports/indicators/population_data/dossiers?part=denominator&from=2026-12-01&to=2026-12-08T17:00:00%2B07:00', { token: t.admin });
  assert.deepEqual(onlineOnes.json.items.map((d) => d.code), [c.json.code]);

  // One unit: dossiers involving it. Nothing at Cửa Nam: every value null.
  let q = await request('GET', `/api/v1/reports/indicators?from=2026-12-01&unit=${CN_POINT}`, { token: t.admin });
  assert.equal(q.status, 200, q.text);
  assert.equal(q.json.unit, CN_POINT);
  assert.deepEqual(q.json.items.map((i) => [i.numerator, i.denominator, i.value]), q.json.items.map(() => [0, 0, null]));
  // The Center's online desk saw c alone.
  q = await request('GET', `/api/v1/reports/indicators?from=2026-12-01&unit=${CENTER}`, { token: t.admin });
  assert.deepEqual(q.json.items.find((i) => i.id === 'online_submission').numerator, 1);
  assert.deepEqual(q.json.items.find((i) => i.id === 'online_submission').denominator, 1);
  // Staff: their units only; a unit outside them is 403, a citizen 403.
  q = await request('GET', `/api/v1/reports/indicators?from=2026-12-01&unit=${HK_POINT}`, { token: t['tiepnhan.cuanam'] });
  assert.equal(q.status, 403);
  q = await request('GET', '/api/v1/reports/indicators?from=2026-12-01', { token: t['tiepnhan.cuanam'] });
  assert.equal(q.status, 200);
  assert.equal(q.json.items.find((i) => i.id === 'online_submission').denominator, 0);
  q = await request('GET', '/api/v1/reports/indicators?from=2026-12-01', { token: t['001190012345'] });
  assert.equal(q.status, 403);
  q = await request('GET', '/api/v1/reports/indicators?from=2026-12-01');
  assert.equal(q.status, 401);
  // Bad input names the parameter.
  for (const [qs, field] of [['unit=a%20b', 'unit'], ['from=hôm-qua', 'from'], ['from=2026-12-08&to=2026-12-01', 'to']]) {
    q = await request('GET', `/api/v1/reports/indicators?${qs}`, { token: t.admin });
    assert.equal(q.status, 422, qs);
    assert.deepEqual(q.json.errors.map((e) => e.field), [field], qs);
  }
});
