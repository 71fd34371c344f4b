// Shared parts of the provincial admin's pages: the campaign chooser remembered in the URL
// (?dot=ID, ?ngay=YYYY-MM-DD), labels of compliance levels and statuses, downloads of
// documents answered to a POST, and small form helpers.
import { api, h, clear, fmtDate, todayIso, ApiError, setFieldError } from './ui.js';

// ---------------------------------------------------------------- the URL's query

export function param(key) { return new URLSearchParams(location.search).get(key) || ''; }

// Sets (or removes, for '' / null) query parameters without reloading; `push` adds a history
// entry (opening a form), otherwise the current one is replaced (changing a filter).
export function setParams(values, push = false) {
  const q = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === null || v === undefined) q.delete(k); else q.set(k, v);
  }
  const url = location.pathname + (q.toString() ? '?' + q : '');
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

// ---------------------------------------------------------------- labels

export const LEVELS = { tinh: 'Sở, ban, ngành', huyen: 'UBND cấp huyện', xa: 'UBND cấp xã' };
export const KINDS = { tinh: 'Tỉnh', so: 'Sở, ban, ngành', huyen: 'UBND cấp huyện', phong: 'Phòng ban cấp huyện', xa: 'UBND cấp xã' };
const COMPLIANCE = {
  day_du: ['Đầy đủ', 'green'], chua_day_du: ['Chưa đầy đủ', 'amber'], chua_dang_ky: ['Chưa đăng ký', 'red'],
};
export function complianceBadge(status) {
  const [label, color] = COMPLIANCE[status] || [status, 'grey'];
  return h('span', { class: `badge badge-${color}` }, label);
}
export function complianceLabel(status) { return (COMPLIANCE[status] || [status])[0]; }

// "Còn 5 ngày" / "Hôm nay là hạn chót" / "Quá hạn 24 ngày".
export function daysText(days) {
  if (days > 0) return `Còn ${days} ngày`;
  if (days === 0) return 'Hôm nay là hạn chót';
  return `Quá hạn ${-days} ngày`;
}

// ---------------------------------------------------------------- the campaign chooser

// Loads the campaigns and draws a toolbar: a select of campaigns (newest first, default the
// newest or ?dot=) and, with `withDate`, the day the figures are computed for (?ngay=,
// default today) with shortcuts to today and to the deadline. `onChange()` runs after every
// change. Returns {el, campaign(), asOf(), campaigns}.
export async function campaignBar({ withDate = false, onChange = () => {}, label = 'Đợt đăng ký' } = {}) {
  const list = (await api('GET', '/api/v1/campaigns')).items.slice().sort((a, b) => b.id - a.id);
  const wanted = Number(param('dot'));
  let current = list.find(c => c.id === wanted) || list[0] || null;
  const select = h('select', { id: 'admin-campaign', name: 'dot', onchange: () => {
    current = list.find(c => String(c.id) === select.value) || null;
    setParams({ dot: current ? current.id : '' });
    drawDeadline();
    onChange();
  } }, list.map(c => h('option', { value: c.id, selected: current && c.id === current.id },
    `Đợt ${c.id} — ${c.name}`)));
  const parts = [h('div', { class: 'field' }, h('label', { for: 'admin-campaign' }, label), select)];
  let date = null;
  const deadlineInfo = h('span', { class: 'muted small' });
  function drawDeadline() {
    clear(deadlineInfo, current ? `Mở ${fmtDate(current.open_date)} · hạn chót ${fmtDate(current.deadline)} · ${current.targets} đơn vị phải đăng ký` : '');
  }
  if (withDate) {
    date = h('input', { type: 'date', id: 'admin-as-of', name: 'ngay', value: /^\d{4}-\d{2}-\d{2}$/.test(param('ngay')) ? param('ngay') : todayIso(),
      onchange: () => { if (!date.value) date.value = todayIso(); setParams({ ngay: date.value === todayIso() ? '' : date.value }); onChange(); } });
    const setDay = v => { date.value = v; setParams({ ngay: v === todayIso() ? '' : v }); onChange(); };
    parts.push(h('div', { class: 'field' }, h('label', { for: 'admin-as-of' }, 'Số liệu tính đến ngày'), date),
      h('div', { class: 'admin-shortcuts' },
        h('button', { type: 'button', class: 'btn small', onclick: () => setDay(todayIso()) }, 'Hôm nay'),
        h('button', { type: 'button', class: 'btn small', onclick: () => current && setDay(current.deadline) }, 'Ngày hạn chót')));
  }
  drawDeadline();
  const el = h('div', { class: 'toolbar admin-bar' }, ...parts, deadlineInfo);
  if (!list.length) clear(el, h('p', { class: 'muted' }, 'Chưa có đợt đăng ký nào. Tạo đợt ở trang ', h('a', { href: '/quan-tri/dot' }, 'Đợt đăng ký'), '.'));
  return { el, campaign: () => current, asOf: () => (date ? date.value : todayIso()), campaigns: list };
}

// ---------------------------------------------------------------- downloads

function fileName(res, fallback) {
  const cd = res.headers.get('content-disposition') || '';
  const m = /filename="?([^";]+)"?/.exec(cd);
  return m ? m[1] : fallback;
}

// Sends `body` as JSON by POST (with the CSRF token) and saves the file the server answers.
// Errors: ApiError with the server's message and field details.
export async function postDownload(url, body, csrf, fallbackName) {
  let res;
  try {
    res = await fetch(url, { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf || '' }, body: JSON.stringify(body || {}) });
  } catch {
    throw new ApiError(0, { error: { message: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' } });
  }
  if (!res.ok) {
    const data = await res.json().catch(() => null);
    throw new ApiError(res.status, data);
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: fileName(res, fallbackName), class: 'admin-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60000);
  return { name: a.download, size: blob.size };
}

// ---------------------------------------------------------------- forms

// A labelled group of controls (checkboxes, a custom select) that markFields can flag:
// the first control named `name` inside gets the error.
export function fieldGroup(label, name, control, hint) {
  const msg = h('div', { class: 'field-msg', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'field', role: 'group', 'aria-label': label },
    h('span', { class: 'field-label' }, label), control, hint ? h('div', { class: 'hint' }, hint) : null, msg);
  wrap.msg = msg;
  return wrap;
}

export function checkbox(name, value, text, checked = false) {
  const input = h('input', { type: 'checkbox', name, value, checked });
  return h('label', { class: 'check' }, input, ' ', text);
}

// Clears every error mark of a form (before sending it again).
export function clearMarks(form) {
  for (const el of form.querySelectorAll('.invalid')) {
    const msg = el.closest('.field') && el.closest('.field').querySelector('.field-msg');
    setFieldError(el, msg || h('div'), '');
  }
}

// A labelled select with option groups: groups = [[groupLabel, [[value, text]…]]…].
export function groupedSelect({ label, name, groups, value = '', required = false, hint, empty = '— Chọn —' }) {
  const id = 'f-' + name + '-' + Math.random().toString(36).slice(2, 7);
  const select = h('select', { id, name, required },
    h('option', { value: '' }, empty),
    groups.map(([g, opts]) => h('optgroup', { label: g }, opts.map(([v, t]) => h('option', { value: v, selected: v === value }, t)))));
  const msg = h('div', { class: 'field-msg', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'req', title: 'bắt buộc' }, ' *') : null),
    select, hint ? h('div', { class: 'hint' }, hint) : null, msg);
  wrap.input = select;
  wrap.msg = msg;
  return wrap;
}

// Every unit of the catalogue (the API pages by at most 1,000).
export async function allOrgs() {
  const out = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await api('GET', `/api/v1/orgs?limit=1000&offset=${offset}`);
    out.push(...page.items);
    if (page.items.length < 1000) return out;
  }
}
