// Helpers for dossier tests: a server on a test clock with the demo accounts, logins by role,
// and intake bodies for the seeded procedure 1.004837 (Đăng ký giám hộ, 3 working days,
// commune level: tp02 required to present; tp07, the paper declaration, required to submit at a
// counter or by post, and tp06, the e-form, online).
import { startServer, client, login, motcua, initData, ADMIN_PASSWORD } from './server.mjs';

export const DEMO_PASSWORD = 'motcua-demo';
export const HK_PC = '001.00.50.H26';
export const HK_POINT = '001.01.50.H26';
export const CN_POINT = '002.01.50.H26';
export const CENTER = '000.00.01.H26';

/**
 * Starts a server with the demo accounts on a test clock (extra args and MOTCUA_* variables may
 * be given); returns {srv, request, tokens, setClock}.
 */
export async function startDemo(clock, extraArgs = [], env = {}) {
  const { dir, data } = initData(clock);
  const r = motcua(['demo', '--data', data], { MOTCUA_DEMO_PASSWORD: DEMO_PASSWORD, MOTCUA_DEMO_DOSSIERS: '0', MOTCUA_TEST_CLOCK: clock });
  if (r.status !== 0) throw new Error(r.stderr);
  const srv = await startServer({ data, dir, env, args: ['--test-clock', clock, ...extraArgs] });
  const request = client(srv.base);
  const tokens = {};
  for (const u of ['tiepnhan.hoankiem', 'tiepnhan.cuanam', 'xuly.hoankiem', 'lanhdao.hoankiem', 'quanly.trungtam', '001190012345', '001085004321']) {
    tokens[u] = await login(request, u, DEMO_PASSWORD);
  }
  tokens.admin = await login(request, 'admin', ADMIN_PASSWORD);
  async function setClock(now) {
    const res = await request('POST', '/api/v1/test/clock', { token: tokens.admin, body: { now } });
    if (res.status !== 200) throw new Error(`clock ${now}: ${res.status} ${res.text}`);
  }
  return { srv, request, tokens, setClock };
}

export function guardianship(overrides = {}) {
  return {
    procedure: '1.004837',
    applicant: { kind: 'person', name: 'Nguyễn Thị Hằng', id_number: '001190012345', phone: '0912345678', address: 'Số 1 Tràng Tiền, Hoàn Kiếm' },
    resolver_unit: HK_PC,
    channel: 'counter',
    components: [{ id: 'tp02', provided: true }, { id: overrides.channel === 'online' ? 'tp06' : 'tp07', provided: true }],
    ...overrides,
  };
}
