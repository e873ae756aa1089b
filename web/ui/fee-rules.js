// The fee rules of a procedure in the administrator's editor (docs/fees.md, "Fee rules"): one row
// per rule, added and removed like components and steps. Tiers are typed as "3=1000, 10=500"
// (from the 3rd unit each costs 1.000 đ, from the 10th 500 đ). A rule's exemptions are kept as
// they were loaded (shown, not edited here). Ids of controls follow the API's field paths
// (fees[1].amount → fees-1-amount) so that a 422 lands beside its field.
import { h, mount } from './dom.js';
import { field } from './forms.js';
import { select } from './choices.js';
import { fee } from './format.js';

const KIND = { fixed: 'Một khoản cho mỗi hồ sơ', per_unit: 'Theo số lượng (trang, bản…)' };
const CHANNEL = { any: 'Mọi hình thức nộp', counter: 'Nộp trực tiếp, qua bưu chính', online: 'Nộp trực tuyến' };

// "12" → 12, "" → null; anything else is sent as typed so that the API says what is wrong.
const numOrNull = (v) => (v.trim() === '' ? null : /^\s*\d+\s*$/.test(v) ? Number(v) : v.trim());
const textOrNull = (v) => (v.trim() === '' ? null : v.trim());

/** "3=1000, 10=500" → [{from: 3, amount: 1000}, …]; null when the text is not that shape. */
export function parseTiers(text) {
  const t = text.trim();
  if (!t) return [];
  const out = [];
  for (const part of t.split(/[,;]\s*/)) {
    const m = /^\s*(\d+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) return null;
    out.push({ from: Number(m[1]), amount: Number(m[2]) });
  }
  return out;
}

const tiersText = (tiers) => (tiers || []).map((t) => `${t.from}=${t.amount}`).join(', ');

function ruleRow(r, i, reg, remove) {
  const id = `fees-${i}`;
  const rid = reg(field({ id: `${id}-id`, label: 'Mã khoản thu', hint: 'Chữ thường không dấu, số và _, ví dụ: le_phi', spellcheck: false, width: 'short', value: r.id || '' }));
  const nm = reg(field({ id: `${id}-name`, label: 'Tên khoản thu', value: r.name || '' }));
  const kind = reg(select({ id: `${id}-kind`, label: 'Cách tính', options: Object.entries(KIND), value: r.kind || 'fixed' }));
  const channel = reg(select({ id: `${id}-channel`, label: 'Áp dụng cho', options: Object.entries(CHANNEL), value: r.channel || 'any' }));
  const amount = reg(field({ id: `${id}-amount`, label: 'Số tiền (đồng)', hint: 'Với cách tính theo số lượng: giá mỗi đơn vị', inputmode: 'numeric', width: 'short', value: r.amount === undefined || r.amount === null ? '' : String(r.amount) }));
  const unit = reg(field({ id: `${id}-unit`, label: 'Đơn vị tính', hint: 'Khi tính theo số lượng: pages (trang), copies (bản), cases, persons…', spellcheck: false, width: 'short', value: r.unit || '' }));
  const tiers = reg(field({ id: `${id}-tiers`, label: 'Bậc giá', hint: 'Ví dụ 3=1000: từ đơn vị thứ 3 trở đi mỗi đơn vị 1.000 đồng; nhiều bậc cách nhau bằng dấu phẩy', spellcheck: false, value: tiersText(r.tiers) }));
  const cap = reg(field({ id: `${id}-cap`, label: 'Mức thu tối đa (đồng)', hint: 'Để trống nếu không có', inputmode: 'numeric', width: 'short', value: r.cap === undefined || r.cap === null ? '' : String(r.cap) }));
  const per = reg(field({ id: `${id}-per`, label: 'Nhân theo', hint: 'Ví dụ copies: mức trên tính cho mỗi bản; để trống nếu không', spellcheck: false, width: 'short', value: r.per || '' }));
  const agency = reg(field({ id: `${id}-agency`, label: 'Cơ quan thu', hint: 'Mã đơn vị hoặc tên; để trống: cơ quan giải quyết', value: r.agency || '' }));
  const basis = reg(field({ id: `${id}-legal_basis`, label: 'Căn cứ pháp lý', value: r.legal_basis || '' }));
  const exemptions = (r.exemptions || []).map((e) => ({ ...e }));
  const showPerUnit = () => { for (const c of [unit, tiers]) c.el.hidden = kind.input.value !== 'per_unit'; };
  kind.input.addEventListener('change', showPerUnit);
  showPerUnit();
  const el = h('fieldset', { class: 'panel panel--plain', id, dataset: { rule: r.id || '' } },
    h('legend', { class: 'label' }, `Khoản thu ${i + 1}${r.id ? ` (${r.id})` : ' (mới)'}`),
    rid.el, nm.el, kind.el, channel.el, amount.el, unit.el, tiers.el, cap.el, per.el, agency.el, basis.el,
    exemptions.length ? h('div', { class: 'form-group' }, h('p', { class: 'label' }, 'Miễn, giảm (giữ nguyên)'),
      h('ul', { id: `${id}-exemptions` }, exemptions.map((e) => h('li', null, `${e.name}: ${e.percent === 100 ? 'miễn' : `giảm ${e.percent}%`}${e.legal_basis ? ` (${e.legal_basis})` : ''}`)))) : null,
    h('button', { type: 'button', class: 'button button--warning', id: `${id}-remove`, onclick: remove }, `Bỏ khoản thu ${i + 1}`));
  return {
    el,
    /** The rule as the API takes it, or {error: [controlId, message]} for tiers that do not parse. */
    read() {
      const perUnit = kind.input.value === 'per_unit';
      const t = perUnit ? parseTiers(tiers.input.value) : [];
      const rule = {
        id: rid.input.value.trim(), name: nm.input.value.trim(), kind: kind.input.value, channel: channel.input.value,
        amount: numOrNull(amount.input.value), unit: perUnit ? textOrNull(unit.input.value) : null, tiers: t || [],
        cap: numOrNull(cap.input.value), per: textOrNull(per.input.value), agency: textOrNull(agency.input.value),
        legal_basis: textOrNull(basis.input.value), exemptions,
      };
      return t === null ? { rule, error: [tiers.input.id, 'Bậc giá phải có dạng 3=1000, 10=500'] } : { rule };
    },
  };
}

/** The rules' editor: {el, add, read(): {fees, errors: [[controlId, message]]}}. */
export function feeRulesEditor(p, reg, controls) {
  let rules = (p.fees || []).map((r) => ({ ...r }));
  const box = h('div', { id: 'fees' });
  let rows = [];
  const readRows = () => rows.map((r) => r.read());
  function draw() {
    for (const k of [...controls.keys()]) if (/^fees-\d/.test(k)) controls.delete(k);
    rows = rules.map((r, i) => ruleRow(r, i, reg, () => { rules = readRows().map((x) => x.rule); rules.splice(i, 1); draw(); }));
    mount(box, rows.length ? rows.map((r) => r.el) : h('p', { class: 'hint', id: 'fees-none' }, `Chưa có khoản thu nào: hồ sơ chỉ thu mức lệ phí chung (${fee(p.fee_vnd)}).`));
  }
  draw();
  const add = h('div', { class: 'button-group' }, h('button', { type: 'button', class: 'button button--secondary', id: 'add-fee', onclick: () => {
    rules = readRows().map((x) => x.rule);
    rules.push({ id: '', name: 'Lệ phí', kind: 'fixed', channel: 'any', amount: 0, tiers: [], cap: null, per: null, agency: null, legal_basis: null, exemptions: [] });
    draw();
    box.lastElementChild.querySelector('input').focus();
  } }, 'Thêm khoản thu'));
  return {
    el: box, add,
    read() {
      const got = readRows();
      return { fees: got.map((x) => x.rule), errors: got.filter((x) => x.error).map((x) => x.error) };
    },
  };
}
