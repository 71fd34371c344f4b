// Lịch sử tra cứu: the official's own queries from the audit log, newest first, paged by the
// server, with a date filter. Identifiers are shown masked; nobody else's records appear.
import { h, clear, field, api, serverTable, badge, notice, markFields, setFieldError, fmtDate, fmtDateTime, fmtNumber, todayIso } from './ui.js';

const KIND = { cccd: 'CCCD', cmnd: 'CMND', name: 'Họ tên', other: 'Mã', none: '' };
const CHANNEL = { web: 'Ứng dụng web', json: 'Hệ thống tích hợp', soap: 'Hệ thống tích hợp (SOAP)' };

function daysAgo(n) {
  const d = new Date(todayIso() + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

// d/m/yyyy or yyyy-mm-dd → ISO; '' for ''; null when it is not a real day.
function isoOf(text) {
  const t = text.trim();
  if (!t) return '';
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const [y, mo, d] = m ? [+m[3], +m[2], +m[1]] : (m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)) ? [+m[1], +m[2], +m[3]] : [0, 0, 0];
  if (!y) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function outcome(r) {
  if (r.outcome === 'allowed') {
    const found = r.found === undefined ? null : r.found === 0 ? 'không tìm thấy' : `${r.found} người`;
    return h('div', {}, badge('allowed', 'Đã trả lời'), found ? h('div', { class: 'muted small' }, found) : null);
  }
  return h('div', {}, badge(r.outcome), r.reason ? h('div', { class: 'small off-reason' }, r.reason) : null);
}

export default function render({ content }) {
  const state = { from: '', to: '' };
  const summary = h('p', { class: 'muted' });
  const from = field({ label: 'Từ ngày', name: 'from', placeholder: 'dd/mm/yyyy' });
  const to = field({ label: 'Đến ngày', name: 'to', placeholder: 'dd/mm/yyyy' });

  const columns = [
    { key: 'time', title: 'Thời gian', render: r => h('span', { class: 'off-nowrap' }, fmtDateTime(r.time)) },
    { key: 'subject', title: 'Người được tra cứu', render: r => h('span', {},
      KIND[r.subject_kind] ? h('span', { class: 'muted small' }, KIND[r.subject_kind] + ' ') : null,
      h('span', { class: 'off-mono' }, r.subject || '—')) },
    { key: 'purpose', title: 'Mục đích', render: r => h('div', {}, h('strong', {}, r.purpose || '—'),
      r.purpose_text ? h('div', { class: 'muted small' }, r.purpose_text) : null) },
    { key: 'dossier', title: 'Số hồ sơ', render: r => h('span', { class: 'off-mono off-nowrap' }, r.dossier || '—') },
    { key: 'outcome', title: 'Kết quả', render: outcome },
    { key: 'channel', title: 'Qua', render: r => CHANNEL[r.channel] || r.channel || '' },
  ];

  const table = serverTable(columns, async ({ offset, limit }) => {
    const q = new URLSearchParams({ offset, limit });
    if (state.from) q.set('from', state.from);
    if (state.to) q.set('to', state.to);
    const page = await api('GET', '/api/v1/me/lookups?' + q);
    const range = state.from || state.to
      ? ` từ ${state.from ? fmtDate(state.from) : 'đầu'} đến ${state.to ? fmtDate(state.to) : 'nay'}`
      : '';
    summary.textContent = `${fmtNumber(page.total)} lượt tra cứu${range}, mới nhất ở trên.`;
    return page;
  }, { pageSize: 25, empty: 'Chưa có lượt tra cứu nào trong khoảng này.' });

  const form = h('form', { class: 'toolbar', novalidate: true, onsubmit: e => {
    e.preventDefault();
    const f = isoOf(from.input.value), t = isoOf(to.input.value);
    const bad = [];
    if (f === null) bad.push({ column: 'from', message: 'Nhập ngày dạng dd/mm/yyyy, ví dụ 01/11/2024.' });
    if (t === null) bad.push({ column: 'to', message: 'Nhập ngày dạng dd/mm/yyyy, ví dụ 30/11/2024.' });
    for (const x of [from, to]) setFieldError(x.input, x.msg, '');
    if (bad.length) { markFields(form, { details: bad }); return; }
    apply(f, t);
  } },
  from, to,
  h('button', { type: 'submit', class: 'btn primary' }, 'Lọc'),
  h('button', { type: 'button', class: 'btn', onclick: () => apply(todayIso(), todayIso()) }, 'Hôm nay'),
  h('button', { type: 'button', class: 'btn', onclick: () => apply(daysAgo(6), todayIso()) }, '7 ngày qua'),
  h('button', { type: 'button', class: 'btn', onclick: () => apply('', '') }, 'Tất cả'));

  async function apply(f, t) {
    for (const x of [from, to]) setFieldError(x.input, x.msg, '');
    if (f && t && f > t) {
      markFields(form, { details: [{ column: 'to', message: '“Đến ngày” phải từ “Từ ngày” trở đi.' }] });
      return;
    }
    from.input.value = fmtDate(f);
    to.input.value = fmtDate(t);
    state.from = f;
    state.to = t;
    await table.reload();
  }

  clear(content,
    h('section', { class: 'card' },
      h('p', { class: 'off-intro' }, 'Các lần tra cứu bằng tài khoản khai thác của bạn, qua ứng dụng web hoặc qua hệ thống một cửa. ',
        'Số định danh được che bớt; nhật ký không sửa hay xóa được.'),
      form, summary, table),
    notice('info', 'Cần tra cứu? ', h('a', { href: '/tra-cuu' }, 'Về trang tra cứu công dân'), '.'));
}
