// Báo cáo sử dụng: queries through the gateway over a range of days, per unit and per
// account (allowed, refused, failed), the units that query most, and why queries were refused.
import { api, h, clear, field, card, notice, showError, dataTable, fmtNumber, todayIso, busy } from './ui.js';
import { OUTCOME, fmtTime, firstOfMonth, stackedBars } from './page-audit-common.js';

function lastMonth() {
  const [y, m] = todayIso().split('-').map(Number);
  const py = m === 1 ? y - 1 : y, pm = m === 1 ? 12 : m - 1;
  const days = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const mm = String(pm).padStart(2, '0');
  return [`${py}-${mm}-01`, `${py}-${mm}-${String(days).padStart(2, '0')}`];
}

// Only auditors read the log itself; an admin sees the report without the links.
let canSearch = true;

function searchLink(text, filters, range) {
  if (!canSearch) return text;
  const p = new URLSearchParams({ ...filters, from: range.from, to: range.to });
  return h('a', { href: '/giam-sat?' + p, title: 'Xem các bản ghi trong nhật ký' }, text);
}

function stat(label, value, cls) {
  return h('div', { class: 'stat' + (cls ? ' ' + cls : '') }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
}

function short(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

export default async function render({ content, session }) {
  canSearch = !!session && session.user.role === 'auditor';
  const p = new URLSearchParams(location.search);
  const from = field({ label: 'Từ ngày', name: 'from', type: 'date', value: p.get('from') || firstOfMonth() });
  const to = field({ label: 'Đến ngày', name: 'to', type: 'date', value: p.get('to') || todayIso() });
  from.input.max = to.input.max = todayIso();
  const showBtn = h('button', { type: 'submit', class: 'btn primary' }, 'Xem báo cáo');
  const preset = (text, range) => h('button', { type: 'button', class: 'btn small', onclick: () => {
    [from.input.value, to.input.value] = range();
    load();
  } }, text);
  const errors = h('div');
  const form = h('form', { class: 'toolbar audit-range', novalidate: true, onsubmit: e => { e.preventDefault(); load(); } },
    from, to, showBtn,
    h('div', { class: 'audit-presets' },
      preset('Hôm nay', () => [todayIso(), todayIso()]),
      preset('Tháng này', () => [firstOfMonth(), todayIso()]),
      preset('Tháng trước', lastMonth)));
  const report = h('div');
  clear(content, card(null, form, errors), report);

  async function load() {
    clear(errors);
    const range = { from: from.input.value, to: to.input.value };
    if (!range.from || !range.to) return showError(errors, { message: 'Hãy chọn đủ “Từ ngày” và “Đến ngày”.' });
    if (range.from > range.to) return showError(errors, { message: '“Từ ngày” phải trước hoặc bằng “Đến ngày”.' });
    history.replaceState(null, '', location.pathname + '?' + new URLSearchParams(range));
    await busy(showBtn, errors, async () => {
      const r = await api('GET', '/api/v1/audit/usage?' + new URLSearchParams(range));
      draw(r);
    });
  }

  function draw(r) {
    const range = { from: r.from, to: r.to };
    const t = r.totals;
    const stats = h('div', { class: 'stats' },
      stat('Truy vấn', fmtNumber(t.total)),
      stat(OUTCOME.allowed, fmtNumber(t.allowed), 'ok'),
      stat(OUTCOME.refused, fmtNumber(t.refused), t.refused ? 'warn' : null),
      stat('Lỗi hệ thống', fmtNumber(t.failed), t.failed ? 'warn' : null),
      stat('Đơn vị có truy vấn', fmtNumber(r.units.filter(u => u.unit).length)),
      stat('Tài khoản có truy vấn', fmtNumber(r.accounts.length)));
    if (!t.total) {
      clear(report, stats, notice('info', 'Không có truy vấn nào trong khoảng ngày này.'));
      return;
    }
    const top = [...r.units].sort((a, b) => b.total - a.total).slice(0, 10);
    const chart = stackedBars(top.map(u => ({
      label: short(u.unit_name || u.unit || '(không rõ đơn vị)', 40), title: u.unit_name ? `${u.unit_name} (${u.unit})` : u.unit,
      parts: [{ value: u.allowed, cls: 'audit-bar-allowed', name: OUTCOME.allowed },
        { value: u.refused, cls: 'audit-bar-refused', name: OUTCOME.refused },
        { value: u.failed, cls: 'audit-bar-failed', name: 'Lỗi' }],
      note: fmtNumber(u.total),
    })), { label: 'Các đơn vị truy vấn nhiều nhất', legend: [
      { cls: 'audit-bar-allowed', name: OUTCOME.allowed }, { cls: 'audit-bar-refused', name: OUTCOME.refused },
      { cls: 'audit-bar-failed', name: 'Lỗi hệ thống' }] });

    const num = key => ({ key, title: { allowed: 'Cho phép', refused: 'Từ chối', failed: 'Lỗi', total: 'Tổng' }[key],
      class: 'num', render: row => fmtNumber(row[key]) });
    const units = dataTable([
      { key: 'unit_name', title: 'Đơn vị', value: u => u.unit_name || u.unit || '(không rõ)',
        render: u => u.unit ? h('span', {}, searchLink(u.unit_name || u.unit, { unit: u.unit, kind: 'query' }, range),
          h('div', { class: 'muted small' }, u.unit)) : h('span', { class: 'muted' }, '(không rõ đơn vị — tài khoản chưa đăng ký)') },
      { key: 'accounts', title: 'Tài khoản', class: 'num' },
      num('allowed'), num('refused'), num('failed'), num('total'),
      { key: 'last_time', title: 'Lần gần nhất', class: 'audit-nowrap', render: u => fmtTime(u.last_time) },
    ], r.units, { pageSize: 15, sortKey: 'total', sortDir: -1, placeholder: 'Tìm đơn vị (gõ không dấu cũng được)…',
      rowClass: u => (u.refused + u.failed > u.allowed ? 'audit-row-warn' : null) });
    const accounts = dataTable([
      { key: 'account', title: 'Tài khoản', value: a => `${a.account} ${a.name}`,
        render: a => h('span', {}, searchLink(a.account, { account: a.account, kind: 'query' }, range),
          a.name ? h('div', { class: 'muted small' }, a.name) : null) },
      { key: 'unit_name', title: 'Đơn vị', value: a => a.unit_name || a.unit,
        render: a => a.unit ? h('span', {}, a.unit_name || a.unit, a.unit_name ? h('div', { class: 'muted small' }, a.unit) : null) : '—' },
      num('allowed'), num('refused'), num('failed'), num('total'),
      { key: 'last_time', title: 'Lần gần nhất', class: 'audit-nowrap', render: a => fmtTime(a.last_time) },
    ], r.accounts, { pageSize: 20, sortKey: 'total', sortDir: -1, placeholder: 'Tìm tài khoản, họ tên, đơn vị…',
      rowClass: a => (a.refused + a.failed > a.allowed ? 'audit-row-warn' : null) });
    const reasons = r.reasons.length ? dataTable([
      { key: 'example', title: 'Lý do', render: x => h('span', {}, x.example || '—', x.reason_code ? h('div', { class: 'muted small' }, x.reason_code) : null) },
      { key: 'outcome', title: 'Kết quả', value: x => OUTCOME[x.outcome] || x.outcome, render: x => OUTCOME[x.outcome] || x.outcome },
      { key: 'count', title: 'Số lần', class: 'num', render: x => fmtNumber(x.count) },
    ], r.reasons, { search: false, pageSize: 10 }) : h('p', { class: 'muted' }, 'Không có truy vấn bị từ chối hay lỗi.');

    const warnHint = h('p', { class: 'hint' }, 'Dòng tô vàng: số lần bị từ chối hoặc lỗi nhiều hơn số lần được phép — nên xem lại tài khoản hoặc đơn vị đó.');
    clear(report, stats,
      card(top.length < r.units.length ? `${top.length} đơn vị truy vấn nhiều nhất` : 'Truy vấn theo đơn vị', chart),
      card('Theo đơn vị', units, warnHint),
      card('Theo tài khoản', accounts, warnHint.cloneNode(true)),
      card('Lý do từ chối và lỗi', reasons),
      h('p', { class: 'hint' }, `Khoảng ${r.from.split('-').reverse().join('/')} – ${r.to.split('-').reverse().join('/')}, theo giờ Việt Nam. `,
        'Chỉ tính truy vấn qua cổng (không tính thao tác quản trị).' + (canSearch ? ' Bấm tên đơn vị hoặc tài khoản để xem từng bản ghi trong nhật ký.' : '')));
  }

  load();
}
