// 8 clients × 250 intakes at one point on one day → 2000 distinct consecutive codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship, HK_POINT } from './lib/dossiers.mjs';

let ctx;
before(async () => { ctx = await startDemo('2026-11-26T09:00:00+07:00', ['--threads', '4']); });
after(async () => { await ctx.srv.stop(); });

test('2000 concurrent intakes get 2000 consecutive codes, no gaps, no duplicates', async () => {
  const tok = ctx.tokens['tiepnhan.hoankiem'];
  const codes = [];
  async function worker() {
    for (let i = 0; i < 250; i++) {
      const r = await ctx.request('POST', '/api/v1/dossiers', { token: tok, body: guardianship() });
      assert.equal(r.status, 201, r.text);
      codes.push(r.json.code);
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  assert.equal(codes.length, 2000);
  const numbers = codes.map((c) => {
    assert.ok(c.startsWith(`${HK_POINT}-261126-`), c);
    return Number(c.slice(-4));
  }).sort((a, b) => a - b);
  assert.deepEqual(numbers, Array.from({ length: 2000 }, (_, i) => i + 1));
});
