// Opinions asked by a step (POST /dossiers/{code}/opinions) and their answers by the asked units
// (POST /dossiers/{code}/opinions/{id}), on the dossier page: the list with each due time and
// whether it was answered on time, the "Xin ý kiến" form for the current step's people, and the
// answer form for a member of an asked unit still waiting. docs/workflow.md.
import { h } from './dom.js';
import { post, ApiError } from './api.js';
import { dateTime } from './format.js';
import { field } from './forms.js';
import { radios } from './choices.js';

const ANSWER = { true: 'Đồng ý', false: 'Không đồng ý' };
const ON_TIME = { on_time: 'Đúng hạn', late: 'Quá hạn' };

/** "nnn.nn.nn.Hnn 2" per line → [{unit, due_days}]; a line without days asks for 3. */
function parseUnits(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [unit, days] = l.split(/\s+/);
    return { unit, due_days: days === undefined ? 3 : (/^\d+$/.test(days) ? Number(days) : days) };
  });
}

function errorText(e) {
  const fe = e.fieldErrors && e.fieldErrors[0];
  return fe ? `${fe.field}: ${fe.message_vi || fe.message}` : e.messageVi;
}

/**
 * The section, or null when there is nothing to show or do. ctx: {d, path, session, name(code),
 * mayAsk, done(message)}: done redraws the page and says what happened.
 */
export function opinionsSection(ctx) {
  const { d, path, session, name } = ctx;
  const ops = d.opinions || [];
  const mine = new Set((session && session.user.roles || []).map((r) => r.unit));
  const waitingForMe = ops.filter((o) => !o.answered_at && mine.has(o.unit) && ['processing', 'awaiting_supplement'].includes(d.status));
  if (!ops.length && !ctx.mayAsk) return null;
  const status = h('p', { role: 'status', class: 'hint' });
  const fail = (e) => { if (!(e instanceof ApiError)) throw e; status.textContent = `Không thực hiện được: ${errorText(e)}.`; };
  const table = ops.length ? h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, 'Ý kiến đã xin'),
    h('thead', null, h('tr', null, ['Bước', 'Đơn vị được hỏi', 'Hạn trả lời', 'Trả lời', 'Tiến độ'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, ops.map((o) => h('tr', null,
      h('td', null, String(o.step)), h('td', null, name(o.unit)), h('td', null, dateTime(o.due_at)),
      h('td', null, o.answered_at ? `${ANSWER[o.agree]}: ${o.answer || ''} (${dateTime(o.answered_at)})` : 'Chưa trả lời'),
      h('td', null, o.timeliness ? ON_TIME[o.timeliness] || o.timeliness : ''))))) : null;
  const forms = [];
  if (ctx.mayAsk) {
    const units = field({ id: 'opinion-units', label: 'Đơn vị được hỏi', hint: 'Mỗi dòng một đơn vị: mã đơn vị và số ngày làm việc để trả lời, ví dụ 002.00.50.H26 2 (tối đa 10 đơn vị)', multiline: true });
    const question = field({ id: 'opinion-question', label: 'Nội dung xin ý kiến (không bắt buộc)', multiline: true });
    forms.push(h('form', {
      class: 'opinion-form', 'aria-labelledby': 'opinion-ask-title',
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { units: parseUnits(units.input.value) };
        if (question.input.value.trim()) body.question = question.input.value.trim();
        try { await post(`${path}/opinions`, body); await ctx.done('Đã gửi xin ý kiến.'); } catch (err) { fail(err); }
      },
    }, h('h3', { id: 'opinion-ask-title' }, 'Xin ý kiến'), units.el, question.el, h('button', { type: 'submit', class: 'button' }, 'Gửi xin ý kiến')));
  }
  for (const o of waitingForMe) {
    const choice = radios({ id: `opinion-${o.id}-agree`, legend: `Ý kiến của ${name(o.unit)}`, options: { yes: 'Đồng ý', no: 'Không đồng ý' } });
    const text = field({ id: `opinion-${o.id}-text`, label: 'Nội dung trả lời', multiline: true });
    forms.push(h('form', {
      class: 'opinion-form', 'aria-labelledby': `opinion-${o.id}-title`,
      onsubmit: async (e) => {
        e.preventDefault();
        const body = { agree: choice.value === 'yes' ? true : choice.value === 'no' ? false : null, text: text.input.value.trim() };
        try { await post(`${path}/opinions/${o.id}`, body); await ctx.done('Đã gửi ý kiến trả lời.'); } catch (err) { fail(err); }
      },
    }, h('h3', { id: `opinion-${o.id}-title` }, `Trả lời xin ý kiến (bước ${o.step}, hạn ${dateTime(o.due_at)})`),
    o.question ? h('p', null, o.question) : null, choice.el, text.el, h('button', { type: 'submit', class: 'button' }, 'Gửi trả lời')));
  }
  return h('section', { 'aria-labelledby': 'opinions-title' },
    h('h2', { id: 'opinions-title' }, 'Xin ý kiến'), table, ...forms, status);
}
