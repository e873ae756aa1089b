// Webhooks and the transactional outbox (docs/webhooks.md): subscriptions' validation and
// permissions, deliveries with Standard Webhooks signatures checked by a receiver of this test,
// retries until a failing receiver recovers (each message once after de-duplication, in order per
// dossier), dead letters and their replay, the allow-list, and kill -9 of motcua during delivery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { startServer, client, login, ADMIN_PASSWORD } from './lib/server.mjs';
import { startDemo, guardianship, HK_PC, CN_POINT } from './lib/dossiers.mjs';

const CLOCK = '2026-11-26T09:00:00+07:00';
const FAST = ['--webhook-allow', '127.0.0.1/32', '--webhook-retry-base-ms', '40',
  '--webhook-retry-cap-ms', '160', '--webhook-attempts', '4', '--webhook-lease-ms', '1500'];
let srv;
let request;
let tokens;
const receivers = [];

/**
 * A webhook receiver on 127.0.0.1 that checks every signature against secret. answer(n) gives
 * the status of the n-th request (0-based); delay(n) milliseconds before answering.
 */
async function receiver(opts = {}) {
  const r = { got: [], bad: [], secret: null, answer: opts.answer || (() => 200), delay: opts.delay || (() => 0) };
  r.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = req.headers['webhook-id'];
      const ts = req.headers['webhook-timestamp'];
      const sig = req.headers['webhook-signature'];
      const key = Buffer.from(r.secret.replace(/^whsec_/, ''), 'base64');
      const want = 'v1,' + crypto.createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64');
      if (sig !== want || Math.abs(Date.now() / 1000 - Number(ts)) > 300) r.bad.push({ id, sig, want });
      const n = r.got.length;
      r.got.push({ id, ts, body: JSON.parse(body), status: r.answer(n), type: req.headers['content-type'] });
      setTimeout(() => { res.writeHead(r.got[n].status); res.end('ok'); }, r.delay(n));
    });
  });
  await new Promise((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${r.server.address().port}/hook`;
  receivers.push(r);
  return r;
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

/** The messages a receiver accepted (2xx), each delivery id once, in arrival order. */
function accepted(r) {
  const seen = new Set();
  return r.got.filter((m) => m.status < 300 && !seen.has(m.id) && seen.add(m.id));
}

before(async () => {
  ({ srv, request, tokens } = await startDemo(CLOCK, FAST));
});
after(async () => {
  for (const r of receivers) r.server.close();
  await srv.stop();
});

const asAdmin = (method, p, body) => request(method, `/api/v1${p}`, { token: tokens.admin, body });
const fields = (r) => r.json.errors.map((e) => e.field).sort();

async function subscribe(r, events, extra = {}) {
  const res = await asAdmin('POST', '/subscriptions', { url: r.url, events, ...extra });
  assert.equal(res.status, 201, res.text);
  r.secret = extra.secret || res.json.secret;
  return res.json;
}

async function intake() {
  const res = await request('POST', '/api/v1/dossiers', { token: tokens['tiepnhan.hoankiem'], body: guardianship() });
  assert.equal(res.status, 201, res.text);
  return res.json;
}
const act = (code, action, body = {}) =>
  request('POST', `/api/v1/dossiers/${code}/${action}`, { token: tokens['tiepnhan.hoankiem'], body });

test('subscriptions: admin only, validated with the field named, secret shown once', async () => {
  const body = { url: 'http://127.0.0.1:9/x', events: ['dossier.created'] };
  let res = await request('POST', '/api/v1/subscriptions', { body });
  assert.equal(res.status, 401);
  for (const [m, p] of [['POST', '/subscriptions'], ['GET', '/subscriptions'], ['GET', '/outbox'], ['POST', '/outbox/1/replay']]) {
    res = await request(m, `/api/v1${p}`, { token: tokens['tiepnhan.hoankiem'], body: m === 'POST' ? body : undefined });
    assert.equal(res.status, 403, `${m} ${p}`);
  }
  res = await asAdmin('POST', '/subscriptions', { ...body, extra: 1 });
  assert.equal(res.status, 422);
  assert.deepEqual(fields(res), ['extra']);
  res = await asAdmin('POST', '/subscriptions', { url: 'ftp://127.0.0.1/x', events: ['dossier.nope', 'dossier.created', 'dossier.created'], secret: 'plain' });
  assert.equal(res.status, 422);
  assert.deepEqual(fields(res), ['events[0]', 'events[2]', 'secret', 'url']);
  assert.ok(res.json.errors.every((e) => e.message && e.message_vi));
  res = await asAdmin('POST', '/subscriptions', { url: 'http://10.1.2.3/hook', events: [] });
  assert.deepEqual(fields(res), ['events', 'url']);
  res = await asAdmin('POST', '/subscriptions', { url: 'http://127.0.0.1:9/' + 'a'.repeat(2100), events: ['dossier.created'] });
  assert.deepEqual(fields(res), ['url']);
  res = await asAdmin('POST', '/subscriptions', { ...body, unit: 'NO.SUCH.UNIT' });
  assert.deepEqual(fields(res), ['unit']);

  res = await asAdmin('POST', '/subscriptions', body);
  assert.equal(res.status, 201);
  assert.match(res.json.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const id = res.json.id;
  res = await asAdmin('GET', `/subscriptions/${id}`);
  assert.equal(res.status, 200);
  assert.equal(res.json.secret, undefined);
  assert.deepEqual(res.json.events, ['dossier.created']);
  assert.equal(res.json.paused, false);
  res = await asAdmin('PATCH', `/subscriptions/${id}`, { paused: 'yes' });
  assert.deepEqual(fields(res), ['paused']);
  res = await asAdmin('PATCH', `/subscriptions/${id}`, { paused: true });
  assert.equal(res.json.paused, true);
  res = await asAdmin('GET', '/subscriptions?limit=500');
  assert.ok(res.json.items.some((s) => s.id === id && s.paused && s.secret === undefined));
  assert.equal((await asAdmin('DELETE', `/subscriptions/${id}`)).status, 204);
  assert.equal((await asAdmin('GET', `/subscriptions/${id}`)).status, 404);
  assert.equal((await asAdmin('PATCH', `/subscriptions/${id}`, { paused: false })).status, 404);
  assert.equal((await asAdmin('GET', '/outbox?state=lost')).status, 422);
  // The OpenAPI document describes them.
  res = await request('GET', '/api/v1/openapi.json');
  assert.deepEqual(Object.keys(res.json.paths['/api/v1/subscriptions']).sort(), ['get', 'post']);
  assert.deepEqual(Object.keys(res.json.paths['/api/v1/subscriptions/{id}']).sort(), ['delete', 'get', 'patch']);
  assert.deepEqual(Object.keys(res.json.paths['/api/v1/subscriptions/{id}/ping']), ['post']);
  assert.deepEqual(Object.keys(res.json.paths['/api/v1/outbox']), ['get']);
  assert.deepEqual(Object.keys(res.json.paths['/api/v1/outbox/{id}/replay']), ['post']);
  assert.deepEqual(res.json.components.schemas.Subscription.properties.events.items.enum,
    ['dossier.created', 'dossier.status_changed', 'dossier.step_completed', 'dossier.extended', 'dossier.rated',
      'handover.items_confirmed', 'handover.signed', 'handover.completed']);
});

test('an intake and a status change arrive signed, with the exact body', async () => {
  const r = await receiver();
  const secret = 'whsec_' + crypto.randomBytes(32).toString('base64');
  const sub = await subscribe(r, ['dossier.created', 'dossier.status_changed'], { secret });
  // Unit filters: the resolver unit matches; a unit that is neither receiving nor resolver does not.
  const resolverOnly = await receiver();
  const subR = await subscribe(resolverOnly, ['dossier.created'], { unit: HK_PC });
  const other = await receiver();
  const subO = await subscribe(other, ['dossier.created', 'dossier.status_changed'], { unit: CN_POINT });
  const d = await intake();
  assert.equal((await act(d.code, 'transfer')).status, 200);
  await until(() => accepted(r).length >= 2, 'two deliveries');
  assert.deepEqual(r.bad, []);
  const [a, b] = accepted(r);
  assert.equal(a.type, 'application/json');
  assert.match(a.id, new RegExp(`^msg_[0-9a-f]{32}_${sub.id}$`));
  assert.deepEqual(a.body, {
    id: a.id, type: 'dossier.created', timestamp: CLOCK,
    data: { code: d.code, status: 'received', previous_status: null, action: 'intake', unit: d.receiving_unit,
      receiving_unit: d.receiving_unit, resolver_unit: d.resolver_unit, at: CLOCK },
  });
  assert.equal(b.body.type, 'dossier.status_changed');
  assert.deepEqual(b.body.data, { code: d.code, status: 'processing', previous_status: 'received', action: 'transfer',
    unit: d.receiving_unit, receiving_unit: d.receiving_unit, resolver_unit: d.resolver_unit, at: CLOCK });
  // A refused action (transfer again: 409) sends nothing.
  assert.equal((await act(d.code, 'transfer')).status, 409);
  const ping = await asAdmin('POST', `/subscriptions/${sub.id}/ping`);
  assert.equal(ping.status, 202);
  await until(() => accepted(r).length >= 3, 'the ping');
  assert.equal(accepted(r)[2].body.type, 'ping');
  await until(async () => {
    const res = await asAdmin('GET', '/outbox?state=delivered&limit=500');
    return res.json.items.filter((m) => m.subscription === sub.id).length === 3;
  }, 'three delivered messages');
  assert.equal(r.got.length, 3); // each sent once: a 2xx is recorded as delivered
  assert.deepEqual(resolverOnly.got.map((m) => [m.body.type, m.body.data.code]), [['dossier.created', d.code]]);
  assert.deepEqual(other.got, []);
  for (const s of [sub, subR, subO]) await asAdmin('DELETE', `/subscriptions/${s.id}`);
});

test('a receiver failing then recovering gets every message once after dedupe, in order per dossier', async () => {
  const r = await receiver({ answer: (n) => (n < 5 ? 500 : 200) });
  const sub = await subscribe(r, ['dossier.created', 'dossier.status_changed']);
  const codes = [];
  for (let i = 0; i < 3; i++) {
    const d = await intake();
    codes.push(d.code);
    assert.equal((await act(d.code, 'transfer')).status, 200);
    assert.equal((await act(d.code, 'stop', { reason: 'Người nộp rút hồ sơ' })).status, 200);
  }
  await until(() => accepted(r).length >= 9, 'nine deliveries');
  await new Promise((res) => setTimeout(res, 300)); // nothing more comes
  assert.deepEqual(r.bad, []);
  const got = accepted(r);
  assert.equal(got.length, 9);
  assert.ok(r.got.some((m) => m.status === 500));
  for (const code of codes) {
    const mine = got.filter((m) => m.body.data.code === code).map((m) => m.body.data.action);
    assert.deepEqual(mine, ['intake', 'transfer', 'stop'], code);
  }
  // Every message of this subscription ends delivered; none pending.
  await until(async () => {
    const list = await asAdmin('GET', '/outbox?state=pending');
    return list.json.items.every((m) => m.subscription !== sub.id);
  }, 'no pending message');
  await asAdmin('DELETE', `/subscriptions/${sub.id}`);
});

test('after the retry limit a message is a dead letter, listed, and replayed', async () => {
  let up = false;
  const r = await receiver({ answer: () => (up ? 204 : 503) });
  const sub = await subscribe(r, ['dossier.created']);
  assert.equal((await asAdmin('POST', `/subscriptions/${sub.id}/ping`)).status, 202);
  let dead;
  await until(async () => {
    const res = await asAdmin('GET', '/outbox?state=dead');
    dead = res.json.items.find((m) => m.subscription === sub.id);
    return dead;
  }, 'a dead letter');
  assert.equal(dead.attempts, 4);
  assert.equal(dead.event, 'ping');
  assert.equal(dead.last_error, 'the receiver answered HTTP 503');
  assert.equal(r.got.length, 4);
  assert.equal(new Set(r.got.map((m) => m.id)).size, 1); // the same delivery id every time
  assert.equal((await asAdmin('POST', '/outbox/999999/replay')).status, 404);
  up = true;
  assert.equal((await asAdmin('POST', `/outbox/${dead.id}/replay`)).status, 202);
  await until(() => accepted(r).length === 1, 'the replayed delivery');
  assert.equal(accepted(r)[0].id, dead.delivery_id);
  await until(async () => {
    const res = await asAdmin('GET', '/outbox?state=delivered&limit=500');
    return res.json.items.some((m) => m.id === dead.id);
  }, 'delivered state');
  const again = await asAdmin('POST', `/outbox/${dead.id}/replay`);
  assert.equal(again.status, 409);
  assert.deepEqual(r.bad, []);
  await asAdmin('DELETE', `/subscriptions/${sub.id}`);
});

test('without --webhook-allow no subscription is accepted (422 naming url)', async () => {
  const plain = await startServer();
  try {
    const req = client(plain.base);
    const token = await login(req, 'admin', ADMIN_PASSWORD);
    const res = await req('POST', '/api/v1/subscriptions', { token, body: { url: 'http://127.0.0.1:8080/x', events: ['dossier.created'] } });
    assert.equal(res.status, 422);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['url']);
  } finally {
    await plain.stop();
  }
});

test('kill -9 during delivery loses no committed change and sends none for a refused one', async () => {
  const r = await receiver({ delay: () => 150, answer: (n) => (n % 3 === 1 ? 500 : 200) });
  const demo = await startDemo(CLOCK, FAST);
  const req = demo.request;
  const tk = demo.tokens;
  const res = await req('POST', '/api/v1/subscriptions', { token: tk.admin, body: { url: r.url, events: ['dossier.created', 'dossier.status_changed'] } });
  assert.equal(res.status, 201);
  r.secret = res.json.secret;
  const expected = [];
  for (let i = 0; i < 4; i++) {
    const d = await req('POST', '/api/v1/dossiers', { token: tk['tiepnhan.hoankiem'], body: guardianship() });
    assert.equal(d.status, 201);
    expected.push(`${d.json.code} intake`);
    const t = await req('POST', `/api/v1/dossiers/${d.json.code}/transfer`, { token: tk['tiepnhan.hoankiem'], body: {} });
    assert.equal(t.status, 200);
    expected.push(`${d.json.code} transfer`);
    // Refused: receive does not fit a processing dossier; it must produce no message.
    const bad = await req('POST', `/api/v1/dossiers/${d.json.code}/receive`, { token: tk['tiepnhan.hoankiem'], body: {} });
    assert.equal(bad.status, 409);
  }
  await until(() => r.got.length >= 2, 'deliveries under way');
  demo.srv.proc.kill('SIGKILL');
  await new Promise((res2) => (demo.srv.proc.exitCode !== null || demo.srv.proc.signalCode ? res2() : demo.srv.proc.on('exit', res2)));
  const again = await startServer({ data: demo.srv.data, dir: demo.srv.dir, args: ['--test-clock', CLOCK, ...FAST] });
  try {
    await until(() => new Set(accepted(r).map((m) => `${m.body.data.code} ${m.body.data.action}`)).size >= expected.length,
      'every committed change delivered', 30000);
    await new Promise((res2) => setTimeout(res2, 300));
    const got = accepted(r).map((m) => `${m.body.data.code} ${m.body.data.action}`);
    assert.deepEqual([...new Set(got)].sort(), expected.sort());
    assert.equal(got.length, expected.length); // after dedupe by id, once each
    assert.deepEqual(r.bad, []);
  } finally {
    await again.stop();
  }
});
