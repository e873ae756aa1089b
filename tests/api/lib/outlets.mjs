// Real outlets for the notification tests: an SMTP server (aiosmtpd, lib/smtp_sink.py) writing each
// message it receives as JSON into a temporary directory, and a node:http SMS gateway keeping the
// JSON bodies it is sent. Both on free ports of 127.0.0.1; stop() ends both and removes the
// directory. Used by the tests that start their server with --smtp-url and --sms-url.
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export async function freePort() {
  const s = net.createServer();
  await new Promise((res) => s.listen(0, '127.0.0.1', res));
  const { port } = s.address();
  await new Promise((res) => s.close(res));
  return port;
}

function startSink(mailDir, port) {
  const proc = spawn(PYTHON, [path.join(here, 'smtp_sink.py'), mailDir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  process.on('exit', () => { if (proc.exitCode === null) proc.kill('SIGKILL'); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start: ${err}`)), 15000);
    proc.stdout.on('data', (d) => { if (String(d).includes('ready')) { clearTimeout(timer); resolve(proc); } });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp sink exited ${code}: ${err}`)); });
  });
}

/**
 * Starts both → {smtpPort, smsUrl, sms: [bodies received], mails(), stop()}. mails() reads the
 * messages received so far, oldest first, with CRLF in the text body turned into LF.
 */
export async function startOutlets() {
  const mailDir = mkdtempSync(path.join(tmpdir(), 'motcua-mail-'));
  const smtpPort = await freePort();
  const sink = await startSink(mailDir, smtpPort);
  const sms = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      sms.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200); res.end('{}');
    });
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  return {
    smtpPort,
    smsUrl: `http://127.0.0.1:${server.address().port}/sms`,
    sms,
    mails: () => readdirSync(mailDir).filter((f) => f.endsWith('.json')).sort()
      .map((f) => JSON.parse(readFileSync(path.join(mailDir, f), 'utf8')))
      .map((m) => ({ ...m, text: { ...m.text, body: m.text.body.replace(/\r\n/g, '\n') } })),
    async stop() {
      if (sink.exitCode === null) {
        const done = new Promise((res) => sink.on('exit', res));
        sink.kill('SIGTERM');
        await done;
      }
      server.close();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

/** Polls cond (async) every 50 ms until it gives a truthy value, which it returns; throws after ms. */
export async function until(cond, what, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await cond();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
