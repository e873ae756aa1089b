// The logged-in person as the pages need them: the login a page requires, and the roles the session
// holds (each role bound to a unit). Roles only choose what the UI shows and where it starts; the
// server decides what may be done (403), so nothing here is a permission check.
import { session } from './api.js';

/** The session, or null after sending the browser to the login page (back here afterwards). */
export function requireLogin() {
  const s = session();
  if (!s) location.replace(`#/dang-nhap?next=${encodeURIComponent(location.hash)}`);
  return s;
}

/** True when the session holds the role (at any unit). */
export function hasRole(s, role) {
  return Boolean(s && s.user.roles.some((r) => r.role === role));
}

/** True when the session holds any of the roles. */
export function hasAnyRole(s, roles) {
  return roles.some((role) => hasRole(s, role));
}

/** True for staff: any role but citizen. */
export function isStaff(s) {
  return Boolean(s && s.user.roles.some((r) => r.role !== 'citizen'));
}

/** The units at which the session holds the role, each once. */
export function unitsOf(s, role) {
  return [...new Set(s.user.roles.filter((r) => r.role === role).map((r) => r.unit))];
}
