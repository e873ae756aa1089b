// motcua and a PostgreSQL that goes away and comes back (the api_pg run; its own server, started
// with scripts/pg.sh, so that the shared one of the other tests stays up): the server crashes
// (pg_ctl stop -m immediate) while motcua runs; requests meanwhile are answered 503 problem+json,
// never 500 and never a hang, and once PostgreSQL is back motcua's connections reconnect by
// themselves: intakes go on with the next code, nothing acknowledged is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, client, login, motcua, PG, ADMIN_PASSWORD, TEST_CLOCK, sourceDir } from './lib/server.mjs';
import { DEMO_PASSWORD, guardianship, HK_POINT } from './lib/dossiers.mjs';

const skip = PG ? false : 'needs PostgreSQL (the api_pg run)';
const pgsh = path.join(sourceDir, 'scripts/pg.sh');
let pgdir;
let srv;

function pg(...args) {
  const r = spawnSync('sh', [pgsh, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

before(async () => {
  if (skip) return;
  // A directory the server's user can reach when this runs as root (scripts/pg.sh).
  pgdir = mkdtempSync(path.join(tmpdir(), 'motcua-pg-reconnect-'));
  const url = pg('start', pgdir);
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-test-'));
  const data = path.join(dir, 'data');
  let r = motcua(['init', '--data', data, '--database', url], { MOTCUA_ADMIN_PASSWORD: ADMIN_PASSWORD });
  assert.equal(r.status, 0, r.stderr);
  r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: DEMO_PASSWORD, MOTCUA_DEMO_DOSSIERS: '0' });
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ data, dir, args: ['--test-clock', TEST_CLOCK] });
});
after(async () => {
  if (srv) await srv.stop();
  if (pgdir) { pg('stop', pgdir); rmSync(pgdir, { recursive: true, force: true }); }
});

test('PostgreSQL crashes and comes back: 503 meanwhile, then motcua reconnects by itself', { skip }, async () => {
  const request = client(srv.base);
  const token = await login(request, 'tiepnhan.hoankiem', DEMO_PASSWORD);
  const first = await request('POST', '/api/v1/dossiers', { token, body: guardianship() });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.code, `${HK_POINT}-261126-0001`);

  spawnSync('sh', [pgsh, 'stop', pgdir]); // the server is gone
  const during = await request('POST', '/api/v1/dossiers', { token, body: guardianship() });
  assert.equal(during.status, 503, during.text);
  assert.equal(during.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  assert.equal(during.json.status, 503);
  const health = await request('GET', '/api/v1/health');
  assert.equal(health.status, 503);
  assert.deepEqual(health.json.reasons, ['database_unavailable']);

  pg('restart', pgdir); // back, on the same port
  let after1 = null;
  for (let i = 0; i < 40; i++) {
    after1 = await request('POST', '/api/v1/dossiers', { token, body: guardianship() });
    if (after1.status === 201) break;
    assert.equal(after1.status, 503, after1.text);
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.equal(after1.status, 201, after1.text);
  assert.equal(after1.json.code, `${HK_POINT}-261126-0002`);
  // Every connection of the pool is back: a burst succeeds whole.
  const burst = await Promise.all(Array.from({ length: 12 }, () => request('POST', '/api/v1/dossiers', { token, body: guardianship() })));
  assert.deepEqual(burst.map((x) => x.status), Array(12).fill(201));
  const seen = await request('GET', `/api/v1/dossiers/${first.json.code}`, { token });
  assert.equal(seen.status, 200);
  assert.equal((await request('GET', '/api/v1/health')).status, 200);
});
