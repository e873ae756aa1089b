// Every query parameter of every route that reads one (issue 13, item 6): a bad value is a 422
// problem+json naming that parameter, never a 500 or a silently ignored filter. One row per
// parameter; the bad values include a control character and a bidirectional override in text.
// (Public lookups by secret — tracking, receipt verification — answer "not found" / "not valid"
// for any value by design: a forged QR code reads as not valid.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, HK_POINT } from './lib/dossiers.mjs';
import { pdf } from './lib/files.mjs';

let ctx;
before(async () => { ctx = await startDemo('2026-11-26T09:00:00+07:00'); });
after(async () => { await ctx.srv.stop(); });

const LF = 'a%0Ab';          // a newline inside one-line text
const BIDI = 'abc%E2%80%AEcba'; // U+202E RIGHT-TO-LEFT OVERRIDE
const BAD_UTF8 = '%FF%FE';
const LONG = 'x'.repeat(201);
const PDF = pdf('query-args');

// [who, path, parameter, bad value]; who is a demo account allowed to call the route.
const CASES = [
  ['admin', '/api/v1/dossiers', 'limit', 'abc'],
  ['admin', '/api/v1/dossiers', 'limit', '0'],
  ['admin', '/api/v1/dossiers', 'cursor', '!!'],
  ['admin', '/api/v1/dossiers', 'status', 'nonsense'],
  ['admin', '/api/v1/dossiers', 'receiving_unit', LF],
  ['admin', '/api/v1/dossiers', 'receiving_unit', 'not a code'],
  ['admin', '/api/v1/dossiers', 'resolver_unit', BIDI],
  ['admin', '/api/v1/dossiers', 'return_unit', BAD_UTF8],
  ['admin', '/api/v1/dossiers', 'procedure', 'x'.repeat(40)],
  ['admin', '/api/v1/dossiers', 'q', BIDI],
  ['admin', '/api/v1/dossiers', 'q', LONG],
  ['admin', '/api/v1/dossiers', 'overdue', 'maybe'],
  ['admin', '/api/v1/dossiers', 'order', 'oldest'],
  ['admin', '/api/v1/dossiers', 'due_before', 'abc'],
  ['tiepnhan.hoankiem', '/api/v1/applicants/001190012345/documents', 'limit', '501'],
  ['tiepnhan.hoankiem', '/api/v1/applicants/001190012345/documents', 'cursor', '%00'],
  [null, '/api/v1/procedures', 'limit', '-1'],
  [null, '/api/v1/procedures', 'cursor', '!'],
  [null, '/api/v1/procedures', 'q', LF],
  [null, '/api/v1/procedures', 'field', BIDI],
  [null, '/api/v1/procedures', 'level', 'galactic'],
  [null, '/api/v1/procedures', 'order', 'random'],
  [null, '/api/v1/procedures/1.004837', 'version', 'abc'],
  [null, `/api/v1/points/${HK_POINT}/queue`, 'limit', 'x'],
  [null, `/api/v1/points/${HK_POINT}/queue`, 'cursor', 'abc'],
  ['admin', '/api/v1/staff', 'limit', '1000'],
  ['admin', '/api/v1/staff', 'cursor', 'abc'],
  ['admin', '/api/v1/staff', 'unit', LF],
  ['admin', '/api/v1/assets', 'unit', 'bad unit'],
  ['admin', '/api/v1/assets', 'cursor', 'abc'],
  ['admin', '/api/v1/records', 'unit', BIDI],
  ['admin', '/api/v1/records', 'limit', ''],
  ['admin', '/api/v1/reorganizations', 'limit', '1.5'],
  ['admin', '/api/v1/reorganizations', 'cursor', 'abc'],
  ['admin', '/api/v1/reports/summary', 'from', 'yesterday'],
  ['admin', '/api/v1/reports/summary', 'to', '2026-13-01'],
  ['admin', '/api/v1/reports/summary', 'group_by', 'color'],
  ['admin', '/api/v1/reports/summary.csv', 'group_by', 'color'],
  ['admin', '/api/v1/reports/summary.xlsx', 'from', 'x'],
  ['tiepnhan.hoankiem', '/api/v1/reports/tracking-book.csv', 'unit', LF],
  ['tiepnhan.hoankiem', '/api/v1/reports/tracking-book.csv', 'from', 'x'],
  ['tiepnhan.hoankiem', '/api/v1/reports/tracking-book.xlsx', 'to', 'x'],
  ['tiepnhan.hoankiem', '/api/v1/reports/tracking-book.pdf', 'unit', BIDI],
  ['admin', '/api/v1/audit', 'limit', 'many'],
  ['admin', '/api/v1/audit', 'cursor', 'abc'],
  ['admin', '/api/v1/audit', 'entity', LF],
  [null, '/api/v1/units', 'limit', '0'],
  [null, '/api/v1/units', 'cursor', '%00'],
  [null, '/api/v1/units', 'as_of', 'soon'],
  [null, '/api/v1/units', 'kind', 'planet'],
  [null, '/api/v1/units', 'subkind', 'thon'],
  [null, '/api/v1/units', 'parent', LF],
  [null, '/api/v1/units', 'q', BIDI],
  [null, `/api/v1/units/${HK_POINT}`, 'as_of', 'soon'],
  ['admin', '/api/v1/users', 'q', LF],
  ['admin', '/api/v1/users', 'role', 'king'],
  ['admin', '/api/v1/users', 'unit', 'no.such.unit'],
  ['admin', '/api/v1/users', 'active', 'yes'],
  ['admin', '/api/v1/users', 'limit', 'x'],
  ['admin', '/api/v1/users', 'cursor', '!'],
  [null, '/api/v1/calendar/due', 'from', 'x'],
  [null, '/api/v1/calendar/due', 'value', '-3'],
  [null, '/api/v1/calendar/due', 'unit', 'fortnights'],
  [null, '/api/v1/calendar/lunar', 'date', '2026-02-30'],
  [null, '/api/v1/calendar/solar', 'day', '31'],
  [null, '/api/v1/calendar/solar', 'month', '13'],
  [null, '/api/v1/calendar/solar', 'year', '1800'],
  [null, '/api/v1/calendar/solar', 'leap', 'perhaps'],
  ['admin', '/api/v1/reports/indicators/trend', 'from', 'x'],
  ['admin', '/api/v1/reports/indicators/trend', 'unit', LF],
  ['admin', '/api/v1/reports/indicators/satisfaction/dossiers', 'part', 'both'],
  ['admin', '/api/v1/reports/indicators/satisfaction/dossiers', 'cursor', '!!'],
  ['admin', '/api/v1/reports/indicators/satisfaction/dossiers', 'limit', '0'],
  ['admin', '/api/v1/reports/indicators.xlsx', 'unit', BIDI],
  ['admin', '/api/v1/reports/indicators.pdf', 'to', 'x'],
  ['admin', '/api/v1/reports/periodic', 'kind', 'week'],
  ['admin', '/api/v1/reports/periodic', 'year', '99'],
  ['admin', '/api/v1/reports/periodic', 'unit', LF],
  ['admin', '/api/v1/reports/staff', 'unit', BIDI],
  ['admin', '/api/v1/reports/staff', 'from', BAD_UTF8],
  ['tiepnhan.hoankiem', '/api/v1/documents', 'filename', LF, 'POST'],
  ['tiepnhan.hoankiem', '/api/v1/documents', 'filename', BIDI, 'POST'],
  ['tiepnhan.hoankiem', '/api/v1/documents', 'filename', LONG, 'POST'],
];

// Valid values of the other parameters a route requires, so that only the bad one is named.
const REQUIRED = {
  '/api/v1/calendar/due': { from: '2026-11-26', value: '3', unit: 'working_days' },
  '/api/v1/calendar/lunar': { date: '2026-11-26' },
  '/api/v1/calendar/solar': { day: '1', month: '1', year: '2026' },
  '/api/v1/reports/tracking-book.csv': { unit: HK_POINT },
  '/api/v1/reports/tracking-book.xlsx': { unit: HK_POINT },
  '/api/v1/reports/tracking-book.pdf': { unit: HK_POINT },
  '/api/v1/documents': { owner: '001190012345' },
  '/api/v1/reports/indicators/satisfaction/dossiers': { part: 'numerator' },
};

test('a bad value of any query parameter is a 422 naming it', async () => {
  const failures = [];
  for (const [who, path, name, bad, method = 'GET'] of CASES) {
    const params = Object.entries(REQUIRED[path] || {}).filter(([k]) => k !== name)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    params.push(`${name}=${bad}`);
    const url = `${path}?${params.join('&')}`;
    const r = await ctx.request(method, url, { token: who ? ctx.tokens[who] : undefined, raw: method === 'POST' ? PDF : undefined });
    const named = r.json && Array.isArray(r.json.errors) && r.json.errors.some((e) => e.field === name);
    const typed = /^application\/problem\+json/.test(r.headers.get('content-type') || '');
    const vi = named && r.json.errors.every((e) => e.message && e.message_vi);
    if (r.status !== 422 || !named || !typed || !vi) failures.push(`${url} → ${r.status} ${r.text.slice(0, 200)}`);
  }
  assert.deepEqual(failures, []);
});

test('good values of the same parameters are accepted', async () => {
  const t = ctx.tokens;
  const ok = [
    ['admin', '/api/v1/dossiers?status=received&receiving_unit=001.01.50.H26&q=Nguy%E1%BB%85n&overdue=false&order=due&due_before=2026-12-31&limit=5'],
    [null, '/api/v1/procedures?q=gi%C3%A1m%20h%E1%BB%99&level=commune&limit=5'],
    [null, '/api/v1/units?kind=commune_pc&subkind=phuong&q=Ho%C3%A0n%20Ki%E1%BA%BFm&as_of=2026-11-26'],
    ['admin', '/api/v1/users?q=hoan%20kiem&role=receiver&active=true'],
    ['admin', '/api/v1/audit?entity=user%3Aadmin&limit=2'],
    ['admin', '/api/v1/staff?unit=001.01.50.H26'],
  ];
  for (const [who, url] of ok) {
    const r = await ctx.request('GET', url, { token: who ? t[who] : undefined });
    assert.equal(r.status, 200, `${url}: ${r.text}`);
  }
});
