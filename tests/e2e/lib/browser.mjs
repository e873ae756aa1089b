// Browser-test helpers: a motcua server with the demo data (accounts and dossiers in every
// status) on its own data directory, Debian's chromium driven by playwright-core (never a
// downloaded browser), axe-core, screenshots and polling with deadlines.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer, initData, motcua, client, login, sourceDir, ADMIN_PASSWORD, TEST_CLOCK } from '../../api/lib/server.mjs';

export { client, login, sourceDir, ADMIN_PASSWORD, TEST_CLOCK };
export const DEMO_PASSWORD = 'motcua-demo';
export const CHROMIUM = process.env.MOTCUA_CHROMIUM || '/usr/bin/chromium';
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js', { paths: [sourceDir] });

/**
 * init + demo (accounts and dossiers) + serve, all at one instant: opts.clock (TEST_CLOCK by
 * default), where the server's clock stays until a test moves it. Returns the server of
 * api/lib/server.mjs plus request(). Options: clock, args (extra serve arguments), env (for demo
 * and serve, e.g. MOTCUA_KEY_SECRET: signed demo results) and dossiers: false (the demo accounts
 * only, for a journey on a test clock).
 */
export async function startDemoServer(opts = {}) {
  const clock = opts.clock || TEST_CLOCK;
  const { dir, data } = initData(clock);
  const env = { MOTCUA_DEMO_PASSWORD: DEMO_PASSWORD, MOTCUA_TEST_CLOCK: clock, ...(opts.env || {}) };
  if (opts.dossiers === false) env.MOTCUA_DEMO_DOSSIERS = '0';
  const r = motcua(['demo', '--data', data], env);
  if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
  const srv = await startServer({ data, env: opts.env, args: ['--test-clock', clock, ...(opts.args || [])] });
  const request = client(srv.base);
  return {
    ...srv,
    request,
    async stop() {
      try { await srv.stop(); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      '--lang=vi'], // the browser's own widgets (file inputs) in Vietnamese, as on a Center's PCs
  });
}

/**
 * A fresh context (own storage) on base. Fails the test on any request that leaves the server
 * (no CDN, no outside request) and collects page errors.
 */
export async function newPage(browser, base, opts = {}) {
  const context = await browser.newContext({ viewport: opts.viewport || { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: opts.timezoneId || 'UTC' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (req) => {
    const u = req.url();
    // chrome:// and chrome-extension:// are the browser's own PDF viewer, not the network.
    // opts.allow: other origins a test stands up itself (a payment gateway's simulator).
    if (!u.startsWith(base) && !(opts.allow || []).some((o) => u.startsWith(o)) && !/^(data|blob|chrome|chrome-extension):/.test(u)) problems.push(`outside request: ${u}`);
  });
  page.problems = problems;
  return { context, page };
}

/** Navigates to a hash route and waits until the app has rendered it. */
export async function go(page, base, hash) {
  if (page.url().startsWith(base)) {
    await page.evaluate((hh) => { location.hash = hh; }, hash);
  } else {
    await page.goto(`${base}/${hash}`);
  }
  await page.waitForFunction((hh) => document.body.dataset.ready === hh && !document.getElementById('main').hasAttribute('aria-busy'), hash, { timeout: 15000 });
}

/**
 * Logs in through the login page and waits for the person's first screen: the counter for
 * receivers at a point, the online desk for the Center's receivers, the dossiers for others.
 * Returns that route.
 */
export async function uiLogin(page, base, username, password = DEMO_PASSWORD) {
  await go(page, base, '#/dang-nhap');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForFunction(() => ['#/ho-so', '#/tiep-nhan', '#/truc-tuyen', '#/bang-dieu-khien'].includes(document.body.dataset.ready) && !document.getElementById('main').hasAttribute('aria-busy'), null, { timeout: 15000 });
  return page.evaluate(() => document.body.dataset.ready);
}

/**
 * Runs axe-core (WCAG 2.1 A/AA and best practices) and returns the serious and critical violations.
 * axe is evaluated through the DevTools protocol, which the pages' Content-Security-Policy (no
 * inline script) does not govern; a <script> tag added to the page would be refused by it.
 */
export async function axe(page) {
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const res = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name) {
  const dir = path.join(sourceDir, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/** Polls fn until it returns a truthy value or the deadline passes. */
export async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** "2026-11-27T09:00:00+07:00" → "27/11/2026 09:00", by string slicing (independent of the UI's code). */
export function vnDateTime(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):\d{2}\+07:00$/.exec(iso);
  if (!m) throw new Error(`not a +07:00 time: ${iso}`);
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}`;
}
