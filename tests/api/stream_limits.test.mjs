// Live streams under abuse (issue 13 item 2): anonymous clients have a few streams per address
// (--stream-per-ip, 429 beyond) and never the share kept for staff (--stream-reserved), so 260
// anonymous streams from 5 addresses no longer lock the boards out. Defaults: 256 streams, 4 per
// address, 64 kept for staff.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT, CN_POINT } from './lib/dossiers.mjs';
import { openFrom } from './lib/net.mjs';

let ctx;
const open = [];
before(async () => { ctx = await startDemo('2026-11-26T09:00:00+07:00'); });
after(async () => { for (const s of open) s.close(); await ctx.srv.stop(); });

const PATH = `/api/v1/points/${HK_POINT}/queue/stream`;
async function stream(from, headers = {}, path = PATH) {
  const s = await openFrom(ctx.srv.base, from, path, headers);
  open.push(s);
  return s;
}
const streamsNow = async () => Number(/^motcua_event_streams (\d+)$/m.exec(await fetch(`${ctx.srv.base}/metrics`).then((r) => r.text()))[1]);

test('260 anonymous streams from 5 addresses: 4 each, the rest 429; boards still open', async () => {
  const tries = [];
  for (let a = 2; a <= 6; a++) for (let i = 0; i < 52; i++) tries.push(stream(`127.0.0.${a}`));
  const got = await Promise.all(tries);
  const byStatus = {};
  for (const s of got) byStatus[s.status] = (byStatus[s.status] || 0) + 1;
  assert.deepEqual(byStatus, { 200: 20, 429: 240 });
  const refused = got.find((s) => s.status === 429);
  assert.match(refused.headers['content-type'], /^application\/problem\+json/);
  assert.equal(refused.headers['retry-after'], '30');
  assert.equal(JSON.parse(refused.text).detail_vi, 'địa chỉ này đã mở đủ số kết nối theo dõi trực tiếp cho phép');
  for (let a = 2; a <= 6; a++) assert.equal(got.filter((s, i) => s.status === 200 && Math.floor(i / 52) === a - 2).length, 4);
  // A board (a staff account of the point) opens its stream and gets the board.
  const board = await stream('127.0.0.2', { Authorization: `Bearer ${ctx.tokens['tiepnhan.hoankiem']}` });
  assert.equal(board.status, 200);
  assert.match(board.first, /event: board\ndata: \{"point":"001\.01\.50\.H26"/);
  assert.equal(await streamsNow(), 21);
});

test('anonymous streams stop where the staff share begins; staff streams go on', async () => {
  // 20 anonymous streams are open; 172 more from 43 other addresses fill the 192 anonymous places.
  const tries = [];
  for (let a = 10; a < 53; a++) for (let i = 0; i < 4; i++) tries.push(stream(`127.0.0.${a}`, {}, i % 2 ? PATH : `/api/v1/points/${CN_POINT}/queue/stream`));
  const got = await Promise.all(tries);
  assert.equal(got.filter((s) => s.status === 200).length, 172);
  const full = await stream('127.0.0.60');
  assert.equal(full.status, 503);
  assert.equal(full.headers['retry-after'], '30');
  // A citizen's login is not a board: it gets no place in the staff share.
  assert.equal((await stream('127.0.0.61', { Authorization: `Bearer ${ctx.tokens['001190012345']}` })).status, 503);
  // Staff streams (boards of both points, behind one address) still open.
  for (const [who, point] of [['tiepnhan.hoankiem', HK_POINT], ['tiepnhan.cuanam', CN_POINT], ['tiepnhan.cuanam', CN_POINT]]) {
    const s = await stream('127.0.0.70', { Authorization: `Bearer ${ctx.tokens[who]}` }, `/api/v1/points/${point}/queue/stream`);
    assert.equal(s.status, 200, `${who} at ${point}`);
  }
  assert.equal(await streamsNow(), 192 + 4);
  // Streams whose clients went away give their places back once the server has written to them
  // twice (the first write still fits the socket; the second finds it reset): two pings (15 s
  // apart) or, here, two changes of each board.
  for (const s of got.slice(0, 8)) s.close();
  await new Promise((r) => setTimeout(r, 200));
  for (const [who, point] of [['tiepnhan.hoankiem', HK_POINT], ['tiepnhan.cuanam', CN_POINT], ['tiepnhan.hoankiem', HK_POINT], ['tiepnhan.cuanam', CN_POINT]]) {
    const r = await ctx.request('POST', `/api/v1/points/${point}/tickets`, { token: ctx.tokens[who], body: {} });
    assert.equal(r.status, 201);
  }
  const deadline = Date.now() + 5000;
  let again;
  do {
    again = await stream('127.0.0.60');
  } while (again.status !== 200 && Date.now() < deadline);
  assert.equal(again.status, 200);
});
