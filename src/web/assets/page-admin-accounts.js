// Tài khoản khai thác: every account row of a campaign with its status, daily quota and
// today's use; suspend, resume and revoke (with a reason); the official's CCCD (MaCanBo
// upstream) set or corrected without a new import; the export for C06.
import { api, h, clear, card, dataTable, badge, fmtNumber, showError, showOk, ask, download, field, setFieldError } from './ui.js';
import { campaignBar, param, setParams } from './admin-common.js';

const STATUSES = [['active', 'Đang hoạt động'], ['pending', 'Chờ kích hoạt'], ['suspended', 'Tạm dừng'], ['revoked', 'Đã thu hồi'], ['ended', 'Đã chuyển đơn vị']];
const LABELS = Object.fromEntries(STATUSES);

export default async function render({ content }) {
  const view = h('div', { id: 'admin-accounts' });
  const bar = await campaignBar({ onChange: () => load() });
  clear(content, bar.el, view);

  async function load() {
    const c = bar.campaign();
    if (!c) return;
    clear(view, h('p', { class: 'muted' }, 'Đang tải danh sách tài khoản…'));
    let data;
    try { data = await api('GET', `/api/v1/campaigns/${c.id}/accounts`); } catch (e) { clear(view); showError(view, e); return; }
    // Rows come as arrays under data.columns; names of agencies and units once.
    const rows = data.rows.map(values => {
      const r = Object.fromEntries(data.columns.map((c, i) => [c, values[i]]));
      r.agency_name = data.agencies[r.agency_code] || r.agency_code;
      r.unit_name = (data.units[r.unit_code] || {}).name || r.unit_code;
      r.status_label = LABELS[r.status] || r.status;
      return r;
    });
    const msg = h('div', { id: 'admin-accounts-msg' });
    const live = new Map();  // account id → its status and action cells on the page shown

    const units = [...new Map(rows.map(r => [r.unit_code, r.unit_name])).entries()];
    const status = h('select', { name: 'trang_thai', 'aria-label': 'Lọc theo trạng thái', onchange: () => { setParams({ tt: status.value }); draw(); } },
      h('option', { value: '' }, 'Mọi trạng thái'),
      STATUSES.map(([v, t]) => h('option', { value: v, selected: param('tt') === v }, `${t} (${fmtNumber(rows.filter(r => r.status === v).length)})`)));
    const unit = h('select', { name: 'don_vi', 'aria-label': 'Lọc theo đơn vị có phiếu', class: 'admin-unit-filter', onchange: () => { setParams({ dv: unit.value }); draw(); } },
      h('option', { value: '' }, `Mọi đơn vị (${units.length})`),
      units.map(([code, name]) => h('option', { value: code, selected: param('dv') === code }, name)));

    const statusCell = r => {
      const node = h('span', {}, badge(r.status, r.status_label), r.status_reason ? h('span', { class: 'cell-sub', title: r.status_reason }, r.status_reason) : null);
      (live.get(r.id) || live.set(r.id, {}).get(r.id)).status = node;
      return node;
    };
    const loginCell = r => {
      const node = h('span', {}, h('code', { class: 'admin-login' }, r.login),
        h('span', { class: 'cell-sub admin-cccd' }, r.official_id ? `CCCD ${r.official_id}` : 'chưa có số CCCD'));
      (live.get(r.id) || live.set(r.id, {}).get(r.id)).login = node;
      return node;
    };
    const actionCell = r => {
      const node = h('span', { class: 'admin-row-actions' }, actionButtons(r));
      (live.get(r.id) || live.set(r.id, {}).get(r.id)).actions = node;
      return node;
    };
    function refresh(r) {
      const cells = live.get(r.id);
      if (!cells) return;
      if (cells.status && cells.status.isConnected) cells.status.replaceWith(statusCell(r));
      if (cells.actions && cells.actions.isConnected) cells.actions.replaceWith(actionCell(r));
      if (cells.login && cells.login.isConnected) cells.login.replaceWith(loginCell(r));
    }
    // The official's CCCD: checked as typed by the server's validator, saved for every live
    // row of the login, with a history row.
    function editCccd(r) {
      const f = field({ label: 'Số CCCD/định danh của cán bộ', name: 'official_id', value: r.official_id || '',
        inputmode: 'numeric', validate: 'cccd', hint: '12 chữ số; để trống rồi lưu để xóa số đã ghi.' });
      const dlg = h('dialog', { class: 'dialog admin-cccd-dialog' });
      const done = () => { dlg.close(); dlg.remove(); };
      const form = h('form', { method: 'dialog', onsubmit: async e => {
        e.preventDefault();
        try {
          const out = await api('POST', `/api/v1/accounts/${r.id}/official-id`, { official_id: f.input.value.trim() });
          for (const x of rows) if (x.login === out.login) { x.official_id = out.official_id; refresh(x); }
          done();
          showOk(msg, out.official_id ? `Đã ghi số CCCD ${out.official_id} cho ${out.login}.` : `Đã xóa số CCCD của ${out.login}.`);
        } catch (err) {
          const d = (err.details || [])[0];
          setFieldError(f.input, f.msg, d ? d.message : err.message);
        }
      } },
      h('h2', {}, 'Số CCCD của cán bộ'), h('p', {}, `${r.login} — ${r.full_name}`), f,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: done }, 'Hủy'),
        h('button', { type: 'submit', class: 'btn primary' }, 'Lưu')));
      dlg.append(form);
      dlg.addEventListener('cancel', done);
      document.body.append(dlg);
      dlg.showModal();
      f.input.focus();
    }
    async function change(r, action, opts) {
      const answer = await ask(opts);
      if (!answer) return;
      try {
        const a = await api('POST', `/api/v1/accounts/${r.id}/${action}`, answer.reason ? { reason: answer.reason } : {});
        Object.assign(r, { status: a.status, status_label: a.status_label, status_reason: a.status_reason });
        refresh(r);
        drawStats();
        showOk(msg, `${opts.done} ${r.login} (${r.full_name}).`);
      } catch (e) { showError(msg, e); }
    }
    function actionButtons(r) {
      const out = [];
      if (r.status === 'active') {
        out.push(h('button', { type: 'button', class: 'btn small', onclick: () => change(r, 'suspend', {
          title: 'Tạm dừng tài khoản', message: `${r.login} — ${r.full_name} (${r.agency_name}) sẽ không tra cứu được cho đến khi mở lại.`,
          reasonLabel: 'Lý do tạm dừng', okText: 'Tạm dừng', done: 'Đã tạm dừng' }) }, 'Tạm dừng'));
      }
      if (r.status === 'suspended') {
        out.push(h('button', { type: 'button', class: 'btn small', onclick: () => change(r, 'resume', {
          title: 'Mở lại tài khoản?', message: `${r.login} — ${r.full_name} được tra cứu lại (cần bản cam kết còn hiệu lực của đơn vị).`,
          okText: 'Mở lại', done: 'Đã mở lại' }) }, 'Mở lại'));
      }
      if (r.status === 'active' || r.status === 'pending' || r.status === 'suspended') {
        out.push(h('button', { type: 'button', class: 'btn small admin-cccd-edit', title: 'Ghi hoặc sửa số CCCD của cán bộ',
          onclick: () => editCccd(r) }, 'Số CCCD'));
      }
      if (r.status !== 'revoked' && r.status !== 'ended') {
        out.push(h('button', { type: 'button', class: 'btn small admin-danger-text', onclick: () => change(r, 'revoke', {
          title: 'Thu hồi tài khoản', message: `Thu hồi là vĩnh viễn: ${r.login} — ${r.full_name} không bao giờ tra cứu được nữa trong đợt này.`,
          reasonLabel: 'Lý do thu hồi', okText: 'Thu hồi', danger: true, done: 'Đã thu hồi' }) }, 'Thu hồi'));
      }
      return out;
    }

    const purposeText = r => r.purposes.map(p => `${p}: ${data.purposes[p] || ''}`).join('\n');
    const columns = [
      { key: 'login', title: 'Tài khoản', render: loginCell, value: r => `${r.login} ${r.official_id || ''}` },
      { key: 'full_name', title: 'Họ tên', render: r => [r.full_name, h('span', { class: 'cell-sub' }, r.phone)], value: r => `${r.full_name}` },
      { key: 'agency_name', title: 'Đơn vị', render: r => [r.agency_name, r.unit_code !== r.agency_code ? h('span', { class: 'cell-sub' }, 'phiếu của ' + r.unit_name) : null],
        value: r => `${r.agency_name} ${r.unit_name}` },
      { key: 'role', title: 'Vai trò' },
      { key: 'purposes', title: 'Mục đích', render: r => h('span', { title: purposeText(r) }, r.purposes.join(', ')), value: r => r.purposes.join(', ') },
      { key: 'status', title: 'Trạng thái', render: statusCell, value: r => r.status_label },
      { key: 'daily_quota', title: 'Hạn mức/ngày', class: 'num', render: r => fmtNumber(r.daily_quota) },
      { key: 'used_today', title: 'Hôm nay', class: 'num', render: r => (r.used_today === null ? '—'
        : h('span', { class: r.used_today >= r.daily_quota ? 'admin-quota-full' : null }, fmtNumber(r.used_today))), value: r => r.used_today ?? -1 },
      { key: 'actions', title: 'Thao tác', sort: false, render: actionCell, value: () => '' },
    ];
    const holder = h('div');
    function draw() {
      const shown = rows.filter(r => (!status.value || r.status === status.value) && (!unit.value || r.unit_code === unit.value));
      live.clear();
      clear(holder, dataTable(columns, shown, { pageSize: 25, toolbar: [status, unit],
        placeholder: 'Tìm tên, tài khoản, đơn vị (gõ không dấu cũng được)…', empty: 'Đợt này chưa có tài khoản nào.' }));
    }
    draw();
    const count = s => rows.filter(r => r.status === s).length;
    const used = rows.reduce((t, r) => t + (r.used_today || 0), 0);
    const stats = h('div', { class: 'stats' });
    const stat = (value, label, cls = '') => h('div', { class: `stat ${cls}` }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
    function drawStats() {
      clear(stats,
        stat(fmtNumber(rows.length), 'tài khoản trên các phiếu'),
        stat(fmtNumber(count('active')), 'đang hoạt động', 'ok'),
        stat(fmtNumber(count('pending')), 'chờ kích hoạt'),
        stat(fmtNumber(count('suspended') + count('revoked')), 'tạm dừng hoặc đã thu hồi', 'warn'),
        stat(data.usage_known ? fmtNumber(used) : '—', data.usage_known ? 'lượt tra cứu hôm nay' : 'lượt tra cứu hôm nay (cổng chưa bật)'));
    }
    drawStats();
    clear(view,
      stats,
      card('Danh sách tài khoản', msg, holder),
      card('Xuất danh sách gửi C06',
        h('p', { class: 'muted' }, 'Tài khoản của các phiếu đã duyệt trở đi (trừ tài khoản đã thu hồi), theo thứ tự cột của Phiếu đăng ký. Mỗi lần xuất được ghi vào lịch sử.'),
        h('div', { class: 'actions' },
          download(`/api/v1/campaigns/${c.id}/accounts.xlsx`, 'Tải danh sách (Excel .xlsx)'),
          download(`/api/v1/campaigns/${c.id}/accounts.csv`, 'Tải danh sách (CSV)'))));
  }
  await load();
}
