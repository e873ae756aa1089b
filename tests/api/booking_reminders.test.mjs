// Booking notifications (issue 21 item 1, docs/queue.md and docs/notifications.md) with real parts:
// a real SMTP server (aiosmtpd, tests/api/lib/smtp_sink.py) and a node:http SMS gateway. At booking,
// a confirmation with the code and the slot; a reminder at 08:00 of the working day before the
// slot, scheduled for the notification worker (here two seconds ahead of the test clock); none
// when that time has passed.
// The clock: Tuesday 2026-12-01 07:59:58 (UTC+7).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT } from './lib/dossiers.mjs';
import { startOutlets, until } from './lib/outlets.mjs';

const CLOCK = '2026-12-01T07:59:58+07:00';
let out; // the SMTP server and the SMS gateway (lib/outlets.mjs)
let ctx;

before(async () => {
  out = await startOutlets();
  ctx = await startDemo(CLOCK, ['--smtp-url', `smtp://127.0.0.1:${out.smtpPort}`, '--smtp-from', 'Motcua Ha Noi <noreply@motcua.test>',
    '--sms-url', out.smsUrl], { MOTCUA_SMS_TOKEN: 'sms-token-1' });
});

after(async () => {
  if (out) await out.stop();
  if (ctx) await ctx.srv.stop();
});

const book = (start, i, email) => ctx.request('POST', '/api/v1/appointments', {
  body: { point: HK_POINT, procedure: '1.004837', start, name: `Nguyễn Văn ${i}`, id_number: `00109088800${i}`, phone: `091234567${i}`, ...(email ? { email } : {}) },
});

test('a booking is confirmed at once and reminded at 08:00 of the working day before', async () => {
  // Today 10:00: the working day before (Monday 30 November) has passed, so no reminder.
  let r = await book('2026-12-01T10:00:00+07:00', 1, 'khach1@example.vn');
  assert.equal(r.status, 201, r.text);
  const today = r.json.code;
  // Tomorrow 09:00: reminded today at 08:00, two seconds ahead of the clock.
  r = await book('2026-12-02T09:00:00+07:00', 2, 'khach2@example.vn');
  assert.equal(r.status, 201, r.text);
  const tomorrow = r.json.code;
  // Thursday, cancelled: its reminder (Wednesday 08:00) is dropped.
  r = await book('2026-12-03T09:00:00+07:00', 3);
  const cancelled = r.json.code;
  assert.equal((await ctx.request('POST', `/api/v1/appointments/${cancelled}/cancel`, { body: { id_number: '001090888003' } })).status, 200);

  const confirmation = await until(() => out.mails().find((m) => m.subject === `Lịch hẹn ${tomorrow} đã được đặt`), 'the confirmation');
  assert.deepEqual(confirmation.rcpt_tos, ['khach2@example.vn']);
  assert.ok(confirmation.text.body.includes('Kính gửi Nguyễn Văn 2'), confirmation.text.body);
  assert.ok(confirmation.text.body.includes('thủ tục Thủ tục đăng ký giám hộ tại '), confirmation.text.body);
  assert.ok(confirmation.text.body.includes('lúc 09:00 ngày 02/12/2026'), confirmation.text.body);
  assert.ok(confirmation.text.body.includes(`Mã lịch hẹn: ${tomorrow}.`), confirmation.text.body);
  const confirmSms = await until(() => out.sms.find((s) => s.dossier === tomorrow && s.text.startsWith('Lich hen')), 'the SMS');
  assert.equal(confirmSms.to, '0912345672');
  assert.ok(confirmSms.text.startsWith(`Lich hen ${tomorrow}: 09:00 ngày 02/12/2026 tai `), confirmSms.text);

  const reminder = await until(() => out.mails().find((m) => m.subject === `Nhắc lịch hẹn ${tomorrow}`), 'the reminder');
  assert.ok(reminder.text.body.includes('lúc 09:00 ngày 02/12/2026'), reminder.text.body);
  await until(() => out.sms.find((s) => s.dossier === tomorrow && s.text.startsWith(`Nhac lich hen ${tomorrow}: 09:00 ngày 02/12/2026`)), 'the reminder SMS');
  // Sent oldest due first: by now today's booking would have had its reminder, had it one.
  assert.ok(out.mails().find((m) => m.subject === `Lịch hẹn ${today} đã được đặt`));
  assert.equal(out.mails().filter((m) => m.subject === `Nhắc lịch hẹn ${today}`).length, 0);
  assert.equal(out.sms.filter((s) => s.dossier === today).length, 1);
  // No e-mail address: SMS only.
  assert.equal(out.mails().filter((m) => m.text.body.includes(cancelled)).length, 0);
  await until(() => out.sms.find((s) => s.dossier === cancelled), 'the cancelled booking\'s confirmation');
});
