// "Việc của tôi": the dossiers in work whose current step belongs to the user — the inbox lists
// them, and the dossier page offers the next one after an action.
import { get, unitChain } from './api.js';
import { effectiveDue } from './format.js';

/**
 * The dossiers in work whose current step is one of the user's (its role, at a unit the user's
 * binding covers), the soonest due first → {items, more: whether a status had more than 500}.
 */
export async function myWork(user) {
  const stepRoles = user.roles.filter((r) => r.role === 'processor' || r.role === 'approver');
  const pages = await Promise.all(['received', 'processing', 'awaiting_supplement']
    .map((st) => get(`/dossiers?${new URLSearchParams({ status: st, order: 'due', limit: '500' })}`)));
  const items = pages.flatMap((p) => p.items).filter((d) => d.current_step);
  const chains = new Map();
  await Promise.all([...new Set(items.map((d) => d.current_step.unit))].map(async (u) => chains.set(u, await unitChain(u))));
  const mine = items.filter((d) => stepRoles.some((r) => r.role === d.current_step.role && (chains.get(d.current_step.unit) || []).includes(r.unit)));
  const due = (d) => Date.parse(effectiveDue(d) || '9999-12-31T00:00:00Z');
  return { items: mine.sort((a, b) => due(a) - due(b) || (a.code < b.code ? -1 : 1)), more: pages.some((p) => p.next_cursor) };
}
