// Headers, cookies and the edge's own refusals (issue 13 items 6 and 7): the browser's security
// headers on every page and static file (a CSP without inline script, which the UI does not
// need), Secure session cookies for an https public URL or --secure-cookies, staff sessions that
// end after --staff-idle-timeout unused while citizens' go on, /metrics only from --metrics-allow
// or with the metrics token, and ambiguous framing refused as problem+json with the connection
// closed, and so is the head of a request over its limits or without Host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, client, login, sourceDir, ADMIN_PASSWORD } from './lib/server.mjs';
import { startDemo, guardianship, DEMO_PASSWORD } from './lib/dossiers.mjs';
import { requestFrom, rawExchange } from './lib/net.mjs';

let demo;
let plain;
before(async () => {
  demo = await startDemo('2026-11-26T09:00:00+07:00', [], {
    MOTCUA_STAFF_IDLE_TIMEOUT: '3', MOTCUA_PUBLIC_URL: 'https://motcua.example.vn', MOTCUA_METRICS_TOKEN: 'metrics-token-1234',
  });
  plain = await startServer();
});
after(async () => { await demo.srv.stop(); await plain.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function assertPageHeaders(h, what) {
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  assert.match(csp, /(^|; )script-src 'self'(;|$)/, what);
  assert.match(csp, /(^|; )style-src 'self'(;|$)/, what);
  assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/, what);
  assert.match(csp, /(^|; )object-src 'none'(;|$)/, what);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
  assert.equal(h.get('referrer-policy'), 'same-origin', what);
  assert.match(h.get('permissions-policy'), /camera=\(\)/, what);
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
}

test('every page and static file carries the browser\'s security headers', async () => {
  const staff = await login(demo.request, 'tiepnhan.hoankiem', DEMO_PASSWORD); // fresh: staff sessions idle out in 3 s here
  const r = await demo.request('POST', '/api/v1/dossiers', { token: staff, body: guardianship() });
  assert.equal(r.status, 201, r.text);
  for (const p of ['/', '/index.html', '/ui/main.js', '/ui/style.css', '/ui/icon.svg', '/ui/pages/home.js',
    `/track/${r.json.code}?s=${r.json.tracking_secret}`, `/track/${r.json.code}?s=WRONGWRONG`, '/no-such-file.html']) {
    const res = await fetch(demo.srv.base + p);
    await res.arrayBuffer();
    assertPageHeaders(res.headers, p);
  }
});

test('the web UI holds no inline script, handler or style that the policy would block', () => {
  const web = path.join(sourceDir, 'web');
  const files = [];
  (function walk(d) {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.join(d, e.name));
    }
  })(web);
  files.push(path.join(sourceDir, 'src/http/track_page.c'));
  for (const f of files.filter((x) => /\.(html|js|c)$/.test(x))) {
    const text = readFileSync(f, 'utf8');
    // <script> without src, on…= handler attributes, style attributes (markup or h()), javascript: URLs.
    const found = (re) => (re.exec(text) || [''])[0].slice(0, 80);
    assert.equal(found(/<script(?![^>]*\bsrc=)[^>]*>/i), '', `${f}: inline <script>`);
    assert.equal(found(/<[a-z][^>]*\son[a-z]+\s*=/i), '', `${f}: inline event handler`);
    assert.equal(found(/<[a-z][^>]*\sstyle\s*=|[{,]\s*style\s*:/i), '', `${f}: style attribute`);
    assert.equal(found(/javascript:/i), '', `${f}: javascript: URL`);
  }
});

test('the session cookie is Secure with an https public URL or --secure-cookies, not otherwise', async () => {
  const cookieLogin = async (base, username, password) => {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Session': 'cookie' }, body: JSON.stringify({ username, password }) });
    assert.equal(res.status, 200);
    return res.headers.get('set-cookie');
  };
  assert.match(await cookieLogin(demo.srv.base, 'tiepnhan.hoankiem', DEMO_PASSWORD), /^motcua_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  assert.doesNotMatch(await cookieLogin(plain.base, 'admin', ADMIN_PASSWORD), /Secure/);
  const forced = await startServer({ args: ['--secure-cookies'] });
  try {
    const set = await cookieLogin(forced.base, 'admin', ADMIN_PASSWORD);
    assert.match(set, /; Secure$/);
    const cookie = set.split(';')[0];
    const me = await fetch(`${forced.base}/api/v1/me`, { headers: { Cookie: cookie } }).then((x) => x.json());
    const out = await fetch(`${forced.base}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': me.csrf_token } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie'), /^motcua_session=; .*Max-Age=0; Secure$/);
  } finally {
    await forced.stop();
  }
});

test('a staff session unused for --staff-idle-timeout ends; a citizen\'s goes on', async () => {
  const staff = await login(demo.request, 'xuly.hoankiem', DEMO_PASSWORD);
  const citizen = await login(demo.request, '001190012345', DEMO_PASSWORD);
  const me = (token) => demo.request('GET', '/api/v1/me', { token });
  // Used every 700 ms for 4.2 s (longer than the 3 s timeout): still alive.
  for (let i = 0; i < 6; i++) {
    assert.equal((await me(staff)).status, 200, `use ${i + 1}`);
    assert.equal((await me(citizen)).status, 200);
    await sleep(700);
  }
  // Left alone longer than the timeout (last uses are kept in whole seconds, written at most
  // every second here, so 4 s is past it whatever the rounding): it has ended. Using the session
  // is the only way to look, so this waits instead of polling.
  assert.equal((await me(staff)).status, 200);
  await sleep(4200);
  assert.equal((await me(staff)).status, 401);
  // Ended for good: a later request does not bring it back, and logging in again works.
  assert.equal((await me(staff)).status, 401);
  assert.equal((await me(await login(demo.request, 'xuly.hoankiem', DEMO_PASSWORD))).status, 200);
  // The citizen, idle as long, is still logged in.
  assert.equal((await me(citizen)).status, 200);
});

test('/metrics: from the allowed addresses or with the metrics token only', async () => {
  const base = demo.srv.base;
  const get = (from, headers = {}) => requestFrom(base, from, 'GET', '/metrics', { headers });
  assert.equal((await get('127.0.0.1')).status, 200);
  const denied = await get('127.0.0.9');
  assert.equal(denied.status, 403);
  assert.match(denied.headers['content-type'], /^application\/problem\+json/);
  assert.ok(denied.json.detail_vi);
  assert.equal((await get('127.0.0.9', { Authorization: 'Bearer metrics-token-1234' })).status, 200);
  assert.equal((await get('127.0.0.9', { Authorization: 'Bearer metrics-token-123' })).status, 403);
  assert.equal((await get('127.0.0.9', { Authorization: 'Bearer metrics-token-12345' })).status, 403);
  // Without a token configured, no bearer opens it; --metrics-allow replaces the default.
  assert.equal((await requestFrom(plain.base, '127.0.0.9', 'GET', '/metrics', { headers: { Authorization: 'Bearer metrics-token-1234' } })).status, 403);
  const other = await startServer({ args: ['--metrics-allow', '127.0.0.9/32'] });
  try {
    assert.equal((await requestFrom(other.base, '127.0.0.9', 'GET', '/metrics')).status, 200);
    assert.equal((await requestFrom(other.base, '127.0.0.1', 'GET', '/metrics')).status, 403);
  } finally {
    await other.stop();
  }
});

const HEAD = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';
const BODY = '{"username":"admin","password":"wrong-password"}';

function problemOf(text) {
  const [head, body] = text.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head, json: JSON.parse(body) };
}

test('ambiguous framing is refused as problem+json and the connection closed', async () => {
  const cases = [
    [`${HEAD}Content-Length: ${BODY.length}\r\nContent-Length: 5\r\n\r\n${BODY}`, 400, 'Content-Length'],
    [`${HEAD}Content-Length: ${BODY.length}\r\nTransfer-Encoding: chunked\r\n\r\n${BODY}`, 400, 'Transfer-Encoding'],
    [`${HEAD}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, 501, 'Transfer-Encoding'],
    [`${HEAD}Content-Length : 5\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`, 400, 'Content-Length '],
  ];
  for (const [bytes, status, field] of cases) {
    const r = await rawExchange(plain.base, bytes);
    assert.ok(r.closed, `closed after ${field}`);
    const p = problemOf(r.text);
    assert.equal(p.status, status, r.text.slice(0, 200));
    assert.match(p.head, /\r\nContent-Type: application\/problem\+json/i);
    assert.match(p.head, /\r\nConnection: close/i);
    assert.equal(p.json.errors[0].field, field);
    assert.ok(p.json.detail_vi);
  }
  // The same length twice is no ambiguity: answered as usual.
  const same = await rawExchange(plain.base, `${HEAD}Content-Length: ${BODY.length}\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`);
  assert.equal(problemOf(same.text).status, 401);
});

test('the head of a request refused as problem+json, before libmicrohttpd would answer with its own page', async () => {
  const head = async (bytes, status, field, message) => {
    const r = await rawExchange(plain.base, bytes);
    const p = problemOf(r.text);
    assert.equal(p.status, status, r.text.slice(0, 200));
    assert.match(p.head, /\r\nContent-Type: application\/problem\+json/i);
    assert.match(p.head, /\r\nConnection: close/i);
    assert.equal(p.json.status, status);
    assert.equal(p.json.errors[0].field, field);
    assert.equal(p.json.errors[0].message, message);
    assert.ok(p.json.errors[0].message_vi);
    assert.ok(r.closed);
  };
  await head('GET /api/v1/health HTTP/1.1\r\n\r\n', 400, 'Host', 'is required in HTTP/1.1');
  await head('GET /api/v1/he alth HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'request-target', 'may not hold spaces or tabs');
  await head(`GET /api/v1/health?q=${'a'.repeat(8200)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'request-target', 'may have at most 8192 bytes');
  await head(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70000)}\r\n\r\n`, 431, 'headers', 'the header block may have at most 32768 bytes');
  await head(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(90000)}\r\n\r\n`, 431, 'headers', 'the header block may have at most 32768 bytes');
  // Many small headers count as one block.
  const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'v'.repeat(80)}\r\n`).join('');
  await head(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\n${many}\r\n`, 431, 'headers', 'the header block may have at most 32768 bytes');
  // HTTP/1.0 needs no Host; just under the limits is answered as usual.
  let r = await rawExchange(plain.base, 'GET /api/v1/health HTTP/1.0\r\n\r\n');
  assert.match(r.text, /^HTTP\/1\.1 200 /);
  r = await rawExchange(plain.base, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ${'a'.repeat(32000)}\r\n\r\n`);
  assert.match(r.text, /^HTTP\/1\.1 200 /);
  // A header block of up to ~90 KB gets our 431 too; beyond libmicrohttpd's memory per connection
  // (2 x (32 KiB + 8 KiB) + 16 KiB) its own 431 page remains
  // (docs/operations.md): the connection is closed all the same.
  r = await rawExchange(plain.base, `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(400000)}\r\n\r\n`);
  assert.match(r.text, /^HTTP\/1\.1 431 /);
  assert.ok(r.closed);
  // A body over the limit from Content-Length is ours: problem+json, decided from the header
  // before any of the body is read (so only the head is sent: a client still writing a 1 MiB body
  // when the answer and the close come may meet EPIPE instead of reading the answer).
  r = await rawExchange(plain.base, `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\n`);
  const big = problemOf(r.text);
  assert.equal(big.status, 413, r.text.slice(0, 200));
  assert.match(big.head, /\r\nContent-Type: application\/problem\+json/i);
  assert.ok(r.closed);
});
