// Home: search procedures as you type (the server ignores diacritics), the most used procedures,
// "Tra cứu hồ sơ" that opens the tracking page /track/{code}?s=, and the service points with the
// live length of today's queues (GET /queues, refreshed every 20 seconds while the page is shown).
import { h, mount, setTitle, debounce } from '../dom.js';
import { get, serverNowCached } from '../api.js';
import { field, errorSummary } from '../forms.js';
import { LEVEL, duration, number, dateTime } from '../format.js';

function procedureItem(p) {
  return h('li', null,
    h('a', { href: `#/thu-tuc/${encodeURIComponent(p.code)}` }, p.name),
    h('div', { class: 'meta' }, `Mã ${p.code} · ${p.field || 'Chưa có lĩnh vực'} · ${LEVEL[p.level] || p.level} · ${duration(p.duration)}`));
}

export async function render(main, { query }) {
  setTitle(null);
  const q0 = query.get('q') || '';
  const results = h('ul', { class: 'results', 'aria-label': 'Kết quả tìm kiếm' });
  const popular = popularPart(results);
  const search = searchPart(q0, results, popular.section);
  const queues = queuesPart();
  const points = pointsPart(queues.notes);
  mount(main,
    h('h1', null, 'Dịch vụ hành chính công thành phố Hà Nội'),
    h('p', { class: 'lead' }, 'Tìm thủ tục, xem giấy tờ cần chuẩn bị và theo dõi hồ sơ đã nộp. Hồ sơ nộp ở bất kỳ điểm phục vụ nào, không phụ thuộc nơi cư trú.'),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'search-title' },
        h('h2', { id: 'search-title', class: 'visually-hidden' }, 'Tìm thủ tục'),
        search.form, popular.section, search.status, results),
      h('div', null,
        trackSection(),
        h('section', { 'aria-labelledby': 'points-title' },
          h('h2', { id: 'points-title' }, 'Điểm phục vụ'),
          h('p', null, 'Người dân, doanh nghiệp có thể nộp hồ sơ và nhận kết quả tại bất kỳ điểm phục vụ nào.'),
          h('h3', { id: 'queues-title' }, 'Số người đang chờ hôm nay'),
          h('div', { 'aria-live': 'polite', 'aria-labelledby': 'queues-title' }, queues.status, queues.list),
          points.el))));
  const pointsLoaded = points.load();
  await Promise.all([search.run(q0), pointsLoaded, popular.loaded]);
  await queues.load();
  const timer = setInterval(() => { if (main.contains(queues.list)) queues.load(); else clearInterval(timer); }, 20000);
}

/** Procedures searched as typed (the server ignores diacritics); the query stays in the address. */
function searchPart(q0, results, popularSection) {
  const search = field({ id: 'q', label: 'Tìm thủ tục hành chính', type: 'search', value: q0, autocomplete: 'off', spellcheck: false,
    hint: 'Gõ tên thủ tục, có dấu hoặc không dấu, ví dụ: đăng ký khai sinh' });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  let ctl = null;

  async function run(q) {
    if (ctl) ctl.abort();
    ctl = new AbortController();
    const mine = ctl;
    const qs = new URLSearchParams({ limit: '20' });
    if (q.trim()) qs.set('q', q.trim());
    try {
      const r = await get(`/procedures?${qs}`, { signal: mine.signal, auth: false });
      if (mine !== ctl) return;
      mount(results, r.items.map(procedureItem));
      status.textContent = q.trim()
        ? (r.items.length ? `Tìm thấy ${r.items.length}${r.next_cursor ? '+' : ''} thủ tục cho “${q.trim()}”`
          : `Không tìm thấy thủ tục nào cho “${q.trim()}”. Hãy thử từ khác, hoặc chọn một thủ tục được dùng nhiều dưới đây.`)
        : 'Các thủ tục đang áp dụng';
      results.dataset.query = q.trim();
      results.dataset.count = String(r.items.length);
      // No hit: the popular procedures are offered instead of an empty page.
      popularSection.hidden = (Boolean(q.trim()) && r.items.length > 0) || popularSection.dataset.count === '0' || !popularSection.dataset.count;
    } catch (e) {
      if (e.name === 'AbortError') return;
      status.textContent = 'Không tải được danh sách thủ tục. Vui lòng thử lại.';
    }
  }
  const later = debounce((q) => {
    // Keep what was typed in the address, so that Back returns to the same search.
    history.replaceState(null, '', q.trim() ? `#/?q=${encodeURIComponent(q.trim())}` : '#/');
    run(q);
  }, 200);
  search.input.addEventListener('input', () => later(search.input.value));
  const form = h('form', { class: 'search-panel', role: 'search', onsubmit: (e) => { e.preventDefault(); run(search.input.value); } }, search.el);
  return { form, status, run };
}

/** "Thủ tục được dùng nhiều", hidden while a search shows its results. */
function popularPart(results) {
  const list = h('ul', { class: 'popular', id: 'popular' });
  const section = h('section', { 'aria-labelledby': 'popular-title', hidden: true },
    h('h2', { id: 'popular-title' }, 'Thủ tục được dùng nhiều'), list);
  const loaded = get('/procedures?order=popular&limit=6', { auth: false }).then((r) => {
    mount(list, r.items.map(procedureItem));
    section.dataset.count = String(r.items.length);
    section.hidden = !r.items.length || (Boolean(results.dataset.query) && results.dataset.count !== '0');
  }).catch(() => {});
  return { section, loaded };
}

/** Tracking: dossier code + secret → the server-rendered tracking page. */
function trackSection() {
  const summary = errorSummary();
  const code = field({ id: 'track-code', label: 'Mã hồ sơ', autocomplete: 'off', spellcheck: false,
    hint: 'In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ: 001.01.50.H26-261127-0001' });
  const secret = field({ id: 'track-secret', label: 'Mã tra cứu', autocomplete: 'off', spellcheck: false, width: 'short',
    hint: 'Dãy chữ và số in cạnh mã QR' });
  function onTrack(ev) {
    ev.preventDefault();
    const c = code.input.value.trim();
    const s = secret.input.value.trim().toUpperCase();
    const errors = [];
    if (!c) errors.push({ id: 'track-code', message: 'Nhập mã hồ sơ' });
    else if (!/^[0-9A-Za-z.]+-\d{6}-\d{4,}$/.test(c)) errors.push({ id: 'track-code', message: 'Mã hồ sơ không đúng dạng, ví dụ: 001.01.50.H26-261127-0001' });
    if (!s) errors.push({ id: 'track-secret', message: 'Nhập mã tra cứu' });
    code.setError(errors.find((e) => e.id === 'track-code')?.message);
    secret.setError(errors.find((e) => e.id === 'track-secret')?.message);
    if (errors.length) { summary.show(errors); return; }
    summary.clear();
    location.assign(`/track/${encodeURIComponent(c)}?s=${encodeURIComponent(s)}`);
  }
  return h('section', { 'aria-labelledby': 'track-title' },
    h('h2', { id: 'track-title' }, 'Tra cứu hồ sơ'),
    h('p', { class: 'hint' }, 'Nhập mã hồ sơ và mã tra cứu, hoặc quét mã QR trên Giấy tiếp nhận hồ sơ bằng camera điện thoại.'),
    summary.el,
    h('form', { class: 'track-form', novalidate: true, onsubmit: onTrack }, code.el, secret.el,
      h('div', { class: 'button-group' }, h('button', { type: 'submit', class: 'button' }, 'Tra cứu'))));
}

/** The live length of today's queues (GET /queues), also noted beside each point of the list. */
function queuesPart() {
  const list = h('ul', { class: 'queues', id: 'queues' });
  const status = h('p', { class: 'muted', id: 'queues-status' });
  const notes = new Map(); // point code → its line in the list of all points
  async function load() {
    try {
      const r = await get('/queues', { auth: false });
      mount(list, r.items.map((q) => h('li', { 'data-point': q.point },
        h('span', { class: 'queues__name' }, q.name), ' ',
        h('strong', { class: 'queues__waiting' }, `${number(q.waiting)} người đang chờ`),
        q.serving ? h('span', { class: 'muted' }, ` · ${number(q.serving)} đang được phục vụ`) : null)));
      const at = dateTime(new Date(serverNowCached()).toISOString()).slice(11);
      status.textContent = r.items.length
        ? `Cập nhật lúc ${at}, tự làm mới sau mỗi 20 giây.`
        : 'Hôm nay chưa có điểm phục vụ nào phát số thứ tự.';
      const byPoint = new Map(r.items.map((q) => [q.point, q]));
      for (const [code, note] of notes) {
        const q = byPoint.get(code);
        note.textContent = q ? ` — ${number(q.waiting)} người đang chờ` : '';
      }
    } catch {
      status.textContent = 'Không tải được số người đang chờ.';
    }
  }
  return { list, status, notes, load };
}

/** The list of the service points (in a <details>), each with a place for its queue. */
function pointsPart(notes) {
  const list = h('ul', { class: 'points' });
  const summary = h('summary', null, 'Danh sách điểm phục vụ hành chính công');
  const load = () => get('/units?kind=service_point&limit=500', { auth: false }).then((r) => {
    summary.textContent = `Danh sách ${r.items.length} điểm phục vụ hành chính công`;
    mount(list, r.items.filter((u) => u.active).map((u) => {
      const note = h('span', { class: 'muted' });
      notes.set(u.code, note);
      return h('li', null, u.name, note);
    }));
  }).catch(() => { summary.textContent = 'Không tải được danh sách điểm phục vụ'; });
  return { el: h('details', null, summary, list), load };
}
