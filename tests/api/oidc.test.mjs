// Login with the national identity provider (VNeID) through OpenID Connect, against a real
// provider (oidc-provider, tests/api/lib/oidc.mjs) behind a proxy of the test's own: the whole
// code flow driven by hand through the provider's login and consent pages, ending in a verified
// citizen's cookie session; each refusal (another key, another audience, expired, a replayed token,
// a reused or unknown state, bad claims, algorithms never accepted) lands on the login page's error
// with the reason in the server's log and creates nothing; key rotation; the interval between
// fetches of the keys; no provider configured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, login, ADMIN_PASSWORD } from './lib/server.mjs';
import {
  startVneid, toCallback, step, signJwt, jwtClaims, newKey, cookieJar, setCookies,
  CLIENT_ID, CLIENT_SECRET, ACCOUNTS,
} from './lib/oidc.mjs';

const FAILED = '/#/dang-nhap?loi=vneid';
let idp;
let srv;      // keys refetched whenever a token names an unknown one (--oidc-jwks-refresh 0)
let strict;   // the default interval between fetches of the keys (60 s)
let request;
let adminToken;

function oidcArgs(extra = []) {
  return {
    args: ['--oidc-issuer', idp.issuer, '--oidc-client-id', CLIENT_ID, ...extra],
    env: { MOTCUA_OIDC_CLIENT_SECRET: CLIENT_SECRET },
  };
}

before(async () => {
  idp = await startVneid();
  srv = await startServer(oidcArgs(['--oidc-jwks-refresh', '0']));
  strict = await startServer(oidcArgs());
  await idp.provide([`${srv.base}/auth/oidc/callback`, `${strict.base}/auth/oidc/callback`]);
  request = client(srv.base);
  adminToken = await login(request, 'admin', ADMIN_PASSWORD);
});
after(async () => {
  try { await srv.stop(); } finally {
    try { await strict.stop(); } finally { await idp.stop(); }
  }
});

/** Polls the server's log for a line (tests never sleep). */
async function logged(server, text) {
  const end = Date.now() + 5000;
  while (!server.log().includes(text)) {
    if (Date.now() > end) assert.fail(`not in the log: ${text}\n${server.log().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Citizens' accounts as the administrator lists them: "<username> <ID number>". */
async function citizens() {
  const r = await request('GET', '/api/v1/users?role=citizen&limit=500', { token: adminToken });
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((u) => `${u.username} ${u.id_number}`);
}
const holds = (list, idNumber) => list.some((a) => a.endsWith(` ${idNumber}`));

/** Calls the callback and expects the refusal: the login page's error, no session, the reason logged. */
async function expectRefused(server, jar, callback, reason) {
  const r = await step(jar, callback);
  assert.equal(r.status, 302);
  assert.equal(r.location, `${server.base}${FAILED}`);
  const cookies = setCookies(r);
  assert.ok(!cookies.some((c) => c.startsWith('motcua_session=')), cookies.join('\n'));
  assert.ok(cookies.includes('motcua_oidc=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0'), cookies.join('\n'));
  await logged(server, `vneid login refused: ${reason}`);
}

/**
 * A login whose ID token the test replaces when motcua redeems the code: forge(claims of the
 * provider's token) → a token. Returns what toCallback does.
 */
function forged(account, forge, server = srv) {
  idp.onToken = (answer) => ({ ...answer, id_token: forge(jwtClaims(answer.id_token)) });
  return toCallback(server.base, account);
}

/** The session of a finished login: GET /me with the cookie. */
async function me(server, cookie) {
  const res = await fetch(`${server.base}/api/v1/me`, { headers: { Cookie: cookie } });
  assert.equal(res.status, 200);
  return res.json();
}

test('no provider configured: the routes answer 404 and no provider is listed', async () => {
  const plain = await startServer();
  try {
    const r = await client(plain.base)('GET', '/api/v1/auth/providers');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { items: [] });
    for (const p of ['/auth/oidc/login', '/auth/oidc/callback?code=x&state=y']) {
      const res = await fetch(`${plain.base}${p}`, { redirect: 'manual' });
      assert.equal(res.status, 404, p);
      assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
      const body = await res.json();
      assert.equal(body.detail_vi, 'chưa cấu hình đăng nhập bằng VNeID');
    }
  } finally {
    await plain.stop();
  }
});

test('a configured provider is listed for the login page', async () => {
  const r = await request('GET', '/api/v1/auth/providers');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { items: [{ id: 'vneid', name: 'VNeID', login_url: '/auth/oidc/login' }] });
});

test('the OpenAPI document describes the routes', async () => {
  const r = await request('GET', '/api/v1/openapi.json');
  for (const p of ['/api/v1/auth/providers', '/auth/oidc/login', '/auth/oidc/callback']) {
    assert.deepEqual(Object.keys(r.json.paths[p]), ['get'], p);
  }
});

test('the login redirects to the provider with PKCE S256, state and nonce, and keeps the state in a cookie', async () => {
  const jar = cookieJar();
  const r = await step(jar, `${srv.base}/auth/oidc/login`);
  assert.equal(r.status, 302);
  const url = new URL(r.location);
  assert.equal(`${url.origin}${url.pathname}`, `${idp.issuer}/auth`);
  const q = Object.fromEntries(url.searchParams);
  assert.equal(q.response_type, 'code');
  assert.equal(q.client_id, CLIENT_ID);
  assert.equal(q.redirect_uri, `${srv.base}/auth/oidc/callback`);
  assert.equal(q.scope, 'openid profile');
  assert.equal(q.code_challenge_method, 'S256');
  assert.match(q.code_challenge, /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.state, /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.nonce, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(q.state, q.nonce);
  assert.equal(jar.get(srv.base, 'motcua_oidc'), q.state);
  assert.match(setCookies(r)[0], /^motcua_oidc=[A-Za-z0-9_-]{43}; Path=\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
  // A second login gets other values.
  const again = new URL((await step(cookieJar(), `${srv.base}/auth/oidc/login`)).location).searchParams;
  assert.notEqual(again.get('state'), q.state);
  assert.notEqual(again.get('code_challenge'), q.code_challenge);
});

test('return_to must be a path of the web UI: anything else is 422 naming it', async () => {
  for (const bad of ['https://evil.example/', '//evil.example', '/api/v1/me', '/#/x y', '/#/a"b', `/#/${'a'.repeat(300)}`]) {
    const r = await request('GET', `/auth/oidc/login?return_to=${encodeURIComponent(bad)}`);
    assert.equal(r.status, 422, bad);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['return_to']);
    assert.equal(r.json.errors[0].message_vi, 'địa chỉ quay lại phải là một trang của ứng dụng, bắt đầu bằng /#/');
  }
});

test('a citizen logs in with VNeID: a verified account and a cookie session, /me shows the ID number', async () => {
  const { jar, callback } = await toCallback(srv.base, 'hang');
  const cb = new URL(callback);
  assert.equal(cb.searchParams.get('iss'), idp.issuer);
  const r = await step(jar, callback);
  assert.equal(r.status, 302, r.text);
  assert.equal(r.location, `${srv.base}/#/ho-so`);
  const cookies = setCookies(r);
  const session = cookies.find((c) => c.startsWith('motcua_session='));
  assert.match(session, /^motcua_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  assert.ok(cookies.includes('motcua_oidc=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0'));
  const user = await me(srv, session.split(';')[0]);
  assert.equal(user.login, ACCOUNTS.hang.id_number);
  assert.equal(user.id_number, ACCOUNTS.hang.id_number);
  assert.equal(user.full_name, ACCOUNTS.hang.name);
  assert.equal(user.identity, 'verified');
  assert.equal(user.verified_via, 'vneid');
  assert.deepEqual(user.roles, [{ role: 'citizen', unit: null }]);
  assert.match(user.csrf_token, /^[A-Za-z0-9_-]{22}$/);
  assert.ok(holds(await citizens(), ACCOUNTS.hang.id_number));
  // The same person again: the same verified account, a new session.
  const again = await toCallback(srv.base, 'hang');
  const r2 = await step(again.jar, again.callback);
  const user2 = await me(srv, setCookies(r2).find((c) => c.startsWith('motcua_session=')).split(';')[0]);
  assert.equal(user2.username, user.username);
  assert.equal((await citizens()).filter((a) => a.endsWith(` ${ACCOUNTS.hang.id_number}`)).length, 1);
});

test('return_to is where the browser lands; a decomposed name is stored composed', async () => {
  const back = '/#/nop-ho-so/1.001193';
  const { jar, callback } = await toCallback(srv.base, 'nfd', `${srv.base}/auth/oidc/login?return_to=${encodeURIComponent(back)}`);
  const r = await step(jar, callback);
  assert.equal(r.location, `${srv.base}${back}`);
  const cookie = setCookies(r).find((c) => c.startsWith('motcua_session=')).split(';')[0];
  const user = await me(srv, cookie);
  assert.equal(user.full_name, 'Lê Thị Thu Hà'.normalize('NFC'));
  assert.equal(user.identity, 'verified');
});

test('a VNeID login absorbs the number\'s self-registered account: its password session ends', async () => {
  const id = ACCOUNTS.lan.id_number;
  const reg = await request('POST', '/api/v1/citizens/register', { body: { id_number: id, full_name: 'Phạm Thị Lan', password: 'lan-password-1' } });
  assert.equal(reg.status, 201, reg.text);
  const token = await login(request, id, 'lan-password-1');
  const before = await request('GET', '/api/v1/me', { token });
  assert.equal(before.json.identity, 'unverified');
  const { jar, callback } = await toCallback(srv.base, 'lan');
  const r = await step(jar, callback);
  assert.equal(r.location, `${srv.base}/#/ho-so`);
  assert.equal((await request('GET', '/api/v1/me', { token })).status, 401);
  const user = await me(srv, setCookies(r).find((c) => c.startsWith('motcua_session=')).split(';')[0]);
  assert.equal(user.identity, 'verified');
  assert.equal(user.login, id);
});

test('an ID token signed by another key is refused, with a known or an unknown kid', async () => {
  const before = await citizens();
  const intruder = newKey();
  let { jar, callback } = await forged('minh', (c) => signJwt({ ...intruder, kid: idp.keys[0].kid }, c));
  await expectRefused(srv, jar, callback, 'the ID token was refused: signature');
  const fetched = idp.counts.jwks;
  ({ jar, callback } = await forged('minh', (c) => signJwt(intruder, c)));
  await expectRefused(srv, jar, callback, 'the ID token was refused: kid_unknown');
  assert.equal(idp.counts.jwks, fetched + 1); // an unknown kid makes motcua look for new keys once
  assert.deepEqual(await citizens(), before);
});

test('an ID token for another audience, or another issuer, is refused', async () => {
  const key = idp.keys[0];
  let { jar, callback } = await forged('minh', (c) => signJwt(key, { ...c, aud: 'another-service' }));
  await expectRefused(srv, jar, callback, 'the ID token was refused: aud');
  ({ jar, callback } = await forged('minh', (c) => signJwt(key, { ...c, aud: ['another-service', CLIENT_ID] })));
  await expectRefused(srv, jar, callback, 'the ID token was refused: azp');
  ({ jar, callback } = await forged('minh', (c) => signJwt(key, { ...c, iss: 'https://vneid.example' })));
  await expectRefused(srv, jar, callback, 'the ID token was refused: iss');
  assert.ok(!holds(await citizens(), ACCOUNTS.minh.id_number));
});

test('an expired ID token, or one issued in the future, is refused (the real clock, with a minute of leeway)', async () => {
  const key = idp.keys[0];
  const now = Math.floor(Date.now() / 1000);
  let { jar, callback } = await forged('minh', (c) => signJwt(key, { ...c, iat: now - 7200, exp: now - 3600 }));
  await expectRefused(srv, jar, callback, 'the ID token was refused: exp');
  ({ jar, callback } = await forged('minh', (c) => signJwt(key, { ...c, iat: now + 3600, exp: now + 7200 })));
  await expectRefused(srv, jar, callback, 'the ID token was refused: iat');
  // Within the leeway both pass: the login goes through.
  ({ jar, callback } = await forged('minh', (c) => signJwt(key, { ...c, iat: now + 30, exp: now + 600 })));
  const r = await step(jar, callback);
  assert.equal(r.location, `${srv.base}/#/ho-so`);
});

test('algorithms never accepted: none, and HS256 keyed with the client secret', async () => {
  const key = idp.keys[0];
  let { jar, callback } = await forged('minh', (c) => signJwt(key, c, { alg: 'none', kid: undefined }));
  await expectRefused(srv, jar, callback, 'the ID token was refused: alg');
  ({ jar, callback } = await forged('minh', (c) => signJwt(key, c, { alg: 'HS256' }, CLIENT_SECRET)));
  await expectRefused(srv, jar, callback, 'the ID token was refused: alg');
});

test('a replayed ID token (another login\'s nonce) is refused', async () => {
  const first = await toCallback(srv.base, 'minh');
  const used = idp.tokens.at(-1);
  assert.equal((await step(first.jar, first.callback)).location, `${srv.base}/#/ho-so`);
  idp.onToken = (answer) => ({ ...answer, id_token: used });
  const second = await toCallback(srv.base, 'minh');
  await expectRefused(srv, second.jar, second.callback, 'the ID token was refused: nonce');
});

test('a state is used once; an unknown state, another browser\'s state and the provider\'s error are refused', async () => {
  const { jar, callback } = await toCallback(srv.base, 'hang');
  assert.equal((await step(jar, callback)).location, `${srv.base}/#/ho-so`);
  // The same answer again (a reload, or a stolen URL): the pending login is gone.
  const again = cookieJar();
  again.take(srv.base, { headers: new Headers([['set-cookie', `motcua_oidc=${new URL(callback).searchParams.get('state')}`]]) });
  await expectRefused(srv, again, callback, 'unknown or already used state');
  // A state motcua never gave.
  const unknown = 'A'.repeat(43);
  const jar2 = cookieJar();
  jar2.take(srv.base, { headers: new Headers([['set-cookie', `motcua_oidc=${unknown}`]]) });
  await expectRefused(srv, jar2, `${srv.base}/auth/oidc/callback?code=abc&state=${unknown}`, 'unknown or already used state');
  await expectRefused(srv, cookieJar(), `${srv.base}/auth/oidc/callback?code=abc`, 'the callback has no state of ours');
  // A login started in another browser cannot be finished here (login CSRF).
  const other = await toCallback(srv.base, 'hang');
  await expectRefused(srv, cookieJar(), other.callback, 'the state is not the one this browser was given');
  // The provider's own refusal (the citizen cancelled).
  const j = cookieJar();
  const start = await step(j, `${srv.base}/auth/oidc/login`);
  const state = new URL(start.location).searchParams.get('state');
  await expectRefused(srv, j, `${srv.base}/auth/oidc/callback?error=access_denied&state=${state}`, 'the provider answered error access_denied');
});

test('a missing or bad ID number claim, or a missing name, is refused and creates nothing', async () => {
  const before = await citizens();
  for (const [account, reason] of [['noid', 'id_claim'], ['badid', 'id_claim'], ['shortid', 'id_claim']]) {
    const { jar, callback } = await toCallback(srv.base, account);
    await expectRefused(srv, jar, callback, `the ID token was refused: ${reason}`);
  }
  const key = idp.keys[0];
  const { jar, callback } = await forged('minh', (c) => { const { name, ...rest } = c; return signJwt(key, rest); });
  await expectRefused(srv, jar, callback, 'the ID token was refused: name_claim');
  assert.deepEqual(await citizens(), before);
});

test('key rotation: a token signed by the provider\'s new key is accepted after one fetch of the keys', async () => {
  const old = idp.keys[0].kid;
  await idp.rotate();
  assert.notEqual(idp.keys[0].kid, old);
  const fetched = idp.counts.jwks;
  const { jar, callback } = await toCallback(srv.base, 'minh');
  assert.equal(jwtClaims(idp.tokens.at(-1)).aud, CLIENT_ID);
  const r = await step(jar, callback);
  assert.equal(r.location, `${srv.base}/#/ho-so`);
  assert.equal(idp.counts.jwks, fetched + 1);
  // The next login uses the cached keys.
  const next = await toCallback(srv.base, 'hang');
  assert.equal((await step(next.jar, next.callback)).location, `${srv.base}/#/ho-so`);
  assert.equal(idp.counts.jwks, fetched + 1);
});

test('unknown kids make motcua fetch the keys at most once per interval', async () => {
  const intruder = newKey();
  const fetched = idp.counts.jwks;
  for (let i = 0; i < 3; i++) {
    const { jar, callback } = await forged('minh', (c) => signJwt(intruder, c), strict);
    await expectRefused(strict, jar, callback, 'the ID token was refused: kid_unknown');
  }
  // The first fetch filled the empty cache; the unknown kids right after it fetched nothing more.
  assert.equal(idp.counts.jwks, fetched + 1);
  // The provider's real token still passes with the cached keys.
  const { jar, callback } = await toCallback(strict.base, 'minh');
  assert.equal((await step(jar, callback)).location, `${strict.base}/#/ho-so`);
});
