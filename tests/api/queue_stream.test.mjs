// The queue board's live stream (GET /points/{code}/queue/stream, server-sent events) against the
// real server: the first event is the board, then every ticket issued and called at that point
// (and only that point) arrives with the number waiting after it; an unknown point is 404; an
// aborted client does not stop the others; the server still stops cleanly with streams open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT, CN_POINT } from './lib/dossiers.mjs';

let ctx;
before(async () => { ctx = await startDemo('2026-11-26T09:00:00+07:00'); });
after(async () => { await ctx.srv.stop(); });

/** Opens a stream and returns {res, next(): the next event {event, data}, close()}. Comments (pings) are skipped. */
async function open(point) {
  const ctl = new AbortController();
  const res = await fetch(`${ctx.srv.base}/api/v1/points/${point}/queue/stream`, { signal: ctl.signal });
  const reader = res.body ? res.body.getReader() : null;
  const dec = new TextDecoder();
  let buf = '';
  async function next(ms = 5000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = buf.indexOf('\n\n');
      if (i >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const lines = block.split('\n').filter((l) => !l.startsWith(':'));
        const ev = {};
        for (const l of lines) {
          const k = l.slice(0, l.indexOf(':'));
          const v = l.slice(l.indexOf(':') + 1).trimStart();
          if (k === 'event') ev.event = v;
          else if (k === 'data') ev.data = JSON.parse(v);
          else if (k === 'retry') ev.retry = Number(v);
        }
        if (ev.event) return ev;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no event in time');
      const r = await Promise.race([reader.read(), new Promise((res2) => setTimeout(() => res2({ timeout: true }), left))]);
      if (r.timeout) throw new Error('no event in time');
      if (r.done) throw new Error('stream ended');
      buf += dec.decode(r.value, { stream: true });
    }
  }
  return { res, next, close: () => ctl.abort() };
}

const post = (p, token, body = {}) => ctx.request('POST', p, { token, body });

test('a point\'s live board: board, then tickets issued and called with the number waiting', async () => {
  const hk = await open(HK_POINT);
  assert.equal(hk.res.status, 200);
  assert.equal(hk.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.equal(hk.res.headers.get('cache-control'), 'no-store');
  const cn = await open(CN_POINT);
  let ev = await hk.next();
  assert.deepEqual(ev, { event: 'board', data: { point: HK_POINT, day: '2026-11-26', waiting: 0, serving: [] }, retry: 5000 });
  assert.equal((await cn.next()).event, 'board');
  const metrics = await fetch(`${ctx.srv.base}/metrics`).then((r) => r.text());
  assert.match(metrics, /^motcua_event_streams 2$/m);

  const t = ctx.tokens;
  assert.equal((await post(`/api/v1/points/${HK_POINT}/tickets`, t['tiepnhan.hoankiem'])).status, 201);
  ev = await hk.next();
  assert.equal(ev.event, 'ticket');
  assert.deepEqual([ev.data.point, ev.data.waiting, ev.data.ticket.number, ev.data.ticket.status, ev.data.ticket.priority], [HK_POINT, 1, 1, 'waiting', null]);
  assert.equal((await post(`/api/v1/points/${HK_POINT}/tickets`, t['tiepnhan.hoankiem'], { priority: 'elderly' })).status, 201);
  ev = await hk.next();
  assert.deepEqual([ev.event, ev.data.waiting, ev.data.ticket.number, ev.data.ticket.priority], ['ticket', 2, 2, 'elderly']);
  // The priority ticket is called first, to counter 2; one still waits.
  assert.equal((await post(`/api/v1/points/${HK_POINT}/counters/2/call-next`, t['tiepnhan.hoankiem'])).status, 200);
  ev = await hk.next();
  assert.deepEqual([ev.event, ev.data.waiting, ev.data.ticket.number, ev.data.ticket.status, ev.data.ticket.counter], ['called', 1, 2, 'called', 2]);

  // Cửa Nam's stream heard nothing of Hoàn Kiếm: its next event is its own first ticket.
  assert.equal((await post(`/api/v1/points/${CN_POINT}/tickets`, t['tiepnhan.cuanam'])).status, 201);
  ev = await cn.next();
  assert.deepEqual([ev.event, ev.data.point, ev.data.waiting, ev.data.ticket.number], ['ticket', CN_POINT, 1, 1]);

  // A client that goes away does not disturb the others.
  cn.close();
  assert.equal((await post(`/api/v1/points/${CN_POINT}/tickets`, t['tiepnhan.cuanam'])).status, 201);
  assert.equal((await post(`/api/v1/points/${HK_POINT}/counters/1/call-next`, t['tiepnhan.hoankiem'])).status, 200);
  ev = await hk.next();
  assert.deepEqual([ev.event, ev.data.waiting, ev.data.ticket.number, ev.data.ticket.counter], ['called', 0, 1, 1]);
  assert.equal(ev.data.ticket.announcement, 'Mời khách hàng số 0001 đến quầy số 1');
  // A new stream starts from the board as it is now, with who is served at each counter.
  // hk stays open: the server stops with it.
  const again = await open(HK_POINT);
  assert.deepEqual((await again.next()).data, {
    point: HK_POINT, day: '2026-11-26', waiting: 0,
    serving: [
      { counter: 1, number: 1, service_group: 'chung', priority: null, announcement: 'Mời khách hàng số 0001 đến quầy số 1' },
      { counter: 2, number: 2, service_group: 'chung', priority: 'elderly', announcement: 'Mời khách hàng số 0002 đến quầy số 2' },
    ],
  });
  again.close();
});

test('an unknown point or a commune PC: 404 problem, no stream', async () => {
  for (const p of ['999.01.50.H26', '001.00.50.H26']) {
    const r = await fetch(`${ctx.srv.base}/api/v1/points/${p}/queue/stream`);
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    await r.body.cancel();
  }
});
