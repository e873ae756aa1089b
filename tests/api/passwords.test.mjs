// Passwords and login spraying (issue 13, item 4): weak passwords are refused wherever one is set
// (registration, accounts made by an administrator, password resets, init, demo), and failed
// logins are limited per client address across usernames, alike for existing and unknown accounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, client, login, motcua, initData, ADMIN_PASSWORD } from './lib/server.mjs';

let srv;
let request;
let admin;

before(async () => {
  srv = await startServer();
  request = client(srv.base);
  admin = await login(request, 'admin', ADMIN_PASSWORD);
});
after(async () => { await srv.stop(); });

const WEAK = [
  ['12345678', 'must have 10 to 128 characters'],
  ['password', 'must have 10 to 128 characters'],
  ['password123', 'is one of the most common passwords; choose another'],
  ['Password2026!', 'is one of the most common passwords; choose another'],
  ['qwertyuiop', 'is one of the most common passwords; choose another'],
  ['aaaaaaaaaa', 'is too simple: repeated characters or a run such as 1234567890'],
  ['2345678901', 'is too simple: repeated characters or a run such as 1234567890'],
  ['abcabcabcabc', 'is too simple: repeated characters or a run such as 1234567890'],
];

function passwordError(r) {
  assert.equal(r.status, 422, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  const e = r.json.errors.filter((x) => x.field === 'password');
  assert.equal(e.length, 1, r.text);
  assert.ok(e[0].message_vi.startsWith('mật khẩu'), e[0].message_vi);
  return e[0].message;
}

test('registration refuses short, common, repetitive passwords and the ID number itself', async () => {
  const id = '001099012345';
  for (const [password, message] of WEAK) {
    const r = await request('POST', '/api/v1/citizens/register', {
      body: { id_number: id, full_name: 'Nguyễn Thị Mai', password },
    });
    assert.equal(passwordError(r), message, password);
  }
  for (const password of [id, `mk-${id}-x`]) {
    const r = await request('POST', '/api/v1/citizens/register', {
      body: { id_number: id, full_name: 'Nguyễn Thị Mai', password },
    });
    assert.equal(passwordError(r), 'must not contain the username or the ID number');
  }
  // Nothing was created: a login with any of them fails like an unknown number.
  const none = await request('POST', '/api/v1/auth/login', { body: { username: id, password: 'password123' } });
  assert.equal(none.status, 401);
  const ok = await request('POST', '/api/v1/citizens/register', {
    body: { id_number: id, full_name: 'Nguyễn Thị Mai', password: 'mat khau 2026' },
  });
  assert.equal(ok.status, 201, ok.text);
});

test('accounts made by an administrator and password resets follow the same rules', async () => {
  const base = { full_name: 'Trần Văn Khoa', roles: [{ role: 'receiver', unit: '001.01.50.H26' }] };
  for (const [password, message] of WEAK) {
    const r = await request('POST', '/api/v1/users', { token: admin, body: { ...base, username: 'khoa.tv', password } });
    assert.equal(passwordError(r), message, password);
  }
  let r = await request('POST', '/api/v1/users', {
    token: admin, body: { ...base, username: 'khoa.tv', password: 'Khoa.TV-2026' },
  });
  assert.equal(passwordError(r), 'must not contain the username or the ID number');
  assert.equal((await request('GET', '/api/v1/users/khoa.tv', { token: admin })).status, 404);
  r = await request('POST', '/api/v1/users', { token: admin, body: { ...base, username: 'khoa.tv', password: 'correct horse 1' } });
  assert.equal(r.status, 201, r.text);
  for (const password of ['1234567890', 'KHOA.tv 12345', 'letmein123']) {
    r = await request('PATCH', '/api/v1/users/khoa.tv', { token: admin, body: { password } });
    passwordError(r);
  }
  // The old password still works: a refused reset changed nothing.
  assert.equal((await request('POST', '/api/v1/auth/login', { body: { username: 'khoa.tv', password: 'correct horse 1' } })).status, 200);
  r = await request('PATCH', '/api/v1/users/khoa.tv', { token: admin, body: { password: 'another horse 2' } });
  assert.equal(r.status, 200, r.text);
});

test('init refuses a weak MOTCUA_ADMIN_PASSWORD and creates nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-test-'));
  try {
    for (const password of ['admin-pass-2026', 'password1234', 'zzzzzzzzzzzz']) {
      const data = path.join(dir, `data-${password.length}-${password[0]}`);
      const r = motcua(['init', '--data', data], { MOTCUA_ADMIN_PASSWORD: password });
      assert.notEqual(r.status, 0, password);
      assert.match(r.stderr, /MOTCUA_ADMIN_PASSWORD (must not contain|is one of|is too simple)/);
      assert.equal(motcua(['audit', 'verify', '--data', data]).status, 2, 'no database was made');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('demo refuses a weak MOTCUA_DEMO_PASSWORD and keeps accepting motcua-demo', () => {
  const { dir, data } = initData();
  try {
    for (const password of ['password', 'password1234', 'tiepnhan.hoankiem!']) {
      const r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: password, MOTCUA_DEMO_DOSSIERS: '0' });
      assert.equal(r.status, 2, password);
      assert.match(r.stderr, /MOTCUA_DEMO_PASSWORD/);
    }
    const r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: 'motcua-demo', MOTCUA_DEMO_DOSSIERS: '0' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /demo ready \(12 accounts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('failed logins are limited per address across usernames; answers alike for known and unknown', async (t) => {
  const own = await startServer({ args: ['--login-ip-max', '6'] });
  t.after(() => own.stop());
  const request = client(own.base);
  const admin = await login(request, 'admin', ADMIN_PASSWORD);
  const answers = [];
  // Six failures (--login-ip-max 6) from this address, each for another username, known or not.
  for (const username of ['admin', 'nobody.1', 'nobody.2', '001099012345', 'nobody.3', 'nobody.4']) {
    const r = await request('POST', '/api/v1/auth/login', { body: { username, password: 'not the password 1' } });
    assert.equal(r.status, 401, username);
    answers.push(r.text);
  }
  assert.equal(new Set(answers).size, 1, 'every failure reads the same');
  // The seventh is refused before any password is checked, for a known account with its right
  // password as for an unknown one.
  const known = await request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  const unknown = await request('POST', '/api/v1/auth/login', { body: { username: 'nobody.5', password: 'whatever 12345' } });
  for (const r of [known, unknown]) {
    assert.equal(r.status, 429);
    const retry = Number(r.headers.get('retry-after'));
    assert.ok(retry > 890 && retry <= 900, `Retry-After ${retry}`);
  }
  assert.equal(known.text, unknown.text);
  assert.equal(known.json.detail, 'too many failed logins for this username or from this address; try again later');
  // Sessions already open are not affected.
  assert.equal((await request('GET', '/api/v1/me', { token: admin })).status, 200);
});
