// The official forms as PDFs in correct Vietnamese (text extracted with pdftotext), the QR of
// Form 01 decoded from a rendered page to the signed tracking URL, and the tracking book (Form 07).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, CN_POINT } from './lib/dossiers.mjs';

let ctx;
let request;
let t;
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-forms-'));

before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  request = ctx.request;
  t = ctx.tokens;
});
after(async () => { await ctx.srv.stop(); });

async function pdf(urlPath, token) {
  const res = await fetch(`${ctx.srv.base}${urlPath}`, { headers: { Authorization: `Bearer ${token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status };
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, buf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  return { status: 200, file, text };
}

const act = (code, action, token, body = {}) => request('POST', `/api/v1/dossiers/${code}/${action}`, { token, body });

test('Form 01: title, national header, applicant, code, due time, and a QR that opens the signed tracking URL', async () => {
  const r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship() });
  const code = r.json.code;
  const f = await pdf(`/api/v1/dossiers/${code}/forms/01.pdf`, t['tiepnhan.cuanam']);
  assert.equal(f.status, 200);
  for (const s of ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
    'Nguyễn Thị Hằng', code, '001190012345', 'Thủ tục đăng ký giám hộ', '09 giờ 00 phút, ngày 01/12/2026']) {
    assert.ok(f.text.includes(s), `missing "${s}" in: ${f.text.slice(0, 3000)}`);
  }
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', f.file, path.join(dir, 'page')]);
  const png = readdirSync(dir).find((n) => n.startsWith('page') && n.endsWith('.png'));
  const qr = execFileSync('zbarimg', ['--raw', '-q', path.join(dir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const receipt = await request('GET', `/api/v1/dossiers/${code}/receipt`, { token: t['tiepnhan.cuanam'] });
  assert.equal(qr, receipt.json.qr_url);
  const u = new URL(qr);
  assert.equal(u.pathname, `/track/${code}`);
  const v = await request('GET', `/api/v1/public/receipts/verify?code=${code}&sig=${u.searchParams.get('sig')}`);
  assert.equal(v.json.valid, true);
  // Forms that do not apply yet are 404; an unknown form too.
  for (const n of ['02', '03', '04', '05', '06']) assert.equal((await pdf(`/api/v1/dossiers/${code}/forms/${n}.pdf`, t['tiepnhan.cuanam'])).status, 404, n);
  assert.equal((await pdf(`/api/v1/dossiers/${code}/forms/07.pdf`, t['tiepnhan.cuanam'])).status, 404);
  // Someone who cannot see the dossier gets 404.
  assert.equal((await pdf(`/api/v1/dossiers/${code}/forms/01.pdf`, t['tiepnhan.hoankiem'])).status, 404);
});

test('Forms 02, 04, 06 along the dossier\'s life; 03 and 05 when refused or stopped', async () => {
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship() });
  const code = r.json.code;
  await act(code, 'transfer', t['tiepnhan.cuanam']);
  await act(code, 'request-supplement', t['xuly.hoankiem'], { items: ['Bản sao giấy khai sinh của người được giám hộ'], reason: 'Thiếu giấy tờ chứng minh' });
  let f = await pdf(`/api/v1/dossiers/${code}/forms/02.pdf`, t['tiepnhan.cuanam']);
  for (const s of ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Bản sao giấy khai sinh của người được giám hộ', 'Thiếu giấy tờ chứng minh', 'Nguyễn Thị Hằng']) {
    assert.ok(f.text.includes(s), s);
  }
  await act(code, 'supplement', t['tiepnhan.cuanam'], { components: [] });
  await act(code, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh với cơ quan công an', new_due_at: '2026-12-10T17:00:00+07:00' });
  f = await pdf(`/api/v1/dossiers/${code}/forms/04.pdf`, t['lanhdao.hoankiem']);
  for (const s of ['PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT', 'Cần xác minh với cơ quan công an', code, 'Nguyễn Thị Hằng', '10/12/2026']) {
    assert.ok(f.text.includes(s), s);
  }
  await act(code, 'complete-step', t['xuly.hoankiem']);
  f = await pdf(`/api/v1/dossiers/${code}/forms/06.pdf`, t['xuly.hoankiem']);
  // Table cells wrap, so check words that fit on one line of a cell.
  for (const s of ['PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', 'Cơ quan (bộ phận) giải quyết hồ sơ: UBND phường Hoàn Kiếm', 'Trước hạn', '09:00, 26/11/2026', code]) {
    assert.ok(f.text.includes(s), s);
  }
  r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship() });
  await act(r.json.code, 'stop', t['tiepnhan.cuanam'], { reason: 'Người nộp xin rút hồ sơ' });
  f = await pdf(`/api/v1/dossiers/${r.json.code}/forms/05.pdf`, t['tiepnhan.cuanam']);
  for (const s of ['THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', 'Người nộp xin rút hồ sơ', 'Nguyễn Thị Hằng']) assert.ok(f.text.includes(s), s);
  r = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online' }) });
  // A submitted online dossier has its Form 01 already (no QR until it is received).
  f = await pdf(`/api/v1/dossiers/${r.json.code}/forms/01.pdf`, t['001190012345']);
  assert.equal(f.status, 200);
  assert.ok(f.text.includes('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ') && f.text.includes(r.json.code));
  const u = await request('POST', '/api/v1/users', { token: t.admin, body: { username: 'tn.online', password: 'correct horse 1', full_name: 'Bàn trực tuyến', roles: [{ role: 'receiver', unit: '000.00.01.H26' }] } });
  assert.equal(u.status, 201);
  const desk = (await request('POST', '/api/v1/auth/login', { body: { username: 'tn.online', password: 'correct horse 1' } })).json.token;
  await act(r.json.code, 'refuse', desk, { reason: 'Hồ sơ không thuộc phạm vi giải quyết' });
  f = await pdf(`/api/v1/dossiers/${r.json.code}/forms/03.pdf`, desk);
  for (const s of ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Hồ sơ không thuộc phạm vi giải quyết', 'Nguyễn Thị Hằng']) assert.ok(f.text.includes(s), s);
});

// GET /dossiers/{code}/forms lists exactly the forms whose PDF answers 200 (the others 404).
async function formsAgree(code, token, expected) {
  const r = await request('GET', `/api/v1/dossiers/${code}/forms`, { token });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((f) => f.form), expected);
  for (const f of r.json.items) assert.equal(f.href, `/api/v1/dossiers/${code}/forms/${f.form}.pdf`);
  for (const n of ['01', '02', '03', '04', '05', '06']) {
    assert.equal((await pdf(`/api/v1/dossiers/${code}/forms/${n}.pdf`, token)).status, expected.includes(n) ? 200 : 404, n);
  }
  return r.json.items;
}

test('a dossier lists its forms, the same ones its PDFs answer for', async () => {
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship() });
  const code = r.json.code;
  const items = await formsAgree(code, t['tiepnhan.cuanam'], ['01']);
  assert.deepEqual(items[0], { form: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', href: `/api/v1/dossiers/${code}/forms/01.pdf` });
  await act(code, 'transfer', t['tiepnhan.cuanam']);
  await formsAgree(code, t['xuly.hoankiem'], ['01', '06']);
  await act(code, 'request-supplement', t['xuly.hoankiem'], { items: ['Bản sao giấy khai sinh'], reason: 'Thiếu giấy tờ' });
  await act(code, 'supplement', t['tiepnhan.cuanam'], { components: [] });
  await act(code, 'extend', t['lanhdao.hoankiem'], { reason: 'Cần xác minh', new_due_at: '2026-12-10T17:00:00+07:00' });
  const all = await formsAgree(code, t['lanhdao.hoankiem'], ['01', '02', '04', '06']);
  assert.deepEqual(all.map((f) => f.title), [
    'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
    'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
    'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết',
    'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  ]);
  r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship() });
  await act(r.json.code, 'stop', t['tiepnhan.cuanam'], { reason: 'Người nộp xin rút hồ sơ' });
  await formsAgree(r.json.code, t['tiepnhan.cuanam'], ['01', '05']);
  // Not visible to this officer, or no such dossier: 404, as for the PDFs.
  assert.equal((await request('GET', `/api/v1/dossiers/${code}/forms`, { token: t['tiepnhan.hoankiem'] })).status, 404);
  assert.equal((await request('GET', '/api/v1/dossiers/KHONG-CO/forms', { token: t['tiepnhan.cuanam'] })).status, 404);
  assert.equal((await request('GET', `/api/v1/dossiers/${code}/forms`)).status, 401);
});

test('counter guidance prints Form 02 and a refusal Form 03 without a dossier', async () => {
  let r = await request('POST', '/api/v1/intake-guidance', { token: t['tiepnhan.cuanam'], body: { procedure: '1.004837', applicant: guardianship().applicant, missing: ['tp07'], note: 'Mang theo tờ khai có chữ ký' } });
  let f = await pdf(`/api/v1/intake-guidance/${r.json.number}/form.pdf`, t['tiepnhan.cuanam']);
  for (const s of ['PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', 'Nguyễn Thị Hằng', 'Mang theo tờ khai có chữ ký']) assert.ok(f.text.includes(s), s);
  assert.equal((await pdf(`/api/v1/intake-guidance/${r.json.number}/form.pdf`, t['tiepnhan.hoankiem'])).status, 404);
  r = await request('POST', '/api/v1/intake-refusals', { token: t['tiepnhan.cuanam'], body: { procedure: 'Cấp phép bay', applicant: guardianship().applicant, reason: 'Không thuộc phạm vi của Trung tâm' } });
  f = await pdf(`/api/v1/intake-refusals/${r.json.number}/form.pdf`, t['tiepnhan.cuanam']);
  for (const s of ['PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', 'Không thuộc phạm vi của Trung tâm']) assert.ok(f.text.includes(s), s);
});

test('the tracking book (Form 07) as CSV and XLSX, one row per dossier of the period', async () => {
  const q = `unit=${CN_POINT}&from=2026-11-26&to=2026-11-26`;
  let res = await fetch(`${ctx.srv.base}/api/v1/reports/tracking-book.csv?${q}`, { headers: { Authorization: `Bearer ${t['tiepnhan.cuanam']}` } });
  assert.equal(res.status, 200);
  const csv = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
  const list = await request('GET', `/api/v1/dossiers?receiving_unit=${CN_POINT}&limit=500`, { token: t['tiepnhan.cuanam'] });
  const codes = list.json.items.filter((d) => d.received_at && d.received_at.startsWith('2026-11-26')).map((d) => d.code).sort();
  assert.equal(lines.length, codes.length + 1);
  for (const c of codes) assert.ok(lines.some((l) => l.includes(c)), c);
  assert.ok(lines.some((l) => l.includes('26/11/2026')));
  res = await fetch(`${ctx.srv.base}/api/v1/reports/tracking-book.xlsx?${q}`, { headers: { Authorization: `Bearer ${t['tiepnhan.cuanam']}` } });
  assert.equal(res.status, 200);
  const file = path.join(dir, 'book.xlsx');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  let strings = '';
  try { strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }); } catch { /* inline strings */ }
  const rows = sheet.match(/<row /g).length;
  assert.equal(rows, codes.length + 2); // title, header, one per dossier
  for (const c of codes) assert.ok(strings.includes(c) || sheet.includes(c), c);
  // The same book as a printable PDF: A4 landscape, the national header, every code, the period.
  const book = await pdf(`/api/v1/reports/tracking-book.pdf?${q}`, t['tiepnhan.cuanam']);
  assert.equal(book.status, 200);
  for (const s2 of ['SỔ THEO DÕI HỒ SƠ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'ĐIỂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG CỬA NAM',
    'Hồ sơ tiếp nhận từ 26/11/2026 00:00 đến 26/11/2026 23:59', 'Mã hồ sơ', 'NGƯỜI GHI SỔ', ...codes]) {
    assert.ok(book.text.includes(s2), `book PDF lacks "${s2}"`);
  }
  const info = execFileSync('pdfinfo', [book.file], { encoding: 'utf8' });
  assert.match(info, /Page size:\s+841\.89 x 595\.276 pts \(A4\)/); // landscape
  assert.equal((await pdf(`/api/v1/reports/tracking-book.pdf?${q}`, t['tiepnhan.hoankiem'])).status, 403);
  // Another point's receiver may not read this book; a missing unit is 422.
  res = await fetch(`${ctx.srv.base}/api/v1/reports/tracking-book.csv?${q}`, { headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } });
  assert.equal(res.status, 403);
  res = await fetch(`${ctx.srv.base}/api/v1/reports/tracking-book.csv`, { headers: { Authorization: `Bearer ${t['tiepnhan.hoankiem']}` } });
  assert.equal(res.status, 422);
});

// Issue 19, item 1: who received it by full name, when, on one page, with the header of the day.
test('Form 01: the receiving officer\'s full name, the reception time, one page for 8 components, the header as on the day of issue', async () => {
  const pages = (file) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
  const all = ['tp01', 'tp02', 'tp03', 'tp04', 'tp05', 'tp06', 'tp07', 'tp08'].map((id) => ({ id, provided: true }));
  let r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship({ procedure: '1.001193', components: all }) });
  assert.equal(r.status, 201, r.text);
  const eight = r.json.code;
  const before8 = await pdf(`/api/v1/dossiers/${eight}/forms/01.pdf`, t['tiepnhan.cuanam']);
  assert.equal(pages(before8.file), 1);
  assert.ok(before8.text.includes('Phạm Đức Anh'), before8.text);
  assert.ok(!before8.text.includes('tiepnhan.cuanam'));
  assert.ok(before8.text.includes('4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 26/11/2026'), before8.text);
  assert.ok(before8.text.includes('Hà Nội, ngày 26 tháng 11 năm 2026'), before8.text);
  r = await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.cuanam'], body: guardianship({ components: [{ id: 'tp07', provided: true }] }) });
  const one = await pdf(`/api/v1/dossiers/${r.json.code}/forms/01.pdf`, t['tiepnhan.cuanam']);
  assert.equal(pages(one.file), 1);

  // Online: before reception nobody signs as receiver (not the citizen's ID); after, the desk officer.
  r = await request('POST', '/api/v1/dossiers', { token: t['001190012345'], body: guardianship({ channel: 'online' }) });
  const online = r.json.code;
  let f = await pdf(`/api/v1/dossiers/${online}/forms/01.pdf`, t['001190012345']);
  assert.equal(f.text.split('001190012345').length - 1, 1, f.text); // only on the applicant's line
  const u = await request('POST', '/api/v1/users', { token: t.admin, body: { username: 'tn.online19', password: 'correct horse 1', full_name: 'Đỗ Minh Châu', roles: [{ role: 'receiver', unit: '000.00.01.H26' }] } });
  assert.equal(u.status, 201, u.text);
  const desk = (await request('POST', '/api/v1/auth/login', { body: { username: 'tn.online19', password: 'correct horse 1' } })).json.token;
  await ctx.setClock('2026-11-26T10:15:00+07:00');
  assert.equal((await act(online, 'receive', desk)).status, 200);
  f = await pdf(`/api/v1/dossiers/${online}/forms/01.pdf`, desk);
  assert.ok(f.text.includes('Đỗ Minh Châu') && !f.text.includes('tn.online19'), f.text);
  assert.ok(f.text.includes('4. Thời gian nhận hồ sơ: 10 giờ 15 phút, ngày 26/11/2026'), f.text);
  assert.equal(pages(f.file), 1);

  // Reprinted days later, after the point moved under the Center: the same paper as issued.
  const parent = (await request('GET', `/api/v1/units/${CN_POINT}`)).json.parent;
  const parentName = (await request('GET', `/api/v1/units/${parent}`)).json.name;
  assert.ok(before8.text.includes(parentName.toLocaleUpperCase('vi')), before8.text);
  await ctx.setClock('2026-12-03T09:00:00+07:00');
  r = await request('POST', '/api/v1/reorganizations', { token: t.admin, body: { decision_number: '19/QĐ-UBND', signed_on: '2026-11-30', effective_at: '2026-12-01T00:00:00+07:00', target_unit: '000.00.01.H26', units: [CN_POINT], handover_days: 30 } });
  assert.equal(r.status, 201, r.text);
  assert.equal((await request('GET', `/api/v1/units/${CN_POINT}`)).json.parent, '000.00.01.H26');
  const after8 = await pdf(`/api/v1/dossiers/${eight}/forms/01.pdf`, t['tiepnhan.cuanam']);
  assert.equal(after8.text, before8.text);
});
