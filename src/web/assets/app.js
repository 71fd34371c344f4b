// Boots every page: reads the session, draws the menu and the user box, then hands the
// content area to the page's own module (data-page on <body>).
import { api, h, clear, setCsrf, notice, showError } from './ui.js';

async function session() {
  try {
    return await api('GET', '/api/v1/session');
  } catch {
    return null;
  }
}

function drawChrome(s) {
  const menu = document.getElementById('menu');
  const user = document.getElementById('user');
  if (!s || s.stage !== 'complete') { clear(menu); clear(user); return; }
  const here = location.pathname;
  clear(menu, (s.menu || []).map(m => h('a', {
    href: m.path, class: here === m.path || (m.path !== s.home && here.startsWith(m.path + '/')) ? 'active' : null,
    'aria-current': here === m.path ? 'page' : null,
  }, m.title)));
  const logout = h('button', { type: 'button', class: 'link', onclick: async () => {
    try { await api('DELETE', '/api/v1/session'); } finally { location.href = '/dang-nhap'; }
  } }, 'Đăng xuất');
  clear(user,
    h('a', { href: '/tai-khoan', class: 'user-name', title: 'Tài khoản của tôi' }, s.user.display_name || s.user.login),
    h('span', { class: 'user-role' }, s.user.role_label + (s.user.unit_name ? ' · ' + s.user.unit_name : '')),
    logout);
}

async function main() {
  const body = document.body;
  const content = document.getElementById('content');
  const s = await session();
  if (s) setCsrf(s.csrf);
  drawChrome(s);
  const error = body.dataset.error;
  if (error) {
    clear(content, notice('error', error),
      h('p', {}, h('a', { href: s && s.home ? s.home : '/dang-nhap' }, 'Về trang chính')));
    return;
  }
  const script = body.dataset.page;
  try {
    const mod = await import('/assets/' + script);
    clear(content);
    await mod.default({ session: s, content, title: document.getElementById('page-title') });
  } catch (e) {
    clear(content);
    showError(content, e);
  }
}

main();
