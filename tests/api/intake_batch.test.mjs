// Concurrent intakes are committed together (svc/group_commit.c): each answer must still stand
// alone (a refusal inside a shared transaction undoes only its own intake), and nothing answered
// 201 may be lost when the process dies (every commit is synchronous=FULL before any answer).
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import assert from 'node:assert/strict';
import { startServer, client, login, initData, motcua, ADMIN_PASSWORD, PG } from './lib/server.mjs';
import { DEMO_PASSWORD, guardianship, HK_POINT } from './lib/dossiers.mjs';

async function demoData() {
  const { data } = initData();
  const r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: DEMO_PASSWORD, MOTCUA_DEMO_DOSSIERS: '0' });
  if (r.status !== 0) throw new Error(r.stderr);
  return data;
}

test('in a shared commit, an intake refused for its Idempotency-Key leaves the others whole', async (t) => {
  const data = await demoData();
  const srv = await startServer({ data, args: ['--test-clock', '2026-11-26T09:00:00+07:00', '--threads', '4'] });
  t.after(() => srv.stop());
  const request = client(srv.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const first = await request('POST', '/api/v1/dossiers', { token, body: guardianship(), headers: { 'Idempotency-Key': 'k-1' } });
  assert.equal(first.status, 201, first.text);
  // 30 new intakes, 10 replays of k-1 (same body) and 10 reuses of k-1 with another body, at once.
  const jobs = [];
  for (let i = 0; i < 50; i++) {
    const kind = i % 5 === 1 ? 'replay' : i % 5 === 3 ? 'conflict' : 'new';
    const body = kind === 'conflict' ? guardianship({ return_channel: 'post' }) : guardianship();
    const headers = kind === 'new' ? {} : { 'Idempotency-Key': 'k-1' };
    jobs.push(request('POST', '/api/v1/dossiers', { token, body, headers }).then((r) => ({ kind, r })));
  }
  const done = await Promise.all(jobs);
  const fresh = [];
  for (const { kind, r } of done) {
    if (kind === 'conflict') {
      assert.equal(r.status, 409, r.text);
    } else if (kind === 'replay') {
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.code, first.json.code);
    } else {
      assert.equal(r.status, 201, r.text);
      fresh.push(r.json.code);
    }
  }
  // The 30 new ones numbered 2..31 with no gap: refusals used no number.
  assert.deepEqual(fresh.map((c) => Number(c.slice(-4))).sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 2));
  for (const code of fresh) {
    assert.ok(code.startsWith(`${HK_POINT}-261126-`), code);
    assert.equal((await request('GET', `/api/v1/dossiers/${code}`, { token })).status, 200, code);
  }
  const history = await request('GET', `/api/v1/dossiers/${first.json.code}/history`, { token });
  assert.equal(history.json.items.length, 1);
  // A batch runs its jobs with no savepoint first; a refusal sends the whole batch round again,
  // each job in its savepoint (what the answers above check is that pass's work).
  const again = srv.log().match(/group commit: a job of a batch of \d+ failed \(conflict\)/g) || [];
  assert.ok(again.length >= 1, srv.log());
});

test('kill -9 during 300 parallel intakes loses no answered intake; each committed one is found by name', async (t) => {
  const data = await demoData();
  const first = await startServer({ data, args: ['--threads', '4'] });
  t.after(() => { if (first.proc.exitCode === null) first.proc.kill('SIGKILL'); });
  const request = client(first.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  // 240 first, so that the 256th dossier, whose commit writes the name postings of the first 256
  // on SQLite (migration 0049), falls among those the kill cuts through.
  for (let i = 0; i < 6; i++) {
    const some = await Promise.all(Array.from({ length: 40 }, () => request('POST', '/api/v1/dossiers', { token, body: guardianship() })));
    for (const r of some) assert.equal(r.status, 201, r.text);
  }
  const answered = [];
  let killed = false;
  const died = new Promise((resolve) => first.proc.on('exit', resolve));
  const intakes = Array.from({ length: 300 }, async () => {
    try {
      const res = await fetch(`${first.base}/api/v1/dossiers`, {
        method: 'POST', body: JSON.stringify(guardianship()),
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      });
      if (res.status === 201) {
        const json = await res.json();
        answered.push({ code: json.code, secret: json.tracking_secret });
        if (answered.length >= 60 && !killed) {
          killed = true;
          first.proc.kill('SIGKILL');
        }
      }
    } catch { /* the connection died with the server */ }
  });
  await Promise.all(intakes);
  if (!killed) first.proc.kill('SIGKILL');
  await died;
  assert.ok(answered.length >= 60, `answered ${answered.length}`);
  assert.ok(answered.length < 300, 'the kill happened before all intakes finished');

  const second = await startServer({ data });
  t.after(() => second.stop());
  const r2 = client(second.base);
  for (const a of answered) {
    const res = await r2('GET', `/api/v1/public/dossiers/${a.code}?secret=${a.secret}`);
    assert.equal(res.status, 200, a.code);
    assert.equal(res.json.status, 'received');
  }
  // Every dossier that committed is found by its applicant's name, once: on SQLite the name
  // postings of each 256 dossiers are written in the commit of the 256th (migration 0049), the
  // later ones read row by row, whatever point the kill fell at.
  const t2 = await login(r2, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const pages = async (q) => {
    const codes = [];
    let cursor = '';
    do {
      const res = await r2('GET', `/api/v1/dossiers?limit=50${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: t2 });
      assert.equal(res.status, 200, res.text);
      codes.push(...res.json.items.map((d) => d.code));
      cursor = res.json.next_cursor;
    } while (cursor);
    return codes;
  };
  const all = await pages('');
  const byName = await pages(`&q=${encodeURIComponent('nguyen thi hang')}`);
  assert.deepEqual(byName, all);
  assert.ok(all.length >= 240 + answered.length, `${all.length} dossiers, ${answered.length} answered`);
  for (const a of answered) assert.ok(byName.includes(a.code), a.code);
  assert.equal(motcua(['audit', 'verify', '--data', data]).status, 0);
});

/** CPU ticks (user + system) of the server's threads named `name`, from /proc. */
function threadTicks(pid, name) {
  let ticks = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    if (readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim() !== name) continue;
    const f = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks;
}

test('intakes wait for their commit with no thread: one HTTP worker still serves reads and 40 intakes in flight', async (t) => {
  const data = await demoData();
  const srv = await startServer({ data, args: ['--test-clock', '2026-11-26T09:00:00+07:00', '--threads', '1', '--write-threads', '8'] });
  t.after(() => srv.stop());
  const request = client(srv.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const poolBefore = threadTicks(srv.proc.pid, 'mc-write');
  const intakes = Array.from({ length: 40 }, () => request('POST', '/api/v1/dossiers', { token, body: guardianship() }));
  const reads = Array.from({ length: 10 }, () => request('GET', '/api/v1/health'));
  const done = await Promise.all(intakes);
  // The worker checked each intake and left it waiting for the writer (http/server.c req_await):
  // the write pool, for intakes past 256 waiting, did nothing.
  assert.equal(threadTicks(srv.proc.pid, 'mc-write'), poolBefore);
  for (const r of await Promise.all(reads)) assert.equal(r.status, 200);
  for (const r of done) assert.equal(r.status, 201, r.text);
  assert.deepEqual(done.map((r) => Number(r.json.code.slice(-4))).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1));
  // The row as the intake wrote it, final at once: the receiving officer and the papers not scanned
  // (sql/*/0035_intake_final_row.sql), as the reports count them.
  const admin = await login(request, 'admin', ADMIN_PASSWORD);
  const staff = await request('GET', '/api/v1/reports/staff?from=2026-11-26&to=2026-11-26T17:00:00%2B07:00', { token: admin });
  assert.equal(staff.status, 200, staff.text);
  assert.deepEqual(staff.json.items.map((i) => [i.username, i.received]), [['tiepnhan.hoankiem', 40]]);
  // The threads are named by role (base.h thread_name), as top -H and perf show them: the write
  // pool's 8, the slow pool's 2, one group-commit writer; on SQLite one WAL checkpointer, on
  // PostgreSQL none and one listener of the other instances' changes.
  const names = readdirSync(`/proc/${srv.proc.pid}/task`).map((t) => readFileSync(`/proc/${srv.proc.pid}/task/${t}/comm`, 'utf8').trim());
  const count = (n) => names.filter((x) => x === n).length;
  assert.deepEqual(['mc-write', 'mc-slow', 'mc-writer', 'mc-checkpoint', 'mc-listen'].map(count), [8, 2, 1, PG ? 0 : 1, PG ? 1 : 0]);
});

test('--write-threads takes 1 to 256', () => {
  for (const v of ['0', '257', 'x']) {
    const r = motcua(['serve', '--data', '/nonexistent', '--write-threads', v]);
    assert.equal(r.status, 2, v);
    assert.match(r.stderr, /bad or unknown option --write-threads/);
  }
});

test('intakes whose clients hang up while they wait for the commit: committed, nothing held, the server stops', async (t) => {
  const data = await demoData();
  const srv = await startServer({ data, args: ['--test-clock', '2026-11-26T09:00:00+07:00', '--threads', '1'] });
  let stopped = false;
  t.after(() => (stopped ? undefined : srv.stop()));
  const request = client(srv.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const url = new URL(srv.base);
  const body = JSON.stringify(guardianship());
  // 20 intakes sent whole, their connections closed at once, before any answer can come.
  await Promise.all(Array.from({ length: 20 }, () => new Promise((resolve) => {
    const sock = net.connect({ host: url.hostname, port: Number(url.port) }, () => {
      sock.end(`POST /api/v1/dossiers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      sock.destroy();
      resolve();
    });
    sock.on('error', resolve);
  })));
  // The server goes on: an intake after them is answered. Its number may come before some of the
  // 20 (the worker reads the closed connections and the new one in whatever order poll gives).
  const r = await request('POST', '/api/v1/dossiers', { token, body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const n = Number(r.json.code.slice(-4));
  assert.ok(n >= 1 && n <= 21, r.json.code);
  // And it stops at once: no request is left counted as waiting (server_stop waits for them).
  const t0 = Date.now();
  await srv.stop();
  stopped = true;
  assert.ok(Date.now() - t0 < 8000, `stop took ${Date.now() - t0} ms`);
  // Every intake that was read is committed, numbered with no gap, the answered one among them.
  const again = await startServer({ data, args: ['--test-clock', '2026-11-26T09:00:00+07:00'] });
  t.after(() => again.stop());
  const request2 = client(again.base);
  const token2 = await login(request2, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const list = await request2('GET', '/api/v1/dossiers?limit=50', { token: token2 });
  assert.equal(list.status, 200, list.text);
  const numbers = list.json.items.map((i) => Number(i.code.slice(-4))).sort((a, b) => a - b);
  assert.ok(numbers.length >= n && numbers.length <= 21, `${numbers.length} committed, the answered one is ${n}`);
  assert.deepEqual(numbers, Array.from({ length: numbers.length }, (_, i) => i + 1));
  assert.ok(list.json.items.some((i) => i.code === r.json.code), r.json.code);
});
