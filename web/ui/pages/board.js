// The live board of a service point (public, for the screen in the waiting hall): "now serving"
// per counter with the spoken announcement ("Mời khách hàng số 0012 đến quầy số 3"), the number
// waiting, and the latest call read aloud when the browser can speak and the hall turned it on.
// Loads GET /points/{code}/queue and follows its live stream (server-sent events), loading the
// board again on each change. Route: #/bang-so/{point}.
import { h, mount, setTitle } from '../dom.js';
import { get, unit } from '../api.js';
import { PRIORITY } from './kiosk.js';

const EVENTS = ['ticket', 'called', 'recalled', 'skipped', 'finished', 'transferred'];

export async function render(main, { params, isCurrent }) {
  const code = params[0];
  const point = await unit(code).catch(() => null);
  const name = point ? point.name : code;
  setTitle(`Bảng số thứ tự – ${name}`);
  const waiting = h('p', { class: 'board__waiting', id: 'board-waiting' });
  const rows = h('tbody', { id: 'board-rows' });
  const said = h('p', { class: 'board__announcement', id: 'board-announcement', role: 'status', 'aria-live': 'assertive' });
  const speak = h('input', { type: 'checkbox', id: 'board-speak', class: 'choice__input' });
  mount(main, h('div', { class: 'board' },
    h('h1', null, 'Đang phục vụ'), h('p', { class: 'board__point' }, name), said,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table board__table' },
      h('caption', { class: 'visually-hidden' }, 'Số thứ tự đang được phục vụ tại từng quầy'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Quầy'), h('th', { scope: 'col' }, 'Số thứ tự'),
        h('th', { scope: 'col' }, 'Lĩnh vực'), h('th', { scope: 'col' }, 'Ưu tiên'))),
      rows)),
    waiting,
    h('div', { class: 'choice no-print' }, speak, h('label', { for: 'board-speak', class: 'choice__label' }, 'Đọc số bằng giọng nói'))));

  async function load() {
    const b = await get(`/points/${encodeURIComponent(code)}/queue?limit=1`, { auth: false });
    mount(rows, b.serving.length ? b.serving.map((s) => h('tr', { 'data-counter': String(s.counter) },
      h('td', null, `Quầy ${s.counter}`), h('td', { class: 'board__number' }, String(s.number).padStart(4, '0')),
      h('td', null, s.service_group), h('td', null, s.priority ? (PRIORITY[s.priority] || s.priority) : ''))) :
      h('tr', null, h('td', { colspan: '4' }, 'Chưa có quầy nào đang phục vụ.')));
    waiting.textContent = `Số người đang chờ: ${b.waiting}`;
  }
  function announce(text) {
    said.textContent = text;
    if (speak.checked && 'speechSynthesis' in window) {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'vi-VN';
      window.speechSynthesis.speak(u);
    }
  }

  await load();
  const stream = new EventSource(`/api/v1/points/${encodeURIComponent(code)}/queue/stream`);
  const onEvent = (ev) => {
    if (!isCurrent()) { stream.close(); return; }
    try {
      const d = JSON.parse(ev.data);
      if ((ev.type === 'called' || ev.type === 'recalled') && d.ticket && d.ticket.announcement) announce(d.ticket.announcement);
    } catch { /* a board event without a ticket */ }
    load().catch(() => {});
  };
  for (const e of EVENTS) stream.addEventListener(e, onEvent);
  stream.addEventListener('board', () => { if (isCurrent()) load().catch(() => {}); });
  window.addEventListener('hashchange', () => stream.close(), { once: true });
}
