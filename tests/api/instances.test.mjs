// Two motcua instances on one PostgreSQL database (the api_pg run; on SQLite, one process owns its
// database file and there is nothing to test here): sessions work on either, intakes at one point
// through both get consecutive codes with no gap, and public tracking's cache on one instance
// forgets a dossier as soon as the other commits a change of it (LISTEN/NOTIFY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
