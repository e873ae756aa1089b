// Cookie sessions for the web UI (HttpOnly cookie + CSRF header on unsafe methods), the caller's
// allowed actions and the overdue flag on dossiers, and ?order=due.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship } from './lib/dossiers.mjs';

let ctx;
before(async () => { ctx = await startDemo('2026-11-26T09:00:00+07:00'); });
after(async () => { await ctx.srv.stop(); });

test('a cookie session: HttpOnly cookie, CSRF token on unsafe methods, logout clears it', async () => {
  const base = ctx.srv.base;
  let res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Session': 'cookie' },
    body: JSON.stringify({ username: 'tiepnhan.hoankiem', password: 'motcua-demo' }),
  });
  assert.equal(res.status, 200);
  const login = await res.json();
  const setCookie = res.headers.get('set-cookie');
  assert.match(setCookie, /^motcua_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  assert.match(login.csrf_token, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(login.token, undefined); // scripts never see a cookie session's token
  const cookie = setCookie.split(';')[0];
  res = await fetch(`${base}/api/v1/me`, { headers: { Cookie: cookie } });
  const me = await res.json();
  assert.equal(me.username, 'tiepnhan.hoankiem');
  assert.equal(me.csrf_token, login.csrf_token);
  const body = JSON.stringify(guardianship());
  res = await fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).errors[0].field, 'X-CSRF-Token');
  res = await fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': 'x'.repeat(22) }, body });
  assert.equal(res.status, 403);
  res = await fetch(`${base}/api/v1/dossiers`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': login.csrf_token }, body });
  assert.equal(res.status, 201);
  // Bearer clients are unaffected; a bearer login sets no cookie.
  res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'tiepnhan.hoankiem', password: 'motcua-demo' }) });
  assert.equal(res.headers.get('set-cookie'), null);
  assert.equal((await res.json()).csrf_token, undefined);
  res = await fetch(`${base}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': login.csrf_token } });
  assert.equal(res.status, 204);
  assert.match(res.headers.get('set-cookie'), /^motcua_session=; .*Max-Age=0$/);
  assert.equal((await fetch(`${base}/api/v1/me`, { headers: { Cookie: cookie } })).status, 401);
});

test('allowed_actions and overdue follow the caller and the clock; order=due', async () => {
  const t = ctx.tokens;
  let r = await ctx.request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() });
  const code = r.json.code;
  r = await ctx.request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual(r.json.allowed_actions, ['transfer', 'stop']);
  assert.equal(r.json.overdue, false);
  r = await ctx.request('GET', `/api/v1/dossiers/${code}`, { token: t['xuly.hoankiem'] });
  assert.deepEqual(r.json.allowed_actions, []);
  r = await ctx.request('POST', `/api/v1/dossiers/${code}/transfer`, { token: t['tiepnhan.hoankiem'], body: {} });
  assert.deepEqual(r.json.allowed_actions, ['stop']);
  r = await ctx.request('GET', `/api/v1/dossiers/${code}`, { token: t['xuly.hoankiem'] });
  assert.deepEqual(r.json.allowed_actions, ['complete-step', 'request-supplement']);
  r = await ctx.request('GET', `/api/v1/dossiers/${code}`, { token: t['lanhdao.hoankiem'] });
  assert.deepEqual(r.json.allowed_actions, ['extend']);
  await ctx.setClock('2026-12-15T09:00:00+07:00');
  r = await ctx.request('GET', `/api/v1/dossiers/${code}`, { token: t['xuly.hoankiem'] });
  assert.equal(r.json.overdue, true);
  r = await ctx.request('GET', `/api/v1/dossiers?return_unit=001.01.50.H26&status=processing`, { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual(r.json.items.map((d) => d.code), [code]);
  r = await ctx.request('GET', '/api/v1/dossiers?return_unit=002.01.50.H26', { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual(r.json.items, []);
  r = await ctx.request('GET', '/api/v1/dossiers?order=due', { token: t['xuly.hoankiem'] });
  assert.equal(r.json.items.find((d) => d.code === code).overdue, true);
  const dues = r.json.items.map((d) => d.extended ? d.extended.new_due_at : d.due_at);
  assert.deepEqual(dues, [...dues].sort());
  assert.equal((await ctx.request('GET', '/api/v1/dossiers?order=oldest', { token: t['xuly.hoankiem'] })).status, 422);
});
