// The single-page shell: header with the role-based navigation, and hash routes
// (#/, #/thu-tuc/{code}, #/dang-nhap, #/dang-ky, #/ho-so, #/ho-so/{code}, #/nop-ho-so/{code}, #/tiep-nhan, #/truc-tuyen,
// #/tra-ket-qua, #/xac-thuc-cong-dan, #/dat-lich[/{procedure}], #/phan-anh, #/phan-anh-kien-nghi, #/kiosk/{point},
// #/bang-so/{point}, #/tim-ho-so, #/bang-dieu-khien, #/to-chuc-lai[/{id}], #/ban-giao/{id}, #/quan-tri/lich[/{year}],
// #/quan-tri/nguoi-dung[/{username}], #/quan-tri/don-vi[/{code}], #/quan-tri/thu-tuc[/{code}]). Pages load on
// demand so that the citizen home downloads only what it needs.
import { h, mount, setTitle } from './dom.js';
import { session, logout as apiLogout, recoverSession, serverNowCached } from './api.js';
import { ROLE, dateTime } from './format.js';
import { hasRole, hasAnyRole, isStaff } from './session.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');

const routes = [
  [/^\/?$/, () => import('./pages/home.js')],
  [/^\/thu-tuc\/([^/]+)$/, () => import('./pages/procedure.js')],
  [/^\/dang-nhap$/, () => import('./pages/login.js')],
  [/^\/dang-ky$/, () => import('./pages/register.js')],
  // A citizen's own dossiers are cards for a phone; staff get the dense inbox.
  [/^\/ho-so$/, () => (isStaff(session()) || !session() ? import('./pages/inbox.js') : import('./pages/my-dossiers.js'))],
  [/^\/ho-so\/([^/]+)$/, () => import('./pages/dossier.js')],
  [/^\/ho-so-cua-toi\/([^/]+)$/, () => import('./pages/my-dossier.js')],
  [/^\/nop-ho-so\/([^/]+)$/, () => import('./pages/submit.js')],
  [/^\/tiep-nhan$/, () => import('./pages/intake.js')],
  [/^\/truc-tuyen$/, () => import('./pages/online-desk.js')],
  [/^\/tra-ket-qua$/, () => import('./pages/returns.js')],
  [/^\/tim-ho-so$/, () => import('./pages/find.js')],
  [/^\/xac-thuc-cong-dan$/, () => import('./pages/verify.js')],
  [/^\/dat-lich(?:\/([^/]+))?$/, () => import('./pages/booking.js')],
  [/^\/phan-anh$/, () => import('./pages/feedback.js')],
  [/^\/phan-anh-kien-nghi$/, () => import('./pages/feedback-desk.js')],
  [/^\/kiosk\/([^/]+)$/, () => import('./pages/kiosk.js')],
  [/^\/bang-so\/([^/]+)$/, () => import('./pages/board.js')],
  [/^\/bang-dieu-khien$/, () => import('./pages/dashboard.js')],
  [/^\/(to-chuc-lai)(?:\/(\d+))?$/, () => import('./pages/reorg.js')],
  [/^\/(ban-giao)\/(\d+)$/, () => import('./pages/reorg.js')],
  [/^\/quan-tri\/lich(?:\/(\d{4}))?$/, () => import('./pages/calendar.js')],
  [/^\/quan-tri\/nguoi-dung(?:\/([^/]+))?$/, () => import('./pages/users.js')],
  [/^\/quan-tri\/don-vi(?:\/([^/]+))?$/, () => import('./pages/units.js')],
  [/^\/quan-tri\/thu-tuc(?:\/([^/]+))?$/, () => import('./pages/procedures.js')],
  [/^\/quan-tri\/chung-thu-so$/, () => import('./pages/certificates.js')], // signing certificates (admin)
];

const MANAGER = ['center_manager', 'unit_manager', 'admin'];

function renderNav() {
  const s = session();
  const items = [h('li', null, h('a', { href: '#/' }, 'Tra cứu thủ tục'))];
  if (s) {
    const staff = isStaff(s);
    if (hasRole(s, 'receiver')) items.push(h('li', null, h('a', { href: '#/tiep-nhan' }, 'Tiếp nhận tại quầy')));
    if (hasRole(s, 'receiver')) items.push(h('li', null, h('a', { href: '#/truc-tuyen' }, 'Hồ sơ trực tuyến')));
    items.push(h('li', null, h('a', { href: '#/ho-so' }, staff ? 'Hồ sơ cần xử lý' : 'Hồ sơ của tôi')));
    if (hasRole(s, 'receiver')) items.push(h('li', null, h('a', { href: '#/tra-ket-qua' }, 'Trả kết quả')));
    if (hasRole(s, 'receiver')) items.push(h('li', null, h('a', { href: '#/xac-thuc-cong-dan' }, 'Xác thực công dân')));
    if (staff) items.push(h('li', null, h('a', { href: '#/tim-ho-so' }, 'Tìm hồ sơ')));
    if (staff) items.push(h('li', null, h('a', { href: '#/phan-anh-kien-nghi' }, 'Phản ánh, kiến nghị')));
    if (hasAnyRole(s, MANAGER)) items.push(h('li', null, h('a', { href: '#/bang-dieu-khien' }, 'Thống kê')));
    if (hasAnyRole(s, MANAGER)) items.push(h('li', null, h('a', { href: '#/to-chuc-lai' }, 'Tổ chức lại')));
    if (hasRole(s, 'admin')) {
      items.push(h('li', null, h('a', { href: '#/quan-tri/lich' }, 'Lịch làm việc')));
      items.push(h('li', null, h('a', { href: '#/quan-tri/nguoi-dung' }, 'Người dùng')));
      items.push(h('li', null, h('a', { href: '#/quan-tri/don-vi' }, 'Đơn vị')));
      items.push(h('li', null, h('a', { href: '#/quan-tri/thu-tuc' }, 'Thủ tục')));
      items.push(h('li', null, h('a', { href: '#/quan-tri/chung-thu-so' }, 'Chứng thư số')));
    }
    // The roles beside the name, but not a role that is the name itself ("Quản trị hệ thống").
    const roles = [...new Set(s.user.roles.map((r) => ROLE[r.role] || r.role))].filter((x) => x !== s.user.full_name).join(', ');
    items.push(h('li', { class: 'nav__user' }, h('span', null, s.user.full_name, roles ? h('span', { class: 'nav__roles' }, ` (${roles})`) : null),
      ' ', h('button', { type: 'button', class: 'link-button', onclick: logout }, 'Đăng xuất')));
  } else {
    items.push(h('li', null, h('a', { href: '#/dang-nhap' }, 'Đăng nhập')));
    items.push(h('li', null, h('a', { href: '#/dang-ky' }, 'Đăng ký')));
  }
  mount(nav, h('ul', { class: 'nav__list' }, items));
  // Staff menus are long: they get their own row under the brand, the account at its right end.
  nav.classList.toggle('nav--wide', items.length > 5);
  const here = location.hash || '#/';
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === here) a.setAttribute('aria-current', 'page');
  }
}

async function logout() {
  await apiLogout();
  location.hash = '#/';
}

let generation = 0;
let first = true;
async function route() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/') && hash !== '#') return; // in-page links (error summary, skip link)
  const [pathPart, query = ''] = hash.slice(1).split('?');
  const path = pathPart || '/';
  const gen = ++generation;
  renderNav();
  for (const [re, load] of routes) {
    const m = path.match(re);
    if (!m) continue;
    main.setAttribute('aria-busy', 'true');
    try {
      const mod = await load();
      if (gen !== generation) return;
      await mod.render(main, { params: m.slice(1).map(decodeURIComponent), query: new URLSearchParams(query), isCurrent: () => gen === generation });
    } catch (e) {
      if (gen !== generation) return;
      mount(main, h('h1', { tabindex: '-1' }, 'Đã có lỗi'), h('p', null, 'Không tải được trang. Vui lòng thử lại.'));
      console.error(e);
    } finally {
      if (gen === generation) main.removeAttribute('aria-busy');
    }
    if (gen === generation) afterRender();
    return;
  }
  setTitle('Không tìm thấy trang');
  mount(main, h('h1', { tabindex: '-1' }, 'Không tìm thấy trang'), h('p', null, h('a', { href: '#/' }, 'Về trang chủ')));
  afterRender();
}

function afterRender() {
  // After navigation inside the app, move the focus to the page heading so that screen readers
  // announce the new page (not on the very first load).
  if (!first) {
    const h1 = main.querySelector('h1');
    if (h1) { if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1'); h1.focus(); }
    window.scrollTo(0, 0);
  }
  first = false;
  document.body.dataset.ready = location.hash || '#/';
}

window.addEventListener('hashchange', route);
window.addEventListener('motcua:session', renderNav);
recoverSession().finally(route);

// The skip link moves the focus without touching the hash (the hash is the route).
document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

// A printed list says where and when it was printed (on the server's clock), and by whom.
window.addEventListener('beforeprint', () => {
  const s = session();
  const when = dateTime(new Date(serverNowCached()).toISOString());
  document.getElementById('print-stamp').textContent = `Trung tâm Phục vụ hành chính công thành phố Hà Nội · In lúc ${when}${s ? ` · ${s.user.full_name}` : ''}`;
});
