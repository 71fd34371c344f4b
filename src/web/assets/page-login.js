// Sign-in: password, then the TOTP code — or, for a role that requires it and has none yet,
// enrolment by QR code first.
import { api, h, clear, field, setCsrf, showError, notice, formValues } from './ui.js';

function preToken() {
  const m = /(?:^|;\s*)dancu_pre=([^;]+)/.exec(document.cookie);
  return m ? m[1] : '';
}

// Only a path of this site: "/\\evil" and "//evil" are other sites to a browser.
function nextUrl(home) {
  const next = new URLSearchParams(location.search).get('next');
  if (next && next.startsWith('/') && !next.includes('\\')) {
    const url = new URL(next, location.origin);
    if (url.origin === location.origin) return url.pathname + url.search;
  }
  return home || '/';
}

export default function render({ content, title }) {
  const errors = h('div');
  const login = field({ label: 'Tên đăng nhập', name: 'login', required: true, autocomplete: 'username' });
  const password = field({ label: 'Mật khẩu', name: 'password', type: 'password', required: true, autocomplete: 'current-password' });
  const submit = h('button', { type: 'submit', class: 'btn primary wide' }, 'Đăng nhập');
  const form = h('form', { class: 'login-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    const v = formValues(form);
    if (!v.login || !v.password) {
      showError(errors, { message: 'Hãy nhập tên đăng nhập và mật khẩu.' });
      return;
    }
    submit.disabled = true;
    try {
      setCsrf(preToken());
      const r = await api('POST', '/api/v1/session', { login: v.login, password: password.input.value });
      setCsrf(r.csrf);
      if (r.stage === 'complete') location.href = nextUrl(r.home);
      else if (r.stage === 'need_totp') totpStep();
      else enrolStep();
    } catch (err) {
      password.input.value = '';
      showError(errors, err);
      if (err.status === 403) setTimeout(() => location.reload(), 1500);
    } finally { submit.disabled = false; }
  } }, login, password, errors, submit);

  function box(...children) {
    return h('div', { class: 'login-box card' }, ...children);
  }

  function totpStep() {
    title.textContent = 'Xác thực hai lớp';
    const code = field({ label: 'Mã 6 số trong ứng dụng xác thực', name: 'code', required: true, inputmode: 'numeric', autocomplete: 'one-time-code' });
    const err = h('div');
    const f = h('form', { novalidate: true, onsubmit: async e => {
      e.preventDefault();
      try {
        const r = await api('POST', '/api/v1/session/totp', { code: code.input.value.trim() });
        location.href = nextUrl(r.home);
      } catch (x) { code.input.value = ''; showError(err, x); if (x.status === 401 && /đăng nhập/.test(x.message)) setTimeout(() => location.reload(), 2000); }
    } }, code, err, h('button', { type: 'submit', class: 'btn primary wide' }, 'Xác nhận'));
    clear(content, box(h('p', {}, 'Mở ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) và nhập mã đang hiển thị cho dancu.'), f));
    code.input.focus();
  }

  async function enrolStep() {
    title.textContent = 'Thiết lập xác thực hai lớp';
    const err = h('div');
    let e;
    try { e = await api('POST', '/api/v1/session/enrolment'); } catch (x) { clear(content, box(err)); showError(err, x); return; }
    const code = field({ label: 'Mã 6 số ứng dụng hiển thị', name: 'code', required: true, inputmode: 'numeric', autocomplete: 'one-time-code' });
    const f = h('form', { novalidate: true, onsubmit: async ev => {
      ev.preventDefault();
      try {
        const r = await api('POST', '/api/v1/session/enrolment/confirm', { code: code.input.value.trim() });
        location.href = nextUrl(r.home);
      } catch (x) { code.input.value = ''; showError(err, x); }
    } }, code, err, h('button', { type: 'submit', class: 'btn primary wide' }, 'Xác nhận và vào hệ thống'));
    clear(content, box(
      notice('info', 'Vai trò của bạn bắt buộc xác thực hai lớp. Làm một lần: quét mã QR bằng ứng dụng xác thực trên điện thoại, rồi nhập mã 6 số.'),
      h('div', { class: 'qr' }, h('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(e.qr_svg), alt: 'Mã QR để thêm dancu vào ứng dụng xác thực', width: 200, height: 200 })),
      h('p', { class: 'muted' }, 'Không quét được? Nhập khóa này vào ứng dụng: ', h('code', { id: 'totp-secret' }, e.secret)),
      f));
    code.input.focus();
  }

  clear(content, box(
    h('p', { class: 'muted' }, 'Dành cho cán bộ được giao quản trị, đầu mối đơn vị, cán bộ khai thác và giám sát.'),
    form,
    h('p', { class: 'muted small' }, 'Quên mật khẩu? Liên hệ quản trị Trung tâm Phục vụ hành chính công để được cấp lại. Nhập sai nhiều lần, tài khoản sẽ tạm khóa.')));
  login.input.focus();
}
