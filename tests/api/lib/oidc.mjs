// A real OpenID Connect provider (the oidc-provider package) playing VNeID for the tests, behind a
// small HTTP proxy of the test's own whose address is the issuer. Through the proxy a test can
// switch the provider behind it (key rotation: a new provider instance signing with a new key),
// count what motcua fetched (discovery, keys, tokens) and rewrite the token endpoint's answer
// (replace the ID token with one the test signs: another key, another audience, expired, a replay).
// The signing keys are made here with node:crypto, so the test can also forge tokens. Everything
// listens on 127.0.0.1 and is closed by stop().
import http from 'node:http';
import { constants, createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'motcua-test';
export const CLIENT_SECRET = 'motcua-test-secret-0123456789abcdef';

/** The provider's people: login → claims. Valid ID numbers start with a province code (001 Hà Nội). */
export const ACCOUNTS = {
  hang: { id_number: '001190012345', name: 'Nguyễn Thị Hằng' },
  minh: { id_number: '001085004321', name: 'Trần Văn Minh' },
  nfd: { id_number: '001095006789', name: 'Lê Thị Thu Hà'.normalize('NFD') },
  lan: { id_number: '001180007788', name: 'Phạm Thị Lan' },
  noid: { name: 'Người Không Số' },
  badid: { id_number: '999190012345', name: 'Số Sai Tỉnh' },
  shortid: { id_number: '00119001', name: 'Số Thiếu' },
};

/** A signing key pair: { kid, alg, jwk (private, for the provider), publicJwk, privateKey }. */
export function newKey(alg = 'RS256') {
  const kid = randomUUID();
  const pair = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...pair.privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  const publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { kid, alg, jwk, publicJwk, privateKey: pair.privateKey };
}

const b64url = (b) => Buffer.from(b).toString('base64url');

/** The claims of a compact JWT, unverified (the test reads what the provider issued). */
export function jwtClaims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * Signs claims as a compact JWS. header overrides the protected header (alg, kid); secret is
 * the HMAC key for HS256. alg "none" gives an unsigned token.
 */
export function signJwt(key, claims, header = {}, secret = '') {
  const h = { alg: key.alg, kid: key.kid, typ: 'JWT', ...header };
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete h[k];
  const input = Buffer.from(`${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(claims))}`);
  let sig;
  if (h.alg === 'none') sig = Buffer.alloc(0);
  else if (h.alg === 'HS256') sig = createHmac('sha256', secret).update(input).digest();
  else if (h.alg === 'PS256') sig = sign('sha256', input, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  else if (h.alg === 'ES256') sig = sign('sha256', input, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  else sig = sign('sha256', input, key.privateKey);
  return `${input.toString()}.${b64url(sig)}`;
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function close(server) {
  if (!server) return Promise.resolve();
  server.closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Forwards one request to the provider's own server; resolves {status, headers, body}. */
function forward(port, req, body) {
  return new Promise((resolve, reject) => {
    const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, async (res) => {
      try { resolve({ status: res.statusCode, headers: res.headers, body: await readAll(res) }); } catch (e) { reject(e); }
    });
    up.on('error', reject);
    up.end(body);
  });
}

/**
 * Starts the proxy (the issuer). The provider itself starts with provide(), once motcua's
 * redirect URI is known. Returns the handle described at the top of this file:
 * { issuer, keys, counts, tokens, onToken, provide(redirectUris), rotate(), stop() }.
 */
export async function startVneid() {
  const idp = {
    issuer: null,
    keys: [],            // the current provider's signing keys, newest first
    counts: { discovery: 0, jwks: 0, token: 0 },
    tokens: [],          // every ID token the provider issued, oldest first
    onToken: null,       // (answer JSON) => answer JSON: rewrites the token endpoint's next answer
    redirectUris: [],
    backend: null,
    backendPort: 0,
  };
  const proxy = http.createServer(async (req, res) => {
    try {
      const body = await readAll(req);
      const path = new URL(req.url, idp.issuer).pathname;
      if (path === '/.well-known/openid-configuration') idp.counts.discovery++;
      if (path === '/jwks') idp.counts.jwks++;
      if (path === '/token') idp.counts.token++;
      if (!idp.backendPort) { res.writeHead(503); res.end(); return; }
      // Browsers ask for an icon the provider does not have: no 404 in the browser tests' console.
      if (path === '/favicon.ico') { res.writeHead(204); res.end(); return; }
      const up = await forward(idp.backendPort, req, body);
      let out = up.body;
      if (path === '/token' && up.status === 200) {
        let answer = JSON.parse(out.toString('utf8'));
        if (answer.id_token) idp.tokens.push(answer.id_token);
        const rewrite = idp.onToken;
        idp.onToken = null; // once: the next login gets the provider's own answer
        if (rewrite) answer = await rewrite(answer);
        out = Buffer.from(JSON.stringify(answer));
      }
      // The development login pages import a web font from outside: tests reach nothing outside.
      if (String(up.headers['content-type'] || '').startsWith('text/html')) {
        out = Buffer.from(out.toString('utf8').replace(/@import url\(https:[^)]*\);/g, ''));
      }
      const headers = { ...up.headers, 'content-length': String(out.length) };
      delete headers['transfer-encoding'];
      delete headers.connection;
      delete headers['keep-alive'];
      res.writeHead(up.status, headers);
      res.end(out);
    } catch (e) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  const port = await listen(proxy);
  idp.issuer = `http://127.0.0.1:${port}`;

  /**
   * (Re)starts the provider behind the proxy for the client's redirect URIs (one or a list) with
   * keys (default: the current ones, or a new one).
   */
  idp.provide = async (redirectUris = idp.redirectUris, keys = idp.keys.length ? idp.keys : [newKey()]) => {
    idp.redirectUris = [redirectUris].flat();
    idp.keys = keys;
    const provider = new Provider(idp.issuer, {
      clients: [{
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: idp.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      }],
      jwks: { keys: keys.map((k) => k.jwk) },
      async findAccount(ctx, id) {
        const claims = ACCOUNTS[id];
        if (!claims) return undefined;
        return { accountId: id, async claims() { return { sub: id, ...claims }; } };
      },
      claims: { openid: ['sub'], profile: ['name', 'id_number'] },
      conformIdTokenClaims: false, // the profile claims in the ID token, as motcua reads them
      pkce: { required: () => true, methods: ['S256'] },
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['vneid-test-cookie-key'], long: { sameSite: 'lax' }, short: { sameSite: 'lax' } },
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    });
    provider.on('server_error', (ctx, err) => { console.error('oidc-provider server_error', err); });
    const server = http.createServer(provider.callback());
    const backendPort = await listen(server);
    const old = idp.backend;
    idp.backend = server;
    idp.backendPort = backendPort;
    await close(old);
  };

  /** Key rotation: a new provider instance signing with a new key (the old key is gone). */
  idp.rotate = async () => {
    const key = newKey();
    await idp.provide(idp.redirectUris, [key]);
    return key;
  };

  idp.stop = async () => {
    await close(idp.backend);
    await close(proxy);
  };
  return idp;
}

/** The Set-Cookie lines of a fetch answer (getSetCookie where the runtime has it). */
export function setCookies(res) {
  if (typeof res.headers.getSetCookie === 'function') return res.headers.getSetCookie();
  const joined = res.headers.get('set-cookie');
  return joined ? joined.split(/, (?=[^;,=]+=)/) : [];
}

/** A minimal cookie jar for fetch: name → value per host (paths are ignored; harmless here). */
export function cookieJar() {
  const byHost = new Map();
  return {
    take(url, res) {
      const host = new URL(url).host;
      const jar = byHost.get(host) || new Map();
      for (const line of setCookies(res)) {
        const [pair, ...attrs] = line.split(';');
        const i = pair.indexOf('=');
        const name = pair.slice(0, i).trim();
        const value = pair.slice(i + 1).trim();
        const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
        if (expired) jar.delete(name); else jar.set(name, value);
      }
      byHost.set(host, jar);
    },
    header(url) {
      const jar = byHost.get(new URL(url).host);
      return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
    },
    get(url, name) {
      const jar = byHost.get(new URL(url).host);
      return jar ? jar.get(name) : undefined;
    },
  };
}

/** One GET or POST without following redirects, through the jar. */
export async function step(jar, url, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  const cookie = jar.header(url);
  if (cookie) headers.Cookie = cookie;
  let body;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(url, { method: opts.form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
  jar.take(url, res);
  const text = await res.text();
  const location = res.headers.get('location');
  return { status: res.status, headers: res.headers, text, location: location ? new URL(location, url).href : null };
}

/**
 * Drives a browser's part of a login by hand: from motcua's /auth/oidc/login through the provider's
 * development pages (login as `account`, then consent) until the provider sends the browser back
 * to motcua's callback. Returns { jar, callback } without calling the callback, so that the test
 * can call it (or tamper with it). login: motcua's login URL (with return_to if wanted).
 */
export async function toCallback(motcuaBase, account, login = `${motcuaBase}/auth/oidc/login`) {
  const jar = cookieJar();
  let r = await step(jar, login);
  if (r.status !== 302) throw new Error(`login answered ${r.status}: ${r.text}`);
  for (let i = 0; i < 20; i++) {
    const url = r.location;
    if (!url) throw new Error(`the provider stopped at ${r.status}: ${r.text.slice(0, 500)}`);
    if (url.startsWith(`${motcuaBase}/auth/oidc/callback`)) return { jar, callback: url };
    r = await step(jar, url);
    if (r.status === 200 && /<form/.test(r.text)) {
      const action = /<form[^>]*action="([^"]+)"/.exec(r.text)[1];
      const prompt = /name="prompt" value="([^"]+)"/.exec(r.text)[1];
      const form = prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt };
      r = await step(jar, new URL(action, url).href, { form });
    }
  }
  throw new Error('too many redirects at the provider');
}
