// Two motcua instances on one PostgreSQL database (the api_pg run; on SQLite, one process owns its
// database file and there is nothing to test here): sessions work on either, intakes at one point
// through both get consecutive codes with no gap, and public tracking's cache on one instance
// forgets a dossier as soon as the other commits a change of it (LISTEN/NOTIFY), queue boards
// stream what the other issues, and Debian's HAProxy in front of both spreads the work while codes
// stay consecutive. Wrong tracking secrets count on every instance.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, client, PG, TEST_CLOCK } from './lib/server.mjs';
import { startDemo, guardianship, HK_POINT } from './lib/dossiers.mjs';

const skip = PG ? false : 'needs PostgreSQL (the api_pg run)';
let a;
let b;
let rb;

before(async () => {
  if (skip) return;
  a = await startDemo(TEST_CLOCK);
  b = await startServer({ data: a.srv.data, args: ['--test-clock', TEST_CLOCK] });
  rb = client(b.base);
});
after(async () => {
  if (b) await b.stop();
  if (a) await a.srv.stop();
});

test('a session made on one instance works on the other', { skip }, async () => {
  const me = await rb('GET', '/api/v1/me', { token: a.tokens['tiepnhan.hoankiem'] });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.username, 'tiepnhan.hoankiem');
});

test('intakes at one point through both instances get consecutive codes, no gap, no repeat', { skip }, async () => {
  const token = a.tokens['tiepnhan.hoankiem'];
  const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? rb : a.request)('POST', '/api/v1/dossiers', { token, body: guardianship() })));
  for (const r of answers) assert.equal(r.status, 201, r.text);
  const numbers = answers.map((r) => r.json.code).filter((c) => c.startsWith(`${HK_POINT}-261126-`))
    .map((c) => Number(c.slice(-4))).sort((x, y) => x - y);
  assert.equal(numbers.length, 24);
  const first = numbers[0];
  assert.deepEqual(numbers, Array.from({ length: 24 }, (_, i) => first + i));
});

test('public tracking on one instance sees a change committed on the other at once', { skip }, async () => {
  const r = await a.request('POST', '/api/v1/dossiers', { token: a.tokens['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const { code, tracking_secret: secret } = r.json;
  const look = () => rb('GET', `/api/v1/public/dossiers/${code}?secret=${secret}`);
  // Twice on B: the second answer comes from B's cache.
  assert.equal((await look()).json.status, 'received');
  assert.equal((await look()).json.status, 'received');
  const t = await a.request('POST', `/api/v1/dossiers/${code}/transfer`, { token: a.tokens['tiepnhan.hoankiem'], body: {} });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.status, 'processing');
  // The notification travels after A's commit: B answers the new status within a second.
  let seen = '';
  for (let i = 0; i < 20 && seen !== 'processing'; i++) {
    seen = (await look()).json.status;
    if (seen !== 'processing') await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(seen, 'processing');
});

test('wrong tracking secrets spread over both instances meet one limit', { skip }, async () => {
  const r = await a.request('POST', '/api/v1/dossiers', { token: a.tokens['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const { code, tracking_secret: secret } = r.json;
  const wrong = (req) => req('GET', `/api/v1/public/dossiers/${code}?secret=ZZZZZZZZ`);
  const right = (req) => req('GET', `/api/v1/public/dossiers/${code}?secret=${secret}`);
  // Ten wrong secrets on A: A alone would allow ten more (20 per address per window).
  for (let i = 0; i < 10; i++) assert.equal((await wrong(a.request)).status, 404);
  assert.equal((await right(a.request)).status, 200);
  // Ten more on B, which heard of A's ten: B refuses the next, even with the right secret.
  for (let i = 0; i < 10; i++) assert.equal((await wrong(rb)).status, 404);
  const onB = await right(rb);
  assert.equal(onB.status, 429, onB.text);
  // A hears of B's ten once the notices arrive (a right secret counts nothing while it waits).
  let seen = 0;
  for (let i = 0; i < 40 && seen !== 429; i++) {
    seen = (await right(a.request)).status;
    if (seen !== 429) await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(seen, 429);
});

/** The next event of a server-sent event stream (pings skipped), within ms. */
async function nextEvent(reader, state, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const i = state.buf.indexOf('\n\n');
    if (i >= 0) {
      const block = state.buf.slice(0, i);
      state.buf = state.buf.slice(i + 2);
      const ev = {};
      for (const l of block.split('\n').filter((x) => !x.startsWith(':'))) {
        const k = l.slice(0, l.indexOf(':'));
        const v = l.slice(l.indexOf(':') + 1).trimStart();
        if (k === 'event') ev.event = v;
        else if (k === 'data') ev.data = JSON.parse(v);
      }
      if (ev.event) return ev;
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('no event in time');
    const r = await Promise.race([reader.read(), new Promise((res) => setTimeout(() => res({ timeout: true }), left))]);
    if (r.timeout) throw new Error('no event in time');
    if (r.done) throw new Error('stream ended');
    state.buf += new TextDecoder().decode(r.value);
  }
}

test('a queue board streamed by one instance shows the tickets issued and called on the other', { skip }, async () => {
  const ctl = new AbortController();
  const res = await fetch(`${b.base}/api/v1/points/${HK_POINT}/queue/stream`, { signal: ctl.signal });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  const state = { buf: '' };
  try {
    const board = await nextEvent(reader, state);
    assert.equal(board.event, 'board');
    const token = a.tokens['tiepnhan.hoankiem'];
    const t = await a.request('POST', `/api/v1/points/${HK_POINT}/tickets`, { token, body: {} });
    assert.equal(t.status, 201, t.text);
    const ev = await nextEvent(reader, state);
    assert.deepEqual([ev.event, ev.data.point, ev.data.ticket.number, ev.data.waiting], ['ticket', HK_POINT, t.json.number, board.data.waiting + 1]);
    const c = await a.request('POST', `/api/v1/points/${HK_POINT}/counters/1/call-next`, { token, body: {} });
    assert.equal(c.status, 200, c.text);
    const called = await nextEvent(reader, state);
    assert.deepEqual([called.event, called.data.ticket.status, called.data.ticket.counter], ['called', 'called', 1]);
  } finally {
    ctl.abort();
  }
});

/** A free TCP port of 127.0.0.1 (the kernel's choice, released at once). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** HAProxy (round robin, HTTP) in front of the given bases; returns {base, stop()}. */
async function startHaproxy(bases) {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-haproxy-'));
  const port = await freePort();
  const servers = bases.map((b0, i) => `  server m${i} ${new URL(b0).host}`).join('\n');
  const cfg = path.join(dir, 'haproxy.cfg');
  writeFileSync(cfg, `global\n  maxconn 512\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\nfrontend fe\n  bind 127.0.0.1:${port}\n  default_backend be\nbackend be\n  balance roundrobin\n${servers}\n`);
  const proc = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  for (let i = 0; ; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 100 || proc.exitCode !== null) throw new Error(`haproxy did not start: ${err}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() { proc.kill('SIGTERM'); await exited; rmSync(dir, { recursive: true, force: true }); },
  };
}

test('behind HAProxy: both instances serve, sessions hold, codes stay consecutive', { skip }, async () => {
  const lb = await startHaproxy([a.srv.base, b.base]);
  try {
    const r = client(lb.base);
    const token = a.tokens['tiepnhan.hoankiem'];
    for (let i = 0; i < 4; i++) assert.equal((await r('GET', '/api/v1/me', { token })).json.username, 'tiepnhan.hoankiem');
    const countIntakes = (log) => (log.match(/POST "\/api\/v1\/dossiers" 201/g) || []).length;
    const before0 = [countIntakes(a.srv.log()), countIntakes(b.log())];
    const answers = await Promise.all(Array.from({ length: 30 }, () => r('POST', '/api/v1/dossiers', { token, body: guardianship() })));
    for (const x of answers) assert.equal(x.status, 201, x.text);
    const numbers = answers.map((x) => Number(x.json.code.slice(-4))).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: 30 }, (_, i) => numbers[0] + i));
    // Each instance logs a request after answering it: wait for the last lines.
    let served = [];
    for (let i = 0; i < 40; i++) {
      served = [countIntakes(a.srv.log()) - before0[0], countIntakes(b.log()) - before0[1]];
      if (served[0] + served[1] >= 30) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    assert.equal(served[0] + served[1], 30);
    assert.ok(served[0] > 0 && served[1] > 0, `both instances took intakes: ${served}`);
  } finally {
    await lb.stop();
  }
});

// On PostgreSQL a worker waits for each answer of the database, so an instance runs 4 workers a
// core by default (src/main.c; docs/postgresql.md "Deployment"), each with its pooled connection.
// Two instances on databases of their own, one with the default and one with --threads 3: their
// connections differ by exactly the workers.
test('on PostgreSQL an instance runs 4 workers a core unless --threads says otherwise', { skip }, async () => {
  const cores = Number(spawnSync('getconf', ['_NPROCESSORS_ONLN'], { encoding: 'utf8' }).stdout.trim());
  assert.ok(cores > 0);
  const dflt = await startServer();
  const three = await startServer({ args: ['--threads', '3'] });
  try {
    const connections = (srv) => {
      const url = readFileSync(path.join(srv.data, 'database-url'), 'utf8').trim();
      const db = url.slice(url.lastIndexOf('/') + 1);
      const r = spawnSync('psql', ['-X', '-At', `${PG}/postgres`, '-c',
        `SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}'`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return Number(r.stdout.trim());
    };
    assert.equal(connections(dflt) - connections(three), Math.min(cores * 4, 64) - 3);
  } finally {
    await three.stop();
    await dflt.stop();
  }
});
