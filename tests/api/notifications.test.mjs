// Notifications to citizens (docs/notifications.md) with real parts: a real SMTP server
// (aiosmtpd, tests/api/lib/smtp_sink.py) receives the e-mails, parsed by Python's email package
// and checked for content, UTF-8 subject and body, and the Form 04 attachment; a node:http SMS
// gateway receives the SMS. Also: the SMS opt-out, an applicant without e-mail, an unconfigured
// SMS gateway (skipped), the list with its states, and the SMTP server down, then up (retried).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDemo, guardianship, HK_POINT } from './lib/dossiers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLOCK = '2026-11-26T09:00:00+07:00';
// Debian's own interpreter, which has python3-aiosmtpd (a python3 earlier on PATH may not).
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const mailDir = mkdtempSync(path.join(tmpdir(), 'motcua-mail-'));
let smtpPort;
let sink = null;
let sms = { got: [], server: null };
let ctx;
let bare;

async function freePort() {
  const s = net.createServer();
  await new Promise((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}

/** Starts the SMTP sink on smtpPort; resolves once it listens. */
function startSink() {
  const proc = spawn(PYTHON, [path.join(here, 'lib/smtp_sink.py'), mailDir, String(smtpPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  process.on('exit', () => { if (proc.exitCode === null) proc.kill('SIGKILL'); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start: ${err}`)), 15000);
    proc.stdout.on('data', (d) => { if (String(d).includes('ready')) { clearTimeout(timer); resolve(proc); } });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp sink exited ${code}: ${err}`)); });
  });
}

async function stopSink() {
  if (!sink || sink.exitCode !== null) return;
  const done = new Promise((res) => sink.on('exit', res));
  sink.kill('SIGTERM');
  await done;
  sink = null;
}

function mails() {
  return readdirSync(mailDir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(mailDir, f), 'utf8')))
    // The text part is sent with CRLF line ends (canonical MIME text): read as lines.
    .map((m) => ({ ...m, text: { ...m.text, crlf: m.text.body.includes('\r\n'), body: m.text.body.replace(/\r\n/g, '\n') } }));
}

async function until(cond, what, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await cond();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const mailFor = (code, subject) => until(() => mails().find((m) => m.subject === subject && m.text.body.includes(code)), `mail "${subject}"`);

before(async () => {
  smtpPort = await freePort();
  sink = await startSink();
  sms.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      sms.got.push({ auth: req.headers.authorization, type: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200); res.end('{}');
    });
  });
  await new Promise((res) => sms.server.listen(0, '127.0.0.1', res));
  const smsUrl = `http://127.0.0.1:${sms.server.address().port}/sms`;
  ctx = await startDemo(CLOCK, ['--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--smtp-from', 'Motcua Ha Noi <noreply@motcua.test>',
    '--sms-url', smsUrl, '--notify-retry-base-ms', '300', '--notify-retry-cap-ms', '600'], { MOTCUA_SMS_TOKEN: 'sms-token-1' });
});

after(async () => {
  await stopSink();
  if (sms.server) sms.server.close();
  if (ctx) await ctx.srv.stop();
  if (bare) await bare.srv.stop();
  rmSync(mailDir, { recursive: true, force: true });
});

const act = (code, action, token, body = {}) => ctx.request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });
const list = (code, token, c = ctx) => c.request('GET', `/api/v1/dossiers/${code}/notifications`, { token });

async function intake(applicant = {}, c = ctx) {
  const body = guardianship();
  body.applicant = { ...body.applicant, email: 'nguyen.hang@example.vn', ...applicant };
  const r = await c.request('POST', '/api/v1/dossiers', { token: c.tokens['tiepnhan.hoankiem'], body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('reception: a UTF-8 e-mail with the code and the tracking link, and an SMS to the gateway', async () => {
  const t0 = Date.now();
  const d = await intake();
  const m = await mailFor(d.code, `Hồ sơ ${d.code} đã được tiếp nhận`);
  assert.equal(m.mail_from, 'noreply@motcua.test');
  assert.deepEqual(m.rcpt_tos, ['nguyen.hang@example.vn']);
  assert.equal(m.from, 'Motcua Ha Noi <noreply@motcua.test>');
  assert.equal(m.to, 'nguyen.hang@example.vn');
  assert.match(m.raw, /^Subject: =\?UTF-8\?B\?/m);
  assert.equal(m.content_type, 'text/plain');
  assert.equal(m.text.charset, 'utf-8');
  assert.equal(m.text.cte, 'base64');
  assert.equal(m.text.crlf, true);
  assert.ok(m.text.body.includes('Kính gửi Nguyễn Thị Hằng'), m.text.body);
  assert.ok(m.text.body.includes('Thủ tục đăng ký giám hộ'), m.text.body);
  assert.ok(m.text.body.includes(`${ctx.srv.base}/track/${d.code}?s=${d.tracking_secret}`), m.text.body);
  const s = await until(() => sms.got.find((x) => x.body.dossier === d.code), 'the SMS');
  assert.equal(s.auth, 'Bearer sms-token-1');
  assert.equal(s.type, 'application/json');
  assert.equal(s.body.to, '0912345678');
  assert.match(s.body.id, /^ntf_[0-9a-f]{32}$/);
  // Its first 12 hex digits are the milliseconds when it was made (ids sort by time).
  const made = parseInt(s.body.id.slice(4, 16), 16);
  assert.ok(made >= t0 - 1000 && made <= Date.now() + 1000, `${made} not within [${t0}, now]`);
  assert.ok(s.body.text.startsWith(`Ho so ${d.code} da duoc tiep nhan.`), s.body.text);

  // The list: staff see last_error, the citizen who owns it does not; recipients masked.
  const r = await until(async () => {
    const x = await list(d.code, ctx.tokens['tiepnhan.hoankiem']);
    return x.json.items.every((i) => i.state === 'sent') && x;
  }, 'both sent');
  assert.deepEqual(r.json.items.map((i) => [i.channel, i.recipient, i.event, i.state, i.attempts, i.last_error]),
    [['email', 'n***@example.vn', 'received', 'sent', 1, null], ['sms', '09****5678', 'received', 'sent', 1, null]]);
  assert.match(r.json.items[0].sent_at, /\+07:00$/);
  const mine = await list(d.code, ctx.tokens['001190012345']);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 2);
  assert.equal('last_error' in mine.json.items[0], false);
  assert.equal((await list(d.code, ctx.tokens['001085004321'])).status, 404);
});

test('supplement lists what is missing; extension attaches Form 04; SMS opt-out stops later SMS', async () => {
  const d = await intake();
  assert.equal((await act(d.code, 'transfer', ctx.tokens['tiepnhan.hoankiem'])).status, 200);
  let r = await act(d.code, 'request-supplement', ctx.tokens['xuly.hoankiem'], { items: ['Bản sao giấy khai sinh', 'Ảnh 4x6'], reason: 'Thiếu giấy tờ chứng minh' });
  assert.equal(r.status, 200, r.text);
  let m = await mailFor(d.code, `Hồ sơ ${d.code} cần bổ sung giấy tờ`);
  assert.ok(m.text.body.includes('- Bản sao giấy khai sinh\n- Ảnh 4x6'), m.text.body);
  assert.ok(m.text.body.includes('Lý do: Thiếu giấy tờ chứng minh'), m.text.body);
  await until(() => sms.got.find((x) => x.body.dossier === d.code && x.body.text.includes('can bo sung')), 'the supplement SMS');

  // Opt-out with the tracking secret (a wrong one is 404 like an unknown code).
  assert.equal((await ctx.request('POST', `/api/v1/public/dossiers/${d.code}/sms-opt-out?secret=WRONG234`)).status, 404);
  r = await ctx.request('POST', `/api/v1/public/dossiers/${d.code}/sms-opt-out?secret=${d.tracking_secret}`);
  assert.equal(r.status, 204, r.text);

  r = await act(d.code, 'supplement', ctx.tokens['tiepnhan.hoankiem'], { components: [] });
  assert.equal(r.status, 200, r.text);
  r = await act(d.code, 'extend', ctx.tokens['lanhdao.hoankiem'], { reason: 'Cần xác minh thêm với cơ quan công an', new_due_at: '2026-12-15T17:00:00+07:00' });
  assert.equal(r.status, 200, r.text);
  m = await mailFor(d.code, `Thư xin lỗi và gia hạn thời gian giải quyết hồ sơ ${d.code}`);
  assert.equal(m.content_type, 'multipart/mixed');
  assert.ok(m.text.body.includes('17:00 ngày 15/12/2026'), m.text.body);
  assert.equal(m.attachments.length, 1);
  assert.equal(m.attachments[0].filename, `mau-04-${d.code}.pdf`);
  assert.equal(m.attachments[0].content_type, 'application/pdf');
  assert.equal(Buffer.from(m.attachments[0].data, 'base64').subarray(0, 5).toString('latin1'), '%PDF-');

  r = await list(d.code, ctx.tokens['tiepnhan.hoankiem']);
  assert.deepEqual(r.json.items.map((i) => [i.event, i.channel]),
    [['received', 'email'], ['received', 'sms'], ['supplement', 'email'], ['supplement', 'sms'], ['extended', 'email']]);
  assert.equal(r.json.items[4].attachment, true);
  assert.equal(sms.got.filter((x) => x.body.dossier === d.code).length, 2);
});

test('an applicant without e-mail gets no e-mail row', async () => {
  const body = guardianship();
  const r = await ctx.request('POST', '/api/v1/dossiers', { token: ctx.tokens['tiepnhan.hoankiem'], body });
  assert.equal(r.status, 201, r.text);
  const x = await list(r.json.code, ctx.tokens['tiepnhan.hoankiem']);
  assert.deepEqual(x.json.items.map((i) => i.channel), ['sms']);
});

test('the SMTP server down, then up: the e-mail is retried and delivered', async () => {
  await stopSink();
  const d = await intake({ email: 'tran.b@example.vn' });
  await until(async () => {
    const x = await list(d.code, ctx.tokens['tiepnhan.hoankiem']);
    const e = x.json.items.find((i) => i.channel === 'email');
    return e.attempts >= 1 && e.state === 'pending' && /SMTP/.test(e.last_error) && e;
  }, 'a failed attempt');
  sink = await startSink();
  await mailFor(d.code, `Hồ sơ ${d.code} đã được tiếp nhận`);
  const e = await until(async () => {
    const x = await list(d.code, ctx.tokens['tiepnhan.hoankiem']);
    const i = x.json.items.find((k) => k.channel === 'email');
    return i.state === 'sent' && i;
  }, 'sent after the retry');
  assert.ok(e.attempts >= 2, JSON.stringify(e));
});

test('unconfigured channels: notifications recorded as skipped, never sent', async () => {
  bare = await startDemo(CLOCK);
  const d = await intake({}, bare);
  const x = await list(d.code, bare.tokens['tiepnhan.hoankiem'], bare);
  assert.deepEqual(x.json.items.map((i) => [i.channel, i.state, i.attempts, i.last_error]),
    [['email', 'skipped', 0, 'the channel is not configured'], ['sms', 'skipped', 0, 'the channel is not configured']]);
  assert.equal(HK_POINT, d.receiving_unit);
});
