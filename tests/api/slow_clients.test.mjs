// Slow clients (issue 13 item 1): a request's headers have a deadline and its body a minimum rate,
// whatever the idle timeout; a slowloris from 20 addresses of 127.0.0.x with 64 connections each
// (more than the server's connection limit) does not stop a normal client from being answered.
// Limits are small here (a 2-3 s deadline) to keep the test short.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from './lib/server.mjs';
import { requestFrom } from './lib/net.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens a socket from `from` and calls write(sock) every `every` ms; resolves with the ms until the server closed it (or null after `max` ms). */
function closedAfter(base, from, first, next, every, max) {
  const url = new URL(base);
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect({ host: url.hostname, port: Number(url.port), localAddress: from });
    let timer = null;
    let answer = '';
    const stop = setTimeout(() => { clearInterval(timer); sock.destroy(); resolve({ ms: null, answer }); }, max);
    sock.on('connect', () => {
      sock.write(first);
      timer = setInterval(() => { if (!sock.destroyed) sock.write(next); }, every);
    });
    sock.on('data', (d) => { answer += d; });
    sock.on('error', () => {});
    sock.on('close', () => { clearInterval(timer); clearTimeout(stop); resolve({ ms: Date.now() - t0, answer }); });
  });
}

test('headers must be complete within --header-timeout, however busy the client looks', async () => {
  const srv = await startServer({ env: { MOTCUA_HEADER_TIMEOUT: '2', MOTCUA_CONN_TIMEOUT: '30' } });
  servers.push(srv);
  // One header line every 400 ms keeps the 30 s idle timeout from ever firing.
  const slow = await closedAfter(srv.base, '127.0.0.5', 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 400, 8000);
  assert.ok(slow.ms !== null, 'the slow connection is still open after 8 s');
  assert.ok(slow.ms >= 1900 && slow.ms <= 3500, `closed after ${slow.ms} ms`);
  assert.equal(slow.answer, '', 'closed without an answer');
  // A kept-alive connection waits for its next request's headers as long, no longer.
  const kept = await closedAfter(srv.base, '127.0.0.6', 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n', '', 100000, 8000);
  assert.ok(kept.ms >= 1900 && kept.ms <= 3500, `idle kept-alive connection closed after ${kept.ms} ms`);
  assert.match(kept.answer, /^HTTP\/1\.1 200 /);
  const metrics = await fetch(`${srv.base}/metrics`).then((r) => r.text());
  assert.match(metrics, /^motcua_http_connections_closed_total\{reason="header_timeout"\} 2$/m);
});

test('a request body must keep up --body-min-rate over each --body-rate-window', async () => {
  const srv = await startServer({ env: { MOTCUA_BODY_MIN_RATE: '100', MOTCUA_BODY_RATE_WINDOW: '2' } });
  servers.push(srv);
  const head = 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
  // 10 bytes every 500 ms = 20 B/s, under 100 B/s: closed after the first window.
  const slow = await closedAfter(srv.base, '127.0.0.7', head, 'x'.repeat(10), 500, 8000);
  assert.ok(slow.ms !== null && slow.ms >= 1900 && slow.ms <= 3500, `slow body closed after ${slow.ms} ms`);
  assert.equal(slow.answer, '');
  // 80 bytes every 500 ms = 160 B/s: slower than a network, but kept up; answered once complete.
  const body = JSON.stringify({ username: 'nobody', password: 'p'.repeat(600) });
  const steady = await new Promise((resolve) => {
    const url = new URL(srv.base);
    const sock = net.connect({ host: url.hostname, port: Number(url.port), localAddress: '127.0.0.8' });
    let answer = '';
    let sent = 0;
    const t0 = Date.now();
    sock.on('connect', () => {
      sock.write(head.replace('1000', String(body.length)));
      const timer = setInterval(() => {
        sock.write(body.slice(sent, sent + 80));
        sent += 80;
        if (sent >= body.length) clearInterval(timer);
      }, 500);
    });
    sock.on('data', (d) => { answer += d; if (/\r\n\r\n/.test(answer)) { sock.destroy(); resolve({ answer, ms: Date.now() - t0 }); } });
    sock.on('error', () => {});
    sock.on('close', () => resolve({ answer, ms: Date.now() - t0 }));
  });
  assert.match(steady.answer, /^HTTP\/1\.1 (401|422) /, `answer after ${steady.ms} ms: ${steady.answer.slice(0, 60)}`);
  assert.ok(steady.ms > 3000, 'the steady body took longer than a window');
  const metrics = await fetch(`${srv.base}/metrics`).then((r) => r.text());
  assert.match(metrics, /^motcua_http_connections_closed_total\{reason="slow_body"\} 1$/m);
});

test('a slowloris from 20 addresses × 64 connections: a normal client is still answered', async (t) => {
  const srv = await startServer({ env: { MOTCUA_HEADER_TIMEOUT: '3', MOTCUA_CONN_LIMIT: '512' } });
  servers.push(srv);
  const url = new URL(srv.base);
  const port = Number(url.port);
  let stopping = false;
  let opened = 0;
  let closed = 0;
  const sockets = new Set();
  function attack(from) {
    if (stopping) return;
    const sock = net.connect({ host: url.hostname, port, localAddress: from });
    sockets.add(sock);
    opened++;
    let timer = null;
    sock.on('connect', () => {
      sock.write('GET / HTTP/1.1\r\nHost: x\r\n');
      timer = setInterval(() => { if (!sock.destroyed) sock.write('X-Slow: 1\r\n'); }, 1000);
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearInterval(timer);
      sockets.delete(sock);
      closed++;
      setTimeout(() => attack(from), 200); // the attacker comes back at once
    });
  }
  for (let a = 2; a < 22; a++) for (let i = 0; i < 64; i++) attack(`127.0.0.${a}`);
  await sleep(1500); // every slot of the server is taken by now

  const times = [];
  const until = Date.now() + 10000;
  while (Date.now() < until) {
    const t0 = Date.now();
    const r = await requestFrom(srv.base, '127.0.0.200', 'GET', '/api/v1/health', { timeout: 8000 });
    times.push(Date.now() - t0);
    assert.equal(r.status, 200);
    await sleep(250);
  }
  stopping = true;
  for (const s of sockets) s.destroy();
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)];
  const max = times[times.length - 1];
  t.diagnostic(`normal client: ${times.length} answers, p50 ${p50} ms, max ${max} ms; attacker opened ${opened} connections, ${closed} closed by the server`);
  assert.ok(max < 4000, `the slowest answer took ${max} ms`);
  assert.ok(p50 < 1500, `half the answers took ${p50} ms or more`);
  assert.ok(closed >= 1280, `the server closed ${closed} slow connections`);
  const metrics = await fetch(`${srv.base}/metrics`).then((r) => r.text());
  const evicted = Number(/reason="pressure"\} (\d+)/.exec(metrics)[1]) + Number(/reason="header_timeout"\} (\d+)/.exec(metrics)[1]);
  assert.ok(evicted >= 1280, `guard closed ${evicted}`);
});
