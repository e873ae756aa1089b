// Public tracking answers come from an in-memory cache once read (svc/track_cache.c): every answer
// must still reflect the dossier right after each change (actions, rating, a calendar change that
// moves due times), and the secret check and the guess limiter must run on every request, cached
// or not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship } from './lib/dossiers.mjs';

let ctx;
let request;
let t;

before(async () => {
  ctx = await startDemo('2026-12-07T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

const act = (code, action, token, body = {}) =>
  request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });
const track = (code, secret) => request('GET', `/api/v1/public/dossiers/${code}?secret=${secret}`);

test('a cached answer follows every change of the dossier at once', async () => {
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const { code, tracking_secret: secret } = r.json;
  // Read twice: the second answer is the cached one, and the same.
  const first = await track(code, secret);
  assert.equal(first.status, 200);
  assert.equal(first.json.status, 'received');
  assert.equal(first.json.due_at, '2026-12-10T09:00:00+07:00');
  const again = await track(code, secret);
  assert.equal(again.text, first.text);

  r = await act(code, 'transfer', t['tiepnhan.hoankiem']);
  assert.equal(r.status, 200, r.text);
  r = await track(code, secret);
  assert.equal(r.json.status, 'processing');
  assert.deepEqual(r.json.steps.map((s) => s.done_at), [null, null]);

  await ctx.setClock('2026-12-07T10:00:00+07:00');
  r = await act(code, 'complete-step', t['xuly.hoankiem']);
  assert.equal(r.status, 200, r.text);
  r = await track(code, secret);
  assert.deepEqual(r.json.steps.map((s) => s.done_at), ['2026-12-07T10:00:00+07:00', null]);

  // A day off moves the due time (a calendar change, not an action): the public answer too.
  r = await request('PUT', '/api/v1/calendar/days/2026-12-08', { token: t.admin, body: { kind: 'off', name: 'Nghỉ đột xuất' } });
  assert.equal(r.status, 200, r.text);
  r = await track(code, secret);
  assert.equal(r.json.due_at, '2026-12-11T09:00:00+07:00');
  r = await request('DELETE', '/api/v1/calendar/days/2026-12-08', { token: t.admin });
  assert.equal(r.status, 204);
  r = await track(code, secret);
  assert.equal(r.json.due_at, '2026-12-10T09:00:00+07:00');

  r = await act(code, 'decide', t['lanhdao.hoankiem'], { outcome: 'approved', result: { number: '7/GH', title: 'Trích lục' } });
  assert.equal(r.status, 200, r.text);
  r = await track(code, secret);
  assert.equal(r.json.status, 'ready_for_return');
  assert.equal(r.json.decided_at, '2026-12-07T10:00:00+07:00');
  assert.equal(r.json.timeliness, 'early');

  r = await act(code, 'return', t['tiepnhan.hoankiem'], { channel: 'counter' });
  assert.equal(r.status, 200, r.text);
  r = await track(code, secret);
  assert.equal(r.json.status, 'returned');
  assert.equal(r.json.rating, null);
  // The human tracking page reads the same cached view.
  const page = await request('GET', `/track/${code}?s=${secret}`);
  assert.match(page.text, /Đã trả kết quả/);

  r = await request('POST', `/api/v1/public/dossiers/${code}/rating?secret=${secret}`, { body: { score: 'satisfied' } });
  assert.equal(r.status, 201, r.text);
  r = await track(code, secret);
  assert.equal(r.json.rating, 'satisfied');
});

// Last in this file: it uses up the guess budget of 127.0.0.1 on this server.
test('a wrong secret on a cached code is refused like an unknown code and counts as a guess', async () => {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  const { code, tracking_secret: secret } = r.json;
  assert.equal((await track(code, secret)).status, 200);
  assert.equal((await track(code, secret)).status, 200); // cached now
  const unknown = await track(`${code.slice(0, -4)}9999`, secret); // guess 1
  assert.equal(unknown.status, 404);
  for (const wrong of [secret.toLowerCase(), secret.slice(0, 9), `${secret}A`, '']) {
    const w = await track(code, wrong);
    assert.equal(w.status, 404);
    assert.deepEqual(w.json, unknown.json);
  }
  // 20 failures per address per window (the default): 15 more, then even the right secret is 429.
  for (let i = 0; i < 15; i++) assert.equal((await track(code, 'AAAAAAAAAA')).status, 404);
  const limited = await track(code, secret);
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
});
