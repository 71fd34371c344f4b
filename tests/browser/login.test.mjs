// Sign-in journeys: password, lockout, TOTP enrolment by QR code, TOTP code, logout (here and
// everywhere), and the security properties of the session (cookie flags, headers, CSRF).
import {
  assert, env, newContext, loginAs, loginScreen, ready, goto, screenshot, addUser, nextTotp, wrongTotp,
  rememberTotp, markMessagesOld, totpSecret, watch,
} from './harness.mjs';

const GENERIC = 'Tên đăng nhập hoặc mật khẩu không đúng.';

// Types a login and password and submits; returns the API answer and the message shown.
async function submitPassword(page, login, password) {
  await markMessagesOld(page);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(password);
  const [resp] = await Promise.all([
    page.waitForResponse(r => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Đăng nhập' }).click(),
  ]);
  const notice = page.locator('#content .notice.error:not([data-old])');
  await notice.waitFor();
  return { status: resp.status(), message: (await notice.innerText()).trim() };
}

async function sessionStatus(page) {
  return (await page.request.get('/api/v1/session')).status();
}

async function loginPage() {
  const page = await (await newContext()).newPage();
  const resp = await page.goto('/dang-nhap');
  await ready(page);
  return { page, resp };
}

// Users of this file only, so that failures and lockouts here touch no other test.
let usersMade = null;
async function users() {
  if (!usersMade) {
    usersMade = {
      wrong: await addUser('tn.saimatkhau', 'focal', { unit: '000.00.19.H33', name: 'Thử Sai Mật Khẩu' }),
      locked: await addUser('tn.khoatam', 'focal', { unit: '000.00.19.H33', name: 'Thử Khóa Tạm' }),
      admin: await addUser('tn.quantri', 'admin', { name: 'Thử Quản Trị' }),
      twice: await addUser('tn.haimay', 'focal', { unit: '000.00.19.H33', name: 'Thử Hai Máy' }),
      change: await addUser('tn.doimatkhau', 'focal', { unit: '000.00.19.H33', name: 'Thử Đổi Mật Khẩu' }),
    };
  }
  return usersMade;
}

export const tests = [
  {
    name: 'trang đăng nhập: nhãn, ảnh chụp, tiêu đề bảo mật',
    fn: async () => {
      const { page, resp } = await loginPage();
      const w = watch(page);
      assert.equal(resp.status(), 200);
      await assert.doesNotReject(page.getByLabel('Tên đăng nhập').waitFor());
      assert.equal(await page.getByLabel('Mật khẩu').getAttribute('type'), 'password');
      const h = resp.headers();
      const csp = h['content-security-policy'] || '';
      assert.ok(csp, 'thiếu content-security-policy');
      assert.ok(!csp.includes('unsafe-inline'), `CSP cho phép 'unsafe-inline': ${csp}`);
      assert.ok(!csp.includes('unsafe-eval'), `CSP cho phép 'unsafe-eval': ${csp}`);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.equal(h['x-content-type-options'], 'nosniff');
      assert.ok(h['referrer-policy'], 'thiếu referrer-policy');
      assert.ok(['DENY', 'SAMEORIGIN'].includes(h['x-frame-options']), `x-frame-options: ${h['x-frame-options']}`);
      // The JSON API answers carry them too.
      const api = await page.request.get('/api/v1/session');
      assert.equal(api.headers()['x-content-type-options'], 'nosniff');
      assert.deepEqual(w.problems(), []);
      await screenshot(page, 'dang-nhap');
    },
  },
  {
    name: 'sai mật khẩu: thông báo tiếng Việt, không có phiên; tên không tồn tại: cùng thông báo',
    fn: async () => {
      const { wrong } = await users();
      const { page } = await loginPage();
      const r = await submitPassword(page, wrong.login, wrong.password + 'x');
      assert.equal(r.status, 401);
      assert.ok(r.message.includes(GENERIC), r.message);
      assert.equal(await page.getByLabel('Mật khẩu').inputValue(), '', 'mật khẩu sai vẫn còn trong ô nhập');
      assert.equal(new URL(page.url()).pathname, '/dang-nhap');
      const cookies = await page.context().cookies();
      assert.ok(!cookies.some(c => c.name === 'dancu_session' && c.value), 'có cookie phiên sau khi sai mật khẩu');
      assert.equal(await sessionStatus(page), 401);
      const unknown = await submitPassword(page, 'khong.co.ai', 'Mat-khau-bat-ky-123');
      assert.equal(unknown.status, 401);
      assert.equal(unknown.message, r.message, 'tên đăng nhập không tồn tại được báo khác (lộ tên đăng nhập)');
      // The right password still works (one failure does not lock).
      await loginAs(page, wrong.login);
      assert.notEqual(new URL(page.url()).pathname, '/dang-nhap');
    },
  },
  {
    name: 'tạm khóa sau 5 lần sai: báo giờ thử lại, mật khẩu đúng vẫn bị từ chối khi đang khóa',
    fn: async () => {
      const { locked } = await users();
      const { page } = await loginPage();
      for (let i = 1; i <= 4; i++) {
        const r = await submitPassword(page, locked.login, `sai-lan-${i}-abc`);
        assert.equal(r.status, 401, `lần sai ${i}`);
        assert.ok(r.message.includes(GENERIC), `lần sai ${i}: ${r.message}`);
      }
      const fifth = await submitPassword(page, locked.login, 'sai-lan-5-abc');
      assert.equal(fifth.status, 401);
      assert.match(fifth.message, /tạm khóa/, fifth.message);
      const at = /thử lại sau (\d{1,2}):(\d{2})/.exec(fifth.message);
      assert.ok(at, `thông báo không nói giờ thử lại: ${fifth.message}`);
      // The first lock lasts a minute: the time shown (Vietnam time) is 0–2 minutes from now.
      const vn = new Date(Date.now() + 7 * 3600e3);
      const nowMin = vn.getUTCHours() * 60 + vn.getUTCMinutes();
      const ahead = ((Number(at[1]) * 60 + Number(at[2]) - nowMin) % 1440 + 1440) % 1440;
      assert.ok(ahead <= 2, `giờ thử lại ${at[1]}:${at[2]} không khớp khóa 1 phút (bây giờ ${vn.toISOString().slice(11, 16)} giờ Việt Nam)`);
      const right = await submitPassword(page, locked.login, locked.password);
      assert.equal(right.status, 401, 'mật khẩu đúng được nhận khi tài khoản đang khóa');
      assert.match(right.message, /tạm khóa/, right.message);
      assert.equal(await sessionStatus(page), 401);
      await screenshot(page, 'dang-nhap-tam-khoa');
    },
  },
  {
    name: 'quản trị đăng nhập lần đầu: mã QR và khóa hiện ra, xác nhận mã, vào trang chính; đăng xuất',
    fn: async () => {
      const { admin } = await users();
      const { page } = await loginPage();
      const w = watch(page);
      await page.getByLabel('Tên đăng nhập').fill(admin.login);
      await page.getByLabel('Mật khẩu').fill(admin.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      assert.equal(await loginScreen(page), 'enrol');
      const qr = page.locator('.qr img');
      assert.ok(await qr.isVisible(), 'không thấy mã QR');
      // Checked again at the end, so that the rest of the journey is tested even when it fails.
      const qrDrawn = await qr.evaluate(img => img.decode().then(() => img.naturalWidth > 0, () => false));
      const secret = (await page.locator('#totp-secret').innerText()).trim();
      assert.match(secret, /^[A-Z2-7]{16,}=*$/, `khóa TOTP: ${secret}`);
      await screenshot(page, 'dang-nhap-dang-ky-totp');
      // The harness remembers the secret for later sign-ins.
      rememberTotp(admin.login, secret, 0);
      // A wrong code is refused and the enrolment screen stays.
      await page.getByLabel('Mã 6 số ứng dụng hiển thị').fill(wrongTotp(admin.login));
      const [bad] = await Promise.all([
        page.waitForResponse(r => r.url().endsWith('/enrolment/confirm')),
        page.getByRole('button', { name: 'Xác nhận và vào hệ thống' }).click(),
      ]);
      assert.ok([400, 401].includes(bad.status()), `mã sai khi đăng ký: ${bad.status()}`);
      assert.match(await loginScreen(page, []), /Mã xác thực không đúng/);
      assert.ok(await page.locator('#totp-secret').isVisible(), 'màn hình đăng ký mất sau mã sai');
      // The right code.
      await page.getByLabel('Mã 6 số ứng dụng hiển thị').fill(await nextTotp(admin.login));
      await markMessagesOld(page);
      await page.getByRole('button', { name: 'Xác nhận và vào hệ thống' }).click();
      assert.equal(await loginScreen(page, ['home']), 'home');
      await ready(page);
      const who = await (await page.request.get('/api/v1/session')).json();
      assert.equal(who.stage, 'complete');
      assert.equal(who.user.role, 'admin');
      assert.equal(who.user.totp_enrolled, true);
      assert.equal(new URL(page.url()).pathname, who.home);
      await assert.doesNotReject(page.locator('#user').getByText(admin.display_name).waitFor());
      await screenshot(page, 'quan-tri-trang-chinh-sau-dang-ky');
      // Logout from the user box.
      await page.locator('#user').getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL(u => u.pathname === '/dang-nhap');
      await ready(page);
      assert.equal(await sessionStatus(page), 401, 'phiên còn sống sau khi đăng xuất');
      assert.ok(!(await page.context().cookies()).some(c => c.name === 'dancu_session' && c.value),
        'cookie phiên còn sau khi đăng xuất');
      assert.deepEqual(w.problems(), []);
      assert.ok(qrDrawn, 'ảnh mã QR không vẽ được (trình duyệt không giải mã được ảnh SVG trong data: URL; '
        + 'xem ảnh chụp dang-nhap-dang-ky-totp.png)');
    },
  },
  {
    name: 'đăng nhập lại: hỏi mã TOTP, phiên dở dang chưa dùng được; mã sai bị từ chối; mã đúng vào được',
    fn: async () => {
      const { admin } = await users();
      if (!totpSecret(admin.login)) {  // the previous test did not run: enrol first
        const first = await loginAs(await newContext(), admin.login);
        await first.context().close();
      }
      const { page } = await loginPage();

      await page.getByLabel('Tên đăng nhập').fill(admin.login);
      await page.getByLabel('Mật khẩu').fill(admin.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      assert.equal(await loginScreen(page), 'totp');
      // Half signed in: the session is not usable yet.
      const half = await (await page.request.get('/api/v1/session')).json();
      assert.equal(half.stage, 'need_totp');
      assert.equal((await page.request.get('/api/v1/campaigns')).status(), 401);
      assert.equal((await page.request.get(half.home || '/tai-khoan', { maxRedirects: 0 })).status(), 302);
      await screenshot(page, 'dang-nhap-ma-totp');

      const code = page.getByLabel('Mã 6 số trong ứng dụng xác thực');
      await code.fill(wrongTotp(admin.login));
      const [bad] = await Promise.all([
        page.waitForResponse(r => r.url().endsWith('/api/v1/session/totp')),
        page.getByRole('button', { name: 'Xác nhận' }).click(),
      ]);
      assert.equal(bad.status(), 401);
      const msg = await loginScreen(page, []);
      assert.match(msg, /Mã xác thực không đúng/, msg);
      assert.equal(new URL(page.url()).pathname, '/dang-nhap');

      await code.fill(await nextTotp(admin.login));
      await markMessagesOld(page);
      await page.getByRole('button', { name: 'Xác nhận' }).click();
      assert.equal(await loginScreen(page, ['home']), 'home');
      await ready(page);
      const who = await (await page.request.get('/api/v1/session')).json();
      assert.equal(who.stage, 'complete');
      assert.equal(new URL(page.url()).pathname, who.home);
    },
  },
  {
    name: 'cookie phiên HttpOnly và SameSite=Strict; trang cần đăng nhập quay lại đúng trang sau khi đăng nhập',
    fn: async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      const resp = await page.goto('/tai-khoan');
      await ready(page);
      assert.equal(new URL(page.url()).pathname, '/dang-nhap', 'trang cần đăng nhập không chuyển tới /dang-nhap');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/tai-khoan');
      assert.ok(resp.request().redirectedFrom(), 'không có chuyển hướng 302');
      const focal = env().userOf('focal');
      await loginAs(page, focal.login);
      assert.equal(new URL(page.url()).pathname, '/tai-khoan', 'sau khi đăng nhập không quay lại trang đã mở');
      const cookie = (await ctx.cookies()).find(c => c.name === 'dancu_session');
      assert.ok(cookie && cookie.value, 'không có cookie dancu_session');
      assert.equal(cookie.httpOnly, true, 'cookie phiên không HttpOnly');
      assert.equal(cookie.sameSite, 'Strict', `cookie phiên SameSite=${cookie.sameSite}`);
      assert.equal(cookie.path, '/');
      assert.ok(cookie.expires === -1 || cookie.expires * 1000 > Date.now(), 'cookie đã hết hạn');
      assert.equal(await page.evaluate(() => document.cookie.includes('dancu_session')), false,
        'JavaScript đọc được cookie phiên');
    },
  },
  {
    name: 'POST không có X-CSRF-Token bị từ chối 403 dù cookie hợp lệ',
    fn: async () => {
      const focal = env().userOf('focal');
      const page = await loginAs(await newContext(), focal.login);
      const body = { old_password: 'khong-dung-123', new_password: 'a', new_password_again: 'b' };
      const none = await page.request.post('/api/v1/me/password', { data: body });
      assert.equal(none.status(), 403, `không có X-CSRF-Token: ${none.status()}`);
      assert.match((await none.json()).error.message, /CSRF/);
      const wrong = await page.request.post('/api/v1/me/password', { data: body, headers: { 'X-CSRF-Token': 'sai' } });
      assert.equal(wrong.status(), 403, `X-CSRF-Token sai: ${wrong.status()}`);
      const out = await page.request.post('/api/v1/session/logout-all');
      assert.equal(out.status(), 403, `đăng xuất mọi nơi không có X-CSRF-Token: ${out.status()}`);
      const del = await page.request.delete('/api/v1/session');
      assert.equal(del.status(), 403, `đăng xuất không có X-CSRF-Token: ${del.status()}`);
      // The session survived all of these, and with the token the request reaches the handler.
      const who = await page.request.get('/api/v1/session');
      assert.equal(who.status(), 200);
      const ok = await page.request.post('/api/v1/me/password', { data: body,
        headers: { 'X-CSRF-Token': (await who.json()).csrf } });
      assert.ok(![401, 403].includes(ok.status()), `với X-CSRF-Token đúng: ${ok.status()}`);
      // The login form's own double-submit token: a POST without it is refused too.
      const anon = await (await newContext()).request.post('/api/v1/session', { data: { login: focal.login, password: focal.password } });
      assert.equal(anon.status(), 403, `đăng nhập không có mã chống giả mạo: ${anon.status()}`);
    },
  },
  {
    name: '“Đăng xuất mọi nơi” kết thúc cả phiên ở trình duyệt khác',
    fn: async () => {
      const { twice } = await users();
      const a = await loginAs(await newContext(), twice.login);
      const b = await loginAs(await newContext(), twice.login);
      assert.equal(await sessionStatus(b), 200);
      await goto(a, '/tai-khoan');
      await a.getByRole('button', { name: 'Đăng xuất mọi nơi' }).click();
      const dialog = a.locator('dialog');
      await dialog.waitFor();
      await screenshot(a, 'tai-khoan-dang-xuat-moi-noi');
      await dialog.getByRole('button', { name: 'Đăng xuất mọi nơi' }).click();
      await a.waitForURL(u => u.pathname === '/dang-nhap');
      assert.equal(await sessionStatus(a), 401);
      assert.equal(await sessionStatus(b), 401, 'phiên ở trình duyệt thứ hai vẫn còn');
      await b.goto('/tai-khoan');
      await ready(b);
      assert.equal(new URL(b.url()).pathname, '/dang-nhap');
    },
  },
  {
    name: 'đổi mật khẩu: mật khẩu hiện tại sai báo ngay trên trang; đúng thì đổi được, mật khẩu mới đăng nhập được',
    fn: async () => {
      const { change } = await users();
      const page = await loginAs(await newContext(), change.login);
      await goto(page, '/tai-khoan');
      const w = watch(page);
      const fresh = 'Moi-mat-khau-2024x';
      const fill = async old => {
        await page.getByLabel('Mật khẩu hiện tại').fill(old);
        await page.getByLabel(/^Mật khẩu mới/).fill(fresh);
        await page.getByLabel('Nhập lại mật khẩu mới').fill(fresh);
        await markMessagesOld(page);
        await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
      };
      const moved = [];
      page.on('request', r => {
        if (r.isNavigationRequest() && r.frame() === page.mainFrame()) moved.push(decodeURIComponent(new URL(r.url()).pathname + new URL(r.url()).search));
      });
      await fill('khong-phai-mat-khau-1');
      const msg = await page.locator('#content .notice.error:not([data-old])').first().innerText({ timeout: 5000 })
        .catch(() => null);
      // Checked at the end: the rest of the journey still runs.
      const wrongOk = !moved.length && msg && /Mật khẩu hiện tại không đúng/.test(msg);
      const wrongWhy = moved.length
        ? `mật khẩu hiện tại sai: trang bị chuyển đi (${moved.join(' → ')}), điều đã gõ mất, không có thông báo`
        : `mật khẩu hiện tại sai: thông báo ${JSON.stringify(msg)}`;
      if (moved.length) await ready(page);
      await fill(change.password);
      await page.getByText('Đã đổi mật khẩu.').waitFor();
      await screenshot(page, 'tai-khoan-doi-mat-khau');
      change.password = fresh;
      const again = await loginAs(await newContext(), change.login);
      assert.notEqual(new URL(again.url()).pathname, '/dang-nhap');
      assert.ok(wrongOk, wrongWhy);
      assert.deepEqual(w.problems().filter(p => !p.includes('/api/v1/me/password → 401')), []);
    },
  },
  {
    name: 'sau khi đăng nhập không chuyển ra trang ngoài (?next=//… hay /\\…)',
    fn: async () => {
      const focal = env().userOf('focal');
      for (const next of ['//example.invalid/x', '/\\example.invalid/x', 'https://example.invalid/x']) {
        const ctx = await newContext();
        const offsite = [];
        await ctx.route(u => u.hostname !== '127.0.0.1', route => { offsite.push(route.request().url()); return route.abort(); });
        const page = await ctx.newPage();
        await page.goto('/dang-nhap?next=' + encodeURIComponent(next));
        await loginAs(page, focal.login).catch(() => {});
        await page.waitForLoadState('load').catch(() => {});
        assert.deepEqual(offsite, [], `?next=${next}: trình duyệt đi tới ${offsite.join(', ')}`);
        assert.equal(new URL(page.url()).hostname, '127.0.0.1', `?next=${next}: ở ${page.url()}`);
      }
    },
  },
  {
    name: 'hết hạn phiên khi không dùng',
    skip: 'không kiểm được nhanh trong trình duyệt; kiểm thử đơn vị src/auth/sessions_test.cc có phần này',
    fn: async () => {},
  },
];
