// A primary, its synchronous streaming standby, and a failover under intake load (the api_pg run;
// its own two servers, started with scripts/pg.sh, never the shared one): motcua serves through a
// multi-host URL with target_session_attrs=read-write; the primary's postmaster is killed
// (SIGKILL) while intakes run at one point, the standby is promoted, and motcua reconnects by
// itself. Every intake is retried with its Idempotency-Key until it is answered 201, so each one
// ends as exactly one dossier: the codes at the point are 1..N with N the number of intakes, each
// answered code is on the promoted server, the audit chain verifies, and the first intake after
// the promotion is answered within a bound (a recovery property; the figures are printed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServer, client, login, motcua, ADMIN_PASSWORD, TEST_CLOCK, sourceDir } from './lib/server.mjs';
import { DEMO_PASSWORD, guardianship, HK_POINT } from './lib/dossiers.mjs';

const PGBIN = process.env.PGBIN || '/usr/lib/postgresql/15/bin';
const skip = existsSync(path.join(PGBIN, 'pg_basebackup')) ? false : `needs PostgreSQL 15's binaries in ${PGBIN}`;
const pgsh = path.join(sourceDir, 'scripts/pg.sh');
const WORKERS = 4;             // intakes in flight at once
const BEFORE = 16;             // intakes answered before the kill
const AFTER = 16;              // intakes answered after the promotion
const RECOVERY_BOUND = 30000;  // ms from the promotion to the first intake answered 201
const DAY = `${HK_POINT}-261126-`;

let primary;  // { dir, port }
let standby;
let dataDir;
let srv;

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

function pg(...args) {
  const r = spawnSync('sh', [pgsh, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** psql's one-column answer, as lines: as the superuser through DIR's socket, or as motcua. */
function psql(server, sql, { superuser = false } = {}) {
  const conn = superuser
    ? ['-h', path.join(server.dir, 'sock'), '-p', String(server.port), '-U', 'postgres', '-d', 'postgres']
    : [`postgresql://motcua@127.0.0.1:${server.port}/motcua`];
  const r = spawnSync(path.join(PGBIN, 'psql'), ['-X', '-tA', '-v', 'ON_ERROR_STOP=1', ...conn, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

const portOf = (url) => Number(new URL(url).port);

before(async () => {
  if (skip) return;
  // Directories the server's user can reach when this runs as root (scripts/pg.sh).
  primary = { dir: mkdtempSync(path.join(tmpdir(), 'motcua-failover-primary-')) };
  primary.port = portOf(pg('start', primary.dir));
  standby = { dir: mkdtempSync(path.join(tmpdir(), 'motcua-failover-standby-')) };
  standby.port = portOf(pg('standby', primary.dir, standby.dir));
  const url = `postgresql://motcua@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/motcua?target_session_attrs=read-write`;
  dataDir = mkdtempSync(path.join(tmpdir(), 'motcua-test-'));
  const data = path.join(dataDir, 'data');
  let r = motcua(['init', '--data', data, '--database', url], { MOTCUA_ADMIN_PASSWORD: ADMIN_PASSWORD });
  assert.equal(r.status, 0, r.stderr);
  r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: DEMO_PASSWORD, MOTCUA_DEMO_DOSSIERS: '0' });
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ data, dir: dataDir, args: ['--test-clock', TEST_CLOCK] });
});
// Tests that reached their last line; the server's log is printed when one did not (the run's
// order of reconnections and 503s is what a failure here needs to be understood).
const passed = new Set();
after(async () => {
  if (srv && passed.size < 2) console.log(`server log:\n${srv.log().split('\n').slice(-400).join('\n')}`);
  try {
    if (srv) await srv.stop();
  } finally {
    for (const s of [primary, standby]) {
      if (!s) continue;
      try { pg('stop', s.dir); } finally { rmSync(s.dir, { recursive: true, force: true }); }
    }
    if (dataDir && !srv) rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A TCP listener on 127.0.0.1:port that accepts connections and never says a word. */
async function silentListener(port) {
  const sockets = new Set();
  const server = net.createServer((s) => { sockets.add(s); s.on('error', () => {}); s.on('close', () => sockets.delete(s)); });
  // The killed postmaster's port is free at once; a few tries cover its last moments.
  for (let i = 0; ; i++) {
    try {
      await new Promise((res, rej) => { server.once('error', rej); server.listen(port, '127.0.0.1', () => { server.off('error', rej); res(); }); });
      break;
    } catch (e) {
      if (i >= 50) throw e;
      await sleep(20);
    }
  }
  return {
    close: () => new Promise((res) => { for (const s of sockets) s.destroy(); server.close(() => res()); }),
  };
}

/** The next server-sent event (pings skipped) whose data satisfies `want`, within ms. */
async function eventWhere(reader, state, want, ms) {
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
      if (ev.event && want(ev)) return ev;
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) return null;
    // A read that outlives its deadline stays pending and will receive the next chunk: it is kept
    // for the next call rather than abandoned (an abandoned read would swallow that chunk).
    state.pending ??= reader.read();
    const r = await Promise.race([state.pending, sleep(left).then(() => ({ timeout: true }))]);
    if (r.timeout) return null;
    state.pending = null;
    if (r.done) throw new Error('stream ended');
    state.buf += new TextDecoder().decode(r.value);
  }
}

test('the primary dies under intake load, the standby is promoted: nothing acknowledged is lost, codes stay consecutive', { skip, timeout: 240000 }, async () => {
  const request = client(srv.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);

  // The standby streams and is the primary's synchronous one: a commit returns once it has it.
  assert.deepEqual(psql(primary, 'SELECT application_name, state, sync_state FROM pg_stat_replication', { superuser: true }),
    [`${readFileSync(path.join(standby.dir, 'name'), 'utf8').trim()}|streaming|sync`]);
  assert.deepEqual(psql(primary, 'SHOW synchronous_commit'), ['on']);

  const answered = [];           // { code, key, at, attempts }
  const refused = [];            // statuses other than 201 and 503, with their text
  const counts = { 503: 0, connection: 0 };
  const t = { kill: Infinity, promoteStart: Infinity, promoted: Infinity };
  let stop = false;

  // One intake, sent again with the same Idempotency-Key and body until it is answered 201.
  async function intake(key) {
    const deadline = Date.now() + 90000;
    for (let attempts = 1; ; attempts++) {
      let r = null;
      try {
        r = await request('POST', '/api/v1/dossiers', { token, body: guardianship(), headers: { 'Idempotency-Key': key } });
      } catch (e) {
        counts.connection++;
        console.log(`connection error: ${e.cause?.code} ${e.cause?.message}`);
      }
      if (r && r.status === 201) return { code: r.json.code, key, at: Date.now(), attempts };
      if (r && r.status === 503) {
        counts[503]++;
        if (r.headers.get('content-type') !== 'application/problem+json; charset=utf-8' || r.json?.status !== 503) refused.push(`503 ${r.text}`);
      } else if (r) {
        refused.push(`${r.status} ${r.text}`);
      }
      if (Date.now() > deadline) throw new Error(`intake ${key} not answered 201 in 90 s`);
      await sleep(50);
    }
  }
  async function worker(w) {
    for (let i = 0; !stop; i++) answered.push(await intake(`failover-${w}-${i}`));
  }
  async function until(cond, ms, what) {
    const deadline = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`${what} not within ${ms} ms`);
      await sleep(20);
    }
  }

  const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
  let load;
  let silent = null;
  let outage = null;
  try {
    await until(() => answered.length >= BEFORE, 60000, `${BEFORE} intakes before the kill`);
    // The primary's machine is lost: its postmaster dies at once (its backends follow it).
    const pid = Number(readFileSync(path.join(primary.dir, 'data/postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    t.kill = Date.now();
    // ... and its address goes silent, as a lost machine's does: a connection there is neither
    // refused nor answered, so each reconnection waits libpq's connect_timeout (motcua's default
    // 5 s) on it before it tries the next host. A listener that accepts and never answers.
    silent = await silentListener(primary.port);
    // No server takes writes now: requests are answered 503 (health: database_unavailable), and
    // within seconds, not hung on the silent host.
    await until(() => counts[503] >= 1, 30000, 'a 503 while no server takes writes');
    const h0 = Date.now();
    const health = await request('GET', '/api/v1/health');
    outage = { status: health.status, reasons: health.json?.reasons, ms: Date.now() - h0 };
    // The operator promotes the standby; the load goes on meanwhile (an asynchronous child).
    t.promoteStart = Date.now();
    await promisify(execFile)('sh', [pgsh, 'promote', standby.dir]);
    t.promoted = Date.now();
    await until(() => answered.filter((a) => a.at > t.promoted).length >= AFTER, 60000, `${AFTER} intakes after the promotion`);
  } finally {
    stop = true;
    load = await Promise.allSettled(workers);
    if (silent) await silent.close();
  }
  for (const l of load) assert.equal(l.status, 'fulfilled', l.reason?.stack);

  const firstAfterKill = Math.min(...answered.filter((a) => a.at > t.kill).map((a) => a.at));
  const firstAfterPromotion = Math.min(...answered.filter((a) => a.at > t.promoted).map((a) => a.at));
  const phases = {
    before: answered.filter((a) => a.at <= t.kill).length,
    during: answered.filter((a) => a.at > t.kill && a.at <= t.promoted).length,
    after: answered.filter((a) => a.at > t.promoted).length,
  };
  console.log(`failover: ${answered.length} intakes (${phases.before} before the kill, ${phases.during} during, ${phases.after} after the promotion); `
    + `503 answers ${counts[503]}, connection errors ${counts.connection}, most attempts for one intake ${Math.max(...answered.map((a) => a.attempts))}; `
    + `health answered 503 in ${outage.ms} ms during the outage; promote took ${t.promoted - t.promoteStart} ms; first intake answered ${firstAfterKill - t.kill} ms after the kill, `
    + `${firstAfterPromotion - t.promoted} ms after the promotion returned`);

  // Only 201 and 503 problem+json were answered: never a 500, never another error, never a
  // dropped connection.
  assert.deepEqual(refused, []);
  assert.equal(counts.connection, 0);
  assert.deepEqual([outage.status, outage.reasons], [503, ['database_unavailable']]);
  assert.ok(outage.ms < 15000, `health answered in ${outage.ms} ms while no server took writes`);
  assert.ok(firstAfterPromotion - t.promoted <= RECOVERY_BOUND, `an intake answered within ${RECOVERY_BOUND} ms of the promotion`);

  // One dossier per intake, distinct codes, all at the point and day.
  const codes = answered.map((a) => a.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of codes) assert.ok(c.startsWith(DAY), c);
  const mine = codes.map((c) => Number(c.slice(DAY.length))).sort((x, y) => x - y);
  assert.deepEqual(mine, Array.from({ length: codes.length }, (_, i) => i + 1));

  // The promoted server holds exactly those dossiers: codes 1..N, no gap, no repeat, no other.
  const onStandby = psql(standby, `SELECT code FROM dossiers WHERE code LIKE '${DAY}%' ORDER BY code`);
  assert.deepEqual(onStandby, [...codes].sort());
  assert.deepEqual(psql(standby, 'SELECT pg_is_in_recovery()'), ['f']);
  // ... and motcua reads each of them from it.
  for (const c of codes) {
    const r = await request('GET', `/api/v1/dossiers/${c}`, { token });
    assert.equal(r.status, 200, `${c}: ${r.text}`);
    assert.equal(r.json.code, c);
  }

  // Health is whole again: the database answers and takes writes.
  const health = await request('GET', '/api/v1/health');
  assert.equal(health.status, 200, health.text);

  // The audit chain over the failover verifies (the data directory remembers the multi-host URL).
  const v = motcua(['audit', 'verify', '--data', srv.data]);
  assert.equal(v.status, 0, v.stderr);
  assert.match(v.stdout, /^audit chain intact: \d+ events$/m);
  passed.add('failover');
});

test('after the failover the listener listens on the promoted server (a queue board sees its tickets)', { skip, timeout: 60000 }, async () => {
  // Runs after the failover above: this instance's streams get their events through its own
  // LISTEN connection, which must have found the new primary by itself.
  const request = client(srv.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const ctl = new AbortController();
  const res = await fetch(`${srv.base}/api/v1/points/${HK_POINT}/queue/stream`, { signal: ctl.signal });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  const state = { buf: '' };
  try {
    const board = await eventWhere(reader, state, (e) => e.event === 'board', 5000);
    assert.ok(board, 'the board arrives first');
    // The listener retries every second: a ticket issued before it is back is not streamed, so
    // tickets are issued until one is (within a deadline).
    let seen = null;
    const deadline = Date.now() + 20000;
    while (!seen && Date.now() < deadline) {
      const tk = await request('POST', `/api/v1/points/${HK_POINT}/tickets`, { token, body: {} });
      assert.equal(tk.status, 201, tk.text);
      seen = await eventWhere(reader, state, (e) => e.event === 'ticket' && e.data.ticket.number === tk.json.number, 2000);
    }
    assert.ok(seen, 'a ticket issued after the failover is streamed');
    assert.equal(seen.data.point, HK_POINT);
    passed.add('listener');
  } finally {
    ctl.abort();
  }
});
