// Starts the real motcua binary on its own port and data directory for one test file.
// MOTCUA_BIN names the binary (ctest sets it); every server is stopped by PID at the end.
//
// No test depends on the real date or time of day: every motcua command these helpers run (init,
// demo, import, serve, ...) takes its "now" from MOTCUA_TEST_CLOCK, pinned to TEST_CLOCK unless a
// test names another instant (or '' for the real clock, for the tests of the real clock itself).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.MOTCUA_SOURCE_DIR || path.resolve(here, '../../..');
export const bin = process.env.MOTCUA_BIN || path.join(sourceDir, 'build/motcua');
export const ADMIN_PASSWORD = 'quan-tri-thu-nghiem-1';
/** The instant every test runs at unless it says otherwise: a Thursday, 09:00 in Hanoi. */
export const TEST_CLOCK = '2026-11-26T09:00:00+07:00';

/** The environment of a motcua process: the caller's, on the pinned clock unless env names one. */
export function motcuaEnv(env = {}) {
  return { ...process.env, MOTCUA_TEST_CLOCK: TEST_CLOCK, ...env };
}

/** Runs a motcua command synchronously; returns {status, stdout, stderr}. */
export function motcua(args, env = {}) {
  const r = spawnSync(bin, args, { env: motcuaEnv(env), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The backend of this run: with MOTCUA_TEST_PG set (a server's URL without a database name, e.g.
 * postgresql://motcua@127.0.0.1:5433), or MOTCUA_TEST_PG_FILE naming a file that holds it (ctest's
 * fixture "pg", tests/pg/fixture.sh), each data directory gets a new database on that server;
 * else SQLite in the data directory.
 */
export const PG = process.env.MOTCUA_TEST_PG
  || (process.env.MOTCUA_TEST_PG_FILE ? readFileSync(process.env.MOTCUA_TEST_PG_FILE, 'utf8').trim() : '');

/** A new, empty PostgreSQL database on the test server; returns its URL. */
export function newPgDatabase() {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `${PG}/postgres`, '-c', `CREATE DATABASE ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot create database ${name}: ${r.stderr}`);
  return `${PG}/${name}`;
}

/** Creates and initializes a fresh data directory (at `clock`, TEST_CLOCK by default). */
export function initData(clock = TEST_CLOCK) {
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-test-'));
  const data = path.join(dir, 'data');
  const db = PG ? ['--database', newPgDatabase()] : [];
  const r = motcua(['init', '--data', data, ...db], { MOTCUA_ADMIN_PASSWORD: ADMIN_PASSWORD, MOTCUA_TEST_CLOCK: clock });
  if (r.status !== 0) throw new Error(`init failed: ${r.stderr}`);
  return { dir, data };
}

/**
 * Starts `motcua serve` on a free port. Options: extra args, env, data (an initialized data dir)
 * and dir (the directory holding it, removed by stop(); without data the server makes and removes
 * its own, initialized at the server's clock). The clock is TEST_CLOCK unless args give
 * --test-clock or env gives MOTCUA_TEST_CLOCK. Returns { base, data, proc, stop(), log() }.
 */
export async function startServer(opts = {}) {
  const env = opts.env || {};
  const ci = (opts.args || []).indexOf('--test-clock');
  const clock = ci >= 0 ? opts.args[ci + 1] : ('MOTCUA_TEST_CLOCK' in env ? env.MOTCUA_TEST_CLOCK : TEST_CLOCK);
  const { dir, data } = opts.data ? { dir: opts.dir || null, data: opts.data } : initData(clock);
  const args = ['serve', '--data', data, '--listen', '127.0.0.1:0', ...(opts.args || [])];
  const proc = spawn(bin, args, { env: motcuaEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, sig) => resolve({ code, sig })));
  // Tests stop their servers in after hooks (which run when a test fails); should node exit
  // anyway, the server goes with it.
  process.on('exit', () => { if (proc.exitCode === null) proc.kill('SIGKILL'); });
  return {
    base,
    data,
    dir,
    proc,
    log: () => err,
    /** Stops the server; { keep: true } leaves its data directory for another server. */
    async stop(opts = {}) {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const res = await exited;
      if (dir && !opts.keep) rmSync(dir, { recursive: true, force: true });
      // A sanitizer report in the server's log fails the test that started it.
      const m = err.match(/(ERROR: (Address|Leak)Sanitizer|runtime error:)[^\n]*/);
      if (m) throw new Error(`server sanitizer report: ${m[0]}\n${err.slice(-4000)}`);
      if (res.code !== 0) throw new Error(`server exited with ${res.code} (${res.sig}): ${err.slice(-2000)}`);
      return res;
    },
  };
}

/** A small client: request(method, path, {body, token, headers, raw}) → {status, headers, json, text}. */
export function client(base) {
  return async function request(method, p, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    let body;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      if (!('Content-Type' in headers)) headers['Content-Type'] = 'application/json';
    }
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let res;
    try {
      res = await fetch(base + p, { method, headers, body });
    } catch (e) {
      // A kept-alive connection the server closed while this process was blocked (a synchronous
      // motcua command: the server ends idle connections after --header-timeout): an idempotent
      // request is sent again on a new connection, as HTTP allows (RFC 9110, 9.2.2).
      if (!['GET', 'HEAD'].includes(method) || e.cause?.code !== 'UND_ERR_SOCKET') throw e;
      res = await fetch(base + p, { method, headers, body });
    }
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text };
  };
}

/** Logs in and returns the token. */
export async function login(request, username, password) {
  const r = await request('POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username} → ${r.status} ${r.text}`);
  return r.json.token;
}
