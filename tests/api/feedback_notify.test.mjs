// Feedback senders told (issue 21, docs/feedback.md "Telling the sender"): when a feedback is moved
// to another unit and when it is answered, a sender who gave an e-mail address gets an e-mail
// through the transactional outbox of the notifications (a real SMTP server, aiosmtpd, as in
// notifications.test.mjs), with the feedback code and a link to follow it; a sender who gave only
// a phone gets an SMS through the gateway (a local HTTP server, as in notifications.test.mjs) and
// no e-mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT, CN_POINT } from './lib/dossiers.mjs';
import { startOutlets, until } from './lib/outlets.mjs';

const CLOCK = '2026-11-26T09:00:00+07:00';
let out; // the SMTP server and the SMS gateway (lib/outlets.mjs)
let ctx;

before(async () => {
  out = await startOutlets();
  ctx = await startDemo(CLOCK, ['--smtp-url', `smtp://127.0.0.1:${out.smtpPort}`, '--smtp-from', 'Motcua Ha Noi <noreply@motcua.test>',
    '--sms-url', out.smsUrl]);
});

after(async () => {
  if (out) await out.stop();
  if (ctx) await ctx.srv.stop();
});

const SIGNATURE = '\n\nTrân trọng,\nTrung tâm Phục vụ hành chính công\n';

test('a sender with an e-mail is told of the move and of the answer by e-mail; one with a phone only by SMS', async () => {
  const { request, tokens } = ctx;
  const unitName = async (code) => (await request('GET', `/api/v1/units/${code}`)).json.name;
  const send = (extra) => request('POST', '/api/v1/feedback', {
    body: { kind: 'phan_anh', about: 'point', point: HK_POINT, content: 'Quầy số 2 đóng cửa sớm hơn giờ niêm yết.', name: 'Nguyễn Thị Hằng', ...extra },
  });
  let r = await send({ phone: '0912345678' });
  assert.equal(r.status, 201, r.text);
  const phoneOnly = r.json;
  r = await send({ email: 'hang@example.vn' });
  assert.equal(r.status, 201, r.text);
  const fb = r.json;
  const follow = `${ctx.srv.base}/#/phan-anh?pa=${fb.code}&s=${fb.secret}`;

  // The phone-only sender's feedback is answered first: an SMS, no e-mail.
  r = await request('POST', `/api/v1/feedback/${phoneOnly.code}/answer`, { token: tokens['tiepnhan.hoankiem'], body: { answer: 'Đã nhắc nhở.' } });
  assert.equal(r.status, 200, r.text);
  const text = await until(() => out.sms.find((x) => x.dossier === phoneOnly.code), 'the SMS of the answer');
  assert.deepEqual([text.to, text.text], ['0912345678',
    `Phan anh, kien nghi ${phoneOnly.code} da duoc tra loi. Xem tai: ${ctx.srv.base}/#/phan-anh?pa=${phoneOnly.code}&s=${phoneOnly.secret}`]);

  r = await request('POST', `/api/v1/feedback/${fb.code}/assign`, { token: tokens.admin, body: { unit: CN_POINT } });
  assert.equal(r.status, 200, r.text);
  const moved = await until(() => out.mails().find((m) => m.subject === `Phản ánh, kiến nghị ${fb.code} được chuyển đơn vị xử lý`), 'the e-mail of the move');
  assert.deepEqual(moved.rcpt_tos, ['hang@example.vn']);
  assert.equal(moved.from, 'Motcua Ha Noi <noreply@motcua.test>');
  assert.equal(moved.text.body,
    `Kính gửi Nguyễn Thị Hằng,\n\nPhản ánh, kiến nghị ${fb.code} của Ông/Bà đã được chuyển đến ${await unitName(CN_POINT)} để xem xét, trả lời.\n`
    + `Hạn trả lời: 09:00 ngày 10/12/2026.\nTheo dõi tại: ${follow}${SIGNATURE}`);
  assert.equal(fb.due_at, '2026-12-10T09:00:00+07:00');

  await ctx.setClock('2026-11-27T14:30:00+07:00');
  r = await request('POST', `/api/v1/feedback/${fb.code}/answer`, { token: tokens['tiepnhan.cuanam'], body: { answer: 'Điểm đã điều chỉnh giờ làm việc.\nXin cảm ơn Ông/Bà.' } });
  assert.equal(r.status, 200, r.text);
  const answered = await until(() => out.mails().find((m) => m.subject === `Phản ánh, kiến nghị ${fb.code} đã được trả lời`), 'the e-mail of the answer');
  assert.deepEqual(answered.rcpt_tos, ['hang@example.vn']);
  assert.equal(answered.text.body,
    `Kính gửi Nguyễn Thị Hằng,\n\nPhản ánh, kiến nghị ${fb.code} của Ông/Bà đã được ${await unitName(CN_POINT)} trả lời lúc 14:30 ngày 27/11/2026:\n\n`
    + `Điểm đã điều chỉnh giờ làm việc.\nXin cảm ơn Ông/Bà.\n\nXem câu trả lời tại: ${follow}${SIGNATURE}`);

  // Two e-mails in all, both to the e-mail sender; none names the phone-only feedback.
  assert.deepEqual(out.mails().map((m) => m.rcpt_tos[0]), ['hang@example.vn', 'hang@example.vn']);
  assert.ok(out.mails().every((m) => !m.text.body.includes(phoneOnly.code)));
  // One SMS in all: the e-mail sender gave no phone.
  assert.deepEqual(out.sms.map((x) => x.dossier), [phoneOnly.code]);
});
