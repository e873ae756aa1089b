// Housekeeping (issue 13, item 9) and health (item 6): what has expired is gone once the server
// listens; a login flood leaves a bounded number of rows, which the scheduled sweep then removes;
// health says "degraded" with its reasons when the data directory is short of space.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, utimesSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startServer, client, initData } from './lib/server.mjs';

function sql(data, text) {
  const r = spawnSync('sqlite3', [path.join(data, 'motcua.db'), text], { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}
const rows = (data, table, where = '1') => Number(sql(data, `SELECT count(*) FROM ${table} WHERE ${where}`));

async function until(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('expired sessions, old failed logins, idempotency keys, pending logins and temporary files are gone after start', async (t) => {
  const { dir, data } = initData();
  const now = Math.floor(Date.now() / 1000);
  sql(data, `
    INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (randomblob(32), 1, ${now - 90000}, ${now - 3600});
    INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (randomblob(32), 1, ${now - 60}, ${now + 3600});
    INSERT INTO login_failures (username, addr, at) VALUES ('nobody-1', '198.51.100.7', ${now - 7200});
    INSERT INTO login_failures (username, addr, at) VALUES ('nobody-2', NULL, ${now - 1000});
    INSERT INTO login_failures (username, addr, at) VALUES ('admin', '198.51.100.7', ${now - 60});
    INSERT INTO idempotency_keys VALUES (1, 'old', x'00', 201, 'X', ${now - 90000});
    INSERT INTO idempotency_keys VALUES (1, 'new', x'00', 201, 'X', ${now - 60});
    CREATE TABLE IF NOT EXISTS oidc_pending (state_hash BLOB PRIMARY KEY, nonce TEXT NOT NULL,
      verifier TEXT NOT NULL, return_to TEXT, created_at INTEGER NOT NULL) STRICT;
    INSERT INTO oidc_pending VALUES (x'01', 'n', 'v', NULL, ${now - 7200});
    INSERT INTO oidc_pending VALUES (x'02', 'n', 'v', NULL, ${now - 60});`);
  for (const sub of ['tmp', 'blobs/tmp']) mkdirSync(path.join(data, sub), { recursive: true });
  const old = path.join(data, 'tmp', 'upload-1.part');
  const fresh = path.join(data, 'tmp', 'upload-2.part');
  const oldBlob = path.join(data, 'blobs', 'tmp', '00112233aabbccdd');
  for (const f of [old, fresh, oldBlob]) writeFileSync(f, 'x');
  // Times from the same clock the server reads (under libfaketime a new file's own time is not).
  utimesSync(old, now - 7200, now - 7200);
  utimesSync(fresh, now - 60, now - 60);
  utimesSync(oldBlob, now - 3700, now - 3700);

  const srv = await startServer({ data, dir });
  t.after(() => srv.stop());
  assert.equal(rows(data, 'sessions'), 1);
  assert.equal(rows(data, 'sessions', `expires_at > ${now}`), 1);
  assert.deepEqual(sql(data, 'SELECT username FROM login_failures ORDER BY username'), 'admin');
  assert.equal(sql(data, 'SELECT key FROM idempotency_keys'), 'new');
  assert.equal(sql(data, 'SELECT hex(state_hash) FROM oidc_pending'), '02');
  assert.equal(existsSync(old), false);
  assert.equal(existsSync(oldBlob), false);
  assert.equal(existsSync(fresh), true);
  assert.match(srv.log(), /housekeeping deleted 1 expired sessions, 2 failed logins, 1 idempotency keys, 1 pending identity-provider logins, 2 temporary files/);
});

test('a login flood leaves bounded rows, and the sweep removes them once out of the window', async (t) => {
  const { dir, data } = initData();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let srv = await startServer({ data, args: ['--login-ip-max', '20', '--login-max', '5'] });
  const request = client(srv.base);
  const statuses = { 401: 0, 429: 0 };
  // 300 unknown usernames from one address, then one username 30 times (from the same address,
  // already over its limit: no row either).
  const names = [...Array.from({ length: 300 }, (_, i) => `flood-${i}`), ...Array(30).fill('flood-x')];
  for (let i = 0; i < names.length; i += 10) {
    const batch = names.slice(i, i + 10).map((username) => request('POST', '/api/v1/auth/login', {
      body: { username, password: 'guess-guess-1' },
    }));
    for (const r of await Promise.all(batch)) statuses[r.status] = (statuses[r.status] || 0) + 1;
  }
  // Two hashing threads may both pass the check at the 20th failure; neither adds a 21st row.
  assert.ok(statuses[401] >= 20 && statuses[401] <= 22, `${statuses[401]} answers 401`);
  assert.equal(statuses[401] + statuses[429], 330);
  assert.equal(rows(data, 'login_failures'), 20);
  assert.equal(rows(data, 'login_failures', "addr = '127.0.0.1'"), 20);
  await srv.stop();

  // The same data with a one-second window, swept every second: the rows go.
  srv = await startServer({ data, args: ['--login-window', '1', '--sweep-interval', '1'] });
  t.after(() => srv.stop());
  await until('the sweep', () => rows(data, 'login_failures') === 0);
});

test('health is degraded, with its reason, when the data directory has less free space than asked', async (t) => {
  const srv = await startServer({ args: ['--disk-min-free', String(2 ** 60)] });
  t.after(() => srv.stop());
  const r = await client(srv.base)('GET', '/api/v1/health');
  assert.equal(r.status, 503);
  assert.equal(r.json.status, 'degraded');
  assert.deepEqual(r.json.reasons, ['disk_low']);
  assert.ok(r.json.disk_free_bytes > 0 && r.json.disk_free_bytes < 2 ** 60);
  assert.equal(r.json.database, 'sqlite');
});
