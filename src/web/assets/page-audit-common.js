// What the auditor's pages share: labels of the log's values, times with seconds, date
// ranges, and a server-paged table that can say "more than N" (the log may hold millions).
import { h, clear, badge, fmtNumber, showError, todayIso, svgCanvas } from './ui.js';

export const KIND = { query: 'Truy vấn', admin: 'Quản trị' };
export const OUTCOME = { allowed: 'Cho phép', refused: 'Từ chối', failed: 'Lỗi' };

const ENTITY = {
  registration: 'Phiếu đăng ký', account: 'Tài khoản khai thác', commitment: 'Bản cam kết',
  campaign: 'Đợt đăng ký', org: 'Danh mục đơn vị', purpose: 'Mục đích', system: 'Hệ thống tích hợp',
  export: 'Xuất dữ liệu', user: 'Người dùng', token: 'Mã truy cập (POST /token)',
};
const VERB = {
  lookup: 'Tra cứu', verify: 'Xác thực thông tin', import: 'nhập phiếu', submit: 'nộp', approve: 'duyệt',
  return: 'trả lại', send: 'gửi C06', activate: 'kích hoạt', suspend: 'tạm dừng', resume: 'mở lại',
  revoke: 'thu hồi', create: 'tạo', add: 'thêm', update: 'sửa', scan: 'tải bản ký', fields: 'đặt trường',
  login: 'đăng nhập', logout: 'đăng xuất', logout_all: 'đăng xuất mọi nơi', login_failed: 'đăng nhập sai',
  locked: 'bị khóa tạm', password_ok: 'đúng mật khẩu', change_password: 'đổi mật khẩu',
  reset_password: 'cấp lại mật khẩu', enrol_totp: 'bật xác thực hai lớp', reset_totp: 'đặt lại xác thực hai lớp',
  disable: 'khóa', enable: 'mở khóa', accounts: 'tài khoản', key: 'cấp khóa', rotate: 'đổi khóa',
  // issue 11
  set_official_id: 'ghi số CCCD của cán bộ', signing_secret: 'cấp khóa ký có dấu thời gian',
  national_code: 'đặt mã dịch vụ công quốc gia', map: 'ánh xạ mã của hệ thống', unmap: 'bỏ ánh xạ mã',
  issue: 'cấp mã truy cập',
};

// "registration.return" → "Phiếu đăng ký: trả lại"; "lookup" → "Tra cứu".
export function actionLabel(action) {
  const [a, b] = String(action || '').split('.', 2);
  if (b === undefined) return VERB[a] || a || '—';
  return `${ENTITY[a] || a}: ${VERB[b] || b}`;
}

export function outcomeBadge(outcome) { return badge(outcome, OUTCOME[outcome]); }

// "2021-08-23T09:15:07.123+07:00" → "09:15:07 23/08/2021" (the log's times are local).
export function fmtTime(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})/.exec(iso || '');
  return m ? `${m[4]}:${m[5]}:${m[6]} ${m[3]}/${m[2]}/${m[1]}` : (iso || '');
}

export function firstOfMonth() { return todayIso().slice(0, 8) + '01'; }

// "Sở Tài chính (000.00.02.H33)", or the code alone.
export function unitText(code, name) {
  if (!code) return '—';
  return name ? h('span', {}, name, h('br'), h('span', { class: 'muted small' }, code)) : code;
}

// A table whose pages come from the server: fetchPage({offset, limit}) →
// {items, total, total_exact, has_more}. opts: {pageSize, empty, onPage(page)}.
export function pagedTable(columns, fetchPage, opts = {}) {
  const state = { offset: 0, limit: opts.pageSize || 25, seq: 0 };
  const body = h('tbody');
  const info = h('span', { class: 'pager-info', 'aria-live': 'polite' });
  const box = h('div');
  const prev = h('button', { type: 'button', class: 'btn small', onclick: () => { state.offset = Math.max(0, state.offset - state.limit); load(); } }, '‹ Trước');
  const next = h('button', { type: 'button', class: 'btn small', onclick: () => { state.offset += state.limit; load(); } }, 'Sau ›');
  const table = h('table', { class: 'data audit-table' },
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.class }, c.title)))), body);
  async function load() {
    const mine = ++state.seq;
    table.classList.add('loading');
    prev.disabled = next.disabled = true;
    try {
      const page = await fetchPage({ offset: state.offset, limit: state.limit });
      if (mine !== state.seq) return;  // a newer search answered first
      clear(body, page.items.length ? page.items.map(r => h('tr', {}, columns.map(c =>
        h('td', { class: c.class, 'data-label': c.title }, c.render ? c.render(r) : (r[c.key] ?? ''))))) :
        h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, opts.empty || 'Không có bản ghi nào khớp.')));
      const shown = page.items.length;
      const total = page.total_exact === false ? `hơn ${fmtNumber(page.total)}` : fmtNumber(page.total ?? shown);
      const pages = page.total_exact === false ? '' : ` · trang ${Math.floor(state.offset / state.limit) + 1}/${Math.max(1, Math.ceil((page.total || 0) / state.limit))}`;
      info.textContent = shown ? `${fmtNumber(state.offset + 1)}–${fmtNumber(state.offset + shown)} / ${total} bản ghi${pages}` : '0 bản ghi';
      prev.disabled = state.offset === 0;
      next.disabled = !page.has_more;
      clear(box);
      if (opts.onPage) opts.onPage(page);
    } catch (e) {
      if (mine !== state.seq) return;
      clear(body);
      info.textContent = '';
      showError(box, e);
    } finally {
      if (mine === state.seq) table.classList.remove('loading');
    }
  }
  const wrap = h('div', { class: 'table-wrap' }, box, h('div', { class: 'scroll' }, table),
    h('div', { class: 'pager' }, prev, info, next));
  wrap.reload = () => { state.offset = 0; return load(); };
  return wrap;
}

// Horizontal stacked bars, one per row: [{label, parts: [{value, cls, name}], note}] → SVG.
// The longest row fills the width; a legend names the parts. Colours come from classes.
export function stackedBars(rows, opts = {}) {
  const NS = 'http://www.w3.org/2000/svg';  // for the <title> tooltips below
  const rowH = 28, labelW = opts.labelWidth || 300, barW = opts.width || 520, noteW = 80;
  const legend = opts.legend || [];
  const top = legend.length ? 26 : 4;
  const { svg, el } = svgCanvas(labelW + barW + noteW, top + rows.length * rowH + 4, 'chart audit-chart',
    opts.label || 'Biểu đồ');
  let x = labelW;
  for (const l of legend) {
    el('rect', { x, y: 4, width: 12, height: 12, rx: 2, class: l.cls });
    el('text', { x: x + 17, y: 14, class: 'chart-label' }, l.name);
    x += 30 + l.name.length * 7;
  }
  const max = Math.max(1, ...rows.map(r => r.parts.reduce((s, p) => s + p.value, 0)));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const title = el('text', { x: labelW - 10, y: y + 15, 'text-anchor': 'end', class: 'chart-label' }, r.label);
    if (r.title) title.append(Object.assign(document.createElementNS(NS, 'title'), { textContent: r.title }));
    el('rect', { x: labelW, y: y + 2, width: barW, height: 18, rx: 3, class: 'chart-track' });
    let at = labelW;
    for (const p of r.parts) {
      if (!p.value) continue;
      const w = Math.max(2, (barW * p.value) / max);
      const seg = el('rect', { x: at, y: y + 2, width: w, height: 18, class: p.cls });
      seg.append(Object.assign(document.createElementNS(NS, 'title'), { textContent: `${p.name}: ${p.value}` }));
      at += w;
    }
    el('text', { x: labelW + barW + 8, y: y + 15, class: 'chart-value' }, r.note ?? '');
  });
  return svg;
}
