// Người dùng: who may sign in to dancu — list with role, unit, two-step verification and last
// login; add a user, give a new password (shown once), disable/enable, reset TOTP.
import { api, h, clear, card, dataTable, field, fmtDateTime, showError, showOk, notice, markFields, busy, ask } from './ui.js';
import { allOrgs, groupedSelect, clearMarks, KINDS } from './admin-common.js';

const ROLES = [['admin', 'Quản trị'], ['focal', 'Đầu mối đơn vị'], ['official', 'Cán bộ khai thác'], ['auditor', 'Giám sát']];

// A password shown once, with a button that copies it.
function passwordNotice(login, password, intro) {
  const copy = h('button', { type: 'button', class: 'btn small', onclick: async () => {
    try { await navigator.clipboard.writeText(password); copy.textContent = 'Đã chép'; } catch { copy.textContent = 'Hãy chép bằng tay'; }
  } }, 'Chép mật khẩu');
  return notice('ok', h('strong', {}, intro), h('p', {}, 'Mật khẩu của ', h('code', {}, login), ': ',
    h('code', { class: 'admin-password', id: 'admin-new-password' }, password), ' ', copy),
  h('p', { class: 'small' }, 'Mật khẩu chỉ hiện một lần. Hãy chuyển cho người dùng qua kênh an toàn; họ phải đổi mật khẩu ở lần đăng nhập đầu.'));
}

export default async function render({ session, content }) {
  const msg = h('div', { id: 'users-msg' });
  const listBox = h('div', { id: 'admin-users' });
  let orgs = [];
  try { orgs = await allOrgs(); } catch (e) { showError(msg, e); }

  async function loadList() {
    let data;
    try { data = await api('GET', '/api/v1/users'); } catch (e) { clear(listBox); showError(listBox, e); return; }
    const act = async (u, path, opts, after) => {
      const ok = await ask(opts);
      if (!ok) return;
      clear(addMsg);  // a password shown earlier may no longer be valid
      try {
        const r = await api('POST', `/api/v1/users/${encodeURIComponent(u.login)}/${path}`, {});
        await loadList();
        after(r);
      } catch (e) { showError(msg, e); }
    };
    const buttons = u => {
      const self = u.login === session.user.login;
      return h('span', { class: 'admin-row-actions' },
        h('button', { type: 'button', class: 'btn small', onclick: () => act(u, 'password', {
          title: 'Cấp lại mật khẩu?', message: `${u.login} (${u.display_name}) nhận mật khẩu mới do máy sinh; mọi phiên đăng nhập của người này kết thúc.`,
          okText: 'Cấp mật khẩu mới' }, r => clear(msg, passwordNotice(u.login, r.password, `Đã cấp mật khẩu mới cho ${u.login}.`))) }, 'Cấp lại mật khẩu'),
        u.disabled
          ? h('button', { type: 'button', class: 'btn small', onclick: () => act(u, 'enable', {
            title: 'Mở khóa người dùng?', message: `${u.login} (${u.display_name}) đăng nhập lại được.`, okText: 'Mở khóa' },
          () => showOk(msg, `Đã mở khóa ${u.login}.`)) }, 'Mở khóa')
          : h('button', { type: 'button', class: 'btn small admin-danger-text', disabled: self, title: self ? 'Không tự khóa tài khoản của mình' : null,
            onclick: () => act(u, 'disable', {
              title: 'Khóa người dùng?', message: `${u.login} (${u.display_name}) không đăng nhập được nữa; các phiên đang mở kết thúc ngay.`,
              okText: 'Khóa', danger: true }, () => showOk(msg, `Đã khóa ${u.login}.`)) }, 'Khóa'),
        u.totp_enrolled ? h('button', { type: 'button', class: 'btn small', onclick: () => act(u, 'reset-totp', {
          title: 'Xóa xác thực hai lớp?', message: `${u.login} phải quét mã QR lại ở lần đăng nhập sau (khi mất điện thoại). Các phiên đang mở kết thúc${self ? ' — kể cả phiên này của bạn' : ''}.`,
          okText: 'Xóa xác thực hai lớp', danger: true }, () => showOk(msg, `Đã xóa xác thực hai lớp của ${u.login}.`)) }, 'Xóa xác thực 2 lớp') : null);
    };
    clear(listBox, dataTable([
      { key: 'login', title: 'Tên đăng nhập', render: u => h('code', { class: 'admin-login' }, u.login) },
      { key: 'display_name', title: 'Họ tên' },
      { key: 'role_label', title: 'Vai trò' },
      { key: 'unit', title: 'Đơn vị / tài khoản', value: u => `${u.unit_name} ${u.account}`,
        render: u => [u.unit_name || (u.unit_code ? u.unit_code : '—'), u.account ? h('span', { class: 'cell-sub' }, 'tài khoản khai thác: ' + u.account) : null] },
      { key: 'totp', title: 'Xác thực hai lớp', value: u => (u.totp_enrolled ? 1 : 0),
        render: u => (u.totp_enrolled ? h('span', { class: 'badge badge-green' }, 'Đã bật')
          : h('span', { class: `badge badge-${u.totp_required ? 'amber' : 'grey'}` }, u.totp_required ? 'Chưa bật (bắt buộc)' : 'Chưa bật')) },
      { key: 'disabled', title: 'Trạng thái', value: u => (u.disabled ? 1 : 0),
        render: u => [u.disabled ? h('span', { class: 'badge badge-red' }, 'Đã khóa') : h('span', { class: 'badge badge-green' }, 'Đang dùng'),
          u.must_change_password ? h('span', { class: 'cell-sub' }, 'chờ đổi mật khẩu') : null] },
      { key: 'last_login_at', title: 'Đăng nhập gần nhất', render: u => fmtDateTime(u.last_login_at) || 'Chưa đăng nhập' },
      { key: 'actions', title: 'Thao tác', sort: false, render: buttons, value: () => '' },
    ], data.items, { pageSize: 20, placeholder: 'Tìm tên, tên đăng nhập, đơn vị…', empty: 'Chưa có người dùng nào.' }));
  }

  // The add form: the unit for a focal point, the account for an official.
  const addMsg = h('div', { id: 'user-add-msg' });
  const login = field({ label: 'Tên đăng nhập', name: 'login', required: true, hint: '4–60 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.' });
  const name = field({ label: 'Họ và tên', name: 'display_name', required: true });
  const role = field({ label: 'Vai trò', name: 'role', required: true, options: [['', '— Chọn vai trò —'], ...ROLES] });
  const groups = ['so', 'huyen', 'phong', 'xa'].map(k => [KINDS[k], orgs.filter(o => o.kind === k).map(o => [o.code, `${o.name} (${o.code})`])]);
  const unit = groupedSelect({ label: 'Đơn vị', name: 'unit_code', groups, required: true, hint: 'Đầu mối chỉ thấy và sửa phiếu của đơn vị này.' });
  const account = field({ label: 'Tài khoản khai thác', name: 'account', required: true,
    hint: 'Tên đăng nhập trên phiếu đăng ký của đơn vị (ví dụ sonngo1.thong); đơn vị và họ tên lấy theo phiếu.' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Thêm người dùng');
  const sync = () => {
    unit.classList.toggle('admin-hidden', role.input.value !== 'focal');
    account.classList.toggle('admin-hidden', role.input.value !== 'official');
    name.querySelector('.req').classList.toggle('admin-hidden', role.input.value === 'official');
  };
  role.input.addEventListener('change', sync);
  sync();
  const form = h('form', { novalidate: true, id: 'user-form', onsubmit: e => {
    e.preventDefault();
    clearMarks(form);
    const body = { login: login.input.value.trim(), display_name: name.input.value.trim(), role: role.input.value,
      unit_code: role.input.value === 'focal' ? unit.input.value : '', account: role.input.value === 'official' ? account.input.value.trim() : '' };
    busy(submit, addMsg, async () => {
      try {
        const r = await api('POST', '/api/v1/users', body);
        form.reset();
        sync();
        clear(addMsg, passwordNotice(r.user.login, r.password, `Đã thêm ${r.user.display_name} (${r.user.role_label}).`));
        await loadList();
      } catch (err) { markFields(form, err); throw err; }
    });
  } }, h('div', { class: 'form-grid' }, login, name, role, unit, account), addMsg, h('div', { class: 'actions' }, submit));

  clear(content, msg, card('Người dùng', listBox),
    card('Thêm người dùng', h('p', { class: 'muted small' }, 'Máy sinh mật khẩu ban đầu và chỉ hiện một lần. Quản trị và giám sát phải bật xác thực hai lớp ở lần đăng nhập đầu.'), form));
  await loadList();
}
