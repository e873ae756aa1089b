// The client address behind trusted proxies, and per-address limits keyed by the exact address:
// wrong tracking secrets are counted per client, so two addresses that shared a slot of the old
// hashed table (127.0.0.1 and 127.0.0.14) each reach their 429; behind a trusted proxy each
// forwarded client is limited on its own; an untrusted peer's X-Forwarded-For is ignored; the
// access log names the client.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, motcua } from './lib/server.mjs';
import { requestFrom } from './lib/net.mjs';

const LIMIT = 20; // wrong secrets per address per 5 minutes (svc_config_defaults)
const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

const guess = (srv, from, headers = {}) => requestFrom(srv.base, from, 'GET', '/api/v1/public/dossiers/001.01.50.H26-261126-0001?secret=WRONG2345', { headers });

test('two addresses that collided in the old table each get their 429', async () => {
  const srv = await startServer();
  servers.push(srv);
  for (let i = 0; i < LIMIT; i++) {
    for (const from of ['127.0.0.1', '127.0.0.14']) {
      const r = await guess(srv, from);
      assert.equal(r.status, 404, `guess ${i + 1} from ${from}`);
    }
  }
  for (const from of ['127.0.0.1', '127.0.0.14']) {
    const r = await guess(srv, from);
    assert.equal(r.status, 429, `${from} after ${LIMIT} wrong secrets`);
    assert.match(r.headers['content-type'], /^application\/problem\+json/);
    assert.ok(Number(r.headers['retry-after']) > 0 && Number(r.headers['retry-after']) <= 300);
  }
  // A third address is not affected.
  assert.equal((await guess(srv, '127.0.0.15')).status, 404);
});

test('behind a trusted proxy each forwarded client is limited on its own; an untrusted peer\'s X-Forwarded-For is ignored', async () => {
  const srv = await startServer({ env: { MOTCUA_TRUSTED_PROXIES: '127.0.0.1/32, ::1/128' } });
  servers.push(srv);
  const viaProxy = (client) => guess(srv, '127.0.0.1', { 'X-Forwarded-For': client });
  // A client that put its own X-Forwarded-For before the proxy's hop is still the proxy's hop.
  for (let i = 0; i < LIMIT; i++) assert.equal((await viaProxy(`198.51.100.77, 203.0.113.5`)).status, 404);
  assert.equal((await viaProxy('203.0.113.5')).status, 429);
  // Another client behind the same proxy is not limited by the first one's guesses.
  assert.equal((await viaProxy('203.0.113.6')).status, 404);
  // Nor is the proxy's own address (its requests without the header are its own).
  assert.equal((await guess(srv, '127.0.0.1')).status, 404);
  // An untrusted peer cannot borrow an address: its guesses count against itself.
  for (let i = 0; i < LIMIT - 1; i++) assert.equal((await guess(srv, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.7' })).status, 404);
  assert.equal((await guess(srv, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.8' })).status, 404);
  assert.equal((await guess(srv, '127.0.0.2')).status, 429);
  assert.equal((await viaProxy('203.0.113.7')).status, 404);
  assert.equal((await viaProxy('203.0.113.8')).status, 404);
  // The access log names the client the proxy forwarded, and the peer when nothing is forwarded.
  // Access lines reach the log within ~20 ms of their request (base/log.c): wait for them.
  const lines = [
    // the whole line: time, level, request id, client, method, path, status, bytes, duration
    /^\S+ info rid=[0-9a-f]{6}-\d+ 203\.0\.113\.5 GET "\/api\/v1\/public\/dossiers\/[^"]+" 429 [1-9]\d* \d+\.\d\dms$/m,
    / 203\.0\.113\.6 GET "\/api\/v1\/public\/dossiers\/[^"]+" 404 /,
    / 127\.0\.0\.2 GET "\/api\/v1\/public\/dossiers\/[^"]+" 429 /,
  ];
  const end = Date.now() + 5000;
  while (!lines.every((re) => re.test(srv.log())) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  const log = srv.log();
  for (const re of lines) assert.match(log, re);
  assert.doesNotMatch(log, / 198\.51\.100\.77 GET /);
});

test('a bad --trusted-proxies stops the server with the element named', () => {
  const r = motcua(['serve', '--data', '/nonexistent', '--trusted-proxies', '10.0.0.0/8,10.1.2.3/40']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--trusted-proxies: "10\.1\.2\.3\/40" is not an IPv4 or IPv6 CIDR/);
});
