// Requests from a chosen local address (any 127.0.0.x reaches the server on Linux's loopback), for
// the tests of per-address limits, and raw bytes on a socket, for the tests of framing.
import http from 'node:http';
import net from 'node:net';

/**
 * One HTTP request from localAddress (no keep-alive) → {status, headers, text, json}.
 * opts: headers, body (string or Buffer), timeout (ms, default 10000).
 */
export function requestFrom(base, localAddress, method, path, opts = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path, method, localAddress, agent: false,
      headers: opts.headers || {}, timeout: opts.timeout || 10000,
    }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${opts.timeout || 10000} ms`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/**
 * Sends raw bytes and reads until the server closes (or timeout ms pass) →
 * {text, closed: whether the server closed the connection}.
 */
export function rawExchange(base, bytes, { localAddress, timeout = 5000 } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: url.hostname, port: Number(url.port), localAddress });
    let text = '';
    const timer = setTimeout(() => { sock.destroy(); resolve({ text, closed: false }); }, timeout);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => { text += d.toString('latin1'); });
    sock.on('close', () => { clearTimeout(timer); resolve({ text, closed: true }); });
    // A server that answers and closes before the whole request is written (431, 413) makes the
    // write fail with EPIPE or ECONNRESET: the answer already read is what counts.
    sock.on('error', (e) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') { clearTimeout(timer); reject(e); } });
  });
}

/**
 * Opens a GET whose answer may stay open (a live stream) from localAddress → {status, headers,
 * first: the first chunk of the body (null when none within 3 s), text: the whole body when the
 * answer is not 200, close()}.
 */
export function openFrom(base, localAddress, path, headers = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'GET', localAddress, agent: false, headers }, (res) => {
      const close = () => { res.destroy(); req.destroy(); };
      if (res.statusCode !== 200) {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(parts).toString('utf8'), close }));
        return;
      }
      const timer = setTimeout(() => resolve({ status: 200, headers: res.headers, first: null, close }), 3000);
      res.once('data', (d) => { clearTimeout(timer); resolve({ status: 200, headers: res.headers, first: d.toString('utf8'), close }); });
    });
    req.on('error', reject);
    req.end();
  });
}
