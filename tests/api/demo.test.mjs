// `motcua demo`: the accounts and a living spread of dossiers, made through the real use cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, client, login, motcua, initData, ADMIN_PASSWORD } from './lib/server.mjs';

test('the demo holds dossiers in every status and an intact audit chain', async (t) => {
  const { data } = initData();
  let r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /demo ready \(12 accounts and 11 dossiers added\)/);
  // A second run adds nothing.
  r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo' });
  assert.match(r.stdout, /demo ready \(0 accounts and 0 dossiers added\)/);
  assert.equal(motcua(['audit', 'verify', '--data', data]).status, 0);
  const srv = await startServer({ data });
  t.after(() => srv.stop());
  const request = client(srv.base);
  const admin = await login(request, 'admin', ADMIN_PASSWORD);
  const all = await request('GET', '/api/v1/dossiers?limit=500', { token: admin });
  assert.equal(all.json.items.length, 11);
  const statuses = new Set(all.json.items.map((d) => d.status));
  for (const s of ['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement', 'ready_for_return', 'returned', 'stopped', 'refused']) {
    assert.ok(statuses.has(s), s);
  }
  // Every demo login works with the demo password.
  for (const u of ['quanly.trungtam', 'tiepnhan.trungtam', 'tiepnhan.hoankiem', 'tiepnhan.cuanam', 'tiepnhan.badinh',
    'xuly.hoankiem', 'lanhdao.hoankiem', 'quanly.hoankiem', 'xuly.cuanam', 'lanhdao.cuanam', '001190012345', '001085004321']) {
    await login(request, u, 'motcua-demo');
  }
  const citizen = await login(request, '001190012345', 'motcua-demo');
  const mine = await request('GET', '/api/v1/dossiers', { token: citizen });
  assert.ok(mine.json.items.length >= 2);
  assert.ok(mine.json.items.every((d) => d.applicant.id_number === '001190012345'));
});
