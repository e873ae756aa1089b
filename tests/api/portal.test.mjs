// The national portal sync (docs/portal.md): a receiver started by this test stands in for the
// portal (an outside system). Creations and status changes arrive in order with the mapped
// statuses and the exact body; a dossier's sync goes pending → acknowledged; a portal failing then
// recovering gets each message once after dedupe; the retry limit makes the dossier failed, listed
// by ?sync=failed and counted, and an administrator's replay (not anyone else's) acknowledges it;
// a refused change sends nothing; without a portal the state says "disabled".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { motcua, login, startServer, client, ADMIN_PASSWORD } from './lib/server.mjs';
import { startDemo, guardianship, DEMO_PASSWORD } from './lib/dossiers.mjs';

const CLOCK = '2026-11-26T09:00:00+07:00';
const AGENCY = '000.00.01.H26';
const TOKEN = 'portal-test-token-0123456789';
const FAST = ['--webhook-allow', '127.0.0.1/32', '--webhook-retry-base-ms', '40',
  '--webhook-retry-cap-ms', '160', '--webhook-attempts', '4', '--webhook-lease-ms', '1500'];
let srv;
let request;
let tokens;
let portal;

/**
 * The stand-in portal on 127.0.0.1. portal.answer(n, body) gives [status, answer body] for the
 * n-th request (0-based); by default an acknowledgement {id, receipt: "DVC-<n>"}.
 */
async function startPortal() {
  const p = { got: [], answer: (n, body) => [200, { id: body.id, receipt: `DVC-${n}` }] };
  p.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const n = p.got.length;
      const [status, answer] = p.answer(n, body);
      p.got.push({ body, status, acked: status === 200 && answer && answer.id === body.id,
        auth: req.headers.authorization, key: req.headers['idempotency-key'], type: req.headers['content-type'], path: req.url });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => p.server.listen(0, '127.0.0.1', resolve));
  p.url = `http://127.0.0.1:${p.server.address().port}/api/dossiers/sync`;
  return p;
}

/** Polls cond() until it is true or the deadline passes. */
async function until(cond, what, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The messages the portal acknowledged, each id once, in arrival order. */
function acknowledged() {
  const seen = new Set();
  return portal.got.filter((m) => m.acked && !seen.has(m.body.id) && seen.add(m.body.id));
}

before(async () => {
  portal = await startPortal();
  ({ srv, request, tokens } = await startDemo(CLOCK, [...FAST, '--portal-url', portal.url, '--portal-agency', AGENCY],
    { MOTCUA_PORTAL_TOKEN: TOKEN }));
  tokens.manager = await login(request, 'quanly.hoankiem', DEMO_PASSWORD); // unit_manager of Hoàn Kiếm
});
after(async () => {
  portal.server.close();
  await srv.stop();
});

const asAdmin = (method, p, body) => request(method, `/api/v1${p}`, { token: tokens.admin, body });
const act = (code, action, body = {}) =>
  request('POST', `/api/v1/dossiers/${code}/${action}`, { token: tokens['tiepnhan.hoankiem'], body });
const sync = async (code) => (await request('GET', `/api/v1/dossiers/${code}`, { token: tokens['tiepnhan.hoankiem'] })).json.sync;

async function intake() {
  const res = await request('POST', '/api/v1/dossiers', { token: tokens['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

test('creation and status changes reach the portal in order, mapped; the dossier ends acknowledged', async () => {
  const d = await intake();
  // Written in the intake's transaction: the answer already says pending.
  assert.equal(d.sync.state, 'pending');
  assert.equal(d.sync.error, null);
  assert.equal(d.sync.receipt, null);
  assert.equal(typeof d.sync.at, 'string');
  assert.equal((await act(d.code, 'transfer')).status, 200);
  // Refused (receive does not fit a processing dossier): rolled back, it sends nothing.
  assert.equal((await act(d.code, 'receive')).status, 409);
  assert.equal((await act(d.code, 'stop', { reason: 'Người nộp rút hồ sơ' })).status, 200);
  await until(async () => (await sync(d.code)).state === 'acknowledged', 'acknowledged');
  const mine = acknowledged().filter((m) => m.body.dossier.code === d.code);
  assert.equal(mine.length, 3);
  const [a, b, c] = mine;
  assert.match(a.body.id, /^msg_[0-9a-f]{32}_[0-9]+$/);
  assert.deepEqual(a.body, {
    id: a.body.id, agency: AGENCY, type: 'dossier.created', timestamp: CLOCK,
    dossier: { code: d.code, status: 'processing', previous_status: null, local_status: 'received',
      local_previous_status: null, action: 'intake', receiving_unit: d.receiving_unit,
      resolver_unit: d.resolver_unit, at: CLOCK },
  });
  assert.equal(a.auth, `Bearer ${TOKEN}`);
  assert.equal(a.key, a.body.id);
  assert.equal(a.type, 'application/json');
  assert.equal(a.path, '/api/dossiers/sync');
  assert.deepEqual([b.body.type, b.body.dossier.action, b.body.dossier.previous_status, b.body.dossier.status],
    ['dossier.status_changed', 'transfer', 'processing', 'processing']);
  assert.deepEqual([c.body.type, c.body.dossier.action, c.body.dossier.local_status, c.body.dossier.status],
    ['dossier.status_changed', 'stop', 'stopped', 'cancelled']);
  assert.equal(portal.got.filter((m) => m.body.dossier.code === d.code).length, 3); // nothing for the 409
  const s = await sync(d.code);
  assert.equal(s.error, null);
  assert.equal(s.receipt, `DVC-${portal.got.indexOf(c)}`); // the last acknowledgement's receipt
  // The portal's row is no subscription of the administrators'; its messages are listed as "portal".
  const subs = await asAdmin('GET', '/subscriptions?limit=500');
  assert.deepEqual(subs.json.items, []);
  const out = await asAdmin('GET', '/outbox?state=delivered&limit=500');
  const listed = out.json.items.filter((m) => m.dossier === d.code);
  assert.deepEqual(listed.map((m) => [m.destination, m.event]),
    [['portal', 'dossier.created'], ['portal', 'dossier.status_changed'], ['portal', 'dossier.status_changed']]);
});

test('a portal failing, then answering without an acknowledgement, then recovering: each message once, in order', async () => {
  const start = portal.got.length;
  // 500, a 200 that acknowledges nothing, a 200 naming another message, then acknowledgements.
  portal.answer = (n, body) => {
    const k = n - start;
    if (k === 0) return [500, { error: 'down' }];
    if (k === 1) return [200, 'ok'];
    if (k === 2) return [200, { id: 'msg_other', receipt: 'X' }];
    return [200, { id: body.id, receipt: `DVC-${n}` }];
  };
  const codes = [];
  for (let i = 0; i < 2; i++) {
    const d = await intake();
    codes.push(d.code);
    assert.equal((await act(d.code, 'transfer')).status, 200);
  }
  for (const code of codes) await until(async () => (await sync(code)).state === 'acknowledged', `${code} acknowledged`);
  const failures = portal.got.slice(start).filter((m) => !m.acked);
  assert.equal(failures.length, 3);
  for (const code of codes) {
    const mine = acknowledged().filter((m) => m.body.dossier.code === code).map((m) => m.body.dossier.action);
    assert.deepEqual(mine, ['intake', 'transfer'], code);
    assert.equal((await sync(code)).error, null);
  }
  portal.answer = (n, body) => [200, { id: body.id, receipt: `DVC-${n}` }];
});

test('the retry limit makes the dossier failed: listed, counted, replayed by an administrator only', async () => {
  portal.answer = () => [503, { error: 'maintenance' }];
  const d = await intake();
  await until(async () => (await sync(d.code)).state === 'failed', 'failed');
  const s = await sync(d.code);
  assert.equal(s.error, 'the portal answered HTTP 503');
  // The applicant sees that it failed, not why (a delivery error may name internal addresses).
  const mine = await request('GET', `/api/v1/dossiers/${d.code}`, { token: tokens['001190012345'] });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual([mine.json.sync.state, mine.json.sync.error], ['failed', null]);
  assert.equal(portal.got.filter((m) => m.body.dossier.code === d.code).length, 4); // --webhook-attempts 4
  const asManager = (p) => request('GET', `/api/v1${p}`, { token: tokens.manager });
  let res = await asManager('/dossiers?sync=failed');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.items.map((i) => i.code), [d.code]);
  res = await asManager('/dossiers?sync=pending');
  assert.deepEqual(res.json.items, []);
  res = await asManager('/dossiers?sync=acknowledged');
  assert.ok(res.json.items.length >= 3 && !res.json.items.some((i) => i.code === d.code));
  res = await asManager('/dossiers?sync=sent');
  assert.equal(res.status, 422);
  assert.deepEqual(res.json.errors.map((e) => e.field), ['sync']);
  assert.ok(res.json.errors[0].message_vi);
  res = await asManager('/portal/summary');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { configured: true, pending: 0, acknowledged: 3, failed: 1 });
  // Decision 766's indicator 1.4 counts the acknowledged ones among the dossiers received.
  res = await asAdmin('GET', `/reports/indicators?from=${CLOCK.slice(0, 10)}`);
  const i14 = res.json.items.find((i) => i.id === 'portal_sync');
  assert.deepEqual([i14.indicator_766, i14.numerator, i14.denominator, i14.value], ['1.4', 3, 4, 75]);
  res = await request('GET', '/api/v1/portal/summary', { token: tokens['001190012345'] });
  assert.equal(res.status, 403);
  res = await request('GET', '/api/v1/portal/summary');
  assert.equal(res.status, 401);

  const dead = (await asAdmin('GET', '/outbox?state=dead')).json.items.find((m) => m.dossier === d.code);
  assert.equal(dead.destination, 'portal');
  assert.equal(dead.attempts, 4);
  assert.equal(dead.last_error, 'the portal answered HTTP 503');
  for (const who of ['tiepnhan.hoankiem', 'manager']) {
    res = await request('POST', `/api/v1/outbox/${dead.id}/replay`, { token: tokens[who] });
    assert.equal(res.status, 403, who);
  }
  assert.equal((await sync(d.code)).state, 'failed');
  portal.answer = (n, body) => [200, { id: body.id, receipt: `DVC-${n}` }];
  const before = portal.got.length;
  assert.equal((await asAdmin('POST', `/outbox/${dead.id}/replay`)).status, 202);
  await until(async () => (await sync(d.code)).state === 'acknowledged', 'acknowledged after replay');
  const again = portal.got.slice(before);
  assert.equal(again.length, 1);
  assert.equal(again[0].body.id, dead.delivery_id); // the same id: the portal can de-duplicate
  assert.equal((await sync(d.code)).error, null);
  res = await asManager('/portal/summary');
  assert.deepEqual(res.json, { configured: true, pending: 0, acknowledged: 4, failed: 0 });
});

test('without a portal the sync state is "disabled"; a bad portal configuration stops serve', async () => {
  const plain = await startDemo(CLOCK, FAST);
  try {
    const res = await plain.request('POST', '/api/v1/dossiers', { token: plain.tokens['tiepnhan.hoankiem'], body: guardianship() });
    assert.equal(res.status, 201);
    assert.deepEqual(res.json.sync, { state: 'disabled', at: null, error: null, receipt: null });
    const list = await plain.request('GET', '/api/v1/dossiers?sync=disabled', { token: plain.tokens.admin });
    assert.deepEqual(list.json.items.map((i) => i.code), [res.json.code]);
    const sum = await plain.request('GET', '/api/v1/portal/summary', { token: plain.tokens.admin });
    assert.deepEqual(sum.json, { configured: false, pending: 0, acknowledged: 0, failed: 0 });
  } finally {
    await plain.srv.stop();
  }
  for (const [args, msg] of [
    [['--portal-url', 'ftp://127.0.0.1/x', '--portal-agency', AGENCY], /--portal-url must be an http/],
    [['--portal-url', 'http://127.0.0.1/x'], /--portal-url needs --portal-agency/],
    [['--portal-agency', AGENCY], /--portal-agency needs --portal-url/],
  ]) {
    const r = motcua(['serve', '--listen', '127.0.0.1:0', ...args]);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, msg);
  }
});

test('dossiers from before the portal was configured are backfilled by an administrator, in batches, once', async () => {
  const plain = await startDemo(CLOCK, FAST);
  const codes = [];
  let kept = false;
  try {
    for (let i = 0; i < 3; i++) {
      const res = await plain.request('POST', '/api/v1/dossiers', { token: plain.tokens['tiepnhan.hoankiem'], body: guardianship() });
      assert.equal(res.status, 201, res.text);
      codes.push(res.json.code);
    }
    const stop = await plain.request('POST', `/api/v1/dossiers/${codes[1]}/stop`,
      { token: plain.tokens['tiepnhan.hoankiem'], body: { reason: 'Người nộp rút hồ sơ' } });
    assert.equal(stop.status, 200, stop.text);
    const none = await plain.request('POST', '/api/v1/portal/backfill', { token: plain.tokens.admin, body: {} });
    assert.equal(none.status, 409);
    assert.match(none.json.detail, /no national portal is configured/);
    await plain.srv.stop({ keep: true });
    kept = true;
  } finally {
    if (!kept) await plain.srv.stop();
  }
  // The same data, now with the portal: nothing is sent until an administrator asks.
  const before = portal.got.length;
  const srv2 = await startServer({ data: plain.srv.data, dir: plain.srv.dir, env: { MOTCUA_PORTAL_TOKEN: TOKEN },
    args: ['--test-clock', CLOCK, ...FAST, '--portal-url', portal.url, '--portal-agency', AGENCY] });
  try {
    const req2 = client(srv2.base);
    const admin = await login(req2, 'admin', ADMIN_PASSWORD);
    const clerk = await login(req2, 'tiepnhan.hoankiem', DEMO_PASSWORD);
    const back = (body, token = admin) => req2('POST', '/api/v1/portal/backfill', { token, body });
    let res = await req2('GET', '/api/v1/dossiers?sync=disabled&limit=50', { token: admin });
    assert.deepEqual(res.json.items.map((i) => i.code).sort(), [...codes].sort());
    assert.equal((await back({}, clerk)).status, 403);
    for (const [body, field] of [[{ limit: 0 }, 'limit'], [{ limit: 2001 }, 'limit'], [{ after: -1 }, 'after'],
      [{ limit: '2' }, 'limit'], [{ batch: 2 }, 'batch']]) {
      res = await back(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(res.json.errors.map((e) => e.field), [field]);
      assert.ok(res.json.errors[0].message_vi);
    }
    assert.equal(portal.got.length, before); // the refusals sent nothing
    res = await back({ limit: 2 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.queued, 2);
    assert.equal(res.json.more, true);
    res = await back({ limit: 2, after: res.json.next });
    assert.deepEqual([res.json.queued, res.json.more], [1, false]);
    const get = async (code) => (await req2('GET', `/api/v1/dossiers/${code}`, { token: admin })).json.sync;
    for (const code of codes) await until(async () => (await get(code)).state === 'acknowledged', `backfill of ${code}`);
    const sent = portal.got.slice(before).filter((m) => m.acked);
    assert.deepEqual(sent.map((m) => m.body.dossier.code), codes); // oldest first
    for (const [i, m] of sent.entries()) {
      assert.equal(m.body.type, 'dossier.created');
      assert.equal(m.body.dossier.action, 'backfill');
      assert.equal(m.body.dossier.previous_status, null);
      assert.equal(m.body.dossier.local_status, i === 1 ? 'stopped' : 'received');
      assert.equal(m.body.dossier.status, i === 1 ? 'cancelled' : 'processing');
    }
    res = await back({});
    assert.deepEqual(res.json, { queued: 0, next: 0, more: false }); // once: all have been sent
    res = await req2('GET', '/api/v1/dossiers?sync=disabled', { token: admin });
    assert.deepEqual(res.json.items, []);
    const audit = await req2('GET', '/api/v1/audit?entity=portal&limit=50', { token: admin });
    assert.deepEqual(audit.json.items.filter((e) => e.action === 'portal_backfill')
      .map((e) => [e.actor, e.detail.queued]), [['admin', 2], ['admin', 1], ['admin', 0]]);
  } finally {
    await srv2.stop();
  }
});
