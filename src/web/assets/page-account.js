// The signed-in user's own account: details, password, two-step verification, sign out everywhere.
import { api, h, clear, field, card, showError, showOk, notice, fmtDateTime, markFields, busy, ask } from './ui.js';

export default function render({ session, content }) {
  const u = session.user;
  const info = card('Thông tin', h('dl', { class: 'facts' },
    h('dt', {}, 'Tên đăng nhập'), h('dd', {}, u.login),
    h('dt', {}, 'Họ và tên'), h('dd', {}, u.display_name),
    h('dt', {}, 'Vai trò'), h('dd', {}, u.role_label),
    u.unit_name ? [h('dt', {}, 'Đơn vị'), h('dd', {}, `${u.unit_name} (${u.unit_code})`)] : null,
    u.account ? [h('dt', {}, 'Tài khoản khai thác'), h('dd', {}, u.account)] : null,
    h('dt', {}, 'Xác thực hai lớp'), h('dd', {}, u.totp_enrolled ? 'Đã bật' : (u.totp_required ? 'Bắt buộc — chưa bật' : 'Chưa bật')),
    h('dt', {}, 'Đăng nhập gần nhất'), h('dd', {}, fmtDateTime(u.last_login_at) || '—')));

  const pwBox = h('div');
  const oldPw = field({ label: 'Mật khẩu hiện tại', name: 'old_password', type: 'password', required: true, autocomplete: 'current-password' });
  const newPw = field({ label: 'Mật khẩu mới', name: 'new_password', type: 'password', required: true, autocomplete: 'new-password',
    hint: 'Ít nhất 10 ký tự, gồm chữ và số; không trùng tên đăng nhập.' });
  const again = field({ label: 'Nhập lại mật khẩu mới', name: 'new_password_again', type: 'password', required: true, autocomplete: 'new-password' });
  const pwButton = h('button', { type: 'submit', class: 'btn primary' }, 'Đổi mật khẩu');
  const pwForm = h('form', { novalidate: true, onsubmit: e => {
    e.preventDefault();
    busy(pwButton, pwBox, async () => {
      await api('POST', '/api/v1/me/password', { old_password: oldPw.input.value, new_password: newPw.input.value,
        new_password_again: again.input.value });
      pwForm.reset();
      showOk(pwBox, 'Đã đổi mật khẩu.');
    }).catch(() => {});
  } }, oldPw, newPw, again, pwBox, pwButton);
  const pwCard = card('Đổi mật khẩu', u.must_change_password ? notice('warn', 'Mật khẩu của bạn do quản trị cấp; hãy đổi ngay.') : null, pwForm);

  const totpBox = h('div');
  const totpCard = card('Xác thực hai lớp (TOTP)', totpBox);
  // Re-enrolment needs a code of the current authenticator: a stolen session alone cannot move
  // the second factor to another phone (issue 10).
  const askCurrentCode = () => {
    const current = field({ label: 'Mã 6 số hiện tại trên ứng dụng xác thực', name: 'current_code', required: true, inputmode: 'numeric' });
    const err = h('div');
    clear(totpBox,
      h('p', {}, 'Để thiết lập lại, nhập mã đang hiện trên ứng dụng xác thực cũ. Mất điện thoại cũ? Nhờ quản trị xóa xác thực hai lớp của bạn.'),
      h('form', { novalidate: true, onsubmit: ev => {
        ev.preventDefault();
        startTotp(current.input.value.trim(), err);
      } }, current, err, h('button', { type: 'submit', class: 'btn primary' }, 'Tiếp tục')));
  };
  const startTotp = async (currentCode, errBox) => {
    try {
      const e = await api('POST', '/api/v1/session/enrolment', currentCode ? { current_code: currentCode } : {});
      const code = field({ label: 'Mã 6 số', name: 'code', required: true, inputmode: 'numeric' });
      const err = h('div');
      clear(totpBox,
        h('div', { class: 'qr' }, h('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(e.qr_svg), alt: 'Mã QR', width: 200, height: 200 })),
        h('p', { class: 'muted' }, 'Khóa: ', h('code', {}, e.secret)),
        h('form', { novalidate: true, onsubmit: async ev => {
          ev.preventDefault();
          try {
            await api('POST', '/api/v1/session/enrolment/confirm', { code: code.input.value.trim() });
            clear(totpBox, notice('ok', 'Đã bật xác thực hai lớp. Lần đăng nhập sau sẽ hỏi mã.'));
          } catch (x) { showError(err, x); markFields(ev.target, x); }
        } }, code, err, h('button', { type: 'submit', class: 'btn primary' }, 'Xác nhận')));
    } catch (x) { showError(errBox || totpBox, x); }
  };
  clear(totpBox, u.totp_enrolled
    ? h('p', {}, 'Đã bật. Đổi điện thoại? Thiết lập lại: ', h('button', { type: 'button', class: 'btn', onclick: askCurrentCode }, 'Thiết lập lại'))
    : h('p', {}, 'Bảo vệ tài khoản bằng mã 6 số trên điện thoại. ', h('button', { type: 'button', class: 'btn primary', onclick: () => startTotp() }, 'Bật xác thực hai lớp')));

  const outBox = h('div');
  const outCard = card('Phiên đăng nhập', h('p', {}, 'Quên đăng xuất trên máy khác? Kết thúc mọi phiên của bạn (cả phiên này).'),
    outBox, h('button', { type: 'button', class: 'btn danger', onclick: async () => {
      if (!await ask({ title: 'Đăng xuất mọi nơi?', message: 'Mọi phiên đăng nhập của bạn sẽ kết thúc.', okText: 'Đăng xuất mọi nơi', danger: true })) return;
      try { await api('POST', '/api/v1/session/logout-all'); location.href = '/dang-nhap'; } catch (x) { showError(outBox, x); }
    } }, 'Đăng xuất mọi nơi'));

  clear(content, h('div', { class: 'grid two' }, info, pwCard, totpCard, outCard));
}
