// Duyệt phiếu: the forms of a campaign, those waiting for review first; one form opened with
// its header, account rows, commitment and history, and the step its status allows
// (approve, return with a reason, send to C06, activate).
import {
  api, h, clear, card, dataTable, badge, fmtDate, fmtDateTime, fmtNumber, showError, showOk, notice, ask, busy, download,
} from './ui.js';
import { campaignBar, param, setParams } from './admin-common.js';

// The order of the queue: what needs the admin first.
const PRIORITY = { submitted: 0, approved: 1, sent_c06: 2, returned: 3, draft: 4, active: 5 };
const FORM_LABELS = {
  draft: 'Nháp', submitted: 'Đã nộp, chờ duyệt', returned: 'Bị trả lại', approved: 'Đã duyệt, chờ gửi C06',
  sent_c06: 'Đã gửi C06, chờ kích hoạt', active: 'Đang hoạt động',
};
const ACTIONS = {
  import: 'Nhập danh sách', submit: 'Nộp phiếu', approve: 'Duyệt', return: 'Trả lại', send: 'Gửi C06',
  activate: 'Kích hoạt', suspend: 'Tạm dừng tài khoản', resume: 'Mở lại tài khoản', revoke: 'Thu hồi tài khoản',
};
const STATE_NOTE = {
  draft: 'Phiếu đang là nháp: đơn vị chưa nộp, chưa có gì để duyệt.',
  returned: 'Phiếu đã được trả lại; chờ đơn vị sửa và nộp lại.',
  active: 'Phiếu đã kích hoạt. Tạm dừng hay thu hồi từng tài khoản ở trang “Tài khoản khai thác”.',
};

function formBadge(status) { return badge(status, FORM_LABELS[status]); }

function actor(a) { return String(a || '').replace(/^web:/, '').replace(/^cli:.*/, 'dòng lệnh'); }

export default async function render({ content }) {
  const view = h('div', { id: 'admin-review' });
  const bar = await campaignBar({ onChange: () => { setParams({ phieu: '' }); show(); } });
  clear(content, bar.el, view);
  window.addEventListener('popstate', () => show());

  function show() {
    const unit = param('phieu');
    return unit ? openForm(unit) : list();
  }

  async function list() {
    const c = bar.campaign();
    if (!c) return;
    clear(view, h('p', { class: 'muted' }, 'Đang tải danh sách phiếu…'));
    let queue;
    try { queue = await api('GET', `/api/v1/campaigns/${c.id}/review-queue`); } catch (e) { clear(view); showError(view, e); return; }
    const rows = queue.items.slice().sort((a, b) => (PRIORITY[a.status] ?? 9) - (PRIORITY[b.status] ?? 9) ||
      String(a.submitted_at).localeCompare(String(b.submitted_at)));
    const count = s => rows.filter(r => r.status === s).length;
    const filter = h('select', { 'aria-label': 'Lọc theo trạng thái', onchange: () => { setParams({ loc: filter.value }); draw(); } },
      h('option', { value: '' }, `Mọi trạng thái (${rows.length})`),
      Object.keys(PRIORITY).map(s => h('option', { value: s, selected: param('loc') === s }, `${FORM_LABELS[s]} (${count(s)})`)));
    const holder = h('div');
    const open = r => { setParams({ phieu: r.unit_code }, true); openForm(r.unit_code); };
    const columns = [
      { key: 'unit_name', title: 'Đơn vị', render: r => [h('a', { href: `?dot=${c.id}&phieu=${encodeURIComponent(r.unit_code)}`,
        onclick: e => { e.preventDefault(); open(r); } }, r.unit_name), h('span', { class: 'cell-sub' }, r.unit_code)],
      value: r => `${r.unit_name} ${r.unit_code}` },
      { key: 'status', title: 'Trạng thái', render: r => formBadge(r.status), value: r => PRIORITY[r.status] ?? 9 },
      { key: 'submitted_at', title: 'Ngày nộp', render: r => fmtDate(r.submitted_at) || '—' },
      { key: 'accounts', title: 'Số tài khoản', class: 'num', render: r => fmtNumber(r.accounts) },
      { key: 'updated_at', title: 'Cập nhật', render: r => fmtDateTime(r.updated_at) },
      { key: 'open', title: '', sort: false, render: r => h('button', { type: 'button', class: 'btn small', onclick: () => open(r) },
        r.status === 'submitted' ? 'Xem và duyệt' : 'Xem phiếu') },
    ];
    function draw() {
      const shown = filter.value ? rows.filter(r => r.status === filter.value) : rows;
      clear(holder, dataTable(columns, shown, { pageSize: 20, toolbar: filter, placeholder: 'Tìm đơn vị hoặc mã (gõ không dấu cũng được)…',
        empty: 'Không có phiếu nào ở trạng thái này.', rowClass: r => (r.status === 'submitted' ? 'admin-waiting-row' : null) }));
    }
    draw();
    const waiting = count('submitted');
    clear(view,
      waiting ? notice('info', `${waiting} phiếu đang chờ duyệt, xếp lên đầu danh sách (nộp sớm trước).`)
        : notice('ok', 'Không có phiếu nào đang chờ duyệt.'),
      card(`Phiếu đăng ký của đợt (${rows.length})`, holder));
  }

  async function openForm(unit) {
    const c = bar.campaign();
    if (!c) return;
    const base = `/api/v1/campaigns/${c.id}/registrations/${encodeURIComponent(unit)}`;
    clear(view, h('p', { class: 'muted' }, 'Đang tải phiếu…'));
    let form, history, commitments;
    try {
      [form, history, commitments] = await Promise.all([
        api('GET', base), api('GET', `${base}/history`),
        api('GET', `/api/v1/orgs/${encodeURIComponent(unit)}/commitments`).catch(() => ({ items: [] })),
      ]);
    } catch (e) {
      clear(view, backLink()); showError(view.appendChild(h('div')), e); return;
    }
    const msg = h('div', { id: 'admin-form-msg' });
    const valid = commitments.items.find(x => x.valid_today);
    const commitment = valid
      ? [h('span', { class: 'badge badge-green' }, 'Còn hiệu lực'), ` ký ngày ${fmtDate(valid.sign_date)}`,
        valid.valid_to ? `, đến ${fmtDate(valid.valid_to)}` : ', không thời hạn', ' · ',
        valid.scan_sha256 ? h('a', { href: `/api/v1/commitments/${valid.id}/scan.pdf`, download: '' }, 'bản ký (PDF)') : 'chưa có bản scan']
      : [h('span', { class: 'badge badge-red' }, 'Chưa có bản còn hiệu lực'), ' — cần có (đã ký, có bản scan) trước khi kích hoạt tài khoản'];
    const ct = form.contact || {};
    const facts = h('dl', { class: 'facts' },
      h('dt', {}, 'Đơn vị'), h('dd', {}, `${form.unit_name} (${form.unit_code})`),
      h('dt', {}, 'Trạng thái'), h('dd', { id: 'admin-form-status' }, formBadge(form.status)),
      form.return_reason ? [h('dt', {}, 'Lý do trả lại'), h('dd', { id: 'admin-return-reason', class: 'admin-reason' }, form.return_reason)] : null,
      h('dt', {}, 'Hệ thống sử dụng'), h('dd', {}, (form.systems || []).join('; ') || '—'),
      h('dt', {}, 'Người liên hệ'), h('dd', {}, [ct.name, ct.position, ct.phone, ct.email].filter(Boolean).join(' · ') || '—'),
      h('dt', {}, 'Tệp đã nộp'), h('dd', {}, form.source_file || '—'),
      h('dt', {}, 'Cập nhật'), h('dd', {}, fmtDateTime(form.updated_at)),
      h('dt', {}, 'Bản cam kết'), h('dd', {}, commitment));

    const step = async (button, action, options) => {
      const answer = await ask(options);
      if (!answer) return;
      await busy(button, msg, async () => {
        await api('POST', `${base}/${action}`, answer.reason ? { reason: answer.reason } : {});
        await openForm(unit);
        showOk(document.getElementById('admin-form-msg'), options.done);
      });
    };
    const actions = [];
    const who = form.unit_name;
    if (form.status === 'submitted') {
      const b = h('button', { type: 'button', class: 'btn primary', onclick: () => step(b, 'approve', {
        title: 'Duyệt phiếu?', message: `Duyệt phiếu của ${who} với ${form.accounts.length} tài khoản. Sau khi duyệt có thể gửi C06.`,
        okText: 'Duyệt phiếu', done: `Đã duyệt phiếu của ${who}.` }) }, 'Duyệt phiếu');
      actions.push(b);
    }
    if (form.status === 'approved') {
      const b = h('button', { type: 'button', class: 'btn primary', onclick: () => step(b, 'send', {
        title: 'Ghi nhận đã gửi C06?', message: `Ghi nhận danh sách tài khoản của ${who} đã gửi Cục C06 để cấp quyền.`,
        okText: 'Ghi nhận đã gửi C06', done: `Đã ghi nhận gửi C06 phiếu của ${who}.` }) }, 'Ghi nhận đã gửi C06');
      actions.push(b);
    }
    if (form.status === 'sent_c06') {
      const b = h('button', { type: 'button', class: 'btn primary', onclick: () => step(b, 'activate', {
        title: 'Kích hoạt tài khoản?', message: `Mọi tài khoản chờ kích hoạt của ${who} sẽ được tra cứu qua cổng. Cần Bản cam kết còn hiệu lực.`,
        okText: 'Kích hoạt tài khoản', done: `Đã kích hoạt các tài khoản của ${who}.` }) }, 'Kích hoạt tài khoản');
      actions.push(b);
    }
    if (form.status === 'submitted' || form.status === 'approved') {
      const b = h('button', { type: 'button', class: 'btn danger', onclick: () => step(b, 'return', {
        title: 'Trả lại phiếu', message: `Phiếu của ${who} về lại đơn vị để sửa; đơn vị thấy lý do bạn ghi.`,
        reasonLabel: 'Lý do trả lại (đơn vị sẽ thấy)', okText: 'Trả lại phiếu', danger: true,
        done: `Đã trả lại phiếu của ${who}.` }) }, 'Trả lại phiếu…');
      actions.push(b);
    }
    const downloads = [download(`${base}/form.docx`, 'Tải phiếu (DOCX)'), download(`${base}/form.xlsx`, 'Tải phiếu (Excel)')];

    const purposes = a => (a.purposes || []).map(p => h('span', { class: 'admin-purpose', title: p.text }, p.code));
    const accounts = dataTable([
      { key: 'row', title: 'TT', class: 'num' },
      { key: 'full_name', title: 'Họ tên' },
      { key: 'login', title: 'Tài khoản', render: a => h('code', { class: 'admin-login' }, a.login) },
      { key: 'phone', title: 'SĐT' },
      { key: 'official_id', title: 'Số CCCD', render: a => a.official_id || '—' },
      { key: 'agency_name', title: 'Cơ quan', render: a => [a.agency_name, h('span', { class: 'cell-sub' }, a.agency_code)], value: a => `${a.agency_name} ${a.agency_code}` },
      { key: 'role', title: 'Vai trò' },
      { key: 'daily_quota', title: 'Truy vấn/ngày', class: 'num', render: a => `${a.dossiers_per_day} × ${a.queries_per_dossier} = ${fmtNumber(a.daily_quota)}` },
      { key: 'purposes', title: 'Mục đích', render: purposes, value: a => (a.purposes || []).map(p => `${p.code} ${p.text}`).join(' ') },
      { key: 'status', title: 'Trạng thái', render: a => badge(a.status, a.status_label) },
    ], form.accounts, { pageSize: 15, placeholder: 'Tìm tên, tài khoản, cơ quan…', empty: 'Phiếu chưa có tài khoản nào.' });

    const historyTable = dataTable([
      { key: 'at', title: 'Thời điểm', render: x => fmtDateTime(x.at) },
      { key: 'actor', title: 'Người thực hiện', render: x => actor(x.actor) },
      { key: 'action', title: 'Thao tác', render: x => ACTIONS[x.action] || x.action },
      { key: 'to_status', title: 'Trạng thái sau', render: x => (x.to_status ? formBadge(x.to_status) : '') },
      { key: 'reason', title: 'Lý do / ghi chú', class: 'admin-wrap', render: x => x.reason || x.detail || '' },
    ], history.items.slice().reverse(), { search: false, pageSize: 10, empty: 'Chưa có thay đổi nào.' });

    clear(view,
      backLink(),
      card(`Phiếu đăng ký — ${form.unit_name}`, facts, msg,
        h('div', { class: 'actions', id: 'admin-form-actions' }, actions.length ? actions : h('span', { class: 'muted' }, STATE_NOTE[form.status] || ''), h('span', { class: 'admin-spacer' }), downloads)),
      card(`Tài khoản trên phiếu (${form.accounts.length})`, accounts),
      card('Lịch sử phiếu', historyTable));
  }

  function backLink() {
    return h('p', {}, h('a', { href: location.pathname + `?dot=${bar.campaign() ? bar.campaign().id : ''}`, onclick: e => {
      e.preventDefault(); setParams({ phieu: '' }, true); list();
    } }, '← Danh sách phiếu'));
  }

  await show();
}
