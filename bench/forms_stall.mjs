// Shows that rendering forms never stalls other requests: health latency (p50/p99 of 200
// sequential requests) alone, and while 20 Form 01 PDFs render at once, repeatedly.
// Usage: node bench/forms_stall.mjs [build/motcua]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = process.argv[2] || 'build/motcua';
const dir = mkdtempSync(path.join(tmpdir(), 'motcua-stall-'));
const data = path.join(dir, 'data');
spawnSync(bin, ['init', '--data', data], { env: { ...process.env, MOTCUA_ADMIN_PASSWORD: 'quan-tri-bench-1' } });
spawnSync(bin, ['demo', '--data', data], { env: { ...process.env, MOTCUA_DEMO_PASSWORD: 'motcua-demo' } });
const proc = spawn(bin, ['serve', '--data', data, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
const base = await new Promise((resolve) => {
  let out = '';
  proc.stdout.on('data', (d) => { out += d; const m = out.match(/listening on (http:\/\/[0-9.:]+)\//); if (m) resolve(m[1]); });
});
const post = (p, body, token) => fetch(base + p, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) } }).then((r) => r.json());
const token = (await post('/api/v1/auth/login', { username: 'tiepnhan.hoankiem', password: 'motcua-demo' })).token;
const d = await post('/api/v1/dossiers', { procedure: '1.004837', applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345' }, resolver_unit: '001.00.50.H26', channel: 'counter', components: [{ id: 'tp02' }, { id: 'tp07' }] }, token);

async function healthLatencies(n) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await (await fetch(`${base}/api/v1/health`)).text();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(n * 0.5)], p99: ms[Math.floor(n * 0.99)], max: ms[n - 1] };
}

const alone = await healthLatencies(200);
let rendered = 0;
let stop = false;
async function renderer() {
  while (!stop) {
    const r = await fetch(`${base}/api/v1/dossiers/${d.code}/forms/01.pdf`, { headers: { Authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    if (r.status === 200) rendered++;
  }
}
const renderers = Array.from({ length: 20 }, renderer);
await new Promise((r) => setTimeout(r, 300));
const busy = await healthLatencies(200);
stop = true;
await Promise.all(renderers);
console.log(`health alone:            p50 ${alone.p50.toFixed(2)} ms  p99 ${alone.p99.toFixed(2)} ms  max ${alone.max.toFixed(2)} ms`);
console.log(`health with 20 renderers: p50 ${busy.p50.toFixed(2)} ms  p99 ${busy.p99.toFixed(2)} ms  max ${busy.max.toFixed(2)} ms  (${rendered} forms rendered meanwhile)`);
proc.kill('SIGTERM');
await new Promise((r) => proc.on('exit', r));
rmSync(dir, { recursive: true, force: true });
