// Input hygiene (issue 13, item 8): control characters (tab, CR and LF included, C0 and C1) and
// bidirectional overrides and isolates are refused in names, titles and other one-line text, with
// a 422 naming the field and nothing changed; texts of several lines (reasons, notes) keep their
// line breaks but refuse the rest; CSV imports and upload filenames follow the same rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemo, guardianship, HK_POINT } from './lib/dossiers.mjs';
import { motcua } from './lib/server.mjs';

let ctx;
let dir;
before(async () => {
  ctx = await startDemo('2026-11-26T09:00:00+07:00');
  dir = mkdtempSync(path.join(tmpdir(), 'motcua-hygiene-'));
});
after(async () => {
  await ctx.srv.stop();
  rmSync(dir, { recursive: true, force: true });
});

const RLO = '\u202e';  // RIGHT-TO-LEFT OVERRIDE
const LRI = '\u2066';  // LEFT-TO-RIGHT ISOLATE
const NEL = '\u0085';  // a C1 control

function refused(r, field) {
  assert.equal(r.status, 422, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  const e = r.json.errors.find((x) => x.field === field);
  assert.ok(e, `no error names ${field}: ${r.text}`);
  assert.ok(e.message && e.message_vi, r.text);
}

test('one-line fields refuse line breaks, tabs, other controls and bidirectional formatting', async () => {
  const { request, tokens: t } = ctx;
  const names = ['Nguyễn\nThị Mai', 'Nguyễn\tThị Mai', 'Nguyễn\rThị Mai', `Nguyễn${NEL}Mai`,
    `Mai${RLO}nạ`, `Mai ${LRI}x`];
  for (const full_name of names) {
    refused(await request('POST', '/api/v1/citizens/register', {
      body: { id_number: '001199054321', full_name, password: 'mat khau 2026' },
    }), 'full_name');
    refused(await request('POST', '/api/v1/users', {
      token: t.admin,
      body: { username: 'mai.nt', password: 'correct horse 1', full_name, roles: [{ role: 'receiver', unit: HK_POINT }] },
    }), 'full_name');
  }
  // Nothing was made.
  assert.equal((await request('GET', '/api/v1/users/mai.nt', { token: t.admin })).status, 404);
  assert.equal((await request('POST', '/api/v1/auth/login', { body: { username: '001199054321', password: 'mat khau 2026' } })).status, 401);

  const body = guardianship();
  let r = await request('POST', '/api/v1/dossiers', {
    token: t['tiepnhan.hoankiem'], body: { ...body, applicant: { ...body.applicant, name: 'Nguyễn Thị\r\nHằng' } },
  });
  refused(r, 'applicant.name');
  r = await request('POST', '/api/v1/dossiers', {
    token: t['tiepnhan.hoankiem'], body: { ...body, applicant: { ...body.applicant, address: `Số 1 ${RLO}Tràng Tiền` } },
  });
  refused(r, 'applicant.address');
  r = await request('POST', '/api/v1/staff', {
    token: t.admin, body: { full_name: 'Lê\tVăn Tám', id_number: '001090054399', position: 'Chuyên viên', unit: HK_POINT },
  });
  refused(r, 'full_name');
  r = await request('POST', '/api/v1/units', {
    token: t.admin, body: { code: '001.09.50.H26', name: `Điểm ${LRI}thử`, kind: 'service_point', parent: '001.00.50.H26' },
  });
  refused(r, 'name');
});

test('several-line fields keep line breaks and refuse the other controls and bidi formatting', async () => {
  const { request, tokens: t } = ctx;
  const d = (await request('POST', '/api/v1/dossiers', { token: t['tiepnhan.hoankiem'], body: guardianship() })).json;
  const act = (a, body) => request('POST', `/api/v1/dossiers/${d.code}/${a}`, { token: t['tiepnhan.hoankiem'], body });
  refused(await act('stop', { reason: `rút hồ sơ${RLO}` }), 'reason');
  refused(await act('stop', { reason: 'rút\u0007hồ sơ' }), 'reason');
  const r = await act('stop', { reason: 'Người dân rút hồ sơ.\nĐã trả lại giấy tờ gốc.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'stopped');
});

test('a CSV import refuses a control or bidi character in any column, naming line and column', () => {
  const file = path.join(dir, 'staff.csv');
  writeFileSync(file, [
    'full_name,id_number,position,unit,counter',
    `Hoàng Văn Long,001090067811,Chuyên viên,${HK_POINT},1`,
    `"Lê\tThị Hoa",001190067812,Chuyên viên,${HK_POINT},`,
    `Đỗ Văn Nam,001090067813,Chuyên ${RLO}viên,${HK_POINT},`,
  ].join('\n'));
  const r = motcua(['import', 'staff', file, '--data', ctx.srv.data]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^line 3: full_name: must be one line without control or bidirectional formatting characters$/m);
  assert.match(r.stderr, /^line 4: position: must be one line without control or bidirectional formatting characters$/m);
  assert.match(r.stderr, /nothing imported/);
});
