// Live format hints for ID numbers as they are typed (the same rules as src/domain/idnum.c). Only
// a hint: the API's 422 on applicant.id_number is the authority.
const PROVINCES = new Set(('001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 '
  + '033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 '
  + '074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096').split(' '));
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/**
 * → {ok: bool, text} for a personal ID number (12 digits) or a tax code (10 digits, optional -NNN).
 * `year` is this year by the server's clock (serverToday()): a birth year after it is refused.
 */
export function idHint(kind, raw, year) {
  const s = raw.trim();
  if (kind === 'organization') {
    if (!s) return { ok: false, text: 'Mã số thuế gồm 10 chữ số, chi nhánh thêm -NNN' };
    const m = /^(\d{10})(-(\d{3}))?$/.exec(s);
    if (!m) return { ok: false, text: /^\d*$/.test(s) ? `Mã số thuế gồm 10 chữ số (đã nhập ${s.length})` : 'Mã số thuế chỉ gồm chữ số, chi nhánh thêm -NNN' };
    if (m[3] === '000') return { ok: false, text: 'Mã chi nhánh từ 001 đến 999' };
    const sum = WEIGHTS.reduce((a, w, i) => a + w * Number(s[i]), 0);
    const r = sum % 11;
    if (r === 0 || s.slice(2, 9) === '0000000' || 10 - r !== Number(s[9])) return { ok: false, text: 'Chữ số kiểm tra của mã số thuế không đúng' };
    return { ok: true, text: 'Mã số thuế đúng định dạng' };
  }
  if (!s) return { ok: false, text: 'Số định danh cá nhân gồm 12 chữ số' };
  if (!/^\d+$/.test(s)) return { ok: false, text: 'Số định danh cá nhân chỉ gồm chữ số' };
  if (s.length !== 12) return { ok: false, text: `Số định danh cá nhân gồm 12 chữ số (đã nhập ${s.length})` };
  if (!PROVINCES.has(s.slice(0, 3))) return { ok: false, text: `Mã tỉnh ${s.slice(0, 3)} (3 chữ số đầu) không có trong danh mục` };
  const born = 1900 + Math.floor(Number(s[3]) / 2) * 100 + Number(s.slice(4, 6));
  if (born > year) return { ok: false, text: `Năm sinh ${born} (chữ số 4–6) chưa đến` };
  return { ok: true, text: 'Số định danh đúng định dạng' };
}
