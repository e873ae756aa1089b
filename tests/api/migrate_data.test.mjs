// Moving a pilot from SQLite to PostgreSQL (the api_pg run): `motcua migrate-data --from
// sqlite:DIR --to postgresql://…` copies everything — units with their history after a
// reorganization, accounts and sessions, dossiers with their history, documents' metadata (the
// files stay in DIR), the audit chain, the statistics — and the server then answers the same on
// PostgreSQL, continues the codes, and refuses to copy over a database in use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, client, login, motcua, newPgDatabase, PG, ADMIN_PASSWORD, TEST_CLOCK } from './lib/server.mjs';
import { guardianship, DEMO_PASSWORD, HK_POINT, CENTER } from './lib/dossiers.mjs';
import { pdf } from './lib/files.mjs';

const skip = PG ? false : 'needs PostgreSQL (the api_pg run)';
let dir;

/** A SQLite data directory with the demo accounts and dossiers, whatever the run's backend. */
function sqliteData() {
  const d = mkdtempSync(path.join(tmpdir(), 'motcua-move-'));
  const data = path.join(d, 'data');
  const env = { MOTCUA_DATABASE_URL: '' };
  let r = motcua(['init', '--data', data], { ...env, MOTCUA_ADMIN_PASSWORD: ADMIN_PASSWORD });
  assert.equal(r.status, 0, r.stderr);
  r = motcua(['demo', '--data', data], { ...env, MOTCUA_DEMO_PASSWORD: DEMO_PASSWORD });
  assert.equal(r.status, 0, r.stderr);
  return { d, data };
}

function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** What a client can see of the whole database, to compare before and after the move. */
async function snapshot(request, tokens) {
  const admin = tokens.admin;
  const get = async (p, token = admin) => {
    const r = await request('GET', p, { token });
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    return r.json;
  };
  const list = await get('/api/v1/dossiers?limit=200');
  const dossiers = {};
  for (const d of list.items) {
    dossiers[d.code] = { dossier: await get(`/api/v1/dossiers/${d.code}`), history: await get(`/api/v1/dossiers/${d.code}/history`) };
  }
  return {
    list,
    dossiers,
    audit: await get('/api/v1/audit?limit=500'),
    users: await get('/api/v1/users?limit=200'),
    point: await get(`/api/v1/units/${HK_POINT}`),
    pointBefore: await get(`/api/v1/units/${HK_POINT}?as_of=2026-11-30`),
    reorgs: await get('/api/v1/reorganizations'),
    summary: await get('/api/v1/reports/summary?from=2026-01-01&to=2026-12-31'),
    documents: await get('/api/v1/applicants/001190012345/documents?limit=500', tokens['tiepnhan.hoankiem']),
    me: await get('/api/v1/me', tokens['tiepnhan.hoankiem']),
    // Name searches: on SQLite the demo's dossiers are above the postings' mark (written behind
    // intake, 256 at a time: migration 0049), on PostgreSQL every one has its postings.
    byName: await get(`/api/v1/dossiers?q=${encodeURIComponent('tran van')}&limit=200`),
    byNameStart: await get('/api/v1/dossiers?q=th&limit=200'),
  };
}

before(() => {
  if (skip) return;
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-move-test-'));
});
after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

test('migrate-data copies a pilot into PostgreSQL: same answers, audit intact, codes go on', { skip }, async () => {
  const { d, data } = sqliteData();
  try {
    // The pilot on SQLite, with a document, a dossier moved on, and a reorganization.
    let srv = await startServer({ data, args: ['--test-clock', TEST_CLOCK], env: { MOTCUA_DATABASE_URL: '' } });
    let request = client(srv.base);
    const tokens = { admin: await login(request, 'admin', ADMIN_PASSWORD) };
    for (const u of ['tiepnhan.hoankiem', 'xuly.hoankiem']) tokens[u] = await login(request, u, DEMO_PASSWORD);
    const bytes = pdf('giấy khai sinh');
    const up = await fetch(`${srv.base}/api/v1/documents?owner=001190012345&filename=khai-sinh.pdf`, {
      method: 'POST', body: bytes, headers: { Authorization: `Bearer ${tokens['tiepnhan.hoankiem']}`, 'Content-Type': 'application/pdf' },
    });
    const upText = await up.text();
    assert.equal(up.status, 201, upText);
    const doc = JSON.parse(upText);
    let r = await request('POST', '/api/v1/dossiers', { token: tokens['tiepnhan.hoankiem'], body: guardianship() });
    assert.equal(r.status, 201, r.text);
    const last = r.json.code;
    r = await request('POST', `/api/v1/dossiers/${last}/transfer`, { token: tokens['tiepnhan.hoankiem'], body: {} });
    assert.equal(r.status, 200, r.text);
    r = await request('POST', '/api/v1/reorganizations', {
      token: tokens.admin,
      body: { decision_number: '77/QĐ-UBND', signed_on: '2026-11-26', effective_at: '2026-12-01T00:00:00+07:00', target_unit: CENTER, units: [HK_POINT], handover_days: 30 },
    });
    assert.equal(r.status, 201, r.text);
    const before = await snapshot(request, tokens);
    assert.ok(before.list.items.length >= 16, `${before.list.items.length} dossiers`);
    assert.ok(before.byName.items.length >= 3, `${before.byName.items.length} by name`);
    assert.ok(before.byNameStart.items.length >= 2, `${before.byNameStart.items.length} by a name's start`);
    assert.equal(before.point.parents.length, 2);
    await srv.stop();
    r = motcua(['audit', 'verify', '--data', data], { MOTCUA_DATABASE_URL: '' });
    assert.equal(r.status, 0, r.stderr);
    const events = Number(r.stdout.match(/intact: (\d+) events/)[1]);
    assert.ok(events > 60, r.stdout);

    // Bad invocations change nothing.
    r = motcua(['migrate-data', '--from', data, '--to', `${PG}/postgres`]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: motcua migrate-data --from sqlite:DIR --to postgresql/);
    // A target that holds a table of something else is refused, and that table keeps its row.
    const foreign = newPgDatabase();
    psql(foreign, 'CREATE TABLE ledger (x integer); INSERT INTO ledger VALUES (42)');
    r = motcua(['migrate-data', '--from', `sqlite:${data}`, '--to', foreign]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /table ledger of the target is not in the source/);
    assert.equal(psql(foreign, 'SELECT x FROM ledger'), '42');
    assert.equal(psql(foreign, 'SELECT count(*) FROM users'), '0');
    assert.equal(existsSync(path.join(data, 'database-url')), false);

    // The move.
    const url = newPgDatabase();
    r = motcua(['migrate-data', '--from', `sqlite:${data}`, '--to', url]);
    assert.equal(r.status, 0, r.stderr);
    // Every table of the schema, whatever migrations added (schema_version is the target's own).
    const tables = psql(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'");
    assert.ok(Number(tables) >= 38, tables);
    assert.match(r.stdout, new RegExp(`^copied \\d+ rows of ${tables} tables from `, 'm'));
    assert.match(r.stdout, new RegExp(`^audit chain intact: ${events} events$`, 'm'));
    assert.equal(readFileSync(path.join(data, 'database-url'), 'utf8').trim(), url);
    assert.equal(psql(url, 'SELECT count(*) FROM audit_events'), String(events));
    // The postings SQLite had not written yet are written on PostgreSQL, the mark at the last.
    assert.equal(psql(url, 'SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM dossier_name_words w WHERE w.dossier_id = d.id)'), '0');
    assert.equal(psql(url, "SELECT count(*) FROM dossier_name_words w JOIN dossiers d ON d.id = w.dossier_id WHERE w.name_key <> ' ' || d.search_key || ' ' OR w.word = ''"), '0');
    assert.equal(psql(url, 'SELECT dossier_id = (SELECT max(id) FROM dossiers) FROM dossier_name_words_upto'), 't');

    // Again: the directory runs on PostgreSQL now; another pilot cannot be copied over it.
    r = motcua(['migrate-data', '--from', `sqlite:${data}`, '--to', url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already runs on PostgreSQL/);
    const other = sqliteData();
    r = motcua(['migrate-data', '--from', `sqlite:${other.data}`, '--to', url]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already holds motcua's data/);
    rmSync(other.d, { recursive: true, force: true });

    // The same directory, now on PostgreSQL: the sessions moved too, and every answer is the same.
    srv = await startServer({ data, args: ['--test-clock', TEST_CLOCK], env: { MOTCUA_DATABASE_URL: '' } });
    request = client(srv.base);
    try {
      assert.equal((await request('GET', '/api/v1/health')).json.database, 'postgresql');
      const afterMove = await snapshot(request, tokens);
      assert.deepEqual(afterMove, before);
      // The document's file is read from the same directory.
      const got = await fetch(`${srv.base}/api/v1/documents/${doc.id}`, { headers: { Authorization: `Bearer ${tokens['tiepnhan.hoankiem']}` } });
      assert.equal(got.status, 200);
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), bytes);
      // Codes go on from the last one: the counter moved, new rows get new ids.
      r = await request('POST', '/api/v1/dossiers', { token: tokens['tiepnhan.hoankiem'], body: guardianship() });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.code, `${last.slice(0, -4)}${String(Number(last.slice(-4)) + 1).padStart(4, '0')}`);
      const u = await request('POST', '/api/v1/users', {
        token: tokens.admin,
        body: { username: 'moi.hoankiem', password: 'mat-khau-moi-dai-1', full_name: 'Cán bộ Mới', roles: [{ role: 'receiver', unit: HK_POINT }] },
      });
      assert.equal(u.status, 201, u.text);
    } finally {
      await srv.stop();
    }
    r = motcua(['audit', 'verify', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`intact: ${events + 2} events`));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
