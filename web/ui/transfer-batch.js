// "Đã tiếp nhận, chờ chuyển xử lý": the received dossiers of my receiving units not yet sent on,
// each with a checkbox, and one button that transfers the chosen ones (POST …/transfer each, with
// If-Match). Shown on the counter's and the online desk's screens (issue 19, item 2).
import { h, mount } from './dom.js';
import { getAll, post, unitChain, ApiError } from './api.js';
import { dateTime } from './format.js';

/** The section (filled once loaded); mine are my receiver units. Returns {el, reload()}. */
export function transferBatch(mine) {
  const box = h('div');
  const el = h('section', { id: 'batch', class: 'no-print', 'aria-labelledby': 'batch-title' },
    h('h2', { id: 'batch-title' }, 'Đã tiếp nhận, chờ chuyển xử lý'), box);
  async function reload(notice) {
    const all = await getAll('/dossiers?status=received').catch(() => []);
    const covered = await Promise.all(all.map(async (d) => (await unitChain(d.receiving_unit)).some((c) => mine.includes(c))));
    const list = all.filter((d, i) => covered[i] && (d.allowed_actions ? d.allowed_actions.includes('transfer') : true));
    draw(list, notice);
  }
  function draw(list, notice) {
    const status = h('p', { role: 'status', id: 'batch-status' }, notice || '');
    if (!list.length) { mount(box, status, h('p', { class: 'muted', id: 'batch-empty' }, 'Không có hồ sơ nào chờ chuyển xử lý.')); return; }
    const boxes = list.map((d) => h('input', { type: 'checkbox', id: `batch-${d.code}`, value: d.code, class: 'batch__check' }));
    const all = h('input', { type: 'checkbox', id: 'batch-all' });
    all.addEventListener('change', () => { for (const b of boxes) b.checked = all.checked; });
    const btn = h('button', { type: 'button', class: 'button', id: 'batch-transfer' }, 'Chuyển xử lý các hồ sơ đã chọn');
    btn.addEventListener('click', async () => {
      const chosen = list.filter((d, i) => boxes[i].checked);
      if (!chosen.length) { mount(status, 'Chọn ít nhất một hồ sơ để chuyển xử lý.'); return; }
      btn.disabled = true;
      const failed = [];
      for (const d of chosen) {
        try {
          await post(`/dossiers/${encodeURIComponent(d.code)}/transfer`, {}, { ifMatch: d.version });
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          failed.push(`${d.code} (${e.messageVi})`);
        }
      }
      const ok = chosen.length - failed.length;
      await reload(`Đã chuyển xử lý ${ok} hồ sơ.${failed.length ? ` Không chuyển được: ${failed.join('; ')}.` : ''}`);
      box.querySelector('#batch-status')?.focus();
    });
    mount(box, status,
      h('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'batch-title', tabindex: '0' },
        h('table', { class: 'table', id: 'batch-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, all, h('label', { for: 'batch-all', class: 'visually-hidden' }, 'Chọn tất cả')),
            ['Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Tiếp nhận lúc'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, list.map((d, i) => h('tr', { dataset: { code: d.code } },
            h('td', null, boxes[i], h('label', { for: boxes[i].id, class: 'visually-hidden' }, `Chọn hồ sơ ${d.code}`)),
            h('td', { class: 'nowrap' }, h('a', { href: `#/ho-so/${encodeURIComponent(d.code)}` }, d.code)),
            h('td', null, d.procedure.name),
            h('td', null, d.applicant.name),
            h('td', { class: 'nowrap' }, dateTime(d.received_at))))))),
      h('div', { class: 'button-group' }, btn));
    status.tabIndex = -1;
  }
  return { el, reload };
}
