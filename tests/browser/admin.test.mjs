// The provincial admin's journeys (Quản trị): the dashboard of the seed campaign as of
// 23/8/2021, approving and returning forms (and activation refused without a commitment),
// suspending an account, the reminder letter's preview and DOCX, the catalogue searched
// without diacritics, a new campaign, a new user with a one-time password — and every admin
// page drawn without a JS, CSP or API error, each with its screenshot.
// Own environment: the journeys change forms, accounts, campaigns and users of the demo.
import fs from 'node:fs';
import { assert, env, apiAs, contextAs, goto, screenshot, watch, expectStatus } from './harness.mjs';

export const fresh = true;

const admin = () => env().userOf('admin').login;
const SUBMITTED = '000.00.02.H33';   // Sở Tài chính: submitted in campaign 1
const SUBMITTED2 = '000.00.38.H33';  // UBND huyện Gò Quao: submitted in campaign 1
const ACTIVE_ACCOUNT = 'diemphan2.thong';  // active account of Sở TT&TT (not the demo official's)

const PAGES = [
  ['/quan-tri', 'tong-quan'], ['/quan-tri/duyet', 'duyet-phieu'], ['/quan-tri/tai-khoan', 'tai-khoan'],
  ['/quan-tri/cong-van', 'cong-van'], ['/quan-tri/danh-muc', 'danh-muc'], ['/quan-tri/dot', 'dot'],
  ['/quan-tri/nguoi-dung', 'nguoi-dung'],
];

async function adminPage(path) {
  const page = await (await contextAs(admin())).newPage();
  const w = watch(page);
  await goto(page, path);
  return { page, w };
}

// Answers the page's confirmation dialog (typing a reason when it asks for one).
async function confirm(page, okText, reason = '') {
  const dlg = page.locator('dialog[open]');
  await dlg.waitFor();
  if (reason) await dlg.locator('textarea').fill(reason);
  await dlg.getByRole('button', { name: okText, exact: true }).click();
  await dlg.waitFor({ state: 'detached' });
}

const cellText = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();

export const tests = [
  {
    name: 'tổng quan: đợt 2 tính đến 23/08/2021 có đúng số liệu của Công văn 6359 (18/23 sở, 182 công chức; 8/15 huyện, 351 cán bộ)',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri?dot=2&ngay=2021-08-23');
      await page.locator('#admin-days').waitFor();
      assert.match(await cellText(page.locator('#admin-days')), /Quá hạn 24 ngày/);
      assert.equal(await cellText(page.locator('#admin-units .value')), '182');
      const rows = page.locator('table.admin-compact tbody tr');
      const so = (await rows.nth(0).locator('td').allTextContents()).map(s => s.trim());
      assert.deepEqual(so, ['Sở, ban, ngành', '23', '18', '0', '5', '182']);
      const huyen = (await rows.nth(1).locator('td').allTextContents()).map(s => s.trim());
      assert.deepEqual(huyen.slice(0, 4), ['UBND cấp huyện', '15', '4', '4']);
      assert.equal(huyen[5], '351');
      assert.ok(await page.locator('svg.chart').count() >= 3, 'thiếu biểu đồ theo cấp, theo huyện hoặc theo thời gian');
      assert.match(await page.locator('#admin-dashboard').textContent(), /Đơn vị quá hạn chưa đăng ký đủ/);
      // The date stays in the address: reloading shows the same day.
      assert.match(page.url(), /ngay=2021-08-23/);
      await screenshot(page, 'quan-tri/tong-quan-dot-2-ngay-23-08-2021');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'duyệt phiếu: duyệt phiếu đã nộp, kích hoạt bị từ chối khi chưa có bản cam kết, trả lại phiếu khác với lý do',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/duyet?dot=1');
      // Submitted forms come first.
      assert.match(await cellText(page.locator('table.data tbody tr').first()), /Đã nộp, chờ duyệt/);
      await page.locator('tr', { hasText: SUBMITTED }).getByRole('button', { name: 'Xem và duyệt' }).click();
      await page.locator('#admin-form-actions').waitFor();
      await page.getByRole('button', { name: 'Duyệt phiếu', exact: true }).click();
      await confirm(page, 'Duyệt phiếu');
      await page.locator('#admin-form-msg .notice.ok').waitFor();
      assert.match(await cellText(page.locator('#admin-form-status')), /Đã duyệt/);
      await page.getByRole('button', { name: 'Ghi nhận đã gửi C06' }).click();
      await confirm(page, 'Ghi nhận đã gửi C06');
      await page.locator('#admin-form-msg .notice.ok').waitFor();
      await page.getByRole('button', { name: 'Kích hoạt tài khoản' }).click();
      await confirm(page, 'Kích hoạt tài khoản');
      await page.locator('#admin-form-msg .notice.error').waitFor();
      assert.match(await cellText(page.locator('#admin-form-msg')), /Bản cam kết/);
      await screenshot(page, 'quan-tri/duyet-kich-hoat-bi-tu-choi');

      await page.getByText('← Danh sách phiếu').click();
      await page.locator('tr', { hasText: SUBMITTED2 }).getByRole('button', { name: 'Xem và duyệt' }).click();
      await page.getByRole('button', { name: 'Trả lại phiếu…' }).click();
      const reason = 'Thiếu số điện thoại của cán bộ ở dòng 3; hãy bổ sung rồi nộp lại.';
      await confirm(page, 'Trả lại phiếu', reason);
      await page.locator('#admin-return-reason').waitFor();
      assert.equal(await cellText(page.locator('#admin-return-reason')), reason);
      await screenshot(page, 'quan-tri/duyet-tra-lai');

      const api = await apiAs(admin());
      const approved = await (await api.get(`/api/v1/campaigns/1/registrations/${SUBMITTED}`)).json();
      assert.equal(approved.status, 'sent_c06');
      const returned = await (await api.get(`/api/v1/campaigns/1/registrations/${SUBMITTED2}`)).json();
      assert.equal(returned.status, 'returned');
      assert.equal(returned.return_reason, reason);
      // The history names the admin.
      const history = await (await api.get(`/api/v1/campaigns/1/registrations/${SUBMITTED2}/history`)).json();
      assert.ok(history.items.some(c => c.action === 'return' && c.actor === `web:${admin()}` && c.reason === reason));
      // The one expected refusal (409 on activate) is not a 401/403/5xx.
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'tài khoản: tạm dừng một tài khoản với lý do (tìm không dấu), rồi mở lại; tải danh sách Excel',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/tai-khoan?dot=1');
      await page.getByPlaceholder(/Tìm tên, tài khoản/).fill('phan my diem');
      const row = page.locator('tr', { hasText: ACTIVE_ACCOUNT });
      await row.getByRole('button', { name: 'Tạm dừng' }).click();
      await confirm(page, 'Tạm dừng', 'Cán bộ nghỉ phép dài ngày');
      await page.locator('#admin-accounts-msg .notice.ok').waitFor();
      assert.equal(await cellText(row.locator('.badge')), 'Tạm dừng');
      await screenshot(page, 'quan-tri/tai-khoan-tam-dung');
      const api = await apiAs(admin());
      const list = await (await expectStatus(await api.get('/api/v1/campaigns/1/accounts'), 200)).json();
      const col = name => list.columns.indexOf(name);
      const acc = list.rows.find(a => a[col('login')] === ACTIVE_ACCOUNT);
      assert.equal(acc[col('status')], 'suspended');
      assert.equal(acc[col('status_reason')], 'Cán bộ nghỉ phép dài ngày');
      await row.getByRole('button', { name: 'Mở lại' }).click();
      await confirm(page, 'Mở lại');
      await page.locator('#admin-accounts-msg .notice.ok', { hasText: 'Đã mở lại' }).waitFor();
      const [dl] = await Promise.all([page.waitForEvent('download'), page.getByText('Tải danh sách (Excel .xlsx)').click()]);
      const bytes = fs.readFileSync(await dl.path());
      assert.ok(bytes.length > 0 && bytes.subarray(0, 2).toString() === 'PK', 'tệp Excel không phải ZIP');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    // issue 11 item 2: the official's CCCD set on an existing account, without a new import.
    name: 'tài khoản: ghi số CCCD của cán bộ — số sai báo như máy chủ, số đúng được lưu',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/tai-khoan?dot=1');
      await page.getByPlaceholder(/Tìm tên, tài khoản/).fill(ACTIVE_ACCOUNT);
      const row = page.locator('tr', { hasText: ACTIVE_ACCOUNT });
      await row.locator('.admin-cccd', { hasText: /CCCD 091\d{9}/ }).waitFor();
      await row.getByRole('button', { name: 'Số CCCD' }).click();
      const dlg = page.locator('dialog[open]');
      await dlg.locator('input[name=official_id]').fill('003085001111');
      await dlg.getByRole('button', { name: 'Lưu', exact: true }).click();
      await dlg.locator('.field-msg', { hasText: 'Mã tỉnh 003' }).waitFor();
      await dlg.locator('input[name=official_id]').fill('091190000009');
      await dlg.getByRole('button', { name: 'Lưu', exact: true }).click();
      await dlg.waitFor({ state: 'detached' });
      await page.locator('#admin-accounts-msg .notice.ok', { hasText: 'Đã ghi số CCCD 091190000009' }).waitFor();
      await row.locator('.admin-cccd', { hasText: 'CCCD 091190000009' }).waitFor();
      await screenshot(page, 'quan-tri/tai-khoan-cccd');
      const api = await apiAs(admin());
      const list = await (await expectStatus(await api.get('/api/v1/campaigns/1/accounts'), 200)).json();
      const col = name => list.columns.indexOf(name);
      const acc = list.rows.find(a => a[col('login')] === ACTIVE_ACCOUNT);
      assert.equal(acc[col('official_id')], '091190000009');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'công văn: xem trước nêu đúng số liệu 23/08/2021, tải DOCX (PK…); ô sai được đánh dấu và giữ nội dung đã gõ',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/cong-van?dot=2&ngay=2021-08-23');
      await page.locator('#letter-preview').waitFor();
      const text = await cellText(page.locator('#letter-preview'));
      assert.match(text, /182 công chức của 18 sở, ngành/);
      assert.match(text, /351 cán bộ, công chức, viên chức/);
      assert.match(text, /Hòn Đất/);
      assert.ok(await page.locator('#letter-appendix tbody tr').count() >= 4, 'phụ lục thiếu các huyện chưa đầy đủ');
      await page.fill('[name="signer"]', 'Nguyễn Văn Ký');
      await page.fill('[name="contact"]', 'ông Trần Nguyễn, chuyên viên, số điện thoại 0297 3 123 456');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#letter-docx').click()]);
      const bytes = fs.readFileSync(await dl.path());
      assert.ok(bytes.length > 1000, `DOCX quá nhỏ: ${bytes.length} byte`);
      assert.equal(bytes.subarray(0, 2).toString(), 'PK');
      assert.match(dl.suggestedFilename(), /\.docx$/);
      await screenshot(page, 'quan-tri/cong-van-xem-truoc');
      // Remembered for next time.
      const api = await apiAs(admin());
      const inputs = await (await api.get('/api/v1/campaigns/2/letters/reminder/inputs')).json();
      assert.equal(inputs.signer, 'Nguyễn Văn Ký');
      // A bad date: marked beside the field, the rest kept.
      await page.locator('[name="new_deadline"]').evaluate(i => { i.type = 'text'; i.value = '31/02/2021'; });
      await page.getByRole('button', { name: 'Xem trước nội dung' }).click();
      const msg = page.locator('[name="new_deadline"]').locator('xpath=ancestor::div[contains(@class,"field")]').locator('.field-msg');
      await msg.filter({ hasText: /không phải ngày hợp lệ/ }).waitFor();
      assert.equal(await page.inputValue('[name="signer"]'), 'Nguyễn Văn Ký');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'danh mục: tìm “go quao” (không dấu) thấy UBND huyện Gò Quao và các đơn vị của huyện',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/danh-muc');
      await page.getByPlaceholder(/Tìm tên, mã/).fill('go quao');
      const rows = page.locator('table.data tbody tr');
      await rows.filter({ hasText: 'UBND huyện Gò Quao' }).first().waitFor();
      assert.ok(await rows.count() > 10, 'chỉ thấy ít hơn 10 đơn vị của Gò Quao');
      assert.match(await cellText(page.locator('.pager-info')), /\/ 24 dòng/);
      await screenshot(page, 'quan-tri/danh-muc-go-quao');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'đợt đăng ký: lỗi ghi cạnh từng ô, rồi tạo đợt mới với các sở và một huyện',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/dot');
      await page.getByRole('button', { name: 'Tạo đợt đăng ký' }).click();
      await page.locator('#campaign-msg .notice.error').waitFor();
      const errs = await page.locator('#campaign-form .field-msg:not(:empty)').allTextContents();
      assert.ok(errs.length >= 3, `mong đợi lỗi ở tên, căn cứ, hạn chót: ${errs}`);
      await page.fill('[name="name"]', 'Đợt bổ sung tháng 9/2021');
      await page.fill('[name="basis"]', 'Công văn số 6359/VP-HCC ngày 23/8/2021 của Văn phòng UBND tỉnh');
      await page.fill('[name="open_date"]', '2021-09-01');
      await page.fill('[name="deadline"]', '2021-09-30');
      for (const k of ['huyen', 'phong', 'xa']) await page.locator(`[name="target_kinds"][value="${k}"]`).uncheck();
      await page.fill('[name="target_codes"]', '000.00.38.H33');
      await page.getByRole('button', { name: 'Tạo đợt đăng ký' }).click();
      await page.locator('#campaign-msg .notice.ok').waitFor();
      assert.match(await cellText(page.locator('#campaign-msg')), /24 đơn vị phải đăng ký/);
      await page.locator('#admin-campaigns tr', { hasText: 'Đợt bổ sung tháng 9/2021' }).waitFor();
      await screenshot(page, 'quan-tri/dot-moi');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'người dùng: thêm đầu mối (mật khẩu hiện một lần), cấp lại mật khẩu, khóa',
    fn: async () => {
      const { page, w } = await adminPage('/quan-tri/nguoi-dung');
      await page.fill('[name="login"]', 'daumoi.goquao');
      await page.fill('[name="display_name"]', 'Trần Văn Quao');
      await page.selectOption('[name="role"]', 'focal');
      await page.selectOption('[name="unit_code"]', '000.00.38.H33');
      await page.getByRole('button', { name: 'Thêm người dùng' }).click();
      await page.locator('#user-add-msg .notice.ok').waitFor();
      const first = await cellText(page.locator('#admin-new-password'));
      assert.match(first, /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
      const row = page.locator('#admin-users tr', { hasText: 'daumoi.goquao' });
      await row.getByRole('button', { name: 'Cấp lại mật khẩu' }).click();
      await confirm(page, 'Cấp mật khẩu mới');
      await page.locator('#users-msg .notice.ok').waitFor();
      assert.notEqual(await cellText(page.locator('#users-msg #admin-new-password')), first);
      await row.getByRole('button', { name: 'Khóa', exact: true }).click();
      await confirm(page, 'Khóa');
      await page.locator('#admin-users tr', { hasText: 'daumoi.goquao' }).locator('.badge', { hasText: 'Đã khóa' }).waitFor();
      await screenshot(page, 'quan-tri/nguoi-dung-them-khoa');
      const api = await apiAs(admin());
      const users = await (await api.get('/api/v1/users')).json();
      const u = users.items.find(x => x.login === 'daumoi.goquao');
      assert.equal(u.disabled, true);
      assert.equal(u.unit_code, '000.00.38.H33');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'mọi trang quản trị mở được, không lỗi JavaScript/CSP/API, có ảnh chụp',
    fn: async () => {
      const problems = [];
      const context = await contextAs(admin());
      for (const [path, name] of PAGES) {
        const page = await context.newPage();
        const w = watch(page);
        await goto(page, path);
        await page.locator('#content').getByText('Đang', { exact: false }).filter({ hasText: /^Đang (tải|tính)/ })
          .waitFor({ state: 'detached' }).catch(() => {});
        await screenshot(page, `quan-tri/trang-${name}`);
        problems.push(...w.problems().map(p => `${path}: ${p}`));
        await page.close();
      }
      assert.deepEqual(problems, []);
    },
  },
];
