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

// Issue 18 (find by name without diacritics, through the name's words): every word of the query
// but the last is a whole word of the applicant's name, the last is a word's beginning (or whole
// when the query ends with a space), in any order; newest first, pages by cursor; the same answers
// whichever way the list is read (driven by one word's postings, or scanning in due order).
test('dossiers by the applicant\'s name: whole words and the beginning of the last, any order, without diacritics', async () => {
  const tok = ctx.tokens['tiepnhan.cuanam'];
  const make = async (name) => {
    const body = guardianship();
    body.applicant = { ...body.applicant, name };
    const r = await ctx.request('POST', '/api/v1/dossiers', { token: tok, body });
    assert.equal(r.status, 201, r.text);
    return r.json.code;
  };
  const A = await make('Khổng Thị Xuyến');
  const B = await make('Khổng Xuyến Chi');
  const C = await make('Lò Thị Xuyên');
  const D = await make('Trần Văn Khuyến');
  const find = async (q, extra = '') => {
    const r = await ctx.request('GET', `/api/v1/dossiers?q=${encodeURIComponent(q)}${extra}`, { token: tok });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const cases = [
    ['khong thi xuyen', [A]],
    ['Khổng Thị Xuyến', [A]],
    ['KHỔNG   thị xuyến', [A]],
    ['xuyen', [C, B, A]], // Xuyến and Xuyên fold alike; "Khuyến" does not begin with it
    ['xuy', [C, B, A]],
    ['xuyen ', [C, B, A]],
    ['uyen', []], // the middle of a word is not a word's beginning
    ['thi xuyen', [C, A]],
    ['xuyen khong', [B, A]],
    ['chi xuyen', [B]],
    ['khuyen', [D]],
    ['tran van khuyen', [D]],
    ['khong thi xuyen chi', []],
    ['k', [D, B, A]],
  ];
  for (const [q, want] of cases) {
    assert.deepEqual((await find(q)).items.map((d) => d.code), want, q);
    // Read in due order the list scans instead of following one word: the same dossiers.
    assert.deepEqual((await find(q, '&order=due')).items.map((d) => d.code).sort(), [...want].sort(), `${q}, due order`);
  }
  // Pages follow the cursor.
  const p1 = await find('xuyen', '&limit=2');
  assert.deepEqual(p1.items.map((d) => d.code), [C, B]);
  const p2 = await find('xuyen', `&limit=2&cursor=${encodeURIComponent(p1.next_cursor)}`);
  assert.deepEqual(p2.items.map((d) => d.code), [A]);
  assert.equal(p2.next_cursor, null);
  // Another point's receiver does not see them by name either.
  const other = await ctx.request('GET', `/api/v1/dossiers?q=${encodeURIComponent('xuyen')}`, { token: ctx.tokens['tiepnhan.hoankiem'] });
  assert.deepEqual(other.json.items, []);
  // An ID number and a code are still found (a query with digits).
  assert.ok((await find('001190012345')).items.some((d) => d.code === A));
  assert.deepEqual((await find(A)).items.map((d) => d.code), [A]);
});
