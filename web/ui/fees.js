// A dossier's fees as its applicant sees them (docs/fees.md): the lines, what was paid and what is
// still due, the electronic receipt of each payment, and online payment through the gateway
// (POST …/fees/payments {method: "online"} → the gateway's signed redirect; the gateway's
// callback, not the browser's return, is what records the payment).
import { h } from './dom.js';
import { post, ApiError } from './api.js';
import { dateTime, fee } from './format.js';
import { pdfLink } from './widgets.js';

const OPEN = new Set(['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement', 'ready_for_return']);

/** "Đã nộp đủ", "Được miễn", "Còn phải nộp 10.000 đ" … for a dossier's fees member. */
export function feeState(f) {
  if (f.exempt && f.total === 0) return 'Được miễn phí, lệ phí';
  if (f.total === 0) return 'Không mất phí';
  if (f.due > 0) return `Còn phải nộp ${fee(f.due)}`;
  return 'Đã nộp đủ';
}

/** The applicable rules of a procedure for a channel, for the review before submitting. */
export function feeRulesText(p, channel) {
  const rules = (p.fees || []).filter((r) => r.channel === 'any' || r.channel === channel || (!r.channel));
  if (!rules.length) return fee(p.fee_vnd);
  return rules.map((r) => (r.kind === 'per_unit' ? `${r.name}: ${fee(r.amount)} mỗi ${UNIT[r.unit] || r.unit}` : `${r.name}: ${fee(r.amount)}`)).join('; ');
}

const UNIT = { pages: 'trang', copies: 'bản', cases: 'trường hợp', persons: 'người' };

/**
 * The fees section of a citizen's dossier: lines, totals, receipts and, while something is due
 * on an open dossier, the online payment button. returnTo: where the gateway sends the payer back.
 */
export function feeSection(d, returnTo) {
  const f = d.fees;
  if (!f || (f.total === 0 && !f.exempt && !(f.lines || []).length)) return null;
  const path = `/dossiers/${encodeURIComponent(d.code)}`;
  const status = h('p', { class: 'fees__state', id: 'fees-state' }, feeState(f));
  const error = h('p', { class: 'notice notice--error', id: 'fees-error', role: 'alert', hidden: true });
  const paid = (f.payments || []).filter((p) => p.status === 'paid' || p.status === 'refunded');
  let button = null;
  if (f.due > 0 && OPEN.has(d.status)) {
    button = h('button', { type: 'button', class: 'button', id: 'pay-online' }, `Thanh toán trực tuyến ${fee(f.due)}`);
    button.onclick = async () => {
      button.disabled = true;
      error.hidden = true;
      try {
        const p = await post(`${path}/fees/payments`, { method: 'online', return_url: returnTo });
        location.assign(p.redirect_url);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const first = e.fieldErrors[0];
        error.textContent = `Không thanh toán trực tuyến được: ${first ? first.message_vi || first.message : e.messageVi}`;
        error.hidden = false;
        button.disabled = false;
      }
    };
  }
  return h('section', { class: 'fees', id: 'fees', 'aria-labelledby': 'fees-title' },
    h('h2', { id: 'fees-title' }, 'Phí, lệ phí'),
    h('ul', { class: 'fees__lines', id: 'fees-lines' }, (f.lines || []).map((l) => h('li', null,
      h('span', null, `${l.name}: `), h('strong', null, fee(l.amount)),
      l.reduction ? h('span', { class: 'muted' }, ` (đã giảm ${fee(l.reduction)})`) : null))),
    h('p', null, 'Tổng cộng: ', h('strong', { id: 'fees-total' }, fee(f.total)),
      f.paid ? [' · Đã nộp: ', h('strong', { id: 'fees-paid' }, fee(f.paid))] : null),
    status,
    paid.length ? h('ul', { class: 'fees__receipts', id: 'fees-receipts' }, paid.map((p) => h('li', null,
      `${p.method === 'online' ? 'Trực tuyến' : 'Tiền mặt'}, ${fee(p.amount)}, ${dateTime(p.paid_at)}`,
      p.status === 'refunded' ? ' (đã hoàn trả)' : '', ' ',
      pdfLink(`${path}/fees/receipts/${encodeURIComponent(p.order_id)}.pdf`, `Biên lai ${p.receipt_no}`)))) : null,
    button, error);
}
