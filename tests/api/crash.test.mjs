// Nothing answered is lost: kill -9 the server in the middle of 200 parallel uploads; after a
// restart every upload that was answered 201 is there and its bytes match its sha256.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startServer, client, login, initData, motcua, ADMIN_PASSWORD } from './lib/server.mjs';
import { png } from './lib/files.mjs';

test('kill -9 during 200 parallel uploads loses no answered upload', async (t) => {
  const { dir, data } = initData();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // 200 uploads at once by one account from one address: the per-account and per-address limits
  // of uploads in progress are lifted for this load.
  const first = await startServer({ data, env: { MOTCUA_UPLOAD_PER_ACCOUNT: '0', MOTCUA_UPLOAD_PER_IP: '0' } });
  t.after(() => { if (first.proc.exitCode === null) first.proc.kill('SIGKILL'); });
  const request = client(first.base);
  const token = await login(request, 'admin', ADMIN_PASSWORD);
  const answered = [];
  let killed = false;
  const died = new Promise((resolve) => first.proc.on('exit', resolve));
  const uploads = Array.from({ length: 200 }, async (_, i) => {
    const bytes = png(`${i}-${randomBytes(40000).toString('base64')}`);
    try {
      const res = await fetch(`${first.base}/api/v1/documents?owner=001190012345&filename=scan-${i}.png`, {
        method: 'POST', body: bytes, headers: { Authorization: `Bearer ${token}` },
      });
      if (res.status === 201) {
        const json = await res.json();
        answered.push({ id: json.id, sha256: json.sha256, want: createHash('sha256').update(bytes).digest('hex') });
        if (answered.length >= 40 && !killed) {
          killed = true;
          first.proc.kill('SIGKILL');
        }
      }
    } catch { /* the connection died with the server */ }
  });
  await Promise.all(uploads);
  if (!killed) first.proc.kill('SIGKILL');
  await died;
  assert.ok(answered.length >= 40, `answered ${answered.length}`);
  assert.ok(answered.length < 200, 'the kill happened before all uploads finished');

  const second = await startServer({ data });
  t.after(() => second.stop());
  const r2 = client(second.base);
  const token2 = await login(r2, 'admin', ADMIN_PASSWORD);
  for (const a of answered) {
    assert.equal(a.sha256, a.want);
    const res = await fetch(`${second.base}/api/v1/documents/${a.id}`, { headers: { Authorization: `Bearer ${token2}` } });
    assert.equal(res.status, 200, a.id);
    const got = createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
    assert.equal(got, a.want, a.id);
  }
  assert.equal(motcua(['audit', 'verify', '--data', data]).status, 0);
});
