// Search that forgives (issue 19, item 10): abbreviations and common names find their procedures
// through data/search_synonyms.csv, and a dossier code's tail finds the dossier.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, guardianship } from './lib/dossiers.mjs';

let ctx;
before(async () => { ctx = await startDemo('2026-12-02T09:00:00+07:00'); });
after(async () => { await ctx.srv.stop(); });

const codes = async (q) => {
  const r = await ctx.request('GET', `/api/v1/procedures?q=${encodeURIComponent(q)}&limit=50`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((p) => p.code).sort();
};

test('abbreviations and common names find their procedures', async () => {
  assert.deepEqual(await codes('so do'), ['1.012783', '1.013978']);
  assert.deepEqual(await codes('Sổ đỏ'), ['1.012783', '1.013978']);
  assert.deepEqual(await codes('bang lai'), ['3.000347']);
  assert.deepEqual(await codes('bằng lái xe'), ['3.000347']);
  assert.deepEqual(await codes('CCCD'), ['1.014061']);
  assert.deepEqual(await codes('ho khau'), ['1.004222']);
  // Words around the alias stay: "cap doi so do" → "cap doi giay chung nhan quyen su dung dat".
  assert.deepEqual(await codes('cấp đổi sổ đỏ'), ['1.012783']);
  // An alias inside a longer word is not one ("socccd" stays as typed: nothing).
  assert.deepEqual(await codes('socccd'), []);
  // Plain searches are unchanged.
  assert.deepEqual(await codes('khai sinh'), ['1.001193', '1.004884', '2.000635']);
});

test('a dossier code\'s tail finds the dossier; a short tail does not search codes', async () => {
  const r = await ctx.request('POST', '/api/v1/dossiers', { token: ctx.tokens['tiepnhan.cuanam'], body: guardianship() });
  assert.equal(r.status, 201, r.text);
  const code = r.json.code;
  const find = async (q) => (await ctx.request('GET', `/api/v1/dossiers?q=${encodeURIComponent(q)}`, { token: ctx.tokens['tiepnhan.cuanam'] })).json.items.map((d) => d.code);
  assert.deepEqual(await find(code.slice(-11)), [code]); // "261202-0001"
  assert.deepEqual(await find(code), [code]);
  assert.deepEqual(await find(code.slice(-4)), []); // "0001": too short to be a tail
});
