// The audit chain and the command line: audit events over the API, `motcua audit verify` on an
// intact database and on copies edited behind its back, backup, init twice, graceful SIGTERM.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, client, login, motcua, initData, ADMIN_PASSWORD } from './lib/server.mjs';

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// Temporary directories of this file, removed when it ends.
const temps = [];
after(() => { for (const t of temps) rmSync(t, { recursive: true, force: true }); });
const tempDir = (prefix) => { const d = mkdtempSync(path.join(tmpdir(), prefix)); temps.push(d); return d; };

function copyData(data, name) {
  const dest = path.join(tempDir('motcua-copy-'), name);
  mkdirSync(dest);
  for (const f of ['motcua.db', 'motcua.db-wal', 'motcua.db-shm']) {
    if (existsSync(path.join(data, f))) copyFileSync(path.join(data, f), path.join(dest, f));
  }
  return dest;
}

test('audit events, verification, tampering caught, backup, init twice, SIGTERM', async (t) => {
  const { dir, data } = initData();
  temps.push(dir);
  const srv = await startServer({ data });
  t.after(async () => { if (srv.proc.exitCode === null) srv.proc.kill('SIGKILL'); });
  const request = client(srv.base);
  const admin = await login(request, 'admin', ADMIN_PASSWORD);
  let r = await request('POST', '/api/v1/users', {
    token: admin,
    body: { username: 'audit.me', password: 'correct horse 1', full_name: 'Kiểm Toán', roles: [{ role: 'receiver', unit: '001.01.50.H26' }] },
  });
  assert.equal(r.status, 201);

  // The log lists init's events, the login and the new user, oldest first, chained.
  r = await request('GET', '/api/v1/audit?limit=500', { token: admin });
  assert.equal(r.status, 200);
  const actions = r.json.items.map((e) => e.action);
  assert.deepEqual(actions, ['seed_units', 'calendar_load_official', 'seed_procedures', 'create_user', 'login', 'create_user']);
  const ev = r.json.items[5];
  assert.equal(ev.actor, 'admin');
  assert.equal(ev.entity, 'user:audit.me');
  assert.deepEqual(ev.detail, { username: 'audit.me', roles: 1 });
  for (let i = 1; i < r.json.items.length; i++) assert.equal(r.json.items[i].prev_hash, r.json.items[i - 1].hash);
  // Pagination and the entity filter.
  r = await request('GET', '/api/v1/audit?limit=4', { token: admin });
  assert.equal(r.json.items.length, 4);
  const r2 = await request('GET', `/api/v1/audit?limit=4&cursor=${r.json.next_cursor}`, { token: admin });
  assert.deepEqual(r2.json.items.map((e) => e.id), [5, 6]);
  assert.equal(r2.json.next_cursor, null);
  r = await request('GET', '/api/v1/audit?entity=user:audit.me', { token: admin });
  assert.deepEqual(r.json.items.map((e) => e.id), [6]);
  // Only administrators read it.
  const other = await login(request, 'audit.me', 'correct horse 1');
  assert.equal((await request('GET', '/api/v1/audit', { token: other })).status, 403);

  // SIGTERM drains and exits cleanly.
  const stopped = await srv.stop();
  assert.equal(stopped.code, 0);

  let v = motcua(['audit', 'verify', '--data', data]);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), 'audit chain intact: 7 events');

  // An edited row is caught and named.
  const edited = copyData(data, 'edited');
  sqlite(path.join(edited, 'motcua.db'), "UPDATE audit_events SET detail = '{\"username\":\"someone.else\",\"roles\":1}' WHERE id = 6");
  v = motcua(['audit', 'verify', '--data', edited]);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /^audit chain BROKEN at event 6: its content does not match its hash/);

  // A removed row is caught at the gap.
  const removed = copyData(data, 'removed');
  sqlite(path.join(removed, 'motcua.db'), 'DELETE FROM audit_events WHERE id = 2');
  v = motcua(['audit', 'verify', '--data', removed]);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /BROKEN at event 2: an event is missing/);

  // A row rewritten with a recomputed-looking hash but a broken link is caught too.
  const relinked = copyData(data, 'relinked');
  sqlite(path.join(relinked, 'motcua.db'), "UPDATE audit_events SET prev_hash = zeroblob(32) WHERE id = 3");
  v = motcua(['audit', 'verify', '--data', relinked]);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /BROKEN at event 3: its previous-hash/);

  // Backup: a consistent copy that verifies on its own.
  const bdir = path.join(tempDir('motcua-backup-'), 'restored');
  mkdirSync(bdir);
  const b = motcua(['backup', '--data', data, path.join(bdir, 'motcua.db')]);
  assert.equal(b.status, 0, b.stderr);
  v = motcua(['audit', 'verify', '--data', bdir]);
  assert.equal(v.stdout.trim(), 'audit chain intact: 7 events');
  assert.equal(sqlite(path.join(bdir, 'motcua.db'), "SELECT count(*) FROM units WHERE kind = 'service_point'"), '126');
  assert.notEqual(motcua(['backup', '--data', data, path.join(bdir, 'motcua.db')]).status, 0);

  // init leaves an initialized directory untouched.
  const again = motcua(['init', '--data', data], { MOTCUA_ADMIN_PASSWORD: 'another-pass-9' });
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /already initialized/);
  v = motcua(['audit', 'verify', '--data', data]);
  assert.equal(v.stdout.trim(), 'audit chain intact: 7 events');

  // --help on each command.
  for (const args of [['--help'], ['init', '--help'], ['serve', '--help'], ['audit', 'verify', '--help']]) {
    const h = motcua(args);
    assert.equal(h.status, 0, args.join(' '));
    assert.match(h.stdout, /usage: motcua/);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('init generates and prints a password once when none is given', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-gen-'));
  const env = { ...process.env };
  delete env.MOTCUA_ADMIN_PASSWORD;
  const r = spawnSync(process.env.MOTCUA_BIN || 'build/motcua', ['init', '--data', path.join(dir, 'd')], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /administrator "admin", password: [a-zA-Z0-9]{16} \(shown once\)/);
  rmSync(dir, { recursive: true, force: true });
});
