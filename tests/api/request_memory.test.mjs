// The memory one request may use (--request-memory): past it the request reads no further row,
// commits nothing and answers 413 problem+json; the next requests are served as usual.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, CN_POINT } from './lib/dossiers.mjs';

const CAP = 16 * 1024;
let ctx;

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00', ['--request-memory', String(CAP)]);
});
after(async () => {
  await ctx.srv.stop();
});

const TOO_BIG = {
  type: 'urn:motcua:problem:too-large',
  title: 'Content Too Large',
  status: 413,
  detail: 'the request needs more memory than one request may use',
  detail_vi: 'yêu cầu cần nhiều bộ nhớ hơn mức cho phép của một yêu cầu',
  errors: [],
};

test('a read past the cap answers 413 and the server goes on', async () => {
  const { request, tokens } = ctx;
  // The tracking book sets aside a table of 100,000 rows (8 MiB) before it reads any.
  const r = await request('GET', `/api/v1/reports/tracking-book.csv?unit=${CN_POINT}&from=2026-11-01&to=2026-11-26`, { token: tokens.admin });
  assert.equal(r.status, 413, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.deepEqual(r.json, TOO_BIG);
  assert.equal((await request('GET', '/api/v1/me', { token: tokens.admin })).status, 200);
});

test('a write past the cap commits nothing', async () => {
  const { request, tokens } = ctx;
  // A procedure whose 30 components have long names: decoding them alone passes the cap.
  const component = (i) => ({ name: `Giấy tờ số ${i} `.padEnd(3000, 'đ'), original_or_copy: 'original', quantity: 1, required: true, submit_or_present: 'submit' });
  const procedure = {
    code: '9.000001', name: 'Thủ tục thử nghiệm', field: 'Thử nghiệm', level: 'commune',
    duration: { value: 3, unit: 'working_days' }, fee_vnd: 0, online: 'full', resolver: { kind: 'commune_pc' },
    components: Array.from({ length: 30 }, (_, i) => component(i)),
    steps: [{ name: 'Phê duyệt', unit: 'resolver', role: 'approver', duration: { value: 1, unit: 'working_days' } }],
    result: 'Giấy xác nhận',
  };
  const r = await request('POST', '/api/v1/procedures', { token: tokens.admin, body: procedure });
  assert.equal(r.status, 413, r.text);
  assert.deepEqual(r.json, TOO_BIG);
  assert.equal((await request('GET', '/api/v1/procedures/9.000001', { token: tokens.admin })).status, 404);
  // The same procedure, small, is written.
  procedure.components = [component(0)].map((c) => ({ ...c, name: 'Tờ khai' }));
  assert.equal((await request('POST', '/api/v1/procedures', { token: tokens.admin, body: procedure })).status, 201);
  assert.equal((await request('GET', '/api/v1/procedures/9.000001', { token: tokens.admin })).status, 200);
});
