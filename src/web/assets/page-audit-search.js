// Nhật ký truy vấn: the auditor searches the audit log (by account, unit, citizen, days, kind,
// outcome), pages through it on the server, and exports what was found as CSV.
// The filters live in the page's URL so that a search can be reloaded or shared — except the
// citizen's number, which is kept in the tab's history state and sent in request bodies only,
// so that it never lands in a URL (browser history, proxy logs).
import { api, h, clear, field, card, notice, showError, statusLabel, todayIso, fmtNumber } from './ui.js';
import { KIND, OUTCOME, actionLabel, outcomeBadge, fmtTime, unitText, pagedTable } from './page-audit-common.js';

const KEYS = ['account', 'unit', 'from', 'to', 'kind', 'outcome'];

function readFilters() {
  const p = new URLSearchParams(location.search);
  const f = {};
  for (const k of KEYS) f[k] = p.get(k) || '';
  f.subject = (history.state && history.state.subject) || '';
  return f;
}

function writeFilters(f, push) {
  const p = new URLSearchParams();
  for (const k of KEYS) if (f[k]) p.set(k, f[k]);
  const url = location.pathname + (p.toString() ? '?' + p : '');
  history[push ? 'pushState' : 'replaceState']({ subject: f.subject || '' }, '', url);
}

function active(f) {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v));
}

export default async function render({ session, content }) {
  const purposes = {};
  const units = h('datalist', { id: 'audit-units' });
  // Names for the datalist and the purpose column; the page works without them.
  api('GET', '/api/v1/orgs').then(r => {
    clear(units, r.items.map(o => h('option', { value: o.code }, o.name)));
  }).catch(() => {});
  const purposesLoaded = api('GET', '/api/v1/purposes').then(r => {
    for (const p of r.items) purposes[p.code] = p.text;
  }).catch(() => {});

  let filters = readFilters();
  const f = {
    account: field({ label: 'Tài khoản', name: 'account', value: filters.account, placeholder: 'vd. sonngo1.thong',
      hint: 'Tài khoản khai thác, hoặc người dùng của dancu.' }),
    unit: field({ label: 'Đơn vị (mã định danh)', name: 'unit', value: filters.unit, placeholder: 'vd. 000.00.16.H33',
      hint: 'Gõ mã hoặc tên rồi chọn trong danh sách.' }),
    subject: field({ label: 'Công dân được tra cứu (CCCD/CMND)', name: 'subject', value: filters.subject,
      inputmode: 'numeric', placeholder: '12 số CCCD hoặc 9 số CMND',
      hint: 'Ai đã tra cứu công dân này? Số này không được ghi vào địa chỉ trang.' }),
    from: field({ label: 'Từ ngày', name: 'from', type: 'date', value: filters.from }),
    to: field({ label: 'Đến ngày', name: 'to', type: 'date', value: filters.to }),
    kind: field({ label: 'Loại', name: 'kind', value: filters.kind,
      options: [['', 'Tất cả'], ['query', 'Truy vấn dữ liệu dân cư'], ['admin', 'Thao tác quản trị']] }),
    outcome: field({ label: 'Kết quả', name: 'outcome', value: filters.outcome,
      options: [['', 'Tất cả'], ['allowed', OUTCOME.allowed], ['refused', OUTCOME.refused], ['failed', OUTCOME.failed]] }),
  };
  f.unit.input.setAttribute('list', 'audit-units');
  f.to.input.max = todayIso();
  f.from.input.max = todayIso();

  const searchBtn = h('button', { type: 'submit', class: 'btn primary' }, 'Tìm');
  const resetBtn = h('button', { type: 'button', class: 'btn', onclick: () => {
    for (const k of Object.keys(f)) f[k].input.value = '';
    submit(true);
  } }, 'Xóa điều kiện');
  const exportBtn = h('button', { type: 'button', class: 'btn', onclick: () => exportCsv() }, '⤓ Xuất CSV');
  const form = h('form', { class: 'audit-filters', novalidate: true, onsubmit: e => { e.preventDefault(); submit(true); } },
    h('div', { class: 'form-grid' }, f.account, f.unit, f.subject),
    h('div', { class: 'form-grid' }, f.from, f.to, f.kind, f.outcome),
    h('div', { class: 'actions' }, searchBtn, resetBtn, h('span', { class: 'spacer' }), exportBtn));

  const summary = h('div');
  const exportBox = h('div');
  let lastPage = null;

  const columns = [
    { title: 'Số', class: 'num', render: r => String(r.seq) },
    { title: 'Thời gian', class: 'audit-nowrap', render: r => fmtTime(r.time) },
    { title: 'Thao tác', class: 'audit-action', render: r => h('span', {}, h('span', { class: `kind kind-${r.kind}` }, KIND[r.kind] || r.kind), ' ',
      actionLabel(r.action), adminDetail(r)) },
    { title: 'Người thực hiện', render: r => h('span', {},
      filterLink(r.actor, 'account', `Chỉ xem ${r.actor}`),
      r.account_name ? h('div', { class: 'muted small' }, r.account_name) : null,
      r.system ? h('div', { class: 'muted small audit-system', title: r.system }, 'qua ', r.system) : null) },
    { title: 'Đơn vị', render: r => r.unit ? filterLink(unitText(r.unit, r.unit_name), 'unit', `Chỉ xem đơn vị ${r.unit}`, r.unit) : '—' },
    { title: 'Mục đích · hồ sơ', render: r => r.purpose || r.dossier ? h('span', {},
      r.purpose ? h('abbr', { title: purposes[r.purpose] || '' }, r.purpose) : null,
      r.dossier ? h('div', { class: 'muted small' }, 'Hồ sơ ', r.dossier) : null) : '—' },
    { title: 'Công dân', render: r => r.subject ? h('code', { class: 'subject' }, r.subject)
      : r.subject_hash ? h('code', { class: 'hash', title: 'Mã băm có khóa của số định danh (không lộ số thật)' }, r.subject_hash.slice(0, 10) + '…') : '—' },
    // Administrative records are facts (who did what), not decisions: no outcome badge.
    { title: 'Kết quả · lý do', render: r => h('span', {}, r.kind === 'admin' && r.outcome === 'allowed' ? null : outcomeBadge(r.outcome),
      r.reason ? h('div', { class: 'reason' }, r.kind === 'admin' ? 'Lý do: ' : '', r.reason) : null) },
  ];

  function filterLink(content, key, title, value) {
    return h('button', { type: 'button', class: 'link plain', title, onclick: () => {
      f[key].input.value = value ?? (typeof content === 'string' ? content : '');
      submit(true);
    } }, content);
  }

  function adminDetail(r) {
    const d = r.detail || {};
    if (r.kind !== 'admin' || !d.entity_id) return null;
    const move = d.from && d.to ? ` (${statusLabel(d.from)} → ${statusLabel(d.to)})` : d.to ? ` (→ ${statusLabel(d.to)})` : '';
    return h('div', { class: 'muted small' }, d.entity_id + move);
  }

  const table = pagedTable(columns, ({ offset, limit }) =>
    api('POST', '/api/v1/audit/records', { ...active(filters), offset, limit }), {
    pageSize: 25,
    empty: 'Không có bản ghi nào khớp điều kiện.',
    onPage: page => { lastPage = page; drawSummary(page); },
  });

  function drawSummary(page) {
    const parts = [];
    if (filters.subject) {
      const n = page.total_exact === false ? `hơn ${fmtNumber(page.total)}` : fmtNumber(page.total);
      parts.push(notice('info', h('strong', {}, `Công dân số ${filters.subject}: `),
        `có ${n} bản ghi về công dân này. Số định danh chỉ hiện ở đây vì bạn tìm theo nó; các danh sách khác chỉ có mã băm.`));
    }
    if (page.total_exact === false) {
      parts.push(notice('warn', `Có hơn ${fmtNumber(page.total)} bản ghi khớp. Hãy thu hẹp khoảng ngày, đơn vị hoặc tài khoản để xem và xuất gọn hơn.`));
    }
    clear(summary, parts);
  }

  function submit(push) {
    filters = {};
    for (const k of Object.keys(f)) filters[k] = f[k].input.value.trim();
    if (filters.from && filters.to && filters.from > filters.to) {
      showError(summary, { message: '“Từ ngày” phải trước hoặc bằng “Đến ngày”.' });
      return;
    }
    writeFilters(filters, push);
    clear(exportBox);
    table.reload();
  }

  async function exportCsv() {
    clear(exportBox);
    if (lastPage && lastPage.total_exact === false) {
      showError(exportBox, { message: `Có hơn ${fmtNumber(lastPage.export_limit || lastPage.total)} bản ghi khớp; hãy thu hẹp điều kiện rồi xuất lại.` });
      return;
    }
    const label = exportBtn.textContent;
    exportBtn.disabled = true;
    exportBtn.textContent = 'Đang xuất…';
    try {
      const res = await fetch('/api/v1/audit/export.csv', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrf },
        body: JSON.stringify(active(filters)),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new Error((body && body.error && body.error.message) || `Lỗi máy chủ (${res.status}).`);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
      const url = URL.createObjectURL(await res.blob());
      const a = h('a', { href: url, download: name ? name[1] : 'nhat-ky-truy-van.csv', class: 'audit-hidden' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      clear(exportBox, notice('ok', 'Đã xuất tệp CSV (chỉ có mã băm của công dân, không có số định danh).'));
    } catch (e) {
      showError(exportBox, e);
    } finally {
      exportBtn.disabled = false;
      exportBtn.textContent = label;
    }
  }

  window.addEventListener('popstate', () => {
    filters = readFilters();
    for (const k of Object.keys(f)) f[k].input.value = filters[k] || '';
    table.reload();
  });

  clear(content,
    card('Tìm trong nhật ký', form, units, exportBox),
    card(null, summary, table));
  await purposesLoaded;
  writeFilters(filters, false);
  table.reload();
}
