// Fees and payments (docs/fees.md) against the real server: fee schedules of real catalog entries,
// fee lines computed at intake (tiers, caps, channel, exemptions), cash at the counter, the return
// refused while a fee is unpaid, refunds, and online payment through a gateway simulated here (an
// outside system): the signed redirect, the signed callback and its retries, a forged callback
// and a changed amount.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, HK_PC, HK_POINT, CN_POINT } from './lib/dossiers.mjs';

const SECRET = 'gateway-secret-for-tests-0123456789';
const MERCHANT = 'MOTCUA01';
const GATEWAY = 'https://sandbox.gateway.test/paymentv2/vpcpay.html';
let ctx;
let request;
let t;
const procs = new Map();

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00',
    ['--payment-gateway-url', GATEWAY, '--payment-merchant', MERCHANT], { MOTCUA_PAYMENT_SECRET: SECRET });
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

async function proc(code) {
  if (!procs.has(code)) procs.set(code, (await request('GET', `/api/v1/procedures/${code}`)).json);
  return procs.get(code);
}

// An intake of a real procedure with every required paper provided.
async function intake(code, extra = {}, token = t['tiepnhan.hoankiem']) {
  const p = await proc(code);
  const components = p.components.filter((c) => c.required && c.submit_or_present === 'submit')
    .map((c) => ({ id: c.id, provided: true }));
  const body = {
    procedure: code,
    applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345', phone: '0912345678' },
    channel: 'counter',
    components,
    ...(p.resolver.kind === 'commune_pc' ? { resolver_unit: HK_PC } : {}),
    ...extra,
  };
  return request('POST', '/api/v1/dossiers', { token, body });
}

// The gateway's side of the protocol: form encoding, parameters sorted by name, HMAC-SHA512.
function formEncode(s) {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function canonical(params) {
  return Object.keys(params).filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
    .sort().map((k) => `${formEncode(k)}=${formEncode(params[k])}`).join('&');
}
const sign = (params, secret = SECRET) => createHmac('sha512', secret).update(canonical(params)).digest('hex');

// The simulator: reads the redirect the server built, checks its signature as the gateway would,
// and answers with the server-to-server callback of a payment made.
function gatewayPay(redirectUrl, { amountChange = 0, secret = SECRET, ok = true } = {}) {
  const u = new URL(redirectUrl);
  assert.equal(`${u.origin}${u.pathname}`, GATEWAY);
  const req = Object.fromEntries(u.searchParams);
  assert.equal(req.vnp_SecureHash, sign(req), 'the redirect is signed over its sorted parameters');
  assert.equal(req.vnp_TmnCode, MERCHANT);
  const cb = {
    vnp_TmnCode: MERCHANT,
    vnp_Amount: String(Number(req.vnp_Amount) + amountChange),
    vnp_BankCode: 'NCB',
    vnp_OrderInfo: req.vnp_OrderInfo,
    vnp_PayDate: '20261126093000',
    vnp_ResponseCode: ok ? '00' : '24',
    vnp_TransactionNo: '14226112',
    vnp_TransactionStatus: ok ? '00' : '02',
    vnp_TxnRef: req.vnp_TxnRef,
  };
  cb.vnp_SecureHashType = 'HmacSHA512';
  cb.vnp_SecureHash = sign(cb, secret);
  return { req, query: new URLSearchParams(cb).toString() };
}
const callback = (query) => request('GET', `/api/v1/payments/gateway/callback?${query}`);

async function audit(entity) {
  const r = await request('GET', `/api/v1/audit?limit=500&entity=${encodeURIComponent(entity)}`, { token: t.admin });
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('schedules of real catalog entries: tiers and a cap per copy, amounts by channel, exemptions with their legal basis', async () => {
  const copy = await proc('2.000815');
  assert.equal(copy.fee_vnd, 2000);
  assert.deepEqual(copy.fees, [{
    id: 'phi', name: 'Phí', kind: 'per_unit', channel: 'any', amount: 2000, unit: 'pages',
    tiers: [{ from: 3, amount: 1000 }], cap: 200000, per: 'copies', agency: null, legal_basis: null, exemptions: [],
  }]);
  const residence = await proc('1.004222');
  assert.deepEqual(residence.fees.map((f) => [f.id, f.channel, f.amount]), [['le_phi_counter', 'counter', 20000], ['phi_le_phi_online', 'online', 10000]]);
  assert.deepEqual(residence.fees[0].exemptions, [{ code: 'by_law', name: 'Người thuộc diện được miễn theo văn bản quy định mức thu', legal_basis: 'Thông tư số 75/2022/TT-BTC', percent: 100 }]);
  // Texts that could not be read keep the flat amount alone.
  const passport = await proc('1.001456');
  assert.deepEqual([passport.fee_vnd, passport.fees], [200000, []]);
});

test('intake computes the lines: tiers, the cap per copy, the channel; the flat amount when there are no rules', async () => {
  let r = await intake('2.000815', { fees_declared: { pages: 7, copies: 2 } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.fees.lines, [{ rule: 'phi', name: 'Phí', agency: null, quantity: 7, multiplier: 2, gross: 18000, reduction: 0, amount: 18000, exemption: null }]);
  assert.deepEqual([r.json.fees.gross, r.json.fees.total, r.json.fees.paid, r.json.fees.due, r.json.fees.exempt], [18000, 18000, 0, 18000, false]);
  assert.deepEqual(r.json.fees.declared, { pages: 7, copies: 2 });
  r = await intake('2.000815', { fees_declared: { pages: 250 } });
  assert.equal(r.json.fees.total, 200000);
  r = await intake('1.004222');
  assert.deepEqual([r.json.fees.channel, r.json.fees.total, r.json.fees.lines[0].rule], ['counter', 20000, 'le_phi_counter']);
  r = await intake('1.004222', { channel: 'online' }, t['001190012345']);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.fees.channel, r.json.fees.total, r.json.fees.lines[0].rule], ['online', 10000, 'phi_le_phi_online']);
  r = await intake('1.001456');
  assert.deepEqual(r.json.fees.lines.map((l) => [l.rule, l.amount]), [['fee_vnd', 200000]]);
  // A free procedure: no line, nothing due.
  r = await intake('1.004837');
  assert.deepEqual([r.json.fees.lines, r.json.fees.total], [[], 0]);
  // GET answers the same member.
  const g = await request('GET', `/api/v1/dossiers/${r.json.code}`, { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual(g.json.fees, r.json.fees);
});

test('bad declarations and exemptions are 422 naming the field, and create nothing', async () => {
  let r = await intake('2.000815', { fees_declared: { Pages: 2, copies: -1 } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['fees_declared.Pages', 'fees_declared.copies']);
  assert.ok(r.json.errors.every((e) => e.message_vi));
  // An exemption needs a reason and the paper that proves it.
  r = await intake('2.001263', { fee_exemption: { code: 'stepparent' } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['fee_exemption.paper', 'fee_exemption.reason']);
  r = await intake('2.001263', { fee_exemption: { code: 'children_under_6', reason: 'x', paper: 'y' } });
  assert.deepEqual([r.status, r.json.errors.map((e) => e.field)], [422, ['fee_exemption.code']]);
  // Online, the citizen cannot exempt himself: the officer checks the paper.
  r = await intake('1.004222', { channel: 'online', fee_exemption: { reason: 'hộ nghèo', paper: 'Giấy chứng nhận hộ nghèo' } }, t['001190012345']);
  assert.deepEqual([r.status, r.json.errors.map((e) => e.field)], [422, ['fee_exemption']]);
  r = await intake('2.001263', {
    fee_exemption: { code: 'stepparent', reason: 'Cha dượng nhận con riêng của vợ', paper: 'Giấy chứng nhận kết hôn số 12/2020' },
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.fees.gross, r.json.fees.total, r.json.fees.exempt, r.json.fees.lines[0].exemption], [400000, 0, true, 'stepparent']);
  assert.deepEqual(r.json.fees.exemption, { code: 'stepparent', reason: 'Cha dượng nhận con riêng của vợ', paper: 'Giấy chứng nhận kết hôn số 12/2020' });
  // The 201 carries the fee view without reading it back (issue 22): the same as a later read.
  const again = await request('GET', `/api/v1/dossiers/${r.json.code}`, { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual(again.json.fees, r.json.fees);
});

async function toReadyForReturn(code) {
  let r = await request('POST', `/api/v1/dossiers/${code}/transfer`, { token: t['tiepnhan.hoankiem'], body: {} });
  assert.equal(r.status, 200, r.text);
  while (r.json.current_step.role === 'processor') {
    r = await request('POST', `/api/v1/dossiers/${code}/complete-step`, { token: t['xuly.hoankiem'], body: {} });
    assert.equal(r.status, 200, r.text);
  }
  r = await request('POST', `/api/v1/dossiers/${code}/decide`, { token: t['lanhdao.hoankiem'], body: { outcome: 'denied', reason: 'Bản chính không rõ' } });
  assert.equal(r.status, 200, r.text);
}

test('cash at the counter: a receipt number per agency, then the return; unpaid the return is 409', async () => {
  let r = await intake('2.000815', { fees_declared: { pages: 3 } });
  const code = r.json.code;
  await toReadyForReturn(code);
  r = await request('POST', `/api/v1/dossiers/${code}/return`, { token: t['tiepnhan.hoankiem'], body: {} });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.detail, /5000 đồng of 5000 are due/);
  assert.equal((await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] })).json.status, 'ready_for_return');
  // Someone else's point may not take the money; a wrong amount is 422.
  assert.equal((await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.cuanam'], body: { method: 'cash' } })).status, 404);
  r = await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash', amount: 4000 } });
  assert.deepEqual([r.status, r.json.errors[0].field], [422, 'amount']);
  r = await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash', amount: 5000 } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.method, r.json.status, r.json.amount, r.json.agency], ['cash', 'paid', 5000, HK_PC]);
  assert.match(r.json.receipt_no, new RegExp(`^${HK_PC.replace(/\./g, '\\.')}/2026/\\d{6}$`));
  const first = Number(r.json.receipt_no.slice(-6));
  // Nothing more is due.
  assert.equal((await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } })).status, 409);
  r = await request('POST', `/api/v1/dossiers/${code}/return`, { token: t['tiepnhan.hoankiem'], body: {} });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.status, r.json.fees.paid, r.json.fees.due], ['returned', 5000, 0]);
  // The next receipt of the same agency takes the next number.
  r = await intake('2.000884');
  r = await request('POST', `/api/v1/dossiers/${r.json.code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } });
  assert.equal(Number(r.json.receipt_no.slice(-6)), first + 1);
  const events = await audit(`dossier:${code}`);
  assert.ok(events.some((e) => e.action === 'payment_cash' && e.detail.amount === 5000 && e.actor === 'tiepnhan.hoankiem'));
});

test('an exempt or free dossier is returned without payment', async () => {
  const r = await intake('2.000815', { fee_exemption: { reason: 'Người khuyết tật', paper: 'Giấy xác nhận khuyết tật số 7' } });
  assert.deepEqual([r.json.fees.total, r.json.fees.lines[0].exemption], [0, '*']);
  await toReadyForReturn(r.json.code);
  const ret = await request('POST', `/api/v1/dossiers/${r.json.code}/return`, { token: t['tiepnhan.hoankiem'], body: {} });
  assert.equal(ret.status, 200, ret.text);
});

test('online payment: signed redirect, signed callback, retries idempotent, forged and changed-amount callbacks refused and audited', async () => {
  let r = await intake('1.004222', { channel: 'online' }, t['001190012345']);
  const code = r.json.code;
  r = await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['001190012345'], body: { method: 'online' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.method, r.json.status, r.json.amount, r.json.receipt_no], ['online', 'pending', 10000, null]);
  const order = r.json.order_id;
  const pay = gatewayPay(r.json.redirect_url);
  assert.deepEqual([pay.req.vnp_Amount, pay.req.vnp_TxnRef, pay.req.vnp_CurrCode, pay.req.vnp_Command], ['1000000', order, 'VND', 'pay']);

  // A forged callback (signed with another secret): refused, audited, nothing paid.
  const forged = gatewayPay(r.json.redirect_url, { secret: 'not-the-secret-0000000000' });
  let c = await callback(forged.query);
  assert.deepEqual([c.status, c.json], [200, { RspCode: '97', Message: 'Invalid signature' }]);
  // A changed amount, correctly signed: refused, audited.
  const changed = gatewayPay(r.json.redirect_url, { amountChange: -500000 });
  c = await callback(changed.query);
  assert.deepEqual(c.json, { RspCode: '04', Message: 'Invalid amount' });
  // A tampered parameter after signing.
  c = await callback(pay.query.replace('vnp_Amount=1000000', 'vnp_Amount=100'));
  assert.equal(c.json.RspCode, '97');
  let d = await request('GET', `/api/v1/dossiers/${code}`, { token: t['001190012345'] });
  assert.deepEqual([d.json.fees.paid, d.json.fees.payments[0].status], [0, 'pending']);
  const refused = (await audit(`payment:${order}`)).filter((e) => e.action === 'payment_callback_refused');
  assert.deepEqual(refused.map((e) => e.detail.reason), ['amount differs from the order']);
  const forgedEvents = (await audit('payment')).filter((e) => e.action === 'payment_callback_refused' && e.detail.order_id === order);
  assert.equal(forgedEvents.length, 2);
  assert.equal(forgedEvents[0].actor, 'payment_gateway');

  // The genuine callback, then the gateway's retries: confirmed once.
  c = await callback(pay.query);
  assert.deepEqual(c.json, { RspCode: '00', Message: 'Confirm Success' });
  for (let i = 0; i < 3; i++) assert.deepEqual((await callback(pay.query)).json, { RspCode: '02', Message: 'Order already confirmed' });
  d = await request('GET', `/api/v1/dossiers/${code}`, { token: t['001190012345'] });
  assert.deepEqual([d.json.fees.paid, d.json.fees.due, d.json.fees.payments.length, d.json.fees.payments[0].status], [10000, 0, 1, 'paid']);
  assert.match(d.json.fees.payments[0].receipt_no, /\/2026\/\d{6}$/);
  const paidEvents = (await audit(`dossier:${code}`)).filter((e) => e.action === 'payment_online');
  assert.equal(paidEvents.length, 1);
  // Unknown order.
  const unknown = { vnp_TmnCode: MERCHANT, vnp_TxnRef: 'Onosuchorder', vnp_Amount: '100', vnp_ResponseCode: '00', vnp_TransactionStatus: '00' };
  unknown.vnp_SecureHash = sign(unknown);
  assert.equal((await callback(new URLSearchParams(unknown).toString())).json.RspCode, '01');
});

test('a failed online payment leaves the fee due; stopping before processing refunds what was paid', async () => {
  let r = await intake('2.001019');
  const code = r.json.code;
  r = await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'online' } });
  const failed = gatewayPay(r.json.redirect_url, { ok: false });
  assert.equal((await callback(failed.query)).json.RspCode, '00');
  let d = await request('GET', `/api/v1/dossiers/${code}`, { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual([d.json.fees.paid, d.json.fees.due, d.json.fees.payments[0].status], [0, 50000, 'failed']);
  r = await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } });
  assert.equal(r.status, 201);
  r = await request('POST', `/api/v1/dossiers/${code}/stop`, { token: t['tiepnhan.hoankiem'], body: { reason: 'Người yêu cầu rút hồ sơ' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.fees.paid, r.json.fees.refunded], [0, 50000]);
  assert.deepEqual(r.json.fees.payments.map((p) => p.status), ['failed', 'refunded']);
  assert.ok((await audit(`dossier:${code}`)).some((e) => e.action === 'payment_refund' && e.detail.amount === 50000));
});

test('fees changed after intake are recomputed and audited; not once something is paid', async () => {
  let r = await intake('2.000815', { fees_declared: { pages: 2 } });
  const code = r.json.code;
  r = await request('PUT', `/api/v1/dossiers/${code}/fees`, { token: t['tiepnhan.hoankiem'], body: { fees_declared: { pages: 4, copies: 3 } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.total, 3 * (4000 + 2000));
  const ev = (await audit(`dossier:${code}`)).filter((e) => e.action === 'fees_change');
  assert.deepEqual(ev.map((e) => e.detail), [{ from_total: 4000, to_total: 18000, exempt: false }]);
  assert.equal((await request('PUT', `/api/v1/dossiers/${code}/fees`, { token: t['001190012345'], body: {} })).status, 403);
  await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } });
  r = await request('PUT', `/api/v1/dossiers/${code}/fees`, { token: t['tiepnhan.hoankiem'], body: { fees_declared: { pages: 1 } } });
  assert.equal(r.status, 409);
});

test('the procedure editor API takes fee rules and refuses bad ones by field', async () => {
  const p = await proc('2.000884');
  const { version, ...rest } = p;
  const rule = { id: 'phi', name: 'Phí chứng thực chữ ký', kind: 'per_unit', channel: 'any', amount: 10000, unit: 'cases', tiers: [{ from: 1, amount: 5 }] };
  let r = await request('PUT', `/api/v1/procedures/${p.code}`, { token: t.admin, body: { ...rest, fees: [rule] } });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['fees[0].tiers[0]']);
  rule.tiers = [{ from: 5, amount: 8000 }];
  rule.exemptions = [{ code: 'poor_household', name: 'Người thuộc hộ nghèo', legal_basis: 'Nghị quyết HĐND (giả định)', percent: 50 }];
  r = await request('PUT', `/api/v1/procedures/${p.code}`, { token: t.admin, body: { ...rest, fees: [rule] } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.fees[0].tiers, [{ from: 5, amount: 8000 }]);
  const d = await intake('2.000884', { fees_declared: { cases: 6 }, fee_exemption: { code: 'poor_household', reason: 'Hộ nghèo', paper: 'Sổ hộ nghèo số 3' } });
  assert.equal(d.status, 201, d.text);
  // 4 × 10000 + 2 × 8000 = 56000, half waived.
  assert.deepEqual([d.json.fees.gross, d.json.fees.total, d.json.fees.exempt], [56000, 28000, true]);
});

test('the summary report counts fees paid online, at the counter and exempt, and the online payment rate', async () => {
  await ctx.setClock('2026-11-27T09:00:00+07:00');
  const cash = await intake('2.000815', { fees_declared: { pages: 3 } });
  assert.equal((await request('POST', `/api/v1/dossiers/${cash.json.code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } })).status, 201);
  const online = await intake('1.004222', { channel: 'online' }, t['001190012345']);
  const start = await request('POST', `/api/v1/dossiers/${online.json.code}/fees/payments`, { token: t['001190012345'], body: { method: 'online' } });
  assert.equal((await callback(gatewayPay(start.json.redirect_url).query)).json.RspCode, '00');
  await intake('2.001263', { fee_exemption: { code: 'stepparent', reason: 'Mẹ kế nhận con riêng của chồng', paper: 'Giấy chứng nhận kết hôn số 3/2021' } });
  await intake('2.001019');
  await intake('1.004837'); // free: not counted
  const r = await request('GET', '/api/v1/reports/summary?from=2026-11-27&to=2026-11-27', { token: t.admin });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.fees, {
    dossiers_with_fee: 4,
    paid_online: { count: 1, amount: 10000 },
    paid_counter: { count: 1, amount: 5000 },
    exempt: { count: 1, amount: 400000 },
    online_payment_rate: 25,
  });
  // Decision 766's indicator 4 says the same (docs/indicators.md).
  const ind = await request('GET', '/api/v1/reports/indicators?from=2026-11-27&to=2026-11-27', { token: t.admin });
  const i4 = ind.json.items.find((i) => i.id === 'online_payment');
  assert.deepEqual([i4.indicator_766, i4.numerator, i4.denominator, i4.value], ['4', 1, 4, 25]);
  // A receiver of the Hoàn Kiếm point sees its own dossiers only (not the online one at the Center).
  const hk = await request('GET', '/api/v1/reports/summary?from=2026-11-27&to=2026-11-27', { token: t['tiepnhan.cuanam'] });
  assert.deepEqual(hk.json.fees.dossiers_with_fee, 0);
});

test('the OpenAPI document lists the fee and payment routes', async () => {
  const r = await request('GET', '/api/v1/openapi.json');
  assert.deepEqual(Object.keys(r.json.paths['/api/v1/dossiers/{code}/fees']), ['put']);
  assert.deepEqual(Object.keys(r.json.paths['/api/v1/dossiers/{code}/fees/payments']), ['post']);
  assert.deepEqual(Object.keys(r.json.paths['/api/v1/payments/gateway/callback']), ['get']);
  assert.ok(r.json.components.schemas.Procedure.properties.fees);
  assert.ok(r.json.components.schemas.Dossier.properties.fees);
});

test('the electronic receipt: a PDF per payment with its number, lines and total, and a QR that verifies it', async () => {
  let r = await intake('2.000815', { fees_declared: { pages: 4, copies: 2 } });
  const code = r.json.code;
  r = await request('POST', `/api/v1/dossiers/${code}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } });
  const { order_id: order, receipt_no: no } = r.json;
  const res = await fetch(`${ctx.srv.base}/api/v1/dossiers/${code}/fees/receipts/${order}.pdf`, { headers: { Authorization: `Bearer ${t['001190012345']}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-fees-'));
  const file = path.join(dir, 'receipt.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const s of ['BIÊN LAI THU PHÍ, LỆ PHÍ', `Số: ${no}`, 'Nguyễn Thị Hằng', code, '12.000 đồng', 'Tiền mặt', 'Tổng cộng', '09 giờ 00 phút, ngày 27/11/2026']) {
    assert.ok(text.includes(s), `missing "${s}" in: ${text.slice(0, 2000)}`);
  }
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
  const png = readdirSync(dir).find((n) => n.startsWith('page') && n.endsWith('.png'));
  const qr = execFileSync('zbarimg', ['--raw', '-q', path.join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const u = new URL(qr);
  assert.equal(u.pathname, '/api/v1/public/fee-receipts/verify');
  assert.equal(u.searchParams.get('no'), no);
  let v = await request('GET', `${u.pathname}${u.search}`);
  assert.deepEqual(v.json, { valid: true, receipt_no: no, dossier_code: code, amount: 12000, method: 'cash', status: 'paid', paid_at: '2026-11-27T09:00:00+07:00' });
  const sig = u.searchParams.get('sig');
  const bad = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  v = await request('GET', `/api/v1/public/fee-receipts/verify?no=${encodeURIComponent(no)}&sig=${bad}`);
  assert.deepEqual(v.json, { valid: false });
  // Someone who cannot see the dossier; an order of another dossier; a pending payment: 404.
  assert.equal((await request('GET', `/api/v1/dossiers/${code}/fees/receipts/${order}.pdf`, { token: t['tiepnhan.cuanam'] })).status, 404);
  assert.equal((await request('GET', `/api/v1/dossiers/${code}/fees/receipts/Cnosuchorder.pdf`, { token: t['tiepnhan.hoankiem'] })).status, 404);
});

test('the cash book of a point lists its cash receipts of the period with their total', async () => {
  await ctx.setClock('2026-11-30T10:00:00+07:00');
  const a = await intake('2.000815', { fees_declared: { pages: 3 } });
  const b = await intake('2.000884');
  const other = await intake('2.000884', { receiving_unit: CN_POINT }, t['tiepnhan.cuanam']);
  const nos = [];
  for (const [d, who] of [[a, 'tiepnhan.hoankiem'], [b, 'tiepnhan.hoankiem'], [other, 'tiepnhan.cuanam']]) {
    const r = await request('POST', `/api/v1/dossiers/${d.json.code}/fees/payments`, { token: t[who], body: { method: 'cash' } });
    assert.equal(r.status, 201, r.text);
    nos.push(r.json.receipt_no);
  }
  const res = await fetch(`${ctx.srv.base}/api/v1/reports/cash-book.pdf?unit=${HK_POINT}&from=2026-11-30`, { headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-fees-'));
  const file = path.join(dir, 'book.pdf');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  for (const s of ['SỔ THU PHÍ, LỆ PHÍ BẰNG TIỀN MẶT', 'Từ ngày 30/11/2026 đến ngày 30/11/2026', nos[0], nos[1], a.json.code, b.json.code, 'Tổng cộng 15.000']) {
    assert.ok(text.includes(s), `missing "${s}" in: ${text.slice(0, 2000)}`);
  }
  assert.ok(!text.includes(other.json.code));
  // The collector column names the officer, not the login.
  assert.ok(text.includes('Lê Thu Trang') && !text.includes('tiepnhan.hoankiem'), text.slice(0, 2000));
  // The same book as a spreadsheet: a title, the header, one row per receipt, the total (numbers).
  const xlsx = async (q) => {
    const r = await fetch(`${ctx.srv.base}/api/v1/reports/cash-book.xlsx?unit=${HK_POINT}&from=2026-11-30${q}`, { headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const f = path.join(dir, 'book.xlsx');
    writeFileSync(f, Buffer.from(await r.arrayBuffer()));
    const sheet = execFileSync('unzip', ['-p', f, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    // Each row as {column letter: text} (inline strings and numbers as written; blank cells absent).
    return [...sheet.matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((row) => Object.fromEntries(
      [...row[1].matchAll(/<c r="([A-Z]+)\d+"[^>]*?(?:\/>|>(.*?)<\/c>)/g)]
        .map(([, col, inner]) => [col, /<t[^>]*>([^<]*)<\/t>/.exec(inner || '')?.[1] ?? /<v>([^<]*)<\/v>/.exec(inner || '')?.[1]])));
  };
  let rows = await xlsx('');
  assert.equal(rows.length, 5);
  assert.equal(rows[0].A, 'SỔ THU PHÍ, LỆ PHÍ BẰNG TIỀN MẶT – Điểm phục vụ hành chính công phường Hoàn Kiếm (30/11/2026 – 30/11/2026)');
  assert.deepEqual(Object.values(rows[1]), ['STT', 'Số biên lai', 'Mã hồ sơ', 'Người nộp', 'Thời gian nộp', 'Số tiền (đồng)', 'Người thu', 'Ghi chú']);
  assert.deepEqual(rows.slice(2, 4).map((r) => [r.A, r.B, r.C, r.E, r.F, r.G]), [
    ['1', nos[0], a.json.code, '10:00 30/11/2026', '5000', 'Lê Thu Trang'],
    ['2', nos[1], b.json.code, '10:00 30/11/2026', '10000', 'Lê Thu Trang']]);
  assert.deepEqual(rows[4], { B: 'Tổng cộng', F: '15000' });
  // One counter officer's book: the same two receipts for Lê Thu Trang, none for another login.
  rows = await xlsx('&collector=tiepnhan.hoankiem');
  assert.equal(rows.length, 5);
  rows = await xlsx('&collector=tiepnhan.cuanam');
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[2], { B: 'Tổng cộng', F: '0' });
  const badc = await request('GET', `/api/v1/reports/cash-book.xlsx?unit=${HK_POINT}&collector=a%20b`, { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual([badc.status, badc.json.errors[0].field], [422, 'collector']);
  // Another point's receiver may not read it; the unit is required.
  assert.equal((await request('GET', `/api/v1/reports/cash-book.pdf?unit=${HK_POINT}`, { token: t['tiepnhan.cuanam'] })).status, 403);
  const bad = await request('GET', '/api/v1/reports/cash-book.pdf', { token: t['tiepnhan.hoankiem'] });
  assert.deepEqual([bad.status, bad.json.errors[0].field], [422, 'unit']);
});

// Last: it leaves this client's address limited for the window.
test('forged callbacks count as guesses of the secret: past the limit, 429 and nothing more in the audit log', async () => {
  const forged = { vnp_TmnCode: MERCHANT, vnp_TxnRef: 'Oforged', vnp_Amount: '100', vnp_ResponseCode: '00', vnp_TransactionStatus: '00' };
  forged.vnp_SecureHash = sign(forged, 'a-guessed-secret-000000');
  const query = new URLSearchParams(forged).toString();
  const before = (await audit('payment')).length;
  // Two forgeries were counted by the online payment test above; the limit is 20 per address.
  for (let i = 0; i < 18; i++) assert.equal((await callback(query)).json.RspCode, '97');
  const r = await callback(query);
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) >= 1);
  assert.equal((await audit('payment')).length, before + 18);
});

test('the fee figures follow changes after intake: a refund, an exemption granted and withdrawn (day cells city-wide, rows in a scope: the same)', async () => {
  await ctx.setClock('2026-12-01T09:00:00+07:00');
  const figures = async (token) => {
    const r = await request('GET', '/api/v1/reports/summary?from=2026-12-01&to=2026-12-01', { token });
    assert.equal(r.status, 200, r.text);
    return r.json.fees;
  };
  // The administrator's summary is city-wide (the cells); the Hoàn Kiếm receiver's is its scope
  // (the rows): every dossier of this day is Hoàn Kiếm's, so both must say the same.
  const both = async (expected) => {
    assert.deepEqual(await figures(t.admin), expected);
    assert.deepEqual(await figures(t['tiepnhan.hoankiem']), expected);
  };
  const zero = { count: 0, amount: 0 };
  await both({ dossiers_with_fee: 0, paid_online: zero, paid_counter: zero, exempt: zero, online_payment_rate: null });
  const a = (await intake('2.001019')).json.code;
  assert.equal((await request('POST', `/api/v1/dossiers/${a}/fees/payments`, { token: t['tiepnhan.hoankiem'], body: { method: 'cash' } })).status, 201);
  await both({ dossiers_with_fee: 1, paid_online: zero, paid_counter: { count: 1, amount: 50000 }, exempt: zero, online_payment_rate: 0 });
  // Stopped before processing: the payment is refunded and no longer counts as paid.
  assert.equal((await request('POST', `/api/v1/dossiers/${a}/stop`, { token: t['tiepnhan.hoankiem'], body: { reason: 'Người yêu cầu rút hồ sơ' } })).status, 200);
  await both({ dossiers_with_fee: 1, paid_online: zero, paid_counter: zero, exempt: zero, online_payment_rate: 0 });
  // A fee of 400,000 đ; an exemption granted after intake, then withdrawn.
  const b = (await intake('2.001263')).json.code;
  await both({ dossiers_with_fee: 2, paid_online: zero, paid_counter: zero, exempt: zero, online_payment_rate: 0 });
  let r = await request('PUT', `/api/v1/dossiers/${b}/fees`, {
    token: t['tiepnhan.hoankiem'],
    body: { fee_exemption: { code: 'stepparent', reason: 'Mẹ kế nhận con riêng của chồng', paper: 'Giấy chứng nhận kết hôn số 7/2022' } },
  });
  assert.equal(r.status, 200, r.text);
  await both({ dossiers_with_fee: 2, paid_online: zero, paid_counter: zero, exempt: { count: 1, amount: 400000 }, online_payment_rate: 0 });
  r = await request('PUT', `/api/v1/dossiers/${b}/fees`, { token: t['tiepnhan.hoankiem'], body: { fee_exemption: null } });
  assert.equal(r.status, 200, r.text);
  await both({ dossiers_with_fee: 2, paid_online: zero, paid_counter: zero, exempt: zero, online_payment_rate: 0 });
});
