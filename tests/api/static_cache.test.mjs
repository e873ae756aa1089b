// Static files and answers travel small (issue 19, item 10): text answers of 1 KiB or more are
// gzip-compressed when the client accepts it (and only then), static files carry an ETag from
// their bytes with Cache-Control: no-cache, and a revalidation with If-None-Match is a 304 without
// a body. API answers stay no-store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer, sourceDir } from './lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

/** A raw GET (node's http does not decompress): {status, headers, body: Buffer}. */
function get(p, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${srv.base}${p}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a static file: gzip when accepted, identical bytes once decompressed, ETag and no-cache', async () => {
  const file = readFileSync(path.join(sourceDir, 'web/ui/pages/intake.js'));
  const plain = await get('/ui/pages/intake.js');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.body, file);
  assert.equal(plain.headers['cache-control'], 'no-cache');
  assert.match(plain.headers.etag, /^"[0-9a-f]{24}"$/);
  assert.equal(plain.headers.vary, 'Accept-Encoding');

  const gz = await get('/ui/pages/intake.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.etag, plain.headers.etag);
  assert.ok(gz.body.length < file.length / 2, `${gz.body.length} of ${file.length}`);
  assert.deepEqual(gunzipSync(gz.body), file);
  // gzip refused with a weight of zero: sent as is.
  for (const ae of ['gzip;q=0', 'gzip; q=0.000, identity']) {
    assert.equal((await get('/ui/pages/intake.js', { 'Accept-Encoding': ae })).headers['content-encoding'], undefined, ae);
  }
  assert.equal((await get('/ui/pages/intake.js', { 'Accept-Encoding': 'gzip;q=0.5' })).headers['content-encoding'], 'gzip');
});

test('revalidation: the same ETag gives 304 with no body; another gives the file', async () => {
  const first = await get('/ui/main.js', { 'Accept-Encoding': 'gzip' });
  const again = await get('/ui/main.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': first.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers.etag, first.headers.etag);
  const other = await get('/ui/main.js', { 'If-None-Match': '"000000000000000000000000"' });
  assert.equal(other.status, 200);
  assert.deepEqual(other.body, readFileSync(path.join(sourceDir, 'web/ui/main.js')));
  // The home page too; small files stay uncompressed.
  const home = await get('/', { 'Accept-Encoding': 'gzip' });
  assert.equal(home.status, 200);
  assert.equal((await get('/', { 'If-None-Match': home.headers.etag })).status, 304);
});

test('API answers: gzip when large and accepted, still no-store', async () => {
  const plain = await get('/api/v1/procedures?limit=20');
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['cache-control'], 'no-store');
  const gz = await get('/api/v1/procedures?limit=20', { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers['cache-control'], 'no-store');
  assert.deepEqual(JSON.parse(gunzipSync(gz.body)), JSON.parse(plain.body));
  assert.ok(gz.body.length < plain.body.length / 3, `${gz.body.length} of ${plain.body.length}`);
  // A small answer is sent as is.
  const small = await get('/api/v1/health', { 'Accept-Encoding': 'gzip' });
  assert.equal(small.headers['content-encoding'], undefined);
});
