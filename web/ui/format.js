// Vietnamese formatting of the API's values: dates in Vietnam's time (UTC+7, no DST) whatever the
// browser's zone, money as "1.234.567 đ", durations in words, and the domain's labels.
const VN_OFFSET_MS = 7 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');

function vnParts(iso) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + VN_OFFSET_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes() };
}

/** An instant (milliseconds) as an RFC 3339 time in Vietnam's time: "2026-11-27T09:00:00+07:00". */
export function vnIso(ms) {
  return `${new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** "2026-11-27T09:00:00+07:00" → "27/11/2026"; '' for null. */
export function date(iso) {
  const p = iso && vnParts(iso);
  return p ? `${pad(p.d)}/${pad(p.m)}/${p.y}` : '';
}

/** → "27/11/2026 09:00" */
export function dateTime(iso) {
  const p = iso && vnParts(iso);
  return p ? `${pad(p.d)}/${pad(p.m)}/${p.y} ${pad(p.hh)}:${pad(p.mm)}` : '';
}

/** 1234567 → "1.234.567" */
export function number(n) {
  const s = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** The fee of a procedure: "1.234.567 đ", "Không mất phí" or "Chưa có thông tin". */
export function fee(vnd) {
  if (vnd === null || vnd === undefined) return 'Chưa có thông tin';
  if (vnd === 0) return 'Không mất phí';
  return `${number(vnd)} đ`;
}

/** {value: 3, unit: 'working_days'} → "3 ngày làm việc". */
export function duration(d) {
  if (!d) return 'Chưa có thông tin';
  switch (d.unit) {
    case 'working_days': return `${d.value} ngày làm việc`;
    case 'working_hours': return `${d.value} giờ làm việc`;
    case 'calendar_days': return `${d.value} ngày`;
    case 'same_day': return 'Trong ngày (nhận sau 15 giờ thì trả trước 17 giờ ngày làm việc tiếp theo)';
    default: return `${d.value} ${d.unit}`;
  }
}

export const LEVEL = { commune: 'Cấp xã', city: 'Cấp tỉnh' };
export const ONLINE = { full: 'Toàn trình', partial: 'Một phần', none: 'Không cung cấp trực tuyến' };
export const ORIGINAL = { original: 'Bản chính', copy: 'Bản sao', either: 'Bản chính hoặc bản sao' };
export const SUBMIT = { submit: 'Nộp', present: 'Xuất trình' };
export const ROLE = {
  admin: 'Quản trị hệ thống', center_manager: 'Quản lý Trung tâm', unit_manager: 'Quản lý đơn vị',
  receiver: 'Cán bộ tiếp nhận', processor: 'Cán bộ xử lý', approver: 'Lãnh đạo phê duyệt', citizen: 'Công dân',
};
export const STEP_ROLE = { processor: 'Xử lý', approver: 'Phê duyệt' };
export const CHANNEL = { counter: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' };
export const RETURN_CHANNEL = { counter: 'Tại điểm phục vụ', online: 'Trực tuyến', post: 'Bưu chính' };

// The same words as the tracking page (src/http/api_public.c).
export const STATUS = {
  submitted: 'Đã nộp trực tuyến, chờ tiếp nhận',
  needs_completion: 'Cần bổ sung, hoàn thiện hồ sơ',
  received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết',
  awaiting_supplement: 'Chờ bổ sung hồ sơ',
  ready_for_return: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  stopped: 'Đã dừng giải quyết',
  refused: 'Từ chối tiếp nhận',
};
export const OPEN = new Set(['submitted', 'needs_completion', 'received', 'processing', 'awaiting_supplement', 'ready_for_return']);
export const TIMELINESS = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
export const DECISION = { approved: 'Có kết quả', denied: 'Từ chối giải quyết' };

export const ACTION = {
  intake: 'Tiếp nhận tại quầy',
  submit: 'Nộp trực tuyến',
  receive: 'Tiếp nhận',
  'request-completion': 'Yêu cầu bổ sung, hoàn thiện',
  resubmit: 'Nộp lại',
  refuse: 'Từ chối tiếp nhận',
  transfer: 'Chuyển xử lý',
  'complete-step': 'Hoàn thành bước',
  'request-supplement': 'Yêu cầu bổ sung',
  supplement: 'Bổ sung hồ sơ',
  extend: 'Xin lỗi và gia hạn',
  decide: 'Quyết định',
  return: 'Trả kết quả',
  stop: 'Dừng giải quyết',
  'send-back': 'Trả lại bước trước',
  'ask-opinions': 'Xin ý kiến',
  'answer-opinion': 'Trả lời xin ý kiến',
  rate: 'Đánh giá',
  recompute: 'Tính lại hạn',
};

/** The due time that work lists use: an extension's new date, else due_at. */
export function effectiveDue(d) {
  return (d.extended && d.extended.new_due_at) || d.due_at;
}

/**
 * Marks for a dossier in a list: 'Tạm dừng', 'Quá hạn', 'Đã gia hạn'. Overdue is the server's
 * (its clock, the test clock too): lists, GET /dossiers/{code} and the actions' answers send it.
 */
export function marks(d) {
  const out = [];
  if (d.paused) out.push({ key: 'paused', text: 'Tạm dừng' });
  if (d.overdue === true) out.push({ key: 'overdue', text: 'Quá hạn' });
  if (d.extended) out.push({ key: 'extended', text: 'Đã gia hạn' });
  return out;
}

/**
 * Where a dossier in work stands against its due time, for the inbox of the people at its steps:
 * paused (the clock stopped), overdue (the server's flag), at risk (due within 24 hours of now, the
 * server's: serverNow()) or on track. Null for dossiers not in work.
 */
export function progressMark(d, now) {
  if (d.status !== 'processing' && d.status !== 'awaiting_supplement' && d.status !== 'received') return null;
  if (d.paused) return { key: 'paused', text: 'Tạm dừng, chờ bổ sung' };
  if (d.overdue) return { key: 'overdue', text: 'Quá hạn' };
  const due = effectiveDue(d);
  if (due && Date.parse(due) - now <= 24 * 3600e3) return { key: 'at_risk', text: 'Sắp đến hạn' };
  return { key: 'on_track', text: 'Trong hạn' };
}

/** Capitalizes the first letter of the API's lower-case Vietnamese messages. */
export function sentence(s) {
  return s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : s;
}

export const RATING = { very_satisfied: 'Rất hài lòng', satisfied: 'Hài lòng', unsatisfied: 'Không hài lòng' };
export const KIND = { person: 'Cá nhân', organization: 'Tổ chức, doanh nghiệp' };

/** What a status asks of the applicant, in words (null when nothing). */
export const ASKED = {
  needs_completion: 'Bổ sung hồ sơ',
  awaiting_supplement: 'Bổ sung hồ sơ',
  ready_for_return: 'Nhận kết quả',
};

/** Bytes in words: 1536 → "1,5 KB". */
export function bytes(n) {
  if (n < 1024) return `${n} byte`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/**
 * A component's name for its upload's title: its first clause (up to ". ", ";" or " (" once past 10
 * characters), at most 90 characters cut at a space; the whole legal text expands on demand.
 */
export function shortName(name) {
  let cut = name.length;
  const m = /(\. |;| \()/g;
  for (let r = m.exec(name); r; r = m.exec(name)) if (r.index >= 10) { cut = r.index; break; }
  let out = name.slice(0, cut).replace(/[.;:,]+$/, '');
  if (out.length > 90) out = `${out.slice(0, out.lastIndexOf(' ', 88))} …`;
  return out;
}
