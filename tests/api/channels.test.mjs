// The channel decides which papers are required (issue 19 item 7): a component's `channels`, the
// catalogue's seed (khai sinh: the paper declaration at a counter or by post, the e-form online),
// the intake check on each channel (422 naming the component) and publishing with channels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_PC, HK_POINT } from './lib/dossiers.mjs';

let ctx;
let request;
let t;
before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  ({ request, tokens: t } = ctx);
});
after(async () => { await ctx.srv.stop(); });

const body = (channel, ids) => ({
  procedure: '1.001193', channel, resolver_unit: HK_PC,
  applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345', phone: '0912345678', address: 'Số 1 Tràng Tiền, Hoàn Kiếm' },
  components: ids.map((id) => ({ id, provided: true })),
});
const post = (token, b) => request('POST', '/api/v1/dossiers', { token, body: b });

test('the seed: tp07 (paper declaration) on counter and post, tp08 (e-form) online, both required', async () => {
  const p = (await request('GET', '/api/v1/procedures/1.001193')).json;
  const by = Object.fromEntries(p.components.map((c) => [c.id, [c.required, c.submit_or_present, c.channels]]));
  assert.deepEqual(by, {
    tp01: [false, 'submit', ['counter', 'online', 'post']],
    tp02: [false, 'submit', ['counter', 'online', 'post']],
    tp03: [false, 'submit', ['counter', 'online', 'post']],
    tp04: [true, 'submit', ['counter', 'online', 'post']],
    tp05: [false, 'present', ['counter', 'post']],
    tp06: [true, 'present', ['counter', 'online', 'post']],
    tp07: [true, 'submit', ['counter', 'post']],
    tp08: [true, 'submit', ['online']],
  });
});

test('online: the e-form is required and the paper declaration is not; 422 names the component', async () => {
  const tp08 = (await request('GET', '/api/v1/procedures/1.001193')).json.components.find((c) => c.id === 'tp08').name;
  let r = await post(t['001190012345'], body('online', ['tp04', 'tp07']));
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.message, e.message_vi]), [
    ['components.tp08', `the required component "${tp08}" is not provided`, `thiếu thành phần hồ sơ bắt buộc: ${tp08}`],
  ]);
  assert.equal((await request('GET', '/api/v1/dossiers?limit=500', { token: t['001190012345'] })).json.items.length, 0);
  r = await post(t['001190012345'], body('online', ['tp04', 'tp08']));
  assert.equal(r.status, 201, r.text);
  const d = (await request('GET', `/api/v1/dossiers/${r.json.code}`, { token: t['001190012345'] })).json;
  assert.deepEqual(d.components.filter((c) => c.provided).map((c) => c.id), ['tp04', 'tp08']);
});

test('counter and post: the paper declaration is required, the e-form is not', async () => {
  for (const channel of ['counter', 'post']) {
    let r = await post(t['tiepnhan.hoankiem'], { ...body(channel, ['tp04', 'tp08']), receiving_unit: HK_POINT });
    assert.equal(r.status, 422, `${channel}: ${r.text}`);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['components.tp07'], channel);
    r = await post(t['tiepnhan.hoankiem'], { ...body(channel, ['tp04', 'tp07']), receiving_unit: HK_POINT });
    assert.equal(r.status, 201, `${channel}: ${r.text}`);
    assert.equal(r.json.channel, channel);
  }
});

test('publishing: channels are 1 to 3 distinct names; absent means every channel', async () => {
  const admin = t.admin;
  const comp = (extra) => ({ name: 'Tờ khai điện tử', original_or_copy: 'original', quantity: 1, required: true, submit_or_present: 'submit', ...extra });
  const proc = (components) => ({
    code: '9.000701', name: 'Thủ tục thử kênh nộp', field: 'Thử nghiệm', level: 'commune',
    duration: { value: 3, unit: 'working_days' }, fee_vnd: 0, online: 'full', resolver: { kind: 'commune_pc' },
    components, steps: [{ name: 'Phê duyệt', unit: 'resolver', role: 'approver', duration: { value: 1, unit: 'working_days' } }],
    result: 'Giấy xác nhận',
  });
  const bad = [[], ['online', 'online'], ['fax'], 'online', [1], ['counter', 'online', 'post', 'counter']];
  const r1 = await request('POST', '/api/v1/procedures', { token: admin, body: proc(bad.map((channels) => comp({ channels }))) });
  assert.equal(r1.status, 422, r1.text);
  assert.deepEqual(r1.json.errors.map((e) => e.field), bad.map((_, i) => `components[${i}].channels`));
  assert.equal(r1.json.errors[0].message_vi, 'phải gồm 1 đến 3 kênh khác nhau trong counter, online, post');
  assert.equal((await request('GET', '/api/v1/procedures/9.000701')).status, 404);
  const r2 = await request('POST', '/api/v1/procedures', { token: admin, body: proc([comp({ channels: ['post', 'counter'] }), comp({ name: 'Ảnh' })]) });
  assert.equal(r2.status, 201, r2.text);
  assert.deepEqual(r2.json.components.map((c) => c.channels), [['counter', 'post'], ['counter', 'online', 'post']]);
});
